"""The 说明 as region data: which figure each sentence states, from which table or input, what it
is compared with, and its wording by year — the ``[story]`` part of a region file.

One description drives three things (:mod:`xlbudget.narrative.regional`): the figures are
computed from it, the text is rendered from its sentence templates, and a written 说明 is checked
against it (each template's amounts are found in the text by the words just before them).

A sentence template is text with placeholders:

- ``{name}`` a figure: a table reference of ``[story.figures]`` (``表1.收入总计.预算数``) or an
  input of ``[story.inputs]`` (``procurement.goods``), printed as 万元 with two decimals (a count
  as a whole number, a text as written);
- ``{name:change}`` the figure against last year's budget (the ``prior`` input sheet's row
  ``name``), worded by ``[story.changes]``; ``{name:reason}`` that row's reason;
- ``{year}``, ``{prior_year}``, ``{unit}``, ``{level}`` (单位/部门);
- in a paragraph with ``each = "items"`` (one per 项 of the 一般公共预算 table with money) or
  ``each = "categories"`` (one per 类; which of the two a book prints, ``list_level`` says):
  ``{n}``, ``{item.path}``, ``{item.amount}``, ``{item.uses}``, ``{item.executed}``,
  ``{item.executed:change}``, ``{item.reason}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from xlbudget.spec.inputs import SHEETS

PLACEHOLDER = re.compile(r"\{([^{}:|\s\[\]]+)(?::([a-z]+))?(?:\|[^{}]*)?\}")
BUILTINS = {"year", "prior_year", "unit", "level", "n"}
ITEM_FIELDS = {"item.path", "item.amount", "item.uses", "item.executed", "item.reason"}


class StoryError(ValueError):
    """A mistake in a region's ``[story]``: zh and en."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


@dataclass(frozen=True)
class Template:
    """One paragraph: its text, the years whose books print it (empty: every year), and the
    figures that must be non-zero (``when``) or zero (``unless``) for it to be written.

    ``each`` lists an item source, one paragraph per item (``first`` opens the first one; an
    item whose amount is 0 gets ``zero`` instead; ``skip`` leaves out the first items) or, with
    ``join``, every item in one paragraph: ``wrap`` with ``{list}`` for the joined items
    (``empty`` when there is none). ``otherwise``: written only when the paragraph before was
    not. A line break in ``text`` starts a new paragraph."""

    text: str
    years: tuple[int, ...] = ()
    each: str = ""
    when: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    mark: str = ""  # words only this paragraph prints (无机关运行经费): found, they claim `unless`
    join: str | None = None
    wrap: str = "{list}"
    first: str = ""
    empty: str = ""
    zero: str = ""
    skip: int = 0
    otherwise: bool = False
    heading: bool = False  # a sub-heading (（一）…)
    section: str = ""  # the section its missing inputs are listed under (五(三)); default its own

    def serves(self, year: int) -> bool:
        return not self.years or year in self.years


@dataclass(frozen=True)
class Section:
    number: str  # 四
    title: str  # {level}预算编制说明
    paragraphs: tuple[Template, ...]
    decimals: str = ""  # the input that says how many decimals its 万元 have (2, or 0)
    levels: tuple[str, ...] = ()  # the levels whose books have it (empty: both)
    table: str = ""  # the table it is written from: a book without it gets a marker instead


@dataclass(frozen=True)
class Wording:
    """How a change is written: up, down, the same, and from a zero prior year."""

    up: str
    down: str
    same: str
    new: str
    missing: str = "{marker}"  # last year's figure not given: where the marker stands
    bare: str = ""  # what ``{x:bare}`` leaves off the front (比上年预算: 增加 5.00 万元)


@dataclass(frozen=True)
class Balance:
    """Figures the text states that must add up: ``total`` = Σ ``parts`` (``of = "change"``: their
    changes against last year; ``relation`` "<=": ``total`` at most the one part)."""

    total: str
    parts: tuple[str, ...]
    of: str = "amount"
    relation: str = "="


@dataclass(frozen=True)
class Story:
    sections: tuple[Section, ...]
    figures: dict[str, str]  # name → table reference
    inputs: dict[str, str]  # name → "sheet.row"
    changes: dict[str, Wording]  # "amount" (against 上年预算), "executed" (against 执行数)
    items: str  # the table whose 项 rows the ``each = "items"`` paragraphs list (表5)
    projects: str  # the input sheet the ``each = "projects"`` paragraphs list
    balances: tuple[Balance, ...]
    # The input that says whether the list is of 项 or of 类 (市级 books list 类): text with 类.
    list_level: str = ""
    # Where the figures come from: "tables" ([story.figures] references and [story.inputs]) or
    # "computed" (those narrative/figures.py computes: values.*, lists.*, items by section).
    source: str = "tables"
    title: str = ""  # the heading above the sections (第三部分 …), if any

    def names(self) -> set[str]:
        return set(self.figures) | set(self.inputs)

    @property
    def project_fields(self) -> set[str]:
        sheet = SHEETS.get(self.projects)
        return {c.key for c in sheet.columns} if sheet else set()


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise StoryError(f"{what} 应为字符串列表", f"{what} must be a list of strings")
    return tuple(value)


def _text(item: dict[str, Any], key: str, what: str, default: str | None = None) -> str:
    value = item.get(key, default)
    if not isinstance(value, str):
        raise StoryError(f"{what} 缺少文字 {key}", f"{what}: {key} must be a string")
    return value


TEMPLATE_KEYS = {"text", "years", "each", "when", "unless", "mark", "join", "wrap", "first",
                 "empty", "zero", "skip", "otherwise", "heading", "section"}


def _names(item: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = item.get(key, [])
    return (value,) if isinstance(value, str) else _strings(value, f"{where} {key}")


def _template(item: Any, where: str) -> Template:
    if not isinstance(item, dict):
        raise StoryError(f"{where} 应为表", f"{where} must be a table")
    unknown = set(item) - TEMPLATE_KEYS
    if unknown:
        raise StoryError(f"{where} 不认识的键 {', '.join(sorted(unknown))}",
                         f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    years = item.get("years", [])
    if not isinstance(years, list) or not all(isinstance(y, int) for y in years):
        raise StoryError(f"{where} 的 years 应为年份列表",
                         f"{where}: years must be a list of years")
    join = item.get("join")
    if join is not None and not isinstance(join, str):
        raise StoryError(f"{where} 的 join 应为文字", f"{where}: join must be a string")
    skip, otherwise, heading = (item.get(k, d) for k, d in (("skip", 0), ("otherwise", False),
                                                            ("heading", False)))
    if not isinstance(skip, int) or not isinstance(otherwise, bool) or not isinstance(
            heading, bool):
        raise StoryError(f"{where} 的 skip 应为整数，otherwise/heading 应为 true/false",
                         f"{where}: skip must be an integer, otherwise/heading true or false")
    return Template(_text(item, "text", where, ""), tuple(years), _text(item, "each", where, ""),
                    _names(item, "when", where), _names(item, "unless", where),
                    _text(item, "mark", where, ""), join, _text(item, "wrap", where, "{list}"),
                    _text(item, "first", where, ""), _text(item, "empty", where, ""),
                    _text(item, "zero", where, ""), skip, otherwise, heading,
                    _text(item, "section", where, ""))


# The names a "computed" story may use (narrative/figures.py), by their first part.
COMPUTED = ("values.", "lists.", "first.", "form.", "blank.", "items.")
COMPUTED_ITEMS = {"label", "amount", "share", "change", "reason", "use", "name", "basis",
                  "owner", "allocation", "period"}
FORMS = {"tables": {None, "change", "reason", "missing"},
         "computed": {None, "change", "bare", "reason", "join", "plain", "missing"}}
EACH = {"tables": {"items", "categories", "projects"}}


def _known(story: Story, template: Template, name: str) -> bool:
    if name in BUILTINS or name in story.names() or name in ("who", "projects"):
        return True
    field = name.partition(".")[2]
    if story.source == "computed":
        if name.startswith(("item.", "project.")):
            return bool(template.each) and field in COMPUTED_ITEMS
        return name.startswith(COMPUTED)
    if name in ITEM_FIELDS:
        return template.each in ("items", "categories")
    return name.startswith("project.") and template.each == "projects" \
        and field in story.project_fields


def _validate(story: Story) -> None:
    """Every placeholder names a figure, an input or a built-in; the balances name figures."""
    if story.source not in FORMS:
        raise StoryError("[story] 的 source 只能是 tables 或 computed",
                         "[story] source must be \"tables\" or \"computed\"")
    for section in story.sections:
        for index, template in enumerate(section.paragraphs):
            where = f"[story] {section.number} 第 {index + 1} 段"
            if template.each and story.source in EACH and template.each not in EACH[
                    story.source]:
                raise StoryError(f"{where} 的 each 只能是 {'、'.join(sorted(EACH[story.source]))}",
                                 f"{where}: each must be one of "
                                 f"{', '.join(sorted(EACH[story.source]))}")
            texts = (template.text, template.wrap, template.first, template.empty, template.zero)
            for match in (m for t in texts for m in PLACEHOLDER.finditer(t)):
                name, form = match.group(1), match.group(2)
                if name == "list":
                    continue
                if not _known(story, template, name):
                    raise StoryError(f"{where}：占位符 {{{name}}} 未定义",
                                     f"{where}: placeholder {{{name}}} is not defined")
                if form not in FORMS[story.source]:
                    raise StoryError(f"{where}：{match.group(0)} 的写法不对",
                                     f"{where}: {match.group(0)} is not a known form")
            for name in (*template.when, *template.unless):
                if story.source == "tables" and name not in story.names():
                    raise StoryError(f"{where}：when/unless 的 {name} 未定义",
                                     f"{where}: when/unless names {name}, not defined")
    for balance in story.balances:
        for name in (balance.total, *balance.parts):
            if name not in story.names():
                raise StoryError(f"[[story.balance]] 的 {name} 未定义",
                                 f"[[story.balance]] names {name}, not defined")


def _wording(item: dict[str, Any], where: str) -> Wording:
    return Wording(_text(item, "up", where), _text(item, "down", where),
                   _text(item, "same", where), _text(item, "new", where),
                   _text(item, "missing", where, "{marker}"), _text(item, "bare", where, ""))


def load_story(doc: Any) -> Story | None:
    """The ``[story]`` of a region file (None when it has none); raises :class:`StoryError`."""
    if doc is None:
        return None
    if not isinstance(doc, dict):
        raise StoryError("[story] 应为表", "[story] must be a table")
    sections = tuple(
        Section(_text(s, "number", "[[story.section]]"), _text(s, "title", "[[story.section]]"),
                tuple(_template(p, f"[story] {s.get('number')} 段")
                      for p in s.get("paragraph", [])),
                _text(s, "decimals", "[[story.section]]", ""),
                _strings(s.get("levels", []), "[[story.section]] levels"),
                _text(s, "table", "[[story.section]]", ""))
        for s in doc.get("section", []))
    changes = {kind: _wording(w, f"[story.changes.{kind}]")
               for kind, w in doc.get("changes", {}).items()}
    balances = tuple(Balance(_text(b, "total", "[[story.balance]]"),
                             _strings(b.get("parts"), "[[story.balance]] parts"),
                             _text(b, "of", "[[story.balance]]", "amount"),
                             _text(b, "relation", "[[story.balance]]", "="))
                     for b in doc.get("balance", []))
    story = Story(sections, dict(doc.get("figures", {})), dict(doc.get("inputs", {})), changes,
                  _text(doc, "items", "[story]", "表5"), _text(doc, "projects", "[story]", ""),
                  balances, _text(doc, "list_level", "[story]", ""),
                  _text(doc, "source", "[story]", "tables"), _text(doc, "title", "[story]", ""))
    if "amount" not in changes or (story.source == "tables" and "executed" not in changes):
        raise StoryError("[story.changes] 需要 amount（及 tables 的 executed）写法",
                         "[story.changes] needs the amount wording (and executed, for tables)")
    _validate(story)
    return story
