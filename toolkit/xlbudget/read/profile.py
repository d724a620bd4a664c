"""Which profile a workbook follows, read from the book itself — never a silent default.

Level (单位/部门): the tables' titles (单位收支总体情况表 / 部门收支总体情况表, 部门收支预算总表)
and the 编制单位 / 编制部门 line. Year: the years written in the titles and the lines above each
table's header (``2025年部门收支总体情况表``, ``编制部门：…（2025年）``), not years met anywhere in
the book (a 表11 item named after its 2022 grant says nothing about the budget year); then the
file name.
Layout options: what the tables show (表2 columns, 表4 rows, 表8 split, 表11 present). Whatever
the book does not say is assumed, and each assumption is returned as a note for the report.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from xlbudget.read.grid import Grid
from xlbudget.read.locate import Located
from xlbudget.spec.catalog import years as catalogue_years
from xlbudget.spec.profiles import Profile, profile
from xlbudget.spec.regions import Region, default_region

_YEAR = re.compile(r"(20\d\d)\s*年")
_ORG_LINE = re.compile(
    r"^(编制单位|单位名称|部门名称|编制部门|预算单位|预算部门)\s*[：:]\s*(.*?)\s*$")
LEVEL_OF_LINE = {"编制单位": "单位", "单位名称": "单位", "预算单位": "单位",
                 "编制部门": "部门", "部门名称": "部门", "预算部门": "部门"}


@dataclass
class Detected:
    profile: Profile
    unit_name: str
    notes: list[tuple[str, str]] = field(default_factory=list)  # (zh, en) assumptions


def _heading_texts(located: dict[int, Located]) -> list[str]:
    """Texts from each table's label row down to its header: title, 编制 line, unit line."""
    out: list[str] = []
    for loc in located.values():
        for row in range(max(1, loc.title_row - 1), loc.header_rows.start):
            out.extend(text for _, text in loc.grid.row_texts(row))
    return out


def _org_line(texts: list[str]) -> tuple[str, str] | None:
    """(label, name) of the first 编制单位/编制部门 line."""
    for text in texts:
        match = _ORG_LINE.match(text)
        if match and "万元" not in match.group(2):
            return match.group(1), re.sub(r"\s*单位\s*[：:].*$", "", match.group(2))
    return None


def _level(located: dict[int, Located], texts: list[str]) -> str | None:
    votes = Counter(loc.level for loc in located.values() if loc.level)
    line = _org_line(texts)
    if line:
        votes[LEVEL_OF_LINE[line[0]]] += 1
    for loc in located.values():
        title = loc.grid.text(loc.title_row, 1) if loc.title_row else ""
        for level in ("部门", "单位"):
            if title.startswith(level) or f"{level}收支" in title:
                votes[level] += 1
    return votes.most_common(1)[0][0] if votes else None


def _year(texts: list[str], notes: list[str], cover: list[str], path: Path
          ) -> tuple[int | None, str]:
    """The year the titles name; else the one the tables' 备注 name (``…2024 年没有使用政府性
    基金…``); else the one the book's cover and contents name (``上海市2025年市级单位预算``);
    else the file name's."""
    for source, said in ((texts, "titles"), (notes, "titles"), (cover, "cover")):
        votes = Counter(int(y) for text in source for y in _YEAR.findall(text))
        if votes:
            return votes.most_common(1)[0][0], said
    named = re.findall(r"(20\d\d)", path.name)
    if named:
        return int(named[0]), "file name"
    return None, ""


def _cover_texts(located: dict[int, Located], grids: list[Grid]) -> list[str]:
    """Texts that name the book's budget (``…2025年市级单位预算``, ``2025年部门预算编制说明``) on
    the sheets that hold no table: the cover, the contents, the 说明."""
    tables = {loc.grid.name for loc in located.values()}
    return [text for grid in grids if grid.name not in tables
            for row in range(1, min(grid.max_row, 40) + 1)
            for _, text in grid.row_texts(row) if "预算" in text and len(text) <= 60]


def detect(located: dict[int, Located], grids: list[Grid], path: Path,
           own: str | None = None, region: Region | None = None) -> Detected:
    """The profile, the unit's name and the assumptions made where the book is silent."""
    texts = _heading_texts(located)
    line = _org_line(texts)
    name = line[1] if line else ""
    if own:
        try:
            return Detected(profile(own), name)
        except ValueError:
            pass
    notes: list[tuple[str, str]] = []
    level = _level(located, texts)
    if level is None:
        level = "单位"
        notes.append(("工作簿未写明单位或部门，按单位预算核对",
                      "the book does not say 单位 or 部门: checked as a 单位 book"))
    year, source = _year(texts, [loc.note for loc in located.values() if loc.note],
                         _cover_texts(located, grids), path)
    if year is None:
        year = max(catalogue_years())
        notes.append((f"工作簿未写明预算年度，按 {year} 年分类科目核对",
                      f"the book names no budget year: checked against the {year} catalogue"))
    elif source == "cover":
        notes.append((f"表题未写年度，预算年度 {year} 取自封面或目录",
                      f"no table title names the year: {year} taken from the cover or contents"))
    elif source == "file name":
        notes.append((f"预算年度 {year} 取自文件名",
                      f"budget year {year} taken from the file name"))
    return Detected(_layout(located, level, year, region or default_region()), name, notes)


def _layout(located: dict[int, Located], level: str, year: int, region: Region) -> Profile:
    """The options the located tables show: each table's variant, and the tables an option
    drops that the book does not have (表11)."""
    options = {region.option_of(number, loc.spec) for number, loc in sorted(located.items())}
    options |= {o.name for o in region.options.values()
                if o.drops is not None and o.drops not in located}
    return Profile(level, year, frozenset(o for o in options if o), region)
