"""The tables whose rows the spec names: 表1 收支总体情况表, 表4 财政拨款收支预算总体情况表 (fixed
income rows beside every 功能分类 类) and 表10 “三公”经费. Same vocabulary as :mod:`.tables`."""

from __future__ import annotations

from functools import cache

from xlbudget.spec.model import (
    Block,
    Column,
    ColumnKind,
    FixedRow,
    Group,
    RowSource,
    TableSpec,
    TotalRow,
)

K = ColumnKind


# ── 表1 收支总体情况表 ──────────────────────────────────────────────────────────────────

INCOME_ROWS: tuple[FixedRow, ...] = (
    FixedRow(
        "current", "一、本年收入", parts=("gpb", "gf", "soe", "special", "unit_funds")
    ),
    FixedRow("gpb", "1.一般公共预算拨款", parts=("gpb_own", "gpb_transfer"), indent=1),
    FixedRow("gpb_own", "其中：一般财力", aliases=("一般财力",), indent=2),
    FixedRow(
        "gpb_transfer",
        "上级一般公共预算安排转移支付",
        aliases=("上级一般公共预算安排的转移支付",),
        indent=2,
    ),
    FixedRow(
        "gf",
        "2.政府性基金预算拨款",
        aliases=("2.基金预算拨款",),
        parts=("gf_own", "gf_transfer"),
        indent=1,
    ),
    FixedRow("gf_own", "其中：政府性基金收入", aliases=("政府性基金收入",), indent=2),
    FixedRow(
        "gf_transfer",
        "上级政府性基金安排转移支付",
        aliases=("上级政府性基金安排的转移支付",),
        indent=2,
    ),
    FixedRow("soe", "3.国有资本经营预算拨款", parts=("soe_own", "soe_transfer"), indent=1),
    FixedRow("soe_own", "其中：国有资本经营收入", aliases=("国有资本经营收入",), indent=2),
    FixedRow(
        "soe_transfer",
        "上级国有资本经营预算安排转移支付",
        aliases=("上级国有资本经营预算安排的转移支付",),
        indent=2,
    ),
    FixedRow("special", "4.财政专户核拨", aliases=("4.财政专户管理资金",), indent=1),
    FixedRow(
        "unit_funds",
        "5.单位资金",
        parts=("unit_business", "unit_grant", "unit_affiliate", "unit_operating", "unit_other"),
        indent=1,
    ),
    FixedRow("unit_business", "其中：事业收入", aliases=("事业收入",), indent=2),
    FixedRow("unit_grant", "上级补助收入", indent=2),
    FixedRow("unit_affiliate", "附属单位上缴收入", indent=2),
    FixedRow("unit_operating", "事业单位经营收入", indent=2),
    FixedRow("unit_other", "其他收入", indent=2),
    FixedRow("carryover", "二、上年结转结余", parts=("carry_fiscal", "carry_nonfiscal")),
    FixedRow(
        "carry_fiscal",
        "1.财政拨款结转",
        aliases=("1.财政拨款结转结余",),
        parts=("carry_gpb", "carry_gf", "carry_soe"),
        indent=1,
    ),
    FixedRow("carry_gpb", "其中：一般公共预算拨款", aliases=("一般公共预算拨款",), indent=2),
    FixedRow("carry_gf", "政府性基金预算拨款", aliases=("基金预算拨款",), indent=2),
    FixedRow("carry_soe", "国有资本经营预算拨款", indent=2),
    FixedRow(
        "carry_nonfiscal",
        "2.非财政拨款结余",
        aliases=("2.非财政拨款结转结余",),
        parts=("carry_special", "carry_unit"),
        indent=1,
    ),
    FixedRow("carry_special", "其中：财政专户核拨", aliases=("财政专户核拨",), indent=2),
    FixedRow("carry_unit", "单位资金", indent=2),
)
"""表1 income side. Labels repeat (单位资金, 财政专户核拨 appear twice), so a reader keys rows by
position within their section, never by label alone."""

INCOME_TOTAL = TotalRow("income_total", "收入总计", aliases=("收 入 总 计",))
EXPENSE_TOTAL = TotalRow("expense_total", "支出总计", aliases=("支 出 总 计",))


@cache
def table1() -> TableSpec:
    income = Block(
        "income",
        (
            Column("income_item", "项目", K.LABEL, aliases=("收入项目",), width=34),
            Column("income_amount", "预算数", aliases=("收入预算数", "金额"), width=16),
        ),
        RowSource.FIXED,
        group="收入",
        fixed_rows=INCOME_ROWS,
        total=INCOME_TOTAL,
    )
    expense = Block(
        "expense",
        (
            Column("expense_item", "功能分类", K.LABEL, aliases=("支出功能分类", "项目"), width=34),
            Column("expense_amount", "预算数", aliases=("支出预算数", "金额"), width=16),
        ),
        RowSource.CATEGORIES,
        group="支出",
        total=EXPENSE_TOTAL,
    )
    return TableSpec(
        1,
        {"单位": "单位收支总体情况表", "部门": "部门收支总体情况表"},
        (income, expense),
        aliases=("收支总体情况表", "收支预算总表", "部门收支预算总表", "单位收支预算总表",
                 "财务收支预算总表", "收支总表"),
    )


# ── 表4 财政拨款收支预算总体情况表 ────────────────────────────────────────────────────────


@cache
def table4(carryover: bool = False) -> TableSpec:
    """Without 上年结转 rows (as in all three seeds) or with them (MOF sample layout)."""
    if carryover:
        income_rows: tuple[FixedRow, ...] = (
            FixedRow("current", "一、本年收入", parts=("gpb", "gf", "soe")),
            FixedRow("gpb", "一般公共预算拨款", aliases=("一般公共预算",), indent=1),
            FixedRow("gf", "政府性基金预算拨款", aliases=("政府性基金预算",), indent=1),
            FixedRow("soe", "国有资本经营预算拨款", aliases=("国有资本经营预算",), indent=1),
            FixedRow("carryover", "二、上年结转", parts=("carry_gpb", "carry_gf", "carry_soe")),
            FixedRow("carry_gpb", "一般公共预算拨款", aliases=("一般公共预算",), indent=1),
            FixedRow("carry_gf", "政府性基金预算拨款", aliases=("政府性基金预算",), indent=1),
            FixedRow("carry_soe", "国有资本经营预算拨款", aliases=("国有资本经营预算",), indent=1),
        )
    else:
        income_rows = (
            FixedRow("current", "一、财政拨款（补助）", aliases=("一、财政拨款",),
                     parts=("gpb", "gf", "soe")),
            FixedRow("gpb", "一般公共预算", aliases=("一般公共预算拨款",), indent=1),
            FixedRow("gf", "政府性基金预算", aliases=("政府性基金预算拨款",), indent=1),
            FixedRow("soe", "国有资本经营预算", aliases=("国有资本经营预算拨款",), indent=1),
        )
    income = Block(
        "income",
        (
            Column("income_item", "项目", K.LABEL, aliases=("收入项目",), width=30),
            Column("income_amount", "合计", aliases=("收入合计", "预算数"), width=16),
        ),
        RowSource.FIXED,
        group="财政拨款收入",
        fixed_rows=income_rows,
        total=INCOME_TOTAL,
    )
    expense = Block(
        "expense",
        (
            Column("expense_item", "功能分类", K.LABEL, aliases=("支出功能分类", "项目"), width=30),
            Column("total", "合计", aliases=("支出合计",), sum_of=("gpb", "gf", "soe")),
            Column("gpb", "一般公共预算"),
            Column("gf", "政府性基金预算"),
            Column("soe", "国有资本经营预算"),
        ),
        RowSource.CATEGORIES,
        group="财政拨款支出",
        total=EXPENSE_TOTAL,
    )
    return TableSpec(
        4,
        {"单位": "财政拨款收支预算总体情况表", "部门": "财政拨款收支预算总体情况表"},
        (income, expense),
        aliases=("财政拨款收支总体情况表", "财政拨款收支总表", "财政拨款收支预算总表"),
    )


# ── 表10 财政拨款“三公”经费支出情况表 ────────────────────────────────────────────────────────

SANGONG_ROWS: tuple[FixedRow, ...] = (
    FixedRow("total", "合计", aliases=("合 计", "“三公”经费合计"),
             parts=("abroad", "reception", "vehicles")),
    FixedRow("abroad", "因公出国（境）费", aliases=("因公出国（境）费用",), indent=1),
    FixedRow("reception", "公务接待费", indent=1),
    FixedRow(
        "vehicles",
        "公务用车购置及运行费（小计）",
        aliases=("公务用车购置及运行费", "公务用车购置及运行维护费"),
        parts=("purchase", "operation"),
        indent=1,
    ),
    FixedRow("purchase", "其中：公务用车购置费", aliases=("公务用车购置费",), indent=2),
    FixedRow(
        "operation",
        "公务用车运行费",
        aliases=("公务用车运行维护费", "其中：公务用车运行费"),
        indent=2,
    ),
)


@cache
def table10() -> TableSpec:
    block = Block(
        "main",
        (
            Column(
                "item",
                "“三公”经费支出内容",
                K.LABEL,
                aliases=("三公支出内容", "项目", "支出内容"),
                width=34,
            ),
            Column("total", "合计", sum_of=("gpb", "gf", "soe")),
            Group(
                "资金来源",
                (
                    Column("gpb", "一般公共预算", aliases=("一般公共预算拨款",)),
                    Column("gf", "政府性基金", aliases=("政府性基金预算",)),
                    Column("soe", "国有资本经营预算"),
                ),
            ),
        ),
        RowSource.FIXED,
        fixed_rows=SANGONG_ROWS,
    )
    return TableSpec(
        10,
        {"单位": "财政拨款“三公”经费支出情况表", "部门": "财政拨款“三公”经费支出情况表"},
        (block,),
        aliases=("“三公”经费支出情况表", "财政拨款三公经费支出表", "“三公”经费预算表",
                 "“三公”经费支出预算表", "一般公共预算“三公”经费支出预算表",
                 "财政拨款“三公”经费支出预算表"),
    )
