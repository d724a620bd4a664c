"""The fix summary, like a linter's: a line per file (errors before → after, changes, what is
left for a person), the changes and refusals indented below it, every line within the
terminal's width (CJK characters counted double). Colour only on a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from xlbudget.check.findings import Lang
from xlbudget.fix.run import FixOutcome
from xlbudget.report.width import fit, fit_left, width

WORDS = {
    Lang.ZH: {"errors": "错误", "fixed": "已修正", "left": "需人工处理", "unreadable": "无法读取",
              "files": "共 {n} 个文件：修正 {changes} 处，修正后仍有错误的 {bad} 个，"
                       "无法读取 {lost} 个",
              "libreoffice": "原文件不是 .xlsx，已另存为 {target}（经 LibreOffice 转换，格式保留；"
                             "原文件未改动）",
              "values": "原文件不是 .xlsx，已另存为 {target}（按数值重建，格式与公式未保留；"
                        "安装 LibreOffice 可保留；原文件未改动）"},
    Lang.EN: {"errors": "errors", "fixed": "fixed", "left": "needs a person",
              "unreadable": "unreadable",
              "files": "{n} files: {changes} cells corrected, {bad} still with errors, "
                       "{lost} unreadable",
              "libreoffice": "not an .xlsx: saved as {target} (converted by LibreOffice, "
                             "formatting kept; the original is untouched)",
              "values": "not an .xlsx: saved as {target} (rebuilt from its values: formatting "
                        "and formulas lost; install LibreOffice to keep them; the original is "
                        "untouched)"},
}


def lines(outcome: FixOutcome, lang: Lang, columns: int = 80) -> list[tuple[str, str]]:
    """(style, text) lines for one file."""
    w = WORDS[lang]
    if outcome.unreadable:
        reason = outcome.unreadable[0] if lang is Lang.ZH else outcome.unreadable[1]
        return [("bold red", f"{outcome.source}  {w['unreadable']}：{reason}")]
    before, after = outcome.before.get("error", 0), outcome.after.get("error", 0)
    counts = (f"  {w['errors']} {before}→{after}  {w['fixed']} {len(outcome.changes)}  "
              f"{w['left']} {len(outcome.refused)}")
    head = fit_left(str(outcome.source), max(20, columns - width(counts))) + counts
    out = [("bold" if after == 0 else "bold red", head)]
    if outcome.converted:
        out.append(("cyan", "  " + w[outcome.converted].format(target=outcome.target)))
    for change in outcome.changes:
        out.append(("green", f"  {change.cell}  {change.text(change.before)} → "
                             f"{change.text(change.after)}  {change.rule}"))
    for refusal in outcome.refused:
        cells = "、".join(refusal.finding.cells[:3]) or "—"
        why = refusal.why_zh if lang is Lang.ZH else refusal.why_en
        out.append(("yellow", f"  {cells}  {w['left']}  {refusal.finding.rule}  {why}"))
    return out


def render_fixes(console: Console, outcomes: list[FixOutcome], lang: Lang) -> None:
    columns = max(40, console.width)
    for outcome in outcomes:
        for style, line in lines(outcome, lang, columns):
            console.print(f"[{style}]{escape(fit(line, columns))}[/]", highlight=False)
    if len(outcomes) > 1:
        done = [o for o in outcomes if not o.unreadable]
        total = WORDS[lang]["files"].format(
            n=len(outcomes), changes=sum(len(o.changes) for o in done),
            bad=sum(bool(o.after.get("error")) for o in done),
            lost=len(outcomes) - len(done))
        console.print(escape(fit(total, columns)), highlight=False)
