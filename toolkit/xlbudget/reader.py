"""openpyxl → :class:`~xlbudget.model.Budget`, for xlbudget's own template and for the published
layout users export from the budget system.

Tables are found by title and header labels (:mod:`xlbudget.locate`), rows read by
:mod:`xlbudget.rows`. Cached formula values are used; a formula saved without one is evaluated
(:mod:`xlbudget.formulas`), never read as 0, and one that cannot be evaluated is reported.
"""

from __future__ import annotations

import html
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from xml.etree.ElementTree import ParseError

import openpyxl
from openpyxl.formula.translate import Translator
from openpyxl.utils.exceptions import InvalidFileException

from xlbudget.cells import BadAmount, amount
from xlbudget.extras import GENERATED, Extras, collect
from xlbudget.findings import Finding
from xlbudget.formulas import Unsupported, col_index, evaluate
from xlbudget.grid import Grid, Uncached
from xlbudget.inputs_reader import read_inputs
from xlbudget.locate import Located, find_titles, locate
from xlbudget.model import Budget, Table, empty_table
from xlbudget.problems import read_findings
from xlbudget.rows import Problem, read_table
from xlbudget.safety import Limits, Refused, inspect
from xlbudget.spec.catalog import categories, economic, functional
from xlbudget.spec.inputs import INPUT_SHEETS
from xlbudget.spec.profiles import YEARS, Profile, profile
from xlbudget.text import fold


class UnreadableError(Exception):
    """The file cannot be read as a workbook; the message is one sentence for the user."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh, en)
        self.zh, self.en = " ".join(zh.split()), " ".join(en.split())  # always one line

    def __str__(self) -> str:
        return self.en


@dataclass
class ReadResult:
    path: Path
    budget: Budget
    located: dict[int, Located]
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[tuple[int, str]] = field(default_factory=list)  # (table, sheet) ignored
    extras: Extras = field(default_factory=Extras)

    @property
    def findings(self) -> list[Finding]:
        return read_findings(self)


# ── workbook → grids ─────────────────────────────────────────────────────────────────────

_SHEET_ENTRY = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')
_REL_REVERSED = re.compile(rb'<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')
_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)
_FORMULA = re.compile(rb"<f([^>]*?)(?:/>|>(.*?)</f>)", re.S)
_SI = re.compile(rb'si="(\d+)"')
_CACHED = re.compile(rb"<v(?:\s[^>]*)?>[^<]+</v>")  # openpyxl writes an empty <v></v>


def _sheet_files(archive: zipfile.ZipFile) -> dict[str, str]:
    book = archive.read("xl/workbook.xml")
    rels_xml = archive.read("xl/_rels/workbook.xml.rels")
    rels = {rid: target for rid, target in _REL.findall(rels_xml)}
    rels.update({rid: target for target, rid in _REL_REVERSED.findall(rels_xml)})
    out = {}
    for name, rid in _SHEET_ENTRY.findall(book):
        target = rels.get(rid, b"").decode()
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        out[html.unescape(name.decode())] = path
    return out


_MERGE = re.compile(rb'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_CUSTOM_PROFILE = re.compile(rb'name="xlbudget_profile"[^>]*>\s*<vt:lpwstr[^>]*>([^<]+)<')


@dataclass
class _Raw:
    """What openpyxl's read-only mode does not give: merged ranges, formulas saved without a
    value, and xlbudget's own profile property. One pass over the zip."""

    merged: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)
    uncached: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    profile: str | None = None


def _raw(path: Path, limits: Limits) -> _Raw:
    raw = _Raw()
    with zipfile.ZipFile(path) as archive:
        for sheet, member in _sheet_files(archive).items():
            data = archive.read(member)
            raw.merged[sheet] = [
                (int(r1), col_index(c1.decode()), int(r2), col_index(c2.decode()))
                for c1, r1, c2, r2 in _MERGE.findall(data)
            ]
            if b"<f" in data:
                raw.uncached[sheet] = _uncached(data, limits)
        if "docProps/custom.xml" in archive.namelist():
            match = _CUSTOM_PROFILE.search(archive.read("docProps/custom.xml"))
            raw.profile = match.group(1).decode() if match else None
    return raw


def _uncached(data: bytes, limits: Limits) -> dict[tuple[int, int], str]:
    """Formula cells of one sheet's XML saved without a cached value: (row, col) → formula.
    Cells are counted as they are met, so a sheet of millions of formulas is refused rather
    than collected."""
    found: dict[tuple[int, int], str] = {}
    shared: dict[bytes, tuple[str, str]] = {}
    for index, match_cell in enumerate(_CELL.finditer(data)):
        col, row, body = match_cell.groups()
        if index > limits.cells or int(row) > limits.rows:
            raise UnreadableError(
                f"工作表超过 {limits.rows} 行或 {limits.cells} 个单元格的上限，已拒绝",
                f"a sheet exceeds {limits.rows} rows or {limits.cells} cells: refused")
        match = _FORMULA.search(body) if body and b"<f" in body else None
        if not match:
            continue
        attrs, text = match.group(1), html.unescape((match.group(2) or b"").decode())
        where = f"{col.decode()}{row.decode()}"
        si = _SI.search(attrs)
        if si and text:
            shared[si.group(1)] = (text, where)
        elif si and si.group(1) in shared:
            origin_text, origin = shared[si.group(1)]
            text = Translator(f"={origin_text}", origin).translate_formula(where)[1:]
        if text and not _CACHED.search(body):
            found[(int(row), col_index(col.decode()))] = text
    return found


def _grids(path: Path) -> tuple[list[Grid], _Raw]:
    limits = Limits.from_env()
    try:
        inspect(path, limits)
        raw = _raw(path, limits)
        book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_vba=False)
    except Refused as exc:
        raise UnreadableError(exc.zh, exc.en) from exc
    except DAMAGED as exc:
        raise _damaged(exc) from exc
    grids: list[Grid] = []
    try:
        for sheet in book.worksheets:
            _check_cells(sum(len(g.values) for g in grids), limits)
            values: dict[tuple[int, int], object] = {}
            for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                if r > limits.rows:
                    raise UnreadableError(
                        f"工作表“{sheet.title}”超过 {limits.rows} 行的上限，已拒绝",
                        f"sheet {sheet.title!r} has more than {limits.rows} rows: refused")
                for c, value in enumerate(row, start=1):
                    if value is not None:
                        values[(r, c)] = value
            for (r, c), formula in raw.uncached.get(sheet.title, {}).items():
                values[(r, c)] = Uncached(formula)
            max_row = max((r for r, _ in values), default=0)
            max_col = max((c for _, c in values), default=0)
            grids.append(
                Grid(
                    sheet.title,
                    values,
                    raw.merged.get(sheet.title, []),
                    max_row,
                    max_col,
                    getattr(sheet, "sheet_state", "visible") != "visible",
                )
            )
    except DAMAGED as exc:
        raise _damaged(exc) from exc
    finally:
        book.close()
    return grids, raw


# What a damaged or hostile member raises inside openpyxl, zipfile, zlib or the XML parsers.
DAMAGED = (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError,
           SyntaxError, EOFError, zlib.error, ParseError)


def _damaged(exc: BaseException) -> UnreadableError:
    reason = " ".join(str(exc).split())[:200]
    return UnreadableError(f"文件已损坏，无法作为 .xlsx 工作簿读取（{reason}）",
                           f"the file is damaged and cannot be read as an .xlsx workbook "
                           f"({reason})")


def _check_cells(count: int, limits: Limits) -> None:
    if count > limits.cells:
        raise UnreadableError(f"单元格超过 {limits.cells} 个的上限，已拒绝",
                              f"more than {limits.cells} cells: refused")


class _Evaluator:
    """Values of uncached formula cells, across sheets, with a guard against cycles."""

    def __init__(self, grids: list[Grid]) -> None:
        self.grids = {g.name: g for g in grids}
        self.busy: set[tuple[str, int, int]] = set()

    def __call__(self, sheet: str, row: int, col: int) -> Decimal:
        grid = self.grids.get(sheet)
        if grid is None:
            raise Unsupported(f"no sheet {sheet!r}")
        value = grid.get(row, col)
        if isinstance(value, Uncached):
            key = (sheet, row, col)
            if key in self.busy:
                raise Unsupported("circular reference")
            self.busy.add(key)
            try:
                return evaluate(value.formula, sheet, self)
            finally:
                self.busy.discard(key)
        result = amount(value)
        if isinstance(result, BadAmount):
            raise Unsupported(f"{grid.cell_ref(row, col)} holds {result.text!r}")
        return result or Decimal(0)


# ── grids → budget ───────────────────────────────────────────────────────────────────────


def _locate_all(grids: list[Grid]) -> tuple[dict[int, Located], list[tuple[int, str]]]:
    located: dict[int, Located] = {}
    duplicates: list[tuple[int, str]] = []
    skip = {fold(s.name) for s in INPUT_SHEETS} | {fold(n) for n in GENERATED}
    for grid in grids:
        if fold(grid.name) in skip:
            continue  # our input and generated sheets never hold a table
        titles = find_titles(grid)
        if not titles and (match := re.fullmatch(r"表(\d{1,2})", grid.name.strip())):
            titles = [(0, int(match.group(1)), "")] if 1 <= int(match.group(1)) <= 11 else []
        for index, (row, number, level) in enumerate(titles):
            end = titles[index + 1][0] if index + 1 < len(titles) else grid.max_row + 1
            found = locate(grid, row, number, level, end)
            if found is None:
                continue
            if number in located:
                duplicates.append((number, grid.name))
                continue
            located[number] = found
    return located, duplicates


def detect_profile(
    located: dict[int, Located], grids: list[Grid], path: Path, own: str | None = None
) -> Profile:
    """The profile a workbook follows: its own property when xlbudget wrote it, else what its
    tables show (表2 columns, 表4 rows, 表8 split, 表11 present) and the year its texts name."""
    if own:
        try:
            return profile(own)
        except ValueError:
            pass
    levels = [loc.level for n, loc in located.items() if n <= 3 and loc.level]
    years = Counter(y for g in grids for y in g.years() if y in YEARS)
    year = (
        years.most_common(1)[0][0]
        if years
        else next((y for y in YEARS if str(y) in path.name), YEARS[0])
    )
    t2, t4, t8 = located.get(2), located.get(4), located.get(8) or located.get(9)
    return Profile(
        level=Counter(levels).most_common(1)[0][0] if levels else "单位",
        year=year,
        t2_columns=len(t2.spec.leaves) if t2 else 16,
        t4_carryover=bool(t4 and "carryover" in {r.key for r in t4.spec.blocks[0].fixed_rows}),
        t89_split=not t8 or "personnel" in {c.key for c in t8.spec.leaves},
        with_t11=11 in located,
    )


def _unit_name(located: dict[int, Located]) -> str:
    for loc in located.values():
        for row in range(loc.title_row, loc.header_rows.start):
            for _, text in loc.grid.row_texts(row):
                match = re.match(
                    r"^(?:编制单位|单位名称|部门名称|编制部门)\s*[：:]\s*(.+?)\s*$", text
                )
                if match and "万元" not in match.group(1):
                    return match.group(1)
    return ""


def _set_precision(tables: dict[int, Table], decimals: dict[int, int]) -> None:
    """Precision each table was printed at, for the rounding tolerance: a 万元 book printed in
    whole 万元 everywhere is an integer book; a 元 table keeps its own precision."""
    wan = max((d for n, d in decimals.items() if tables[n].unit == "万元"), default=2)
    for number, table in tables.items():
        if table.unit == "元":
            table.quantum = Decimal(1).scaleb(-min(decimals[number], 2)) / 10000
        else:
            table.quantum = Decimal(1).scaleb(-min(max(wan, 0), 2))


def read_workbook(path: Path) -> ReadResult:
    """Read every table it can find. Content problems become data, not exceptions; only a file
    that is not a workbook at all raises :class:`UnreadableError`."""
    grids, raw = _grids(path)
    located, duplicates = _locate_all(grids)
    chosen = detect_profile(located, grids, path, raw.profile)
    year_categories = categories(chosen.year)
    evaluator = _Evaluator(grids)
    tables: dict[int, Table] = {}
    problems: list[Problem] = []
    decimals: dict[int, int] = {}
    for number, loc in sorted(located.items()):
        table = empty_table(loc.spec, year_categories)
        names = (economic if number == 6 else functional)(chosen.year).names
        table_problems, decimals[number] = read_table(loc, table, evaluator, dict(names))
        problems.extend(table_problems)
        tables[number] = table
    _set_precision(tables, decimals)
    inputs = read_inputs(grids, problems)
    budget = Budget(chosen, _unit_name(located), chosen.year, tables, inputs)
    extras = collect(grids, located)
    return ReadResult(path, budget, located, problems, duplicates, extras)
