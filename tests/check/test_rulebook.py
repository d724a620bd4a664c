"""Every rule, triggered by a mutation of a valid sample (tests/mutations.py).

A mutation's new findings are the mutant's findings minus the base's, compared as multisets of
(rule, severity, cells); each is reduced to (rule, severity, one involved cell) and the sorted
list must equal the record's ``expect`` exactly. A root-cause finding stands for the broken
identities it explains, so it is compared as its consequences — and it must name the changed
cell itself. The target rule's finding must name the changed cell.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from mutations import DELETE, MUTATIONS, READER_RULES, Mutation, apply
from xlbudget.check.findings import Finding, Kind
from xlbudget.check.rulebook import rules as region_rules
from xlbudget.check.run import check
from xlbudget.spec.regions import default_region

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SEVERITIES = {"error", "warning", "info"}

Key = tuple[str, str, tuple[str, ...]]
_BASE: dict[str, Counter[Key]] = {}  # base sample → its findings, checked once per session


def _key(finding: Finding) -> Key:
    return (finding.rule, str(finding.severity), finding.cells)


def expanded(findings: list[Finding]) -> list[Finding]:
    """Root causes (and ambiguities) replaced by the rule findings they explain, a structural
    finding followed by them, each once (two causes can break the same identity)."""
    out: dict[int, Finding] = {}
    for finding in findings:
        own = () if finding.kind in (Kind.CAUSE, Kind.AMBIGUOUS) else (finding,)
        out.update((id(c), c) for c in (*own, *finding.consequences))
    return list(out.values())


def _base(name: str) -> Counter[Key]:
    if name not in _BASE:
        report = check(SAMPLES / name)
        assert report.unreadable is None, report.unreadable
        _BASE[name] = Counter(_key(f) for f in expanded(report.findings))
    return _BASE[name]


def mutant(mutation: Mutation, tmp_path: Path) -> list[Finding]:
    path = apply(mutation, SAMPLES.parent, tmp_path / Path(mutation.base).name)
    report = check(path)
    assert report.unreadable is None, report.unreadable
    return report.findings


def new_findings(mutation: Mutation, tmp_path: Path) -> list[Finding]:
    left = _base(mutation.base).copy()
    out = []
    for finding in expanded(mutant(mutation, tmp_path)):
        if left[_key(finding)] > 0:
            left[_key(finding)] -= 1
        else:
            out.append(finding)
    return out


def involved(findings: list[Finding], mutation: Mutation) -> list[tuple[str, str, str]]:
    """Each finding as (rule, severity, cell): the cell the expectation names when the finding
    involves it, else the changed cell when involved, else its first cell ("" when none)."""
    wanted = Counter(mutation.expect)
    out = []
    for finding in findings:
        severity = str(finding.severity)
        cell = next((c for c in finding.cells if wanted[(finding.rule, severity, c)] > 0), None)
        if cell is None:
            cell = (
                mutation.where
                if mutation.where in finding.cells
                else (finding.cells[0] if finding.cells else "")
            )
        wanted[(finding.rule, severity, cell)] -= 1
        out.append((finding.rule, severity, cell))
    return sorted(out)


def _param(index: int, mutation: Mutation) -> object:
    stem = Path(mutation.base).stem
    where = mutation.where.replace("表", "T")
    marks = [pytest.mark.xfail(reason=mutation.disputed, strict=True)] if mutation.disputed else []
    return pytest.param(mutation, id=f"{index:03d}-{mutation.rule}-{stem}-{where}", marks=marks)


@pytest.mark.parametrize("mutation", [_param(i, m) for i, m in enumerate(MUTATIONS)])
def test_mutation(mutation: Mutation, tmp_path: Path) -> None:
    found = new_findings(mutation, tmp_path)
    assert involved(found, mutation) == sorted(mutation.expect), "\n".join(
        f"{f.rule} {f.severity} {f.cells} {f.message_en}" for f in found
    )
    named = mutation.named_cell
    if named is not None:
        target = [f for f in found if f.rule == mutation.rule]
        assert any(named in f.cells for f in target), (named, [f.cells for f in target])


# Changed amounts the identities cannot pin down: the changed cell is one of the candidates.
# 表1 其中 lines of 单位资金 / 财政拨款结转 are compared with nothing else, so raising one part
# and lowering a sibling repair the book equally (the parts that are 0 cannot go lower).
AMBIGUOUS = {"001": ("表1!B19", "表1!B22"),
             "003": ("表1!B18", "表1!B19", "表1!B20", "表1!B21", "表1!B22"),  # B19 < 0
             "108": ("表1!B25", "表1!B26")}


@pytest.mark.parametrize("mutation", [_param(i, m) for i, m in enumerate(MUTATIONS)
                                      if m.value_edit])
def test_a_changed_amount_is_the_root_cause(mutation: Mutation, tmp_path: Path) -> None:
    """One changed amount that breaks an error identity is reported once: as the root cause at
    that cell — or, where the identities cannot tell, as an ambiguity naming it."""
    causes = [f for f in mutant(mutation, tmp_path) if f.kind in (Kind.CAUSE, Kind.AMBIGUOUS)]
    if not causes:
        return  # the change breaks no error identity (a name, a code, a warning rule)
    index = f"{MUTATIONS.index(mutation):03d}"
    wanted = ((Kind.AMBIGUOUS, AMBIGUOUS[index]) if index in AMBIGUOUS
              else (Kind.CAUSE, (mutation.where,)))
    assert [(f.kind, f.cells) for f in causes] == [wanted], [f.message_en for f in causes]
    assert mutation.where in causes[0].cells


def test_every_rule_has_a_mutation() -> None:
    covered = {m.rule for m in MUTATIONS}
    wanted = {rule.id for rule in region_rules(default_region())} | set(READER_RULES)
    assert wanted - covered == set()


def test_mutations_are_well_formed() -> None:
    known = {rule.id for rule in region_rules(default_region())} | set(READER_RULES)
    for mutation in MUTATIONS:
        assert mutation.rule in known or mutation.disputed, mutation
        assert (SAMPLES / mutation.base).is_file(), mutation.base
        assert any(rule == mutation.rule for rule, _, _ in mutation.expect), mutation
        for _, severity, cell in mutation.expect:
            assert severity in SEVERITIES, mutation
            assert cell == "" or "!" in cell, mutation
        for where, value in mutation.edits:
            assert ("!" in where) != (value is DELETE), mutation
