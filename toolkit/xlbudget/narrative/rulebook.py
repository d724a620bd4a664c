"""The 说明 rules (N.*): ids, severities and sentences, for messages and docs/rules.md.

They are checked by :mod:`xlbudget.narrative.verify` on a written text, not over the tables, so
their ``check`` is empty; one line per rule, as in the table rulebook.
"""

from __future__ import annotations

from collections.abc import Iterable

from xlbudget.check.engine import Outcome, Rule
from xlbudget.check.figures import Context
from xlbudget.check.findings import Severity

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def _none(context: Context) -> Iterable[Outcome]:
    return ()  # the 说明 is checked by check_text, not by the workbook rule engine


NARRATIVE_RULES: list[Rule] = [Rule(i, sev, _none, zh, en, why) for i, sev, zh, en, why in [
    ("N.amount", E, "说明引用的每个金额等于其所指的表中数字（机关运行经费 = 表6 公用经费）",
     "every amount the 说明 quotes for a table figure equals it", ""),
    ("N.share", E, "占比 = 该项 ÷ 基数（二 收入合计，三 支出合计，五(二) 表5 合计），四舍五入",
     "占 X% = part / the section's base, rounded half-up to 2 decimals", ""),
    ("N.shares_total", W, "同一列举中各项占比之和为 100.00%（允许舍入误差）",
     "shares in one list sum to 100.00 within rounding", "each share is rounded on its own; a "
     "share nudged to force 100.00 is still reported by N.share"),
    ("N.growth", E, "增减额与上年一致；增减率 = 增减额 ÷ 上年；“增加”配“增长”，“减少”配“下降”",
     "the change agrees with last year; rate = change / (current − change); 增加 goes with "
     "增长, 减少 with 下降", ""),
    ("N.growth_zero", INFO, "上年预算数为 0：写“新增”（或“增长 100%”），不计算增长率",
     "prior year 0: the text says 新增 (or 增长 100%), never a rate", "local custom varies"),
    ("N.changes_close", E, "收入增减之和 = 支出增减之和；基本 + 项目 = 一般公共预算 = 五(三) 之和",
     "Σ income changes = Σ expense changes; 基本 + 项目 = 一般公共预算 change = Σ 五(三)", ""),
    ("N.lists", W, "一 的收入/支出预算包括恰好列出表1 非零项；六 的主要包括与表6 一致",
     "一's lists name exactly the non-zero 表1 lines; 六's lists match 表6",
     "a unit may name a group in its own words"),
    ("N.blank", E, "八、九 写明“空表”当且仅当表8、表9 为空表",
     "八/九 say 空表 exactly when 表8/表9 are blank", ""),
    ("N.other", E, "采购 = 货物 + 工程 + 服务，小微 ≤ 中小 ≤ 总额；车辆 = 各类之和；十二(四) = 表7",
     "procurement = goods + works + services, small ≤ SME ≤ total; vehicles = Σ by kind; "
     "十二(四)/(五) = 表7 / 表11", ""),
    ("N.units", W, "万元句中出现以“元”为单位的金额", "an amount in 元 inside a 万元 sentence",
     "a per-unit price (元/辆) is legitimate and is not reported"),
    ("N.sections", INFO, "说明按一至十二编号，各部分齐全",
     "sections 一 to 十二, in order, all there", "a unit may drop a section it has nothing for"),
    ("N.rounding", W, "说明中的金额按截位而非四舍五入写出（87.7099 写作 87.70）",
     "an amount cut off instead of rounded (87.7099 written 87.70)",
     "the figure is the table's, short by its last digit: worth correcting, not an error"),
    ("N.reason", W, "“主要原因是”之后没有写原因", "“主要原因是” followed by no reason",
     "上海 说明 (其他相关情况说明) print 主要原因是。 when the reason was left empty"),
    ("N.unsupported", INFO, "该地区的说明尚不能核对，只核对了表格",
     "the 说明 of this region is not checked yet: only its tables are",
     "a region file without [story] or 新疆's twelve sections; check --narrative then exits 2"),
]]
