"""Run a job over many workbooks: find the files, run the job on each, and stream the results
as the books complete — in this process, in a pool of worker processes, or on a Dask cluster.

The job is one module-level function of one item (``check``, ``fix_file``), so the same
function runs wherever the book goes. Results come in completion order and are dropped by the
caller once printed; the pool keeps only a few books per worker in flight, so memory stays
flat however many books a province sends.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from pathlib import Path
from typing import TypeVar

# .xls/.ods/.xlsb are collected too: python-calamine reads them.
SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb", ".pdf"}
IN_FLIGHT = 4  # books queued per worker: enough to keep it busy, few enough to stay small
# A check allocates many small objects that all die with the book. The default threshold (700)
# runs a collection every few hundred of them and a full one ever more often as the heap grows:
# about a quarter of a heavy book's time. Workers collect less often, and never scan what was
# loaded at import (gc.freeze).
GC_THRESHOLD = (50_000, 20, 100)
T = TypeVar("T")
R = TypeVar("R")


class BulkError(RuntimeError):
    """The run itself failed (a worker died, the cluster cannot be reached); zh and en."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


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
            progress: Callable[[R], None] | None = None,
            scheduler: str | None = None) -> Iterator[R]:
    """``job`` over ``items``, results in completion order. ``jobs`` > 1 runs worker processes;
    ``scheduler`` (``tcp://host:8786``) runs on that Dask cluster. ``job`` must then be a
    module-level function (it is sent to the workers by reference)."""
    if scheduler:
        results: Iterable[R] = _on_cluster(job, items, scheduler)
    elif jobs <= 1 or len(items) <= 1:
        results = map(job, items)
    else:
        results = _in_pool(job, items, jobs)
    for result in results:
        if progress:
            progress(result)
        yield result


def tune_gc() -> None:
    """Collect garbage as a batch run needs (see GC_THRESHOLD); for a worker process or a CLI
    run, never for a library caller's process."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


def _in_pool(job: Callable[[T], R], items: list[T], jobs: int) -> Iterator[R]:
    queue = iter(items)
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(items)), initializer=tune_gc)
    try:
        pending: set[Future[R]] = {pool.submit(job, item)
                                   for item in islice(queue, jobs * IN_FLIGHT)}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            pending |= {pool.submit(job, item) for item in islice(queue, len(done))}
            for future in done:
                yield future.result()
    except BrokenProcessPool as exc:
        raise BulkError("工作进程意外退出（内存不足或被终止），本次运行已中止",
                        "a worker process died (out of memory or killed): the run stopped"
                        ) from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _on_cluster(job: Callable[[T], R], items: list[T], address: str) -> Iterator[R]:
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise BulkError("使用 --scheduler 需要安装 Dask：pip install 'xlbudget[dask]'",
                        "--scheduler needs Dask: pip install 'xlbudget[dask]'") from None
    try:
        client = Client(address, timeout="10s")  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise BulkError(f"无法连接 Dask 调度器 {address}：{exc}",
                        f"cannot reach the Dask scheduler {address}: {exc}") from None
    with client:
        futures = client.map(job, items, pure=False)
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            yield future.result()
            future.release()
