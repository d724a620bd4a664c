"""Rule kinds: a few reusable checks that the rulebook instantiates in one line each.

A kind yields outcomes: a :class:`Compare` of two figures (the engine decides equal / rounding /
wrong) or a :class:`Flag` (a failure that is not arithmetic: a name, a code, a missing table).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from xlbudget.check.figures import (
    Context,
    Figure,
    amount_columns,
    column_label,
    row_figure,
    total_of,
)
from xlbudget.check.findings import Finding, Severity, money
from xlbudget.model import Row, Table, children_of


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


def judge(rule: Rule, outcome: Outcome) -> Finding | None:
    if isinstance(outcome, Flag):
        severity = outcome.severity or rule.severity
        return Finding(rule.id, severity, f"表{outcome.table}", outcome.cells, outcome.expected,
                       outcome.actual, _flag_text(rule.zh, outcome.subject_zh, outcome, "zh"),
                       _flag_text(rule.en, outcome.subject_en, outcome, "en"))
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
    values = (money(outcome.expected.value), money(outcome.actual.value), money(gap),
              money(allowed))
    return Finding(rule.id, severity, f"表{outcome.table}", cells, values[0], values[1],
                   _compare_text(rule.zh, outcome.subject_zh, values, rounding, "zh"),
                   _compare_text(rule.en, outcome.subject_en, values, rounding, "en"))


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


def run(rule: Rule, context: Context) -> Iterator[Finding]:
    for outcome in rule.check(context):
        finding = judge(rule, outcome)
        if finding is not None:
            yield finding


# ── subjects: how a row or figure is named in a message ─────────────────────────────────


def row_subject(table: Table, row: Row, column_label: str = "") -> tuple[str, str]:
    if row.is_total:
        zh = en = f"{table.spec.label} {row.name or '合计'}"
    else:
        name = row.project or row.name
        zh = " ".join(p for p in (table.spec.label, row.code or "", name) if p)
        en = zh
    if column_label:
        zh, en = f"{zh}「{column_label}」", f"{en} [{column_label}]"
    return zh, en


# ── kinds ────────────────────────────────────────────────────────────────────────────────


def row_sums(number: int) -> Check:
    """On every row: each total column = the sum of its part columns (the spec's ``sum_of``)."""

    def check(context: Context) -> Iterator[Outcome]:
        table = context.table(number)
        if table is None:
            return
        for block in table.spec.blocks:
            for row in table.block_rows(block.key):
                for column in block.amount_columns:
                    if not column.sum_of or column.key not in row.cells or any(
                            k in table.absent for k in (column.key, *column.sum_of)):
                        continue
                    parts = [row_figure(table, row, k) for k in column.sum_of]
                    subject = row_subject(table, row, column.label)
                    yield Compare(number, row_figure(table, row, column.key),
                                  total_of(parts, table.quantum), *subject)

    return check


def sums_down(number: int, only: str | None = None) -> Check:
    """Every subtotal and total row = the sum of the rows under it, per amount column: 类 = Σ 款,
    款 = Σ 项, 合计 = Σ 类, and the spec's fixed rows (一、本年收入 = 1.–5., …)."""

    def check(context: Context) -> Iterator[Outcome]:
        table = context.table(number)
        if table is None:
            return
        for block in table.spec.blocks:
            if only is not None and block.key != only:
                continue
            rows = table.block_rows(block.key)
            for parent, kids in children_of(block, rows).items():
                for column in amount_columns(block):
                    if column.key not in rows[parent].cells or column.key in table.absent:
                        continue
                    parts = [row_figure(table, rows[k], column.key) for k in kids]
                    subject = row_subject(table, rows[parent], column.label)
                    yield Compare(number, row_figure(table, rows[parent], column.key),
                                  total_of(parts, table.quantum), *subject)

    return check


FigureRef = Callable[[Context], Figure | None]


def same(actual: FigureRef, expected: FigureRef, subject: tuple[str, str], table: int,
         relation: str = "=") -> Check:
    """Two figures agree (or one is at most / at least the other)."""

    def check(context: Context) -> Iterator[Outcome]:
        left, right = actual(context), expected(context)
        if left is not None and right is not None:
            yield Compare(table, left, right, *subject, relation=relation)

    return check


def per_code(actual: tuple[int, str], expected: list[tuple[int, str]], level: int | None = None,
             relation: str = "=", leaves_of: int | None = None) -> Check:
    """Per code: a table's column = the sum of other tables' columns for the same code.

    ``level`` 3 compares 类 only; None compares the finest rows of ``leaves_of`` (default: the
    union of both tables' leaves). Missing codes count as 0, so a code in one table only is
    reported too."""

    def check(context: Context) -> Iterator[Outcome]:
        table = context.table(actual[0])
        tables = [context.table(n) for n, _ in [actual, *expected]]
        if table is None or any(t is None or c in t.absent
                                for t, (_, c) in zip(tables, [actual, *expected], strict=True)):
            return
        mine = context.coded(actual[0], actual[1])
        theirs = [context.coded(n, c) for n, c in expected]
        codes = _codes(context, actual, expected, level, leaves_of, mine, theirs)
        for code in sorted(codes):
            left = mine.get(code, Figure(Decimal(0), (), 0, table.quantum))
            right = total_of([t[code] for t in theirs if code in t], table.quantum)
            label = column_label(table, actual[1])
            subject = f"{table.spec.label} {code}「{label}」"
            yield Compare(actual[0], left, right, subject, subject, relation)

    return check


def _codes(context: Context, actual: tuple[int, str], expected: list[tuple[int, str]],
           level: int | None, leaves_of: int | None, mine: dict[str, Figure],
           theirs: list[dict[str, Figure]]) -> set[str]:
    if level is not None:
        return {c for m in (mine, *theirs) for c in m if len(c) == level}
    sources = [leaves_of] if leaves_of else [actual[0], *(n for n, _ in expected)]
    return {c for n in sources for c in context.leaf_codes(n)}

