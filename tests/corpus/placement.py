"""Transformations IR → IR of where a table is printed: the lines around it, its place on the
sheet, the sheets themselves (names, order, several tables on one, tables taken out).

Same contract as ``transforms``: ``change(book, rng)``, deterministic, documented with the export
it imitates, composable in any order, ``keeps`` / ``expects`` declared.
"""

from __future__ import annotations

import random
import re

from .ir import LAST, Book, Cell, Line, Sheet, Table
from .transforms import transformation

# ── lines around a table ─────────────────────────────────────────────────────────────────────


def _has_label(book: Book) -> bool:
    return any(line.kind == "label" for t in book.tables() for line in t.top)


@transformation(applies=_has_label)
def label_absent(book: Book, rng: random.Random) -> None:
    """No 表N label line above the title: budget-system exports start with the title."""
    for table in book.tables():
        table.top = [line for line in table.top if line.kind != "label"]


@transformation(applies=_has_label)
def label_in_title(book: Book, rng: random.Random) -> None:
    """The label in the title cell ("表2 单位收入总体情况表"), no label line: books whose title
    row was typed by hand."""
    for table in book.tables():
        label = next((ln for ln in table.top if ln.kind == "label"), None)
        title = table.title
        if label is None or title is None or label.first() is None:
            continue
        title.value = f"{label.first().text.strip()} {title.text}"  # type: ignore[union-attr]
        table.top.remove(label)


def _unit_line(table: Table) -> Line | None:
    return next((ln for ln in table.top if ln.kind == "unit"), None)


def _unit_cell(line: Line) -> tuple[int, Cell] | None:
    return next(((p, c) for p, c in line.cells if re.search(r"单位\s*[：:]", c.text)
                 and not c.text.startswith("编制")), None)


@transformation(applies=lambda book: any(_unit_line(t) for t in book.tables()))
def unit_in_title(book: Book, rng: random.Random) -> None:
    """The unit inside the title cell ("单位收入总体情况表（单位：万元）") and no unit cell on the
    编制单位 line: books whose page header was typed as one line."""
    for table in book.tables():
        line, title = _unit_line(table), table.title
        found = _unit_cell(line) if line else None
        if line is None or title is None or found is None:
            continue
        title.value = f"{title.text}（{found[1].text.strip()}）"
        line.cells.remove(found)
        title.origin = (*title.origin, *found[1].origin)
        if not line.cells:
            table.top.remove(line)


@transformation(applies=lambda book: any(_unit_line(t) for t in book.tables()))
def unit_line_two_rows(book: Book, rng: random.Random) -> None:
    """编制单位 on one line and 单位：万元 on the next (right-aligned): two-line page headers."""
    for table in book.tables():
        line = _unit_line(table)
        found = _unit_cell(line) if line else None
        if line is None or found is None or len(line.cells) < 2:
            continue
        line.cells.remove(found)
        index = table.top.index(line)
        table.top.insert(index + 1, Line("unit", [(LAST, found[1])]))
        line.kind = "raw"


_NOTE = "注：本表金额保留两位小数，因四舍五入，分项数之和与合计数可能存在尾差。"


@transformation()
def note_lines_added(book: Book, rng: random.Random) -> None:
    """A "注：…" line (the template's 填报说明) under every table that has figures, merged across
    it: books whose tables keep the template's notes."""
    for table in book.tables():
        if not table.is_blank:
            table.after.append(Line("note", [(1, Cell(_NOTE))], [(1, 0)]))


@transformation()
def table_shifted(book: Book, rng: random.Random) -> None:
    """Every table moved one or two rows down and one or two columns right (empty margin rows
    and columns): exports with a print margin, and books pasted at B2."""
    for table in book.tables():
        table.offset = (table.offset[0] + rng.randint(1, 2), table.offset[1] + rng.randint(1, 2))


# ── sheets ───────────────────────────────────────────────────────────────────────────────────


def _table_sheets(book: Book) -> list[Sheet]:
    return [s for s in book.sheets if s.tables]


def _rename(book: Book, names: dict[int, str]) -> None:
    """Give table sheets new names (index in book.sheets → name), unique and valid."""
    taken = {s.name for i, s in enumerate(book.sheets) if i not in names}
    for index, name in names.items():
        clean = re.sub(r"[\[\]:*?/\\]", "", name).strip()[:31] or "Sheet"
        candidate, n = clean, 1
        while candidate in taken:
            n += 1
            candidate = f"{clean[:28]}({n})"
        taken.add(candidate)
        book.sheets[index].name = candidate


@transformation()
def sheets_named_by_title(book: Book, rng: random.Random) -> None:
    """Sheets named after their tables' titles ("单位收入总体情况表"): budget-system exports that
    name each sheet after its report."""
    names = {}
    for index, sheet in enumerate(book.sheets):
        title = sheet.tables[0].title if sheet.tables else None
        if title is not None and title.text.strip():
            names[index] = re.sub(r"\s+", "", title.text.split("（")[0])
    _rename(book, names)


@transformation()
def sheets_generic_shuffled(book: Book, rng: random.Random) -> None:
    """Table sheets named Sheet1…SheetN in a shuffled order: tables pasted one by one into a
    fresh workbook in the order they were finished. (Other sheets keep their names.)"""
    places = [i for i, s in enumerate(book.sheets) if s.tables]
    moved = [book.sheets[i] for i in places]
    order = moved[:]
    if len(order) > 1:
        while order == moved:
            rng.shuffle(order)
    for i, sheet in zip(places, order, strict=True):
        book.sheets[i] = sheet
    _rename(book, {i: f"Sheet{n}" for n, i in enumerate(places, start=1)})


@transformation()
def tables_stacked(book: Book, rng: random.Random) -> None:
    """Several tables on one sheet, top to bottom, two blank rows apart — either every table on
    one sheet "预算公开表" or consecutive tables in groups of two to four: books assembled for
    printing, and exports of the whole 公开表 set as one report."""
    sheets = _table_sheets(book)
    if len(sheets) < 2:
        return
    groups: list[list[Sheet]] = []
    if rng.random() < 0.5:
        groups = [sheets]
    else:
        rest = sheets[:]
        while rest:
            size = rng.randint(2, 4)
            groups.append(rest[:size])
            rest = rest[size:]
    for group in groups:
        if len(group) < 2:
            continue
        first = group[0]
        for other in group[1:]:
            first.items.extend(other.items)
            book.sheets.remove(other)
        if group is sheets:
            first.name = "预算公开表"


def _fund_tables(book: Book) -> tuple[int, ...]:
    """The region's 政府性基金 and 国有资本经营 expenditure tables (新疆 表8/表9, 上海 表6/表7)."""
    return (8, 9) if book.region == "xinjiang" else (6, 7)


def _fund_tables_blank(book: Book) -> bool:
    found = [book.table(n) for n in _fund_tables(book)]
    return all(t is not None and t.is_blank for t in found)


def _missing(book: Book) -> tuple[str, ...]:
    """The missing-table errors a checker reports for the fund tables taken out: none for a
    table the region lets a book leave out (an option that drops it, as 新疆 no-t8/no-t9 in
    newer builds) unless the book names its own profile (xlbudget's template books say
    ``xlbudget_profile = unit-2024``: that profile has the table), else ``T8.missing`` …
    (上海 ``S6.missing`` …)."""
    from xlbudget.spec.regions import regions

    region = next(r for r in regions() if r.key == book.region)
    named = any(name == "xlbudget_profile" for name, _ in book.properties)
    droppable = set() if named else {o.drops for o in region.options.values()}
    prefix = "T" if book.region == "xinjiang" else "S"
    return tuple(f"{prefix}{n}.missing" for n in _fund_tables(book) if n not in droppable)


@transformation(keeps="the budget but its two blank fund tables: 新疆 表8/表9 (上海 表6/表7) are "
                      "not in the book; unless the region lets a book leave a table out, a "
                      "checker reports each missing (T8.missing, T9.missing; 上海 S6.missing, "
                      "S7.missing): cell-less errors expected besides the base's",
                applies=_fund_tables_blank, expects=_missing)
def fund_tables_absent(book: Book, rng: random.Random) -> None:
    """The blank 政府性基金 and 国有资本经营 expenditure tables left out of the book (新疆 表8/表9,
    上海 表6/表7): units without such money that publish only the tables with figures."""
    numbers = _fund_tables(book)
    for sheet in book.sheets:
        sheet.items = [i for i in sheet.items if not (isinstance(i, Table)
                                                      and i.number in numbers)]
    book.sheets = [s for s in book.sheets if s.items]

