"""The rule catalogue: every consistency rule, one line each, over the kinds in :mod:`rules`.

Ids are stable once published (docs/rules.md is generated from this list). Severity: error =
the publication is wrong; warning = usually wrong, but a legitimate budget can do it (``why``
says how); info = worth a look. Sums within the rounding tolerance are reported as info.
"""

from __future__ import annotations

from xlbudget.check import custom as checks
from xlbudget.check.engine import Check, Rule
from xlbudget.check.findings import Severity
from xlbudget.check.kinds import all_of, per_code, row_sums, same, sums_down
from xlbudget.check.refs import Ref
from xlbudget.check.schemas import schema_rule

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def _same(left: str, right: str, table: int, zh: str, en: str, relation: str = "=") -> Check:
    return same(Ref(left), Ref(right), (zh, en), table, relation)


INSIDE: list[Rule] = [
    Rule("T1.balance", E, _same("表1.收入总计.预算数", "表1.支出总计.预算数", 1, "收入总计与支出总计",
         "income total against expense total"), "表1 收入总计应等于支出总计",
         "表1 income total must equal expense total"),
    Rule("T1.expense", E, sums_down(1, "expense"), "表1 支出总计应等于各类支出之和",
         "表1 支出总计 must equal the sum of the 类 rows"),
    Rule("T1.income", E, sums_down(1, "income"), "表1 收入各项应等于其组成之和（本年收入 = 1–5 项，其中各项之和 = 上级项，"
         "收入总计 = 本年收入 + 上年结转结余）", "表1 income lines must add up (本年收入 = items 1–5, each 其中 "
         "group = its parent, 收入总计 = 本年收入 + 上年结转结余)"),
    *[Rule(f"T{n}.row", E, row_sums(n), f"表{n} 每行合计应等于其各组成列之和",
           f"表{n}: on every row, each total column must equal the sum of its parts")
      for n in (2, 3, 4, 5, 6, 7, 8, 9, 10, 11)],
    *[Rule(f"T{n}.hier", E, sums_down(n), f"表{n} 类应等于其款之和、款应等于其项之和、合计应等于各类之和",
           f"表{n}: each 类 must equal the sum of its 款, each 款 the sum of its 项, 合计 the sum of the 类")
      for n in (2, 3, 5, 6, 7, 8, 9)],
    Rule("T4.sums", E, sums_down(4), "表4 收入各项及支出总计应等于其组成之和",
         "表4 income lines and the expense total must add up"),
    Rule("T4.balance", E, _same("表4.收入总计.合计", "表4.支出总计.合计", 4, "收入总计与支出总计",
         "income total against expense total"), "表4 收入总计应等于支出总计",
         "表4 income total must equal expense total"),
    Rule("T10.sum", E, sums_down(10), "表10 合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费；"
         "车辆小计 = 购置费 + 运行费", "表10 合计 = abroad + reception + vehicles; vehicles = purchase "
         "+ operation"),
    Rule("T11.sum", E, sums_down(11), "表11 合计行应等于各项目之和", "表11 合计 must equal the sum of the items"),
    *[Rule(f"T{n}.structure", E, checks.structure(n), f"表{n} 有项而缺少其所属的款行（或有款而缺少类行）",
           f"表{n}: a 项 row whose 款 row (or a 款 whose 类 row) is missing") for n in (2, 3, 5, 6, 7, 8, 9)],
    *[Rule(f"T{n}.blank_note", W, checks.blank_note(n), f"表{n} 为空表时应有备注说明为空表及原因",
           f"a blank 表{n} must carry a 备注 saying it is blank and why",
           "a table may legitimately be blank, but the publication must say so")
      for n in (8, 9, 11)],
    Rule("T6.split", W, checks.economic_split(), "表6 人员经费应在 301、303，公用经费应在 302 等",
         "表6 人员经费 belongs under 301/303, 公用经费 under 302 and others",
         "a few units budget personnel items under 302; it is usually a mis-keyed column"),
    *[Rule(f"T{n}.type", W, checks.running_costs_as_projects(n), f"表{n} 行政运行/事业运行科目列有项目支出",
           f"表{n}: 行政运行 / 事业运行 carrying 项目支出",
           "运行 items are normally basic spending; a project may legitimately be booked there")
      for n in (3, 5)],
    *[Rule(f"T{n}.missing", E, checks.missing(n), f"缺少表{n}", f"表{n} is missing")
      for n in range(1, 12)],
    *[Rule(f"T{n}.code", E, schema_rule(n, ("code",)),
           f"表{n} 科目代码应为 3/2/2 位数字且在本年度分类科目中",
           f"表{n} codes must be 3/2/2 digits and in the year's classification",
           "error only for a malformed code or a 类 that does not exist; a 款 missing from a complete list is a warning, a code of the adjacent year or a 项 the bundled catalogue does not list is info")
      for n in (2, 3, 5, 6, 7, 8, 9)],
    *[Rule(f"T{n}.name", E, schema_rule(n, ("name",)),
           f"表{n} 科目名称应与分类科目的规范名称一致（不区分全半角、空格、括号，上下年度的规范名称均可）",
           f"表{n} names must match the official names (width, spacing and brackets aside; the adjacent year's official name is accepted)",
           "error where the book prints the official name elsewhere, the name is another code's, or at 类 level; else a warning (款) or info (项), since the bundled 项 names are the least certain")
      for n in (2, 3, 5, 6, 7, 8, 9)],
    *[Rule(f"T{n}.duplicate", E, schema_rule(n, ("duplicate_code",)),
           f"表{n} 同一科目不应出现两次", f"表{n} must not list the same code twice")
      for n in (2, 3, 5, 6, 7, 8, 9)],
    *[Rule(f"T{n}.negative", E, schema_rule(n, ("non_negative",)), f"表{n} 金额不应为负数",
           f"表{n} amounts must not be negative") for n in range(1, 12)],
]

BETWEEN: list[Rule] = [
    Rule("X.T1-T2", E, all_of(
        _same("表2.合计.总计", "表1.收入总计.预算数", 2, "表2 合计「总计」", "表2 合计 [总计]"),
        *[_same(f"表2.合计.{col}", f"表1.{line}.预算数", 2, f"表2 合计「{label}」",
                f"表2 合计 [{label}]") for col, line, label in checks.T2_T1_SOURCES],
        per_code((2, "total"), [(1, "expense_amount")], level=3)),
        "表2 应与表1 收入、各类支出一致", "表2 must agree with 表1 income lines and 类 expenses"),
    Rule("X.T1-T3", E, all_of(
        _same("表3.合计.合计", "表1.支出总计.预算数", 3, "表3 合计", "表3 total"),
        per_code((3, "total"), [(1, "expense_amount")], level=3)),
         "表3 各类合计应等于表1 该类支出", "表3 类 totals must equal 表1 expense by 类"),
    Rule("X.T2-T3", E, all_of(per_code((3, "total"), [(2, "total")]), checks.same_names(2, 3)),
         "表3 与表2 应列相同科目且每个科目金额、名称一致",
         "表3 and 表2 must list the same codes with equal totals and names"),
    Rule("X.T1-T4", E, all_of(*[
        _same(f"表4.{line}.合计", f"表1.{source}.预算数", 4, f"表4「{line}」", f"表4 [{line}]")
        for line, source in checks.T4_T1_LINES]),
        "表4 收入应等于表1 对应财政拨款收入", "表4 income lines must equal 表1 fiscal income"),
    Rule("X.T4-T5", E, all_of(
        _same("表4.一般公共预算.合计", "表5.合计.合计", 4, "表4 收入「一般公共预算」", "表4 income [gpb]"),
        _same("表4.支出总计.一般公共预算", "表5.合计.合计", 4, "表4 支出「一般公共预算」",
              "表4 expense [gpb]"),
        per_code((4, "gpb"), [(5, "total")], level=3)),
        "表4 一般公共预算应等于表5 合计（含各类）", "表4 一般公共预算 must equal 表5 (total and by 类)"),
    Rule("X.T4-T8", E, per_code((4, "gf"), [(8, "total")], level=3),
         "表4 政府性基金预算各类应等于表8", "表4 政府性基金预算 by 类 must equal 表8"),
    Rule("X.T4-T9", E, per_code((4, "soe"), [(9, "total")], level=3),
         "表4 国有资本经营预算各类应等于表9", "表4 国有资本经营预算 by 类 must equal 表9"),
    Rule("X.T2-T4", E, per_code((4, "total"), [(2, "fiscal")], level=3),
         "表4 各类合计应等于表2 财政拨款（补助）小计", "表4 类 totals must equal 表2 财政拨款小计"),
    Rule("X.T2-T5", E, per_code((5, "total"), [(2, "gpb"), (2, "gpb_transfer")]),
         "表5 各科目应等于表2 一般公共预算 + 上级一般公共预算转移支付",
         "表5 per code must equal 表2 一般公共预算 + its transfer column"),
    Rule("X.T3-T5", E, all_of(*[per_code((5, col), [(3, col)], relation="<=", leaves_of=5)
                                       for col in ("total", "basic", "project")]),
         "表5 各科目不应超过表3 同一科目", "表5 must not exceed 表3 for any code"),
    Rule("X.T5-T6", E, _same("表6.合计.合计", "表5.合计.基本支出", 6, "表6 合计", "表6 total"),
         "表6 合计应等于表5 基本支出合计", "表6 total must equal 表5 基本支出"),
    Rule("X.T5-T7", E, all_of(
        _same("表7.合计.项目支出合计", "表5.合计.项目支出", 7, "表7 合计", "表7 total"),
        per_code((7, "total"), [(5, "project")])),
        "表7 应等于表5 项目支出（合计及每个项）", "表7 must equal 表5 项目支出 (total and per 项)"),
    Rule("X.T1-T8", E, _same("表8.合计.合计", "表1.gf.预算数", 8, "表8 合计",
         "表8 total"), "表8 合计应等于表1 政府性基金预算拨款", "表8 total must equal 表1 政府性基金预算拨款"),
    Rule("X.T1-T9", E, _same("表9.合计.合计", "表1.soe.预算数", 9, "表9 合计",
         "表9 total"), "表9 合计应等于表1 国有资本经营预算拨款",
         "表9 total must equal 表1 国有资本经营预算拨款"),
    Rule("X.T1-T8.carryover", W, checks.fund_carryover_without_t8(),
         "表8 为空表，但表1 有政府性基金预算拨款结转", "表8 is blank although 表1 carries over 政府性基金 money",
         "under a 当年拨款-only convention 表8 excludes carry-over, but the 说明 should then explain it"),
    Rule("X.T6-T10", W, all_of(*[checks.t10_at_least_t6(item, code)
                                        for item, code in checks.T10_T6]),
        "表10 三公经费不应少于表6 对应经济科目", "表10 三公 items must not be below the matching 表6 items",
        "equal when all 三公 is basic spending; projects can add to 表10"),
    Rule("X.T5-T10", E, _same("表10.合计.一般公共预算", "表5.合计.合计", 10, "表10 合计「一般公共预算」",
         "表10 total [gpb]", "<="), "表10 一般公共预算三公经费不应超过表5 合计",
         "表10 一般公共预算 must not exceed 表5 total"),
    Rule("X.T1-T11", E, checks.t11_against_t1(), "表11 应与表1 上年结转结余一致（无表11 时表1 上年结转结余应为 0）",
         "表11 must agree with 表1 上年结转结余 (0 when the book has no 表11)"),
    Rule("X.T5-T6.soft", INFO, checks.soft_pairs(), "表6 经济科目与表5 功能科目通常对应",
         "表6 economic items usually match 表5 functional items",
         "common, not required: e.g. 医疗保险 may be budgeted inside 行政运行"),
]

RULES: list[Rule] = INSIDE + BETWEEN


def by_id(rule_id: str) -> Rule:
    return next(rule for rule in RULES if rule.id == rule_id)
