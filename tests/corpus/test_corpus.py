"""The corpus generators themselves, tested without xlbudget: every variant is a valid workbook
that keeps its base's amounts (or changes them exactly as documented), every typo changes exactly
the one recorded cell, every malformed book has its one fault.

Run: .venv/bin/python -m pytest tests/corpus -q
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

TESTS = str(Path(__file__).resolve().parents[1])
if TESTS not in sys.path:  # tests/conftest.py puts tests/ on the path; a bare run may not
    sys.path.insert(0, TESTS)

from corpus import exports, malformed, typos  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
BASES = ROOT / "samples" / "published"
BASE_NAMES = ("000.xlsx", "002.xlsx", "004.xlsx")
CENT = Decimal("0.01")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _dec(value: object) -> Decimal:
    """A cell value or a Typo's before/after text as an amount ("" and None are 0)."""
    return Decimal(0) if value in (None, "") else Decimal(str(value)).quantize(CENT)


def amounts(path: Path, sheets: tuple[str, ...] | None = None) -> Counter[Decimal]:
    """The multiset of non-zero numbers in a workbook (the bases hold numbers only as amounts)."""
    book = openpyxl.load_workbook(path)
    found: Counter[Decimal] = Counter()
    for ws in book.worksheets:
        if sheets is not None and ws.title not in sheets:
            continue
        for row in ws.iter_rows():
            for cell in row:
                if _is_number(cell.value) and cell.value != 0:
                    found[_dec(cell.value)] += 1
    return found


@pytest.fixture(scope="module")
def digests() -> dict[str, str]:
    return {name: _digest(BASES / name) for name in BASE_NAMES}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, digests: dict[str, str]) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("exports")
    made = {}
    for name, fn, base in exports.EXPORT_VARIANTS:
        made[name] = out / f"{name}.xlsx"
        fn(BASES / base, made[name])
    return made


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("malformed")
    made = {}
    for name, fn, base, _ in malformed.MALFORMED:
        made[name] = out / f"{name}.xlsx"
        fn(BASES / base, made[name])
    return made


NAMES = [name for name, _, _ in exports.EXPORT_VARIANTS]
KEEPING = [name for name in NAMES if name not in exports.AMOUNTS_CHANGED]


# ── export variants ──────────────────────────────────────────────────────────────────────────


def test_registry_is_complete() -> None:
    assert len(set(NAMES)) == len(NAMES)
    for name, fn, base in exports.EXPORT_VARIANTS:
        assert (BASES / base).is_file(), name
        assert fn.__doc__ and "Reader:" in fn.__doc__, f"{name}: say what a reader concludes"
    assert set(exports.AMOUNTS_CHANGED) <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_variant_opens(built: dict[str, Path], name: str) -> None:
    book = openpyxl.load_workbook(built[name])
    assert book.worksheets and all(ws.max_row > 1 for ws in book.worksheets)


def test_bases_untouched(built: dict[str, Path], digests: dict[str, str]) -> None:
    assert {name: _digest(BASES / name) for name in BASE_NAMES} == digests


@pytest.mark.parametrize("fn", sorted({fn for _, fn, _ in exports.EXPORT_VARIANTS}
                                      | {fn for _, fn, _, _ in malformed.MALFORMED},
                                      key=lambda f: f.__name__), ids=lambda f: f.__name__)
def test_refuses_to_overwrite_its_source(tmp_path: Path, fn: Callable[[Path, Path], None]) -> None:
    copy = tmp_path / "004.xlsx"
    shutil.copy(BASES / "004.xlsx", copy)
    before = _digest(copy)
    with pytest.raises(ValueError, match="refusing"):
        fn(copy, copy)
    assert _digest(copy) == before


@pytest.mark.parametrize("name", KEEPING)
def test_variant_keeps_the_amounts(built: dict[str, Path], name: str) -> None:
    _, base = exports.BY_NAME[name]
    assert amounts(built[name]) == amounts(BASES / base)


@pytest.mark.parametrize("name", NAMES)
def test_variant_is_deterministic(tmp_path: Path, built: dict[str, Path], name: str) -> None:
    fn, base = exports.BY_NAME[name]
    again = tmp_path / "again.xlsx"
    fn(BASES / base, again)
    assert typos.differences(built[name], again) == []


def _rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    return [tuple(c.value for c in row) for row in openpyxl.load_workbook(path)[sheet].iter_rows()]


@pytest.mark.parametrize("name", ["lei_split_blocks", "lei_split_blocks_000"])
def test_lei_split_blocks_add_up(built: dict[str, Path], name: str) -> None:
    """The split 类 (201) appears twice in 表2 and 表3, its two rows add up to the base's row per
    column, and every other amount is the base's."""
    _, base = exports.BY_NAME[name]
    removed: Counter[Decimal] = Counter()
    added: Counter[Decimal] = Counter()
    for sheet in ("表2", "表3"):
        old = [r for r in _rows(BASES / base, sheet) if r[0] == "201" and not r[1]]
        new = [r for r in _rows(built[name], sheet) if r[0] == "201" and not r[1]]
        assert len(old) == 1 and len(new) == 2, sheet
        for col in range(4, len(old[0])):
            assert _dec(old[0][col]) == _dec(new[0][col]) + _dec(new[1][col]), (sheet, col)
        removed.update(_dec(v) for v in old[0][4:] if _is_number(v) and v)
        added.update(_dec(v) for r in new for v in r[4:] if _is_number(v) and v)
    assert amounts(built[name]) - added == amounts(BASES / base) - removed
    assert amounts(BASES / base) - removed + added == amounts(built[name])


def test_table7_total_only_is_consistent(built: dict[str, Path]) -> None:
    """表7 is empty, 表5 has no 项目支出, 表3/表5 moved it to 基本支出 row by row, 表6 grew by it
    and still adds up, and the other tables are the base's."""
    path, base = built["table7_total_only"], BASES / "004.xlsx"
    same = ("表1", "表2", "表4", "表8", "表9", "表10")
    assert amounts(path, same) == amounts(base, same)
    assert amounts(path, ("表7",)) == Counter()
    t7 = [r for r in _rows(path, "表7")[5:] if any(v is not None for v in r)]
    assert len(t7) == 1 and "合计" in t7[0]
    moved = Decimal("9.6")
    for sheet in ("表3", "表5"):
        old, new = _rows(base, sheet)[5:], _rows(path, sheet)[5:]
        assert len(old) == len(new)
        for o, n in zip(old, new, strict=True):
            assert o[:4] == n[:4]
            assert _dec(o[4]) == _dec(n[4])  # 合计
            assert _dec(o[5]) + _dec(o[6]) == _dec(n[5]) + _dec(n[6])
        assert _dec(old[-1][6]) - _dec(new[-1][6]) == moved, sheet
    assert all(_dec(r[6]) == 0 for r in _rows(path, "表5")[5:])
    t5_total = _rows(path, "表5")[-1]
    t6 = _rows(path, "表6")[5:]
    total = t6[-1]
    assert _dec(total[3]) == _dec(t5_total[5]) == _dec(t5_total[4])
    for r in t6:
        assert _dec(r[3]) == _dec(r[4]) + _dec(r[5]), r
    leis = [r for r in t6 if r[0] and not r[1]]
    for col in (3, 4, 5):
        assert sum(_dec(r[col]) for r in leis) == _dec(total[col])
        for lei in leis:
            kuans = [r for r in t6 if r[0] == lei[0] and r[1]]
            assert sum(_dec(r[col]) for r in kuans) == _dec(lei[col]), (lei[0], col)
    old6 = sum(_dec(r[3]) for r in _rows(base, "表6")[5:] if r[2] == "合计")
    assert _dec(total[3]) - old6 == moved


def test_layout_changes_are_where_documented(built: dict[str, Path]) -> None:
    """A few spot checks that each variant did what it says."""
    book = openpyxl.load_workbook(built["total_row_first"])
    assert book["表3"]["D6"].value == "合计" and book["表3"]["A7"].value == "201"
    book = openpyxl.load_workbook(built["sheets_generic_untitled"])
    assert sorted(book.sheetnames) == sorted(f"Sheet{i}" for i in range(1, 12))
    titles = [ws["A1"].value for ws in book.worksheets]
    base_titles = [ws["A2"].value for ws in openpyxl.load_workbook(BASES / "000.xlsx").worksheets]
    assert sorted(titles) == sorted(base_titles) and titles != base_titles  # shuffled, no label
    book = openpyxl.load_workbook(built["tables_stacked_one_sheet"])
    assert book.sheetnames == ["预算公开表"]
    labels = [c.value for c in book.active["A"] if isinstance(c.value, str)
              and c.value.startswith("表") and c.value[1:].isdigit()]
    assert labels == [f"表{i}" for i in range(1, 11)]
    book = openpyxl.load_workbook(built["lei_rows_numbered"])
    assert book["表3"]["D6"].value == "一、一般公共服务支出" and book["表3"]["A6"].value is None
    assert book["表3"]["A7"].value == "201"
    book = openpyxl.load_workbook(built["total_label_in_code_column"])
    assert book["表2"]["A28"].value == "合计" and book["表2"]["D28"].value is None
    book = openpyxl.load_workbook(built["header_line_breaks"])
    assert book["表2"]["A4"].value == "功能分类\n科目编码"
    book = openpyxl.load_workbook(built["spacer_columns"])
    assert book["表3"]["E6"].value == "一般公共服务支出" and book["表3"]["D6"].value is None


# ── typos ────────────────────────────────────────────────────────────────────────────────────


def _is_detail(ws: Worksheet, sheet: str, row: int) -> bool:
    """A detail row of the base layout, decided from the row alone."""
    n = int(sheet.removeprefix("表"))
    a, b, c = (ws.cell(row, i).value for i in (1, 2, 3))
    label = str(a or "").strip()
    if n in (2, 3, 5, 8, 9):
        return bool(c)
    if n == 6:
        return bool(b)
    if n == 7:
        return bool(c) and ws.cell(row, 5).value not in (None, "合计")
    if n == 10:
        return bool(label) and "合计" not in label and "小计" not in label
    if n == 11:
        return row >= 7 and bool(label) and label != "合计"
    return False


@pytest.mark.parametrize("base", BASE_NAMES)
def test_typos_change_exactly_the_recorded_cell(tmp_path: Path, base: str) -> None:
    made = typos.typos(BASES / base, tmp_path, 12, seed=3)
    assert len(made) == 12 and len({t.path for t in made}) == 12
    assert len({(t.sheet, t.cell) for t in made}) == 12  # distinct cells while there are enough
    source = openpyxl.load_workbook(BASES / base)
    for t in made:
        diff = typos.differences(source, t.path)
        assert len(diff) == 1, t
        sheet, cell, old, new = diff[0]
        assert (sheet, cell) == (t.sheet, t.cell)
        assert _dec(old) == Decimal(t.before) and _dec(new) == Decimal(t.after)
        assert old != 0 and _is_number(old) and _is_number(new) and new >= 0
        assert abs(Decimal(t.after) - Decimal(t.before)) > Decimal("0.05")
        assert t.kind in typos.KINDS
        ws = source[t.sheet]
        assert _is_detail(ws, t.sheet, ws[t.cell].row), t


def test_typo_kinds_are_what_they_say() -> None:
    for amount in ("809.21", "1618.40", "0.74", "24", "3016.86"):
        for kind, values in typos.candidates(Decimal(amount)).items():
            for v in values:
                a, b = f"{Decimal(amount):.2f}", f"{v:.2f}"
                if kind == "point_shifted":
                    assert v in (Decimal(amount) * 10, Decimal(amount) / 10)
                elif kind == "digits_swapped":
                    assert sorted(a) == sorted(b) and len(a) == len(b)
                elif kind == "digit_replaced":
                    assert len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1
                assert abs(v - Decimal(amount)) > Decimal("0.05")


def test_typos_are_deterministic(tmp_path: Path) -> None:
    def key(ts: list[typos.Typo]) -> list[tuple[str, str, str, str, str]]:
        return [(t.sheet, t.cell, t.before, t.after, t.kind) for t in ts]

    one = typos.typos(BASES / "002.xlsx", tmp_path / "a", 8, seed=1)
    two = typos.typos(BASES / "002.xlsx", tmp_path / "b", 8, seed=1)
    other = typos.typos(BASES / "002.xlsx", tmp_path / "c", 8, seed=2)
    assert key(one) == key(two) and key(one) != key(other)
    assert all(typos.differences(a.path, b.path) == [] for a, b in zip(one, two, strict=True))


def test_all_kinds_occur(tmp_path: Path) -> None:
    made = typos.typos(BASES / "000.xlsx", tmp_path, 40, seed=1)
    assert {t.kind for t in made} == set(typos.KINDS)


IN_VARIANTS = ["total_row_first", "spacer_columns", "tables_stacked_one_sheet",
               "sheets_generic_untitled", "lei_split_blocks", "table7_total_only",
               "lei_rows_numbered"]


@pytest.mark.parametrize("name", IN_VARIANTS)
def test_typos_in_a_variant_name_the_varied_cell(
        tmp_path: Path, built: dict[str, Path], name: str) -> None:
    fn, base = exports.BY_NAME[name]
    made = typos.typos_in_variant(BASES / base, fn, tmp_path, 3, seed=2, name=name)
    assert len(made) == 3
    clean = openpyxl.load_workbook(built[name])
    for t in made:
        diff = typos.differences(clean, t.path)
        assert [(s, c) for s, c, _, _ in diff] == [(t.sheet, t.cell)]
        assert typos.cell_text(diff[0][2]) == t.before and typos.cell_text(diff[0][3]) == t.after
        assert abs(_dec(t.after) - _dec(t.before)) > Decimal("0.05")


def test_carry_applies_made_typos_to_a_variant(tmp_path: Path) -> None:
    fn, base = exports.BY_NAME["tables_stacked_groups"]
    made = typos.typos(BASES / base, tmp_path / "plain", 4, seed=7)
    carried = typos.carry(BASES / base, fn, made, tmp_path / "carried")
    clean = tmp_path / "clean.xlsx"
    fn(BASES / base, clean)
    clean_book = openpyxl.load_workbook(clean)
    assert len(carried) == 4
    for t, c in zip(made, carried, strict=True):
        assert c is not None and (c.before, c.after, c.kind) == (t.before, t.after, t.kind)
        assert [(s, x) for s, x, _, _ in typos.differences(clean_book, c.path)] == [
            (c.sheet, c.cell)]


def test_carry_through_a_variant_that_moves_amounts(tmp_path: Path) -> None:
    """table7_total_only moves 004's 表5 2011399 项目支出 8.00 into 基本支出: typed as 0.80 the
    variant refuses the book (None); typed as 80.00 the variant leaves 72.00 in G10 (one cell,
    carried, with the varied cell's values)."""
    fn, base = exports.BY_NAME["table7_total_only"]
    made = [typos.Typo(BASES / base, "表5", "G10", "8.00", after, "point_shifted")
            for after in ("0.80", "80.00")]
    low, high = typos.carry(BASES / base, fn, made, tmp_path)
    assert low is None
    assert high is not None and (high.sheet, high.cell) == ("表5", "G10")
    assert (high.before, high.after) == ("", "72.00")


def test_typos_in_a_variant_follow_the_base_typos(tmp_path: Path) -> None:
    """Under a variant that only moves cells, the typos are the base's, in the same order."""
    fn, base = exports.BY_NAME["total_row_first"]
    plain = typos.typos(BASES / base, tmp_path / "plain", 4, seed=5)
    varied = typos.typos_in_variant(BASES / base, fn, tmp_path / "varied", 4, seed=5)
    assert [(t.before, t.after, t.kind) for t in plain] == [
        (t.before, t.after, t.kind) for t in varied]


# ── malformed ────────────────────────────────────────────────────────────────────────────────


def test_malformed_registry() -> None:
    families = {"code", "missing", "blank_note", "duplicate", "no_tables"}
    for name, fn, base, expected in malformed.MALFORMED:
        assert (BASES / base).is_file() and fn.__doc__, name
        assert expected.family in families and expected.severity in ("error", "warning")
        assert expected.rule.endswith(expected.family), name
    assert {e.family for *_, e in malformed.MALFORMED} == families


@pytest.mark.parametrize("name", [m[0] for m in malformed.MALFORMED])
def test_malformed_opens(broken: dict[str, Path], name: str) -> None:
    assert openpyxl.load_workbook(broken[name]).worksheets


def test_malformed_faults(broken: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(broken["code_four_digit_lei"])
    row = [c.value for c in book["表5"][malformed.CODE_ROW]]
    assert row[:4] == ["2085", "05", "01", "行政单位离退休"]
    assert amounts(broken["code_four_digit_lei"]) == amounts(BASES / "002.xlsx")
    assert typos.differences(BASES / "002.xlsx", broken["code_four_digit_lei"]) == [
        ("表5", f"A{malformed.CODE_ROW}", "208", "2085")]

    book = openpyxl.load_workbook(broken["missing_table9"])
    assert "表9" not in book.sheetnames and len(book.sheetnames) == 10

    book = openpyxl.load_workbook(broken["blank_table8_without_note"])
    texts = [c.value for row in book["表8"].iter_rows(min_row=6) for c in row if c.value]
    assert texts == []

    book = openpyxl.load_workbook(broken["not_a_budget"])
    assert book.sheetnames == ["Sheet1"]
    assert not any(isinstance(c.value, str) and c.value.startswith("表") and c.value[1:].isdigit()
                   for row in book.active.iter_rows() for c in row)

    rows = _rows(broken["duplicate_code_row"], "表3")
    dupes = [r for r in rows if r[:3] == ("201", "03", "99")]
    second = malformed.DUPLICATE_ROW + 1
    assert len(dupes) == 2 and rows[second - 1] == dupes[1]
    assert next(e for n, *_, e in malformed.MALFORMED if n == "duplicate_code_row").cell == (
        f"C{second}")
    assert sum(_dec(r[4]) for r in dupes) == Decimal("282.89")
    assert amounts(broken["duplicate_code_row"]) == (
        amounts(BASES / "002.xlsx") - Counter({Decimal("282.89"): 2})
        + Counter({Decimal("110.00"): 2, Decimal("172.89"): 2}))
