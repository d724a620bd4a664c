"""Properties over random consistent budgets (xlbudget.synthetic, driven by hypothesis):
write → read is the identity, fix is idempotent, a fixed book has no derivable error, and no
entered value is lost."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlbudget.check.findings import Severity
from xlbudget.check.run import check
from xlbudget.fix.run import fix_file
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


@EXAMPLES
@given(seed=seeds, items=sizes, name=profiles, cell=st.integers(0, 10**6),
       delta=st.integers(1, 10**6))
def test_fix_repairs_a_broken_sum_and_is_idempotent(tmp_path: Path, seed: int, items: int,
                                                   name: str, cell: int, delta: int) -> None:
    original = budget(seed, profile(name), items)
    table = original.tables[3]
    subtotals = [r for r in table.block_rows("main") if r.is_total or len(r.code or "") < 7]
    broken = subtotals[cell % len(subtotals)]
    column = ("total", "basic", "project")[cell % 3]
    broken.amounts[column] = broken.amount(column) + Decimal(delta) / 100
    source = write_budget(original, tmp_path / "broken.xlsx").path
    first = fix_file((source, tmp_path / "once" / "x.xlsx"))
    assert first.after.get("error", 0) == 0, first.remaining
    assert len(first.changes) >= 1
    second = fix_file((first.target, tmp_path / "twice" / "x.xlsx"))  # type: ignore[arg-type]
    assert second.changes == []
    once = read_workbook(first.target).budget  # type: ignore[arg-type]
    twice = read_workbook(second.target).budget  # type: ignore[arg-type]
    assert digest(once) == digest(twice)
    # every value that was entered (all but the broken cell) is still there
    fixed = digest(once)
    for number, rows in digest(budget(seed, profile(name), items)).items():
        assert fixed[number] == rows
