"""The real client: LibreOffice opens our workbooks, recalculates every formula to the values we
cached, and prints them to PDF. Runs wherever soffice is installed (CI installs it)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from conftest import SAMPLES
from libreoffice import convert
from xlbudget.spec.profiles import profile
from xlbudget.write.template import write_template

pytestmark = pytest.mark.libreoffice
MONEY = Decimal("0.000001")  # finest precision a 万元 figure carries (1 元)


def _formula_cells(path: Path) -> dict[tuple[str, str], Decimal]:
    formulas = openpyxl.load_workbook(path)
    values = openpyxl.load_workbook(path, data_only=True)
    out = {}
    for sheet in formulas.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cached = values[sheet.title][cell.coordinate].value
                    out[(sheet.title, cell.coordinate)] = Decimal(str(cached or 0))
    return out


def _recalculated(path: Path, out: Path, lo_profile: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(convert(path, "xlsx", out, lo_profile), data_only=True)


def _assert_recalculates_to_cached(path: Path, tmp_path: Path, lo_profile: Path) -> int:
    ours = _formula_cells(path)
    theirs = _recalculated(path, tmp_path / "lo", lo_profile)
    for (sheet, address), cached in ours.items():
        recalculated = Decimal(str(theirs[sheet][address].value or 0)).quantize(MONEY)
        assert recalculated == cached.quantize(MONEY), f"{path.name} {sheet}!{address}"
    return len(ours)


def test_harness_really_recalculates(tmp_path: Path, lo_profile: Path) -> None:
    """A deliberately wrong cached value must come back corrected, or the proofs prove nothing."""
    path = tmp_path / "wrong.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("s")
    sheet.write_number(0, 0, 1.25)
    sheet.write_number(1, 0, 2.5)
    sheet.write_formula(2, 0, "=SUM(A1:A2)", None, 999)
    book.close()
    assert _recalculated(path, tmp_path / "lo", lo_profile)["s"]["A3"].value == 3.75


@pytest.mark.parametrize("name", ["unit-2024", "dept-2025+t4-carryover+t89-nosplit"])
def test_template_recalculates_to_cached_values(name: str, tmp_path: Path,
                                                lo_profile: Path) -> None:
    path = write_template(tmp_path / f"{name}.xlsx", profile(name), "测试单位").path
    assert _assert_recalculates_to_cached(path, tmp_path, lo_profile) > 300


@pytest.mark.parametrize("name", SAMPLES)
def test_samples_recalculate_to_cached_values(root: Path, name: str, tmp_path: Path,
                                              lo_profile: Path) -> None:
    path = root / "samples" / f"{name}.xlsx"
    assert _assert_recalculates_to_cached(path, tmp_path, lo_profile) > 100


def test_template_and_sample_print_to_pdf(root: Path, tmp_path: Path, lo_profile: Path) -> None:
    for path in (root / "templates" / "unit-2024.xlsx", root / "samples" / "park-2024.xlsx"):
        pdf = convert(path, "pdf", tmp_path / "pdf", lo_profile)
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF")
        # One A4 landscape page (842 × 595 pt) per table at least, plus the input sheets.
        assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) >= 11
        boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", data))
        assert boxes and all(float(w) > float(h) and round(float(w)) == 842 for w, h in boxes)


@pytest.mark.parametrize("name", ["published/004.xlsx", "park-2024.xlsx"])
def test_regenerated_workbooks_recalculate_to_cached_values(root: Path, name: str,
                                                            tmp_path: Path,
                                                            lo_profile: Path) -> None:
    from xlbudget.fix.run import FixJob, fix_file

    outcome = fix_file(FixJob(root / "samples" / name, tmp_path / "fixed" / Path(name).name,
                              to_template=True))
    assert outcome.target is not None and outcome.after.get("error", 0) == 0
    assert _assert_recalculates_to_cached(outcome.target, tmp_path, lo_profile) > 100
    pdf = convert(outcome.target, "pdf", tmp_path / "pdf", lo_profile)
    assert pdf.read_bytes().startswith(b"%PDF")


def _typo(source: Path, target: Path, sheet: str, address: str, value: float) -> Path:
    import openpyxl

    book = openpyxl.load_workbook(source)
    book[sheet][address] = value
    book.save(target)
    return target


@pytest.mark.parametrize(("name", "sheet", "address", "value"), [
    ("park-2024.xlsx", "表3", "F10", 3168.9),  # own format: every total a formula
    ("published/002.xlsx", "表3", "F16", 242.5),  # the published layout: values only
])
def test_patched_workbooks_open_and_their_totals_recalculate_to_ours(
        root: Path, name: str, sheet: str, address: str, value: float, tmp_path: Path,
        lo_profile: Path) -> None:
    """fix patches the user's own book; LibreOffice opens the result, recalculates every
    formula to the result xlbudget saved, and every amount it shows is the one xlbudget
    reads."""
    from xlbudget.fix.run import FixJob, fix_file
    from xlbudget.read.workbook import read_workbook

    source = _typo(root / "samples" / name, tmp_path / "typo.xlsx", sheet, address, value)
    outcome = fix_file(FixJob(source, tmp_path / "fixed" / "typo.xlsx"))
    assert outcome.target is not None and len(outcome.changes) == 1
    assert outcome.after.get("error", 0) == 0
    _assert_recalculates_to_cached(outcome.target, tmp_path, lo_profile)
    shown = _recalculated(outcome.target, tmp_path / "lo2", lo_profile)
    ours = read_workbook(outcome.target).budget
    for table in ours.tables.values():
        for rows in table.rows.values():
            for row in rows:
                for column, ref in row.cells.items():
                    if column in row.amounts:
                        s, _, a = ref.partition("!")
                        seen = Decimal(str(shown[s][a].value or 0)).quantize(MONEY)
                        assert seen == row.amounts[column].quantize(MONEY), ref
    assert convert(outcome.target, "pdf", tmp_path / "pdf", lo_profile).read_bytes().startswith(
        b"%PDF")


def test_annotated_copy_opens_and_recalculates(root: Path, tmp_path: Path,
                                               lo_profile: Path) -> None:
    from xlbudget.check.run import check
    from xlbudget.write.annotate import annotate

    source = root / "samples" / "industry-bureau-2024.xlsx"  # own format: formulas
    target = tmp_path / "annotated.xlsx"
    annotate(source, check(source).findings, target)
    # openpyxl keeps formulas but drops cached values; LibreOffice must recompute them to the
    # values the original workbook cached.
    ours = _formula_cells(source)
    theirs = _recalculated(target, tmp_path / "lo", lo_profile)
    for (sheet, address), cached in ours.items():
        value = Decimal(str(theirs[sheet][address].value or 0)).quantize(MONEY)
        assert value == cached.quantize(MONEY), f"{sheet}!{address}"
    assert convert(target, "pdf", tmp_path / "pdf", lo_profile).read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("name", ["sh-unit-2026", "sh-dept-2026"])
def test_shanghai_template_opens_recalculates_and_prints_its_titles(name: str, tmp_path: Path,
                                                                     lo_profile: Path) -> None:
    """The 上海 blank book in the real client: every formula recalculates to what we cached, and
    the printed pages carry the nine titles with their year and the units 元 / 万元."""
    import shutil
    import subprocess

    chosen = profile(name)
    path = write_template(tmp_path / f"{name}.xlsx", chosen, "上海市某某单位").path
    assert _assert_recalculates_to_cached(path, tmp_path, lo_profile) > 20
    pdf = convert(path, "pdf", tmp_path / "pdf", lo_profile)
    assert pdf.read_bytes().startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = re.sub(r"\s+", "", text)
    for number in range(1, 10):
        assert re.sub(r"\s+", "", chosen.title(number)) in flat, chosen.title(number)
    assert "单位：元" in flat and "单位：万元" in flat


@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_a_shanghai_book_saved_as_xls_or_ods_gives_the_same_findings(
        root: Path, fmt: str, tmp_path: Path, lo_profile: Path) -> None:
    from xlbudget.check.run import check

    source = root / "tests" / "data" / "shanghai" / "books" / "putuo-wanli-2024-bumen.xlsx"
    other = convert(source, fmt, tmp_path / fmt, lo_profile)
    ours, theirs = check(source), check(other)
    assert theirs.profile == ours.profile == "sh-dept-2024"
    assert [(f.rule, f.cells, f.expected, f.actual) for f in theirs.findings] == \
        [(f.rule, f.cells, f.expected, f.actual) for f in ours.findings]
