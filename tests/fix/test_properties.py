"""Properties over random consistent budgets (xlbudget.synthetic, driven by hypothesis):
write → read is the identity; one changed cell is restored by fix exactly when the tables
determine it, and otherwise nothing changes; fix of a fixed book changes nothing."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlbudget.check.findings import Severity
from xlbudget.check.run import check
from xlbudget.fix.run import FixJob, fix_file
from xlbudget.model import Budget
from xlbudget.read.workbook import read_workbook
from xlbudget.spec.profiles import profile
from xlbudget.synthetic import budget
from xlbudget.write.workbook import write_budget

PROFILES = ["unit-2024", "dept-2025", "unit-2024+t2-15+t89-nosplit+no-t11",
            "dept-2024+t4-carryover"]
EXAMPLES = settings(max_examples=12, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
seeds = st.integers(min_value=0, max_value=10**6)
sizes = st.integers(min_value=1, max_value=25)
profiles = st.sampled_from(PROFILES)


def digest(book: Budget) -> dict[int, list[tuple[object, ...]]]:
    return {n: [(r.code, r.name, r.project, r.is_total,
                 {k: v for k, v in r.amounts.items() if v})
                for b in t.spec.blocks for r in t.block_rows(b.key)
                if r.is_total or r.code or r.key or r.amounts]
            for n, t in book.tables.items()}


@EXAMPLES
@given(seed=seeds, items=sizes, name=profiles)
def test_write_then_read_gives_the_same_budget(tmp_path: Path, seed: int, items: int,
                                              name: str) -> None:
    original = budget(seed, profile(name), items)
    path = write_budget(original, tmp_path / f"{seed}.xlsx").path
    result = read_workbook(path)
    assert result.budget.profile == original.profile
    assert digest(result.budget) == digest(original)
    errors = [f for f in check(path).findings if f.severity is Severity.ERROR]
    assert errors == []


def typed_amounts(path: Path) -> list[tuple[str, str, float]]:
    """(sheet, cell, value) of every typed non-zero amount of the table sheets (not formulas)."""
    book = openpyxl.load_workbook(path)
    return [(sheet.title, c.coordinate, float(c.value)) for sheet in book.worksheets
            if sheet.title.startswith("表") for row in sheet.iter_rows(min_row=5) for c in row
            if isinstance(c.value, int | float) and not isinstance(c.value, bool) and c.value]


def values(path: Path) -> dict[str, object]:
    book = openpyxl.load_workbook(path)
    return {f"{s.title}!{c.coordinate}": c.value for s in book.worksheets
            if s.title.startswith("表") for row in s.iter_rows() for c in row
            if c.value is not None}


@EXAMPLES
@given(seed=seeds, items=sizes, name=profiles, pick=st.integers(0, 10**6),
       factor=st.sampled_from([10, 0.1, 2]))
def test_fix_restores_the_one_changed_cell_or_changes_nothing(
        tmp_path: Path, seed: int, items: int, name: str, pick: int, factor: float) -> None:
    original = write_budget(budget(seed, profile(name), items), tmp_path / "good.xlsx").path
    cells = typed_amounts(original)
    sheet, address, value = cells[pick % len(cells)]
    broken = tmp_path / "broken.xlsx"
    book = openpyxl.load_workbook(original)
    book[sheet][address] = round(value * factor, 2)
    book.save(broken)
    outcome = fix_file(FixJob(broken, tmp_path / "out" / "x.xlsx"))
    assert outcome.target is not None, outcome.unreadable
    before, after = values(original), values(outcome.target)
    differing = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    where = f"{sheet}!{address}"
    if outcome.changes:  # determined: exactly that cell, back to its value, and clean
        assert [(c.cell, float(c.after)) for c in outcome.changes] == [(where, value)]
        assert differing == set() and outcome.after.get("error", 0) == 0
    else:  # not determined: nothing changed, and it is left for a person
        assert differing == {where} and outcome.refused


@EXAMPLES
@given(seed=seeds, items=sizes, name=profiles)
def test_fix_of_a_fixed_book_changes_nothing(tmp_path: Path, seed: int, items: int,
                                             name: str) -> None:
    source = write_budget(budget(seed, profile(name), items), tmp_path / "good.xlsx").path
    first = fix_file(FixJob(source, tmp_path / "once" / "x.xlsx"))
    second = fix_file(FixJob(first.target, tmp_path / "twice" / "x.xlsx"))  # type: ignore
    assert first.changes == second.changes == []
    assert values(first.target) == values(second.target) == values(source)  # type: ignore
