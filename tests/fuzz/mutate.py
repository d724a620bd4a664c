"""Hostile values and containers made from correct books, for ``test_fuzz.py``.

A case is one mutation of one base book, at the level a writer other than Excel produces it:
the raw XML of one cell rewritten (``<v>NaN</v>``, an error value, a 32,767-character string,
a formula with or without its saved result, a shared-string index out of range, control
characters) or one part of the zip container broken (a member truncated, duplicated, renamed,
removed). The bases are read only; every case is written to a new file.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BASES = (ROOT / "samples" / "park-2024.xlsx",  # 新疆, xlbudget's own layout, with formulas
         ROOT / "samples" / "published" / "000.xlsx",  # 新疆, the published layout, values
         ROOT / "tests" / "data" / "shanghai" / "books" / "putuo-wanli-2025-bumen.xlsx")

# One cell's new XML: (attributes, inner XML). {r} is the cell's address.
VALUES: dict[str, tuple[str, str]] = {
    "nan": ("", "<v>NaN</v>"),
    "inf": ("", "<v>INF</v>"),
    "-inf": ("", "<v>-inf</v>"),
    "huge": ("", "<v>1E+308</v>"),
    "tiny": ("", "<v>4.9E-324</v>"),
    "digits": ("", "<v>" + "9" * 300 + "</v>"),
    "negative": ("", "<v>-12345.678</v>"),
    "bool": (' t="b"', "<v>1</v>"),
    "error": (' t="e"', "<v>#REF!</v>"),
    "date": (' t="d"', "<v>2024-02-30T00:00:00</v>"),
    "text": (' t="inlineStr"', "<is><t>四百三十二点一八</t></is>"),
    "long": (' t="inlineStr"', "<is><t>" + "长" * 32767 + "</t></is>"),
    "control": (' t="inlineStr"', "<is><t>a&#x1;b\x7f</t></is>"),  # invalid XML 1.0
    "markup": (' t="inlineStr"', "<is><t>&lt;script&gt;alert(1)&lt;/script&gt;</t></is>"),
    "formula-cached": ("", "<f>SUM(1,2)*1E+300</f><v>3E+300</v>"),
    "formula-uncached": ("", "<f>1/0</f>"),
    "formula-self": ("", "<f>{r}+1</f>"),
    "formula-text": ("", "<f>\"=cmd|' /C calc'!A0\"</f>"),
    "shared-out-of-range": (' t="s"', "<v>999999</v>"),
    "shared-negative": (' t="s"', "<v>-1</v>"),
    "empty-v": ("", "<v></v>"),
}

CONTAINERS = ("truncate-sheet", "truncate-shared", "duplicate-sheet", "drop-rels",
              "drop-shared", "drop-sheet", "odd-name", "deep-xml", "drop-styles")

_CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"([^>]*?)(/>|>(.*?)</c>)', re.S)


@dataclass(frozen=True)
class Case:
    base: Path
    kind: str  # a VALUES or CONTAINERS key
    pick: int  # which sheet / which cell, as a seed


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _write(target: Path, members: list[tuple[str, bytes]]) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(zipfile.ZipInfo(name), data)
    return target


def sheets(members: dict[str, bytes]) -> list[str]:
    return sorted(n for n in members if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))


def cell_of(case: Case) -> tuple[str, str]:
    """The sheet member and the cell a value case rewrites (a numeric cell where one is)."""
    members = _members(case.base)
    names = sheets(members)
    sheet = names[case.pick % len(names)]
    cells = _CELL.findall(members[sheet].decode("utf-8"))
    numeric = [c[0] for c in cells if "t=" not in c[1] and "<v>" in (c[3] or "")]
    chosen = numeric or [c[0] for c in cells]
    return sheet, chosen[(case.pick // len(names)) % len(chosen)] if chosen else "A1"


def build(case: Case, target: Path) -> Path:
    members = _members(case.base)
    if case.kind in VALUES:
        sheet, ref = cell_of(case)
        attrs, inner = VALUES[case.kind]
        xml = members[sheet].decode("utf-8")
        found = re.search(rf'<c r="{ref}"([^>]*?)(/>|>(.*?)</c>)', xml, re.S)
        if found is not None:
            kept = re.sub(r'\s+t="[^"]*"', "", found.group(1)).rstrip("/")
            cell = f'<c r="{ref}"{kept}{attrs}>{inner.format(r=ref)}</c>'
            xml = xml[:found.start()] + cell + xml[found.end():]
        members[sheet] = xml.encode("utf-8")
        return _write(target, list(members.items()))
    return _write(target, _container(case, members))


def _container(case: Case, members: dict[str, bytes]) -> list[tuple[str, bytes]]:
    names = sheets(members)
    sheet = names[case.pick % len(names)]
    items = list(members.items())
    if case.kind == "truncate-sheet":
        data = members[sheet]
        return [(n, data[: max(1, len(data) * (1 + case.pick % 9) // 10)] if n == sheet else d)
                for n, d in items]
    if case.kind == "truncate-shared":
        return [(n, d[: len(d) // 2] if n == "xl/sharedStrings.xml" else d) for n, d in items]
    if case.kind == "duplicate-sheet":
        return [*items, (sheet, members[sheet])]
    if case.kind == "drop-rels":
        return [(n, d) for n, d in items if n != "xl/_rels/workbook.xml.rels"]
    if case.kind == "drop-shared":
        return [(n, d) for n, d in items if n != "xl/sharedStrings.xml"]
    if case.kind == "drop-sheet":
        return [(n, d) for n, d in items if n != sheet]
    if case.kind == "drop-styles":
        return [(n, d) for n, d in items if n != "xl/styles.xml"]
    if case.kind == "odd-name":
        return [*items, ("../../evil.xml", b"<x/>"), ("xl/" + "深" * 200 + ".xml", b"<x/>")]
    if case.kind == "deep-xml":
        deep = b"<a>" * 50000 + b"</a>" * 50000
        return [(n, deep if n == sheet else d) for n, d in items]
    raise ValueError(case.kind)


def sheet_name(base: Path, member: str) -> str:
    """The sheet name the workbook gives a worksheet member (``xl/worksheets/sheet3.xml``)."""
    members = _members(base)
    rels = dict(re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"',
                           members["xl/_rels/workbook.xml.rels"].decode("utf-8")))
    rels |= {k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="([^"]+)"',
                                          members["xl/_rels/workbook.xml.rels"].decode("utf-8"))}
    for name, rid in re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"',
                                members["xl/workbook.xml"].decode("utf-8")):
        if rels.get(rid, "").lstrip("/").removeprefix("xl/") == member.removeprefix("xl/"):
            return name
    return ""


@cache
def amount_cells(base: Path) -> frozenset[str]:
    """Every cell of the base book read as a table amount (``表3!F8``)."""
    from xlbudget.read.workbook import read_workbook

    budget = read_workbook(base).budget
    return frozenset(cell for table in budget for rows in table.rows.values() for row in rows
                     for key, cell in row.cells.items()
                     if key in {c.key for c in table.spec.leaves if c.kind == "金额"})


def where(case: Case) -> str:
    member, cell = cell_of(case)
    return f"{sheet_name(case.base, member)}!{cell}"


def amount_case(base: Path, kind: str) -> Case:
    """The first case of ``kind`` that rewrites an amount cell of ``base``."""
    return next(case for pick in range(500) if where(case := Case(base, kind, pick))
                in amount_cells(base))
