"""Splitting a group's localisation into parts (check/parts) gives the group's answer.

The split is only taken when a bound proves it exact; these tests compare it with solving the
whole group on books with many typos at once, and show what it adds: two independent ties are
two small candidate lists, not four combined repairs.
"""

from __future__ import annotations

import random
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from check.test_localise import fig, same
from corpus.typos import detail_cells
from xlbudget.check import localise as localising
from xlbudget.check.figures import Context
from xlbudget.check.localise import Localisation, localise
from xlbudget.check.parts import reach, split
from xlbudget.check.program import Problem
from xlbudget.check.run import judge_rules
from xlbudget.model import Link
from xlbudget.read.workbook import read_workbook

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
D = Decimal


def summary(found: Localisation) -> tuple[object, ...]:
    return (sorted((c.cell, c.actual, c.expected) for c in found.causes),
            sorted(sorted(a.candidates) for a in found.ambiguities),
            sorted(i.rule + i.subject_en for i in found.unlocalised))


def whole(identities: list, links: dict) -> Localisation:  # type: ignore[type-arg]
    """Localise without the split: every group solved whole, as before."""
    saved = localising._localise_parts
    localising._localise_parts = lambda problem, result: False  # type: ignore[assignment]
    try:
        return localise(identities, links)
    finally:
        localising._localise_parts = saved


def identities_of(path: Path) -> tuple[list, dict]:  # type: ignore[type-arg]
    budget = read_workbook(path).budget
    judged, _ = judge_rules(Context(budget))
    return [identity for identity, _ in judged], budget.formulas


def typoed(source: Path, target: Path, seed: int, count: int) -> Path:
    shutil.copyfile(source, target)
    book = openpyxl.load_workbook(target)
    rng = random.Random(seed)
    for sheet, cell, amount in rng.sample(detail_cells(book), count):
        book[sheet][cell].value = float(amount * 10)
    book.save(target)
    return target


@pytest.mark.parametrize("seed", range(6))
def test_split_gives_the_whole_groups_answer(tmp_path: Path, seed: int) -> None:
    source = sorted((SAMPLES / "published").glob("*.xlsx"))[seed % 3]
    book = typoed(source, tmp_path / "book.xlsx", seed, 3 + seed)
    identities, links = identities_of(book)
    assert any(not i.holds for i in identities)
    taken: list[bool] = []
    saved = localising._localise_parts

    def spy(problem: Problem, result: Localisation) -> bool:
        taken.append(saved(problem, result))
        return taken[-1]

    localising._localise_parts = spy  # type: ignore[assignment]
    try:
        split_answer = localise(identities, links)
    finally:
        localising._localise_parts = saved
    assert True in taken  # the split was proved exact and used
    assert summary(split_answer) == summary(whole(identities, links))


def test_two_independent_ties_are_two_candidate_lists() -> None:
    def pair(prefix: str) -> list:  # type: ignore[type-arg]
        # a total agreeing with another table; its two parts compared with nothing else
        return [same("T1.income", fig((f"{prefix}17", "10.00")),
                     fig((f"{prefix}18", "3.00"), (f"{prefix}19", "8.00"))),
                same("X.T1-T2", fig((f"{prefix}17", "10.00")), fig((f"T2!{prefix}32", "10.00")))]

    joined = same("X.join", fig(("B32", "1.00")), fig(("C32", "1.00")))  # one group
    found = localise([*pair("B"), *pair("C"), joined])
    assert sorted(a.candidates for a in found.ambiguities) == [("B18", "B19"), ("C18", "C19")]


def test_a_stale_formula_is_not_split() -> None:
    link = Link("F7", (("F8", D(1)), ("F9", D(1))), D(0), (("F8", D("1.20")), ("F9", D("2.00"))))
    identities = [same("T3.hier", fig(("F7", "3.00")), fig(("F8", "1.20"), ("F9", "2.00")))]
    assert split(Problem.of(identities, {"F7": link})) is None


def test_reach_follows_formulas_to_their_inputs() -> None:
    link = Link("F7", (("F8", D(1)), ("F9", D(1))), D(0), (("F8", D(1)), ("F9", D(2))))
    ident = same("X", fig(("F7", "3")), fig(("T2!F7", "3")))
    assert reach(ident, {"F7": link}) == {"F7": 1, "F8": 1, "F9": 1, "T2!F7": -1}
