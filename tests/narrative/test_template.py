"""The one engine that writes every region's 说明 from its [story]: the template syntax
(placeholders, [A|B] segments, lists joined or one per paragraph, conditions), and the 新疆 说明
written from xinjiang.toml — its wording is data: change the file, the text changes."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pytest

from xlbudget.narrative.computed import ComputedSource
from xlbudget.narrative.story import narrate
from xlbudget.narrative.template import Writer, fill
from xlbudget.read.workbook import read_workbook
from xlbudget.spec.story import StoryError, load_story

ROOT = Path(__file__).parents[2]


def _values(**given: str | None):  # type: ignore[no-untyped-def]
    return lambda name, form: given.get(name if form is None else f"{name}:{form}")


@pytest.mark.parametrize(("text", "values", "expected"), [
    ("收入 {a} 万元", {"a": "1.00"}, "收入 1.00 万元"),
    ("{a|无}。", {}, "无。"),
    ("甲[，占 {s}]。", {"s": "5.00%"}, "甲，占 5.00%。"),
    ("甲[，占 {s}]。", {}, "甲。"),
    ("甲[，主要原因是：{r}。|。]", {"r": "增人"}, "甲，主要原因是：增人。"),
    ("甲[，主要原因是：{r}。|。]", {}, "甲。"),
    ("[{a} 与 {b}|缺]", {"a": "1"}, "缺"),
    ("{x:join|无}", {"x:join": "甲、乙"}, "甲、乙"),
])
def test_fill(text: str, values: dict[str, str], expected: str) -> None:
    assert fill(text, _values(**values)) == expected


@dataclass
class _Scope:
    fields: dict[str, str]
    zero: bool = False

    def field(self, name: str, form: str | None) -> str | None:
        return self.fields.get(name)

    def is_zero(self) -> bool:
        return self.zero


@dataclass
class _Source:
    lists: dict[str, list[_Scope]]
    flags: set[str] = field(default_factory=set)
    section: str = ""

    def value(self, name: str, form: str | None) -> str | None:
        return {"who": "某单位 2024 年", "values.total": "9.00"}.get(name)

    def items(self, name: str) -> list[_Scope]:
        return self.lists.get(name, [])

    def truthy(self, name: str) -> bool:
        return name in self.flags

    def table_missing(self, table: str) -> str | None:
        return "【待补充：表8】" if table == "表8" else None


def _story(paragraphs: list[dict[str, object]], table: str = "") -> object:
    return load_story({"source": "computed", "changes": {"amount": {
        "up": "增", "down": "减", "same": "平", "new": "新"}},
        "section": [{"number": "一", "title": "{who}", "table": table,
                     "paragraph": paragraphs}]})


def _write(paragraphs: list[dict[str, object]], source: _Source, table: str = "") -> list[str]:
    story = _story(paragraphs, table)
    return [p.text for p in Writer(story, source, "单位", 2024).write()]  # type: ignore[arg-type]


ITEMS = [_Scope({"label": "甲", "amount": "1.00"}), _Scope({"label": "乙", "amount": "0.00"},
                                                         zero=True)]


def test_one_paragraph_per_item_with_first_and_zero() -> None:
    para = {"each": "x", "first": "合计 {values.total} 万元，其中：",
            "zero": "{item.label}未安排。", "text": "{n}.{item.label} {item.amount} 万元。"}
    out = _write([para], _Source({"x": ITEMS}))
    assert out == ["一、某单位 2024 年", "合计 9.00 万元，其中：1.甲 1.00 万元。", "乙未安排。"]


def test_items_joined_in_one_paragraph_or_the_empty_text() -> None:
    para = {"each": "x", "join": "、", "wrap": "包括：{list}。", "empty": "包括：无。",
            "text": "{item.label} {item.amount} 万元"}
    assert _write([para], _Source({"x": ITEMS}))[1] == "包括：甲 1.00 万元、乙 0.00 万元。"
    assert _write([para], _Source({}))[1] == "包括：无。"
    assert _write([{**para, "skip": 1}], _Source({"x": ITEMS}))[1] == "包括：乙 0.00 万元。"


def test_conditions_and_otherwise_chain() -> None:
    paragraphs = [{"when": "blank", "text": "空表。"},
                  {"otherwise": True, "text": "有表。"},
                  {"otherwise": True, "text": "其中："},
                  {"unless": ["a", "b"], "text": "都没有。"}]
    assert _write(paragraphs, _Source({}, {"blank"}))[1:] == ["空表。", "都没有。"]
    assert _write(paragraphs, _Source({}, {"b"}))[1:] == ["有表。", "其中："]


def test_a_section_whose_table_is_absent_keeps_its_heading_and_says_so() -> None:
    out = _write([{"text": "不应出现。"}], _Source({}), table="表8")
    assert out == ["一、某单位 2024 年", "【待补充：表8】"]


def test_an_unknown_placeholder_or_key_in_a_story_is_an_error() -> None:
    with pytest.raises(StoryError, match="nothing"):
        _story([{"text": "{nothing.here}"}])
    with pytest.raises(StoryError, match="colour"):
        _story([{"text": "x", "colour": "red"}])


def _xinjiang_story() -> dict[str, object]:
    text = (resources.files("xlbudget.spec") / "regions" / "xinjiang.toml").read_text(
        encoding="utf-8")
    story: dict[str, object] = tomllib.loads(text)["story"]
    return story


def test_the_xinjiang_text_is_written_from_its_region_file() -> None:
    budget = read_workbook(ROOT / "samples" / "park-2024.xlsx").budget
    paragraphs = [p.text for p in narrate(budget).paragraphs]
    doc = _xinjiang_story()
    sections = doc["section"]
    assert isinstance(sections, list)
    sections[0]["paragraph"][0]["text"] = "收支总预算合计 {values.total} 万元。"
    doc["changes"]["amount"]["up"] = "较上年增加 {delta} 万元（{rate}%）"  # type: ignore[index]
    story = load_story(doc)
    assert story is not None
    source = ComputedSource(budget, story)
    changed = [p.text for p in Writer(story, source, "单位", budget.year).write()]
    assert len(changed) == len(paragraphs)
    differ = [(a, b) for a, b in zip(paragraphs, changed, strict=True) if a != b]
    assert differ[0][1].startswith("收支总预算合计 ")
    assert any("较上年增加" in b and "比上年预算增加" in a for a, b in differ)
    assert all(("较上年增加" in b) or b.startswith("收支总预算合计") for _, b in differ)
