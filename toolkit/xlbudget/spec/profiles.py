"""Profiles: which variant of each table a workbook uses, selectable by name.

A profile is level (单位/部门) × year × four layout options seen in real books. Its name is the
base ``unit-2024`` / ``dept-2025`` (Chinese ``单位-2024`` / ``部门-2025`` also accepted) followed by
``+option`` for each non-default option:

``t2-15``         表2 without 上级国有资本经营预算安排的转移支付 (15 columns; default 16)
``t4-carryover``  表4 with 二、上年结转 rows (default: 当年拨款 only, as in the seeds)
``t89-nosplit``   表8/表9 基本支出 not split into 人员经费/公用经费 (default split)
``no-t11``        10 tables, no 表11 (then 表1 上年结转结余 must be 0)

e.g. 004 (a 2024 单位 book with a 15-column 表2 and no 表11) is ``unit-2024+t2-15+no-t11``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from xlbudget.spec import tables
from xlbudget.spec.catalog import years as catalogue_years
from xlbudget.spec.model import TableSpec

LEVELS = {"unit": "单位", "dept": "部门", "单位": "单位", "部门": "部门"}
LEVEL_SLUG = {"单位": "unit", "部门": "dept"}
YEARS = catalogue_years()  # a year is supported when its catalogue is shipped


@dataclass(frozen=True)
class Profile:
    level: str = "单位"
    year: int = 2024
    t2_columns: int = 16
    t4_carryover: bool = False
    t89_split: bool = True
    with_t11: bool = True

    @property
    def name(self) -> str:
        options = [
            opt
            for opt, on in (
                ("t2-15", self.t2_columns == 15),
                ("t4-carryover", self.t4_carryover),
                ("t89-nosplit", not self.t89_split),
                ("no-t11", not self.with_t11),
            )
            if on
        ]
        return "+".join([f"{LEVEL_SLUG[self.level]}-{self.year}", *options])

    @cached_property
    def tables(self) -> tuple[TableSpec, ...]:
        specs = [
            tables.table1(),
            tables.table2(self.t2_columns),
            tables.table3(),
            tables.table4(self.t4_carryover),
            tables.table5(),
            tables.table6(),
            tables.table7(),
            tables.table8(self.t89_split),
            tables.table9(self.t89_split),
            tables.table10(),
        ]
        if self.with_t11:
            specs.append(tables.table11())
        return tuple(specs)

    def table(self, number: int) -> TableSpec:
        for spec in self.tables:
            if spec.number == number:
                return spec
        raise KeyError(f"profile {self.name} has no 表{number}")

    def has_table(self, number: int) -> bool:
        return any(spec.number == number for spec in self.tables)

    def title(self, number: int) -> str:
        return self.table(number).title(self.level)


_OPTIONS = {
    "t2-15": {"t2_columns": 15},
    "t2-16": {"t2_columns": 16},
    "t4-carryover": {"t4_carryover": True},
    "t89-nosplit": {"t89_split": False},
    "no-t11": {"with_t11": False},
}


class ProfileError(ValueError):
    """A profile name that does not parse; the message says which part and what is allowed."""


def profile(name: str) -> Profile:
    """Parse a profile name such as ``unit-2024`` or ``部门-2025+t4-carryover``."""
    base, *options = name.strip().split("+")
    level_text, _, year_text = base.partition("-")
    if level_text not in LEVELS or not year_text.isdigit():
        raise ProfileError(
            f"无法识别的配置 {name!r}：应为 unit-2024、dept-2025、单位-2024 等 / "
            f"unknown profile {name!r}: expected e.g. unit-2024, dept-2025"
        )
    year = int(year_text)
    if year not in YEARS:
        raise ProfileError(f"不支持的年度 {year}（支持 {YEARS}）/ unsupported year {year}")
    result = Profile(level=LEVELS[level_text], year=year)
    for option in options:
        if option not in _OPTIONS:
            raise ProfileError(
                f"未知选项 {option!r}（可选 {', '.join(_OPTIONS)}）/ unknown option {option!r}"
            )
        result = replace(result, **_OPTIONS[option])  # type: ignore[arg-type]
    return result


def base_profiles() -> list[Profile]:
    """The four bases (level × year) with default options, for listings and templates."""
    return [Profile(level=level, year=year) for level in ("单位", "部门") for year in YEARS]
