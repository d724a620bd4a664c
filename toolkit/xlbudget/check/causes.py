"""Broken identities → one finding per root cause (and per ambiguity), the rest as consequences.

The rules judge every comparison on its own; :mod:`.localise` finds the cells behind the broken
ones. Here each cause becomes one error finding at its cell, with the value it should hold and
the value it holds, carrying the findings of the identities it breaks as its ``consequences``.
Where the identities cannot tell which of several cells is wrong, one finding names the
candidates. A broken identity nothing could localise keeps its own finding.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from xlbudget.check.findings import Finding, Kind, Severity, money
from xlbudget.check.identities import Identity
from xlbudget.check.kinds import row_subject
from xlbudget.check.localise import Ambiguity, Cause, Localisation, localise
from xlbudget.model import Budget, printed_scale

MAX_NAMED = 6  # candidates spelled out in a message (all of them are in ``cells``)


@dataclass(frozen=True)
class Place:
    """What an amount cell is: its table and how a message names it."""

    table: int
    zh: str
    en: str


def places(budget: Budget) -> dict[str, Place]:
    """Every amount cell of the book → its table and its name, e.g.
    ``表3 2080501 行政单位离退休「基本支出」``."""
    out: dict[str, Place] = {}
    for number, table in budget.tables.items():
        for block in table.spec.blocks:
            for row in table.block_rows(block.key):
                for column in block.amount_columns:
                    cell = row.cells.get(column.key)
                    if cell:
                        out[cell] = Place(number, *row_subject(table, row, column.label))
    return out


def root_causes(judged: list[tuple[Identity, Finding | None]], budget: Budget
                ) -> tuple[list[Finding], Localisation]:
    """Error findings for the broken identities, by root cause, and the localisation itself
    (which :mod:`xlbudget.fix` needs to decide what is certain)."""
    finding_of = {id(identity): finding for identity, finding in judged}
    if not any(f is not None and f.severity is Severity.ERROR for f in finding_of.values()):
        return [], Localisation()
    found = localise([identity for identity, _ in judged], budget.formulas)
    named = places(budget)
    out = [_cause(cause, finding_of, named, printed_scale(budget.tables.get(
        _place(cause.cell, named).table))) for cause in found.causes]
    out += [_ambiguity(a, finding_of, named) for a in found.ambiguities]
    out += [f for i in found.unlocalised if (f := finding_of[id(i)]) is not None]
    return out, found


def row_cells(budget: Budget) -> dict[str, frozenset[str]]:
    """Every cell of a coded row → all the cells of that row (its code, name and amounts, and
    the cells a derived subtotal sums): what a finding about the row's code puts in doubt."""
    out: dict[str, frozenset[str]] = {}
    for table in budget.tables.values():
        for rows in table.rows.values():
            for row in rows:
                cells = set(row.cells.values())
                cells.update(cell for parts in row.sources.values() for cell, _ in parts)
                frozen = frozenset(cells)
                out.update((cell, frozen) for cell in row.cells.values())
    return out


def attach_to_structure(judged: list[tuple[Identity, Finding | None]], plain: list[Finding],
                        structural: list[Finding], rows_of: dict[str, frozenset[str]]
                        ) -> tuple[list[tuple[Identity, Finding | None]], list[Finding]]:
    """A row whose code is in doubt (malformed, printed twice, its parent row missing) makes the
    identities through that row unreliable: those that break become consequences of the code
    finding and are not localised. Every other identity — in the same table too — is judged
    and localised as usual, so a code finding never hides an unrelated error."""
    if not structural:
        return judged, plain
    doubted = [(finding, _doubted_cells(finding, rows_of)) for finding in structural]
    kept: list[tuple[Identity, Finding | None]] = []
    attached: dict[int, list[Finding]] = {id(f): [] for f in structural}
    for identity, finding in judged:
        owner = next((f for f, cells in doubted if not cells.isdisjoint(identity.cells)), None)
        if owner is None:
            kept.append((identity, finding))
        elif finding is not None and finding.severity is Severity.ERROR:
            attached[id(owner)].append(finding)
    swap = {id(f): replace(f, kind=Kind.STRUCTURE, consequences=tuple(attached[id(f)]))
            for f in structural if attached[id(f)]}
    return kept, [swap.get(id(f), f) for f in plain]


def _doubted_cells(finding: Finding, rows_of: dict[str, frozenset[str]]) -> frozenset[str]:
    cells: set[str] = set()
    for cell in finding.cells:
        cells |= rows_of.get(cell, frozenset((cell,)))
    return frozenset(cells)


def _consequences(broken: tuple[Identity, ...], finding_of: dict[int, Finding | None]
                  ) -> tuple[Finding, ...]:
    return tuple(f for i in broken if (f := finding_of[id(i)]) is not None)


def _headline(broken: tuple[Identity, ...]) -> Identity:
    """The identity a cause is filed under: a sum down its own table first (T3.hier — where a
    reviewer looks for the figure), then its row, then a comparison between tables; the
    shortest of a kind."""
    def rank(identity: Identity) -> tuple[int, int]:
        inside = identity.rule.startswith("T")
        kind = 0 if inside and not identity.rule.endswith(".row") else 1 if inside else 2
        return kind, len(identity.coefficients)

    return min(broken, key=rank)


def _place(cell: str, named: dict[str, Place]) -> Place:
    return named.get(cell) or Place(0, cell, cell)


def _cause(cause: Cause, finding_of: dict[int, Finding | None], named: dict[str, Place],
           scale: Decimal) -> Finding:
    place = _place(cause.cell, named)
    filed = cause.broken or cause.involved
    rule = _headline(filed).rule if filed else "X.localised"
    expected = money(cause.expected * scale) if cause.expected is not None else None
    actual = money(cause.actual * scale)
    what_zh = f"{place.zh}（公式结果）" if cause.formula else place.zh
    what_en = f"{place.en} (a formula's result)" if cause.formula else place.en
    if cause.expected is None:
        zh = f"{what_zh} 有误（实为 {actual}），应与相关各处一并核对"
        en = f"{what_en} is wrong (is {actual}); check it with the figures it must agree with"
    else:
        gap = money((cause.actual - cause.expected) * scale)
        zh = f"{what_zh} 应为 {expected}，实为 {actual}（相差 {gap}）"
        en = f"{what_en} should be {expected}, is {actual} (off by {gap})"
    zh, en = _effect_text(zh, en, cause)
    return Finding(rule, Severity.ERROR, f"表{place.table}" if place.table else "",
                   (cause.cell,), expected, actual, zh, en, Kind.CAUSE,
                   _consequences(cause.broken, finding_of), what_zh, what_en)


def _effect_text(zh: str, en: str, cause: Cause) -> tuple[str, str]:
    """What the cause breaks, or, for a cell that only carries another cause's change along,
    which identities it keeps."""
    if cause.broken:
        rules = "、".join(dict.fromkeys(i.rule for i in cause.broken))
        count = len(cause.broken)
        return (f"{zh}；导致 {count} 处不一致：{rules}",
                f"{en}; it breaks {count} identit{'y' if count == 1 else 'ies'}: "
                f"{rules.replace('、', ', ')}")
    rules = "、".join(dict.fromkeys(i.rule for i in cause.involved))
    return (f"{zh}；须随上述更正一并调整，{rules} 方能成立",
            f"{en}; it must change with the corrections above for {rules.replace('、', ', ')} "
            "to hold")


def _ambiguity(ambiguity: Ambiguity, finding_of: dict[int, Finding | None],
               named: dict[str, Place]) -> Finding:
    headline = _headline(ambiguity.broken)
    listed = list(_names(ambiguity.candidates, named))
    more = len(ambiguity.candidates) - len(listed)
    zh_list = "、".join(zh for zh, _ in listed)
    zh_list += f" 等 {len(ambiguity.candidates)} 处" if more else ""
    en_list = "; ".join(en for _, en in listed) + (f" and {more} more" if more else "")
    rules = "、".join(dict.fromkeys(i.rule for i in ambiguity.broken))
    zh = (f"无法确定哪一处有误：{zh_list} 中改动任意一处都能同样使 {len(ambiguity.broken)} 处"
          f"不一致（{rules}）成立，请人工核对")
    en = (f"cannot tell which cell is wrong: changing any one of {en_list} repairs the "
          f"{len(ambiguity.broken)} broken identities ({rules.replace('、', ', ')}) equally")
    table = _place(ambiguity.candidates[0], named).table or headline.table
    return Finding(headline.rule, Severity.ERROR, f"表{table}", ambiguity.candidates, None,
                   None, zh, en, Kind.AMBIGUOUS, _consequences(ambiguity.broken, finding_of),
                   f"无法确定哪一处有误：{zh_list}", f"cannot tell which is wrong: {en_list}")


def _names(cells: tuple[str, ...], named: dict[str, Place]) -> Iterator[tuple[str, str]]:
    for cell in cells[:MAX_NAMED]:
        place = _place(cell, named)
        yield f"{cell}（{place.zh}）", f"{cell} ({place.en})"
