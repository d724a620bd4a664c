"""fix of a book saved as .xls or .ods: openpyxl cannot write those back, so the fixed book is
written as .xlsx beside it (or into -o), the original is left as it was, and the summary says
so. LibreOffice converts it when installed (formatting kept); without it, the values are."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from xlbudget.fix import convert
from xlbudget.fix.run import FixJob, fix_file, targets

FORMATS = Path(__file__).resolve().parents[2] / "samples" / "formats"
office = pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")


def typo_fixed(outcome) -> bool:  # type: ignore[no-untyped-def]
    return any(c.cell == "表5!F9" and str(c.after) == "39.65" for c in outcome.changes)


@office
@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_in_place_writes_an_xlsx_beside_and_keeps_the_original(tmp_path: Path, kind: str
                                                               ) -> None:
    source = tmp_path / f"book.{kind}"
    shutil.copyfile(FORMATS / f"typo-004.{kind}", source)
    before = source.read_bytes()
    run = subprocess.run([sys.executable, "-m", "xlbudget", "fix", str(source), "--in-place"],
                         capture_output=True, text=True, timeout=300,
                         env={**os.environ, "COLUMNS": "300"})
    assert source.read_bytes() == before
    written = tmp_path / "book.xlsx"
    assert written.is_file() and "已另存为" in run.stdout and "LibreOffice" in run.stdout
    sheet = openpyxl.load_workbook(written)["表5"]
    assert sheet["F9"].value == pytest.approx(39.65)
    assert sheet["F9"].comment is not None  # the change is marked, as on an .xlsx


@office
def test_an_existing_xlsx_beside_is_kept_as_bak(tmp_path: Path) -> None:
    source = tmp_path / "book.xls"
    shutil.copyfile(FORMATS / "typo-004.xls", source)
    (tmp_path / "book.xlsx").write_bytes(b"an older copy")
    outcome = fix_file(FixJob(source, targets([source], [source], None, True)[0][1]))
    assert outcome.converted == convert.LIBREOFFICE and typo_fixed(outcome)
    assert (tmp_path / "book.xlsx.bak").read_bytes() == b"an older copy"


def test_without_libreoffice_the_values_are_converted(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(convert.shutil, "which", lambda name: None)  # a machine without it
    outcome = fix_file((FORMATS / "typo-004.xls", tmp_path / "out" / "book.xlsx"))
    assert outcome.unreadable is None and outcome.converted == convert.VALUES
    assert typo_fixed(outcome)
    assert outcome.after["error"] < outcome.before["error"]


def test_in_place_refuses_when_the_xlsx_beside_is_another_input(tmp_path: Path) -> None:
    from xlbudget.fix.run import PlanError

    pair = [tmp_path / "book.xls", tmp_path / "book.xlsx"]
    with pytest.raises(PlanError):
        targets(pair, pair, None, True)
