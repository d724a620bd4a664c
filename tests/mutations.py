"""Mutations of the valid samples, one (or more) per rule: what one changed cell must break.

Each record names a rule, a base sample (under ``samples/``), the cell it changes and the new value
(a number, a text, ``None`` to blank it, or ``DELETE`` with a bare sheet name to remove the sheet),
and ``expect``: every finding the change adds to the base's own findings, as
``(rule, severity, cell)`` where the cell is one of the finding's cells (the changed cell when it
is involved). ``tests/check/test_rulebook.py`` applies each record with openpyxl and compares.

Bases: the published-layout copies (plain values) for value changes, so a changed cell breaks
exactly the identities it takes part in; the own-format samples (formulas) where their formulas
keep a table's own sums intact (表8/表9 合计 rows) or where only they can show a rule (表11 blank).
openpyxl drops cached formula values on save, so the reader evaluates every formula of those.

Every rule of the rulebook can be triggered by one changed cell except these, which need more:

* ``T2/T3/T5/T6/T7.structure``: the case the rule is for is a subtotal row left out, which takes
  blanking that row's cells (a one-cell trigger exists only through a miscoded row; the 4-digit
  类 records under ``*.code`` expect the structure findings it causes);
* ``T8/T9.structure``, ``T8/T9.duplicate``: 表8/表9 are blank in every sample, with their 备注
  in the first data row, so two coded rows take writing both and moving the 备注 down a row;
* ``T8/T9.name``: a name is compared only on a coded row, and the blank tables have none (code
  and name: two cells);
* ``T11.blank_note``: 表11 must become blank, i.e. all its input amounts (three in city-office);
* ``T11.missing``: deleting the sheet is one change, but only a book whose profile says it has a
  表11 misses it (a published-layout book without 表11 is the ``no-t11`` profile), so the base is
  an own-format sample, whose profile is a document property.

``disputed`` marks a record where the tool's output differs from what the rule says: the
expectation is what the rule requires, and the test is an expected failure until the tool is
fixed (strict, so a fix shows up as XPASS and the mark can go). No record is disputed now: the
eleven found while writing these were fixed in the tool.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import openpyxl


class _Delete:
    def __repr__(self) -> str:
        return "DELETE"


DELETE = _Delete()  # value of a record that removes the sheet named by ``where``

E, W, INFO = "error", "warning", "info"
P0, P2, P4 = "published/000.xlsx", "published/002.xlsx", "published/004.xlsx"
PARK, CITY = "park-2024.xlsx", "city-office-2024.xlsx"

READER_RULES = ("R.amount", "R.formula", "R.row", "R.column", "R.column_inferred")

Expect = tuple[str, str, str]
Edit = tuple[str, object]


@dataclass(frozen=True)
class Mutation:
    rule: str  # the rule under test
    base: str  # path under samples/
    where: str  # "表3!E7", or "表9" with value DELETE
    value: object
    expect: tuple[Expect, ...]
    also: tuple[Edit, ...] = ()  # further edits, for rules one cell cannot trigger
    names: str | None = ""  # cell the target finding must name: "" the changed one, None none
    disputed: str = ""  # why the tool's current output differs (see the module docstring)

    @property
    def edits(self) -> tuple[Edit, ...]:
        return ((self.where, self.value), *self.also)

    def describe(self) -> str:
        """The change in words, for docs/rules.md."""
        if self.value is DELETE:
            return f"删除 {self.base} 的工作表 {self.where}"
        shown = "（清空）" if self.value is None else f"“{self.value}”"
        more = f" 等 {len(self.edits)} 处" if self.also else ""
        return f"{self.base} 的 {self.where} 改为 {shown}{more}"

    @property
    def value_edit(self) -> bool:
        """One cell set to a number: a change whose root cause must be that cell."""
        return not self.also and isinstance(self.value, int | float) and not isinstance(
            self.value, bool)

    @property
    def named_cell(self) -> str | None:
        if self.names != "":
            return self.names
        return None if self.value is DELETE else self.where


def m(
    rule: str,
    base: str,
    where: str,
    value: object,
    *expect: Expect,
    also: tuple[Edit, ...] = (),
    names: str | None = "",
    disputed: str = "",
) -> Mutation:
    return Mutation(rule, base, where, value, expect, also, names, disputed)


def blank(sheet: str, row: int, columns: str) -> tuple[Edit, ...]:
    """Edits that blank ``columns`` of one row (a subtotal row left out)."""
    return tuple((f"{sheet}!{col}{row}", None) for col in columns)


def coded_rows(sheet: str, *rows: tuple[str, ...]) -> tuple[Edit, ...]:
    """Coded rows written into a blank 表8/表9 from row 6 (类, 款, name), 备注 moved below."""
    edits: list[Edit] = []
    for offset, (lei, kuan, name) in enumerate(rows):
        row = 6 + offset
        edits += [(f"{sheet}!A{row}", lei), (f"{sheet}!D{row}", name)]
        if kuan:
            edits.append((f"{sheet}!B{row}", kuan))
    edits.append((f"{sheet}!A{6 + len(rows)}", "备注：本表为空表。"))
    return tuple(edits)


LEI_201 = ("201", "", "一般公共服务支出")
KUAN_20805 = ("208", "05", "行政事业单位养老支出")


# ── disputes: what the tool does against what the rule requires ─────────────────────────────

SCHEMA_NAMES = (
    "schemas.py: pandera reports its built-in checks by their own names "
    "('greater_than_or_equal_to(0)', 'not_equal_to(unknown)'), not name=, so the negative, "
    "known_code and catalogue_coverage failures are dropped"
)
CODE_CELL = (
    "a code written across 类/款/项 columns is reported at the 类 cell only; the finding should "
    "name the cell holding the wrong part"
)
STRUCTURE_MALFORMED = (
    "structure flags the malformed code itself and a 项 whose 款 row is present; it should flag "
    "only a row whose immediate parent row is missing"
)
STRUCTURE_NO_KUAN = (
    "structure is silent when a table has 类 and 项 rows but no 款 row at all (rules.md: a 类 "
    "with 项 rows but a missing 款 row is a structure finding)"
)
T1_EXPENSE = "表1 支出总计 = Σ 类 is reported as T1.income ('income lines must add up')"
BLANK_TERMS = (
    "blank cells count as rounded terms: 合计 = one printed part + a blank gets a 0.01 "
    "tolerance, although a single figure copied must agree exactly"
)
COLUMN_CASCADE = (
    "a missing column is read as zeros: every row sum and cross-table check using it reports "
    "a false error besides R.column"
)
BAD_CELL_AS_ZERO = (
    "an unreadable amount is compared as 0.00 in sums (reported 'is 0.00'); checks involving "
    "it should be skipped, R.amount already reports it"
)
PROFILE_PROPERTY = (
    "reader.py's xlbudget_profile regex needs '<vt:lpwstr>' right after the property; openpyxl "
    "re-saves it as '<vt:lpwstr xmlns:vt=…>', the profile is re-detected as no-t11, and a "
    "missing 表11 becomes X.T1-T11 instead of T11.missing"
)
NOTE_CELL = "when a 备注 is present but lacks 空表, blank_note names the title, not the 备注 cell"
T1_T3_TOTAL = "X.T1-T3 compares 类 only; rules.md also requires 表3 合计 = 表1 支出总计"


# fmt: off
MUTATIONS: list[Mutation] = [
    # ── 表1 ──────────────────────────────────────────────────────────────────────────────
    # 收入总计 ≠ 支出总计, ≠ 本年收入 + 上年结转结余, ≠ 表2 合计 总计
    m("T1.balance", P0, "表1!B36", 6111.31,
      ("T1.balance", E, "表1!B36"), ("T1.income", E, "表1!B36"), ("X.T1-T2", E, "表1!B36")),
    # 上级补助收入 is only a part of 5.单位资金
    m("T1.income", P0, "表1!B19", 100, ("T1.income", E, "表1!B19")),
    m("T1.expense", P0, "表1!D36", 6111.31,
      ("T1.balance", E, "表1!D36"), ("T1.expense", E, "表1!D36"), ("X.T1-T3", E, "表1!D36")),
    m("T1.negative", P0, "表1!B19", -5,
      ("T1.income", E, "表1!B19"), ("T1.negative", E, "表1!B19")),
    # ── row sums: a 款 row's 合计 (no per-code check compares 款 rows) ───────────────────────
    m("T2.row", P0, "表2!E7", 100, ("T2.row", E, "表2!E7")),
    m("T3.row", P0, "表3!E7", 100, ("T3.row", E, "表3!E7")),
    # 0.01 off a row of two printed parts: rounding, info
    m("T3.row", P0, "表3!E9", 2773.34, ("T3.row", INFO, "表3!E9")),
    # 0.01 off a row whose only part is 138.70: the same figure twice must agree exactly
    m("T3.row", P0, "表3!E7", 138.71, ("T3.row", E, "表3!E7")),
    m("T4.row", P0, "表4!D7", 100, ("T4.row", E, "表4!D7"), ("X.T2-T4", E, "表4!D7")),
    m("T5.row", P0, "表5!E7", 100, ("T5.row", E, "表5!E7")),
    m("T6.row", P0, "表6!D7", 100, ("T6.row", E, "表6!D7")),
    m("T7.row", P0, "表7!F7", 100, ("T7.row", E, "表7!F7")),
    # own format: 表8/表9 have a 合计 row whose 合计 is =SUM(F6:H6); a value replaces it
    m("T8.row", PARK, "表8!E6", 5, ("T8.row", E, "表8!E6"), ("X.T1-T8", E, "表8!E6")),
    m("T9.row", PARK, "表9!E6", 5, ("T9.row", E, "表9!E6"), ("X.T1-T9", E, "表9!E6")),
    m("T10.row", P0, "表10!B7", 5, ("T10.row", E, "表10!B7")),
    m("T11.row", P0, "表11!B7", 100, ("T11.row", E, "表11!B7")),
    # ── sums down: a 项 cell breaks its row and its 款 ──────────────────────────────────────
    m("T2.hier", P0, "表2!O8", 100, ("T2.hier", E, "表2!O8"), ("T2.row", E, "表2!O8")),
    m("T3.hier", P0, "表3!G8", 100, ("T3.hier", E, "表3!G8"), ("T3.row", E, "表3!G8")),
    # lowered, so 表5 ≤ 表3 still holds
    m("T5.hier", P0, "表5!F11", 1.0, ("T5.hier", E, "表5!F11"), ("T5.row", E, "表5!F11")),
    m("T6.hier", P0, "表6!E7", 70, ("T6.hier", E, "表6!E7"), ("T6.row", E, "表6!E7")),
    m("T7.hier", P0, "表7!H8", 1, ("T7.hier", E, "表7!H8"), ("T7.row", E, "表7!H8")),
    # own format: 人员经费 on the 合计 row; its 合计 formula follows, 表1 has no 政府性基金
    m("T8.hier", PARK, "表8!F6", 5, ("T8.hier", E, "表8!F6"), ("X.T1-T8", E, "表8!E6")),
    m("T9.hier", PARK, "表9!F6", 5, ("T9.hier", E, "表9!F6"), ("X.T1-T9", E, "表9!E6")),
    # 一、财政拨款 ≠ its three lines, and 收入总计 ≠ 一、财政拨款
    m("T4.sums", P0, "表4!B6", 1600, ("T4.sums", E, "表4!B6"), ("T4.sums", E, "表4!B6")),
    m("T4.sums", P0, "表4!E36", 1600,
      ("T4.row", E, "表4!E36"), ("T4.sums", E, "表4!E36"), ("X.T4-T5", E, "表4!E36")),
    m("T4.balance", P0, "表4!D36", 100, ("T4.balance", E, "表4!D36"), ("T4.row", E, "表4!D36")),
    m("T10.sum", P0, "表10!C7", 1, ("T10.row", E, "表10!C7"), ("T10.sum", E, "表10!C7")),
    m("T10.sum", P0, "表10!C10", 1, ("T10.row", E, "表10!C10"), ("T10.sum", E, "表10!C10")),
    m("T11.sum", P0, "表11!F7", 60, ("T11.row", E, "表11!F7"), ("T11.sum", E, "表11!F7")),
    # ── structure: a subtotal row left out (its cells blanked); sums still hold ─────────────
    m("T2.structure", P0, "表2!A7", None, ("T2.structure", E, "表2!C8"),
      also=blank("表2", 7, "BDEO"), names="表2!C8"),
    m("T3.structure", P0, "表3!A7", None, ("T3.structure", E, "表3!C8"),
      also=blank("表3", 7, "BDEG"), names="表3!C8"),
    m("T5.structure", P0, "表5!A7", None, ("T5.structure", E, "表5!C8"),
      also=blank("表5", 7, "BDEFG"), names="表5!C8"),
    # 类 303 left out: both its 款 rows are orphans
    m("T6.structure", P0, "表6!A23", None,
      ("T6.structure", E, "表6!B24"), ("T6.structure", E, "表6!B25"),
      also=blank("表6", 23, "CDE"), names="表6!B24"),
    m("T7.structure", P2, "表7!A20", None, ("T7.structure", E, "表7!C21"),
      also=blank("表7", 20, "BDFH"), names="表7!C21"),
    # 表7 of 000 then has 类 201 and the two projects of 2011308, and no 款 row at all
    m("T7.structure", P0, "表7!A7", None,
      ("T7.structure", E, "表7!C8"), ("T7.structure", E, "表7!C9"),
      also=blank("表7", 7, "BDFHP"), names="表7!C8"),
    m("T8.structure", P0, "表8!A7", "208", ("T8.structure", E, "表8!B7"),
      also=coded_rows("表8", LEI_201, KUAN_20805), names="表8!B7"),
    m("T9.structure", P0, "表9!A7", "208", ("T9.structure", E, "表9!B7"),
      also=coded_rows("表9", LEI_201, KUAN_20805), names="表9!B7"),
    # ── blank tables and their 备注 ──────────────────────────────────────────────────────
    m("T8.blank_note", P0, "表8!A7", None, ("T8.blank_note", W, "表8!A2"), names="表8!A2"),
    m("T8.blank_note", P0, "表8!A7", "备注：无", ("T8.blank_note", W, "表8!A7")),
    m("T9.blank_note", P0, "表9!A7", None, ("T9.blank_note", W, "表9!A2"), names="表9!A2"),
    # 表11 blank (its three inputs; totals are formulas) while 表1/表2 still carry 96.62 over
    m("T11.blank_note", CITY, "表11!F7", None,
      ("T11.blank_note", W, "表11!A2"), ("X.T1-T11", E, "表1!B23"), ("X.T1-T11", E, "表1!B24"),
      ("X.T1-T11", E, "表2!O32"), also=(("表11!F8", None), ("表11!F9", None)), names="表11!A2"),
    # ── missing tables ───────────────────────────────────────────────────────────────────
    *[m(f"T{n}.missing", P0, f"表{n}", DELETE, (f"T{n}.missing", E, "")) for n in range(1, 8)],
    *[m(f"T{n}.missing", P0, f"表{n}", DELETE, (f"T{n}.missing", E, "")) for n in (10,)],
    # 表8/表9 may be left out where they would be blank (options no-t8/no-t9): a warning
    *[m(f"T{n}.missing", P0, f"表{n}", DELETE, (f"T{n}.missing", W, "")) for n in (8, 9)],
    m("T11.missing", PARK, "表11", DELETE, ("T11.missing", E, "")),
    # ── codes ────────────────────────────────────────────────────────────────────────────
    # 项 "999": 20104999 is malformed; 表2 and 表3 no longer list the same codes
    m("T2.code", P0, "表2!C8", "999",
      ("T2.code", E, "表2!C8"), ("X.T2-T3", E, "表2!E8"), ("X.T2-T3", E, "表3!E8")),
    # 4-digit 类: the 类 row 229 is then missing for its 款 22904 (not for 2290402, whose 款 is
    # there); the 229 figures are derived from 22904, so no sum breaks
    m("T3.code", P0, "表3!A25", "2290", ("T3.code", E, "表3!A25"), ("T3.structure", E, "表3!B26")),
    m("T5.code", P0, "表5!A18", "2210", ("T5.code", E, "表5!A18"), ("T5.structure", E, "表5!B19")),
    m("T6.code", P0, "表6!A23", "3030",
      ("T6.code", E, "表6!A23"), ("T6.structure", E, "表6!B24"), ("T6.structure", E, "表6!B25")),
    # 30198: unknown under 301, whose 款 the economic catalogue lists completely
    m("T6.code", P0, "表6!B8", "98", ("T6.code", E, "表6!B8")),
    # 2011398: not in the bundled catalogue under 20113 — a note only, since the bundled 项
    # lists are the least certain level; the second project moves to it, which the per-项
    # comparison with 表5 reports as an error
    m("T7.code", P0, "表7!C9", "98",
      ("T7.code", INFO, "表7!C9"), ("X.T5-T7", E, "表7!F8"), ("X.T5-T7", E, "表7!F9")),
    m("T8.code", P0, "表8!A6", "2290", ("T8.code", E, "表8!A6")),
    # 218: no such 类 (the 类 level is complete)
    m("T9.code", P0, "表9!A6", "218", ("T9.code", E, "表9!A6")),
    # ── names ────────────────────────────────────────────────────────────────────────────
    m("T2.name", P0, "表2!D8", "其他发展与改革事务支出X",
      ("T2.name", E, "表2!D8"), ("X.T2-T3", E, "表2!D8")),
    m("T3.name", P0, "表3!D8", "其他发展与改革事务支出X",
      ("T3.name", E, "表3!D8"), ("X.T2-T3", E, "表3!D8")),
    m("T5.name", P0, "表5!D8", "招商引资X", ("T5.name", E, "表5!D8")),
    m("T6.name", P0, "表6!C7", "基本工资X", ("T6.name", E, "表6!C7")),
    m("T7.name", P0, "表7!D8", "招商引资X", ("T7.name", E, "表7!D8")),
    # 004's real error, in a blank 表8/表9: a coded row needs its code too
    m("T8.name", P0, "表8!D6", "一般公共预算支出", ("T8.name", E, "表8!D6"),
      also=(("表8!A6", "201"),)),
    m("T9.name", P0, "表9!D6", "一般公共预算支出", ("T9.name", E, "表9!D6"),
      also=(("表9!A6", "201"),)),
    # ── duplicates ───────────────────────────────────────────────────────────────────────
    # 002: 项 2111001 能源节约利用 loses its 项 digits and repeats its 款 21110 (same name), so
    # 211 = 21110 + 21110, 21110 counts twice against the other table (rows under one code add
    # up) and 2111001 is in one of 表2/表3 only
    # 项 cell blanked: the row now reads as 款 21110, twice; its code cell is the 款 cell
    m("T2.duplicate", P2, "表2!C25", None,
      ("T2.duplicate", E, "表2!B25"), ("T2.hier", E, "表2!O23"), ("X.T2-T3", E, "表3!E24"),
      ("X.T2-T3", E, "表3!E25"), names="表2!B25"),
    m("T3.duplicate", P2, "表3!C25", None,
      ("T3.duplicate", E, "表3!B25"), ("T3.hier", E, "表3!G23"), ("X.T2-T3", E, "表3!E24"),
      ("X.T2-T3", E, "表2!E25"), names="表3!B25"),
    # 2101102 事业单位医疗 recoded as its sibling 2101101: wrong name, and per code 表5 no
    # longer matches 表2 (both codes) nor stays within 表3 (2101101 合计 and 基本)
    m("T5.duplicate", P0, "表5!C17", "01",
      ("T5.duplicate", E, "表5!C17"), ("T5.name", E, "表5!D17"), ("X.T2-T5", E, "表5!E17"),
      ("X.T2-T5", E, "表2!G21"), ("X.T3-T5", E, "表5!E17"), ("X.T3-T5", E, "表5!F17")),
    # 30103 奖金 recoded as 30102: a duplicate whose name is not 30102's
    m("T6.duplicate", P0, "表6!B9", "02", ("T6.duplicate", E, "表6!B9"), ("T6.name", E, "表6!C9")),
    # 表7: the same project twice under one 项 (the code cell names the row)
    m("T7.duplicate", P2, "表7!E9", "县级领导地方配套", ("T7.duplicate", E, "表7!C9"),
      names="表7!C9"),
    m("T8.duplicate", P0, "表8!A7", "201", ("T8.duplicate", E, "表8!A7"),
      also=coded_rows("表8", LEI_201, LEI_201)),
    m("T9.duplicate", P0, "表9!A7", "201", ("T9.duplicate", E, "表9!A7"),
      also=coded_rows("表9", LEI_201, LEI_201)),
    # ── negative amounts: a cell in one identity only, where one exists ──────────────────
    *[m(f"T{n}.negative", P0, cell, -100, (f"T{n}.negative", E, cell), (f"T{n}.row", E, cell))
      for n, cell in ((2, "表2!E7"), (3, "表3!E7"), (5, "表5!E7"), (6, "表6!D7"),
                      (7, "表7!F7"), (10, "表10!B7"), (11, "表11!B7"))],
    m("T4.negative", P0, "表4!D36", -100, ("T4.balance", E, "表4!D36"),
      ("T4.negative", E, "表4!D36"), ("T4.row", E, "表4!D36")),
    m("T8.negative", PARK, "表8!E6", -5, ("T8.negative", E, "表8!E6"), ("T8.row", E, "表8!E6"),
      ("X.T1-T8", E, "表8!E6")),
    m("T9.negative", PARK, "表9!E6", "(5.00)", ("T9.negative", E, "表9!E6"),
      ("T9.row", E, "表9!E6"), ("X.T1-T9", E, "表9!E6")),
    # ── warnings on a plausible but suspicious split ─────────────────────────────────────
    # 人员经费 on 30201 办公费
    m("T6.split", P0, "表6!E15", 0.5,
      ("T6.hier", E, "表6!E15"), ("T6.row", E, "表6!E15"), ("T6.split", W, "表6!E15")),
    # 002 2010350 事业运行 given 项目支出 in 表3 only (表5 ≤ 表3 still holds)
    m("T3.type", P2, "表3!G10", 10,
      ("T3.hier", E, "表3!G10"), ("T3.row", E, "表3!G10"), ("T3.type", W, "表3!G10")),
    # 004 2011301 行政运行 given 项目支出 in 表5: 表7 has no project under it
    m("T5.type", P4, "表5!G8", 5, ("T5.hier", E, "表5!G8"), ("T5.row", E, "表5!G8"),
      ("T5.type", W, "表5!G8"), ("X.T5-T7", E, "表5!G8")),
    # ── reader ───────────────────────────────────────────────────────────────────────────
    # blank cells: nothing else changes
    m("R.amount", P0, "表6!E15", "无数据", ("R.amount", E, "表6!E15")),
    m("R.amount", P0, "表6!D7", "七十八点五", ("R.amount", E, "表6!D7")),
    m("R.formula", P0, "表6!E15", "=VLOOKUP(A1,B:C,2,0)", ("R.formula", E, "表6!E15")),
    # 4.财政专户核拨 (blank) relabelled
    m("R.row", P0, "表1!A16", "4.其他拨款", ("R.row", W, "表1!A16")),
    # a column that is blank throughout: the finding names the table's title
    m("R.column", P0, "表10!E5", "国资预算X", ("R.column", E, "表10!A2"), names="表10!A2"),
    # an unknown header word over a column with figures: placed by 合计 = 基本支出 + 项目支出
    m("R.column_inferred", P0, "表3!G4", "项目经费", ("R.column_inferred", INFO, "表3!G4")),
    # ── between tables ───────────────────────────────────────────────────────────────────
    m("X.T1-T2", P0, "表1!B9", 100, ("T1.income", E, "表1!B9"), ("X.T1-T2", E, "表1!B9")),
    # a 类 row's 合计 is in no sum down (合计 columns are checked across, not down)
    m("X.T1-T3", P0, "表3!E13", 40, ("T3.row", E, "表3!E13"), ("X.T1-T3", E, "表3!E13")),
    m("X.T1-T3", P0, "表3!E28", 6000, ("T3.row", E, "表3!E28"), ("X.T1-T3", E, "表3!E28")),
    m("X.T2-T3", P0, "表3!E8", 140, ("T3.row", E, "表3!E8"), ("X.T2-T3", E, "表3!E8")),
    m("X.T1-T4", P0, "表4!B8", 100, ("T4.sums", E, "表4!B8"), ("X.T1-T4", E, "表4!B8")),
    m("X.T4-T5", P0, "表5!E6", 1500, ("T5.row", E, "表5!E6"), ("X.T4-T5", E, "表5!E6")),
    m("X.T4-T8", P0, "表4!F7", 100,
      ("T4.row", E, "表4!F7"), ("T4.sums", E, "表4!F7"), ("X.T4-T8", E, "表4!F7")),
    m("X.T4-T9", P0, "表4!G7", 100,
      ("T4.row", E, "表4!G7"), ("T4.sums", E, "表4!G7"), ("X.T4-T9", E, "表4!G7")),
    m("X.T2-T4", P0, "表4!D6", 100, ("T4.row", E, "表4!D6"), ("X.T2-T4", E, "表4!D6")),
    m("X.T2-T5", P0, "表5!E8", 1500, ("T5.row", E, "表5!E8"), ("X.T2-T5", E, "表5!E8")),
    # 表3 基本 of 2080501 lowered below 表5's
    m("X.T3-T5", P0, "表3!F15", 1,
      ("T3.hier", E, "表3!F15"), ("T3.row", E, "表3!F15"), ("X.T3-T5", E, "表3!F15")),
    m("X.T5-T6", P0, "表6!D26", 400, ("T6.row", E, "表6!D26"), ("X.T5-T6", E, "表6!D26")),
    m("X.T5-T7", P0, "表7!F8", 3, ("T7.row", E, "表7!F8"), ("X.T5-T7", E, "表7!F8")),
    # 表1 政府性基金 / 国有资本经营 拨款 against blank 表8 / 表9 (blank = 0) and 表4
    m("X.T1-T8", P0, "表1!B10", 100, ("T1.income", E, "表1!B10"), ("T1.income", E, "表1!B10"),
      ("X.T1-T4", E, "表1!B10"), ("X.T1-T8", E, "表1!B10")),
    m("X.T1-T9", P0, "表1!B13", 100, ("T1.income", E, "表1!B13"), ("T1.income", E, "表1!B13"),
      ("X.T1-T4", E, "表1!B13"), ("X.T1-T9", E, "表1!B13")),
    m("X.T1-T8.carryover", P2, "表1!B26", 5,
      ("T1.income", E, "表1!B26"), ("X.T1-T8.carryover", W, "表1!B26")),
    m("X.T6-T10", P0, "表6!D22", 3, ("T6.row", E, "表6!D22"), ("X.T6-T10", W, "表6!D22")),
    m("X.T5-T10", P0, "表10!C6", 2000,
      ("T10.row", E, "表10!C6"), ("T10.sum", E, "表10!C6"), ("X.T5-T10", E, "表10!C6")),
    m("X.T1-T11", P0, "表11!B13", 3000, ("T11.row", E, "表11!B13"), ("X.T1-T11", E, "表11!B13")),
    # a published-layout book without 表11 is the no-t11 profile: then 上年结转结余 must be 0
    # 表8/表9 left out although 表1 shows money for them
    m("X.T1-T8.absent", P0, "表8", DELETE, ("X.T1-T8.absent", E, "表1!B10"),
      ("T8.missing", W, ""), ("T1.income", E, "表1!B10"), ("T1.income", E, "表1!B10"),
      ("X.T1-T4", E, "表1!B10"), also=(("表1!B10", 5),), names="表1!B10"),
    m("X.T1-T9.absent", P0, "表9", DELETE, ("X.T1-T9.absent", E, "表1!B13"),
      ("T9.missing", W, ""), ("T1.income", E, "表1!B13"), ("T1.income", E, "表1!B13"),
      ("X.T1-T4", E, "表1!B13"), also=(("表1!B13", 5),), names="表1!B13"),
    m("X.T1-T11", P0, "表11", DELETE, ("X.T1-T11", E, "表1!B23"), names="表1!B23"),
    m("X.T5-T6.soft", P0, "表6!D10", 30,
      ("T6.row", E, "表6!D10"), ("X.T5-T6.soft", INFO, "表6!D10")),
]
# fmt: on


def apply(mutation: Mutation, root: Path, target: Path) -> Path:
    """A copy of the mutation's base sample at ``target`` with its edits made."""
    shutil.copy(root / "samples" / mutation.base, target)
    book = openpyxl.load_workbook(target)
    for where, value in mutation.edits:
        if value is DELETE:
            del book[where]
        else:
            sheet, cell = where.split("!")
            book[sheet][cell] = value
    book.save(target)
    return target
