"""Benchmark: a province's books in one run — half correct, half heavy — against openpyxl.

    python bench/province.py [N] [--jobs 2] [--clean FILE] [--heavy FILE] [--source DIR]

N books (default 1,000) in a temporary folder: even ones copies of a correct book (default
samples/published/002.xlsx), odd ones copies of a heavy one (default the stand-in for the 2025
部门 publication, tests/data/dept2025/dept-2025.xlsx: a foreign layout — one code column, text
amounts, a two-sided 表4 — with ten faults; the build of 4a4e85e reports about a hundred
findings on it). Prints, all measured in this run:

- the baseline: ``openpyxl.load_workbook`` of every file, one process;
- ``xlbudget check`` over the folder with ``--jobs`` worker processes (the library's bulk
  runner, as the CLI uses it): wall time, its ratio to the baseline, findings per kind of book;
- one heavy and one clean book in process, by median of 5 (ms).

``--source DIR`` imports xlbudget from ``DIR/toolkit`` (a clone of an earlier commit) to measure
an older build the same way. Target (issue 22): 1,000 books in at most 30 s with ``--jobs 2``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load_all(files: list[Path]) -> float:
    import openpyxl

    start = time.perf_counter()
    for path in files:
        openpyxl.load_workbook(path).close()
    return time.perf_counter() - start


def _in_process(path: Path) -> tuple[float, int]:
    from xlbudget.check.run import check

    times = []
    for _ in range(5):
        start = time.perf_counter()
        report = check(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, len(report.findings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--clean", type=Path, default=ROOT / "samples/published/002.xlsx")
    parser.add_argument("--heavy", type=Path,
                        default=ROOT / "tests/data/dept2025/dept-2025.xlsx")
    parser.add_argument("--source", help="import xlbudget from DIR/toolkit")
    args = parser.parse_args()
    if args.source:
        sys.path.insert(0, str(Path(args.source) / "toolkit"))
    import xlbudget
    from xlbudget.bulk import run_all
    from xlbudget.check.run import check

    print(f"xlbudget from {Path(xlbudget.__file__).parent}; {args.count} books, "
          f"--jobs {args.jobs}")
    heavy_ms, heavy_findings = _in_process(args.heavy)
    clean_ms, clean_findings = _in_process(args.clean)
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for index in range(args.count):
            source = args.clean if index % 2 == 0 else args.heavy
            target = Path(tmp) / f"{index:05d}-{source.name}"
            shutil.copyfile(source, target)
            files.append(target)
        load = _load_all(files)
        start = time.perf_counter()
        findings = sum(len(report.findings) for report in run_all(check, files, args.jobs))
        wall = time.perf_counter() - start
    print(f"  openpyxl load, 1 process      {load:7.1f} s")
    print(f"  xlbudget check, --jobs {args.jobs}      {wall:7.1f} s   "
          f"= {wall / load:.2f}× the load   (target ≤ 30 s for 1,000)")
    print(f"  findings                      {findings:7d}   "
          f"(heavy book {heavy_findings}, clean book {clean_findings})")
    print(f"  in process, median of 5       heavy {heavy_ms:.0f} ms, clean {clean_ms:.0f} ms")


if __name__ == "__main__":
    main()
