"""Run a job over many workbooks: file discovery, a process pool, results in input order."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TypeVar

from xlbudget.check.run import Report, check

# .xls/.ods/.xlsb are collected too, so that a folder run says "save as .xlsx" for each one
# instead of passing over it in silence.
SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}
T = TypeVar("T")
R = TypeVar("R")


def collect(paths: list[Path]) -> list[Path]:
    """Files as given, and every workbook under a directory (recursively, sorted). Office lock
    files (``~$…``), hidden files and xlbudget's ``.bak`` copies are skipped."""
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


def run_all(job: Callable[[T], R], items: list[T], jobs: int = 1,
            progress: Callable[[R], None] | None = None) -> Iterator[R]:
    """``job`` over ``items``, results in input order; ``jobs`` > 1 runs worker processes
    (``job`` must then be a module-level function)."""
    if jobs <= 1 or len(items) <= 1:
        results: Iterator[R] = map(job, items)
    else:
        pool = ProcessPoolExecutor(max_workers=jobs)
        results = pool.map(job, items, chunksize=max(1, min(16, len(items) // (jobs * 8))))
    try:
        for result in results:
            if progress:
                progress(result)
            yield result
    finally:
        if jobs > 1 and len(items) > 1:
            pool.shutdown(cancel_futures=True)


def check_all(files: list[Path], jobs: int = 1,
              progress: Callable[[Report], None] | None = None) -> Iterator[Report]:
    return run_all(check, files, jobs, progress)
