"""Same findings whichever way a book is read: python-calamine or openpyxl for an .xlsx, and the
same book saved by LibreOffice as .xls and .ods (``samples/formats``, made by its ``make.py``).

A reviewer receives .xls from WPS and older budget systems every day: a correct book must check
clean in any format, and a book with a typo must give exactly the same root cause.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from corpus.exports import EXPORT_VARIANTS
from variants import VARIANTS
from xlbudget.check.findings import Finding, Severity
from xlbudget.check.run import check

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
FORMATS = SAMPLES / "formats"
BOOKS = [*sorted(SAMPLES.glob("*.xlsx")), *sorted((SAMPLES / "published").glob("*.xlsx")),
         *sorted(FORMATS.glob("*.xlsx"))]


def key(findings: list[Finding]) -> list[tuple[object, ...]]:
    return sorted((f.rule, str(f.severity), f.table, f.cells, f.expected, f.actual)
                  for f in findings)


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


@pytest.mark.parametrize("book", BOOKS, ids=lambda p: p.name)
def test_calamine_and_openpyxl_give_the_same_findings(book: Path) -> None:
    fast, full = check(book), check(book, engine="openpyxl")
    assert fast.unreadable is None and full.unreadable is None
    assert key(fast.findings) == key(full.findings)


@pytest.mark.parametrize(("name", "variant", "base"), [*VARIANTS[::3], *EXPORT_VARIANTS[::3]],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_engines_agree_on_other_layouts(tmp_path: Path, name: str, variant, base: str) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / f"{name}.xlsx"
    variant(SAMPLES / "published" / base, target)
    assert key(check(target).findings) == key(check(target, engine="openpyxl").findings)


@pytest.mark.parametrize("kind", ["xls", "ods"])
@pytest.mark.parametrize("name", ["city-office-2024", "park-2024"])
def test_a_correct_book_saved_as_xls_or_ods_checks_clean(name: str, kind: str) -> None:
    report = check(FORMATS / f"{name}.{kind}")
    assert report.unreadable is None
    assert errors(report.findings) == []
    assert key(report.findings) == key(check(SAMPLES / f"{name}.xlsx").findings)


@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_a_book_with_a_misnamed_code_says_so_in_every_format(kind: str) -> None:
    name = "industry-bureau-2024"  # 表5 201 printed as 一般公共预算支出
    report = check(FORMATS / f"{name}.{kind}")
    assert [f.rule for f in errors(report.findings)] == ["T5.name"]
    assert key(report.findings) == key(check(SAMPLES / f"{name}.xlsx").findings)


@pytest.mark.parametrize("kind", ["xls", "ods"])
@pytest.mark.parametrize("name", ["typo-park", "typo-004"])
def test_a_typo_gives_the_same_findings_in_every_format(name: str, kind: str) -> None:
    original = check(FORMATS / f"{name}.xlsx")
    base = {"typo-park": SAMPLES / "park-2024.xlsx", "typo-004": SAMPLES / "published" / "004.xlsx"}
    typo = [f for f in errors(original.findings) if f not in errors(check(base[name]).findings)]
    assert len(typo) == 1 and typo[0].expected is not None  # the typo, by root cause
    assert key(check(FORMATS / f"{name}.{kind}").findings) == key(original.findings)


def test_a_book_renamed_to_the_wrong_suffix_is_read_by_its_content(tmp_path: Path) -> None:
    renamed = tmp_path / "book.xlsx"
    shutil.copyfile(FORMATS / "typo-004.xls", renamed)
    assert key(check(renamed).findings) == key(check(FORMATS / "typo-004.xlsx").findings)


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9])
def test_a_truncated_xls_is_one_clear_line_exit_2(tmp_path: Path, cut: float) -> None:
    import subprocess
    import sys

    data = (FORMATS / "typo-004.xls").read_bytes()
    broken = tmp_path / "broken.xls"
    broken.write_bytes(data[: int(len(data) * cut)])
    run = subprocess.run([sys.executable, "-m", "xlbudget", "check", str(broken), "--lang", "en"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr + run.stdout
    assert len(run.stderr.strip().splitlines()) == 1 and "broken.xls" in run.stderr
