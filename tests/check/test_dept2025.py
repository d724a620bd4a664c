"""The stand-in for a real 2025 部门 publication (tests/data/dept2025: its layout and its ten
known faults, synthetic amounts; README there): every fault reported at its own cell with the
value it should hold, nothing else an error, the clean twin with no error, and fix putting the
seven amount faults back and leaving the code faults to a person."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from xlbudget.check.findings import Severity
from xlbudget.check.run import check
from xlbudget.fix.run import FixJob, fix_file

DATA = Path(__file__).resolve().parents[1] / "data" / "dept2025"
MANIFEST = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))
FAULTS = MANIFEST["faults"]


def _errors(path: Path) -> list[tuple[str, str | None, str | None]]:
    report = check(path)
    assert report.unreadable is None, report.unreadable
    return [(f.cells[0] if f.cells else "", f.expected, f.actual) for f in report.findings
            if f.severity is Severity.ERROR]


def test_the_clean_book_has_no_error() -> None:
    report = check(DATA / MANIFEST["clean"])
    assert report.profile == "dept-2025"
    assert sorted(report.tables) == list(range(1, 12))
    assert [f.rule for f in report.findings if f.severity is not Severity.INFO] == [
        "R.column_blank", "R.column_blank"]  # 表11's two 合计 columns printed but not filled


def test_each_of_the_ten_faults_is_one_error_at_its_cell_with_its_true_value() -> None:
    found = _errors(DATA / MANIFEST["book"])
    wanted = [(f"{f['sheet']}!{f['cell']}", f["expected"]) for f in FAULTS]
    assert sorted((cell, expected) for cell, expected, _ in found) == sorted(wanted)


@pytest.mark.parametrize("fault", [f for f in FAULTS if f["kind"] == "code"],
                         ids=lambda f: f["cell"])
def test_a_malformed_code_says_the_code_its_place_means(fault: dict[str, str]) -> None:
    found = {cell: (expected, actual) for cell, expected, actual in
             _errors(DATA / MANIFEST["book"])}
    assert found[f"{fault['sheet']}!{fault['cell']}"] == (fault["expected"], fault["actual"])


def test_fix_restores_the_amounts_and_touches_nothing_else(tmp_path: Path) -> None:
    outcome = fix_file(FixJob(DATA / MANIFEST["book"], tmp_path / "fixed.xlsx"))
    changed = {c.cell: c.after for c in outcome.changes}
    amounts = {f"{f['sheet']}!{f['cell']}": Decimal(f["expected"]) for f in FAULTS
               if f["kind"] not in ("code", "structure")}
    assert changed == amounts


def test_the_books_are_what_their_script_makes_and_verify_proves_them() -> None:
    """make.py rebuilds both books byte for byte, and verify.py — its own openpyxl reader, not
    xlbudget — proves the clean book consistent and each fault determined by the tables."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, str(DATA / "verify.py")], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
