"""Benchmark: xlbudget check against openpyxl loading the same files, in the same run.

    python bench/check_speed.py [N]      # default N = 100

Builds N workbooks by copying the bundled samples (own format and published layout), then
prints: openpyxl load time (the baseline: load_workbook with default settings), check time with
--jobs 1 and --jobs 2 (through the library's bulk runner, in worker processes as the CLI does),
their ratios, and peak memory of a check run against N (in fresh processes).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "samples").glob("*.xlsx")) + sorted(
    (ROOT / "samples" / "published").glob("*.xlsx"))


def corpus(directory: Path, count: int) -> list[Path]:
    files = []
    for index in range(count):
        source = SOURCES[index % len(SOURCES)]
        target = directory / f"{index:04d}-{source.name}"
        shutil.copyfile(source, target)
        files.append(target)
    return files


def timed(function, *args) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def load_all(files: list[Path]) -> None:
    import openpyxl

    for path in files:
        openpyxl.load_workbook(path).close()


def check_all(files: list[Path], jobs: int) -> None:
    from xlbudget.bulk import check_all as run

    for _ in run(files, jobs):
        pass


PEAK = """
import resource, sys
from pathlib import Path
from xlbudget.bulk import check_all
files = sorted(Path(sys.argv[1]).glob("*.xlsx"))[: int(sys.argv[2])]
for _ in check_all(files, 1):
    pass
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_kib(directory: Path, count: int) -> int:
    result = subprocess.run([sys.executable, "-c", PEAK, str(directory), str(count)],
                            capture_output=True, text=True, check=True)
    return int(result.stdout.strip())


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with tempfile.TemporaryDirectory() as tmp:
        files = corpus(Path(tmp), count)
        check_all(files[:2], 1)  # import and warm up once, as a long run would
        load = min(timed(load_all, files) for _ in range(2))
        jobs1 = min(timed(check_all, files, 1) for _ in range(2))
        jobs2 = min(timed(check_all, files, 2) for _ in range(2))
        memory = {n: peak_kib(Path(tmp), n) for n in sorted({max(1, count // 4), count // 2,
                                                             count})}
    figures = {
        "files": count,
        "openpyxl_load_s": round(load, 3),
        "check_jobs1_s": round(jobs1, 3),
        "check_jobs2_s": round(jobs2, 3),
        "check_over_load_jobs1": round(jobs1 / load, 2),
        "check_over_load_jobs2": round(jobs2 / load, 2),
        "jobs2_speedup": round(jobs1 / jobs2, 2),
        "per_file_ms_jobs1": round(jobs1 / count * 1000, 1),
        "peak_rss_kib_by_files": memory,
    }
    print(json.dumps(figures, indent=2))
    print(f"check --jobs 1 = {figures['check_over_load_jobs1']}× openpyxl load "
          f"(target ≤ 1.5×); --jobs 2 is {figures['jobs2_speedup']}× faster (target ≥ 1.5×)")


if __name__ == "__main__":
    main()
