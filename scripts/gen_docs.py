"""Generate docs/rules.md from the rule catalogue (and an example finding for each rule, made
by applying the rule's one-cell mutation from tests/mutations.py to its sample).

    python scripts/gen_docs.py            # rewrite docs/rules.md
    python scripts/gen_docs.py --check    # exit 1 when docs/rules.md is stale
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from xlbudget.check.findings import SEVERITY_ZH, Finding  # noqa: E402
from xlbudget.check.rulebook import rules as region_rules  # noqa: E402
from xlbudget.consolidate.rules import RULES as CONSOLIDATION_RULES  # noqa: E402
from xlbudget.narrative.rulebook import NARRATIVE_RULES  # noqa: E402
from xlbudget.spec.regions import regions  # noqa: E402

READER_RULES = [
    ("R.amount", "error", "金额单元格不是数字（文本、日期、布尔值、#REF! 等），或不是任何预算"
     "会有的数（NaN、±无穷大、10¹² 万元及以上、有效数字多于 15 位）",
     "an amount cell holds text, a date, a boolean or an error value, or a number no budget "
     "holds (NaN, ±infinity, 10¹² 万元 or more, more than 15 significant digits)"),
    ("R.formula", "error", "公式没有保存计算结果，且超出可计算范围（SUM、+ − × ÷、跨表引用）",
     "a formula saved without its value that xlbudget cannot evaluate"),
    ("R.row", "warning", "表1/表4/表10 中出现标准表样以外的行",
     "a row label not on the standard form"),
    ("R.column", "error", "表中缺少标准列（并列出因此未能核对的规则）",
     "a standard column is missing (with the rules that could therefore not be checked)"),
    ("R.column_blank", "warning", "合计列印出但整列未填写，而其组成列有金额",
     "a total column printed but left empty while its parts hold figures"),
    ("R.column_omitted", "info", "表样允许省略的列（如表7 无金额的经济分类列）未列出，按 0 核对",
     "a column forms may leave out when blank (表7's 经济分类 columns) is not printed: read as 0"),
    ("R.column_inferred", "info", "表头未能识别的列按本表各行合计关系识别为标准列",
     "a column its header does not name, placed by the table's row totals"),
    ("R.table_twice", "error", "同一张表出现两次（只核对第一份）",
     "the same table appears twice (the first is checked)"),
    ("R.unit", "info", "表的金额单位与本地区表样不同（如新疆表以元为单位），已换算核对",
     "a table in another unit than its region prints (a 新疆 table in 元): converted"),
    ("R.derived", "info", "表中未列类、款小计行，已按项行推算",
     "no 类/款 subtotal rows; derived from the 项 rows"),
    ("R.no_tables", "error", "工作簿中没有任何预算公开表（列出其工作表；退出码 2）",
     "the workbook holds no budget table (its sheets are named; exit code 2)"),
    ("R.hidden", "info", "表位于隐藏的工作表", "a table is on a hidden sheet"),
    ("R.stale", "error", "公式保存的结果与按公式计算的值不一致（未重新计算）",
     "a formula's saved result is not what its formula gives (not recalculated)"),
    ("R.empty", "info", "各表均未填写金额（空白模板），不做校验",
     "no table holds an amount (a blank template): nothing is checked"),
    ("R.profile", "info", "工作簿未写明单位/部门或预算年度，说明所作的假定",
     "the book does not say 单位/部门 or its year: what was assumed"),
]


def examples() -> dict[str, str]:
    """rule id → the message its mutation produces, when tests/mutations.py has one."""
    try:
        from mutations import MUTATIONS, apply  # type: ignore[import-not-found]
    except ImportError:
        return {}
    from xlbudget.check.run import check

    found: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for index, mutation in enumerate(MUTATIONS):
            if mutation.rule in found:
                continue
            path = apply(mutation, ROOT, Path(tmp) / f"m{index}.xlsx")
            example = next((_example(f, mutation.rule) for f in check(path).findings
                            if _example(f, mutation.rule)), None)
            if example:
                found[mutation.rule] = f"{mutation.describe()} → {example}"
    return found


def _example(finding: Finding, rule: str) -> str | None:
    """The finding's message when it is the rule's; when the rule's finding is a consequence
    of a root cause, that message and the cause it is reported under."""
    if finding.rule == rule:
        return finding.message_zh
    consequence = next((c for c in finding.consequences if c.rule == rule), None)
    if consequence is None:
        return None
    cause = f"{', '.join(finding.cells)}：{finding.message_zh}"
    return f"{consequence.message_zh}（报告为根因 {cause}）"


def markdown() -> str:
    shown = examples()
    lines = [
        "# 校验规则 / Check rules",
        "",
        "Generated from the regions' files (`toolkit/xlbudget/spec/regions/*.toml`, format in "
        "docs/regions.md) by `make docs`; a test fails when this file is stale. Only the rules "
        "of the book's region run. Ids are stable. Severity: **error** (the publication is wrong), "
        "**warning** (usually wrong; a legitimate budget can do it — see *why*), **info**.",
        "",
        "Rounding: sums are compared exactly in 万元. A difference within half the printed "
        "precision per rounded term (0.005 万元 × terms for two-decimal tables, 0.5 × terms for "
        "whole-万元 books, 0.005 元 × terms for 元 tables; a comparison of two single figures "
        "gets no allowance, plus half a unit when the two sides were printed at different "
        "precisions) is reported as **info** (舍入差异), never as an error.",
        "",
        "Root causes: an error rule's failed comparison is not reported on its own. The cells "
        "behind all failed comparisons are localised together (Fellegi–Holt: the smallest "
        "weighted set of cells whose change makes every comparison hold, solved exactly as a "
        "MILP); each such cell is one error finding (kind `cause`) filed under the rule it breaks "
        "first, with the value it should hold and the broken comparisons as its consequences. "
        "Where several sets repair the book equally, one finding (kind `ambiguous`) names the "
        "candidates. A malformed or duplicated code or a missing parent row makes its table's "
        "failed sums the consequences of that finding (kind `structure`). The examples below show "
        "each rule's own comparison and, where it is a consequence, the cause it is reported "
        "under.",
    ]
    for region in regions():
        names = f"`{region.prefix}-unit-YYYY`" if region.prefix else "`unit-YYYY`"
        lines += ["", f"## {region.zh} / {region.en}", "",
                  f"Profiles {names}, {len(region.numbers)} tables; file "
                  f"`spec/regions/{region.file}`.", "",
                  "| id | severity | 规则 | rule | example (one-cell mutation of a sample) |",
                  "|---|---|---|---|---|"]
        for rule in region_rules(region):
            why = f" *Why a warning: {rule.why}*" if rule.why else ""
            example = shown.get(rule.id, "").replace("|", "\\|")
            lines.append(f"| `{rule.id}` | {rule.severity} ({SEVERITY_ZH[rule.severity]}) | "
                         f"{rule.zh} | {rule.en}.{why} | {example} |")
    lines += ["", "## The 说明 against the tables / 说明与表格", "",
              "Checked by `xlbudget check FILE --narrative 说明.docx` (also .txt/.md).", "",
              "| id | severity | 规则 | rule |", "|---|---|---|---|"]
    for rule in NARRATIVE_RULES:
        why = f" *Why not an error: {rule.why}*" if rule.why else ""
        lines.append(f"| `{rule.id}` | {rule.severity} ({SEVERITY_ZH[rule.severity]}) | "
                     f"{rule.zh} | {rule.en}.{why} |")
    lines += ["", "## Reading / 读取", "", "| id | severity | 规则 | rule | example |",
              "|---|---|---|---|---|"]
    for rule_id, severity, zh, en in READER_RULES:
        example = shown.get(rule_id, "").replace("|", "\\|")
        lines.append(f"| `{rule_id}` | {severity} | {zh} | {en} | {example} |")
    lines += ["", "## 汇总 / Consolidation (`check DEPT --units UNIT…`)", "",
              "A department's book against its units' books (README “汇总”); a unit's own "
              "errors are reported in the unit's book, cells named `[unit.xlsx]表3!E8`.", "",
              "| id | severity | 规则 | rule |", "|---|---|---|---|"]
    for rule_id, severity, zh, en in CONSOLIDATION_RULES:
        lines.append(f"| `{rule_id}` | {severity} | {zh} | {en} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    target = ROOT / "docs" / "rules.md"
    text = markdown()
    if "--check" in argv:
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            print("docs/rules.md is stale: run `make docs`", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
