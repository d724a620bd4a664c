"""xlbudget on layout variants of correct Shanghai books (``corpus/shanghai.py``).

1. Every (variant, base) pair: the variant reads as its base — the same profile, all nine tables,
   the same set of (rule, severity) among error and warning findings (cells may move).
2. A handful of pairs with one typo planted in a detail cell of the base (a 项 row amount of
   表2/3/5, a 款 row of 表8): the checker's only error beyond the base's own is a root cause at
   the typo's cell in the variant, with the true value (control: the same typo in the base).

Variant files get neutral names (``book.xlsx``, ``base-…``): xlbudget falls back to a year in the
file name, which would hide a variant whose tables lost their year.
Known reader failures are ``xfail(strict=True)`` with what xlbudget gets wrong.

Run: .venv/bin/python -m pytest tests/corpus/test_shanghai_variants.py -q
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

TESTS = str(Path(__file__).resolve().parents[1])
if TESTS not in sys.path:  # tests/conftest.py puts tests/ on the path; a bare run may not
    sys.path.insert(0, TESTS)

from corpus import shanghai, typos  # noqa: E402
from xlbudget.check.findings import Finding, Kind, Severity, money  # noqa: E402
from xlbudget.check.run import Report, check  # noqa: E402

BOOKS = shanghai.BOOKS
SERIOUS = (Severity.ERROR, Severity.WARNING)

# ── known reader failures ────────────────────────────────────────────────────────────────────

XFAIL: dict[tuple[str, str], str] = {}


def _param(name: str, base: str, *rest: object) -> object:
    reason = XFAIL.get((name, base))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(name, base, *rest, marks=marks, id=f"{name}-{Path(base).stem}")


PAIRS = [_param(name, base) for name, _ in shanghai.SHANGHAI_VARIANTS for base in shanghai.BASES]

# ── helpers ──────────────────────────────────────────────────────────────────────────────────


def _neutral_copy(base: str, folder: Path) -> Path:
    """The base under a name without a year (``base.xlsx``)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "base.xlsx"
    shutil.copyfile(BOOKS / base, path)
    return path


def _serious(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.severity in SERIOUS]


def _kinds(report: Report) -> set[tuple[str, str]]:
    return {(f.rule, str(f.severity)) for f in _serious(report)}


def _show(findings: list[Finding]) -> str:
    return "\n".join(f"  {f.severity} {f.rule} {f.kind or ''} {list(f.cells)[:3]} "
                     f"expected={f.expected!r} actual={f.actual!r}" for f in findings)


@pytest.fixture(scope="module")
def base_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Report]:
    """The bases' own reports, each read under a neutral file name."""
    out = tmp_path_factory.mktemp("bases")
    reports = {}
    for i, base in enumerate(shanghai.BASES):
        reports[base] = check(_neutral_copy(base, out / str(i)))
        assert reports[base].unreadable is None and reports[base].tables == list(range(1, 10))
    return reports


def _digests() -> dict[str, str]:
    return {base: hashlib.sha256((BOOKS / base).read_bytes()).hexdigest()
            for base in shanghai.BASES}


DIGESTS = _digests()  # at collection, before any variant runs


# ── the corpus itself ────────────────────────────────────────────────────────────────────────


def test_registry() -> None:
    names = [name for name, _ in shanghai.SHANGHAI_VARIANTS]
    assert len(names) >= 12 and len(set(names)) == len(names)
    for name, fn in shanghai.SHANGHAI_VARIANTS:
        assert fn.__doc__ and "Reader:" in fn.__doc__, f"{name}: say what a reader concludes"
    assert all((BOOKS / base).is_file() for base in shanghai.BASES)
    assert {name for name, _ in XFAIL} <= set(names)


@pytest.mark.parametrize("name", [name for name, _ in shanghai.SHANGHAI_VARIANTS])
def test_refuses_to_overwrite_its_source(tmp_path: Path, name: str) -> None:
    copy = _neutral_copy(shanghai.BASES[-1], tmp_path)
    before = copy.read_bytes()
    with pytest.raises(ValueError, match="refusing"):
        shanghai.BY_NAME[name](copy, copy)
    assert copy.read_bytes() == before


def test_shuffle_is_deterministic(tmp_path: Path) -> None:
    fn = shanghai.BY_NAME["sheets_shuffled"]
    one, two = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    fn(BOOKS / shanghai.BASES[0], one)
    fn(BOOKS / shanghai.BASES[0], two)
    assert typos.differences(one, two) == []


# ── 1. every variant reads as its base ───────────────────────────────────────────────────────


@pytest.mark.parametrize(("name", "base"), PAIRS)
def test_variant_reads_as_its_base(tmp_path: Path, base_reports: dict[str, Report],
                                   name: str, base: str) -> None:
    dst = tmp_path / "book.xlsx"
    shanghai.BY_NAME[name](BOOKS / base, dst)
    report, own = check(dst), base_reports[base]
    assert report.unreadable is None, report.unreadable
    assert report.profile == own.profile
    assert report.tables == list(range(1, 10))
    got, want = _kinds(report), _kinds(own)
    extra = [f for f in _serious(report) if (f.rule, str(f.severity)) not in want]
    missing = [f for f in _serious(own) if (f.rule, str(f.severity)) not in got]
    assert got == want, f"new:\n{_show(extra)}\nlost:\n{_show(missing)}"


# ── 2. a typo in a detail cell is found at its cell in the variant ───────────────────────────

# (variant, base, sheet, cell of the base, typed amount): large slips the checker localises in
# the base itself (see test_typo_in_the_base); 项 rows of 表2/3/5 and 款 rows of 表8
TYPOS = [
    ("header_merges_removed", "putuo-wanli-2025-bumen.xlsx", "部门支出总表", "F56", "5148033"),
    ("sheets_export_names", "putuo-wanli-2025-bumen.xlsx",
     "部门一般公共预算拨款基本支出明细表", "E13", "8427156"),
    ("amounts_text_thousands", "putuo-caizhengju-2025-bumen.xlsx", "部门支出总表", "F11",
     "1609332.6"),
    ("amounts_float_noise", "putuo-caizhengju-2025-bumen.xlsx", "部门一般公共预算拨款表", "F18",
     "748327"),
    ("sheets_shuffled", "shanghai-caizhengju-2025-danwei.xlsx", "单位收入总表", "F20", "500400"),
    ("org_line_one_cell", "shanghai-caizhengju-2025-danwei.xlsx", "单位一般公共预算拨款表", "E22",
     "2100000"),
    ("leading_blank_rows_cols", "synthetic-2.xlsx", "部门一般公共预算拨款基本支出明细表", "E10",
     "2301000"),
    ("codes_numeric", "synthetic-1.xlsx", "单位支出总表", "G24", "1626000"),
    ("blank_rows_between_lei", "putuo-wanli-2025-bumen.xlsx", "部门收入总表", "E26", "2548025"),
    ("total_label_in_name_column", "synthetic-2.xlsx", "部门一般公共预算拨款表", "F36", "4860000"),
    ("form_labels_shifted", "synthetic-3.xlsx", "单位一般公共预算拨款表", "F11", "27498900"),
    ("zeros_blank", "putuo-wanli-2023-bumen.xlsx", "部门一般公共预算拨款表", "G68", "1450000"),
    ("all_merges_removed", "putuo-wanli-2023-bumen.xlsx",
     "部门一般公共预算拨款基本支出明细表", "D11", "167439333"),
]
TYPO_XFAIL: dict[str, str] = {}


def _typo_param(case: tuple[str, str, str, str, str]) -> object:
    name, base, _, cell, _ = case
    reason = TYPO_XFAIL.get(name)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(*case, marks=marks, id=f"{name}-{Path(base).stem}-{cell}")


def _true_value(base: str, sheet: str, cell: str) -> Decimal:
    found = {(s, c): v for s, c, v in shanghai.detail_cells(openpyxl.load_workbook(BOOKS / base))}
    assert (sheet, cell) in found, f"{sheet}!{cell} is no detail cell of {base}"
    return found[(sheet, cell)]


def _errors(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.severity is Severity.ERROR]


def _key(f: Finding) -> tuple[object, ...]:
    return (f.rule, f.cells, f.expected, f.actual, f.kind)


def _found_at(report: Report, own: Report, where: str, true: Decimal) -> None:
    """The only error ``report`` has beyond the base's ``own`` is a root cause at ``where``
    with the true value."""
    before = {_key(f) for f in _errors(own)}
    new = [f for f in _errors(report) if _key(f) not in before]
    assert len(new) == 1, f"new errors:\n{_show(new)}"
    (cause,) = new
    assert cause.kind is Kind.CAUSE, _show(new)
    assert cause.cells == (where,), _show(new)
    assert cause.expected == money(true), _show(new)


@pytest.mark.parametrize(("name", "base", "sheet", "cell", "typed"),
                         [_typo_param(case) for case in TYPOS])
def test_typo_in_a_variant(tmp_path: Path, base_reports: dict[str, Report], name: str,
                           base: str, sheet: str, cell: str, typed: str) -> None:
    """The typo made in the base, the variant applied; ``typos.carry`` finds the typo's cell in
    the variant (by diffing with the variant of the clean base)."""
    src = _neutral_copy(base, tmp_path / "src")
    true = _true_value(base, sheet, cell)
    made = [typos.Typo(src, sheet, cell, typos.text(true), typos.text(Decimal(typed)), "typo")]
    (carried,) = typos.carry(src, shanghai.BY_NAME[name], made, tmp_path / "carried", name=name)
    assert carried is not None, f"{name} does not keep the typo in one cell"
    _found_at(check(carried.path), base_reports[base], f"{carried.sheet}!{carried.cell}", true)


@pytest.mark.parametrize(("base", "sheet", "cell", "typed"),
                         [pytest.param(*case[1:], id=f"{Path(case[1]).stem}-{case[3]}")
                          for case in TYPOS])
def test_typo_in_the_base(tmp_path: Path, base_reports: dict[str, Report], base: str,
                          sheet: str, cell: str, typed: str) -> None:
    """Control: the same typo in the plain base is found at its cell."""
    true = _true_value(base, sheet, cell)
    dst = tmp_path / "book.xlsx"
    typos.write_slip(BOOKS / base, dst, typos.Slip(sheet, cell, true, Decimal(typed), "typo"))
    _found_at(check(dst), base_reports[base], f"{sheet}!{cell}", true)


def test_bases_untouched() -> None:
    assert _digests() == DIGESTS
