"""The reader on xlbudget's own workbooks: profiles detected, every value back in place."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import SAMPLES
from xlbudget.check.reading import read_findings
from xlbudget.read.safety import UnreadableError
from xlbudget.read.transcription import load_budget, load_json
from xlbudget.read.workbook import read_workbook
from xlbudget.spec.profiles import profile
from xlbudget.text import fold
from xlbudget.write.template import write_template


def _without_profile_property(source: Path, target: Path) -> Path:
    """The same workbook as another tool would save it: no xlbudget custom property."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            if item.filename != "docProps/custom.xml":
                new.writestr(item, old.read(item.filename))
    return target


@pytest.mark.parametrize("name", ["unit-2024", "dept-2025", "unit-2024+t4-carryover",
                                  "dept-2024+t2-15+t89-nosplit+no-t11",
                                  "unit-2025+t4-carryover+no-t11"])
def test_profile_is_detected_from_the_tables_themselves(name: str, tmp_path: Path) -> None:
    written = write_template(tmp_path / "t.xlsx", profile(name), "某单位").path
    assert read_workbook(written).budget.profile == profile(name)  # from our property
    bare = _without_profile_property(written, tmp_path / "bare.xlsx")
    detected = read_workbook(bare).budget.profile
    # The year of a blank template is not written anywhere but the property: compare the rest.
    assert (detected.level, detected.options) == (profile(name).level, profile(name).options)


def _digest(budget):  # type: ignore[no-untyped-def]
    return {
        number: [(row.code, fold(row.name), row.project, row.is_total,
                  {k: v for k, v in row.amounts.items() if v != 0})
                 for block in table.spec.blocks for row in table.block_rows(block.key)
                 if not row.is_blank or row.is_total]
        for number, table in budget.tables.items()
    }


@pytest.mark.parametrize("name", SAMPLES)
def test_own_samples_read_back_as_transcribed(root: Path, name: str) -> None:
    expected = load_budget(load_json(root / "samples" / "sources" / f"{SAMPLES[name]}.json"))
    result = read_workbook(root / "samples" / f"{name}.xlsx")
    assert result.budget.profile == expected.profile
    assert result.budget.unit_name == expected.unit_name
    assert _digest(result.budget) == _digest(expected)
    assert not read_findings(result)


@pytest.mark.parametrize("name", SAMPLES)
def test_published_layout_reads_as_the_own_format(root: Path, name: str) -> None:
    own = read_workbook(root / "samples" / f"{name}.xlsx").budget
    published = read_workbook(root / "samples" / "published" / f"{SAMPLES[name]}.xlsx").budget
    assert _digest(published) == _digest(own)


def test_provenance_points_at_the_cell(root: Path) -> None:
    budget = read_workbook(root / "samples" / "published" / "002.xlsx").budget
    row = next(r for r in budget.tables[3].body() if r.code == "2010301")
    assert (row.cells["basic"], row.amounts["basic"]) == ("表3!F8", Decimal("635.21"))
    total = budget.tables[1].total("income")
    assert total is not None and total.cells["income_amount"] == "表1!B36"


def test_not_a_workbook_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(UnreadableError) as caught:
        read_workbook(path)
    assert "not a spreadsheet workbook" in caught.value.en
