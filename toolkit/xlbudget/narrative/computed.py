"""The figure source of a "computed" story (新疆): the figures :mod:`.figures` computes from
the eleven tables and the input sheets, under the names the region file's templates use.

- ``values.<key>`` an amount (``values.total``, ``values.fiscal.gpb``), ``lists.<key>:join`` the
  names a sentence enumerates (``、``), ``first.<list>.<field>`` a field of a list's first item;
- ``blank.<section>`` (八, 九, 十一: the table is blank), ``projects`` (表7 has projects);
- ``form.<sheet>.<key>`` a 十二 figure from an input sheet, ``{form.<sheet>:missing}`` the
  marker for a sheet left empty;
- items (``each``): the lists of :class:`~.figures.Figures` by section (二, 三, 五(一) …),
  ``四.funds`` (the funds with money), ``projects``; fields ``label``, ``amount``, ``share``,
  ``change`` (``:bare`` without the wording's prefix), ``reason``, ``use`` (``:plain``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from xlbudget.model import Budget
from xlbudget.narrative import section12
from xlbudget.narrative.figures import Figures, Item, Project, compute
from xlbudget.narrative.inputs import Missing
from xlbudget.narrative.numbers import pct, wan
from xlbudget.narrative.regional import phrase
from xlbudget.spec.story import Story

FUNDS = {"gpb": "一般公共预算拨款", "gf": "政府性基金预算拨款", "soe": "国有资本经营预算拨款"}
FORM_SHEETS = {"procurement": "政府采购", "assets": "国有资产", "performance": "绩效"}
FORM_LABELS = {"as_of": "统计截至时间", "overall_targets": "整体预算绩效目标个数",
               "nonfiscal_projects": "非财政拨款项目个数"}


class ComputedSource:
    def __init__(self, budget: Budget, story: Story) -> None:
        self.budget = budget
        self.story = story
        self.f: Figures = compute(budget)
        self.missing: list[Missing] = self.f.missing
        self.section = ""

    def need(self, sheet: str, what: str) -> str:
        missing = Missing(self.section, sheet, what)
        if missing not in self.missing:
            self.missing.append(missing)
        return missing.marker

    # ── values ───────────────────────────────────────────────────────────────────────────
    def value(self, name: str, form: str | None) -> str | None:
        head, _, rest = name.partition(".")
        if name == "unit":
            return self.f.unit
        if name == "year":
            return str(self.f.year)
        if name == "who":
            return f"{self.f.unit} {self.f.year} 年"
        if head == "values":
            amount = self.f.values.get(rest)
            return wan(amount) if amount is not None else None
        if head == "lists":
            return "、".join(self.f.lists.get(rest, [])) or None
        if head == "first":
            listed, _, field = rest.rpartition(".")
            items = self.items(listed)
            return items[0].field(field, form) if items else None
        if head == "form":
            return self.form(rest, form)
        return None

    def form(self, name: str, form: str | None) -> str | None:
        sheet, _, key = name.partition(".")
        if form == "missing":
            return self.need(FORM_SHEETS[sheet], f"{FORM_SHEETS[sheet]}情况")
        given = self.f.forms.get(sheet, {})
        if key in FORM_LABELS:
            value = given.get(key)
            return str(value) if value is not None else self.need(FORM_SHEETS[sheet],
                                                                  FORM_LABELS[key])
        if sheet == "procurement":
            return section12.procurement(given).get(key)
        if sheet == "assets":
            return section12.assets(given).get(key)
        return self.performance().get(key)

    def performance(self) -> dict[str, str]:
        unit_funds = next((i.amount for i in self.f.items["二"]
                           if i.key == "income.unit_funds"), Decimal(0))
        return {"total": wan(self.f.values["total"]),
                "project_count": str(int(self.f.values["project_count"])),
                "projects_total": wan(self.f.values["projects_total"]),
                "unit_funds": wan(unit_funds)}

    # ── items and conditions ─────────────────────────────────────────────────────────────
    def items(self, name: str) -> list[ItemScope] | list[ProjectScope]:
        if name == "projects":
            return [ProjectScope(p) for p in self.f.projects]
        if name == "四.funds":
            listed = [Item(f"fund:{k}", label, self.f.values[f"fiscal.{k}"])
                      for k, label in FUNDS.items() if self.f.values.get(f"fiscal.{k}")]
        else:
            listed = self.f.items.get(name, [])
        return [ItemScope(self, item) for item in listed]

    def truthy(self, name: str) -> bool:
        head, _, rest = name.partition(".")
        if head == "values":
            return bool(self.f.values.get(rest))
        if head == "blank":
            return self.f.blank.get(rest, True)
        if head == "lists":
            return bool(self.f.lists.get(rest))
        if head == "form":
            return any(v is not None for v in self.f.forms.get(rest, {}).values())
        return bool(self.f.projects) if name == "projects" else False

    def table_missing(self, table: str) -> str | None:
        if int(table.removeprefix("表")) not in self.f.absent:
            return None
        return self.need(table, "工作簿缺少此表，本部分无法生成")


@dataclass
class ItemScope:
    source: ComputedSource
    item: Item

    def is_zero(self) -> bool:
        return self.item.amount == 0

    def field(self, name: str, form: str | None) -> str | None:
        item = self.item
        if name == "label":
            return item.label
        if name == "amount":
            return wan(item.amount)
        if name == "share":
            return pct(item.share) if item.share is not None else None
        if name == "change":
            return self.change(form == "bare")
        if name == "reason":
            return self.reason()
        if name == "use":
            if form == "plain":
                return (item.use or "").rstrip("。")
            what = f"{item.key[4:]} {item.label}主要用于"
            return (item.use or self.source.need("用途说明", what)).rstrip("。")
        return None

    def change(self, bare: bool) -> str | None:
        change, wording = self.item.change, self.source.story.changes["amount"]
        if change is None:
            return None
        if change.prior is None:
            what = f"“{self.item.label}”的上年预算数"
            text = wording.missing.replace("{marker}", self.source.need("上年预算数", what))
        else:
            text = phrase(wording, change.current, change.prior, self.source.f.year)
        return text.removeprefix(wording.bare) if bare else text

    def reason(self) -> str | None:
        change = self.item.change
        if change is None or (change.kind == "持平" and not self.item.reason):
            return None
        what = f"“{self.item.label}”增减的主要原因"
        return (self.item.reason or self.source.need("上年预算数", what)).rstrip("。；;")


@dataclass
class ProjectScope:
    project: Project

    def is_zero(self) -> bool:
        return False

    def field(self, name: str, form: str | None) -> str | None:
        if name == "amount":
            return wan(self.project.amount)
        value = getattr(self.project, name, None)
        return str(value) if value is not None else None
