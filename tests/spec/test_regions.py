"""Regions as data: the TOML files load, describe what the code used to, and a mistake in a
file is reported with its line."""

from __future__ import annotations

import dataclasses
import json
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

from xlbudget.check.rulebook import rules
from xlbudget.spec.regions import RegionError, default_region, load, regions

DATA = Path(__file__).parent / "data"
XINJIANG_FILE = Path(__file__).parents[2] / "toolkit/xlbudget/spec/regions/xinjiang.toml"


def _plain(value: Any) -> Any:
    """A spec as JSON-like data: dataclasses as dicts (with their type), enums as values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {"type": type(value).__name__}
        out.update({f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)})
        return out
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _vocabulary(spec: Any, out: dict[str, set[str]], path: str = "") -> None:
    """Take every node's aliases out of a dumped spec into ``out`` (by the node's place)."""
    if isinstance(spec, dict):
        if "aliases" in spec:
            out[path] = set(spec.pop("aliases"))
        for key, value in spec.items():
            _vocabulary(value, out, f"{path}/{key}")
    elif isinstance(spec, list):
        for index, value in enumerate(spec):
            _vocabulary(value, out, f"{path}/{index}")


def test_xinjiang_file_states_the_tables_the_code_built() -> None:
    """xinjiang_specs.json is every variant of the eleven tables as the Python spec built them
    before they moved to xinjiang.toml (dumped at commit 49f11fe): no change of behaviour, but
    for the header vocabulary, which has grown since (every alias then is one now)."""
    before = json.loads((DATA / "xinjiang_specs.json").read_text(encoding="utf-8"))
    region = default_region()
    now = {str(n): [_plain(spec) for spec in region.candidates(n)] for n in region.numbers}
    # Fields added since (a table's printed unit, numbered 类 rows, optional columns) keep
    # their 新疆 default — but 表7's 经济分类 columns, which forms print only with money.
    for number, variants in now.items():
        for spec in variants:
            assert spec.pop("unit") == "万元"
            for block in spec["blocks"]:
                assert block.pop("numbered") is False
                for column in _leaf_dicts(block["columns"]):
                    optional = column.pop("optional")
                    assert optional is (number == "7" and column["key"].startswith("e"))
    old_words: dict[str, set[str]] = {}
    new_words: dict[str, set[str]] = {}
    _vocabulary(before, old_words)
    _vocabulary(now, new_words)
    assert now == before
    assert all(words <= new_words[place] for place, words in old_words.items())


def _leaf_dicts(nodes: list[Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for node in nodes:
        out.extend(_leaf_dicts(node["children"]) if node["type"] == "Group" else [node])
    return out


def test_every_shipped_region_builds_its_rules() -> None:
    for region in regions():
        built = rules(region)
        assert built, region.key
        assert len({r.id for r in built}) == len(built)
    # the code-built rulebook's 99, and the two rules for a 表8/表9 left out (issue 22)
    assert len(rules(default_region())) == 101


def _broken(tmp_text: str, old: str, new: str) -> str:
    assert old in tmp_text
    return tmp_text.replace(old, new, 1)


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


XINJIANG = XINJIANG_FILE.read_text(encoding="utf-8")


@pytest.mark.parametrize(("old", "new", "needle", "words"), [
    ('rows = "functional"', 'rows = "functionl"', 'rows = "functionl"', "rows"),
    ('{ key = "special", label = "4.财政专户核拨"', '{ key = "special", lable = "4.财政专户核拨"',
     'lable = "4.财政专户核拨"', "lable"),
    ('sum_of = ["basic", "project"]', 'sum_of = ["basic", "projet"]', '"projet"', "projet"),
    ('number = 3\n', 'number = 3\noption = "t3-x"\n', 'option = "t3-x"', "t3-x"),
    ('"@functional_codes"', '"@functional_code"', '"@functional_code"', "@functional_code"),
    ('kind = "类"', 'kind = "lei"', 'kind = "lei"', "kind"),
    ('totals = [', 'total = [', "[headers]", "total"),
    ('"人员经费" = ["人员经费支出", "人员支出", "工资福利", "工资福利支出"]',
     '"人员经费" = "人员支出"', "[headers]", "人员经费"),
])
def test_a_mistake_in_a_region_file_names_its_line(old: str, new: str, needle: str,
                                                    words: str) -> None:
    text = _broken(XINJIANG, old, new)
    with pytest.raises(RegionError) as caught:
        load(text, "xinjiang.toml")
    message = str(caught.value)
    assert f"第 {_line_of(text, needle)} 行" in message, message
    assert words in message


def test_a_syntax_error_names_its_line() -> None:
    text = _broken(XINJIANG, 'number = 5\n', 'number = = 5\n')
    with pytest.raises(RegionError, match=rf"第 {_line_of(text, 'number = = 5')} 行：TOML"):
        load(text, "xinjiang.toml")


@pytest.mark.parametrize(("old", "new", "words"), [
    ('check = { kind = "row_sums", table = "{n}" }', 'check = { kind = "row_sum", table = "{n}" }',
     "row_sum"),
    ('right = "表1.收入总计.预算数", table = 2', 'right = "表1.收入合计.预算数", table = 2',
     "收入合计"),
    ('{ kind = "per_code", actual = [2, "total"], expected = [[1, "expense_amount"]], level = 3 }',
     '{ kind = "per_code", actual = [2, "total"], expect = [[1, "expense_amount"]], level = 3 }',
     "expect"),
    ('severity = "warning"', 'severity = "warn"', "warn"),
])
def test_a_mistake_in_a_rule_names_the_rule_line(old: str, new: str, words: str) -> None:
    text = _broken(XINJIANG, old, new)
    region = load(text, "xinjiang.toml")
    with pytest.raises(RegionError) as caught:
        rules(region)
    message = str(caught.value)
    line = int(message.split("第 ")[1].split(" 行")[0])
    lines = text.splitlines()
    assert lines[line - 1].strip() == "[[rule]]"
    end = next((n for n in range(line, len(lines)) if lines[n].strip() == "[[rule]]"), len(lines))
    assert new in "\n".join(lines[line - 1:end])  # the rule that holds the mistake
    assert words in message
