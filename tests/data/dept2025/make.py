#!/usr/bin/env python3
"""A stand-in for a real 2025 新疆 部门 (department) budget publication and its ten known errors.

Run from the repository root with the project's Python (standard library and openpyxl only)::

    .venv/bin/python tests/data/dept2025/make.py

It writes, beside this file:

* ``dept-2025-clean.xlsx`` — the eleven tables of an invented department (某某县应急管理局) in the
  layout of the real book (see README.md), every identity of docs/rules.md holding exactly;
* ``dept-2025.xlsx`` — the same book with the ten faults of ``FAULTS`` typed in (one cell or one
  row each, independent of each other);
* ``manifest.json`` — each fault: table, sheet, cell, code, column, kind, what the cell holds
  (``actual``) and what it should hold (``expected``), and the rules it breaks.

The numbers are built bottom-up from ``BASIC``, ``OTHER_MONEY``, ``PROJECTS``, ``ECONOMIC``,
``CARRIED`` and ``SANGONG`` below, so the tables agree by construction; ``verify.py`` reads the
written files back and proves it. Amounts are Decimal throughout and are written as text, as the
real export does. Output is byte-for-byte deterministic (pinned document dates, zip timestamps).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

HERE = Path(__file__).resolve().parent
FAULTY = HERE / "dept-2025.xlsx"
CLEAN = HERE / "dept-2025-clean.xlsx"
MANIFEST = HERE / "manifest.json"

YEAR = 2025
DEPT = "某某县应急管理局"
ORG_LINE = f"编制部门：{DEPT}"
UNIT_LINE = "单位：万元"
D = Decimal
ZERO = D("0.00")

# --------------------------------------------------------------------------------------------
# Classification names (official 2025 names; verify.py checks them against the catalogues)
# --------------------------------------------------------------------------------------------

CATEGORIES = [  # every 类 of the 2025 支出功能分类, as 表1 and 表4 print them
    ("201", "一般公共服务支出"),
    ("202", "外交支出"),
    ("203", "国防支出"),
    ("204", "公共安全支出"),
    ("205", "教育支出"),
    ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("209", "社会保险基金支出"),
    ("210", "卫生健康支出"),
    ("211", "节能环保支出"),
    ("212", "城乡社区支出"),
    ("213", "农林水支出"),
    ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"),
    ("216", "商业服务业等支出"),
    ("217", "金融支出"),
    ("219", "援助其他地区支出"),
    ("220", "自然资源海洋气象等支出"),
    ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"),
    ("223", "国有资本经营预算支出"),
    ("224", "灾害防治及应急管理支出"),
    ("227", "预备费"),
    ("229", "其他支出"),
    ("230", "转移性支出"),
    ("231", "债务还本支出"),
    ("232", "债务付息支出"),
    ("233", "债务发行费用支出"),
    ("234", "抗疫特别国债安排的支出"),
]

FUNCTIONAL = {  # 款 and 项 used by this department (official 2025 names)
    "20132": "组织事务",
    "2013299": "其他组织事务支出",
    "20199": "其他一般公共服务支出",
    "2019999": "其他一般公共服务支出",
    "20805": "行政事业单位养老支出",
    "2080501": "行政单位离退休",
    "2080502": "事业单位离退休",
    "2080505": "机关事业单位基本养老保险缴费支出",
    "2080506": "机关事业单位职业年金缴费支出",
    "20808": "抚恤",
    "2080801": "死亡抚恤",
    "20899": "其他社会保障和就业支出",
    "2089999": "其他社会保障和就业支出",
    "21011": "行政事业单位医疗",
    "2101101": "行政单位医疗",
    "2101102": "事业单位医疗",
    "21201": "城乡社区管理事务",
    "2120199": "其他城乡社区管理事务支出",
    "21299": "其他城乡社区支出",
    "2129999": "其他城乡社区支出",
    "21602": "商业流通事务",
    "2160299": "其他商业流通事务支出",
    "21699": "其他商业服务业等支出",
    "2169999": "其他商业服务业等支出",
    "22102": "住房改革支出",
    "2210201": "住房公积金",
    "22401": "应急管理事务",
    "2240101": "行政运行",
    "2240102": "一般行政管理事务",
    "2240104": "灾害风险防治",
    "2240106": "安全监管",
    "2240108": "应急救援",
    "2240150": "事业运行",
    "22405": "地震事务",
    "2240504": "地震监测",
    "22499": "其他灾害防治及应急管理支出",
    "2249999": "其他灾害防治及应急管理支出",
    "22999": "其他支出",
    "2299999": "其他支出",
    # 230's 项 are not in the bundled catalogue, so the 转移性支出 line stops at its 款
    "23003": "专项转移支付",
}
FUNCTIONAL.update(CATEGORIES)

# The real book prints 其它 for 其他 in these names (a variant character, not an error):
# 5 codes × 表2/表3/表5 + their 5 rows in 表7 = 20 cells.
VARIANT = {"20199", "2019999", "20899", "2089999", "2169999"}


def printed_name(code: str) -> str:
    name = FUNCTIONAL[code]
    return name.replace("其他", "其它") if code in VARIANT else name


ECONOMIC_NAMES = {
    "301": "工资福利支出",
    "30101": "基本工资",
    "30102": "津贴补贴",
    "30103": "奖金",
    "30107": "绩效工资",
    "30108": "机关事业单位基本养老保险缴费",
    "30109": "职业年金缴费",
    "30110": "职工基本医疗保险缴费",
    "30112": "其他社会保障缴费",
    "30113": "住房公积金",
    "30199": "其他工资福利支出",
    "302": "商品和服务支出",
    "30201": "办公费",
    "30205": "水费",
    "30206": "电费",
    "30207": "邮电费",
    "30208": "取暖费",
    "30211": "差旅费",
    "30213": "维修（护）费",
    "30217": "公务接待费",
    "30228": "工会经费",
    "30229": "福利费",
    "30231": "公务用车运行维护费",
    "30239": "其他交通费用",
    "303": "对个人和家庭的补助",
    "30302": "退休费",
    "30304": "抚恤金",
    "30309": "奖励金",
}

# --------------------------------------------------------------------------------------------
# The budget (万元)
# --------------------------------------------------------------------------------------------

# 表6: 一般公共预算 基本支出 by economic 款 (301/303 人员经费, 302 公用经费)
ECONOMIC = {
    "30101": "228.36",
    "30102": "286.45",
    "30103": "64.20",
    "30107": "118.90",
    "30108": "98.64",  # = 表5 2080505
    "30109": "49.32",  # = 表5 2080506
    "30110": "52.42",  # = 表5 21011 (2101101 + 2101102)
    "30112": "6.85",
    "30113": "74.59",  # = 表5 2210201
    "30199": "36.48",  # 编外聘用人员 = 表5 2019999 基本支出
    "30201": "12.60",
    "30205": "2.40",
    "30206": "6.80",
    "30207": "3.60",
    "30208": "18.75",
    "30211": "9.50",
    "30213": "4.20",
    "30217": "3.20",  # = 表10 公务接待费
    "30228": "5.82",
    "30229": "8.73",
    "30231": "18.50",  # = 表10 公务用车运行费
    "30239": "16.80",
    "30302": "65.29",  # = 表5 2080501 + 2080502
    "30304": "4.80",  # = 表5 2080801
    "30309": "0.60",
}
ECONOMIC = {k: D(v) for k, v in ECONOMIC.items()}
PERSONNEL_CLASSES = ("301", "303")

# 一般公共预算 基本支出 by 项; 2240101 行政运行 takes what 表6 leaves (computed below)
BASIC = {
    "2019999": "36.48",
    "2080501": "46.37",
    "2080502": "18.92",
    "2080505": "98.64",
    "2080506": "49.32",
    "2080801": "4.80",
    "2101101": "38.15",
    "2101102": "14.27",
    "2210201": "74.59",
    "2240150": "168.42",
}
BASIC = {k: D(v) for k, v in BASIC.items()}
BASIC["2240101"] = sum(ECONOMIC.values(), ZERO) - sum(BASIC.values(), ZERO)

# money that is not 当年一般公共预算: (code, source, kind, amount)
#   unit = 单位资金 (其他收入), carry_f = 财政拨款结转 (一般公共预算),
#   carry_nf = 非财政拨款结余 (单位资金)
OTHER_MONEY = [
    ("2240150", "unit", "basic", D("36.00")),
    ("2240150", "carry_nf", "basic", D("12.40")),
    ("2120199", "carry_f", "project", D("20.00")),
    ("2240108", "carry_f", "project", D("65.60")),
]

E_COLS = ["e301", "e302", "e303", "e307", "e309", "e310", "e311", "e312", "e313", "e399"]
E_LABELS = [
    "工资福利支出",
    "商品和服务支出",
    "对个人和家庭的补助",
    "债务利息及费用支出",
    "资本性支出（基本建设）",
    "资本性支出",
    "对企业补助（基本建设）",
    "对企业补助",
    "对社会保障基金补助",
    "其他支出",
]

# 表7: 一般公共预算 projects (code, name, source, {economic column: amount})
PROJECTS = [
    ("2013299", "驻村工作队工作经费", "gpb", {"e302": "12.00"}),
    ("2019999", "安全生产月宣传活动经费", "gpb", {"e302": "8.00"}),
    ("2089999", "专职应急救援队员意外伤害保险", "gpb", {"e302": "6.50"}),
    ("2120199", "城区市政消火栓维护经费", "gpb", {"e302": "15.00", "e310": "30.00"}),
    ("2129999", "社区应急避难场所建设项目", "gpb", {"e309": "60.00"}),
    ("2160299", "成品油流通环节安全监管专项经费", "gpb", {"e302": "24.00"}),
    ("2169999", "商贸场所消防安全专项整治经费", "gpb", {"e302": "15.60"}),
    ("2240102", "应急管理综合行政执法经费", "gpb", {"e302": "55.00", "e310": "30.00"}),
    ("2240104", "自然灾害综合风险监测预警项目", "gpb_tr", {"e302": "40.00", "e310": "80.00"}),
    ("2240106", "安全生产执法检查经费", "gpb", {"e302": "56.00"}),
    ("2240106", "危险化学品重大危险源监测项目", "gpb", {"e302": "10.00", "e310": "30.00"}),
    ("2240108", "应急救援队伍建设经费", "gpb", {"e302": "182.00"}),
    ("2240108", "应急指挥车辆购置", "gpb", {"e310": "28.00"}),
    ("2240504", "地震监测台网运行维护经费", "gpb", {"e302": "32.00"}),
    ("2249999", "森林草原防灭火物资储备", "gpb", {"e310": "18.00"}),
    ("2299999", "安全生产应急演练经费", "gpb", {"e302": "40.00"}),
    ("23003", "乡镇（街道）应急管理能力建设补助", "gpb", {"e399": "150.00"}),
]
PROJECTS = [(c, n, s, {k: D(v) for k, v in e.items()}) for c, n, s, e in PROJECTS]

# 表11: 上年结转结余 by item:
#   (name, fiscal personnel, public, project, non-fiscal personnel, public, project)
CARRIED = [
    ("城区市政消火栓维护经费（上年结转）", "", "", "20.00", "", "", ""),
    ("应急救援物资储备采购经费（上年结转）", "", "", "65.60", "", "", ""),
    ("县应急救援指挥中心日常运转（单位资金结余）", "", "", "", "", "12.40", ""),
]
CARRIED = [(r[0], *[D(x) if x else ZERO for x in r[1:]]) for r in CARRIED]

# 表10 (一般公共预算 only); 购置 is the 表7 应急指挥车辆购置 project, 接待/运行 are 表6 30217/30231
SANGONG = {
    "abroad": D("0.00"),
    "reception": ECONOMIC["30217"],
    "purchase": D("28.00"),
    "operation": ECONOMIC["30231"],
}

SOURCES = [
    "gpb",
    "gpb_tr",
    "gf",
    "gf_tr",
    "soe",
    "soe_tr",
    "special",
    "unit",
    "carry_f",
    "carry_nf",
]


def parent(code: str) -> str:
    return code[:5] if len(code) == 7 else code[:3]


def ancestors(code: str) -> list[str]:
    out = []
    while len(code) > 3:
        code = parent(code)
        out.append(code)
    return out


@dataclass
class Money:
    """Per functional code: amount by (source, kind), leaves and their 款/类 sums."""

    cells: dict[str, dict[tuple[str, str], Decimal]] = field(default_factory=dict)

    def add(self, code: str, source: str, kind: str, amount: Decimal) -> None:
        for c in [code, *ancestors(code)]:
            d = self.cells.setdefault(c, {})
            d[(source, kind)] = d.get((source, kind), ZERO) + amount

    def get(self, code: str, sources=None, kinds=("basic", "project")) -> Decimal:
        d = self.cells.get(code, {})
        return sum(
            (v for (s, k), v in d.items() if (sources is None or s in sources) and k in kinds), ZERO
        )

    def codes(self, sources=None) -> list[str]:
        """Codes with money from ``sources``, in print order (类, its 款, their 项)."""
        return sorted((c for c in self.cells if self.get(c, sources) != 0), key=order_key)


def order_key(code: str) -> tuple:
    return (code[:3], code[3:5], code[5:7])


def budget() -> Money:
    m = Money()
    for code, amount in BASIC.items():
        m.add(code, "gpb", "basic", amount)
    for code, _name, source, econ in PROJECTS:
        m.add(code, source, "project", sum(econ.values(), ZERO))
    for code, source, kind, amount in OTHER_MONEY:
        m.add(code, source, kind, amount)
    return m


MONEY = budget()
GPB = ("gpb", "gpb_tr")


def t1_income() -> dict[str, Decimal]:
    s = {
        src: sum((MONEY.get(c, (src,)) for c in MONEY.cells if len(c) == 3), ZERO)
        for src in SOURCES
    }
    inc = {
        "gpb_own": s["gpb"],
        "gpb_transfer": s["gpb_tr"],
        "gf_own": s["gf"],
        "gf_transfer": s["gf_tr"],
        "soe_own": s["soe"],
        "soe_transfer": s["soe_tr"],
        "special": s["special"],
        "unit_business": ZERO,
        "unit_grant": ZERO,
        "unit_affiliate": ZERO,
        "unit_operating": ZERO,
        "unit_other": s["unit"],
        "carry_gpb": s["carry_f"],
        "carry_gf": ZERO,
        "carry_soe": ZERO,
        "carry_special": ZERO,
        "carry_unit": s["carry_nf"],
    }
    inc["gpb"] = inc["gpb_own"] + inc["gpb_transfer"]
    inc["gf"] = inc["gf_own"] + inc["gf_transfer"]
    inc["soe"] = inc["soe_own"] + inc["soe_transfer"]
    inc["unit_funds"] = sum(
        (
            inc[k]
            for k in (
                "unit_business",
                "unit_grant",
                "unit_affiliate",
                "unit_operating",
                "unit_other",
            )
        ),
        ZERO,
    )
    inc["current"] = inc["gpb"] + inc["gf"] + inc["soe"] + inc["special"] + inc["unit_funds"]
    inc["carry_fiscal"] = inc["carry_gpb"] + inc["carry_gf"] + inc["carry_soe"]
    inc["carry_nonfiscal"] = inc["carry_special"] + inc["carry_unit"]
    inc["carryover"] = inc["carry_fiscal"] + inc["carry_nonfiscal"]
    inc["income_total"] = inc["current"] + inc["carryover"]
    return inc


T1_INCOME_ROWS = [  # (key, printed label)
    ("current", "一、本年收入"),
    ("gpb", "1.一般公共预算拨款"),
    ("gpb_own", "其中：一般财力"),
    ("gpb_transfer", "上级一般公共预算安排转移支付"),
    ("gf", "2.政府性基金预算拨款"),
    ("gf_own", "其中：政府性基金收入"),
    ("gf_transfer", "上级政府性基金安排转移支付"),
    ("soe", "3.国有资本经营预算拨款"),
    ("soe_own", "其中：国有资本经营收入"),
    ("soe_transfer", "上级国有资本经营预算安排转移支付"),
    ("special", "4.财政专户核拨"),
    ("unit_funds", "5.单位资金"),
    ("unit_business", "其中：事业收入"),
    ("unit_grant", "上级补助收入"),
    ("unit_affiliate", "附属单位上缴收入"),
    ("unit_operating", "事业单位经营收入"),
    ("unit_other", "其他收入"),
    ("carryover", "二、上年结转结余"),
    ("carry_fiscal", "1.财政拨款结转"),
    ("carry_gpb", "其中：一般公共预算拨款"),
    ("carry_gf", "政府性基金预算拨款"),
    ("carry_soe", "国有资本经营预算拨款"),
    ("carry_nonfiscal", "2.非财政拨款结余"),
    ("carry_special", "其中：财政专户核拨"),
    ("carry_unit", "单位资金"),
]

# --------------------------------------------------------------------------------------------
# The ten faults of the real book (hand-verified there; here typed into the clean numbers)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fault:
    id: int
    table: int
    row: str  # row key: a code, a fixed-row key, or "合计"
    column: str  # column key ("code" for the code cell, "row" for a missing row)
    kind: str
    actual: str  # what the faulty book prints ("" = absent)
    note: str
    rules: tuple[str, ...]


FAULTS = [
    Fault(
        1,
        2,
        "212",
        "total",
        "subtotal",
        "152.00",
        "表2 类 212 的「总计」不等于其各款之和（125.00 的 2、5 两位打颠倒）",
        ("T2.row", "T2.hier", "X.T1-T2", "X.T2-T3"),
    ),
    Fault(
        2,
        2,
        "2160299",
        "gpb",
        "detail",
        "42.00",
        "表2 项 2160299 的「一般公共预算」录错（24.00 打成 42.00）",
        ("T2.row", "T2.hier", "X.T2-T5"),
    ),
    Fault(
        3,
        2,
        "229",
        "gpb",
        "subtotal",
        "4.00",
        "表2 类 229 的「一般公共预算」漏了一个 0（40.00 打成 4.00）",
        ("T2.row", "T2.hier", "X.T2-T5"),
    ),
    Fault(
        4,
        3,
        "201",
        "basic",
        "row_sum",
        "63.48",
        "表3 类 201：合计 ≠ 基本支出 + 项目支出，错的是「基本支出」（36.48 打成 63.48）",
        ("T3.row", "T3.hier"),
    ),
    Fault(
        5,
        3,
        "230",
        "total",
        "row_sum",
        "105.00",
        "表3 类 230：合计 ≠ 基本支出 + 项目支出，错的是「合计」（150.00 打成 105.00）",
        ("T3.row", "T3.hier", "X.T1-T3", "X.T2-T3"),
    ),
    Fault(
        6,
        5,
        "22401",
        "basic",
        "amount",
        "861.26",
        "表5 款 22401 的「基本支出」录错（816.26 打成 861.26）",
        ("T5.row", "T5.hier"),
    ),
    Fault(
        7,
        3,
        "2080502",
        "code",
        "code",
        "20850502",
        "表3 科目编码 2080502 多打一位成 20850502（8 位），该行金额无误",
        ("T3.code",),
    ),
    Fault(
        8,
        5,
        "2080502",
        "code",
        "code",
        "20850502",
        "表5 科目编码 2080502 多打一位成 20850502（8 位），该行金额无误",
        ("T5.code",),
    ),
    Fault(
        9,
        2,
        "22999",
        "row",
        "structure",
        "",
        "表2 列出项 2299999 与类 229，却缺少款 22999 其他支出 一行",
        ("T2.structure",),
    ),
    Fault(
        10,
        1,
        "income_total",
        "income_amount",
        "total",
        "2,235.90",
        "表1 收入总计录错（2,253.90 的 5、3 两位打颠倒），与支出总计不平",
        ("T1.balance", "T1.income", "X.T1-T2"),
    ),
]

# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


def fmt(v: Decimal) -> str:
    """The export's text form: two decimals, thousands separators from 1,000."""
    return f"{v:,.2f}"


THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
F_TITLE = Font(name="宋体", size=16, bold=True)
F_BODY = Font(name="宋体", size=10)
F_HEAD = Font(name="宋体", size=10, bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center")
RIGHT = Alignment(horizontal="right", vertical="center")


class Sheet:
    """One table on its own sheet; remembers where each (row key, column key) was written."""

    def __init__(
        self,
        wb: Workbook,
        number: int,
        title: str,
        ncols: int,
        widths: list[int],
        faults: list[Fault],
    ):
        self.ws = wb.create_sheet(title)
        self.number = number
        self.ncols = ncols
        self.faults = {(f.row, f.column): f for f in faults if f.table == number}
        self.where: dict[tuple[str, str], str] = {}
        self.expected: dict[tuple[str, str], str] = {}
        ws = self.ws
        for i, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = w
        self.put(1, 1, title, font=F_TITLE, align=CENTER, border=False)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
        ws.row_dimensions[1].height = 30
        self.put(2, 1, ORG_LINE, align=LEFT, border=False)
        self.put(2, ncols, UNIT_LINE, align=RIGHT, border=False)
        self.row = 3

    def put(self, r: int, c: int, value, *, font=F_BODY, align=LEFT, border=True, text=True):
        cell = self.ws.cell(row=r, column=c)
        cell.value = value
        cell.font = font
        cell.alignment = align
        if border:
            cell.border = BOX
        if text:
            cell.number_format = "@"
        return cell

    def header(self, rows: list[list[str | None]], merges: list[str]):
        for i, labels in enumerate(rows):
            for c, lab in enumerate(labels, 1):
                self.put(self.row + i, c, lab, font=F_HEAD, align=CENTER)
        for m in merges:
            self.ws.merge_cells(m)
        self.row += len(rows)

    def blank_row(self):
        for c in range(1, self.ncols + 1):
            self.put(self.row, c, None)
        self.row += 1

    def missing(self, key: str) -> bool:
        return (key, "row") in self.faults

    def line(
        self,
        key: str,
        texts: list[tuple[int, str, str | None]],
        amounts: list[tuple[int, str, Decimal | str | None]],
        row: int | None = None,
    ):
        """Write one row: ``texts`` (column, key, text), ``amounts`` (column, key, value)."""
        r = self.row if row is None else row
        if row is None:
            for c in range(1, self.ncols + 1):
                self.put(r, c, None)
        for c, ck, t in texts:
            f = self.faults.get((key, ck))
            addr = f"{get_column_letter(c)}{r}"
            self.where[(key, ck)] = addr
            if f is not None:
                self.expected[(key, ck)] = t or ""
                t = f.actual
            self.put(r, c, t)
        for c, ck, v in amounts:
            addr = f"{get_column_letter(c)}{r}"
            self.where[(key, ck)] = addr
            text = (
                fmt(v) if isinstance(v, Decimal) and v != 0 else (v if isinstance(v, str) else None)
            )
            f = self.faults.get((key, ck))
            if f is not None:
                self.expected[(key, ck)] = f"{v:.2f}" if isinstance(v, Decimal) else (v or "")
                text = f.actual
            self.put(r, c, text, align=RIGHT)
        if row is None:
            self.row += 1
        return r

    def note(self, text: str):
        self.put(self.row, 1, text, border=False)
        self.ws.merge_cells(
            start_row=self.row, start_column=1, end_row=self.row, end_column=self.ncols
        )
        self.row += 1


TITLES = {
    1: "部门收支总体情况表",
    2: "部门收入总体情况表",
    3: "部门支出总体情况表",
    4: "财政拨款收支预算总体情况表",
    5: "一般公共预算支出情况表",
    6: "一般公共预算基本支出情况表",
    7: "一般公共预算项目支出情况表",
    8: "政府性基金预算支出情况表",
    9: "国有资本经营预算支出情况表",
    10: "财政拨款“三公”经费支出情况表",
    11: "上年结转结余情况明细表",
}


def category_amounts(sources=None) -> dict[str, Decimal]:
    return {code: MONEY.get(code, sources) for code, _ in CATEGORIES}


def table1(wb, faults) -> Sheet:
    s = Sheet(wb, 1, TITLES[1], 4, [40, 16, 36, 16], faults)
    s.header(
        [["收入", None, "支出", None], ["项目", "预算数", "功能分类", "预算数"]], ["A3:B3", "C3:D3"]
    )
    inc = t1_income()
    cats = category_amounts()
    first = s.row
    n = max(len(T1_INCOME_ROWS), len(CATEGORIES))
    for i in range(n):
        r = first + i
        for c in range(1, 5):
            s.put(r, c, None)
    for i, (key, label) in enumerate(T1_INCOME_ROWS):
        s.line(key, [(1, "income_item", label)], [(2, "income_amount", inc[key])], row=first + i)
    for i, (code, name) in enumerate(CATEGORIES):
        s.line(
            code,
            [(3, "expense_item", f"{code} {name}")],
            [(4, "expense_amount", cats[code])],
            row=first + i,
        )
    s.row = first + n
    s.line(
        "income_total",
        [(1, "income_item", "收入总计")],
        [(2, "income_amount", inc["income_total"])],
        row=s.row,
    )
    s.line(
        "expense_total",
        [(3, "expense_item", "支出总计")],
        [(4, "expense_amount", sum(cats.values(), ZERO))],
        row=s.row,
    )
    s.row += 1
    return s


T2_COLS = [  # (key, sources summed)
    ("total", None),
    ("fiscal", ("gpb", "gpb_tr", "gf", "gf_tr", "soe", "soe_tr")),
    ("gpb", ("gpb",)),
    ("gpb_transfer", ("gpb_tr",)),
    ("gf", ("gf",)),
    ("gf_transfer", ("gf_tr",)),
    ("soe", ("soe",)),
    ("soe_transfer", ("soe_tr",)),
    ("special", ("special",)),
    ("unit_funds", ("unit",)),
    ("carry_fiscal", ("carry_f",)),
    ("carry_nonfiscal", ("carry_nf",)),
]


def table2(wb, faults) -> Sheet:
    s = Sheet(wb, 2, TITLES[2], 14, [11, 30] + [13] * 12, faults)
    s.header(
        [
            [
                "科目编码",
                "科目名称",
                "总计",
                "财政拨款（补助）",
                None,
                None,
                None,
                None,
                None,
                None,
                "财政专户（教育收费）",
                "单位资金",
                "财政拨款结转",
                "非财政拨款结转结余",
            ],
            [
                None,
                None,
                None,
                "小计",
                "一般公共预算",
                "上级一般公共预算安排的转移支付",
                "政府性基金预算",
                "上级政府性基金安排的转移支付",
                "国有资本经营预算",
                "上级国有资本经营预算安排的转移支付",
                None,
                None,
                None,
                None,
            ],
        ],
        ["A3:A4", "B3:B4", "C3:C4", "D3:J3", "K3:K4", "L3:L4", "M3:M4", "N3:N4"],
    )
    for code in MONEY.codes():
        if s.missing(code):
            continue
        s.line(
            code,
            [(1, "code", code), (2, "name", printed_name(code))],
            [(3 + i, k, MONEY.get(code, src)) for i, (k, src) in enumerate(T2_COLS)],
        )
    cats = [c for c in MONEY.codes() if len(c) == 3]
    s.line(
        "合计",
        [(2, "name", "合计")],
        [
            (3 + i, k, sum((MONEY.get(c, src) for c in cats), ZERO))
            for i, (k, src) in enumerate(T2_COLS)
        ],
    )
    return s


def split_table(wb, faults, number: int, sources) -> Sheet:
    """表3 (all money) and 表5 (一般公共预算): 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出."""
    s = Sheet(wb, number, TITLES[number], 5, [11, 36, 14, 14, 14], faults)
    s.header([["科目编码", "科目名称", "合计", "基本支出", "项目支出"]], [])
    codes = MONEY.codes(sources)
    for code in codes:
        s.line(
            code,
            [(1, "code", code), (2, "name", printed_name(code))],
            [
                (3, "total", MONEY.get(code, sources)),
                (4, "basic", MONEY.get(code, sources, ("basic",))),
                (5, "project", MONEY.get(code, sources, ("project",))),
            ],
        )
    cats = [c for c in codes if len(c) == 3]
    s.line(
        "合计",
        [(2, "name", "合计")],
        [
            (3, "total", sum((MONEY.get(c, sources) for c in cats), ZERO)),
            (4, "basic", sum((MONEY.get(c, sources, ("basic",)) for c in cats), ZERO)),
            (5, "project", sum((MONEY.get(c, sources, ("project",)) for c in cats), ZERO)),
        ],
    )
    return s


def table4(wb, faults) -> Sheet:
    s = Sheet(wb, 4, TITLES[4], 7, [26, 14, 34, 14, 14, 14, 14], faults)
    s.header(
        [
            ["财政拨款收入", None, "财政拨款支出功能分类", "财政拨款支出", None, None, None],
            ["项目", "预算数", None, "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"],
        ],
        ["A3:B3", "C3:C4", "D3:G3"],
    )
    s.blank_row()  # the real book's spacer row between header and data
    inc = t1_income()
    left = [
        ("current", "一、财政拨款（补助）", inc["gpb"] + inc["gf"] + inc["soe"]),
        ("gpb", "一般公共预算", inc["gpb"]),
        ("gf", "政府性基金预算", inc["gf"]),
        ("soe", "国有资本经营预算", inc["soe"]),
    ]
    first = s.row
    for i in range(len(CATEGORIES)):
        for c in range(1, 8):
            s.put(first + i, c, None)
    for i, (key, label, v) in enumerate(left):
        s.line(key, [(1, "income_item", label)], [(2, "income_amount", v)], row=first + i)
    cols = [
        ("total", ("gpb", "gpb_tr", "gf", "gf_tr", "soe", "soe_tr")),
        ("gpb", GPB),
        ("gf", ("gf", "gf_tr")),
        ("soe", ("soe", "soe_tr")),
    ]
    for i, (code, name) in enumerate(CATEGORIES):
        s.line(
            code,
            [(3, "expense_item", f"{code} {name}")],
            [(4 + j, k, MONEY.get(code, src)) for j, (k, src) in enumerate(cols)],
            row=first + i,
        )
    s.row = first + len(CATEGORIES)
    r = s.row
    s.line(
        "income_total", [(1, "income_item", "收入总计")], [(2, "income_amount", left[0][2])], row=r
    )
    s.line(
        "expense_total",
        [(3, "expense_item", "支出总计")],
        [
            (4 + j, k, sum((MONEY.get(c, src) for c, _ in CATEGORIES), ZERO))
            for j, (k, src) in enumerate(cols)
        ],
        row=r,
    )
    s.row += 1
    return s


def table6(wb, faults) -> Sheet:
    s = Sheet(wb, 6, TITLES[6], 5, [11, 34, 14, 14, 14], faults)
    s.header([["科目编码", "科目名称", "合计", "人员经费", "公用经费"]], [])
    tot = {"total": ZERO, "personnel": ZERO, "public": ZERO}
    for cls in ("301", "302", "303"):
        items = {k: v for k, v in ECONOMIC.items() if k.startswith(cls)}
        csum = sum(items.values(), ZERO)
        pers = cls in PERSONNEL_CLASSES

        def amounts(v, pers=pers):
            return [
                (3, "total", v),
                (4, "personnel", v if pers else ZERO),
                (5, "public", ZERO if pers else v),
            ]

        s.line(cls, [(1, "code", cls), (2, "name", ECONOMIC_NAMES[cls])], amounts(csum))
        for code in sorted(items):
            s.line(
                code, [(1, "code", code), (2, "name", ECONOMIC_NAMES[code])], amounts(items[code])
            )
        tot["total"] += csum
        tot["personnel" if pers else "public"] += csum
    s.line(
        "合计",
        [(2, "name", "合计")],
        [
            (3, "total", tot["total"]),
            (4, "personnel", tot["personnel"]),
            (5, "public", tot["public"]),
        ],
    )
    return s


def table7(wb, faults) -> Sheet:
    s = Sheet(wb, 7, TITLES[7], 14, [11, 30, 34] + [12] * 11, faults)
    s.header([["科目编码", "科目名称", "项目名称", "项目支出合计", *E_LABELS]], [])

    def sums(rows):
        out = {k: sum((e.get(k, ZERO) for e in rows), ZERO) for k in E_COLS}
        return [(4, "total", sum(out.values(), ZERO))] + [
            (5 + i, k, out[k]) for i, k in enumerate(E_COLS)
        ]

    leaves = sorted({p[0] for p in PROJECTS}, key=order_key)
    groups = sorted({a for c in leaves for a in ancestors(c)}, key=order_key)
    for code in sorted(set(groups) | set(leaves), key=order_key):
        if code in groups:
            under = [p[3] for p in PROJECTS if code in ancestors(p[0])]
            s.line(code, [(1, "code", code), (2, "name", printed_name(code))], sums(under))
        if code in leaves:
            for i, (c, name, _src, econ) in enumerate(p for p in PROJECTS if p[0] == code):
                s.line(
                    f"{c}#{i + 1}",
                    [(1, "code", c), (2, "name", printed_name(c)), (3, "project_name", name)],
                    sums([econ]),
                )
    s.line("合计", [(2, "name", "合计")], sums([p[3] for p in PROJECTS]))
    return s


def blank_fund_table(wb, faults, number: int, what: str) -> Sheet:
    s = Sheet(wb, number, TITLES[number], 6, [11, 34, 14, 14, 14, 14], faults)
    s.header(
        [
            ["科目编码", "科目名称", "合计", "基本支出", None, "项目支出"],
            [None, None, None, "人员经费", "公用经费", None],
        ],
        ["A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:F4"],
    )
    s.line(
        "合计",
        [(2, "name", "合计")],
        [(3, "total", None), (4, "personnel", None), (5, "public", None), (6, "project", None)],
    )
    s.note(f"备注：{DEPT} {YEAR} 年没有使用{what}安排的支出，{TITLES[number]}为空表。")
    return s


def table10(wb, faults) -> Sheet:
    s = Sheet(wb, 10, TITLES[10], 5, [34, 14, 14, 14, 16], faults)
    s.header(
        [
            ["“三公”经费支出内容", "合计", "资金来源", None, None],
            [None, None, "一般公共预算", "政府性基金", "国有资本经营预算"],
        ],
        ["A3:A4", "B3:B4", "C3:E3"],
    )
    g = dict(SANGONG)
    g["vehicles"] = g["purchase"] + g["operation"]
    g["total"] = g["abroad"] + g["reception"] + g["vehicles"]
    rows = [
        ("total", "合计"),
        ("abroad", "因公出国（境）费"),
        ("reception", "公务接待费"),
        ("vehicles", "公务用车购置及运行费（小计）"),
        ("purchase", "其中：公务用车购置费"),
        ("operation", "公务用车运行费"),
    ]
    for key, label in rows:
        v = g[key]
        shown = fmt(v)  # this table prints 0.00 where it has nothing
        s.line(
            key,
            [(1, "item", label)],
            [(2, "total", shown), (3, "gpb", shown), (4, "gf", None), (5, "soe", None)],
        )
    return s


def table11(wb, faults) -> Sheet:
    s = Sheet(wb, 11, TITLES[11], 10, [40, 13, 13, 13, 13, 13, 13, 13, 13, 13], faults)
    s.header(
        [
            ["项目名称", "总计", "财政拨款", None, None, None, "非财政拨款", None, None, None],
            [None, None, None, "基本支出", None, "项目支出", None, "基本支出", None, "项目支出"],
            [None, None, None, "人员经费", "公用经费", None, None, "人员经费", "公用经费", None],
        ],
        ["A3:A5", "B3:B5", "C3:F3", "G3:J3", "C4:C5", "D4:E4", "F4:F5", "G4:G5", "H4:I4", "J4:J5"],
    )
    cols = [
        "fiscal_personnel",
        "fiscal_public",
        "fiscal_project",
        "nonfiscal_personnel",
        "nonfiscal_public",
        "nonfiscal_project",
    ]
    pos = {
        "fiscal_personnel": 4,
        "fiscal_public": 5,
        "fiscal_project": 6,
        "nonfiscal_personnel": 8,
        "nonfiscal_public": 9,
        "nonfiscal_project": 10,
    }

    def amounts(vals):
        # the 财政拨款/非财政拨款 合计 columns (C, G) are printed but left blank, as in the
        # real book
        return [
            (2, "total", sum(vals, ZERO)),
            (3, "fiscal_total", None),
            (7, "nonfiscal_total", None),
        ] + [(pos[k], k, v) for k, v in zip(cols, vals, strict=True)]

    for i, (name, *vals) in enumerate(CARRIED):
        s.line(f"item{i + 1}", [(1, "item", name)], amounts(vals))
    totals = [sum((r[1 + j] for r in CARRIED), ZERO) for j in range(6)]
    s.line("合计", [(1, "item", "合计")], amounts(totals))
    return s


def build(faults: list[Fault]) -> tuple[Workbook, dict[int, Sheet]]:
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "xlbudget tests"
    wb.properties.lastModifiedBy = "xlbudget tests"
    wb.properties.created = datetime(2025, 1, 20, 9, 0, 0)
    wb.properties.modified = datetime(2025, 1, 20, 9, 0, 0)
    sheets = {
        1: table1(wb, faults),
        2: table2(wb, faults),
        3: split_table(wb, faults, 3, None),
        4: table4(wb, faults),
        5: split_table(wb, faults, 5, GPB),
        6: table6(wb, faults),
        7: table7(wb, faults),
        8: blank_fund_table(wb, faults, 8, "政府性基金预算拨款"),
        9: blank_fund_table(wb, faults, 9, "国有资本经营预算拨款"),
        10: table10(wb, faults),
        11: table11(wb, faults),
    }
    return wb, sheets


FIXED_DATE = b"2025-01-20T09:00:00Z"


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook's bytes with pinned document dates and zip timestamps."""
    buf = io.BytesIO()
    wb.save(buf)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + FIXED_DATE, data
                )
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 20, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)
    return out.getvalue()


COLUMN_LABELS = {
    (1, "income_amount"): "预算数",
    (2, "total"): "总计",
    (2, "gpb"): "一般公共预算",
    (3, "total"): "合计",
    (3, "basic"): "基本支出",
    (5, "basic"): "基本支出",
    (3, "code"): "科目编码",
    (5, "code"): "科目编码",
    (2, "row"): "（整行）",
}


def manifest(faulty: dict[int, Sheet], clean: dict[int, Sheet]) -> dict:
    out = []
    for f in FAULTS:
        s = faulty[f.table]
        if f.column == "row":
            # the missing 款 row: it belongs just above its first 项
            child = next(c for c in MONEY.codes() if len(c) == 7 and c.startswith(f.row))
            cell = s.where[(child, "code")]
            r = clean[f.table].where[(f.row, "total")]
            expected = f.row
            row = {k: f"{MONEY.get(f.row, src):.2f}" for k, src in T2_COLS}
            extra = {
                "expected_row": {"code": f.row, "name": FUNCTIONAL[f.row], **row},
                "clean_cell": r,
            }
        else:
            cell = s.where[(f.row, f.column)]
            expected = s.expected[(f.row, f.column)]
            extra = {}
        code = f.row if f.row[0].isdigit() else None
        out.append(
            {
                "id": f.id,
                "table": f"表{f.table}",
                "sheet": s.ws.title,
                "cell": cell,
                "code": code,
                "row": f.row if code is None else None,
                "column": f.column,
                "column_label": COLUMN_LABELS.get((f.table, f.column), f.column),
                "kind": f.kind,
                "actual": f.actual,
                "expected": expected,
                "rules": list(f.rules),
                "note": f.note,
                **extra,
            }
        )
    return {
        "book": FAULTY.name,
        "clean": CLEAN.name,
        "imitates": "a real 2025 新疆 部门预算公开 book (11 tables, sheets named by title, "
        "combined "
        "7-digit codes, amounts as text); synthetic numbers",
        "unit": "万元",
        "faults": out,
    }


def main() -> None:
    wb, faulty = build(FAULTS)
    FAULTY.write_bytes(workbook_bytes(wb))
    wb, clean = build([])
    CLEAN.write_bytes(workbook_bytes(wb))
    MANIFEST.write_text(
        json.dumps(manifest(faulty, clean), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"wrote {FAULTY.name}, {CLEAN.name}, {MANIFEST.name}")


if __name__ == "__main__":
    main()
