"""Runs over many books: completion order, --format jsonl streaming, a Dask cluster, and a
start that imports only what the command needs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from xlbudget.bulk import BulkError, run_all
from xlbudget.check.run import check

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
BOOKS = [*sorted(SAMPLES.glob("*.xlsx")), *sorted((SAMPLES / "published").glob("*.xlsx"))]


def cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "xlbudget", *args], capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, "COLUMNS": "100"})


def slow_square(n: int) -> int:
    time.sleep(0.4 if n == 0 else 0.0)
    return n * n


def test_results_come_as_books_complete_and_none_is_lost() -> None:
    done = list(run_all(slow_square, list(range(8)), jobs=2))
    assert sorted(done) == [n * n for n in range(8)]
    assert done[0] != 0  # the slow first item did not hold back the others


def test_jsonl_streams_one_object_per_book_in_any_order(tmp_path: Path) -> None:
    run = cli("check", *map(str, BOOKS), "--format", "jsonl", "--jobs", "2")
    lines = run.stdout.splitlines()
    assert len(lines) == len(BOOKS)
    entries = [json.loads(line) for line in lines]
    assert sorted(e["path"] for e in entries) == sorted(str(b) for b in BOOKS)
    single = json.loads(cli("check", str(BOOKS[0]), "--format", "json").stdout)["files"][0]
    assert next(e for e in entries if e["path"] == str(BOOKS[0])) == single
    assert run.returncode == (1 if any(e["counts"]["error"] for e in entries) else 0)


def test_json_document_keeps_the_order_given() -> None:
    books = list(reversed(BOOKS))
    document = json.loads(cli("check", *map(str, books), "--format", "json", "--jobs",
                              "2").stdout)
    assert [entry["path"] for entry in document["files"]] == [str(b) for b in books]


def test_version_is_quick_and_plain() -> None:
    from xlbudget import __version__

    run = cli("--version")
    assert run.returncode == 0 and run.stdout.strip() == f"xlbudget {__version__}"


def test_a_clean_book_is_checked_without_pandas_or_scipy() -> None:
    probe = ("import sys; from xlbudget.check.run import check; "
             f"r = check({str(SAMPLES / 'park-2024.xlsx')!r}); "
             "assert not [f for f in r.findings if f.severity.value == 'error'], r.findings; "
             "print(sorted(m for m in ('pandas', 'pandera', 'scipy', 'openpyxl') "
             "if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_an_unreachable_scheduler_is_one_line_exit_2() -> None:
    pytest.importorskip("distributed")
    run = cli("check", str(BOOKS[0]), "--scheduler", "tcp://127.0.0.1:9", "--lang", "en")
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "127.0.0.1:9" in run.stderr and len(run.stderr.strip().splitlines()) == 1


def test_a_dask_cluster_gives_the_same_findings(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    try:
        with pytest.raises(BulkError):  # a scheduler nobody answers at: a clear error
            list(run_all(lambda n: n, [1], scheduler="tcp://127.0.0.1:9"))
        for book in BOOKS:
            shutil.copyfile(book, tmp_path / book.name)
        local = json.loads(cli("check", str(tmp_path), "--format", "json").stdout)
        remote = json.loads(cli("check", str(tmp_path), "--format", "json", "--scheduler",
                                cluster.scheduler_address).stdout)
        assert remote == local
        assert sorted(r.path.name for r in run_all(check, sorted(tmp_path.iterdir()),
                                                    scheduler=cluster.scheduler_address)) \
            == sorted(b.name for b in BOOKS)
    finally:
        cluster.close()
