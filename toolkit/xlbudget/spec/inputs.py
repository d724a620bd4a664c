"""Input sheets: what the 说明 needs beyond the eleven tables.

Each sheet is a small table with a key column (``编号``) so that a reader finds a value by key,
not by position, and users may reorder or insert rows. Form sheets (概况, 政府采购, 国有资产, 绩效)
have one fixed row per field; list sheets (上年预算数, 用途说明, 项目说明) have fixed rows and/or
free rows the user fills.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ValueKind(StrEnum):
    TEXT = "text"
    AMOUNT = "amount"  # 万元, two decimals, exact
    COUNT = "count"  # whole number (persons, vehicles, projects)
    QUANTITY = "quantity"  # decimal that is not money (平方米)


@dataclass(frozen=True)
class InputColumn:
    key: str
    label: str
    kind: ValueKind = ValueKind.TEXT
    width: float = 16.0


@dataclass(frozen=True)
class InputRow:
    """A pre-filled row: its key and the texts of its label columns; ``kind`` of its value cell
    (form sheets); ``sum_of`` makes the value a formula over other rows of the same sheet."""

    key: str
    label: str
    kind: ValueKind = ValueKind.TEXT
    unit: str = ""
    sum_of: tuple[str, ...] = ()
    section: str = ""


@dataclass(frozen=True)
class InputSheet:
    key: str
    name: str  # sheet name
    title: str
    columns: tuple[InputColumn, ...]
    rows: tuple[InputRow, ...] = ()
    free_rows: int = 0  # blank rows for the user in the empty template
    form: bool = False  # key-value sheet: one value column, one row per field
    help: str = ""

    def row(self, key: str) -> InputRow:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(f"input sheet {self.name} has no row {key!r}")


T, A, C, Q = ValueKind.TEXT, ValueKind.AMOUNT, ValueKind.COUNT, ValueKind.QUANTITY

FORM_COLUMNS = (
    InputColumn("key", "编号", width=18),
    InputColumn("label", "项目", width=34),
    InputColumn("value", "内容", width=60),
    InputColumn("unit", "计量单位", width=10),
)

OVERVIEW = InputSheet(
    "overview",
    "概况",
    "单位概况",
    FORM_COLUMNS,
    (
        InputRow("unit_name", "单位名称"),
        InputRow("year", "预算年度", C, "年"),
        InputRow("functions", "主要职能"),
        InputRow("organization", "机构设置"),
        InputRow("staff_quota", "编制数", C, "人"),
        InputRow("staff_actual", "实有人数", C, "人"),
        InputRow("staff_active", "其中：在职人数", C, "人"),
        InputRow("staff_retired", "退休人数", C, "人"),
        InputRow("staff_lixiu", "离休人数", C, "人"),
    ),
    form=True,
    help="第一部分 概况：主要职能、机构设置及人员情况（实有人数 = 在职 + 退休 + 离休）。",
)

# Every figure the 说明 compares with last year. Keys name the table figure they compare with.
PRIOR_FIXED: tuple[InputRow, ...] = (
    InputRow("income.gpb_own", "一般公共预算", A, section="二 收入"),
    InputRow("income.gpb_transfer", "上级一般公共预算安排的转移支付", A, section="二 收入"),
    InputRow("income.gf_own", "政府性基金预算", A, section="二 收入"),
    InputRow("income.gf_transfer", "上级政府性基金安排的转移支付", A, section="二 收入"),
    InputRow("income.soe_own", "国有资本经营预算", A, section="二 收入"),
    InputRow("income.soe_transfer", "上级国有资本经营预算安排的转移支付", A, section="二 收入"),
    InputRow("income.special", "财政专户管理资金", A, section="二 收入"),
    InputRow("income.unit_funds", "单位资金", A, section="二 收入"),
    InputRow("income.carry_fiscal", "财政拨款结转", A, section="二 收入"),
    InputRow("income.carry_nonfiscal", "非财政拨款结余", A, section="二 收入"),
    InputRow("income.total", "收入预算合计", A, section="二 收入"),
    InputRow("expense.basic", "基本支出", A, section="三 支出"),
    InputRow("expense.project", "项目支出", A, section="三 支出"),
    InputRow("expense.total", "支出预算合计", A, section="三 支出"),
    InputRow("gpb.total", "一般公共预算拨款合计", A, section="五 一般公共预算"),
    InputRow("gpb.basic", "一般公共预算基本支出", A, section="五 一般公共预算"),
    InputRow("gpb.project", "一般公共预算项目支出", A, section="五 一般公共预算"),
    InputRow("sangong.total", "“三公”经费合计", A, section="十 三公经费"),
    InputRow("sangong.abroad", "因公出国（境）费", A, section="十 三公经费"),
    InputRow("sangong.reception", "公务接待费", A, section="十 三公经费"),
    InputRow("sangong.vehicles", "公务用车购置及运行费", A, section="十 三公经费"),
    InputRow("sangong.purchase", "公务用车购置费", A, section="十 三公经费"),
    InputRow("sangong.operation", "公务用车运行费", A, section="十 三公经费"),
    InputRow("running_cost", "机关（事业单位）运行经费", A, section="十二 运行经费"),
)

PRIOR = InputSheet(
    "prior",
    "上年预算数",
    "上年预算数及增减原因",
    (
        InputColumn("key", "编号", width=24),
        InputColumn("section", "说明章节", width=14),
        InputColumn("label", "项目", width=34),
        InputColumn("code", "科目编码", width=12),
        InputColumn("prior", "上年预算数", A, width=16),
        InputColumn("reason", "增减主要原因", width=60),
    ),
    PRIOR_FIXED,
    free_rows=40,
    help=(
        "上年预算数（万元），说明中的增减额和增减率由此计算；上年为 0 时写“新增”。"
        "表5 的每个项（五(三)）请在下方空行填写：编号留空，科目编码填 7 位项代码。"
    ),
)

USES = InputSheet(
    "uses",
    "用途说明",
    "主要用途说明",
    (
        InputColumn("section", "说明章节", width=12),
        InputColumn("subject", "科目编码或项目名称", width=40),
        InputColumn("text", "主要用于", width=80),
    ),
    free_rows=40,
    help="四：按表4 一般公共预算每个类（填 3 位类代码）；十一：按表11 每个结转项目（填项目名称）。",
)

PROJECTS = InputSheet(
    "projects",
    "项目说明",
    "项目支出说明",
    (
        InputColumn("name", "项目名称", width=36),
        InputColumn("basis", "设立的政策依据", width=40),
        InputColumn("owner", "项目承担单位", width=24),
        InputColumn("allocation", "资金分配情况", width=48),
        InputColumn("period", "资金执行时间", width=30),
    ),
    free_rows=30,
    help="七：表7 每个项目一行，项目名称与表7一致；预算安排规模取自表7。",
)

PROCUREMENT = InputSheet(
    "procurement",
    "政府采购",
    "政府采购预算",
    FORM_COLUMNS,
    (
        InputRow("goods", "政府采购货物预算", A, "万元"),
        InputRow("works", "政府采购工程预算", A, "万元"),
        InputRow("services", "政府采购服务预算", A, "万元"),
        InputRow("total", "政府采购预算合计", A, "万元", sum_of=("goods", "works", "services")),
        InputRow("sme", "面向中小企业预留政府采购项目预算", A, "万元"),
        InputRow("small_micro", "其中：小微企业预留政府采购项目预算", A, "万元"),
    ),
    form=True,
    help="十二(二)：合计 = 货物 + 工程 + 服务；小微企业预留 ≤ 中小企业预留 ≤ 合计。",
)

_VEHICLES = (
    ("vehicles_general", "一般公务用车"),
    ("vehicles_enforcement", "执法执勤用车"),
    ("vehicles_special", "特种专业技术用车"),
    ("vehicles_other", "其他车辆"),
)

ASSETS = InputSheet(
    "assets",
    "国有资产",
    "国有资产占用使用情况",
    FORM_COLUMNS,
    (
        InputRow("as_of", "统计截至时间（如：2023 年底）"),
        InputRow("house_area", "房屋面积", Q, "平方米"),
        InputRow("house_value", "房屋价值", A, "万元"),
        InputRow("vehicles_count", "车辆数合计", C, "辆",
                 sum_of=tuple(f"{k}_count" for k, _ in _VEHICLES)),
        InputRow("vehicles_value", "车辆价值合计", A, "万元",
                 sum_of=tuple(f"{k}_value" for k, _ in _VEHICLES)),
        *(row for key, label in _VEHICLES for row in (
            InputRow(f"{key}_count", f"其中：{label}", C, "辆"),
            InputRow(f"{key}_value", f"{label}价值", A, "万元"),
        )),
        InputRow("furniture_value", "办公家具价值", A, "万元"),
        InputRow("other_value", "其他资产价值", A, "万元"),
        InputRow("equipment_50", "单位价值 50 万元以上大型设备", C, "台"),
        InputRow("equipment_100", "单位价值 100 万元以上大型设备", C, "台"),
        InputRow("plan_vehicles", "本年预算安排购置车辆", C, "辆"),
        InputRow("plan_vehicles_amount", "本年预算安排购置车辆经费", A, "万元"),
        InputRow("plan_equipment_50", "本年安排购置 50 万元以上大型设备", C, "台"),
        InputRow("plan_equipment_100", "本年安排购置 100 万元以上大型设备", C, "台"),
    ),
    form=True,
    help="十二(三)：车辆合计 = 各类车辆之和；截至上年底的资产情况。",
)

PERFORMANCE = InputSheet(
    "performance",
    "绩效",
    "预算绩效情况",
    FORM_COLUMNS,
    (
        InputRow("overall_targets", "整体预算绩效目标个数", C, "个"),
        InputRow("nonfiscal_projects", "当年非财政拨款项目个数", C, "个"),
    ),
    form=True,
    help=(
        "十二(四)：涉及金额取自表1 总计；财政拨款项目个数和金额取自表7；"
        "非财政拨款金额取自表1 单位资金。"
    ),
)

INPUT_SHEETS: tuple[InputSheet, ...] = (
    OVERVIEW,
    PRIOR,
    USES,
    PROJECTS,
    PROCUREMENT,
    ASSETS,
    PERFORMANCE,
)



# ── 上海: the inputs of its 说明 (编制说明, 其他相关情况说明), each row keyed ────────────────────

SH_OVERVIEW = InputSheet(
    "sh_overview",
    "概况",
    "单位概况",
    FORM_COLUMNS,
    (
        InputRow("unit_name", "单位名称"),
        InputRow("year", "预算年度", C, "年"),
        InputRow("unit_kind", "单位性质（机关 / 参公 / 事业）"),
        InputRow("list_level", "财政拨款支出主要内容列至（项 / 类；缺省为项）"),
        InputRow("decimals", "编制说明中金额（万元）的小数位数（2 / 0；缺省为 2）", C),
    ),
    form=True,
    help="单位性质决定“机关运行经费”的写法：事业单位写“无机关运行经费”。",
)

# The figures 四 and 六 compare with last year's budget; keys are the [story] figure names.
SH_PRIOR = InputSheet(
    "sh_prior",
    "上年预算数",
    "上年预算数及增减原因",
    (
        InputColumn("key", "编号", width=20),
        InputColumn("section", "说明章节", width=14),
        InputColumn("label", "项目", width=34),
        InputColumn("prior", "上年预算数", A, width=16),
        InputColumn("reason", "增减主要原因", width=60),
    ),
    (
        InputRow("fiscal_income", "财政拨款收入", A, section="四 收入"),
        InputRow("fiscal_expense", "财政拨款支出预算", A, section="四 支出"),
        InputRow("gpb", "一般公共预算拨款支出预算", A, section="四 支出"),
        InputRow("gf", "政府性基金拨款支出预算", A, section="四 支出"),
        InputRow("soe", "国有资本经营预算拨款支出预算", A, section="四 支出"),
        InputRow("sangong", "“三公”经费合计", A, section="六 三公经费"),
        InputRow("abroad", "因公出国（境）费", A, section="六 三公经费"),
        InputRow("vehicles", "公务用车购置及运行费", A, section="六 三公经费"),
        InputRow("purchase", "公务用车购置费", A, section="六 三公经费"),
        InputRow("operation", "公务用车运行费", A, section="六 三公经费"),
        InputRow("reception", "公务接待费", A, section="六 三公经费"),
        InputRow("running", "机关运行经费", A, section="六 机关运行经费"),
    ),
    help="上年预算数（万元）：说明中“比上年预算增加/减少”由此计算；原因写在“增减主要原因”。"
         "“财政拨款收入”一行的原因即“财政拨款收入支出增加（减少）的主要原因”。",
)

SH_ITEMS = InputSheet(
    "sh_items",
    "科目说明",
    "一般公共预算财政拨款支出科目说明",
    (
        InputColumn("code", "科目编码", width=12),
        InputColumn("name", "科目名称", width=30),
        InputColumn("uses", "主要用于", width=50),
        InputColumn("executed", "上年当年预算执行数", A, width=18),
        InputColumn("reason", "增减主要原因", width=40),
    ),
    free_rows=40,
    help="四：表5 每个有金额的项一行（7 位项代码）；"
         "2023、2024 年的说明另写上年当年预算执行数及原因。",
)

SH_PERFORMANCE = InputSheet(
    "sh_performance",
    "绩效",
    "绩效目标设置情况",
    FORM_COLUMNS,
    (
        InputRow("projects", "编报绩效目标的项目个数", C, "个"),
        InputRow("amount", "涉及项目预算资金", A, "万元"),
    ),
    form=True,
    help="六：涉及的项目预算资金不超过表3 项目支出。",
)

SH_VEHICLE_KINDS = (
    ("ministerial", "部级领导干部用车"),
    ("leaders", "主要领导干部用车"),
    ("confidential", "机要通信用车"),
    ("emergency", "应急保障用车"),
    ("enforcement", "执法执勤用车"),
    ("special", "特种专业技术用车"),
    ("retired", "离退休干部用车"),
    ("other", "其他用车"),
)

SH_ASSETS = InputSheet(
    "sh_assets",
    "国有资产",
    "国有资产占有使用情况",
    FORM_COLUMNS,
    (
        InputRow("as_of", "统计截至日期（如：2024年8月31日）"),
        InputRow("vehicles", "车辆合计", C, "辆",
                 sum_of=tuple(f"vehicles_{k}" for k, _ in SH_VEHICLE_KINDS)),
        *(InputRow(f"vehicles_{k}", f"其中：{label}", C, "辆") for k, label in SH_VEHICLE_KINDS),
        InputRow("equipment", "单价100万元（含）以上设备（不含车辆）", C, "台（套）"),
        InputRow("plan", "本年预算安排购置车辆合计", C, "辆",
                 sum_of=tuple(f"plan_{k}" for k, _ in SH_VEHICLE_KINDS)),
        *(InputRow(f"plan_{k}", f"其中：{label}", C, "辆") for k, label in SH_VEHICLE_KINDS),
        InputRow("plan_equipment", "本年预算安排购置单价100万元（含）以上设备", C, "台（套）"),
    ),
    form=True,
    help="六：车辆合计 = 八类车辆之和（截至日期时的占有数，及本年预算安排购置数）。",
)

SH_PROJECT_FIELDS = (
    ("overview", "项目概况"),
    ("basis", "立项依据"),
    ("owner", "实施主体"),
    ("plan", "实施方案"),
    ("period", "实施周期"),
    ("schedule", "年度预算安排"),
    ("target", "绩效目标"),
)

SH_PROJECTS = InputSheet(
    "sh_projects",
    "项目经费",
    "项目经费情况说明",
    (
        InputColumn("name", "项目名称", width=30),
        InputColumn("amount", "项目金额", A, width=14),
        *(InputColumn(key, label, width=40) for key, label in SH_PROJECT_FIELDS),
    ),
    free_rows=10,
    help="七（部门预算）：每个项目一行，七个方面各写一段；金额（万元）为本年预算安排。",
)

SH_UNITS = InputSheet(
    "sh_units",
    "单位清单",
    "部门所属单位",
    (
        InputColumn("name", "单位名称", width=40),
        InputColumn("kind", "单位性质（机关 / 参公 / 事业）", width=24),
    ),
    free_rows=20,
    help="部门预算：所属单位及其性质。机关运行经费只含机关和参公单位（表9 机关运行经费预算数）。",
)

# Every input sheet by key; a region file names the ones its books carry ([region] inputs).
SHEETS: dict[str, InputSheet] = {s.key: s for s in (
    *INPUT_SHEETS, SH_OVERVIEW, SH_PRIOR, SH_ITEMS, SH_PERFORMANCE, SH_ASSETS, SH_PROJECTS,
    SH_UNITS)}
# Every name an input sheet of any region has: no table is ever looked for on these.
SHEET_NAMES = frozenset(s.name for s in SHEETS.values())
