"""How a rule runs: a rule's check yields outcomes, the engine turns them into findings.

An outcome is a :class:`Compare` of two figures (the engine decides equal / rounding / wrong,
with the documented rounding tolerance) or a :class:`Flag` (a failure that is not arithmetic: a
name, a code, a missing table). The reusable checks are in :mod:`.kinds`, the one-off ones in
:mod:`.custom`, the catalogue of rules in :mod:`.rulebook`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from xlbudget.check.figures import (
    Context,
    Figure,
)
from xlbudget.check.findings import Finding, Severity, money
from xlbudget.check.identities import Identity, identity


@dataclass(frozen=True)
class Compare:
    table: int
    actual: Figure
    expected: Figure
    subject_zh: str
    subject_en: str
    relation: str = "="  # "=", "<=" (actual ≤ expected), ">="


@dataclass(frozen=True)
class Flag:
    table: int
    cells: tuple[str, ...]
    subject_zh: str
    subject_en: str
    expected: str | None = None
    actual: str | None = None
    severity: Severity | None = None  # None: the rule's own
    # The table's tree is in doubt (a malformed or duplicated code, a missing parent row): its
    # sums and comparisons are consequences of this, not evidence of a wrong amount.
    structural: bool = False


Outcome = Compare | Flag
Check = Callable[[Context], Iterable[Outcome]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    check: Check
    zh: str  # what must hold, in one Chinese sentence
    en: str
    why: str = ""  # for warnings and info: why a legitimate budget may break it


# ── engine ───────────────────────────────────────────────────────────────────────────────


def tolerance(actual: Figure, expected: Figure) -> Decimal:
    """Rounding allowance: half the coarsest printed precision per rounded term summed, plus
    half a unit when the two sides were printed at different precisions (a 元 table against a
    万元 one). A comparison of two single figures gets none: the same number, rounded the same
    way, must agree exactly."""
    quantum = max(actual.quantum, expected.quantum)
    terms = max(actual.terms, expected.terms)
    allowance = quantum / 2 * terms if terms > 1 else Decimal(0)
    if actual.quantum != expected.quantum:
        allowance += quantum / 2
    return allowance


def judge(rule: Rule, outcome: Outcome, scale: Decimal = Decimal(1)) -> Finding | None:
    """The finding an outcome makes, or None when it holds. ``scale`` turns the 万元 the
    amounts are held in into the unit the table is printed in (10,000 for a 上海 元 table)."""
    if isinstance(outcome, Flag):
        severity = outcome.severity or rule.severity
        return Finding(rule.id, severity, f"表{outcome.table}", outcome.cells, outcome.expected,
                       outcome.actual, _flag_text(rule.zh, outcome.subject_zh, outcome, "zh"),
                       _flag_text(rule.en, outcome.subject_en, outcome, "en"),
                       subject_zh=_about(rule.zh, outcome.subject_zh),
                       subject_en=_about(rule.en, outcome.subject_en))
    if outcome.actual.unknown or outcome.expected.unknown:
        return None  # a part could not be read; R.amount / R.formula already says so
    gap = outcome.actual.value - outcome.expected.value
    if outcome.relation == "<=":
        gap = max(gap, Decimal(0))
    elif outcome.relation == ">=":
        gap = min(gap, Decimal(0))
    if gap == 0:
        return None
    allowed = tolerance(outcome.actual, outcome.expected)
    rounding = abs(gap) <= allowed
    severity = Severity.INFO if rounding else rule.severity
    cells = tuple(dict.fromkeys(outcome.actual.cells + outcome.expected.cells))
    values = (money(outcome.expected.value * scale), money(outcome.actual.value * scale),
              money(gap * scale), money(allowed * scale))
    return Finding(rule.id, severity, f"表{outcome.table}", cells, values[0], values[1],
                   _compare_text(rule.zh, outcome.subject_zh, values, rounding, "zh"),
                   _compare_text(rule.en, outcome.subject_en, values, rounding, "en"),
                   subject_zh=_about(rule.zh, outcome.subject_zh),
                   subject_en=_about(rule.en, outcome.subject_en))


def _about(rule: str, subject: str) -> str:
    """What a finding is about in a line of its own: the subject, or the rule when it has
    none."""
    return subject or rule


def _compare_text(rule: str, subject: str, values: tuple[str | None, ...], rounding: bool,
                  lang: str) -> str:
    expected, actual, gap, allowed = values
    if lang == "zh":
        text = f"{rule}：{subject} 应为 {expected}，实为 {actual}，相差 {gap}"
        return text + (f"（在舍入容差 {allowed} 以内，属舍入差异）" if rounding else "")
    text = f"{rule}: {subject} should be {expected}, is {actual} (off by {gap})"
    return text + (f", within the rounding tolerance {allowed}" if rounding else "")


def _flag_text(rule: str, subject: str, flag: Flag, lang: str) -> str:
    sep = "：" if lang == "zh" else ": "
    text = f"{rule}{sep}{subject}" if subject else rule
    parts_zh, parts_en = [], []
    if flag.expected is not None:
        parts_zh.append(f"应为“{flag.expected}”")
        parts_en.append(f"expected {flag.expected!r}")
    if flag.actual is not None:
        parts_zh.append(f"实为“{flag.actual}”")
        parts_en.append(f"found {flag.actual!r}")
    if lang == "zh" and parts_zh:
        text += f"（{'，'.join(parts_zh)}）"
    elif parts_en:
        text += f" ({', '.join(parts_en)})"
    return text


def as_identity(rule: Rule, outcome: Outcome) -> Identity | None:
    """An error rule's comparison as a linear identity over cells, for localisation; None for a
    flag, a warning or info rule, or a comparison over a cell that could not be read."""
    if rule.severity is not Severity.ERROR or not isinstance(outcome, Compare):
        return None
    if outcome.actual.unknown or outcome.expected.unknown:
        return None
    return identity(rule.id, outcome.table, (outcome.subject_zh, outcome.subject_en),
                    outcome.actual, outcome.expected, outcome.relation,
                    tolerance(outcome.actual, outcome.expected))


def run(rule: Rule, context: Context) -> Iterator[Finding]:
    for outcome in rule.check(context):
        finding = judge(rule, outcome)
        if finding is not None:
            yield finding
