"""Benchmark check and fix on a generated corpus, against openpyxl loading the same files.

    python bench/fix_speed.py [N] [BIG_N]     # defaults 100 and 1000

Prints, for N workbooks: openpyxl load time (baseline, same run), check and fix time with
--jobs 1 and --jobs 2 and their ratios to the baseline; for BIG_N workbooks: check and fix
wall time with --jobs 2 (targets: ≤ 60 s and ≤ 120 s for 1,000); and peak memory of a fix run
against the number of files (fresh processes)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_speed import load_all, timed
from corpora import build

from xlbudget.bulk import run_all
from xlbudget.check.run import check
from xlbudget.fix.run import fix_file


def check_run(files: list[Path], jobs: int) -> None:
    for _ in run_all(check, files, jobs):
        pass


def fix_run(pairs: list[tuple[Path, Path]], jobs: int) -> None:
    for outcome in run_all(fix_file, pairs, jobs):
        assert outcome.unreadable is None, outcome.unreadable


PEAK = """
import resource, sys
from pathlib import Path
from xlbudget.bulk import run_all
from xlbudget.fix.run import fix_file
files = sorted(Path(sys.argv[1]).glob("*.xlsx"))[: int(sys.argv[2])]
out = Path(sys.argv[3])
for _ in run_all(fix_file, [(f, out / f.name) for f in files], 1):
    pass
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    big = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = build(root / "corpus", count)
        pairs = [(f, root / "out" / f.name) for f in files]
        check_run(files[:2], 1)  # imports and warm-up, as in a long run
        figures: dict[str, object] = {"files": count}
        load = timed(load_all, files)
        for jobs in (1, 2):
            figures[f"check_jobs{jobs}_s"] = round(timed(check_run, files, jobs), 2)
            figures[f"fix_jobs{jobs}_s"] = round(timed(fix_run, pairs, jobs), 2)
        figures["openpyxl_load_s"] = round(load, 2)
        for job in ("check", "fix"):
            one, two = figures[f"{job}_jobs1_s"], figures[f"{job}_jobs2_s"]
            figures[f"{job}_over_load_jobs1"] = round(one / load, 2)  # type: ignore[operator]
            figures[f"{job}_jobs2_speedup"] = round(one / two, 2)  # type: ignore[operator]
        memory = {}
        for n in sorted({max(1, count // 4), count // 2, count}):
            result = subprocess.run([sys.executable, "-c", PEAK, str(root / "corpus"), str(n),
                                     str(root / f"mem{n}")], capture_output=True, text=True,
                                    check=True)
            memory[n] = int(result.stdout.strip())
        figures["fix_peak_rss_kib_by_files"] = memory
        if big:
            many = build(root / "big", big)
            figures[f"check_{big}_jobs2_s"] = round(timed(check_run, many, 2), 1)
            figures[f"fix_{big}_jobs2_s"] = round(
                timed(fix_run, [(f, root / "bigout" / f.name) for f in many], 2), 1)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
