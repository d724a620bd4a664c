"""The spec: profiles, tables, header labels as published."""

from __future__ import annotations

from itertools import product

import pytest

from xlbudget.spec.inputs import INPUT_SHEETS
from xlbudget.spec.model import ColumnKind, RowSource
from xlbudget.spec.profiles import Profile, ProfileError, base_profiles, profile
from xlbudget.spec.regions import default_region

XINJIANG = default_region()
OPTIONS = ("t2-15", "t4-carryover", "t89-nosplit", "no-t11")
ALL_PROFILES = [
    Profile(level, year, frozenset(o for o, on in zip(OPTIONS, taken, strict=True) if on))
    for level, year, *taken in product(
        ("单位", "部门"), (2024, 2025), (False, True), (False, True), (False, True), (False, True)
    )
]


def table2(columns: int = 16):  # type: ignore[no-untyped-def]
    return XINJIANG.variant(2, frozenset({"t2-15"} if columns == 15 else set()))


def table8(split: bool = True):  # type: ignore[no-untyped-def]
    return XINJIANG.variant(8, frozenset(set() if split else {"t89-nosplit"}))


@pytest.mark.parametrize("chosen", ALL_PROFILES, ids=lambda p: p.name)
def test_every_profile_name_parses_back(chosen: Profile) -> None:
    assert profile(chosen.name) == chosen


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("unit-2024", Profile()),
        ("单位-2024", Profile()),
        ("部门-2025", Profile("部门", 2025)),
        ("unit-2024+t2-15+t89-nosplit+no-t11",
         Profile(options=frozenset({"t2-15", "t89-nosplit", "no-t11"}))),
        ("unit-2024+t2-16", Profile()),
        ("dept-2024+t4-carryover", Profile("部门", 2024, frozenset({"t4-carryover"}))),
    ],
)
def test_profile_names(name: str, expected: Profile) -> None:
    assert profile(name) == expected


@pytest.mark.parametrize("bad", ["", "unit", "unit-1999", "town-2024", "unit-2024+t5-x"])
def test_bad_profile_names_say_what_is_allowed(bad: str) -> None:
    with pytest.raises(ProfileError, match=r"unit-2024|2024|选项"):
        profile(bad)


def test_ten_or_eleven_tables() -> None:
    assert [t.number for t in profile("unit-2024").tables] == list(range(1, 12))
    assert [t.number for t in profile("unit-2024+no-t11").tables] == list(range(1, 11))


@pytest.mark.parametrize("chosen", [p for p in base_profiles() if p.region is XINJIANG],
                         ids=lambda p: p.name)
def test_titles_follow_the_level(chosen: Profile) -> None:
    prefix = "单位" if chosen.level == "单位" else "部门"
    assert [chosen.title(n) for n in (1, 2, 3)] == [
        f"{prefix}收支总体情况表", f"{prefix}收入总体情况表", f"{prefix}支出总体情况表"]
    assert chosen.title(10) == "财政拨款“三公”经费支出情况表"


@pytest.mark.parametrize("chosen", ALL_PROFILES[:16], ids=lambda p: p.name)
def test_references_inside_each_table_resolve(chosen: Profile) -> None:
    for spec in chosen.tables:
        keys = [c.key for c in spec.leaves]
        for block in spec.blocks:
            block_keys = {c.key for c in block.leaves}
            assert len(block_keys) == len(block.leaves), f"{spec.label} duplicate column key"
            for column in block.leaves:
                for part in column.sum_of:
                    assert block.column(part).kind is ColumnKind.AMOUNT
            fixed = {r.key for r in block.fixed_rows}
            for row in block.fixed_rows:
                assert set(row.parts) <= fixed, f"{spec.label} {row.key} parts"
        assert len(keys) == len(set(keys)) or len(spec.blocks) > 1


# Header labels as printed in the published workbooks (samples/published/000.xlsx, 004.xlsx).
PUBLISHED_LEAVES = {
    3: ["类", "款", "项", "科目名称", "合计", "基本支出", "项目支出"],
    6: ["类", "款", "科目名称", "合计", "人员经费", "公用经费"],
    7: ["类", "款", "项", "科目名称", "项目名称", "项目支出合计", "工资福利支出", "商品和服务支出",
        "对个人和家庭的补助", "债务利息及费用支出", "资本性支出（基本建设）", "资本性支出",
        "对企业补助（基本建设）", "对企业补助", "对社会保障基金补助", "其他支出"],
    10: ["“三公”经费支出内容", "合计", "一般公共预算", "政府性基金", "国有资本经营预算"],
    11: ["项目名称", "总计", "合计", "人员经费", "公用经费", "项目支出", "合计", "人员经费",
         "公用经费", "项目支出"],
}


@pytest.mark.parametrize("number", sorted(PUBLISHED_LEAVES))
def test_leaf_labels_match_the_published_headers(number: int) -> None:
    leaves = profile("unit-2024").table(number).leaves
    assert [c.label for c in leaves] == PUBLISHED_LEAVES[number]


def test_table2_variants() -> None:
    assert len(table2(16).leaves) == 16
    assert [c.label for c in table2(15).leaves][-5:] == [
        "国有资本经营预算", "财政专户（教育收费）", "单位资金", "财政拨款结转",
        "非财政拨款结转结余"]
    assert table2(16).blocks[0].column("special").matches("财政专户（教育费）")  # 004's label


def test_table8_split_variants() -> None:
    assert [c.key for c in table8(True).leaves][4:] == ["total", "personnel", "public", "project"]
    assert [c.key for c in table8(False).leaves][4:] == ["total", "basic", "project"]
    assert table8(True).header_depth == 2


def test_fixed_rows_and_row_sources() -> None:
    t1 = profile("unit-2024").table(1)
    income = t1.block("income")
    assert income.rows is RowSource.FIXED and t1.block("expense").rows is RowSource.CATEGORIES
    assert income.fixed_row("unit_funds").parts == (
        "unit_business", "unit_grant", "unit_affiliate", "unit_operating", "unit_other")
    assert income.fixed_row("gf").matches("2. 基金预算拨款")  # 004's label
    assert income.total is not None and income.total.label == "收入总计"
    t4 = profile("unit-2024+t4-carryover").table(4)
    assert [r.key for r in t4.block("income").fixed_rows if r.indent == 0] == [
        "current", "carryover"]


def test_labels_compare_width_and_space_insensitively() -> None:
    t10 = profile("unit-2024").table(10).blocks[0]
    assert t10.column("item").matches("三公支出内容")
    assert t10.fixed_row("total").matches("合 计")
    assert profile("unit-2024").table(2).matches_title("单位收入总体情况表 ")
    assert profile("unit-2024").table(3).blocks[0].column("name").matches("功能分类科目名称")


def test_input_sheets_have_unique_names_and_keys() -> None:
    assert len({s.name for s in INPUT_SHEETS}) == len(INPUT_SHEETS)
    for sheet in INPUT_SHEETS:
        keys = [r.key for r in sheet.rows]
        assert len(keys) == len(set(keys)), sheet.name
        for row in sheet.rows:
            assert set(row.sum_of) <= set(keys)
