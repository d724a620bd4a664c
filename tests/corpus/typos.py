"""One-cell typos in correct published-layout workbooks, with the true cell recorded.

``typos(src, out_dir, count, seed)`` writes ``count`` copies of ``src``, each with exactly ONE
amount cell mistyped, and returns a ``Typo`` per copy. The typos are the ones people make when
keying amounts (no sign slips: amounts are non-negative):

* ``digit_replaced`` — one digit replaced by a neighbour on the numeric keypad (809.21 → 806.21);
* ``digits_swapped`` — two adjacent different digits swapped (809.21 → 890.21);
* ``point_shifted`` — the decimal point one place off, ×10 (809.21 → 8092.10) or ÷10 (only where
  the result keeps two decimals: 1618.40 → 161.84);
* ``digit_dropped`` — one digit left out (809.21 → 89.21);
* ``digit_doubled`` — one digit typed twice (809.21 → 8809.21).

Only cells a careful auditor can localise are mistyped: the non-zero amount cells of *detail*
rows — 项 rows of 表2/表3/表5 (表8/表9 when not blank), 款 rows of 表6, project rows of 表7, item
rows of 表10 (因公出国, 公务接待, 购置费, 运行费; not 合计, not the 车辆 小计) and project rows
of 表11 — never a 合计/类/款 subtotal row nor a two-sided 表1/表4 line. Such a cell takes part
in its row's identity and in its column's sum, so the intersection of the broken identities names
it. Every change exceeds 0.05 万元, so it cannot be rounding. Same ``src``, ``count`` and ``seed``
→ same typos.

``typos_in_variant(src, variant, out_dir, count, seed)`` combines typos with an export variant:
it mistypes the base, applies the variant to the mistyped base, and finds the typo's address in
the varied layout by comparing with the variant of the clean base (a typo whose change does not
stay in one cell of the variant, e.g. under a variant that recomputes the row, is skipped).
``carry(src, variant, made, out_dir)`` does the same for typos already made by ``typos``. The
variant is given as its function (any ``variant(src, dst)``, ``tests/variants.py``'s included):
a varied file alone does not say where a base cell went, the variant applied twice does.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from . import _book as b

KINDS = ("digit_replaced", "digits_swapped", "point_shifted", "digit_dropped", "digit_doubled")
MIN_CHANGE = Decimal("0.05")  # a typo changes the amount by more than this (万元)

# neighbours on a numeric keypad (7 8 9 / 4 5 6 / 1 2 3 / 0 under 1–2)
KEYPAD = {"7": "84", "8": "795", "9": "86", "4": "751", "5": "8462", "6": "953",
          "1": "420", "2": "5130", "3": "62", "0": "12"}


@dataclass(frozen=True)
class Typo:
    path: Path  # the mistyped workbook
    sheet: str  # sheet title in that workbook
    cell: str  # "F15"
    before: str  # the correct amount as printed ("809.21"), or the varied cell's text
    after: str  # the mistyped amount ("890.21")
    kind: str  # one of KINDS

    @property
    def where(self) -> str:
        return f"{self.sheet}!{self.cell}"


@dataclass(frozen=True)
class Slip:
    """A typo planned in the base layout, not yet written."""

    sheet: str
    cell: str
    before: Decimal
    after: Decimal
    kind: str


def text(amount: Decimal) -> str:
    """An amount as printed, two decimals."""
    return f"{amount.quantize(b.CENT)}"


# ── which cells ──────────────────────────────────────────────────────────────────────────────

_T10_ITEMS = ("因公出国（境）费", "公务接待费", "公务用车购置费", "公务用车运行费")


def _label(ws: Worksheet, row: int) -> str:
    value = ws.cell(row, 1).value
    return value.strip().removeprefix("其中：") if isinstance(value, str) else ""


def detail_rows(ws: Worksheet, n: int) -> list[int]:
    """Rows of table ``n`` (base layout) whose amounts are leaves of every sum they are in."""
    rows = []
    for row in b.data_rows(ws, n):
        if n in (2, 3, 5, 8, 9):
            ok = b.level(ws, row) == "项"
        elif n == 6:
            ok = b.level(ws, row) == "款"
        elif n == 7:
            project = ws.cell(row, 5).value
            ok = b.level(ws, row) == "项" and isinstance(project, str) and project != "合计"
        elif n == 10:
            ok = _label(ws, row) in _T10_ITEMS
        elif n == 11:
            label = _label(ws, row)
            ok = bool(label) and label.replace(" ", "") != "合计" and not label.startswith(
                ("注", "备注"))
        else:
            ok = False
        if ok:
            rows.append(row)
    return rows


def detail_cells(book: Workbook) -> list[tuple[str, str, Decimal]]:
    """(sheet, cell, amount) of every non-zero amount on a detail row, in sheet/row/col order."""
    found = []
    for n, ws in b.tables(book):
        for row in detail_rows(ws, n):
            for cell in ws[row]:
                if b.is_amount(cell.value) and cell.value != 0:
                    found.append((ws.title, cell.coordinate, b.dec(cell.value)))
    return found


# ── which typos ──────────────────────────────────────────────────────────────────────────────


def _digit_positions(s: str) -> list[int]:
    return [i for i, ch in enumerate(s) if ch.isdigit()]


def _parse(s: str) -> Decimal | None:
    if not s or s.startswith(".") or s.endswith("."):
        return None
    if len(s.split(".")[0]) > 1 and s[0] == "0":  # a leading zero nobody types
        return None
    return Decimal(s)


def candidates(amount: Decimal) -> dict[str, list[Decimal]]:
    """Every typo of ``amount`` by kind, changed by more than MIN_CHANGE, non-negative, with at
    most two decimals."""
    s = text(amount)
    found: dict[str, set[Decimal]] = {k: set() for k in KINDS}

    def add(kind: str, typed: str) -> None:
        value = _parse(typed)
        if value is not None:
            found[kind].add(value)

    digits = _digit_positions(s)
    for i in digits:
        for key in KEYPAD[s[i]]:
            add("digit_replaced", s[:i] + key + s[i + 1:])
        add("digit_dropped", s[:i] + s[i + 1:])
        add("digit_doubled", s[:i] + s[i] + s[i:])
        if i + 1 in digits and s[i] != s[i + 1]:
            add("digits_swapped", s[:i] + s[i + 1] + s[i] + s[i + 2:])
    found["point_shifted"].add(amount * 10)
    if (amount / 10) == (amount / 10).quantize(b.CENT):
        found["point_shifted"].add(amount / 10)
    return {k: sorted(v for v in values
                      if v >= 0 and abs(v - amount) > MIN_CHANGE and v == v.quantize(b.CENT))
            for k, values in found.items()}


def plan(src: Path, seed: int) -> Iterator[Slip]:
    """An endless, deterministic stream of distinct typos for ``src`` (cells in a shuffled order,
    each cell once per round, kinds drawn uniformly among those possible for the amount)."""
    book = openpyxl.load_workbook(src)
    cells = detail_cells(book)
    if not cells:
        raise ValueError(f"{src} has no detail amount")
    rng = random.Random(f"{Path(src).name}:{seed}")
    seen: set[tuple[str, str, Decimal]] = set()
    while True:
        order = cells[:]
        rng.shuffle(order)
        fresh = False
        for sheet, cell, amount in order:
            options = {k: [v for v in vs if (sheet, cell, v) not in seen]
                       for k, vs in candidates(amount).items()}
            kinds = [k for k in KINDS if options[k]]
            if not kinds:
                continue
            kind = rng.choice(kinds)
            after = rng.choice(options[kind])
            seen.add((sheet, cell, after))
            fresh = True
            yield Slip(sheet, cell, amount, after, kind)
        if not fresh:
            return


# ── writing ──────────────────────────────────────────────────────────────────────────────────


def _apply(book: Workbook, slip: Slip) -> object:
    """Set the slip's cell in ``book``; return the value it replaced."""
    cell = book[slip.sheet][slip.cell]
    original = cell.value
    if b.dec(original) != slip.before:
        raise ValueError(f"{slip.sheet}!{slip.cell} holds {original!r}, not {slip.before}")
    stored = b.store(slip.after)
    cell.value = 0 if stored is None else stored
    return original


def _save_with(book: Workbook, slip: Slip, dst: Path) -> None:
    """Save ``book`` with the slip applied to ``dst``, and leave ``book`` as it was."""
    original = _apply(book, slip)
    try:
        Path(dst).parent.mkdir(parents=True, exist_ok=True)
        book.save(dst)
    finally:
        book[slip.sheet][slip.cell].value = original


def write_slip(src: Path, dst: Path, slip: Slip) -> None:
    """A copy of ``src`` with the slip's cell changed (nothing else)."""
    b.refuse_same(src, dst)
    _save_with(openpyxl.load_workbook(src), slip, dst)


def typos(src: Path, out_dir: Path, count: int, seed: int) -> list[Typo]:
    """Write ``count`` workbooks, each ``src`` with exactly one detail amount mistyped, into
    ``out_dir`` as ``<stem>-typo<seed>-<i>.xlsx``; return what was changed where."""
    src, out_dir = Path(src), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    book = openpyxl.load_workbook(src)  # loaded once: each typo is set, saved and undone
    made = []
    stream = plan(src, seed)
    for i in range(count):
        slip = next(stream, None)
        if slip is None:
            raise ValueError(f"{src.name} has fewer than {count} distinct typos")
        dst = out_dir / f"{src.stem}-typo{seed}-{i:03d}.xlsx"
        b.refuse_same(src, dst)
        _save_with(book, slip, dst)
        made.append(Typo(dst, slip.sheet, slip.cell, text(slip.before), text(slip.after),
                         slip.kind))
    return made


# ── typos in an export variant ───────────────────────────────────────────────────────────────


def cell_text(value: object) -> str:
    if b.is_amount(value):
        return text(b.dec(value))
    return "" if value is None else str(value)


def _open(book: Path | Workbook) -> Workbook:
    return book if isinstance(book, Workbook) else openpyxl.load_workbook(book)


def differences(a: Path | Workbook, b_: Path | Workbook) -> list[tuple[str, str, object, object]]:
    """(sheet, cell, value in a, value in b) for every cell whose value differs; sheets matched
    by title (a sheet present in one book only counts as a difference at "A1")."""
    one, two = _open(a), _open(b_)
    found: list[tuple[str, str, object, object]] = []
    for title in sorted(set(one.sheetnames) | set(two.sheetnames)):
        if title not in one.sheetnames or title not in two.sheetnames:
            found.append((title, "A1", None, None))
            continue
        ws1, ws2 = one[title], two[title]
        rows = max(ws1.max_row, ws2.max_row)
        cols = max(ws1.max_column, ws2.max_column)
        for r in range(1, rows + 1):
            for c in range(1, cols + 1):
                v1, v2 = ws1.cell(r, c).value, ws2.cell(r, c).value
                if v1 != v2:
                    found.append((title, ws1.cell(r, c).coordinate, v1, v2))
    return found


def _through(src: Path, variant: Callable[[Path, Path], None], slips: Iterable[Slip],
             out_dir: Path, stem: str, count: int | None) -> Iterator[Typo | None]:
    """Each slip made in ``src``, then ``variant`` applied; the varied workbook and the varied
    address of its one changed cell (found against the variant of the clean ``src``), or None
    when the variant does not carry the slip into exactly one cell (or refuses the mistyped
    book, as ``table7_total_only`` does when 表5 项目支出 no longer covers what it moves). Stops
    after ``count`` hits."""
    out_dir.mkdir(parents=True, exist_ok=True)
    hits = 0
    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:
        clean_path = Path(tmp) / "clean.xlsx"
        variant(src, clean_path)
        clean = openpyxl.load_workbook(clean_path)
        source = openpyxl.load_workbook(src)
        for index, slip in enumerate(slips):
            if count is not None and hits == count:
                return
            mistyped = Path(tmp) / "mistyped.xlsx"
            _save_with(source, slip, mistyped)
            dst = out_dir / f"{stem}-{(hits if count is not None else index):03d}.xlsx"
            try:
                variant(mistyped, dst)
            except (AssertionError, KeyError, ValueError):  # the variant refuses this input
                dst.unlink(missing_ok=True)
                yield None
                continue
            diff = differences(clean, dst)
            if len(diff) != 1:
                dst.unlink()
                yield None
                continue
            sheet, cell, before, after = diff[0]
            hits += 1
            yield Typo(dst, sheet, cell, cell_text(before), cell_text(after), slip.kind)


def typos_in_variant(src: Path, variant: Callable[[Path, Path], None], out_dir: Path,
                     count: int, seed: int, name: str | None = None) -> list[Typo]:
    """Write ``count`` workbooks, each ``variant`` applied to ``src`` with one detail amount
    mistyped (the typos of ``typos(src, …, seed)``, in the same order, skipping those the variant
    does not carry into exactly one cell); the Typo's sheet and cell are those of the varied
    layout, ``before``/``after`` the varied cell's values as text."""
    src, out_dir = Path(src), Path(out_dir)
    label = name or getattr(variant, "__name__", "variant")
    stem = f"{src.stem}-{label}-typo{seed}"
    made = [t for t in _through(src, variant, plan(src, seed), out_dir, stem, count) if t]
    if len(made) < count:
        raise ValueError(f"{label} of {src.name}: only {len(made)} typos stay in one cell")
    return made


def carry(src: Path, variant: Callable[[Path, Path], None], made: list[Typo], out_dir: Path,
          name: str | None = None) -> list[Typo | None]:
    """The typos ``made`` by ``typos(src, …)`` carried through ``variant``: for each, the varied
    workbook with the same mistyped amount and its address in the varied layout, or None where
    the variant does not keep the change in one cell (e.g. it recomputes that row)."""
    src, out_dir = Path(src), Path(out_dir)
    label = name or getattr(variant, "__name__", "variant")
    slips = [Slip(t.sheet, t.cell, Decimal(t.before), Decimal(t.after), t.kind) for t in made]
    return list(_through(src, variant, slips, out_dir, f"{src.stem}-{label}-carried", None))
