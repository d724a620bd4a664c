"""Benchmark: xlbudget check against openpyxl loading the same files, in the same run.

    python bench/check_speed.py [N] [BIG_N] [--typos K]   # defaults 100, 1000 (0: no big run), 30

Builds the review corpus of bench/corpora.py (even books correct copies of the samples and
published layouts, odd books published layouts with typed-in typos and swapped 项 names, so
findings, schemas and localisation all run), then prints:

- the baseline: ``openpyxl.load_workbook`` with default settings on every file;
- check with --jobs 1 and --jobs 2 (the library's bulk runner, worker processes as the CLI
  uses them), their ratios to the baseline (target ≤ 0.5) and the speed-up of two jobs
  (target ≥ 1.6 on this two-core machine);
- peak memory of a check run against the number of files (fresh processes: it should stay flat);
- BIG_N books checked with --jobs 2, wall time (target ≤ 30 s for 1,000).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import review


def timed(function, *args) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def load_all(files: list[Path]) -> None:
    import openpyxl

    for path in files:
        openpyxl.load_workbook(path).close()


def check_all(files: list[Path], jobs: int) -> int:
    """Check every file; the number of findings (so the work cannot be skipped)."""
    from xlbudget.bulk import run_all
    from xlbudget.check.run import check

    return sum(len(report.findings) for report in run_all(check, files, jobs))


PEAK = """
import resource, sys
from pathlib import Path
from xlbudget.bulk import run_all
from xlbudget.check.run import check
files = sorted(Path(sys.argv[1]).glob("*.xlsx"))[: int(sys.argv[2])]
for _ in run_all(check, files, 1):
    pass
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_kib(directory: Path, count: int) -> int:
    result = subprocess.run([sys.executable, "-c", PEAK, str(directory), str(count)],
                            capture_output=True, text=True, check=True)
    return int(result.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=100)
    parser.add_argument("big", nargs="?", type=int, default=1000)
    parser.add_argument("--typos", type=int, default=30, help="typos per book with errors")
    options = parser.parse_args()
    count, big, typos = options.count, options.big, options.typos
    with tempfile.TemporaryDirectory() as tmp:
        files = review(Path(tmp) / "review", count, typos)
        check_all(files[:2], 1)  # import and warm up once, as a long run would
        load = min(timed(load_all, files) for _ in range(2))
        jobs1 = min(timed(check_all, files, 1) for _ in range(2))
        jobs2 = min(timed(check_all, files, 2) for _ in range(2))
        findings = check_all(files, 2)
        memory = {n: peak_kib(Path(tmp) / "review", n)
                  for n in sorted({max(1, count // 4), count // 2, count})}
        figures: dict[str, object] = {
            "files": count,
            "typos_per_noisy_book": typos,
            "findings": findings,
            "openpyxl_load_s": round(load, 3),
            "check_jobs1_s": round(jobs1, 3),
            "check_jobs2_s": round(jobs2, 3),
            "check_over_load_jobs1": round(jobs1 / load, 2),
            "check_over_load_jobs2": round(jobs2 / load, 2),
            "jobs2_speedup": round(jobs1 / jobs2, 2),
            "per_file_ms_jobs1": round(jobs1 / count * 1000, 1),
            "peak_rss_kib_by_files": memory,
        }
        if big:
            many = review(Path(tmp) / "big", big, typos)
            start = time.perf_counter()
            check_all(many, 2)
            figures[f"check_{big}_jobs2_s"] = round(time.perf_counter() - start, 1)
    print(json.dumps(figures, indent=2))
    print(f"check --jobs 1 = {figures['check_over_load_jobs1']}× openpyxl load "
          f"(target ≤ 0.5×); --jobs 2 is {figures['jobs2_speedup']}× faster (target ≥ 1.6×)")
    if big:
        print(f"{big} books, --jobs 2: {figures[f'check_{big}_jobs2_s']} s (target ≤ 30 s)")


if __name__ == "__main__":
    main()
