#!/usr/bin/env python3
"""Prove what ``make.py`` claims about ``dept-2025-clean.xlsx`` and ``dept-2025.xlsx``.

Run from the repository root: ``.venv/bin/python tests/data/dept2025/verify.py [-v]``.
Standard library and openpyxl only; it does not use xlbudget. The workbooks are read back with a
reader of their own layout (below), amounts parsed from their text as Decimal and compared exactly
(the invented amounts are exact, so no rounding allowance is used — stronger than rules.md asks).

1. Layout: eleven sheets named by their titles, every amount a text string (some with thousands
   separators), combined codes, 20 names printed with 其它, 表4's two-row header and spacer row,
   表11's printed-but-blank 合计 columns, blank 表8/表9 with their 备注.
2. Codes and names: every code of 表2/3/5/6/7 is well-formed and in the bundled 2025 catalogue
   (``toolkit/xlbudget/spec/catalogs/*-2025.tsv``), every name is the catalogue's (其它 read as
   其他).
3. The clean book: every identity of docs/rules.md (inside and between tables) holds.
4. The faulty book differs from the clean one in exactly the manifest's ten places.
5. Each fault alone (``make.build([fault])``): an amount fault breaks exactly the rules the manifest
   lists, and the cells shared by all the broken identities are exactly the fault's cell — the
   other tables pin the right value, which equals the manifest's ``expected``; a code fault is a
   malformed code at its cell and nothing else once the code is read as intended; the missing 款
   row is a structure finding at the 项 below it and nothing else (the 款 derived from its 项).
6. ``make.py`` rebuilds both files byte for byte.

Exit status 0 when all of it holds.
"""

from __future__ import annotations

import io
import json
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
CATALOGS = ROOT / "toolkit" / "xlbudget" / "spec" / "catalogs"
sys.path.insert(0, str(HERE))
import make  # noqa: E402  (only to rebuild books, never to read them)

ZERO = Decimal("0.00")
VERBOSE = "-v" in sys.argv

TITLES = {
    "部门收支总体情况表": 1,
    "部门收入总体情况表": 2,
    "部门支出总体情况表": 3,
    "财政拨款收支预算总体情况表": 4,
    "一般公共预算支出情况表": 5,
    "一般公共预算基本支出情况表": 6,
    "一般公共预算项目支出情况表": 7,
    "政府性基金预算支出情况表": 8,
    "国有资本经营预算支出情况表": 9,
    "财政拨款“三公”经费支出情况表": 10,
    "上年结转结余情况明细表": 11,
}
# header label (bottom-most header text of a column, with its group when it needs one) -> key
COLUMNS = {
    2: {
        "总计": "total",
        "小计": "fiscal",
        "一般公共预算": "gpb",
        "上级一般公共预算安排的转移支付": "gpb_transfer",
        "政府性基金预算": "gf",
        "上级政府性基金安排的转移支付": "gf_transfer",
        "国有资本经营预算": "soe",
        "上级国有资本经营预算安排的转移支付": "soe_transfer",
        "财政专户（教育收费）": "special",
        "单位资金": "unit_funds",
        "财政拨款结转": "carry_fiscal",
        "非财政拨款结转结余": "carry_nonfiscal",
    },
    3: {"合计": "total", "基本支出": "basic", "项目支出": "project"},
    5: {"合计": "total", "基本支出": "basic", "项目支出": "project"},
    6: {"合计": "total", "人员经费": "personnel", "公用经费": "public"},
    7: {
        "项目支出合计": "total",
        "工资福利支出": "e301",
        "商品和服务支出": "e302",
        "对个人和家庭的补助": "e303",
        "债务利息及费用支出": "e307",
        "资本性支出（基本建设）": "e309",
        "资本性支出": "e310",
        "对企业补助（基本建设）": "e311",
        "对企业补助": "e312",
        "对社会保障基金补助": "e313",
        "其他支出": "e399",
    },
    8: {"合计": "total", "人员经费": "personnel", "公用经费": "public", "项目支出": "project"},
    9: {"合计": "total", "人员经费": "personnel", "公用经费": "public", "项目支出": "project"},
    10: {"合计": "total", "一般公共预算": "gpb", "政府性基金": "gf", "国有资本经营预算": "soe"},
    11: {
        "总计": "total",
        "财政拨款/": "fiscal_total",
        "财政拨款/人员经费": "fiscal_personnel",
        "财政拨款/公用经费": "fiscal_public",
        "财政拨款/项目支出": "fiscal_project",
        "非财政拨款/": "nonfiscal_total",
        "非财政拨款/人员经费": "nonfiscal_personnel",
        "非财政拨款/公用经费": "nonfiscal_public",
        "非财政拨款/项目支出": "nonfiscal_project",
    },
}
T1_INCOME = {
    "一、本年收入": "current",
    "1.一般公共预算拨款": "gpb",
    "其中：一般财力": "gpb_own",
    "上级一般公共预算安排转移支付": "gpb_transfer",
    "2.政府性基金预算拨款": "gf",
    "其中：政府性基金收入": "gf_own",
    "上级政府性基金安排转移支付": "gf_transfer",
    "3.国有资本经营预算拨款": "soe",
    "其中：国有资本经营收入": "soe_own",
    "上级国有资本经营预算安排转移支付": "soe_transfer",
    "4.财政专户核拨": "special",
    "5.单位资金": "unit_funds",
    "其中：事业收入": "unit_business",
    "上级补助收入": "unit_grant",
    "附属单位上缴收入": "unit_affiliate",
    "事业单位经营收入": "unit_operating",
    "其他收入": "unit_other",
    "二、上年结转结余": "carryover",
    "1.财政拨款结转": "carry_fiscal",
    "其中：一般公共预算拨款": "carry_gpb",
    "政府性基金预算拨款": "carry_gf",
    "国有资本经营预算拨款": "carry_soe",
    "2.非财政拨款结余": "carry_nonfiscal",
    "其中：财政专户核拨": "carry_special",
    "单位资金": "carry_unit",
    "收入总计": "income_total",
}
T1_PARTS = {
    "income_total": ["current", "carryover"],
    "current": ["gpb", "gf", "soe", "special", "unit_funds"],
    "gpb": ["gpb_own", "gpb_transfer"],
    "gf": ["gf_own", "gf_transfer"],
    "soe": ["soe_own", "soe_transfer"],
    "unit_funds": ["unit_business", "unit_grant", "unit_affiliate", "unit_operating", "unit_other"],
    "carryover": ["carry_fiscal", "carry_nonfiscal"],
    "carry_fiscal": ["carry_gpb", "carry_gf", "carry_soe"],
    "carry_nonfiscal": ["carry_special", "carry_unit"],
}
T4_INCOME = {
    "一、财政拨款（补助）": "current",
    "一般公共预算": "gpb",
    "政府性基金预算": "gf",
    "国有资本经营预算": "soe",
    "收入总计": "income_total",
}
T10_ROWS = {
    "合计": "total",
    "因公出国（境）费": "abroad",
    "公务接待费": "reception",
    "公务用车购置及运行费（小计）": "vehicles",
    "其中：公务用车购置费": "purchase",
    "公务用车运行费": "operation",
}
FUNCTIONAL_TABLES = (2, 3, 5, 7, 8, 9)

# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


def amount(raw) -> Decimal:
    if raw is None or (isinstance(raw, str) and raw.strip() in ("", "-", "—")):
        return ZERO
    if not isinstance(raw, str):
        raise AssertionError(f"amount stored as a number, not text: {raw!r}")
    return Decimal(raw.replace(",", "").strip())


@dataclass
class Val:
    v: Decimal
    cell: str  # "表2!C24"
    raw: object


@dataclass
class Row:
    key: str
    code: str | None = None
    code_cell: str | None = None
    name: str | None = None
    name_cell: str | None = None
    vals: dict[str, Val] = field(default_factory=dict)

    def get(self, col: str) -> Val:
        return self.vals[col]


@dataclass
class Table:
    number: int
    sheet: str
    rows: dict[str, Row] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    header: dict[int, str] = field(default_factory=dict)  # column -> label path

    def coded(self) -> list[Row]:
        return [r for r in self.rows.values() if r.code is not None and "#" not in r.key]


def header_labels(ws, first: int, last: int) -> dict[int, str]:
    """column -> "group/label" from header rows first..last (a merged cell keeps its top-left
    value)."""
    merged = {}
    for m in ws.merged_cells.ranges:
        for r in range(m.min_row, m.max_row + 1):
            for c in range(m.min_col, m.max_col + 1):
                merged[(r, c)] = (m.min_row, m.min_col)
    out = {}
    for c in range(1, ws.max_column + 1):
        labels = []
        for r in range(first, last + 1):
            rr, cc = merged.get((r, c), (r, c))
            v = ws.cell(rr, cc).value
            if v is not None and (not labels or labels[-1] != v):
                labels.append(str(v))
            elif v is None and (rr, cc) == (r, c) and r > first:
                labels.append("")  # a printed but blank header cell
        out[c] = "/".join(labels)
    return out


def col_key(number: int, path: str) -> str | None:
    parts = path.split("/")
    table = COLUMNS[number]
    if number == 11:
        if len(parts) >= 2 and parts[0] in ("财政拨款", "非财政拨款"):
            return table.get(f"{parts[0]}/{parts[-1]}")
        return table.get(parts[-1])
    return table.get(parts[-1])


def read_book(source) -> dict[int, Table]:
    wb = openpyxl.load_workbook(source)
    tables: dict[int, Table] = {}
    for ws in wb.worksheets:
        title = ws.cell(1, 1).value
        n = TITLES[title]
        assert ws.title == title, f"sheet {ws.title!r} is not named by its title {title!r}"
        t = Table(n, ws.title)
        reader = {1: read_t1, 4: read_t4, 10: read_t10, 11: read_t11}.get(n, read_coded)
        reader(ws, t)
        for r in range(1, ws.max_row + 1):
            v = ws.cell(r, 1).value
            if isinstance(v, str) and v.startswith("备注"):
                t.notes.append(v)
        tables[n] = t
    return tables


def cell_name(t: Table, r: int, c: int) -> str:
    return f"表{t.number}!{openpyxl.utils.get_column_letter(c)}{r}"


def read_coded(ws, t: Table) -> None:
    head = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "科目编码")
    last = head
    for m in ws.merged_cells.ranges:
        if m.min_row == head and m.min_col == 1:
            last = m.max_row
    labels = header_labels(ws, head, last)
    t.header = labels
    cols = {c: col_key(t.number, p) for c, p in labels.items()}
    seen: dict[str, int] = {}
    for r in range(last + 1, ws.max_row + 1):
        code, name = ws.cell(r, 1).value, ws.cell(r, 2).value
        if isinstance(code, str) and code.startswith("备注"):
            continue
        if code is None and name is None:
            continue
        project = ws.cell(r, 3).value if t.number == 7 else None
        if code is None:
            key = str(name)
        elif project:
            seen[code] = seen.get(code, 0) + 1
            key = f"{code}#{seen[code]}"
        else:
            key = str(code)
            if key in t.rows:  # duplicate code: keep both, the second renamed
                key = f"{key}@{r}"
        row = Row(
            key,
            str(code) if code is not None else None,
            cell_name(t, r, 1) if code else None,
            name,
            cell_name(t, r, 2),
        )
        if project:
            row.vals["project_name"] = Val(ZERO, cell_name(t, r, 3), project)
        for c, k in cols.items():
            if k:
                raw = ws.cell(r, c).value
                row.vals[k] = Val(amount(raw), cell_name(t, r, c), raw)
        t.rows[key] = row


def read_t1(ws, t: Table) -> None:
    for r in range(5, ws.max_row + 1):
        a, b, c, d = (ws.cell(r, i).value for i in range(1, 5))
        if a is not None:
            key = T1_INCOME[a]
            t.rows[key] = Row(
                key,
                name=a,
                name_cell=cell_name(t, r, 1),
                vals={"amount": Val(amount(b), cell_name(t, r, 2), b)},
            )
        if c is not None:
            if c == "支出总计":
                key, code = "expense_total", None
            else:
                code, _, _name = c.partition(" ")
                key = code
            t.rows[key] = Row(
                key,
                code,
                cell_name(t, r, 3) if code else None,
                c,
                cell_name(t, r, 3),
                vals={"amount": Val(amount(d), cell_name(t, r, 4), d)},
            )


def read_t4(ws, t: Table) -> None:
    assert ws.cell(3, 1).value == "财政拨款收入" and ws.cell(3, 3).value == "财政拨款支出功能分类"
    assert ws.cell(3, 4).value == "财政拨款支出" and ws.cell(4, 2).value == "预算数"
    assert all(ws.cell(5, c).value is None for c in range(1, 8)), "表4 spacer row is not blank"
    keys = {4: "total", 5: "gpb", 6: "gf", 7: "soe"}
    for r in range(6, ws.max_row + 1):
        a, b, c = (ws.cell(r, i).value for i in range(1, 4))
        if a is not None:
            key = "in_" + T4_INCOME[a]
            t.rows[key] = Row(
                key,
                name=a,
                name_cell=cell_name(t, r, 1),
                vals={"amount": Val(amount(b), cell_name(t, r, 2), b)},
            )
        if c is not None:
            code = None if c == "支出总计" else c.partition(" ")[0]
            key = code or "expense_total"
            row = Row(key, code, cell_name(t, r, 3) if code else None, c, cell_name(t, r, 3))
            for col, k in keys.items():
                raw = ws.cell(r, col).value
                row.vals[k] = Val(amount(raw), cell_name(t, r, col), raw)
            t.rows[key] = row


def read_t10(ws, t: Table) -> None:
    labels = header_labels(ws, 3, 4)
    cols = {c: col_key(10, p) for c, p in labels.items()}
    for r in range(5, ws.max_row + 1):
        a = ws.cell(r, 1).value
        if a is None:
            continue
        key = T10_ROWS[a]
        row = Row(key, name=a, name_cell=cell_name(t, r, 1))
        for c, k in cols.items():
            if k:
                raw = ws.cell(r, c).value
                row.vals[k] = Val(amount(raw), cell_name(t, r, c), raw)
        t.rows[key] = row


def read_t11(ws, t: Table) -> None:
    labels = header_labels(ws, 3, 5)
    t.header = labels
    cols = {c: col_key(11, p) for c, p in labels.items()}
    n = 0
    for r in range(6, ws.max_row + 1):
        a = ws.cell(r, 1).value
        if a is None or str(a).startswith("备注"):
            continue
        n += 1
        key = "合计" if a == "合计" else f"item{n}"
        row = Row(key, name=a, name_cell=cell_name(t, r, 1))
        for c, k in cols.items():
            if k:
                raw = ws.cell(r, c).value
                row.vals[k] = Val(amount(raw), cell_name(t, r, c), raw)
        t.rows[key] = row


# --------------------------------------------------------------------------------------------
# Codes
# --------------------------------------------------------------------------------------------


def catalogue(kind: str) -> dict[str, str]:
    out = {}
    for line in (CATALOGS / f"{kind}-2025.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")[:2]
            out[code] = name
    return out


FUNC = catalogue("functional")
ECON = catalogue("economic")


def well_formed(code: str, economic: bool) -> bool:
    return bool(re.fullmatch(r"\d{3}|\d{5}" if economic else r"\d{3}|\d{5}|\d{7}", code))


def parent_codes(code: str) -> list[str]:
    """Ancestors of a well-formed code, nearest first."""
    return [code[:5], code[:3]] if len(code) == 7 else ([code[:3]] if len(code) == 5 else [])


# --------------------------------------------------------------------------------------------
# Identities
# --------------------------------------------------------------------------------------------


@dataclass
class Identity:
    rule: str
    what: str
    cells: frozenset[str]
    ok: bool
    detail: str


class Checker:
    def __init__(self, book: dict[int, Table]):
        self.book = book
        self.out: list[Identity] = []

    def cmp(self, rule: str, what: str, left: list[Val], right: list[Val], rel: str = "=") -> None:
        lv = sum((x.v for x in left), ZERO)
        rv = sum((x.v for x in right), ZERO)
        ok = {"=": lv == rv, "<=": lv <= rv, ">=": lv >= rv}[rel]
        self.out.append(
            Identity(rule, what, frozenset(x.cell for x in left + right), ok, f"{lv} {rel} {rv}")
        )

    def fact(self, rule: str, what: str, cells, ok: bool, detail: str = "") -> None:
        self.out.append(Identity(rule, what, frozenset(cells), ok, detail))

    @staticmethod
    def missing(table: int, code: str) -> Val:
        return Val(ZERO, f"表{table}!<no row {code}>", None)

    # ── structure of a coded table ──
    def tree(self, t: Table) -> tuple[list[Row], dict[str, list[Row]]]:
        """Top rows (类) and each group row's children; a row whose parent row is absent hangs
        on the nearest present ancestor (the subtotal derived), as rules.md asks."""
        rows = t.coded()
        economic = t.number == 6
        present = {r.code for r in rows if well_formed(r.code, economic)}
        kids: dict[str, list[Row]] = {}
        tops = []
        items = rows + [r for r in t.rows.values() if "#" in r.key]
        for r in items:
            if not well_formed(r.code, economic):
                continue  # a malformed code belongs nowhere
            if "#" in r.key:  # 表7 project row: under its own code's row if that is a group row
                anc = ([r.code] if r.code in present else []) + parent_codes(r.code)
            else:
                anc = parent_codes(r.code)
            up = next((a for a in anc if a in present and a != r.key), None)
            if up is None:
                tops.append(r)
            else:
                kids.setdefault(up, []).append(r)
        return tops, kids

    def hier(self, n: int, cols: list[str]) -> None:
        t = self.book[n]
        tops, kids = self.tree(t)
        for col in cols:
            for code, ch in kids.items():
                row = t.rows[code]
                self.cmp(
                    f"T{n}.hier",
                    f"{code} {col} = Σ children",
                    [row.get(col)],
                    [c.get(col) for c in ch],
                )
            if "合计" in t.rows:
                self.cmp(
                    f"T{n}.hier",
                    f"合计 {col} = Σ 类",
                    [t.rows["合计"].get(col)],
                    [r.get(col) for r in tops],
                )

    def structure(self, n: int) -> None:
        t = self.book[n]
        codes = {r.code for r in t.coded()}
        items = t.coded() + [r for r in t.rows.values() if "#" in r.key]
        for r in items:
            if well_formed(r.code, n == 6):
                for a in parent_codes(r.code):
                    if a != r.code:
                        self.fact(
                            f"T{n}.structure",
                            f"{r.code}: row {a} present",
                            [r.code_cell],
                            a in codes,
                        )

    def codes_names(self, n: int) -> None:
        t = self.book[n]
        economic = n == 6
        cat = ECON if economic else FUNC
        seen = {}
        for r in t.coded() + [r for r in t.rows.values() if "#" in r.key]:
            ok = well_formed(r.code, economic) and r.code in cat
            self.fact(
                f"T{n}.code",
                f"{r.code} well-formed and in the 2025 catalogue",
                [r.code_cell],
                ok,
                r.code,
            )
            if ok:
                self.fact(
                    f"T{n}.name",
                    f"{r.code} name",
                    [r.name_cell],
                    r.name.replace("其它", "其他") == cat[r.code],
                    f"{r.name} / {cat[r.code]}",
                )
            if "#" not in r.key:
                self.fact(f"T{n}.duplicate", f"{r.code} once", [r.code_cell], r.code not in seen)
                seen[r.code] = r

    def row_sums(self, n: int, parts: dict[str, list[str]]) -> None:
        for row in self.book[n].rows.values():
            for whole, ps in parts.items():
                if whole in row.vals:
                    self.cmp(
                        f"T{n}.row",
                        f"{row.key} {whole} = {'+'.join(ps)}",
                        [row.get(whole)],
                        [row.get(p) for p in ps],
                    )

    def terms(self, n: int, code: str, col: str) -> list[Val] | None:
        """A code's amount in table n: its row, or — when a 款/类 row is omitted — the sum of the
        rows below it (the subtotal derived, rules.md "derive the subtotals"); None if neither."""
        rows = {r.code: r for r in self.book[n].coded()}
        if code in rows:
            return [rows[code].get(col)]
        for extra in (2, 4):
            below = [
                r
                for c, r in rows.items()
                if len(c) == len(code) + extra and c.startswith(code) and well_formed(c, n == 6)
            ]
            if below:
                return [r.get(col) for r in below]
        return None

    def v(self, n: int, key: str, col: str) -> Val:
        t = self.book[n]
        return t.rows[key].get(col) if key in t.rows else self.missing(n, key)

    def run(self) -> list[Identity]:
        b = self.book
        self.fact("T.missing", "eleven tables", [], sorted(b) == list(range(1, 12)), str(sorted(b)))
        # ── 表1 ──
        t1 = b[1]
        cats = [r for r in t1.rows.values() if r.code]
        self.cmp(
            "T1.balance",
            "收入总计 = 支出总计",
            [self.v(1, "income_total", "amount")],
            [self.v(1, "expense_total", "amount")],
        )
        for whole, ps in T1_PARTS.items():
            self.cmp(
                "T1.income",
                f"{whole} = Σ",
                [self.v(1, whole, "amount")],
                [self.v(1, p, "amount") for p in ps],
            )
        self.cmp(
            "T1.expense",
            "支出总计 = Σ 类",
            [self.v(1, "expense_total", "amount")],
            [r.get("amount") for r in cats],
        )
        for n in (1, 4):
            printed = [r for r in b[n].rows.values() if r.code]
            self.fact(
                f"T{n}.categories",
                "every 2025 类 printed once, with its official name",
                [c.code_cell for c in printed],
                [c.name for c in printed] == [f"{k} {v}" for k, v in FUNC.items() if len(k) == 3],
            )
        # ── inside the coded tables ──
        self.row_sums(
            2,
            {
                "total": ["fiscal", "special", "unit_funds", "carry_fiscal", "carry_nonfiscal"],
                "fiscal": ["gpb", "gpb_transfer", "gf", "gf_transfer", "soe", "soe_transfer"],
            },
        )
        for n in (3, 5):
            self.row_sums(n, {"total": ["basic", "project"]})
        self.row_sums(6, {"total": ["personnel", "public"]})
        self.row_sums(
            7,
            {
                "total": [
                    "e301",
                    "e302",
                    "e303",
                    "e307",
                    "e309",
                    "e310",
                    "e311",
                    "e312",
                    "e313",
                    "e399",
                ]
            },
        )
        for n in (8, 9):
            self.row_sums(n, {"total": ["personnel", "public", "project"]})
        for n, cols in (
            (2, list(COLUMNS[2].values())),
            (3, ["total", "basic", "project"]),
            (5, ["total", "basic", "project"]),
            (6, ["total", "personnel", "public"]),
            (7, list(COLUMNS[7].values())),
            (8, ["total"]),
            (9, ["total"]),
        ):
            self.hier(n, cols)
            self.structure(n)
            self.codes_names(n)
        for r in b[6].coded():
            pers = r.code[:3] in ("301", "303")
            wrong = r.get("public" if pers else "personnel")
            self.fact("T6.split", f"{r.code} in its column", [wrong.cell], wrong.v == 0)
        for n in (3, 5):
            for r in b[n].coded():
                if FUNC.get(r.code) in ("行政运行", "事业运行"):
                    self.fact(
                        f"T{n}.type",
                        f"{r.code} no 项目支出",
                        [r.get("project").cell],
                        r.get("project").v == 0,
                    )
        # ── 表4 ──
        t4 = b[4]
        cats4 = [r for r in t4.rows.values() if r.code]
        self.cmp(
            "T4.sums",
            "一、 = gpb + gf + soe",
            [self.v(4, "in_current", "amount")],
            [self.v(4, f"in_{k}", "amount") for k in ("gpb", "gf", "soe")],
        )
        self.cmp(
            "T4.sums",
            "收入总计 = 一、",
            [self.v(4, "in_income_total", "amount")],
            [self.v(4, "in_current", "amount")],
        )
        for col in ("total", "gpb", "gf", "soe"):
            self.cmp(
                "T4.sums",
                f"支出总计 {col} = Σ 类",
                [self.v(4, "expense_total", col)],
                [r.get(col) for r in cats4],
            )
        for r in [*cats4, t4.rows["expense_total"]]:
            self.cmp(
                "T4.row",
                f"{r.key} 合计 = Σ",
                [r.get("total")],
                [r.get(k) for k in ("gpb", "gf", "soe")],
            )
        self.cmp(
            "T4.balance",
            "收入总计 = 支出总计",
            [self.v(4, "in_income_total", "amount")],
            [self.v(4, "expense_total", "total")],
        )
        # ── 表10 ──
        for col in ("total", "gpb", "gf", "soe"):
            self.cmp(
                "T10.sum",
                f"合计 {col}",
                [self.v(10, "total", col)],
                [self.v(10, k, col) for k in ("abroad", "reception", "vehicles")],
            )
            self.cmp(
                "T10.sum",
                f"车辆 {col}",
                [self.v(10, "vehicles", col)],
                [self.v(10, k, col) for k in ("purchase", "operation")],
            )
        for r in b[10].rows.values():
            self.cmp(
                "T10.sum",
                f"{r.key} 合计 = Σ 资金来源",
                [r.get("total")],
                [r.get(k) for k in ("gpb", "gf", "soe")],
            )
        # ── 表11: the 合计 columns are printed blank, so each group's 合计 is its parts ──
        t11 = b[11]
        fparts = ["fiscal_personnel", "fiscal_public", "fiscal_project"]
        nparts = ["nonfiscal_personnel", "nonfiscal_public", "nonfiscal_project"]
        for r in t11.rows.values():
            self.fact(
                "T11.layout",
                f"{r.key} 合计 columns blank",
                [r.get("fiscal_total").cell, r.get("nonfiscal_total").cell],
                r.get("fiscal_total").raw is None and r.get("nonfiscal_total").raw is None,
            )
            self.cmp(
                "T11.row",
                f"{r.key} 总计 = Σ parts",
                [r.get("total")],
                [r.get(k) for k in fparts + nparts],
            )
        items = [r for r in t11.rows.values() if r.key != "合计"]
        for col in ["total", *fparts, *nparts]:
            self.cmp(
                "T11.sum", f"合计 {col}", [self.v(11, "合计", col)], [r.get(col) for r in items]
            )
        # ── blank tables ──
        for n, word in ((8, "政府性基金"), (9, "国有资本经营")):
            t = b[n]
            self.fact(
                f"T{n}.blank_note",
                "备注 says 空表",
                [],
                not t.coded() and any("空表" in x and word in x for x in t.notes),
            )
        # ── between tables ──
        self.between()
        return self.out

    def between(self) -> None:
        b = self.book
        t1 = lambda k: self.v(1, k, "amount")  # noqa: E731
        tot2 = lambda col: self.v(2, "合计", col)  # noqa: E731
        self.cmp("X.T1-T2", "表2 合计 总计 = 表1 收入总计", [tot2("total")], [t1("income_total")])
        for c2, c1 in (
            ("gpb", "gpb_own"),
            ("gpb_transfer", "gpb_transfer"),
            ("gf", "gf_own"),
            ("gf_transfer", "gf_transfer"),
            ("soe", "soe_own"),
            ("soe_transfer", "soe_transfer"),
            ("special", "special"),
            ("unit_funds", "unit_funds"),
            ("carry_fiscal", "carry_fiscal"),
            ("carry_nonfiscal", "carry_nonfiscal"),
        ):
            self.cmp("X.T1-T2", f"表2 合计 {c2} = 表1 {c1}", [tot2(c2)], [t1(c1)])
        cats = [c for c in FUNC if len(c) == 3]
        for c in cats:
            self.cmp("X.T1-T2", f"表2 {c} 总计 = 表1 {c}", [self.v(2, c, "total")], [t1(c)])
            self.cmp("X.T1-T3", f"表3 {c} 合计 = 表1 {c}", [self.v(3, c, "total")], [t1(c)])
            self.cmp(
                "X.T4-T5", f"表4 {c} gpb = 表5 {c}", [self.v(4, c, "gpb")], [self.v(5, c, "total")]
            )
            self.cmp(
                "X.T4-T8", f"表4 {c} gf = 表8 {c}", [self.v(4, c, "gf")], [self.v(8, c, "total")]
            )
            self.cmp(
                "X.T4-T9", f"表4 {c} soe = 表9 {c}", [self.v(4, c, "soe")], [self.v(9, c, "total")]
            )
            self.cmp(
                "X.T2-T4",
                f"表4 {c} 合计 = 表2 {c} 小计",
                [self.v(4, c, "total")],
                [self.v(2, c, "fiscal")],
            )
        self.cmp(
            "X.T1-T3",
            "表3 合计 = 表1 支出总计",
            [self.v(3, "合计", "total")],
            [t1("expense_total")],
        )
        # 表2 ↔ 表3: the same codes, totals and names
        r2 = {r.code: r for r in b[2].coded()}
        r3 = {r.code: r for r in b[3].coded()}
        for code in sorted(set(r2) | set(r3)):
            a, c = self.terms(2, code, "total"), self.terms(3, code, "total")
            self.fact(
                "X.T2-T3",
                f"{code} in both",
                [x.code_cell for x in (r2.get(code), r3.get(code)) if x],
                bool(a and c),
            )
            self.cmp(
                "X.T2-T3",
                f"{code} 表3 合计 = 表2 总计",
                c or [self.missing(3, code)],
                a or [self.missing(2, code)],
            )
            if code in r2 and code in r3:
                self.fact(
                    "X.T2-T3",
                    f"{code} names",
                    [r2[code].name_cell, r3[code].name_cell],
                    r2[code].name == r3[code].name,
                )
        # 表4 income
        for k in ("gpb", "gf", "soe"):
            self.cmp("X.T1-T4", f"表4 {k} = 表1 {k}", [self.v(4, f"in_{k}", "amount")], [t1(k)])
        self.cmp(
            "X.T4-T5",
            "表4 收入 一般公共预算 = 表5 合计",
            [self.v(4, "in_gpb", "amount")],
            [self.v(5, "合计", "total")],
        )
        self.cmp(
            "X.T4-T5",
            "表4 支出总计 一般公共预算 = 表5 合计",
            [self.v(4, "expense_total", "gpb")],
            [self.v(5, "合计", "total")],
        )
        # 表2 ↔ 表5 per code (every code with 一般公共预算 money in 表2, every code of 表5)
        r5 = {r.code: r for r in b[5].coded()}
        for code in sorted(
            set(r5) | {c for c, r in r2.items() if r.get("gpb").v + r.get("gpb_transfer").v != 0}
        ):
            left = self.terms(5, code, "total") or [self.missing(5, code)]
            right = (self.terms(2, code, "gpb") or []) + (
                self.terms(2, code, "gpb_transfer") or []
            ) or [self.missing(2, code)]
            self.cmp("X.T2-T5", f"表5 {code} = 表2 {code} 一般公共预算 + 转移支付", left, right)
        # 表5 ≤ 表3 on the leaves of 表5
        _tops, kids5 = self.tree(b[5])
        for code, r in r5.items():
            if code in kids5:
                continue
            for col in ("total", "basic", "project"):
                self.cmp(
                    "X.T3-T5",
                    f"表5 {code} {col} ≤ 表3",
                    [r.get(col)],
                    [r3[code].get(col) if code in r3 else self.missing(3, code)],
                    "<=",
                )
        self.cmp(
            "X.T5-T6",
            "表6 合计 = 表5 基本支出",
            [self.v(6, "合计", "total")],
            [self.v(5, "合计", "basic")],
        )
        self.cmp(
            "X.T5-T7",
            "表7 合计 = 表5 项目支出",
            [self.v(7, "合计", "total")],
            [self.v(5, "合计", "project")],
        )
        projects: dict[str, list[Val]] = {}
        for r in b[7].rows.values():
            if "#" in r.key:
                projects.setdefault(r.code, []).append(r.get("total"))
        for code, r in r5.items():
            if code in kids5 or (r.get("project").v == 0 and code not in projects):
                continue
            self.cmp(
                "X.T5-T7",
                f"表5 {code} 项目 = Σ 表7 projects",
                [r.get("project")],
                projects.get(code, [self.missing(7, code)]),
            )
        for code in projects:
            if code not in r5:
                self.fact("X.T5-T7", f"表7 {code} in 表5", [], False)
        self.cmp("X.T1-T8", "表8 合计 = 表1 gf", [self.v(8, "合计", "total")], [t1("gf")])
        self.cmp("X.T1-T9", "表9 合计 = 表1 soe", [self.v(9, "合计", "total")], [t1("soe")])
        e6 = lambda code: self.v(6, code, "total")  # noqa: E731
        # 三公: all of 接待 and 运行 is basic spending here, so equality (rules: ≥)
        self.cmp(
            "X.T6-T10",
            "表10 公务用车运行费 = 表6 30231",
            [self.v(10, "operation", "gpb")],
            [e6("30231")],
        )
        self.cmp(
            "X.T6-T10",
            "表10 公务接待费 = 表6 30217",
            [self.v(10, "reception", "gpb")],
            [e6("30217")],
        )
        self.cmp(
            "X.T6-T10",
            "表10 因公出国 ≥ 表6 30212",
            [self.v(10, "abroad", "gpb")],
            [e6("30212")],
            ">=",
        )
        buy = [
            r.get("e310")
            for r in b[7].rows.values()
            if "#" in r.key and "车辆购置" in str(r.vals["project_name"].raw)
        ]
        self.cmp(
            "X.T7-T10",
            "表10 公务用车购置费 = 表7 车辆购置 project",
            [self.v(10, "purchase", "gpb")],
            buy,
        )
        self.cmp(
            "X.T5-T10",
            "表10 一般公共预算 ≤ 表5 合计",
            [self.v(10, "total", "gpb")],
            [self.v(5, "合计", "total")],
            "<=",
        )
        tot11 = lambda col: self.v(11, "合计", col)  # noqa: E731
        fparts = [tot11(k) for k in ("fiscal_personnel", "fiscal_public", "fiscal_project")]
        nparts = [
            tot11(k) for k in ("nonfiscal_personnel", "nonfiscal_public", "nonfiscal_project")
        ]
        self.cmp("X.T1-T11", "表11 总计 = 表1 上年结转结余", [tot11("total")], [t1("carryover")])
        self.cmp("X.T1-T11", "表11 财政拨款 = 表1 财政拨款结转", fparts, [t1("carry_fiscal")])
        self.cmp("X.T1-T11", "表11 财政拨款 = 表2 财政拨款结转", fparts, [tot2("carry_fiscal")])
        self.cmp(
            "X.T1-T11", "表11 非财政拨款 = 表1 非财政拨款结余", nparts, [t1("carry_nonfiscal")]
        )
        # the customary pairs of rules.md X.T5-T6.soft, made exact here
        for econ, funcs in (
            ("30108", ["2080505"]),
            ("30109", ["2080506"]),
            ("30110", ["21011"]),
            ("30113", ["2210201"]),
            ("30302", ["2080501", "2080502"]),
            ("30304", ["2080801"]),
        ):
            self.cmp(
                "X.T5-T6.soft",
                f"表6 {econ} = 表5 {'+'.join(funcs)}",
                [e6(econ)],
                [self.v(5, f, "total") for f in funcs],
            )


# --------------------------------------------------------------------------------------------
# The checks
# --------------------------------------------------------------------------------------------

FAILS: list[str] = []


def expect(cond: bool, msg: str) -> None:
    if not cond:
        FAILS.append(msg)
        print("FAIL", msg)
    elif VERBOSE:
        print("ok  ", msg)


def failing(book) -> list[Identity]:
    return [i for i in Checker(book).run() if not i.ok]


def layout(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    expect(wb.sheetnames == list(TITLES), f"{path.name}: sheets named by their titles, in order")
    texts = commas = numbers = 0
    variants = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=3):
            for c in row:
                if isinstance(c.value, (int, float)):
                    numbers += 1
                elif isinstance(c.value, str) and re.fullmatch(r"[\d,]+\.\d\d", c.value):
                    texts += 1
                    commas += "," in c.value
                if isinstance(c.value, str) and "其它" in c.value:
                    variants += 1
    expect(numbers == 0, f"{path.name}: no numeric cell ({numbers})")
    expect(
        texts > 300 and commas >= 10,
        f"{path.name}: amounts as text ({texts}, {commas} with separators)",
    )
    expect(variants == 20, f"{path.name}: 20 names print 其它 ({variants})")


def diff(faulty: dict[int, Table], clean: dict[int, Table]) -> set[tuple]:
    out = set()
    for n in clean:
        a, b = faulty[n].rows, clean[n].rows
        for key in set(a) | set(b):
            if key not in a:
                out.add((n, key, "row missing"))
            elif key not in b:
                out.add((n, key, "row added"))
            else:
                for col in set(a[key].vals) | set(b[key].vals):
                    if a[key].vals[col].raw != b[key].vals[col].raw:
                        out.add((n, key, col))
                if a[key].name != b[key].name:
                    out.add((n, key, "name"))
    return out


def main() -> int:
    man = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
    faults = {f["id"]: f for f in man["faults"]}
    by_id = {f.id: f for f in make.FAULTS}
    assert set(faults) == set(by_id) == set(range(1, 11))

    # 6. byte-stable
    wb, _ = make.build([])
    expect(
        make.workbook_bytes(wb)
        == make.CLEAN.read_bytes()
        == make.workbook_bytes(make.build([])[0]),
        "clean book rebuilds byte for byte",
    )
    expect(
        make.workbook_bytes(make.build(make.FAULTS)[0]) == make.FAULTY.read_bytes(),
        "faulty book rebuilds byte for byte",
    )

    # 1. layout
    layout(make.CLEAN)
    layout(make.FAULTY)

    # 2–3. the clean book
    clean = read_book(make.CLEAN)
    ids = Checker(clean).run()
    bad = [i for i in ids if not i.ok]
    for i in bad:
        print("  clean:", i.rule, i.what, i.detail, sorted(i.cells))
    rules = sorted({i.rule for i in ids})
    expect(
        not bad,
        f"clean book: all {len(ids)} identities hold ({len(rules)} rules: {' '.join(rules)})",
    )

    # 4. the faulty book differs in exactly the ten places
    faulty = read_book(make.FAULTY)
    want = set()
    for f in make.FAULTS:
        if f.column == "row":
            want.add((f.table, f.row, "row missing"))
        elif f.column == "code":
            want |= {(f.table, f.row, "row missing"), (f.table, f.actual, "row added")}
        elif f.table == 1:
            want.add((1, f.row, "amount"))
        else:
            want.add((f.table, f.row, f.column))
    got = diff(faulty, clean)
    expect(
        got == want,
        f"faulty book differs from the clean one exactly at the ten faults {sorted(got ^ want)}",
    )
    for f in man["faults"]:
        if f["column"] in ("row", "code"):
            continue
        t = faulty[int(f["table"][1:])]
        row = t.rows[f["code"] or f["row"]]
        col = "amount" if t.number == 1 else f["column"]
        v = row.vals[col]
        expect(
            v.cell == f"{f['table']}!{f['cell']}" and v.raw == f["actual"],
            f"fault {f['id']}: {f['sheet']}!{f['cell']} holds {f['actual']!r}",
        )
        c = clean[t.number].rows[row.key].vals[col]
        expect(
            f"{c.v:.2f}" == f["expected"],
            f"fault {f['id']}: the clean book has {f['expected']} there",
        )

    # 5. each fault alone
    for fid, f in sorted(by_id.items()):
        m = faults[fid]
        book = read_book(io.BytesIO(make.workbook_bytes(make.build([f])[0])))
        fails = failing(book)
        broken = sorted({i.rule for i in fails})
        cell = f"{m['table']}!{m['cell']}"
        if f.kind == "code":
            expect(
                f"T{f.table}.code" in broken,
                f"fault {fid}: T{f.table}.code broken ({' '.join(broken)})",
            )
            code_fails = [i for i in fails if i.rule == f"T{f.table}.code"]
            expect(
                [sorted(i.cells) for i in code_fails] == [[cell]],
                f"fault {fid}: malformed code at {cell}",
            )
            # read as intended, the row is right: nothing else fails
            t = book[f.table]
            t.rows[f.actual].code = f.row
            t.rows = {(f.row if k == f.actual else k): v for k, v in t.rows.items()}
            rest = failing(book)
            expect(
                not rest,
                f"fault {fid}: with the code read as {f.row}, every identity holds "
                f"{[(i.rule, i.what) for i in rest]}",
            )
            if VERBOSE:
                print(f"      consequences if the code is taken at its word: {broken}")
            continue
        expect(
            broken == sorted(f.rules),
            f"fault {fid}: breaks exactly {' '.join(f.rules)} (got {' '.join(broken)})",
        )
        common = frozenset.intersection(*[i.cells for i in fails]) if fails else frozenset()
        expect(
            common == {cell},
            f"fault {fid}: the {len(fails)} broken identities share exactly {cell} "
            f"(got {sorted(common)})",
        )
        if VERBOSE:
            for i in fails:
                print(f"      {i.rule:12} {i.what}: {i.detail}")
        if f.kind != "structure":
            # the corroborated value: solve one broken equality that reads the cell once
            t = book[f.table]
            row = t.rows[f.row]
            col = "amount" if f.table == 1 else f.column
            row.vals[col].v = Decimal(m["expected"])
            expect(
                not failing(book),
                f"fault {fid}: with {m['expected']} at {cell} every identity holds",
            )

    print(f"FAILED: {len(FAILS)}" if FAILS else "all expectations hold")
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
