"""IR → .xlsx (openpyxl), and where every base cell landed.

``render(book, path)`` writes the book and returns ``{origin: "sheet!A1"}`` for every cell that
shows a base cell (a cell that joins several base cells, such as ``2011308 招商引资``, is the new
address of each). A table is written top to bottom: its ``top`` lines, the header (from the tree:
a group spans its leaves and ``height`` rows, a leaf reaches the last header row), blank rows
``gap_after_header``, the data rows (the header printed again every ``repeat_every`` rows), the
``after`` lines. Codes are printed through the table's ``CodeLook``, amounts through their
``look`` and the table's ``zero``. Stacked tables are ``Sheet.gap`` rows apart.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from .ir import CODE_PARTS, LAST, Book, Cell, Group, Leaf, Line, Node, Raw, Row, Table, depth

FULL_WIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")
NUMERALS = "一二三四五六七八九十"
Origins = dict[str, str]


def numeral(i: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (类 headings 一、二、…)."""
    if i <= 10:
        return NUMERALS[i - 1]
    tens, ones = divmod(i, 10)
    return ("" if tens == 1 else NUMERALS[tens - 1]) + "十" + (NUMERALS[ones - 1] if ones else "")


class RenderError(ValueError):
    """Two things printed in one cell, or two merged ranges overlapping: a transformation bug."""


def render(book: Book, path: Path) -> Origins:
    """Write ``book`` to ``path``; return where each base cell went."""
    wb = Workbook()
    wb.remove(wb.active)
    origins: Origins = {}
    for sheet in book.sheets:
        ws = wb.create_sheet(sheet.name)
        row = 1
        used: set[tuple[int, int]] = set()  # cells under a merge, on this sheet
        for item in sheet.items:
            if isinstance(item, Raw):
                row = _raw(ws, item, row)
            else:
                row = _Writer(ws, item, origins, used).table(row)
            row += sheet.gap
    for name, value in book.properties:
        wb.custom_doc_props.append(StringProperty(name=name, value=value))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return origins


def _raw(ws: Worksheet, raw: Raw, row0: int) -> int:
    for (r, c), value in raw.values.items():
        ws.cell(row0 + r - 1, c).value = value
    for r1, c1, r2, c2 in raw.merges:
        ws.merge_cells(start_row=row0 + r1 - 1, start_column=c1, end_row=row0 + r2 - 1,
                       end_column=c2)
    return row0 + max((r for r, _ in raw.values), default=0)


class _Writer:
    """Writes one table at a row of a sheet and records its cells' new addresses."""

    def __init__(self, ws: Worksheet, table: Table, origins: Origins,
                 merged: set[tuple[int, int]]) -> None:
        self.ws, self.t, self.origins, self.merged = ws, table, origins, merged
        self.col0 = 1 + table.offset[1]
        self.width = len(table.leaves)
        self.above = ""  # the code of the last coded row written (codes_blank_repeated)

    # ── cells ──
    def put(self, row: int, pos: int, cell: Cell | None, value: object = ...) -> None:
        """Write ``cell`` at (row, table column ``pos``), its value or ``value`` if given."""
        if cell is None:
            return
        shown = cell.value if value is ... else value
        target = self.ws.cell(row, self.col0 + pos - 1)
        if shown is not None and shown != "":
            if target.value is not None:
                raise RenderError(f"{self.ws.title}!{target.coordinate} printed twice: "
                                  f"{target.value!r}, {shown!r}")
            target.value = shown
            if isinstance(shown, str) and "\n" in shown:
                target.alignment = Alignment(wrap_text=True, vertical="center")
        for origin in cell.origin:
            self.origins[origin] = f"{self.ws.title}!{target.coordinate}"

    def merge(self, r1: int, p1: int, r2: int, p2: int) -> None:
        if not self.t.merged or (r1, p1) == (r2, p2) or r2 < r1 or p2 < p1:
            return
        c1, c2 = self.col0 + p1 - 1, self.col0 + p2 - 1
        cells = {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        if cells & self.merged:
            raise RenderError(f"{self.ws.title}: merges overlap at row {r1}, column {c1}")
        self.merged |= cells
        self.ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)

    # ── the table ──
    def table(self, row0: int) -> int:
        row = row0 + self.t.offset[0]
        for line in self.t.top:
            self.line(row, line)
            row += 1
        row = self.header(row, record=True)
        row += self.t.gap_after_header
        printed = 0
        for data in self.t.rows:
            if (self.t.repeat_every and printed and printed % self.t.repeat_every == 0
                    and data.kind != "blank"):
                row = self.header(row, record=False)
            self.data(row, data)
            printed += data.kind != "blank"
            row += 1
        for line in self.t.after:
            self.line(row, line)
            row += 1
        return row

    def line(self, row: int, line: Line) -> None:
        def col(pos: int) -> int:
            return self.width if pos == LAST else min(pos, self.width)

        for pos, cell in line.cells:
            self.put(row, col(pos), cell)
        for pos, width in line.spans:
            start = col(pos)
            end = self.width if width == 0 else min(start + width - 1, self.width)
            if line.kind == "unit" and end >= self.width and any(
                    p == LAST for p, _ in line.cells):
                end = self.width - 1  # the 单位 cell keeps the last column
            self.merge(row, start, row, end)

    # ── the header ──
    def header(self, row: int, record: bool) -> int:
        rows = depth(self.t.header) + self.t.header_pad
        origins = self.origins if record else {}
        saved, self.origins = self.origins, origins
        self.nodes(self.t.header, row, 1, row + rows - 1, top=True)
        self.origins = saved
        return row + rows

    def nodes(self, nodes: list[Node], row: int, pos: int, last: int, top: bool) -> int:
        for node in nodes:
            if isinstance(node, Leaf):
                self.put(row, pos, Cell(node.label, node.origin), self.leaf_label(node))
                self.merge(row, pos, last, pos)
                pos += 1
            else:
                span = len(_leaves(node))
                height = node.height + (self.t.header_pad if top else 0)
                self.put(row, pos, Cell(node.label, node.origin))
                self.merge(row, pos, row + height - 1, pos + span - 1)
                self.nodes(node.children, row + height, pos, last, top=False)
                pos += span
        return pos

    def leaf_label(self, leaf: Leaf) -> str:
        if self.t.unit_suffix and leaf.kind == "金额" and leaf.label:
            return f"{leaf.label}（{self.t.unit}）"
        return leaf.label

    # ── data rows ──
    def data(self, row: int, data: Row) -> None:
        for pos, leaf in enumerate(self.t.leaves, start=1):
            cell, value = self.shown(data, leaf)
            self.put(row, pos, cell, value)
        for first, last in data.merges:
            p1 = next((i for i, lf in enumerate(self.t.leaves, 1) if lf.shows(first)), None)
            p2 = next((i for i, lf in enumerate(self.t.leaves, 1) if lf.shows(last)), None)
            if p1 is not None and p2 is not None:
                self.merge(row, p1, row, p2)
        if data.code:
            self.above = data.code

    def shown(self, data: Row, leaf: Leaf) -> tuple[Cell | None, object]:
        """The cell a leaf shows on a data row, and the value to write."""
        if leaf.key in data.extra:
            return data.extra[leaf.key], ...
        look = self.t.code
        if leaf.kind in CODE_PARTS:
            cell = data.cells.get(leaf.key)
            if not look.changed or not data.code or data.kind == "blank":
                return cell, ...
            return cell, self.code_part(data, leaf.kind)
        if leaf.kind == "code":
            return self.joined(data, leaf, self.code_text(data, combined=True))
        if leaf.kind == "code_name":
            return self.joined(data, leaf, self.code_name(data))
        cell = data.cells.get(leaf.key)
        if cell is None:
            return None, ...
        if cell.amount is not None:
            return cell, self.amount(cell)
        if leaf.kind == "名称" and look.headings and data.level == 1 and data.kind == "line":
            return cell, f"{numeral(self.heading_number(data))}、{cell.text.strip()}"
        return cell, ...

    def code_part(self, data: Row, part: str) -> object:
        code, look = data.code or "", self.t.code
        start, stop = CODE_PARTS[part]
        text = code[start:stop]
        if not text or (look.headings and data.level == 1):
            return None
        if look.blank_repeated and stop < len(code) and self.above[:stop] == code[:stop]:
            return None  # the same as the row above (a first 项 under its 款 keeps its codes)
        return int(text) if look.numeric else text

    def code_text(self, data: Row, combined: bool) -> object:
        code, look = data.code or "", self.t.code
        if not code or (look.headings and data.level == 1):
            return None
        parts = [code[a:b] for a, b in CODE_PARTS.values() if code[a:b]]
        if look.sep:
            return look.sep.join(parts)
        return int(code) if look.numeric and combined else code

    def joined(self, data: Row, leaf: Leaf, value: object) -> tuple[Cell, object]:
        """A cell joining base cells (code parts, name): every one's origin, the joined value;
        a row without a code shows what its code cells held (上海 prints 合计 there)."""
        parts = [data.cells[k] for k in leaf.covers if k in data.cells]
        cell = Cell(None, tuple(o for p in parts for o in p.origin))
        if data.code or data.kind == "blank":
            return cell, value
        texts = [p.text for p in parts if p.text]
        return cell, texts[0] if texts else None

    def code_name(self, data: Row) -> object:
        look = self.t.code
        name_key = next((k for k in self.name_keys() if k in data.cells), None)
        name = data.cells[name_key].text.strip() if name_key else ""
        if not data.code:
            return None
        if look.headings and data.level == 1:
            return f"{numeral(self.heading_number(data))}、{name}"
        code = self.code_text(data, combined=False)
        indent = look.indent * max(data.level - 1, 0)
        return f"{indent}{code}{look.name_sep}{name}"

    def name_keys(self) -> list[str]:
        return [k for leaf in self.t.leaves if leaf.kind == "code_name" for k in leaf.covers
                if k.endswith(".name")]

    def heading_number(self, data: Row) -> int:
        lei = [r for r in self.t.rows if r.kind == "line" and r.level == 1]
        return next(i for i, r in enumerate(lei, start=1) if r is data)

    def amount(self, cell: Cell) -> object:
        assert cell.amount is not None
        value = cell.amount
        if value == 0:
            return self.zero(cell)
        if not cell.look and value == cell.printed:
            return cell.value
        places = 2 if self.t.unit == "万元" or value != value.to_integral_value() else 0
        text = f"{value:.{places}f}"
        if cell.look == "apostrophe":
            return "'" + text
        if cell.look == "grouped":
            return f"{value:,.{places}f}"
        if cell.look == "fullwidth":
            return text.translate(FULL_WIDTH)
        return int(value) if value == value.to_integral_value() else float(text)

    def zero(self, cell: Cell) -> object:
        look = self.t.zero
        if look is None:
            return cell.value if cell.printed == 0 else None
        if look == "dash":
            return "-"
        if look == "zero":
            return 0
        if look == "text":
            return "0.00" if self.t.unit == "万元" else "0"
        return None


def _leaves(node: Group) -> list[Leaf]:
    out: list[Leaf] = []
    for child in node.children:
        out.extend([child] if isinstance(child, Leaf) else _leaves(child))
    return out
