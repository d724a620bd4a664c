"""No input reaches an internal error: hostile cell values and broken containers made from
correct books (tests/fuzz/mutate.py), driven by hypothesis.

Invariants, for every case: ``check`` gives findings or one sentence why the file cannot be
read — never the internal-error guard; the input file is untouched; a bad amount is an
``R.amount`` finding at its cell and the rest of the book is still checked; ``fix`` of a
readable case writes a book that re-checks with no more errors than before and keeps the bad
value where it was typed. CI runs a fixed-seed subset (profile ``ci``, the default) in about a
minute; ``make fuzz`` runs the ``long`` profile (HYPOTHESIS_PROFILE=long).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlbudget import fix
from xlbudget.check.run import Report, check

from .mutate import BASES, CONTAINERS, VALUES, Case, amount_cells, build, where

INTERNAL = "内部错误"  # the last guard's words (check.run.check): no case may reach it
settings.register_profile("ci", max_examples=40, derandomize=True, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "2000")),
                          deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

BAD_AMOUNTS = {"nan", "inf", "-inf", "huge", "digits", "bool", "error", "text", "long"}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _case(kinds: tuple[str, ...]) -> st.SearchStrategy[Case]:
    return st.builds(Case, st.sampled_from(BASES), st.sampled_from(kinds),
                     st.integers(min_value=0, max_value=10_000))


def _checked(case: Case, work: Path) -> tuple[Path, Report]:
    path = build(case, work / f"{case.kind}.xlsx")
    before = _digest(path)
    report = check(path)
    assert _digest(path) == before, "check changed its input"
    if report.unreadable is not None:
        assert INTERNAL not in report.unreadable.zh, (case, report.unreadable.zh)
        assert report.unreadable.zh and report.unreadable.en
    return path, report


@given(_case(tuple(VALUES)))
def test_a_hostile_value_is_a_finding_or_a_sentence(case: Case) -> None:
    with tempfile.TemporaryDirectory() as work:
        _, report = _checked(case, Path(work))
        if report.unreadable is not None:
            return
        cell = where(case)
        if case.kind in BAD_AMOUNTS and cell in amount_cells(case.base):
            found = [f for f in report.findings if cell in f.cells]
            assert [f.rule for f in found if f.rule == "R.amount"] == ["R.amount"], (case, found)
            assert report.tables  # the rest is still checked


@given(_case(CONTAINERS))
def test_a_broken_container_is_a_finding_or_a_sentence(case: Case) -> None:
    with tempfile.TemporaryDirectory() as work:
        _checked(case, Path(work))


@settings(max_examples=12 if os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci" else 200)
@given(_case(("nan", "inf", "huge", "digits", "error", "bool", "text", "formula-uncached")))
def test_fix_keeps_what_it_cannot_correct_and_adds_no_error(case: Case) -> None:
    with tempfile.TemporaryDirectory() as work:
        path, report = _checked(case, Path(work))
        if report.unreadable is not None:
            return
        before = _digest(path)
        outcome = fix(path, Path(work) / "fixed.xlsx")
        assert _digest(path) == before, "fix changed its input"
        assert outcome.unreadable is None or INTERNAL not in outcome.unreadable[0], outcome
        if outcome.unreadable is None:
            assert outcome.after["error"] <= outcome.before["error"], case


PDF = BASES[0].parents[1] / "tests" / "data" / "shanghai" / "pdf" / "putuo-wanli-2025-bumen.pdf"


@settings(max_examples=10 if os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci" else 300)
@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)),
                min_size=1, max_size=40),
       st.sampled_from(("flip", "cut")))
def test_a_damaged_pdf_is_read_or_refused_in_one_sentence(changes: list[tuple[int, int]],
                                                          how: str) -> None:
    data = bytearray(PDF.read_bytes())
    if how == "cut":
        data = data[: changes[0][0] % len(data)]
    else:
        for offset, value in changes:
            data[offset % len(data)] = value
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "damaged.pdf"
        path.write_bytes(bytes(data))
        report = check(path)
        if report.unreadable is not None:
            assert INTERNAL not in report.unreadable.zh, report.unreadable.zh
