"""Which cells ``fix`` may change: only those whose correct value the book itself determines.

From the check's localisation (:func:`xlbudget.check.run.examine`):

* an amount is changed when it is a root cause found alone (no other set of cells repairs the
  book as cheaply), its value is solved exactly, it is typed (a formula is reported, never
  overwritten), and that value is pinned by two or more identities — its row and its column, its
  table and another — or it is the total of a sum whose parts give it. A corroborated total is
  never moved toward a detail: localisation blames the detail.
* a name is changed to the official one when the book itself prints the official name for that
  code in another table.

Every other error — an ambiguity, a repair nothing pins twice, a formula, a code or structure
problem, a missing table — is left as it is and listed as needing a person (需人工处理), with
the reason and the candidate cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from xlbudget.check.codes import ERROR, verdicts
from xlbudget.check.exact import Effects
from xlbudget.check.findings import Finding, Kind, Severity, money
from xlbudget.check.identities import Identity
from xlbudget.check.localise import Cause
from xlbudget.check.run import Examination
from xlbudget.model import TEN_THOUSAND, Budget, Table, printed_scale


@dataclass(frozen=True)
class Change:
    """One cell to write: its old and new value (amounts in 万元), the rule and why it is
    certain."""

    cell: str  # "表3!F15"
    before: Decimal | str | None
    after: Decimal | str
    rule: str
    why_zh: str
    why_en: str
    scale: Decimal = Decimal(1)  # 万元 → the sheet's unit (10,000 in a 元 table)
    shown: Decimal = Decimal(1)  # 万元 → the unit messages use (the region's printed unit)

    @property
    def amount(self) -> bool:
        return isinstance(self.after, Decimal)

    def text(self, value: Decimal | str | None) -> str:
        """``before`` or ``after`` as a message states it (an amount in the printed unit)."""
        if isinstance(value, Decimal):
            return money(value * self.shown) or ""
        return "" if value is None else str(value)


@dataclass(frozen=True)
class Refusal:
    """An error fix leaves to a person, and why."""

    finding: Finding
    why_zh: str
    why_en: str


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def plan(budget: Budget, examination: Examination) -> Plan:
    out = Plan()
    causes = {c.cell: c for c in examination.localisation.causes}
    effects = Effects(budget.formulas, _values(examination))
    tables = _cell_tables(budget)
    names = {v.printed.name_cell: v for v in verdicts(budget)
             if v.name == ERROR and v.official_elsewhere}
    for finding in examination.findings:
        if finding.severity is not Severity.ERROR:
            continue
        if finding.kind is Kind.CAUSE and finding.cells[0] in causes:
            _amount(causes[finding.cells[0]], finding, effects, tables.get(finding.cells[0]),
                    out)
        elif finding.rule.endswith(".name") and finding.cells and finding.cells[0] in names:
            verdict = names[finding.cells[0]]
            out.changes.append(Change(
                finding.cells[0], verdict.printed.name, verdict.official, finding.rule,
                "本工作簿其他表对同一科目使用规范名称", "another table of the book prints the "
                "official name of this code"))
        else:
            out.refused.append(Refusal(finding, *_why_not(finding)))
    return out


def _values(examination: Examination) -> dict[str, Decimal]:
    """The cells the causes' identities name, with their values (enough to tell which
    identities a cause's move reaches)."""
    values: dict[str, Decimal] = {}
    for cause in examination.localisation.causes:
        for identity in cause.involved:
            values.update(identity.values)
    return values


def _cell_tables(budget: Budget) -> dict[str, Table]:
    """Cell → the table it belongs to (whose unit says how its amounts are written and said)."""
    return {ref: t for t in budget.tables.values()
            for rows in t.rows.values() for row in rows for ref in row.cells.values()}


def _amount(cause: Cause, finding: Finding, effects: Effects, table: Table | None,
            out: Plan) -> None:
    if cause.formula:
        out.refused.append(Refusal(finding, "该单元格是公式：请核对公式本身，不改写公式",
                                   "the cell holds a formula: check the formula itself; a "
                                   "formula is never overwritten"))
        return
    if cause.expected is None:
        out.refused.append(Refusal(finding, "各等式未能确定其应有数值",
                                   "the identities do not determine its value"))
        return
    pins = [i for i in cause.broken if i.relation == "=" and effects.moves(i, cause.cell)]
    total = any(_is_total_of(i, cause.cell) for i in pins)
    if len(pins) >= 2 or total:
        rules = "、".join(dict.fromkeys(i.rule for i in pins))
        zh = (f"其组成部分之和确定该数（{rules}）" if total and len(pins) < 2 else
              f"{len(pins)} 处相互独立的等式给出同一数值（{rules}）")
        en = (f"its parts give it ({rules})" if total and len(pins) < 2 else
              f"{len(pins)} independent identities give the same value ({rules})")
        out.changes.append(Change(cause.cell, cause.actual, cause.expected, finding.rule, zh,
                                  en, _sheet_scale(table), printed_scale(table)))
    else:
        out.refused.append(Refusal(finding, "只有一处等式给出此值，不足以确定",
                                   "only one identity gives this value: not certain enough"))


def _sheet_scale(table: Table | None) -> Decimal:
    """万元 → the unit the sheet holds (10,000 in a 元 table; amounts are held in 万元)."""
    return TEN_THOUSAND if table is not None and table.unit == "元" else Decimal(1)


def _is_total_of(identity: Identity, cell: str) -> bool:
    """``cell`` stands alone on one side of a sum of two or more parts (a total from its
    details)."""
    signs = dict(identity.coefficients)
    if cell not in signs:
        return False
    others = [a for c, a in identity.coefficients if c != cell]
    return len(others) >= 2 and all(a == -signs[cell] for a in others)


def _why_not(finding: Finding) -> tuple[str, str]:
    if finding.kind is Kind.AMBIGUOUS:
        return ("几处单元格改动其一都能使各表一致，无法确定是哪一处",
                "any one of several cells would repair the book: which one is not certain")
    if finding.kind is Kind.STRUCTURE:
        return ("科目编码结构有问题，先核对编码", "a code puts the table's tree in doubt: check "
                "the codes first")
    if finding.rule == "R.stale":
        return ("公式保存的结果已过期：输出文件中该公式的结果按其单元格重新计算，公式本身未改",
                "the formula's saved result was stale: the output saves the result its cells "
                "give; the formula itself is unchanged")
    if finding.rule.endswith(".missing"):
        return "缺少该表，无法补造", "the table is missing: fix never invents one"
    if finding.rule.endswith(".code"):
        return ("科目代码须由编制人员核对改正（所在位置所示代码仅供参考）",
                "a code is for its author to correct (the one its place suggests is a hint)")
    if finding.kind is Kind.PLAIN and finding.expected is not None and finding.cells:
        return ("各等式无法确定是哪一处有误", "the identities cannot tell which cell is wrong")
    return "需人工核对", "needs a person"


def apply(budget: Budget, changes: list[Change]) -> None:
    """The changes made to the budget in memory too (the 说明 and a regenerated book are written
    from it)."""
    at = {ref: (row, column) for t in budget.tables.values() for rows in t.rows.values()
          for row in rows for column, ref in row.cells.items()}
    for change in changes:
        if change.cell not in at:
            continue
        row, column = at[change.cell]
        if isinstance(change.after, Decimal):
            row.amounts[column] = change.after
        elif column == "name":
            row.name = change.after
