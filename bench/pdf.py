"""Benchmark: reading published PDFs — xlbudget's check of each PDF against pdfplumber's bare
extraction of the same file (every page's tables and text), both in this run.

    python bench/pdf.py [PDF …]   (default: the six real 上海 publications,
                                   tests/data/shanghai/pdf)

Prints pages, pdfplumber's pages per second, xlbudget's (read + every rule + the printed 说明
checked) and their ratio, by median of 3 runs per file.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bare(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.extract_text()
        return len(pdf.pages)


def _median(job, path: Path) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(3):
        start = time.perf_counter()
        job(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    from xlbudget import check

    files = [Path(a) for a in sys.argv[1:]] or sorted(
        (ROOT / "tests/data/shanghai/pdf").glob("*.pdf"))
    total_pages = total_bare = total_ours = 0.0
    print(f"{'file':40} {'pages':>5} {'pdfplumber p/s':>15} {'xlbudget p/s':>13} {'ratio':>6}")
    for path in files:
        pages = _bare(path)
        bare, ours = _median(_bare, path), _median(check, path)
        total_pages += pages
        total_bare += bare
        total_ours += ours
        print(f"{path.name[:40]:40} {pages:5d} {pages / bare:15.1f} {pages / ours:13.1f} "
              f"{ours / bare:6.2f}×")
    print(f"{'all':40} {int(total_pages):5d} {total_pages / total_bare:15.1f} "
          f"{total_pages / total_ours:13.1f} {total_ours / total_bare:6.2f}×   "
          f"({total_ours / len(files):.2f} s per book)")


if __name__ == "__main__":
    main()
