"""Published PDFs read like workbooks: the six real 上海 publications (tests/data/shanghai/pdf/)
give each book's profile, its nine tables and the same findings as the book rebuilt as a
workbook, with their own 说明 checked in the same run; a book with a planted slip, printed to
PDF by LibreOffice, gets the slip at its printed cell; a PDF that cannot be read says why in one
sentence."""

from __future__ import annotations

import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from libreoffice import convert, soffice
from xlbudget import check
from xlbudget.bulk import collect
from xlbudget.check.findings import Finding, Severity
from xlbudget.check.run import check as check_workbook
from xlbudget.cli import app

DATA = Path(__file__).parents[1] / "data" / "shanghai"
PDFS = sorted((DATA / "pdf").glob("*.pdf"))
PLANTED = json.loads((DATA / "books" / "planted" / "manifest.json").read_text(encoding="utf-8"))


def _key(finding: Finding) -> tuple[str, str, str | None, str | None]:
    return finding.rule, str(finding.severity), finding.expected, finding.actual


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_a_published_pdf_reads_as_its_workbook(pdf: Path) -> None:
    book = check_workbook(DATA / "books" / f"{pdf.stem}.xlsx")
    printed = check_workbook(pdf)
    assert printed.unreadable is None
    assert printed.profile == book.profile and printed.tables == list(range(1, 10))
    assert Counter(map(_key, printed.findings)) == Counter(map(_key, book.findings))
    assert all(c.startswith("p") and "!" in c for f in printed.findings for c in f.cells)


def test_the_narrative_a_pdf_prints_is_checked_in_the_same_run() -> None:
    report = check(DATA / "pdf" / "putuo-wanli-2023-bumen.pdf")
    growth = [f for f in report.findings if f.rule == "N.growth"]
    assert len(growth) == 2 and "314.82%" in growth[0].message_zh + growth[1].message_zh
    welfare = check(DATA / "pdf" / "putuo-shehuifuliyuan-2024-danwei.pdf")
    assert {f.rule for f in welfare.findings if f.rule.startswith("N.")} == {"N.amount",
                                                                             "N.reason"}


def test_a_folder_run_takes_pdfs_beside_workbooks(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes((DATA / "pdf" / "putuo-wanli-2025-bumen.pdf").read_bytes())
    (tmp_path / "b.xlsx").write_bytes((DATA / "books" / "synthetic-1.xlsx").read_bytes())
    assert [p.name for p in collect([tmp_path])] == ["a.pdf", "b.xlsx"]
    result = CliRunner().invoke(app, ["check", str(tmp_path), "--jobs", "1"])
    assert "a.pdf" in result.output and "[sh-dept-2025]" in result.output


@pytest.mark.parametrize("index", [2, 9, 17])  # a slip in 表5, 表4, 表8
def test_a_slip_printed_to_pdf_is_found_at_its_cell_with_its_value(
        index: int, tmp_path: Path) -> None:
    soffice()
    planted = PLANTED[index]
    book = DATA / "books" / "planted" / planted["file"]
    pdf = convert(book, "pdf", tmp_path / "out", tmp_path / "profile")
    report = check_workbook(pdf)
    assert Counter(map(_key, report.findings)) == Counter(map(_key, check_workbook(book).findings))
    assert report.tables == list(range(1, 10))
    errors = [f for f in report.findings if f.severity is Severity.ERROR]
    # The slip's cell is the root cause, in the unit the table prints (元 for 表1–8).
    assert any(f.actual is not None and f.expected is not None
               and Decimal(f.actual) == Decimal(planted["actual"])
               and Decimal(f.expected) == Decimal(planted["expected"]) for f in errors), errors


def _minimal_pdf(content: bytes = b"") -> bytes:
    """A one-page PDF whose page draws ``content`` (nothing: a page with no text layer)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)


@pytest.mark.parametrize(("content", "words"), [
    (_minimal_pdf(), "没有文字层"),
    ((DATA / "pdf" / "putuo-wanli-2025-bumen.pdf").read_bytes()[:40000], "已损坏"),
    (b"%PDF-1.7\n" + b"\x00" * 200, "已损坏"),
])
def test_a_pdf_that_cannot_be_read_says_why(content: bytes, words: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    report = check_workbook(path)
    assert report.unreadable is not None and words in report.unreadable.zh
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 2 and words in result.output and "Traceback" not in result.output


def test_a_password_protected_pdf_says_so(tmp_path: Path) -> None:
    soffice()
    options = ('pdf:calc_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
               '"DocumentOpenPassword":{"type":"string","value":"secret"}}')
    pdf = convert(DATA / "books" / "synthetic-1.xlsx", options, tmp_path / "out",
                  tmp_path / "profile")
    report = check_workbook(pdf)
    assert report.unreadable is not None and "密码" in report.unreadable.zh


def test_import_writes_a_pdf_into_the_standard_template(tmp_path: Path) -> None:
    import openpyxl

    pdf = DATA / "pdf" / "putuo-wanli-2025-bumen.pdf"
    target = tmp_path / "导入.xlsx"
    result = CliRunner().invoke(app, ["import", str(pdf), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(target).sheetnames[:9] == [f"表{n}" for n in range(1, 10)]
    imported, printed = check_workbook(target), check_workbook(pdf)
    assert imported.profile == printed.profile == "sh-dept-2025"
    assert Counter(map(_key, imported.findings)) == Counter(map(_key, printed.findings))
    again = CliRunner().invoke(app, ["import", str(pdf), "-o", str(target)])
    assert again.exit_code == 2  # never over a file without --force


def test_fix_of_a_pdf_writes_the_corrected_book_in_the_template(tmp_path: Path) -> None:
    soffice()
    planted = PLANTED[9]  # 表4 总计 digits transposed
    pdf = convert(DATA / "books" / "planted" / planted["file"], "pdf", tmp_path / "out",
                  tmp_path / "profile")
    from xlbudget import fix

    outcome = fix(pdf, tmp_path / "fixed.xlsx")
    assert outcome.target is not None and outcome.unreadable is None
    assert [(str(c.before), str(c.after)) for c in outcome.changes] == [
        (str(Decimal(planted["actual"]) / 10000), str(Decimal(planted["expected"]) / 10000))]
    assert outcome.after.get("error", 0) == 0


def test_a_xinjiang_book_printed_to_pdf_reads_as_the_book(tmp_path: Path) -> None:
    """Its input sheets print as untitled tables after 表11: each is a grid of its own, not
    rows of 表11."""
    soffice()
    book = Path(__file__).parents[2] / "samples" / "park-2024.xlsx"
    pdf = convert(book, "pdf", tmp_path / "out", tmp_path / "profile")
    printed, original = check_workbook(pdf), check_workbook(book)
    assert printed.profile == original.profile == "unit-2024"
    assert printed.tables == original.tables
    assert Counter(map(_key, printed.findings)) == Counter(map(_key, original.findings))


PUBLISHED = Path(__file__).parents[2] / "samples" / "published"
PAPERS = {"a4": (9, "portrait"), "a4-landscape": (9, "landscape"), "a5": (11, "portrait"),
          "a3": (8, "portrait")}


def _same_findings(printed: list[Finding], book: list[Finding]) -> None:
    """The same findings; a name the print cut at its cell's edge may show as printed."""
    left = Counter(map(_key, book))
    for finding in printed:
        key = _key(finding)
        if left[key] == 0:
            key = next((k for k in left if left[k] and k[:3] == key[:3] and k[3] and key[3]
                        and k[3].startswith(key[3])), key)
        assert left[key] > 0, (finding, book)
        left[key] -= 1
    assert not +left, +left


def _printed_on(book: Path, paper: str, out: Path) -> Path:
    """``book`` with every sheet set to ``paper``, as LibreOffice prints it."""
    import openpyxl

    size, orientation = PAPERS[paper]
    workbook = openpyxl.load_workbook(book)
    for sheet in workbook.worksheets:
        sheet.page_setup.paperSize, sheet.page_setup.orientation = size, orientation
    copy = out / f"{book.stem}-{paper}.xlsx"
    workbook.save(copy)
    return copy


@pytest.mark.parametrize(("name", "paper"), [("004", "a4"), ("000", "a5"),
                                             ("002", "a4-landscape"), ("004", "a3")])
def test_a_wide_published_layout_printed_reads_as_the_workbook(
        name: str, paper: str, tmp_path: Path) -> None:
    """A 新疆 published layout too wide for the paper prints its further columns on pages of
    their own (down the rows, then across), with long names run on over the page edge or cut
    at their cell's: those pages go beside the rows they continue, and the book gives the
    workbook's findings at the cells the pages print."""
    soffice()
    book = _printed_on(PUBLISHED / f"{name}.xlsx", paper, tmp_path)
    pdf = convert(book, "pdf", tmp_path / "out", tmp_path / "profile")
    printed, original = check_workbook(pdf), check_workbook(book)
    assert printed.unreadable is None
    assert printed.profile == original.profile and printed.tables == original.tables
    _same_findings(printed.findings, original.findings)
    assert all(re.fullmatch(r"p\d+![A-Z]+\d+", c) for f in printed.findings for c in f.cells)


def test_a_slip_in_a_column_printed_across_is_found_on_its_page(tmp_path: Path) -> None:
    """A typo in a column only the second page across prints (表2's 单位资金 of 004 on A4) is
    found with its value, named by that page and its place there."""
    import openpyxl

    soffice()
    workbook = openpyxl.load_workbook(PUBLISHED / "004.xlsx")
    original = check_workbook(PUBLISHED / "004.xlsx")
    sheet, cell = _cell_of(PUBLISHED / "004.xlsx", 2, "2011301", "unit_funds")
    workbook[sheet][cell] = 432.81  # 432.18 typed with two digits swapped
    book = tmp_path / "004-slip.xlsx"
    workbook.save(book)
    pdf = convert(book, "pdf", tmp_path / "out", tmp_path / "profile")
    printed, typed = check_workbook(pdf), check_workbook(book)
    _same_findings(printed.findings, typed.findings)
    new = [f for f in printed.findings if _key(f) not in set(map(_key, original.findings))]
    slip = next(f for f in new if f.actual == "432.81")
    assert slip.expected == "432.18" and re.fullmatch(r"p(3|4|5)!\w+", slip.cells[0])


def _cell_of(book: Path, number: int, code: str, column: str) -> tuple[str, str]:
    from xlbudget.read.workbook import read_workbook

    table = read_workbook(book).budget.tables[number]
    row = next(r for rows in table.rows.values() for r in rows if r.code == code)
    sheet, cell = row.cells[column].split("!")
    return sheet.strip("'"), cell


def test_a_page_across_names_its_cells_from_its_own_first_column() -> None:
    from xlbudget.read.pdf import PdfGrid

    # a table printed on four pages: rows 1–30 and 31–50, columns 1–6 and 7–10
    grid = PdfGrid("PDF", {(1, 1): "表2"}, blocks=[(1, 1, 2), (31, 1, 3), (1, 7, 4), (31, 7, 5)])
    assert grid.cell_ref(5, 2) == "p2!B5"
    assert grid.cell_ref(5, 8) == "p4!B5"
    assert grid.cell_ref(35, 8) == "p5!B5"
    assert grid.cell_ref(35, 6) == "p3!F5"


def test_a_label_cut_at_its_cell_edge_is_its_row_only_when_cut() -> None:
    from xlbudget.read.rows import _fixed_match
    from xlbudget.spec.model import FixedRow

    row = FixedRow("vehicles", "公务用车购置及运行费", aliases=("公务用车购置及运行维护费",))
    assert _fixed_match(row, "公务用车购置及", cut=True)
    assert not _fixed_match(row, "公务用车购置及")  # a label typed short is not the row's
    assert not _fixed_match(row, "公务接待费", cut=True)


def test_the_json_of_a_pdf_says_each_cell_s_page_row_and_column() -> None:
    pdf = DATA / "pdf" / "putuo-wanli-2023-bumen.pdf"
    result = CliRunner().invoke(app, ["check", str(pdf), "--format", "json"])
    findings = json.loads(result.output)["files"][0]["findings"]
    assert findings
    for finding in findings:
        assert len(finding["places"]) == len(finding["cells"])
        for cell, place in zip(finding["cells"], finding["places"], strict=True):
            page, ref = cell[1:].split("!")
            assert place["page"] == int(page) and ref.endswith(str(place["row"]))
            assert ref.startswith(chr(64 + place["column"])) or place["column"] > 26
    book = CliRunner().invoke(app, ["check", str(DATA / "books" / f"{pdf.stem}.xlsx"),
                                    "--format", "json"])
    assert all("places" not in f for f in json.loads(book.output)["files"][0]["findings"])
