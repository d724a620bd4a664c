"""A region's 说明 from its ``[story]`` (:mod:`xlbudget.spec.story`): the figures it names,
computed exactly from the tables and the input sheets, and its sentences rendered from the
templates. A missing input stands in the text as 【待补充：…】 and is listed.

:mod:`.regional_check` reads a written 说明 back against the same templates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from xlbudget.check.figures import Context
from xlbudget.check.refs import Ref
from xlbudget.model import Budget, InputValue, Row
from xlbudget.narrative.inputs import Missing, input_decimal, input_text
from xlbudget.narrative.numbers import WIDE, pct, percent, wan
from xlbudget.spec.inputs import SHEETS, ValueKind
from xlbudget.spec.story import Section, Story, Wording

ZERO = Decimal(0)
PRIOR, ITEMS = "sh_prior", "sh_items"  # the input sheets of last year's figures and the 项


@dataclass(frozen=True)
class Item:
    """A 项 of the 一般公共预算 table with money: its code, its 类/款/项 names, its amount."""

    code: str
    names: tuple[str, str, str]
    amount: Decimal
    cell: str

    @property
    def path(self) -> str:
        if len(self.code) == 3:
            return self.names[0]
        return f"{self.names[0]}（类）{self.names[1]}（款）{self.names[2]}（项）"


@dataclass
class Values:
    """Every figure a region's 说明 names, for one budget."""

    budget: Budget
    story: Story
    amounts: dict[str, Decimal | None] = field(default_factory=dict)  # None: not known
    kinds: dict[str, ValueKind] = field(default_factory=dict)
    texts: dict[str, str | None] = field(default_factory=dict)
    cells: dict[str, tuple[str, ...]] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    categories: list[Item] = field(default_factory=list)

    @classmethod
    def of(cls, budget: Budget, story: Story) -> Values:
        out = cls(budget, story)
        context = Context(budget)
        region = budget.profile.region
        for name, reference in story.figures.items():
            figure = Ref(reference, region)(context)
            out.amounts[name] = figure.value if figure is not None else None
            out.cells[name] = figure.cells if figure is not None else ()
            out.kinds[name] = ValueKind.AMOUNT
        for name, where in story.inputs.items():
            out._input(name, where)
        out.items = _items(budget, story.items, 7)
        out.categories = _items(budget, story.items, 3)
        return out

    def places(self, section: Section) -> int:
        """Decimals of a section's 万元 (2; 市级 books print 四 in whole 万元: 0)."""
        if not section.decimals:
            return 2
        sheet, _, key = section.decimals.partition(".")
        return 0 if input_text(self.budget.inputs.form(sheet).get(key)) in ("0", "0.0") else 2

    @property
    def listing(self) -> str:
        """``items`` or ``categories``: the list the book's 编制说明 prints."""
        if not self.story.list_level:
            return "items"
        sheet, _, key = self.story.list_level.partition(".")
        chosen = input_text(self.budget.inputs.form(sheet).get(key)) or ""
        return "categories" if "类" in chosen else "items"

    def _input(self, name: str, where: str) -> None:
        sheet_key, _, row_key = where.partition(".")
        sheet = SHEETS[sheet_key]
        form = self.budget.inputs.form(sheet_key)
        row = sheet.row(row_key)
        self.kinds[name] = row.kind
        value = form.get(row_key)
        if row.kind is ValueKind.TEXT:
            self.texts[name] = input_text(value)
            return
        amount = input_decimal(value)
        if amount is None and row.sum_of:  # a total left to its formula: the sum of its parts
            parts = [input_decimal(form.get(key)) for key in row.sum_of]
            amount = sum((p for p in parts if p is not None), ZERO) if all(
                p is not None for p in parts) else None
        self.amounts[name] = amount

    def label(self, name: str) -> str:
        """What a figure is called: its row of the 上年预算数 sheet, else its input row, else
        its table reference (表3.合计.项目支出)."""
        if name in {row.key for row in SHEETS[PRIOR].rows}:
            return SHEETS[PRIOR].row(name).label
        reference = self.story.figures.get(name) or self.story.inputs.get(name, name)
        sheet, _, key = reference.partition(".")
        if sheet in SHEETS:
            return SHEETS[sheet].row(key).label.removeprefix("其中：")
        return reference

    def record(self, sheet: str, key: str, field_name: str) -> dict[str, InputValue] | None:
        return next((r for r in self.budget.inputs.sheet(sheet)
                     if input_text(r.get(field_name)) == key), None)

    def prior(self, name: str) -> Decimal | None:
        record = self.record(PRIOR, name, "key")
        return input_decimal(record.get("prior")) if record else None

    def reason(self, name: str) -> str | None:
        record = self.record(PRIOR, name, "key")
        return input_text(record.get("reason")) if record else None

    def item_input(self, item: Item, column: str) -> InputValue:
        record = self.record(ITEMS, item.code, "code")
        return record.get(column) if record else None


def _items(budget: Budget, table_ref: str, width: int) -> list[Item]:
    """The 项 (``width`` 7) or 类 (3) rows of the table (表5) with money, in table order, with
    their 类 and 款 names."""
    table = budget.tables.get(int(table_ref.removeprefix("表")))
    if table is None:
        return []
    rows = table.body()
    by_code: dict[str, Row] = {row.code: row for row in rows if row.code}
    out = []
    for row in rows:
        code = row.code or ""
        if len(code) != width or row.amount("total") == 0:
            continue
        lei, kuan = by_code.get(code[:3]), by_code.get(code[:5])
        names = (lei.name if lei else "", kuan.name if kuan else "", row.name)
        out.append(Item(code, names, row.amount("total"), row.cells.get("total", "")))
    return out


# ── the figure source of a "tables" story ────────────────────────────────────────────────


class TableSource:
    """The values a "tables" story's templates name (:class:`~.template.Source`), with the
    inputs found missing."""

    def __init__(self, values: Values) -> None:
        self.v = values
        self.budget = values.budget
        self.missing: list[Missing] = []
        self.section = ""

    @property
    def places(self) -> int:
        section = next((s for s in self.v.story.sections if s.number == self.section), None)
        return self.v.places(section) if section is not None else 2

    def wan(self, amount: Decimal) -> str:
        """万元 as the book prints them: two decimals (``950.12``), or whole (``17,192``)."""
        if self.places == 0:
            return f"{amount.quantize(Decimal(1), rounding=ROUND_HALF_UP, context=WIDE):,.0f}"
        return wan(amount)

    def need(self, sheet: str, what: str) -> str:
        missing = Missing(self.section, SHEETS[sheet].name, what)
        if missing not in self.missing:
            self.missing.append(missing)
        return missing.marker

    def label(self, name: str) -> str:
        return self.v.label(name)

    def amount(self, name: str) -> str:
        value = self.v.amounts.get(name)
        if value is None:
            sheet = self.v.story.inputs.get(name, "表.").partition(".")[0]
            return self.need(sheet, self.label(name)) if sheet in SHEETS else "【表中无此数】"
        if self.v.kinds.get(name) is ValueKind.COUNT:
            return f"{value:,.0f}"
        return self.wan(value)

    def change(self, current: Decimal | None, prior: Decimal | None, wording: Wording,
               what: str, sheet: str) -> str:
        if current is None:
            return "【表中无此数】"
        if prior is None:
            return wording.missing.replace("{marker}", self.need(sheet, what))
        return phrase(wording, current, prior, self.budget.year, self.wan)

    def value(self, name: str, form: str | None) -> str:
        story = self.v.story
        if name == "year":
            return str(self.budget.year)
        if name == "prior_year":
            return str(self.budget.year - 1)
        if name == "unit":
            return self.budget.unit_name or self.need("sh_overview", "单位名称")
        if name == "level":
            return self.budget.profile.level
        if name == "projects" and form == "missing":
            return self.need(story.projects, "每个项目的项目经费情况（项目名称及七个方面）")
        if form == "change":
            return self.change(self.v.amounts.get(name), self.v.prior(name),
                               story.changes["amount"], f"“{self.label(name)}”的上年预算数",
                               PRIOR)
        if form == "reason":
            return self.v.reason(name) or self.need(PRIOR, f"“{self.label(name)}”的增减主要原因")
        if name in self.v.texts:
            sheet = story.inputs[name].partition(".")[0]
            return self.v.texts[name] or self.need(sheet, self.label(name))
        return self.amount(name)

    def items(self, name: str) -> list[ItemScope] | list[ProjectScope]:
        if name == "projects":
            sheet = self.v.story.projects
            return [ProjectScope(self, r) for r in self.budget.inputs.sheet(sheet)
                    if input_text(r.get("name"))]
        if name != self.v.listing:
            return []  # the other of 项 / 类: this book lists the one its 概况 says
        listed = self.v.items if name == "items" else self.v.categories
        return [ItemScope(self, item) for item in listed]

    def truthy(self, name: str) -> bool:
        return bool(self.v.amounts.get(name))

    def table_missing(self, table: str) -> str | None:
        return None


@dataclass
class ItemScope:
    source: TableSource
    item: Item

    def is_zero(self) -> bool:
        return self.item.amount == 0

    def field(self, name: str, form: str | None) -> str:
        item, source = self.item, self.source
        if name == "path":
            return item.path
        if name == "amount":
            return source.wan(item.amount)
        what = f"{item.code} {item.names[2]}"
        if name == "executed":
            executed = input_decimal(source.v.item_input(item, "executed"))
            if form == "change":
                return source.change(item.amount, executed, source.v.story.changes["executed"],
                                     f"{what}的上年当年预算执行数", ITEMS)
            return source.wan(executed) if executed is not None else source.need(
                ITEMS, f"{what}的上年当年预算执行数")
        column = "uses" if name == "uses" else "reason"
        given = input_text(source.v.item_input(item, column))
        asked = "主要用途" if column == "uses" else "增减原因"
        return given or source.need(ITEMS, f"{what}的{asked}")


@dataclass
class ProjectScope:
    source: TableSource
    record: dict[str, InputValue]

    def is_zero(self) -> bool:
        return False

    def field(self, column: str, form: str | None) -> str:
        source, sheet = self.source, self.source.v.story.projects
        value, name = self.record.get(column), input_text(self.record.get("name"))
        if column == "amount":
            amount = input_decimal(value)
            return source.wan(amount) if amount is not None else source.need(
                sheet, f"“{name}”的项目金额")
        label = next(c.label for c in SHEETS[sheet].columns if c.key == column)
        return input_text(value) or source.need(sheet, f"“{name}”的{label}")


def phrase(wording: Wording, current: Decimal, prior: Decimal, year: int,
           money: Callable[[Decimal], str] = wan) -> str:
    """This year against last year in the story's words: up, down, the same, or new."""
    delta = current - prior
    rate = percent(abs(delta), prior)
    if delta == 0:
        text = wording.same
    elif prior == 0:
        text = wording.new
    else:
        text = wording.up if delta > 0 else wording.down
    return text.replace("{prior_year}", str(year - 1)).replace("{year}", str(year)).replace(
        "{delta}", money(abs(delta))).replace(
        "{rate}", pct(rate).removesuffix("%") if rate is not None else "")
