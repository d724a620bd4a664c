"""Header labels matched to the spec's columns by meaning (xlbudget.read.columns): in any order,
in the words other forms print (the region file's [headers] vocabulary), flattened into one
row, and — where the labels leave a doubt — by the table's own numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xlbudget.read.columns import Matched, match
from xlbudget.spec.model import TableSpec
from xlbudget.spec.regions import region


def _spec(region_key: str, number: int) -> TableSpec:
    return region(region_key).candidates(number)[0]


def _match(region_key: str, number: int, headers: list[list[str]],
           rows: list[list[object]] | None = None) -> Matched:
    """Match header paths (one list of labels per sheet column) over the given data rows."""
    paths = {col: path for col, path in enumerate(headers, start=1)}
    table = rows or []

    def values(col: int) -> list[Decimal | None]:
        out: list[Decimal | None] = []
        for row in table:
            cell = row[col - 1] if col - 1 < len(row) else None
            out.append(Decimal(str(cell)) if isinstance(cell, int | float) else None)
        return out

    spec = _spec(region_key, number)
    return match(spec, paths, region(region_key).header_words, values)


def _by_key(found: Matched) -> dict[str, int]:
    return {key: col for (_, key), col in found.columns.items()}


def test_amount_columns_in_any_order() -> None:
    """项目支出 printed before 基本支出, 合计 last: each column by its label, nothing missing."""
    found = _match("xinjiang", 5, [["功能分类科目编码", "类"], ["功能分类科目编码", "款"],
                                   ["功能分类科目编码", "项"], ["科目名称"], ["项目支出"],
                                   ["基本支出"], ["合计"]])
    assert found.missing == []
    assert _by_key(found) == {"lei": 1, "kuan": 2, "xiang": 3, "name": 4, "project": 5,
                              "basic": 6, "total": 7}
    assert found.choices == []


@pytest.mark.parametrize(("personnel", "public"), [("人员支出", "日常公用经费"),
                                                   ("工资福利支出", "公用经费支出")])
def test_synonyms_from_the_region_file(personnel: str, public: str) -> None:
    """表6's 人员经费/公用经费 under the words other forms use ([headers.synonyms])."""
    found = _match("xinjiang", 6, [["经济分类科目编码", "类"], ["经济分类科目编码", "款"],
                                   ["经济分类科目名称"], ["合计"], [personnel], [public]])
    assert found.missing == []
    assert _by_key(found)["personnel"] == 5 and _by_key(found)["public"] == 6


@pytest.mark.parametrize("label", ["本年预算数", "支出合计", "小计"])
def test_row_total_in_other_words(label: str) -> None:
    """The first amount column of a coded table under another form's word for a total."""
    found = _match("xinjiang", 5, [["科目编码"], ["科目名称"], [label], ["基本支出"],
                                   ["项目支出"]])
    assert _by_key(found)["total"] == 3
    assert ("main", "total") not in found.missing


def test_a_word_for_the_total_does_not_take_a_part() -> None:
    """合计 is the total's word only: under 基本支出 it is still 基本支出's own column."""
    found = _match("xinjiang", 5, [["科目编码"], ["科目名称"], ["合计"], ["基本支出", "合计"],
                                   ["项目支出"]])
    assert _by_key(found)["total"] == 3 and _by_key(found)["basic"] == 4


def test_flattened_header_of_groups() -> None:
    """One header row whose labels join their groups (财政拨款（补助）-一般公共预算)."""
    headers = [["功能分类科目编码", "类"], ["功能分类科目编码", "款"], ["功能分类科目编码", "项"],
               ["科目名称"], ["总计"], ["财政拨款（补助）", "小计"],
               ["财政拨款（补助）", "一般公共预算"], ["财政拨款（补助）", "政府性基金预算"]]
    found = _match("xinjiang", 2, headers)
    assert _by_key(found)["fiscal"] == 6 and _by_key(found)["gpb"] == 7


def test_combined_code_column_under_a_group() -> None:
    """上海 prints its code group under 项目; one code column there (201-05-07) is the code."""
    found = _match("shanghai", 2, [["项目", "功能分类科目编码"], ["项目", "功能分类科目名称"],
                                   ["收入预算", "合计"], ["收入预算", "财政拨款收入"],
                                   ["收入预算", "事业收入"], ["收入预算", "事业单位经营收入"],
                                   ["收入预算", "其他收入"]],
                   [["201", "一般公共服务支出", 10, 10, 0, 0, 0]])
    assert found.combined_code == {"main": 1}
    assert found.missing == []


def test_shanghai_expense_under_another_word() -> None:
    """上海 表4's 支出 side labelled 支出功能分类科目 instead of 项目."""
    found = _match("shanghai", 4, [["财政拨款收入", "项目"], ["财政拨款收入", "预算数"],
                                   ["支出功能分类科目"], ["财政拨款支出", "合计"],
                                   ["财政拨款支出", "一般公共预算"],
                                   ["财政拨款支出", "政府性基金预算"],
                                   ["财政拨款支出", "国有资本经营预算"]])
    assert found.missing == []
    assert found.columns[("expense", "expense_item")] == 3
