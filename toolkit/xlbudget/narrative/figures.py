"""Every figure of the 说明, sections 一–十二, computed from the tables and the input sheets.

Shares are taken on the base the section names (二: 收入合计, 三: 支出合计, 五(二): 表5 合计);
changes against last year's budget from the 上年预算数 sheet. Nothing is invented: a missing
input is recorded (``NarrativeInputs.missing``) and the text shows a marker where it belongs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from xlbudget.check.figures import Context
from xlbudget.model import ZERO, Budget, Row, Table
from xlbudget.narrative.inputs import Missing, NarrativeInputs
from xlbudget.narrative.numbers import Change, percent
from xlbudget.spec.catalog import functional

# 二: the income lines the 说明 walks through, in order (表1 row key, wording).
INCOME_LINES = [
    ("gpb_own", "一般公共预算", True),
    ("gpb_transfer", "上级一般公共预算安排的转移支付资金", True),
    ("gf_own", "政府性基金预算", True),
    ("gf_transfer", "上级政府性基金安排的转移支付资金", True),
    ("soe_own", "国有资本经营预算", True),
    ("soe_transfer", "上级国有资本经营预算安排的转移支付资金", True),
    ("special", "财政专户管理资金", False),  # said only when there is some
    ("unit_funds", "单位资金", True),
    ("carry_fiscal", "财政拨款结转", True),
    ("carry_nonfiscal", "非财政拨款结余", False),
]
# 一: 收入预算包括 — the kinds of money, each present when its 表1 lines are non-zero.
INCOME_KINDS = [
    ("一般公共预算", ("gpb",)), ("政府性基金预算", ("gf",)), ("国有资本经营预算", ("soe",)),
    ("财政专户管理资金", ("special",)), ("单位资金", ("unit_funds",)),
    ("财政拨款结转结余", ("carry_fiscal", "carry_nonfiscal")),
]
SANGONG = [("abroad", "因公出国（境）费"), ("purchase", "公务用车购置费"),
           ("operation", "公务用车运行费"), ("reception", "公务接待费")]


@dataclass(frozen=True)
class Item:
    key: str  # stable: "income.gpb_own", "lei:201", "xiang:2011308", "sangong.abroad"
    label: str
    amount: Decimal
    share: Decimal | None = None
    change: Change | None = None
    reason: str | None = None
    use: str | None = None  # 主要用于
    cells: tuple[str, ...] = ()


@dataclass(frozen=True)
class Project:
    name: str
    amount: Decimal
    basis: str | None
    owner: str | None
    allocation: str | None
    period: str | None


@dataclass
class Figures:
    unit: str
    year: int
    values: dict[str, Decimal] = field(default_factory=dict)  # totals and bases by name
    items: dict[str, list[Item]] = field(default_factory=dict)  # section → its items
    lists: dict[str, list[str]] = field(default_factory=dict)  # names the text enumerates
    blank: dict[str, bool] = field(default_factory=dict)  # 八/九/十一: table blank
    projects: list[Project] = field(default_factory=list)
    forms: dict[str, dict[str, object]] = field(default_factory=dict)
    missing: list[Missing] = field(default_factory=list)
    absent: set[int] = field(default_factory=set)  # tables of the profile the book lacks
    levels: dict[str, list[Item]] = field(default_factory=dict)  # 三/五: every 类/款/项 row


def _amount(table: Table | None, block: str, key: str, column: str) -> Decimal:
    row = table.keyed(block, key) if table else None
    return row.amount(column) if row else ZERO


def _total(table: Table | None, column: str, block: str = "main") -> Decimal:
    row = table.total(block) if table else None
    return row.amount(column) if row else ZERO


def _cell(row: Row | None, column: str) -> tuple[str, ...]:
    cell = row.cells.get(column) if row else None
    return (cell,) if cell else ()


class _Builder:
    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.context = Context(budget)
        self.inputs = NarrativeInputs(budget.inputs)
        self.out = Figures(budget.unit_name, budget.year)

    def change(self, key: str, current: Decimal, section: str, label: str) -> Change:
        prior = self.inputs.prior(key)
        if prior is None:
            self.inputs.need(section, "上年预算数", f"“{label}”的上年预算数")
        return Change(current, prior)

    def item(self, key: str, label: str, amount: Decimal, base: Decimal | None, section: str,
             compare: bool = True, cells: tuple[str, ...] = ()) -> Item:
        change = self.change(key, amount, section, label) if compare else None
        reason = self.inputs.reason(key) if compare else None
        return Item(key, label, amount, percent(amount, base) if base is not None else None,
                    change, reason, None, cells)

    # ── 一 二 三 ──────────────────────────────────────────────────────────────────────────
    def overview(self) -> None:
        t1 = self.budget.tables.get(1)
        total = _total(t1, "income_amount", "income")
        self.out.values["total"] = total
        self.out.lists["一.income"] = [
            name for name, keys in INCOME_KINDS
            if any(_amount(t1, "income", k, "income_amount") for k in keys)]
        self.out.lists["一.expense"] = [
            row.name for row in (t1.body("expense") if t1 else []) if row.amount("expense_amount")]
        income: list[Item] = []
        for key, label, always in INCOME_LINES:
            row = t1.keyed("income", key) if t1 else None
            amount = row.amount("income_amount") if row else ZERO
            if amount or always:
                income.append(self.item(f"income.{key}", label, amount, total, "二",
                                        compare=bool(amount),
                                        cells=_cell(row, "income_amount")))
        self.out.items["二"] = income
        t3 = self.budget.tables.get(3)
        base = _total(t3, "total")
        self.out.values["expense_total"] = base
        self.out.items["三"] = self.basic_and_project(t3, "expense", "三", base)
        self.out.levels["三"] = self.levels([r for r in (t3.body() if t3 else []) if r.code],
                                            base)

    def basic_and_project(self, table: Table | None, prefix: str, section: str,
                          base: Decimal | None) -> list[Item]:
        """基本支出 and 项目支出 of a table's 合计 row, compared with last year."""
        total = table.total() if table else None
        return [self.item(f"{prefix}.{k}", label, _total(table, k), base, section,
                          cells=_cell(total, k))
                for k, label in (("basic", "基本支出"), ("project", "项目支出"))]

    # ── 四 五 ─────────────────────────────────────────────────────────────────────────────
    def fiscal(self) -> None:
        t4 = self.budget.tables.get(4)
        self.out.values["fiscal_total"] = _total(t4, "income_amount", "income")
        for key in ("gpb", "gf", "soe"):
            self.out.values[f"fiscal.{key}"] = _total(t4, key, "expense")
            self.out.items[f"四.{key}"] = [
                Item(f"lei:{row.code}", row.name, row.amount(key),
                     use=self.inputs.use("四", row.code or "") if key == "gpb" else None,
                     cells=_cell(row, key))
                for row in (t4.body("expense") if t4 else []) if row.amount(key)]
        t5 = self.budget.tables.get(5)
        total = _total(t5, "total")
        self.out.values["gpb_total"] = total
        self.out.items["五(一)"] = self.basic_and_project(t5, "gpb", "五(一)", None)
        rows = [r for r in (t5.body() if t5 else []) if r.code]
        self.out.items["五(二)"] = [
            Item(f"lei:{r.code}", r.name, r.amount("total"), percent(r.amount("total"), total),
                 cells=_cell(r, "total")) for r in rows if len(r.code or "") == 3]
        names = functional(self.budget.year).names
        listed = [r for r in rows if len(r.code or "") == 7]
        # A 项 budgeted last year and not this year is still a change the 说明 must explain.
        dropped = [Row(name=names.get(code, code), code=code)
                   for code in self.inputs.prior_codes()
                   if len(code) == 7 and code not in {r.code for r in listed}
                   and self.inputs.prior(code)]
        self.out.items["五(三)"] = [self._xiang(r, rows, names) for r in listed + dropped]
        self.out.levels["五"] = self.levels(rows, total)

    @staticmethod
    def levels(rows: list[Row], base: Decimal) -> list[Item]:
        """Every 类, 款 and 项 of a table with its share of ``base``: a 说明 may quote a share or
        an amount at any level (``行政事业单位离退休 占 0.59%``)."""
        return [Item(f"code:{r.code}", r.name, r.amount("total"),
                     percent(r.amount("total"), base), cells=_cell(r, "total"))
                for r in rows if r.code and not r.project]

    def _xiang(self, row: Row, rows: list[Row], names: Mapping[str, str]) -> Item:
        code = row.code or ""
        by_code = {r.code: r.name for r in rows}
        parts = [by_code.get(code[:3]) or names.get(code[:3], code[:3]),
                 by_code.get(code[:5]) or names.get(code[:5], code[:5]), row.name]
        label = f"{parts[0]}（类）{parts[1]}（款）{parts[2]}（项）"
        return self.item(f"xiang:{code}", label, row.amount("total"), None, "五(三)",
                         cells=_cell(row, "total"))

    # ── 六 七 八 九 ───────────────────────────────────────────────────────────────────────
    def basic(self) -> None:
        t6 = self.budget.tables.get(6)
        self.out.values["basic_total"] = _total(t6, "total")
        for key in ("personnel", "public"):
            self.out.values[key] = _total(t6, key)
            self.out.lists[f"六.{key}"] = [r.name for r in (t6.body() if t6 else [])
                                          if len(r.code or "") == 5 and r.amount(key)]

    def projects(self) -> None:
        t7 = self.budget.tables.get(7)
        for row in (t7.body() if t7 else []):
            if not row.project:
                continue
            given = self.inputs.project(row.project) or {}
            fields = {}
            for key, label in (("basis", "设立的政策依据"), ("owner", "项目承担单位"),
                               ("allocation", "资金分配情况"), ("period", "资金执行时间")):
                value = str(given.get(key) or "").strip()
                fields[key] = value or self.inputs.need("七", "项目说明",
                                                        f"“{row.project}”的{label}")
            self.out.projects.append(Project(row.project, row.amount("total"), **fields))
        self.out.values["projects_total"] = _total(t7, "total")

    def funds(self) -> None:
        for section, number in (("八", 8), ("九", 9)):
            table = self.budget.tables.get(number)
            self.out.blank[section] = table is None or table.is_blank
            self.out.items[section] = [
                Item(f"lei:{r.code}", r.name, r.amount("total"), cells=_cell(r, "total"))
                for r in (table.body() if table else []) if len(r.code or "") == 3]

    # ── 十 十一 十二 ─────────────────────────────────────────────────────────────────────
    def sangong(self) -> None:
        t10 = self.budget.tables.get(10)
        total = _amount(t10, "main", "total", "total")
        self.out.items["十"] = [
            self.item("sangong.total", "“三公”经费", total, None, "十"),
            *[self.item(f"sangong.{k}", label, _amount(t10, "main", k, "total"), None, "十")
              for k, label in SANGONG]]

    def carryover(self) -> None:
        t11 = self.budget.tables.get(11)
        t1 = self.budget.tables.get(1)
        self.out.values["carryover"] = _amount(t1, "income", "carryover", "income_amount")
        self.out.values["carry_fiscal"] = _total(t11, "fiscal_total")
        self.out.values["carry_nonfiscal"] = _total(t11, "nonfiscal_total")
        self.out.blank["十一"] = t11 is None or t11.is_blank
        self.out.items["十一"] = [
            Item(f"carry:{r.name}", r.name, r.amount("total"),
                 use=self.inputs.use("十一", r.name) or self.inputs.need(
                     "十一", "用途说明", f"结转项目“{r.name}”主要用于"),
                 cells=_cell(r, "total"))
            for r in (t11.body() if t11 else [])]

    def other(self) -> None:
        public = self.out.values.get("public", ZERO)
        self.out.items["十二(一)"] = [self.item("running_cost", "机关运行经费", public, None,
                                                "十二(一)")]
        for sheet in ("procurement", "assets", "performance"):
            self.out.forms[sheet] = dict(self.budget.inputs.form(sheet))
        t7 = self.budget.tables.get(7)
        self.out.values["project_count"] = Decimal(len(
            [r for r in (t7.body() if t7 else []) if r.project]))


def compute(budget: Budget) -> Figures:
    """Every figure the 说明 states, with the inputs it could not find listed in ``missing``."""
    builder = _Builder(budget)
    for step in (builder.overview, builder.fiscal, builder.basic, builder.projects,
                 builder.funds, builder.sangong, builder.carryover, builder.other):
        step()
    builder.out.missing = builder.inputs.missing
    builder.out.absent = {spec.number for spec in budget.profile.tables
                          if spec.number not in budget.tables}
    return builder.out
