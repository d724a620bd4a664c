"""How reports look in a terminal (rich). The only place that renders check results."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from rich.console import Console
from rich.table import Table

from xlbudget.check.findings import SEVERITY_ZH, Finding, Lang, Severity
from xlbudget.check.run import Report
from xlbudget.report.messages import text
from xlbudget.report.tally import Counted

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _severity(severity: Severity, lang: Lang) -> str:
    label = SEVERITY_ZH[severity] if lang is Lang.ZH else str(severity)
    return f"[{STYLE[severity]}]{label}[/]"


def _table(findings: list[Finding], lang: Lang) -> Table:
    zh = lang is Lang.ZH
    grid = Table(show_lines=False, expand=True, header_style="bold")
    for title, wrap in ((("级别", "severity"), False), (("规则", "rule"), False),
                        (("单元格", "cells"), False), (("应为", "expected"), True),
                        (("实为", "actual"), True), (("说明", "message"), True)):
        grid.add_column(title[0] if zh else title[1], no_wrap=not wrap,
                        ratio=6 if title[1] == "message" else None, overflow="fold")
    for finding in findings:
        grid.add_row(_severity(finding.severity, lang), finding.rule,
                     "\n".join(finding.cells[:6]) + ("\n…" if len(finding.cells) > 6 else ""),
                     finding.expected or "", finding.actual or "", finding.message(lang))
    return grid


def render_report(console: Console, report: Report, lang: Lang) -> None:
    if report.unreadable:
        return  # said once, on stderr, by the command
    counts = {s: report.count(s) for s in Severity}
    console.print(text("file_header", lang, path=report.path, profile=report.profile,
                       catalogue=report.catalogue,
                       errors=counts[Severity.ERROR], warnings=counts[Severity.WARNING],
                       info=counts[Severity.INFO]))
    if not report.findings:
        console.print(text("no_findings", lang))
    for table, group in groupby(report.findings, key=lambda f: f.table or "—"):
        console.rule(f"[bold]{table}[/]", align="left")
        console.print(_table(list(group), lang))


def render_summary(console: Console, reports: Sequence[Counted], lang: Lang) -> None:
    if len(reports) < 2:
        return
    zh = lang is Lang.ZH
    grid = Table(title="汇总" if zh else "Summary", header_style="bold")
    for label in (("文件", "file"), ("错误", "errors"), ("警告", "warnings"), ("提示", "info")):
        grid.add_column(label[0] if zh else label[1])
    for report in reports:
        if report.unreadable:
            grid.add_row(str(report.path), "[red]无法读取[/]" if zh else "[red]unreadable[/]",
                         "", "")
        else:
            grid.add_row(str(report.path), *(str(report.count(s)) for s in Severity))
    console.print(grid)
