"""Run check over many workbooks: file discovery, a process pool, results in input order."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from xlbudget.check import Report, check

SUFFIXES = {".xlsx", ".xlsm"}


def collect(paths: list[Path]) -> list[Path]:
    """Files as given, and every workbook under a directory (recursively, sorted). Office lock
    files (``~$…``) and hidden files are skipped."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(
                p for p in path.rglob("*")
                if p.suffix.lower() in SUFFIXES and p.is_file()
                and not p.name.startswith(("~$", ".")))
            )
        else:
            found.append(path)
    return found


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def check_all(files: list[Path], jobs: int = 1,
              progress: Callable[[Report], None] | None = None) -> Iterator[Report]:
    """Reports in the order of ``files``; ``jobs`` > 1 checks in worker processes."""
    if jobs <= 1 or len(files) <= 1:
        for path in files:
            report = check(path)
            if progress:
                progress(report)
            yield report
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for report in pool.map(check, files, chunksize=max(1, len(files) // (jobs * 8))):
            if progress:
                progress(report)
            yield report
