"""The 说明 as text: twelve sections in the publications' wording, from :class:`Figures`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from xlbudget.narrative import section12
from xlbudget.narrative.figures import Figures, Item
from xlbudget.narrative.inputs import Missing
from xlbudget.narrative.numbers import NUMERALS, pct, wan

FISCAL = {"gpb": "一般公共预算拨款", "gf": "政府性基金预算拨款", "soe": "国有资本经营预算拨款"}


@dataclass(frozen=True)
class Paragraph:
    level: int  # 1 section heading, 2 sub-heading, 0 body
    text: str


def money(amount: Decimal) -> str:
    return f"{wan(amount)} 万元"


class Writer:
    def __init__(self, figures: Figures) -> None:
        self.f = figures
        self.out: list[Paragraph] = []

    # ── plumbing ─────────────────────────────────────────────────────────────────────────
    def heading(self, number: int, title: str) -> None:
        self.out.append(Paragraph(1, f"{NUMERALS[number - 1]}、{title}"))

    def sub(self, text: str) -> None:
        self.out.append(Paragraph(2, text))

    def say(self, text: str) -> None:
        self.out.append(Paragraph(0, text))

    def need(self, section: str, sheet: str, what: str) -> str:
        missing = Missing(section, sheet, what)
        if missing not in self.f.missing:
            self.f.missing.append(missing)
        return missing.marker

    @property
    def who(self) -> str:
        return f"{self.f.unit} {self.f.year} 年"

    def change(self, item: Item, section: str) -> str:
        """``，比上年预算增加 X 万元，增长 Y%``; the marker when last year's figure is missing."""
        if item.change is None:
            return ""
        if item.change.kind is None:
            what = f"“{item.label}”的上年预算数"
            return "，比上年预算增减" + self.need(section, "上年预算数", what)
        return f"，{item.change.phrase()}"

    def reason(self, item: Item, section: str) -> str:
        if item.change is None or (item.change.kind == "持平" and not item.reason):
            return ""
        text = item.reason or self.need(section, "上年预算数", f"“{item.label}”增减的主要原因")
        return f"主要原因是：{text.rstrip('。；;')}。"

    def line(self, item: Item, section: str, share: bool = True) -> str:
        """``一般公共预算 1,617.71 万元，占 26.91%，比上年预算增加 …，主要原因是：…。``"""
        text = f"{item.label} {money(item.amount)}"
        if share and item.share is not None:
            text += f"，占 {pct(item.share)}"
        text += self.change(item, section)
        reason = self.reason(item, section)
        return f"{text}，{reason}" if reason else f"{text}。"

    # ── sections ─────────────────────────────────────────────────────────────────────────
    def one(self) -> None:
        self.heading(1, f"关于{self.who}收支预算情况的总体说明")
        self.say(f"按照全口径预算的原则，{self.who}所有收入和支出均纳入单位预算管理。"
                 f"收支总预算 {money(self.f.values['total'])}。")
        self.say(f"收入预算包括：{'、'.join(self.f.lists['一.income']) or '无'}。")
        self.say(f"支出预算包括：{'、'.join(self.f.lists['一.expense']) or '无'}。")

    def two(self) -> None:
        self.heading(2, f"关于{self.who}收入预算情况说明")
        self.say(f"{self.f.unit}收入预算 {money(self.f.values['total'])}，其中：")
        for item in self.f.items["二"]:
            self.say(self.line(item, "二") if item.amount else f"{item.label}未安排。")

    def three(self) -> None:
        self.heading(3, f"关于{self.who}支出预算情况说明")
        self.say(f"{self.who}支出预算 {money(self.f.values['expense_total'])}，其中：")
        for item in self.f.items["三"]:
            self.say(self.line(item, "三"))

    def four(self) -> None:
        self.heading(4, f"关于{self.who}财政拨款收支预算情况的总体说明")
        self.say(f"{self.f.year} 年财政拨款收支总预算 {money(self.f.values['fiscal_total'])}。")
        present = [k for k in FISCAL if self.f.values.get(f"fiscal.{k}")]
        if present == ["gpb"]:
            self.say("收入全部为一般公共预算拨款，无政府性基金预算拨款和国有资本经营预算拨款。")
        parts = [f"{FISCAL[k]} {money(self.f.values[f'fiscal.{k}'])}" for k in present]
        self.say(f"收入预算包括：{'、'.join(parts) or '无'}。")
        for key in present:
            uses = []
            for item in self.f.items[f"四.{key}"]:
                text = f"{item.label} {money(item.amount)}"
                if key == "gpb":
                    what = f"{item.key[4:]} {item.label}主要用于"
                    use = item.use or self.need("四", "用途说明", what)
                    text += f"，主要用于{use.rstrip('。')}"
                uses.append(text)
            self.say(f"{FISCAL[key].removesuffix('拨款')}支出包括：{'。'.join(uses)}。")

    def five(self) -> None:
        self.heading(5, f"关于{self.who}一般公共预算当年拨款情况说明")
        self.sub("（一）一般公共预算当年拨款规模变化情况")
        basic, project = self.f.items["五(一)"]
        self.say(f"{self.who}一般公共预算拨款合计 {money(self.f.values['gpb_total'])}，其中："
                 f"{self.line(basic, '五(一)', share=False)}")
        self.say(self.line(project, "五(一)", share=False))
        self.sub("（二）一般公共预算当年拨款结构情况")
        for index, item in enumerate(self.f.items["五(二)"], start=1):
            share = pct(item.share or Decimal(0))
            self.say(f"{index}、{item.label}（类）{money(item.amount)}，占 {share}。")
        self.sub("（三）一般公共预算当年拨款具体使用情况")
        for index, item in enumerate(self.f.items["五(三)"], start=1):
            text = f"{index}.{item.label}：{self.f.year} 年预算数为 {money(item.amount)}"
            text += self.change(item, "五(三)")
            reason = self.reason(item, "五(三)")
            self.say(f"{text}，{reason}" if reason else f"{text}。")

    def six(self) -> None:
        self.heading(6, f"关于{self.who}一般公共预算基本支出情况说明")
        self.say(f"{self.who}一般公共预算基本支出 {money(self.f.values['basic_total'])}，其中：")
        for key, label in (("personnel", "人员经费"), ("public", "公用经费")):
            names = "、".join(self.f.lists[f"六.{key}"])
            listed = f"，主要包括：{names}。" if names else "。"
            self.say(f"{label} {money(self.f.values[key])}{listed}")

    def seven(self) -> None:
        self.heading(7, f"关于{self.who}一般公共预算项目支出情况说明")
        if not self.f.projects:
            self.say(f"{self.who}没有一般公共预算项目支出。")
        for index, project in enumerate(self.f.projects, start=1):
            self.say(f"{index}、项目名称：{project.name}")
            self.say(f"设立的政策依据：{project.basis}")
            self.say(f"预算安排规模：{money(project.amount)}")
            self.say(f"项目承担单位：{project.owner}")
            self.say(f"资金分配情况：{project.allocation}")
            self.say(f"资金执行时间：{project.period}")

    def fund(self, number: int, section: str, name: str) -> None:
        self.heading(number, f"关于{self.who}{name}拨款情况说明")
        if self.f.blank[section]:
            self.say(f"{self.who}没有使用{name}拨款安排的支出，{name}支出情况表为空表。")
            return
        parts = "、".join(f"{i.label} {money(i.amount)}" for i in self.f.items[section])
        self.say(f"{self.who}{name}拨款支出包括：{parts}。")

    def ten(self) -> None:
        self.heading(10, f"关于{self.who}财政拨款“三公”经费预算情况说明")
        total, *items = self.f.items["十"]
        listed = "，".join(f"{i.label} {money(i.amount)}" for i in items)
        self.say(f"{self.who}财政拨款“三公”经费数为 {money(total.amount)}，其中：{listed}。")
        parts = []
        for item in items:
            change = self.change(item, "十").removeprefix("，比上年预算").removeprefix("，")
            part = f"{item.label}{change}"
            reason = self.reason(item, "十").removesuffix("。")
            parts.append(f"{part}，{reason}" if reason else part)
        head = f"{self.f.year} 年财政拨款“三公”经费{self.change(total, '十').removeprefix('，')}"
        self.say(f"{head}，其中：{'；'.join(parts)}。")

    def eleven(self) -> None:
        self.heading(11, f"关于{self.who}上年结转结余预算情况说明")
        if self.f.blank.get("十一", True) and not self.f.values.get("carryover"):
            self.say(f"{self.who}没有上年结转结余。")
            return
        self.say(f"{self.who}上年结转结余 {money(self.f.values['carryover'])}，包括：财政拨款 "
                 f"{money(self.f.values['carry_fiscal'])}，非财政拨款 "
                 f"{money(self.f.values['carry_nonfiscal'])}，其中：")
        for index, item in enumerate(self.f.items["十一"], start=1):
            use = (item.use or "").rstrip("。")
            self.say(f"{index}.{item.label} {money(item.amount)}，主要用于：{use}。")

    def twelve(self) -> None:
        self.heading(12, "其他重要事项的情况说明")
        self.sub("（一）机关运行经费情况")
        running = self.line(self.f.items["十二(一)"][0], "十二(一)", share=False)
        self.say(f"{self.who}机关运行经费财政拨款预算{running.removeprefix('机关运行经费')}")
        self.sub("（二）政府采购情况")
        self.say(self.form("procurement", "十二(二)", "政府采购", section12.PROCUREMENT,
                           section12.procurement))
        self.sub("（三）国有资产占用使用情况")
        self.say(self.form("assets", "十二(三)", "国有资产", section12.ASSETS, section12.assets))
        self.sub("（四）预算绩效情况")
        self.say(self.form("performance", "十二(四)", "绩效", section12.PERFORMANCE,
                           self.performance))

    def form(self, sheet: str, section: str, name: str, template: str,
             values: Callable[[dict[str, object]], dict[str, str]]) -> str:
        """A 十二 sentence from an input sheet; each blank without input gets its marker."""
        given = self.f.forms.get(sheet, {})
        if not any(v is not None for v in given.values()) and sheet != "performance":
            return self.need(section, name, f"{name}情况")
        filled = {"year": str(self.f.year), "unit": self.f.unit, **values(given)}
        for key in ("as_of", "overall_targets", "nonfiscal_projects"):
            if f"{{{key}}}" in template and key not in filled:
                value = given.get(key)
                filled[key] = str(value) if value is not None else self.need(
                    section, name, INPUT_LABELS[key])
        return template.format(**filled)

    def performance(self, given: dict[str, object]) -> dict[str, str]:
        unit_funds = next((i.amount for i in self.f.items["二"]
                           if i.key == "income.unit_funds"), Decimal(0))
        del given
        return {"total": wan(self.f.values["total"]),
                "project_count": str(int(self.f.values["project_count"])),
                "projects_total": wan(self.f.values["projects_total"]),
                "unit_funds": wan(unit_funds)}


INPUT_LABELS = {"as_of": "统计截至时间", "overall_targets": "整体预算绩效目标个数",
                "nonfiscal_projects": "非财政拨款项目个数"}


# The table each section is computed from: a book without it gets a marker, not zeros.
SOURCES = {"一": 1, "二": 1, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
           "十": 10, "十一": 11}


def render(figures: Figures) -> list[Paragraph]:
    """The full 说明, sections 一 to 十二."""
    writer = Writer(figures)
    writer.out.append(Paragraph(1, f"第三部分 {figures.year} 年单位预算情况说明"))
    for section, write in (("一", writer.one), ("二", writer.two), ("三", writer.three),
                           ("四", writer.four), ("五", writer.five), ("六", writer.six),
                           ("七", writer.seven),
                           ("八", lambda: writer.fund(8, "八", "政府性基金预算")),
                           ("九", lambda: writer.fund(9, "九", "国有资本经营预算")),
                           ("十", writer.ten), ("十一", writer.eleven), ("十二", writer.twelve)):
        start = len(writer.out)
        write()
        table = SOURCES.get(section)
        if table in figures.absent:  # keep the heading; the body would be made of zeros
            marker = writer.need(section, f"表{table}", "工作簿缺少此表，本部分无法生成")
            writer.out[start + 1:] = [Paragraph(0, marker)]
    return writer.out


def as_markdown(paragraphs: list[Paragraph]) -> str:
    lines = []
    for paragraph in paragraphs:
        prefix = {1: "## ", 2: "### "}.get(paragraph.level, "")
        lines.append(f"{prefix}{paragraph.text}")
    return "\n\n".join(lines) + "\n"
