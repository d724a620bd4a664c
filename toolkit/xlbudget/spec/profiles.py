"""Profiles: a region's book for one level and year, with the layout options it uses.

A profile is region × level (单位/部门) × year × the region's options (``[option.*]`` in its
file). Its name is the region's prefix (none for the default region), the level and the year,
then ``+option`` for each option taken: ``unit-2024+t2-15+no-t11`` (新疆, a 15-column 表2 and no
表11), ``sh-dept-2026`` (上海 部门). Chinese ``单位-2024`` / ``sh-部门-2026`` are accepted too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from xlbudget.spec.catalog import years as catalogue_years
from xlbudget.spec.model import TableSpec
from xlbudget.spec.regions import Region, default_region, regions

LEVELS = {"unit": "单位", "dept": "部门", "单位": "单位", "部门": "部门"}
LEVEL_SLUG = {"单位": "unit", "部门": "dept"}


def region_years(region: Region) -> tuple[int, ...]:
    """The budget years a region's profiles serve."""
    return region.years or catalogue_years()


@dataclass(frozen=True)
class Profile:
    level: str = "单位"
    year: int = 2024
    options: frozenset[str] = frozenset()
    region: Region = field(default_factory=default_region)

    @property
    def name(self) -> str:
        base = f"{LEVEL_SLUG[self.level]}-{self.year}"
        if self.region.prefix:
            base = f"{self.region.prefix}-{base}"
        return "+".join([base, *(o for o in self.region.options if o in self.options)])

    @cached_property
    def tables(self) -> tuple[TableSpec, ...]:
        chosen = (self.region.variant(n, self.options, self.level) for n in self.region.numbers)
        return tuple(spec for spec in chosen if spec is not None)

    def table(self, number: int) -> TableSpec:
        for spec in self.tables:
            if spec.number == number:
                return spec
        raise KeyError(f"profile {self.name} has no 表{number}")

    def has_table(self, number: int) -> bool:
        return any(spec.number == number for spec in self.tables)

    def title(self, number: int) -> str:
        return self.table(number).title(self.level, self.year)

    @property
    def narrative(self) -> tuple[str, ...]:
        """The 说明 sections xlbudget computes for this profile (none for a region without)."""
        return self.region.narrative


class ProfileError(ValueError):
    """A profile name that does not parse; the message says which part and what is allowed."""


def _examples() -> str:
    return "、".join(p.name for p in base_profiles()[::2][:4])


def profile(name: str) -> Profile:
    """Parse a profile name: ``unit-2024``, ``部门-2025+t4-carryover``, ``sh-dept-2026``."""
    base, *options = name.strip().split("+")
    parts = base.split("-")
    prefix = parts[0] if len(parts) == 3 else ""
    level_text, year_text = (parts[-2], parts[-1]) if len(parts) >= 2 else ("", "")
    found = next((r for r in regions() if r.prefix == prefix), None)
    if found is None or len(parts) not in (2, 3) or level_text not in LEVELS or not (
            year_text.isdigit()):
        raise ProfileError(
            f"无法识别的配置 {name!r}：应为 {_examples()} 等 / "
            f"unknown profile {name!r}: expected e.g. {_examples().replace('、', ', ')}"
        )
    year = int(year_text)
    if year not in region_years(found):
        raise ProfileError(f"不支持的年度 {year}（{found.zh} 支持 {region_years(found)}）/ "
                           f"unsupported year {year} ({found.en}: {region_years(found)})")
    chosen: set[str] = set()
    for option in options:
        if option in found.options:
            chosen.add(option)
        elif not any(o.default_name == option for o in found.options.values()):
            raise ProfileError(
                f"未知选项 {option!r}（可选 {', '.join(found.options) or '无'}）/ "
                f"unknown option {option!r}"
            )
    return Profile(LEVELS[level_text], year, frozenset(chosen), found)


def base_profiles() -> list[Profile]:
    """Every region's bases (level × year) with default options, for listings and templates."""
    return [Profile(level, year, region=region) for region in regions()
            for level in ("单位", "部门") for year in region_years(region)]
