"""The eleven standard tables, stated once (表1, 表4 and 表10, whose rows the spec names, are in
:mod:`.fixed_tables` and re-exported here).

Each builder takes the profile options that change it (表2 15/16 columns, 表4 上年结转 rows,
表8/9 人员/公用 split) and returns a :class:`TableSpec`. Labels are the official ones; ``aliases``
list the spellings seen in real publications (``../shared/seeds``), compared width- and
whitespace-insensitively.
"""

from __future__ import annotations

from functools import cache

from xlbudget.spec.fixed_tables import table1, table4, table10
from xlbudget.spec.model import (
    Block,
    Column,
    ColumnKind,
    Group,
    Node,
    RowSource,
    TableSpec,
    TotalRow,
)

K = ColumnKind
__all__ = ["table1", "table2", "table3", "table4", "table5", "table6", "table7", "table8",
           "table9", "table10", "table11"]

TOTAL = TotalRow("total", "合计", aliases=("总计", "合 计", "合计数", "小计"))

BLANK_NOTE_FUND = (
    "备注：{unit} {year} 年没有使用政府性基金预算拨款安排的支出，政府性基金预算支出情况表为空表。"
)
BLANK_NOTE_SOE = (
    "备注：{unit} {year} 年没有使用国有资本经营预算拨款安排的支出，"
    "国有资本经营预算支出情况表为空表。"
)
BLANK_NOTE_CARRYOVER = "备注：{unit} {year} 年没有上年结转结余资金，上年结转结余情况明细表为空表。"


def _functional_codes(group: str = "功能分类科目编码") -> Group:
    return Group(
        group,
        (
            Column("lei", "类", K.LEI, width=6),
            Column("kuan", "款", K.KUAN, width=5),
            Column("xiang", "项", K.XIANG, width=5),
        ),
        aliases=("科目编码", "功能分类科目编码", "功能分类科目代码"),
    )


def _name(label: str = "科目名称") -> Column:
    return Column(
        "name", label, K.NAME, aliases=("科目名称", "功能分类科目名称", "项目"), width=30
    )


# ── 表2 收入总体情况表 ─────────────────────────────────────────────────────────────────

FISCAL_SOURCES: tuple[Column, ...] = (
    Column("gpb", "一般公共预算", aliases=("一般公共预算拨款",)),
    Column(
        "gpb_transfer",
        "上级一般公共预算安排的转移支付",
        aliases=("上级一般公共预算安排转移支付",),
    ),
    Column("gf", "政府性基金预算", aliases=("政府性基金预算拨款",)),
    Column(
        "gf_transfer",
        "上级政府性基金安排的转移支付",
        aliases=("上级政府性基金安排转移支付",),
    ),
    Column("soe", "国有资本经营预算", aliases=("国有资本经营预算拨款",)),
    Column(
        "soe_transfer",
        "上级国有资本经营预算安排的转移支付",
        aliases=("上级国有资本经营预算安排转移支付",),
    ),
)


@cache
def table2(columns: int = 16) -> TableSpec:
    """16 columns as in 000/002; 15 drops 上级国有资本经营预算安排的转移支付 (as in 004)."""
    if columns not in (15, 16):
        raise ValueError("表2 has 15 or 16 columns")
    sources = FISCAL_SOURCES if columns == 16 else FISCAL_SOURCES[:5]
    subtotal = Column(
        "fiscal", "小计", aliases=("财政拨款小计", "合计"), sum_of=tuple(c.key for c in sources)
    )
    parts = ("fiscal", "special", "unit_funds", "carry_fiscal", "carry_nonfiscal")
    block = Block(
        "main",
        (
            _functional_codes(),
            _name(),
            Column("total", "总计", aliases=("合计",), sum_of=parts),
            Group("财政拨款（补助）", (subtotal, *sources), aliases=("财政拨款",)),
            Column(
                "special",
                "财政专户（教育收费）",
                aliases=("财政专户（教育费）", "财政专户管理资金", "财政专户核拨"),
            ),
            Column("unit_funds", "单位资金"),
            Column("carry_fiscal", "财政拨款结转", aliases=("财政拨款结转结余",)),
            Column("carry_nonfiscal", "非财政拨款结转结余", aliases=("非财政拨款结余",)),
        ),
        RowSource.FUNCTIONAL,
        total=TOTAL,
    )
    return TableSpec(
        2,
        {"单位": "单位收入总体情况表", "部门": "部门收入总体情况表"},
        (block,),
        aliases=("收入总体情况表", "收入预算总表", "部门收入预算总表", "单位收入预算总表",
                 "收入预算表", "收入总表"),
        template_rows=40,
    )


# ── 表3 / 表5 基本·项目 tables ─────────────────────────────────────────────────────────


def _basic_project_block(rows: RowSource = RowSource.FUNCTIONAL) -> Block:
    return Block(
        "main",
        (
            _functional_codes(),
            _name(),
            Column("total", "合计", aliases=("总计", "小计"), sum_of=("basic", "project")),
            Column("basic", "基本支出"),
            Column("project", "项目支出"),
        ),
        rows,
        total=TOTAL,
    )


@cache
def table3() -> TableSpec:
    return TableSpec(
        3,
        {"单位": "单位支出总体情况表", "部门": "部门支出总体情况表"},
        (_basic_project_block(),),
        aliases=("支出总体情况表", "支出预算总表", "部门支出预算总表", "单位支出预算总表",
                 "支出预算表", "支出总表"),
        template_rows=40,
    )


@cache
def table5() -> TableSpec:
    return TableSpec(
        5,
        {"单位": "一般公共预算支出情况表", "部门": "一般公共预算支出情况表"},
        (_basic_project_block(),),
        aliases=("一般公共预算支出表", "一般公共预算支出预算表", "一般公共预算财政拨款支出预算表",
                 "一般公共预算支出功能分类预算表"),
        template_rows=40,
    )


# ── 表6 一般公共预算基本支出情况表 ──────────────────────────────────────────────────────────


@cache
def table6() -> TableSpec:
    block = Block(
        "main",
        (
            Group(
                "经济分类科目编码",
                (Column("lei", "类", K.LEI, width=6), Column("kuan", "款", K.KUAN, width=5)),
                aliases=("科目编码", "部门预算支出经济分类科目编码"),
            ),
            Column("name", "科目名称", K.NAME, aliases=("经济分类科目名称",), width=30),
            Column("total", "合计", aliases=("总计",), sum_of=("personnel", "public")),
            Column("personnel", "人员经费"),
            Column("public", "公用经费"),
        ),
        RowSource.ECONOMIC,
        total=TOTAL,
    )
    return TableSpec(
        6,
        {"单位": "一般公共预算基本支出情况表", "部门": "一般公共预算基本支出情况表"},
        (block,),
        aliases=("一般公共预算基本支出表", "一般公共预算基本支出预算表",
                 "一般公共预算基本支出经济分类预算表", "一般公共预算财政拨款基本支出预算表"),
        template_rows=45,
    )


# ── 表7 一般公共预算项目支出情况表 ──────────────────────────────────────────────────────────

ECONOMIC_COLUMNS: tuple[Column, ...] = (
    Column("e301", "工资福利支出"),
    Column("e302", "商品和服务支出"),
    Column("e303", "对个人和家庭的补助"),
    Column("e307", "债务利息及费用支出"),
    Column("e309", "资本性支出（基本建设）"),
    Column("e310", "资本性支出"),
    Column("e311", "对企业补助（基本建设）"),
    Column("e312", "对企业补助"),
    Column("e313", "对社会保障基金补助"),
    Column("e399", "其他支出"),
)


@cache
def table7() -> TableSpec:
    block = Block(
        "main",
        (
            _functional_codes("科目编码"),
            _name(),
            Column("project_name", "项目名称", K.PROJECT, width=34),
            Column(
                "total",
                "项目支出合计",
                aliases=("合计", "项目支出"),
                sum_of=tuple(c.key for c in ECONOMIC_COLUMNS),
            ),
            *ECONOMIC_COLUMNS,
        ),
        RowSource.PROJECTS,
        total=TOTAL,
    )
    return TableSpec(
        7,
        {"单位": "一般公共预算项目支出情况表", "部门": "一般公共预算项目支出情况表"},
        (block,),
        aliases=("一般公共预算项目支出表", "一般公共预算项目支出预算表",
                 "一般公共预算财政拨款项目支出预算表"),
        template_rows=30,
    )


# ── 表8 / 表9 政府性基金 · 国有资本经营 ────────────────────────────────────────────────────


def _fund_block(split: bool) -> Block:
    if split:
        amounts: tuple[Node, ...] = (
            Column("total", "合计", aliases=("总计",), sum_of=("personnel", "public", "project")),
            Group("基本支出", (Column("personnel", "人员经费"), Column("public", "公用经费"))),
            Column("project", "项目支出"),
        )
    else:
        amounts = (
            Column("total", "合计", aliases=("总计",), sum_of=("basic", "project")),
            Column("basic", "基本支出"),
            Column("project", "项目支出"),
        )
    return Block("main", (_functional_codes(), _name(), *amounts), RowSource.FUNCTIONAL,
                 total=TOTAL)


@cache
def table8(split: bool = True) -> TableSpec:
    return TableSpec(
        8,
        {"单位": "政府性基金预算支出情况表", "部门": "政府性基金预算支出情况表"},
        (_fund_block(split),),
        aliases=("政府性基金预算支出表", "政府性基金预算支出预算表",
                 "政府性基金预算财政拨款支出预算表", "政府性基金预算支出功能分类预算表"),
        blank_note=BLANK_NOTE_FUND,
        template_rows=10,
    )


@cache
def table9(split: bool = True) -> TableSpec:
    return TableSpec(
        9,
        {"单位": "国有资本经营预算支出情况表", "部门": "国有资本经营预算支出情况表"},
        (_fund_block(split),),
        aliases=("国有资本经营预算支出表", "国有资本经营预算支出预算表",
                 "国有资本经营预算财政拨款支出预算表", "国有资本经营预算支出功能分类预算表"),
        blank_note=BLANK_NOTE_SOE,
        template_rows=10,
    )


# ── 表11 上年结转结余情况明细表 ───────────────────────────────────────────────────────────


def _carry_group(prefix: str, label: str) -> Group:
    return Group(
        label,
        (
            Column(f"{prefix}_total", "合计", sum_of=(f"{prefix}_personnel", f"{prefix}_public",
                                                      f"{prefix}_project")),
            Group(
                "基本支出",
                (Column(f"{prefix}_personnel", "人员经费"), Column(f"{prefix}_public", "公用经费")),
            ),
            Column(f"{prefix}_project", "项目支出"),
        ),
    )


@cache
def table11() -> TableSpec:
    block = Block(
        "main",
        (
            Column("item", "项目名称", K.PROJECT, aliases=("项目",), width=40),
            Column("total", "总计", aliases=("合计",), sum_of=("fiscal_total", "nonfiscal_total")),
            _carry_group("fiscal", "财政拨款"),
            _carry_group("nonfiscal", "非财政拨款"),
        ),
        RowSource.ITEMS,
        total=TOTAL,
    )
    return TableSpec(
        11,
        {"单位": "上年结转结余情况明细表", "部门": "上年结转结余情况明细表"},
        (block,),
        aliases=("上年结转结余明细表", "上年结转结余情况表", "上年结转结余资金情况表"),
        blank_note=BLANK_NOTE_CARRYOVER,
        template_rows=15,
    )
