"""A corpus that COMPOSES layout transformations of correct books, with planted slips.

The older generators (``exports``, ``shanghai``, ``tests/variants.py``) each rewrite a workbook
in the base layout, so they cannot follow one another. Here every base is first turned into an
IR (``reading.from_base``, structure from xlbudget's own reader); transformations are IR → IR
(``transforms``, ``layout``, ``placement``), so any chain of them makes a valid book; ``render``
writes it and says where every base cell went (the origin map).

* ``REGISTRY`` — the transformations, in the order pairs apply them; ``INCOMPATIBLE`` — the pairs
  skipped, with the reason.
* ``build(base, chain, seed)`` — the IR of a base after a chain (each transformation draws from
  its own ``Random(seed:base:name)``, so it does the same thing alone and in any combination).
* ``plant(book, seed)`` — one amount slip (the typo kinds of ``typos``), in a detail cell, a
  subtotal, a total or a 表1/表4 line, made in the IR: the origin map gives its new address.
* ``pairs(bases)``, ``triples(bases, k, seed)``, ``singles(bases)`` — combinations per base.
* ``make(combo, out, seed)`` — the clean and the slipped book of a combination, rendered.
* ``expected(base_errors, origins, combo)`` — the error findings a correct checker reports on a
  clean composed book: the base's own (same rule, first cell moved by the origin map; a finding
  whose cell a transformation removed is not expected) plus the cell-less ones a transformation
  declares (``expects``: a table taken out is missing).

Bases (their own error findings, as ``xlbudget check`` reports them, are the baseline): 新疆
``samples/published/000.xlsx``, ``002.xlsx`` (none), ``004.xlsx`` (T5.name at 表5!D6: 201 printed
一般公共预算支出; no 表11), ``samples/park-2024.xlsx``, ``city-office-2024.xlsx`` (none),
``industry-bureau-2024.xlsx`` (004's book: the same T5.name); 上海 ``putuo-wanli-2025-bumen``,
``shanghai-caizhengju-2025-danwei``, ``putuo-caizhengju-2025-bumen`` (tests/data/shanghai/books:
no error; warnings only — S5.type on a 行政运行 line with 项目支出, S6/S7.blank_note where a blank
fund table has no 注).
"""

from __future__ import annotations

import functools
import itertools
import pickle
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from . import layout as lay
from . import placement as pl
from . import transforms as tr
from .ir import WAN, Book, Cell, Row, Table
from .reading import from_base
from .render import Origins, render
from .typos import KINDS, candidates

ROOT = Path(__file__).resolve().parents[2]
SHANGHAI = ROOT / "tests" / "data" / "shanghai" / "books"
BASES: dict[str, Path] = {
    "000": ROOT / "samples" / "published" / "000.xlsx",
    "002": ROOT / "samples" / "published" / "002.xlsx",
    "004": ROOT / "samples" / "published" / "004.xlsx",
    "park": ROOT / "samples" / "park-2024.xlsx",
    "city": ROOT / "samples" / "city-office-2024.xlsx",
    "industry": ROOT / "samples" / "industry-bureau-2024.xlsx",
    "sh-wanli": SHANGHAI / "putuo-wanli-2025-bumen.xlsx",
    "sh-czj": SHANGHAI / "shanghai-caizhengju-2025-danwei.xlsx",
    "sh-putuo-czj": SHANGHAI / "putuo-caizhengju-2025-bumen.xlsx",
}

REGISTRY: list[tr.Transformation] = [
    # codes and names
    tr.code_name_one_cell, tr.code_combined, tr.code_dotted, tr.codes_as_numbers,
    tr.codes_blank_repeated, tr.lei_as_headings, tr.names_indented, tr.variant_characters,
    # rows
    tr.only_xiang_rows, tr.spacer_rows_between_lei, tr.total_row_first, tr.total_row_absent,
    tr.total_labels_spread,
    # amounts
    tr.amount_apostrophe, tr.amount_thousands, tr.amount_fullwidth, tr.zeros_printed,
    tr.unit_yuan_table, tr.unit_yuan_book,
    # columns
    lay.project_before_basic, lay.fund_columns_shuffled, lay.t7_economic_reordered,
    lay.t7_money_columns_only, lay.serial_column, lay.remark_column, lay.spacer_columns,
    lay.t4_two_sided_form, lay.t11_blank_total_header, lay.t11_blank_total_column,
    # header words and structure
    lay.header_words, lay.header_line_breaks, lay.unit_suffix_headers, lay.merges_removed,
    lay.header_flattened, lay.header_three_rows, lay.page_header_repeated_two_sided,
    lay.page_header_repeated_coded,
    # lines around a table
    pl.label_absent, pl.label_in_title, pl.unit_in_title, pl.unit_line_two_rows,
    pl.note_lines_added,
    # placement and sheets
    pl.table_shifted, pl.tables_stacked, pl.sheets_named_by_title,
    pl.sheets_generic_shuffled, pl.fund_tables_absent,
]
BY_NAME: dict[str, tr.Transformation] = {t.name: t for t in REGISTRY}

INCOMPATIBLE: dict[frozenset[str], str] = {
    frozenset({"total_row_first", "total_row_absent"}):
        "a total row cannot be printed first when it is not printed at all",
}


# ── building ─────────────────────────────────────────────────────────────────────────────────


@functools.lru_cache(maxsize=16)
def _parsed(path: Path) -> bytes:
    return pickle.dumps(from_base(path), pickle.HIGHEST_PROTOCOL)


def base_book(base: str) -> Book:
    """A fresh copy of a base's IR (read once per process)."""
    book: Book = pickle.loads(_parsed(BASES[base]))
    return book


def rng_for(seed: int, base: str, name: str) -> random.Random:
    return random.Random(f"{seed}:{base}:{name}")


def build(base: str, chain: tuple[str, ...], seed: int = 1) -> Book:
    book = base_book(base)
    for name in chain:
        BY_NAME[name](book, rng_for(seed, base, name))
    return book


@dataclass(frozen=True)
class Combo:
    base: str
    chain: tuple[str, ...]

    @property
    def name(self) -> str:
        return "+".join(self.chain) or "(base)"


@functools.lru_cache(maxsize=1024)
def applies(base: str, name: str) -> bool:
    """Whether a transformation finds anything to change in a base (上海 books have no 表7
    economic columns, no 表11, no 表N label line …)."""
    return BY_NAME[name].applies(base_book(base))


def skip_reason(combo: Combo) -> str | None:
    """Why a combination is not built (None: it is)."""
    for name in combo.chain:
        if not applies(combo.base, name):
            return f"{name} does not apply to {combo.base}"
    for a, b in itertools.combinations(combo.chain, 2):
        if (reason := INCOMPATIBLE.get(frozenset({a, b}))) is not None:
            return reason
    return None


def _keep(combos: list[Combo]) -> list[Combo]:
    return [c for c in combos if skip_reason(c) is None]


def singles(bases: list[str]) -> list[Combo]:
    return _keep([Combo(b, (t.name,)) for b in bases for t in REGISTRY])


def pairs(bases: list[str]) -> list[Combo]:
    """Every pair of transformations on each base, applied in registry order."""
    names = [t.name for t in REGISTRY]
    return _keep([Combo(b, pair) for b in bases for pair in itertools.combinations(names, 2)])


def triples(bases: list[str], k: int, seed: int) -> list[Combo]:
    """``k`` random triples per base (fixed seed), each applied in a random order."""
    out = []
    for base in bases:
        rng = random.Random(f"triples:{seed}:{base}")
        names = [t.name for t in REGISTRY if applies(base, t.name)]
        pool = [c for c in itertools.combinations(names, 3)
                if skip_reason(Combo(base, c)) is None]
        for chosen in rng.sample(pool, min(k, len(pool))):
            order = list(chosen)
            rng.shuffle(order)
            out.append(Combo(base, tuple(order)))
    return out


# ── slips ────────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Slip:
    origin: str  # the base cell
    table: int
    position: str  # "detail", "subtotal", "total", "line"
    kind: str  # one of typos.KINDS
    true: str  # the right amount as printed in that table's unit ("1618.40", "16184000")
    slip: str  # what was printed instead
    stated: Decimal  # the right amount in the unit findings state it in (the region's)
    stated_in: str = "万元"  # that unit
    cell: str = ""  # its address in the rendered book


def position(table: Table, row: Row) -> str:
    if row.kind == "total":
        return "total"
    if not table.coded:
        return "detail" if table.number == 11 else "line"
    if row.project or (table.economic and row.level == 2) or (
            not table.economic and row.level == 3):
        return "detail"
    return "subtotal"


def _places(table: Table, amount: Decimal) -> int:
    return 2 if table.unit == "万元" or amount != amount.to_integral_value() else 0


def _options(table: Table, amount: Decimal) -> dict[str, list[Decimal]]:
    """The typos of ``amount`` a reader must see: as many decimals as the table prints, and a
    change beyond 0.05 万元 (more than any rounding)."""
    to_wan = WAN if table.unit == "元" else Decimal(1)
    whole = _places(table, amount) == 0
    return {k: [v for v in vs if abs(v - amount) / to_wan > Decimal("0.05")
                and (not whole or v == v.to_integral_value())]
            for k, vs in candidates(amount).items()}


def plant(book: Book, seed: int, label: str) -> Slip | None:
    """Change one non-zero amount cell of the IR (a table's single row of items — 上海 表9 —
    excepted: its slips can only be located as candidates). Chooses the position kind first
    (detail, subtotal, total, line) so that totals and subtotals are slipped as often as
    details."""
    rng = random.Random(f"slip:{seed}:{label}")
    cells: dict[str, list[tuple[Table, Row, Cell]]] = {}
    for table in book.tables():
        if table.single:
            continue
        for row, _, cell in table.amount_cells():
            if cell.amount and cell.origin and row.kind in ("line", "total"):
                cells.setdefault(position(table, row), []).append((table, row, cell))
    while cells:
        where = rng.choice(sorted(cells))
        table, row, cell = cells[where].pop(rng.randrange(len(cells[where])))
        if not cells[where]:
            del cells[where]
        assert cell.amount is not None
        options = _options(table, cell.amount)
        kinds = [k for k in KINDS if options[k]]
        if not kinds:
            continue
        kind = rng.choice(kinds)
        true, after = cell.amount, rng.choice(options[kind])
        cell.amount = after
        places = _places(table, true)
        wan = true / (WAN if table.unit == "元" else 1)
        stated = wan * (WAN if table.spec_unit == "元" else 1)
        return Slip(cell.origin[0], table.number, where, kind, f"{true:.{places}f}",
                    f"{after:.{places}f}", stated, table.spec_unit)
    return None


# ── making a combination's books ─────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Made:
    combo: Combo
    clean: Path
    clean_origins: Origins
    slipped: Path | None
    slipped_origins: Origins
    slip: Slip | None


def file_stem(combo: Combo) -> str:
    return f"{combo.base}--{combo.name}"[:180]


def make(combo: Combo, out: Path, seed: int = 1, slip: bool = True) -> Made:
    """Render the clean composed book and (``slip``) the same book with one planted slip."""
    out.mkdir(parents=True, exist_ok=True)
    stem = file_stem(combo)
    clean = out / f"{stem}.xlsx"
    clean_origins = render(build(combo.base, combo.chain, seed), clean)
    if not slip:
        return Made(combo, clean, clean_origins, None, {}, None)
    book = build(combo.base, combo.chain, seed)
    planted = plant(book, seed, f"{combo.base}:{combo.name}")
    slipped = out / f"{stem}--slip.xlsx"
    slipped_origins = render(book, slipped)
    if planted is not None:
        planted = Slip(**{**planted.__dict__, "cell": slipped_origins[planted.origin]})
    return Made(combo, clean, clean_origins, slipped, slipped_origins, planted)


Expected = Counter[tuple[str, str | None]]


def expected(base_errors: list[tuple[str, str | None]], origins: Origins, combo: Combo) -> Expected:
    """The error findings (rule, first cell or None) a correct checker reports on the composed
    clean book."""
    found: Expected = Counter()
    for rule, cell in base_errors:
        if cell is None:
            found[(rule, None)] += 1
        elif cell in origins:
            found[(rule, origins[cell])] += 1
    book = base_book(combo.base)
    for name in combo.chain:
        for rule in BY_NAME[name].expects(book):
            found[(rule, None)] += 1
    return found
