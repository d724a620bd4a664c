#!/usr/bin/env python3
"""Recompute the Shanghai identities (docs/regions/shanghai/identities.md §1–§2) on the books that
``make.py`` wrote, reading them with openpyxl; amounts compared exactly as Decimal.

Run from the repository root: ``python tests/data/shanghai/verify.py [-v]``. Expectations:

* a publication book fails exactly the rules its transcription (``publications/<stem>.json`` →
  ``identities``) records as failing — the publications' own documented faults;
* the synthetic books hold every identity (any severity);
* each planted book differs from its base in exactly the manifest's cell (base value = expected,
  planted value = actual) and breaks at least one identity that reads that cell;
* an export variant gives the same results as its base book;
* the blank templates are read (nine tables found) — no expectation on their identities.

Exit status 0 when every expectation holds. Standard library and openpyxl only.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
BOOKS = HERE / "books"
PUBLICATIONS = HERE / "publications"

TITLES = [  # printed title endings -> kind (checked in this order)
    ("T4", "财政拨款收支预算总表"),
    ("T1", "财务收支预算总表"),
    ("T2", "收入预算总表"),
    ("T3", "支出预算总表"),
    ("T5", "一般公共预算支出功能分类预算表"),
    ("T6", "政府性基金预算支出功能分类预算表"),
    ("T7", "国有资本经营预算支出功能分类预算表"),
    ("T8", "经济分类预算表"),
    ("T9", "“三公”经费和机关运行经费预算表"),
]
VALUE_COLS = {
    "T2": ["合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入"],
    "T3": ["合计", "基本支出", "项目支出"],
    "T5": ["合计", "基本支出", "项目支出"],
    "T6": ["合计", "基本支出", "项目支出"],
    "T7": ["合计", "基本支出", "项目支出"],
    "T8": ["合计", "人员经费", "公用经费"],
    "T9": [
        "合计",
        "因公出国(境)费",
        "公务接待费",
        "小计",
        "购置费",
        "运行费",
        "机关运行经费预算数",
    ],
}
CN = re.compile(r"^[一二三四五六七八九十]+、")
INC_PREFIX = re.compile(r"^([一二三四五六七八九十]+、|\d\s*[、.．]\s*)")
ECON = {  # 部门预算支出经济分类科目 (names as in the catalogue-conform books)
    "301": "工资福利支出",
    "30101": "基本工资",
    "30102": "津贴补贴",
    "30103": "奖金",
    "30106": "伙食补助费",
    "30107": "绩效工资",
    "30108": "机关事业单位基本养老保险缴费",
    "30109": "职业年金缴费",
    "30110": "职工基本医疗保险缴费",
    "30111": "公务员医疗补助缴费",
    "30112": "其他社会保障缴费",
    "30113": "住房公积金",
    "30114": "医疗费",
    "30199": "其他工资福利支出",
    "302": "商品和服务支出",
    "30201": "办公费",
    "30202": "印刷费",
    "30203": "咨询费",
    "30204": "手续费",
    "30205": "水费",
    "30206": "电费",
    "30207": "邮电费",
    "30208": "取暖费",
    "30209": "物业管理费",
    "30211": "差旅费",
    "30212": "因公出国（境）费用",
    "30213": "维修（护）费",
    "30214": "租赁费",
    "30215": "会议费",
    "30216": "培训费",
    "30217": "公务接待费",
    "30218": "专用材料费",
    "30224": "被装购置费",
    "30225": "专用燃料费",
    "30226": "劳务费",
    "30227": "委托业务费",
    "30228": "工会经费",
    "30229": "福利费",
    "30231": "公务用车运行维护费",
    "30239": "其他交通费用",
    "30240": "税金及附加费用",
    "30299": "其他商品和服务支出",
    "303": "对个人和家庭的补助",
    "30301": "离休费",
    "30302": "退休费",
    "30303": "退职（役）费",
    "30304": "抚恤金",
    "30305": "生活补助",
    "30306": "救济费",
    "30307": "医疗费补助",
    "30308": "助学金",
    "30309": "奖励金",
    "30399": "其他对个人和家庭的补助",
    "310": "资本性支出",
    "31002": "办公设备购置",
    "31003": "专用设备购置",
    "31013": "公务用车购置",
}


def text(v) -> str:
    return "" if v is None else str(v).strip()


def number(v) -> Decimal | None:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, (int, float)):
        return Decimal(str(v))
    try:
        return Decimal(str(v).replace(",", "").strip())
    except InvalidOperation:  # text in an amount cell (template placeholders)
        return None


def wan(yuan: Decimal) -> Decimal:
    return (yuan / Decimal(10000)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def fmt(x) -> str:
    return f"{x:,}"


def code_part(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


# ------------------------------------------------------------------------------------------------
# Reading a book
# ------------------------------------------------------------------------------------------------


def table_kind(ws) -> tuple[str, str] | None:
    for row in ws.iter_rows(min_row=1, max_row=4, max_col=12):
        for c in row:
            t = text(c.value)
            for kind, end in TITLES:
                if t.endswith(end) and "编制" not in t:
                    return kind, t
    return None


def cell(ws, r: int, c: int):
    x = ws.cell(row=r, column=c)
    return number(x.value), f"{x.column_letter}{r}", x.number_format


def notes_below(ws, r0: int) -> list[str]:
    out = []
    for r in range(r0 + 1, min(ws.max_row, r0 + 12) + 1):
        t = text(ws.cell(row=r, column=1).value)
        if t:
            out.append(t)
    return out


def read_two_sided(ws, kind: str, ncols: int) -> dict:
    start = next(
        r for r in range(1, 20) if text(ws.cell(r, 1).value) in ("本年收入", "财政拨款收入")
    )
    first = next(
        r for r in range(start + 1, start + 8) if text(ws.cell(r, 1).value).startswith("一、")
    )
    end = next(r for r in range(first, ws.max_row + 1) if text(ws.cell(r, 1).value) == "收入总计")
    out_cols = (
        ["合计", "人员经费", "公用经费", "项目支出"]
        if ncols == 7 and kind == "T1"
        else (
            ["预算数"]
            if kind == "T1"
            else ["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]
        )
    )
    rows = []
    for r in range(first, end + 1):
        lab = text(ws.cell(r, 1).value)
        if lab:
            v, a, _ = cell(ws, r, 2)
            rows.append(dict(side="收入", label=lab, values={"预算数": v}, cells={"预算数": a}))
        lab = text(ws.cell(r, 3).value)
        if lab:
            vals, cells = {}, {}
            for j, col in enumerate(out_cols):
                vals[col], cells[col], _ = cell(ws, r, 4 + j)
            rows.append(dict(side="支出", label=lab, values=vals, cells=cells))
    return dict(rows=rows, notes=notes_below(ws, end), unit=ncols == 7)


def read_coded(ws, kind: str) -> dict:
    ncode = 2 if kind == "T8" else 3
    head = next(r for r in range(1, 20) if text(ws.cell(r, 1).value) == "类")
    end = next(
        r
        for r in range(head + 1, ws.max_row + 1)
        if text(ws.cell(r, 1).value).replace(" ", "") == "合计"
    )
    cols = VALUE_COLS[kind]
    rows = []
    for r in range(head + 1, end + 1):
        parts = tuple(code_part(ws.cell(r, c).value) for c in range(1, ncode + 1))
        label = text(ws.cell(r, ncode + 1).value)
        vals, cells = {}, {}
        for j, col in enumerate(cols):
            vals[col], cells[col], _ = cell(ws, r, ncode + 2 + j)
        if r == end:
            rows.append(dict(code=None, code_parts=None, label="合计", values=vals, cells=cells))
        elif any(parts) or label or any(v is not None for v in vals.values()):
            rows.append(
                dict(code="".join(parts), code_parts=parts, label=label, values=vals, cells=cells)
            )
    return dict(rows=rows, notes=notes_below(ws, end))


def read_t9(ws) -> dict:
    head = next(r for r in range(1, 12) if "“三公”经费预算数" in text(ws.cell(r, 1).value))
    r = head + 3
    vals, cells, shown = {}, {}, {}
    for j, col in enumerate(VALUE_COLS["T9"]):
        v, a, f = cell(ws, r, 1 + j)
        vals[col], cells[col] = v, a
        if v is not None:  # as printed: two decimals when the format says so, else Excel's General
            shown[col] = (
                f"{v:,.2f}"
                if "0.00" in f
                else (str(int(v)) if v == v.to_integral_value() else str(v.normalize()))
            )
    return dict(
        rows=[dict(code=None, label=None, values=vals, cells=cells)],
        notes=notes_below(ws, r),
        shown=shown,
    )


def read_book(path: Path) -> dict:
    wb = openpyxl.load_workbook(path)
    tables = {}
    for ws in wb.worksheets:
        found = table_kind(ws)
        if not found:
            continue
        kind, title = found
        if kind in ("T1", "T4"):
            ncols = 7 if kind == "T4" or text(ws.cell(8, 4).value) == "合计" else 4
            t = read_two_sided(ws, kind, ncols)
        elif kind == "T9":
            t = read_t9(ws)
        else:
            t = read_coded(ws, kind)
        t.update(title=title, sheet=ws.title)
        tables[kind] = t
    level = "单位" if tables.get("T1", {}).get("unit") else "部门"
    return dict(level=level, tables=tables)


# ------------------------------------------------------------------------------------------------
# Identities (identities.md §1–§2), each result with the cells it read
# ------------------------------------------------------------------------------------------------


class Checker:
    def __init__(self, book: dict):
        self.book = book
        self.out: list[dict] = []
        self.touched: set[tuple[str, str]] = set()
        vals = [
            v
            for k, t in book["tables"].items()
            if k != "T9"
            for r in t["rows"]
            for v in r["values"].values()
            if v is not None
        ]
        # integer-元 printing: Σ of rounded parts may be off by 0.5 元 per part
        self.int_yuan = bool(vals) and all(v == v.to_integral_value() for v in vals)

    def T(self, kind):
        return self.book["tables"].get(kind)

    def v(self, kind: str, r: dict | None, col: str) -> Decimal:
        if r is None:
            return Decimal(0)
        a = r["cells"].get(col)
        if a:
            self.touched.add((self.T(kind)["sheet"], a))
        x = r["values"].get(col)
        return Decimal(0) if x is None else x

    def add(self, rule, holds, detail, severity=None):
        d = dict(rule=rule, holds=bool(holds), detail=detail, cells=sorted(self.touched))
        if severity:
            d["severity"] = severity
        self.out.append(d)
        self.touched = set()

    def within(self, diff, n):
        return self.int_yuan and n > 1 and abs(diff) <= Decimal("0.5") * n

    def eq(self, rule, lhs_name, lhs, rhs_name, rhs, severity=None, n=1):
        ok = lhs == rhs
        rnd = not ok and self.within(lhs - rhs, n)
        self.add(
            rule,
            ok or rnd,
            f"{lhs_name} = {fmt(lhs)}; {rhs_name} = {fmt(rhs)}"
            + ("" if ok else f"; diff {fmt(lhs - rhs)}" + (" (取整误差内)" if rnd else "")),
            severity,
        )

    def two_sided(self, kind):
        inc, exp, exp_total = {}, [], None
        for r in self.T(kind)["rows"]:
            if r["side"] == "收入":
                inc[INC_PREFIX.sub("", r["label"]).strip()] = r
            elif r["label"].replace(" ", "") == "支出总计":
                exp_total = r
            else:
                exp.append(r)
        return inc, exp, exp_total

    def coded(self, kind):
        rows, total = [], None
        t = self.T(kind)
        if t is None:
            return rows, total
        for r in t["rows"]:
            if r["code_parts"] is None:
                total = r
                continue
            p = r["code_parts"]
            if len(p) == 3:
                lvl = "lei" if not p[1] and not p[2] else ("kuan" if not p[2] else "xiang")
            else:
                lvl = "lei" if not p[1] else "kuan"
            rows.append(dict(r, level=lvl))
        return rows, total

    def hier(self, rule, kind, cols):
        rows, total = self.coded(kind)
        t = self.T(kind)["title"]
        if not rows:
            for c in cols:
                self.add(rule, self.v(kind, total, c) == 0, f"{t}: 空表, 合计/{c}")
            return
        deepest = "xiang" if any(r["level"] == "xiang" for r in rows) else "kuan"
        for c in cols:
            bad, n = [], 0
            for idx, r in enumerate(rows):
                kids = []
                if r["level"] == "lei":
                    for s in rows[idx + 1 :]:
                        if s["level"] == "lei":
                            break
                        if s["level"] == "kuan":
                            kids.append(s)
                elif r["level"] == "kuan" and deepest == "xiang":
                    for s in rows[idx + 1 :]:
                        if s["level"] in ("lei", "kuan"):
                            break
                        kids.append(s)
                if kids:
                    n += 1
                    sm = sum(self.v(kind, k, c) for k in kids)
                    own = self.v(kind, r, c)
                    if sm != own and not self.within(sm - own, len(kids)):
                        bad.append(f"{r['code']} {r['label']}: {fmt(own)} ≠ Σ {fmt(sm)}")
            self.add(
                rule,
                not bad,
                f"{t} 列“{c}”: {n} 个小计" + ("; " + "; ".join(bad) if bad else " 全部成立"),
            )
            leis = [r for r in rows if r["level"] == "lei"]
            self.eq(
                f"{rule}.total",
                f"{t} 合计/{c}",
                self.v(kind, total, c),
                "Σ类",
                sum(self.v(kind, r, c) for r in leis),
                n=len(leis),
            )

    def row_sum(self, rule, kind, total_col, parts, rows=None):
        t = self.T(kind)
        bad, n = [], 0
        for r in rows if rows is not None else t["rows"]:
            vals = r["values"]
            if total_col not in vals:
                continue
            if all(vals.get(p) is None for p in parts) and vals.get(total_col) is None:
                continue
            n += 1
            sm = sum(self.v(kind, r, p) for p in parts)
            tv = self.v(kind, r, total_col)
            if sm != tv and not self.within(sm - tv, len(parts)):
                bad.append(
                    f"{r.get('code') or ''} {r['label'] or ''}: {total_col} {fmt(tv)} ≠ {fmt(sm)}"
                )
        self.add(
            rule, not bad, f"{t['title']}: {n} 行" + ("; " + "; ".join(bad) if bad else " 全部成立")
        )

    def run(self) -> list[dict]:
        lvl = self.book["level"]
        T = self.T
        if T("T1"):
            inc, exp, exp_total = self.two_sided("T1")
            t = T("T1")["title"]
            tot_in = self.v("T1", inc.get("收入总计"), "预算数")
            expcol = "合计" if lvl == "单位" else "预算数"
            self.eq(
                "S1.balance", f"{t} 收入总计", tot_in, "支出总计", self.v("T1", exp_total, expcol)
            )
            tot_in = self.v("T1", inc.get("收入总计"), "预算数")
            fin = self.v("T1", inc.get("财政拨款收入"), "预算数")
            parts = sum(
                self.v("T1", inc.get(k), "预算数")
                for k in ("事业收入", "事业单位经营收入", "其他收入")
            )
            self.eq(
                "S1.income",
                f"{t} 收入总计",
                tot_in,
                "财政拨款收入+事业收入+经营收入+其他收入",
                fin + parts,
            )
            fin = self.v("T1", inc.get("财政拨款收入"), "预算数")
            gp = self.v("T1", inc.get("一般公共预算资金") or inc.get("一般公共预算"), "预算数")
            rest = sum(
                self.v("T1", inc.get(k), "预算数") for k in ("政府性基金", "国有资本经营预算")
            )
            self.eq("S1.fiscal", f"{t} 一、财政拨款收入", fin, "1+2+3", gp + rest)
            cols = ["合计", "人员经费", "公用经费", "项目支出"] if lvl == "单位" else ["预算数"]
            for c in cols:
                self.eq(
                    "S1.expense",
                    f"{t} 支出总计/{c}",
                    self.v("T1", exp_total, c),
                    "Σ 类 rows",
                    sum(self.v("T1", r, c) for r in exp),
                    n=len(exp),
                )
            if lvl == "单位":
                self.row_sum(
                    "S1.row",
                    "T1",
                    "合计",
                    ["人员经费", "公用经费", "项目支出"],
                    rows=[*exp, exp_total],
                )
            zero = [
                r["label"] for r in exp if all(v is None or v == 0 for v in r["values"].values())
            ]
            self.add(
                "S1.zero_class_row",
                not zero,
                f"支出类行无金额: {zero}" if zero else "每个类都有金额",
                "info",
            )
        if T("T2"):
            self.row_sum(
                "S2.row", "T2", "合计", ["财政拨款收入", "事业收入", "事业单位经营收入", "其他收入"]
            )
            self.hier("S2.hier", "T2", VALUE_COLS["T2"])
        for k, rid in (("T3", "S3"), ("T5", "S5"), ("T6", "S6"), ("T7", "S7")):
            if T(k):
                self.row_sum(f"{rid}.row", k, "合计", ["基本支出", "项目支出"])
                self.hier(f"{rid}.hier", k, ["合计", "基本支出", "项目支出"])
        for k, rid, word in (("T6", "S6", "政府性基金"), ("T7", "S7", "国有资本经营")):
            if T(k):
                rows, total = self.coded(k)
                empty = not rows and all(
                    v is None or v == 0 for v in (total or {"values": {}})["values"].values()
                )
                notes = T(k)["notes"]
                if empty:
                    self.add(
                        f"{rid}.blank_note",
                        any("空表" in n for n in notes),
                        f"{T(k)['title']}: 空表; 备注: {notes or '无'}",
                        "warning",
                    )
                    if notes:
                        self.add(
                            f"{rid}.blank_note_text",
                            all(word in n for n in notes if "空表" in n),
                            f"备注应提到“{word}”: {notes}",
                            "warning",
                        )
        if T("T4"):
            inc, exp, exp_total = self.two_sided("T4")
            t = T("T4")["title"]
            self.eq(
                "S4.balance",
                f"{t} 收入总计",
                self.v("T4", inc.get("收入总计"), "预算数"),
                "支出总计/合计",
                self.v("T4", exp_total, "合计"),
            )
            a = self.v("T4", inc.get("一般公共预算资金") or inc.get("一般公共预算"), "预算数")
            b = self.v("T4", inc.get("政府性基金") or inc.get("政府性基金预算"), "预算数")
            c = self.v("T4", inc.get("国有资本经营预算"), "预算数")
            self.eq(
                "S4.income",
                f"{t} 收入总计",
                self.v("T4", inc.get("收入总计"), "预算数"),
                "一+二+三",
                a + b + c,
            )
            for col in ("合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"):
                self.eq(
                    "S4.expense",
                    f"{t} 支出总计/{col}",
                    self.v("T4", exp_total, col),
                    "Σ 类 rows",
                    sum(self.v("T4", r, col) for r in exp),
                    n=len(exp),
                )
            self.row_sum(
                "S4.row",
                "T4",
                "合计",
                ["一般公共预算", "政府性基金预算", "国有资本经营预算"],
                rows=[*exp, exp_total],
            )
            for lab, key, col in (
                ("一、一般公共预算资金", ("一般公共预算资金", "一般公共预算"), "一般公共预算"),
                ("二、政府性基金", ("政府性基金", "政府性基金预算"), "政府性基金预算"),
                ("三、国有资本经营预算", ("国有资本经营预算",), "国有资本经营预算"),
            ):
                r = next((inc[k] for k in key if k in inc), None)
                self.eq(
                    "S4.income_split",
                    f"{t} {lab}",
                    self.v("T4", r, "预算数"),
                    f"支出总计/{col}",
                    self.v("T4", exp_total, col),
                )
        if T("T8"):
            self.row_sum("S8.row", "T8", "合计", ["人员经费", "公用经费"])
            self.hier("S8.hier", "T8", ["合计", "人员经费", "公用经费"])
            odd = []
            for r in self.coded("T8")[0]:
                lei = r["code_parts"][0]
                if lei in ("301", "303") and self.v("T8", r, "公用经费") != 0:
                    odd.append(f"{r['code']} 公用经费")
                if lei in ("302", "310") and self.v("T8", r, "人员经费") != 0:
                    odd.append(f"{r['code']} 人员经费")
            self.add(
                "S8.split",
                not odd,
                "; ".join(odd) or "301/303 只有人员经费, 302/310 只有公用经费",
                "warning",
            )
        if T("T9"):
            r9 = T("T9")["rows"][0]
            t = T("T9")["title"]
            self.eq(
                "S9.sum",
                f"{t} 合计",
                self.v("T9", r9, "合计"),
                "出国+接待+小计",
                self.v("T9", r9, "因公出国(境)费")
                + self.v("T9", r9, "公务接待费")
                + self.v("T9", r9, "小计"),
            )
            self.eq(
                "S9.vehicle",
                f"{t} 小计",
                self.v("T9", r9, "小计"),
                "购置费+运行费",
                self.v("T9", r9, "购置费") + self.v("T9", r9, "运行费"),
            )
            bad = [
                f"{k}={s}"
                for k, s in T("T9")["shown"].items()
                if not re.match(r"^[\d,]+\.\d\d$", s)
            ]
            self.add(
                "S9.format", not bad, f"万元金额应印两位小数: {bad}" if bad else "两位小数", "info"
            )
            notes = T("T9")["notes"]
            nonzero = any(self.v("T9", r9, c) != 0 for c in VALUE_COLS["T9"])
            if any("空表" in n for n in notes):
                self.add("S9.blank_note", not nonzero, f"备注称空表但表内有数: {notes}", "warning")
        self.cross()
        self.codes()
        return self.out

    def cross(self):
        lvl = self.book["level"]
        T = self.T
        if not (T("T1") and T("T2") and T("T3")):
            return
        inc, exp, exp_total = self.two_sided("T1")
        expcol = "合计" if lvl == "单位" else "预算数"
        r2, tot2 = self.coded("T2")
        r3, tot3 = self.coded("T3")
        r5, tot5 = self.coded("T5")
        for k1, c2 in (
            ("收入总计", "合计"),
            ("财政拨款收入", "财政拨款收入"),
            ("事业收入", "事业收入"),
            ("事业单位经营收入", "事业单位经营收入"),
            ("其他收入", "其他收入"),
        ):
            self.eq(
                "X.T1-T2",
                f"表1 {k1}",
                self.v("T1", inc.get(k1), "预算数"),
                f"表2 合计/{c2}",
                self.v("T2", tot2, c2),
            )
        self.eq(
            "X.T1-T3",
            "表1 支出总计",
            self.v("T1", exp_total, expcol),
            "表3 合计/合计",
            self.v("T3", tot3, "合计"),
        )
        lei3 = {r["label"]: r for r in r3 if r["level"] == "lei"}
        lei2 = {r["label"]: r for r in r2 if r["level"] == "lei"}
        bad, names = [], []
        for r in exp:
            name = CN.sub("", r["label"])
            v1 = self.v("T1", r, expcol)
            if name not in lei3:
                if v1 != 0:
                    names.append(f"“{name}” 不在表3")
                continue
            s = lei3[name]
            if v1 != self.v("T3", s, "合计"):
                bad.append(f"{name}: {fmt(v1)} ≠ {fmt(self.v('T3', s, '合计'))}")
            if lvl == "单位":
                b1 = self.v("T1", r, "人员经费") + self.v("T1", r, "公用经费")
                if b1 != self.v("T3", s, "基本支出"):
                    bad.append(f"{name}: 人员+公用 {fmt(b1)} ≠ 基本支出")
                if self.v("T1", r, "项目支出") != self.v("T3", s, "项目支出"):
                    bad.append(f"{name}: 项目支出")
        self.add("X.T1-T3.by_class", not bad, "; ".join(bad) or f"{len(exp)} 个类行一致")
        used = {CN.sub("", r["label"]) for r in exp}
        missing = [n for n in lei3 if n not in used]
        self.add(
            "X.T1-T3.class_names",
            not names and not missing,
            "; ".join(names + [f"表3 类“{n}”不在表1" for n in missing]) or "类名称一致",
        )
        if lvl == "单位":
            self.eq(
                "X.T1-T3.basic",
                "表1 支出总计/人员+公用",
                self.v("T1", exp_total, "人员经费") + self.v("T1", exp_total, "公用经费"),
                "表3 合计/基本支出",
                self.v("T3", tot3, "基本支出"),
            )
            self.eq(
                "X.T1-T3.project",
                "表1 支出总计/项目支出",
                self.v("T1", exp_total, "项目支出"),
                "表3 合计/项目支出",
                self.v("T3", tot3, "项目支出"),
            )
        c2 = [(r["code"], r["label"], self.v("T2", r, "合计")) for r in r2]
        c3 = [(r["code"], r["label"], self.v("T3", r, "合计")) for r in r3]
        self.add(
            "X.T2-T3",
            c2 == c3,
            "逐行一致"
            if c2 == c3
            else "diff: "
            + "; ".join(f"{a} vs {b}" for a, b in zip(c2, c3, strict=False) if a != b),
        )
        if T("T4"):
            inc4, exp4, tot4 = self.two_sided("T4")
            gp1 = inc.get("一般公共预算资金") or inc.get("一般公共预算")
            self.eq(
                "X.T1-T4",
                "表4 收入总计",
                self.v("T4", inc4.get("收入总计"), "预算数"),
                "表1 一、财政拨款收入",
                self.v("T1", inc.get("财政拨款收入"), "预算数"),
            )
            self.eq(
                "X.T1-T4",
                "表4 一、一般公共预算资金",
                self.v("T4", inc4.get("一般公共预算资金") or inc4.get("一般公共预算"), "预算数"),
                "表1 1 一般公共预算资金",
                self.v("T1", gp1, "预算数"),
            )
            self.eq(
                "X.T1-T4",
                "表4 二、政府性基金",
                self.v("T4", inc4.get("政府性基金") or inc4.get("政府性基金预算"), "预算数"),
                "表1 2 政府性基金",
                self.v("T1", inc.get("政府性基金") or inc.get("政府性基金预算"), "预算数"),
            )
            self.eq(
                "X.T1-T4",
                "表4 三、国有资本经营预算",
                self.v("T4", inc4.get("国有资本经营预算"), "预算数"),
                "表1 3 国有资本经营预算",
                self.v("T1", inc.get("国有资本经营预算"), "预算数"),
            )
            bad, nm = [], []
            for r in exp4:
                name = CN.sub("", r["label"])
                if name not in lei2:
                    nm.append(name)
                    continue
                if self.v("T4", r, "合计") != self.v("T2", lei2[name], "财政拨款收入"):
                    bad.append(
                        f"{name}: {fmt(self.v('T4', r, '合计'))} ≠ "
                        f"{fmt(self.v('T2', lei2[name], '财政拨款收入'))}"
                    )
            names4 = {CN.sub("", r["label"]) for r in exp4}
            missing = [
                n
                for n, r in lei2.items()
                if self.v("T2", r, "财政拨款收入") != 0 and n not in names4
            ]
            self.add(
                "X.T2-T4.by_class",
                not bad and not nm and not missing,
                "; ".join(
                    bad
                    + [f"表4 类“{n}”不在表2" for n in nm]
                    + [f"表2 类“{n}”有财政拨款但不在表4" for n in missing]
                )
                or "一致",
            )
            self.eq(
                "X.T2-T4",
                "表4 支出总计/合计",
                self.v("T4", tot4, "合计"),
                "表2 合计/财政拨款收入",
                self.v("T2", tot2, "财政拨款收入"),
            )
            self.eq(
                "X.T4-T5",
                "表4 支出总计/一般公共预算",
                self.v("T4", tot4, "一般公共预算"),
                "表5 合计/合计",
                self.v("T5", tot5, "合计"),
            )
            lei5 = {r["label"]: r for r in r5 if r["level"] == "lei"}
            bad = []
            for r in exp4:
                name = CN.sub("", r["label"])
                a, b = self.v("T4", r, "一般公共预算"), self.v("T5", lei5.get(name), "合计")
                if a != b:
                    bad.append(f"{name}: {fmt(a)} ≠ {fmt(b)}")
            self.add("X.T4-T5.by_class", not bad, "; ".join(bad) or "一致")
            for k, col in (("T6", "政府性基金预算"), ("T7", "国有资本经营预算")):
                totk = self.coded(k)[1]
                self.eq(
                    f"X.T4-{k}",
                    f"表4 支出总计/{col}",
                    self.v("T4", tot4, col),
                    f"表{k[1]} 合计/合计",
                    self.v(k, totk, "合计"),
                )
        for k, key in (("T6", "政府性基金"), ("T7", "国有资本经营预算")):
            totk = self.coded(k)[1]
            self.eq(
                f"X.T1-{k}",
                f"表1 {key}",
                self.v("T1", inc.get(key), "预算数"),
                f"表{k[1]} 合计/合计",
                self.v(k, totk, "合计"),
            )
        other: dict[str, Decimal] = {}
        for k in ("T5", "T6", "T7"):
            for r in self.coded(k)[0]:
                other[r["code"]] = other.get(r["code"], Decimal(0)) + self.v(k, r, "合计")
        bad = []
        for r in r2:
            v = self.v("T2", r, "财政拨款收入")
            if v != other.get(r["code"], Decimal(0)):
                bad.append(
                    f"{r['code']} {r['label']}: {fmt(v)} ≠ {fmt(other.get(r['code'], Decimal(0)))}"
                )
        extra = [c for c in other if c not in {r["code"] for r in r2}]
        self.add(
            "X.T2-T5.by_code",
            not bad and not extra,
            "; ".join(bad + [f"{c} 不在表2" for c in extra]) or "一致",
        )
        b3 = {r["code"]: r for r in r3}
        bad = []
        for r in r5:
            s = b3.get(r["code"])
            if s is None:
                bad.append(f"{r['code']} 不在表3")
                continue
            for col in ("合计", "基本支出", "项目支出"):
                if self.v("T5", r, col) > self.v("T3", s, col):
                    a, b = self.v("T5", r, col), self.v("T3", s, col)
                    bad.append(f"{r['code']} {col}: {fmt(a)} > {fmt(b)}")
        self.add("X.T3-T5", not bad, "; ".join(bad) or "表5 ≤ 表3")
        if T("T8"):
            r8, tot8 = self.coded("T8")
            self.eq(
                "X.T5-T8",
                "表5 合计/基本支出",
                self.v("T5", tot5, "基本支出"),
                "表8 合计/合计",
                self.v("T8", tot8, "合计"),
            )
            if lvl == "单位":
                for col in ("人员经费", "公用经费"):
                    self.eq(
                        "X.T1-T8",
                        f"表1 支出总计/{col}",
                        self.v("T1", exp_total, col),
                        f"表8 合计/{col}",
                        self.v("T8", tot8, col),
                        "soft",
                    )
            code5 = {r["code"]: r for r in r5}
            code8 = {r["code"]: r for r in r8}
            for e, fs in (
                ("30108", ["2080505"]),
                ("30109", ["2080506"]),
                ("30113", ["2210201"]),
                ("30110", ["2101101", "2101102"]),
            ):
                if e in code8 or any(x in code5 for x in fs):
                    a = self.v("T8", code8.get(e), "合计")
                    b = sum(self.v("T5", code5.get(x), "基本支出") for x in fs)
                    self.add(
                        "X.T5-T8.soft",
                        a == b,
                        f"{e} = {fmt(a)}; {'+'.join(fs)} 基本支出 = {fmt(b)}",
                        "info",
                    )
            if T("T9"):
                r9 = T("T9")["rows"][0]
                gy = self.v("T8", tot8, "公用经费")
                jg = self.v("T9", r9, "机关运行经费预算数")
                self.add(
                    "X.T8-T9.operating",
                    jg <= wan(gy),
                    f"机关运行经费 {fmt(jg)} 万元 ≤ 公用经费 {fmt(wan(gy))} 万元",
                    "warning",
                )
                for e, col in (
                    ("30212", "因公出国(境)费"),
                    ("30217", "公务接待费"),
                    ("30231", "运行费"),
                    ("31013", "购置费"),
                ):
                    a = self.v("T8", code8.get(e), "合计")
                    b = self.v("T9", r9, col)
                    if a or b:
                        self.add(
                            "X.T8-T9.three_public",
                            wan(a) <= b,
                            f"{col} {fmt(b)} 万元 ≥ {e} {fmt(wan(a))} 万元",
                            "warning",
                        )
                    else:
                        self.touched = set()
        if T("T9"):
            r9 = T("T9")["rows"][0]
            a, b = self.v("T9", r9, "合计"), wan(self.v("T5", tot5, "合计"))
            self.add("X.T5-T9", a <= b, f"三公 合计 {fmt(a)} 万元 ≤ 表5 合计 {fmt(b)} 万元")
        names: dict[str, set[str]] = {}
        for k in ("T2", "T3", "T5", "T6", "T7"):
            for r in self.coded(k)[0]:
                names.setdefault(r["code"], set()).add(r["label"])
        bad = [f"{c}: {sorted(n)}" for c, n in names.items() if len(n) > 1]
        self.add("X.names", not bad, "; ".join(bad) or "一致")
        t2names = {r["label"] for r in r2 if r["level"] == "lei"}
        bad = []
        for k in ("T1", "T4"):
            if T(k):
                bad += [
                    f"{T(k)['title']}: “{CN.sub('', r['label'])}”"
                    for r in self.two_sided(k)[1]
                    if CN.sub("", r["label"]) not in t2names
                ]
        self.add("X.class_names", not bad, ("不在表2类名中: " + "; ".join(bad)) if bad else "一致")

    def codes(self):
        T = self.T
        for k in ("T2", "T3", "T5", "T6", "T7", "T8"):
            if not T(k):
                continue
            rows, _ = self.coded(k)
            bad, lei, kuan = [], None, None
            for r in rows:
                p = r["code_parts"]
                three = bool(re.match(r"^\d{3}$", p[0]))
                if r["level"] == "lei":
                    lei, kuan = p[0], None
                    if not three:
                        bad.append(f"{list(p)} {r['label']}")
                elif r["level"] == "kuan":
                    kuan = p[1]
                    if not three or not re.match(r"^\d{2}$", p[1]) or p[0] != lei:
                        bad.append(f"{list(p)} {r['label']}")
                elif (
                    not three
                    or not re.match(r"^\d{2}$", p[1])
                    or not re.match(r"^\d{2}$", p[2])
                    or p[0] != lei
                    or p[1] != kuan
                ):
                    bad.append(f"{list(p)} {r['label']}")
            self.add(
                "X.code", not bad, f"{T(k)['title']}: " + ("; ".join(bad) if bad else "编码正确")
            )
            codes = [r["code"] for r in rows]
            dup = sorted({c for c in codes if codes.count(c) > 1})
            if dup:
                self.add("X.duplicate", False, f"{T(k)['title']}: 重复编码 {dup}")
        if T("T8"):
            bad, width = [], []
            for r in self.coded("T8")[0]:
                ref = ECON.get(r["code"])
                if ref is not None and r["label"] != ref:
                    norm = r["label"].replace("(", "（").replace(")", "）")
                    (width if norm == ref else bad).append(
                        f"{r['code']} “{r['label']}” (目录: “{ref}”)"
                    )
            self.add("X.econ_name", not bad, "; ".join(bad) or "与目录一致")
            if width:
                self.add(
                    "X.econ_name.width", False, "仅括号全/半角不同: " + "; ".join(width), "info"
                )
        if T("T5"):
            odd = []
            for r in self.coded("T5")[0]:
                admin = r["level"] == "xiang" and r["label"] in ("行政运行", "事业运行")
                if admin and self.v("T5", r, "项目支出") != 0:
                    odd.append(f"{r['code']} {r['label']} 项目支出")
            self.add("T5.admin_run_project", not odd, "; ".join(odd) or "无", "warning")


def check(path: Path) -> list[dict]:
    return Checker(read_book(path)).run()


# ------------------------------------------------------------------------------------------------
# Expectations
# ------------------------------------------------------------------------------------------------


def fails(results: list[dict]) -> Counter:
    return Counter(r["rule"] for r in results if not r["holds"])


def tally(results: list[dict]) -> str:
    per: dict[str, list[int]] = {}
    for r in results:
        per.setdefault(r["rule"], [0, 0])[0 if r["holds"] else 1] += 1
    return ", ".join(f"{k} {a}✓" + (f" {b}✗" if b else "") for k, (a, b) in per.items())


def documented_faults(stem: str) -> Counter:
    pub = json.loads((PUBLICATIONS / f"{stem}.json").read_text(encoding="utf-8"))
    return Counter(
        i["rule"] for i in pub["identities"] if not i["holds"] and not i["rule"].startswith("N.")
    )


def cells_of(path: Path) -> dict[tuple[str, str], object]:
    wb = openpyxl.load_workbook(path)
    return {
        (ws.title, c.coordinate): c.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    }


def same_number(cell_value, s: str) -> bool:
    if s == "":
        return cell_value is None
    return cell_value is not None and number(cell_value) == Decimal(s)


def main() -> int:
    verbose = "-v" in sys.argv
    problems: list[str] = []
    results: dict[str, list[dict]] = {}

    def show(name: str, res: list[dict], expect: str):
        n_ok = sum(r["holds"] for r in res)
        print(f"{name}: {n_ok}✓ {len(res) - n_ok}✗  — {expect}")
        for r in res:
            if not r["holds"]:
                sev = r.get("severity", "error")
                print(f"    ✗ {r['rule']} [{sev}] {r['detail'][:160]}")
        if verbose:
            print("    " + tally(res))

    print("== publications (must fail exactly the documented faults of identities.md §6)")
    stems = sorted(p.stem for p in PUBLICATIONS.glob("*.json"))
    for stem in stems:
        res = results[stem] = check(BOOKS / f"{stem}.xlsx")
        got, want = fails(res), documented_faults(stem)
        ok = got == want
        show(
            stem,
            res,
            "as documented" if ok else f"MISMATCH: got {dict(got)}, documented {dict(want)}",
        )
        if not ok:
            problems.append(f"{stem}: failures {dict(got)} ≠ documented {dict(want)}")

    print("\n== synthetic (must hold every identity)")
    for path in sorted(BOOKS.glob("synthetic-*.xlsx")):
        res = check(path)
        bad = [r for r in res if not r["holds"]]
        show(path.stem, res, "all hold" if not bad else "FAILURES")
        if bad:
            problems.append(f"{path.name}: {len(bad)} failures")

    print("\n== export variants (must give the base book's results)")
    for path in sorted(BOOKS.glob("export-*.xlsx")):
        stem = path.stem.removeprefix("export-")
        res = check(path)
        got = [(r["rule"], r["holds"], r["detail"]) for r in res]
        want = [(r["rule"], r["holds"], r["detail"]) for r in results[stem]]
        found = len(read_book(path)["tables"])
        ok = got == want and found == 9
        show(path.stem, res, f"{found} tables, same as {stem}" if ok else "DIFFERS from base")
        if not ok:
            problems.append(f"{path.name}: differs from {stem}")

    print("\n== planted (one cell changed; must break an identity that reads it)")
    manifest = json.loads((BOOKS / "planted" / "manifest.json").read_text(encoding="utf-8"))
    for m in manifest:
        path = BOOKS / "planted" / m["file"]
        base = BOOKS / m["base"]
        a, b = cells_of(base), cells_of(path)
        diff = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
        where = (m["sheet"], m["cell"])
        msgs = []
        if diff != [where]:
            msgs.append(f"changed cells {diff} ≠ [{where}]")
        if not same_number(a.get(where), m["expected"]) or not same_number(
            b.get(where), m["actual"]
        ):
            msgs.append(
                f"values {a.get(where)!r}→{b.get(where)!r} ≠ manifest {m['expected']}→{m['actual']}"
            )
        res = check(path)
        base_res = results[m["base"].removesuffix(".xlsx")]
        before = {(r["rule"], r["detail"]) for r in base_res if not r["holds"]}
        new = [r for r in res if not r["holds"] and (r["rule"], r["detail"]) not in before]
        hit = [r for r in new if where in {tuple(c) for c in r["cells"]}]
        if not hit:
            msgs.append("no new failure reads the planted cell")
        sev = sorted({r.get("severity", "error") for r in hit})
        rules = sorted({r["rule"] for r in hit})
        status = "OK" if not msgs else "PROBLEM: " + "; ".join(msgs)
        at = f"{m['table']} {m['sheet'].strip()}!{m['cell']}"
        change = f"{m['expected'] or '(empty)'} → {m['actual']} ({m['unit']})"
        broken = f"breaks {len(hit)} [{'/'.join(sev)}]: {', '.join(rules)}"
        print(f"{m['file']}: {at} {change} {broken} — {status}")
        if msgs:
            problems.append(f"{m['file']}: {'; '.join(msgs)}")

    print("\n== blank templates (read only)")
    for path in sorted(BOOKS.glob("blank-*.xlsx")):
        book = read_book(path)
        ok = len(book["tables"]) == 9
        print(
            f"{path.stem}: {len(book['tables'])} tables found, level {book['level']}"
            + ("" if ok else " — PROBLEM")
        )
        if not ok:
            problems.append(f"{path.name}: {len(book['tables'])} tables")

    print(
        "\n"
        + (
            "all expectations hold"
            if not problems
            else f"{len(problems)} PROBLEMS:\n  " + "\n  ".join(problems)
        )
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
