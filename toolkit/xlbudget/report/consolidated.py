"""How a consolidation looks in a terminal: each unit book with its own errors (at the unit's
cells), what the sum decided (one line each), then the department book's check."""

from __future__ import annotations

from rich.console import Console

from xlbudget.check.findings import Lang, Severity
from xlbudget.check.run import Report
from xlbudget.consolidate.run import Consolidated
from xlbudget.report.lines import Line
from xlbudget.report.text import render_report, show


def render_consolidated(console: Console, done: Consolidated, lang: Lang) -> None:
    for unit in done.department.units:
        errors = [f for f in unit.findings if f.severity is Severity.ERROR]
        kind = unit.kind or ("未填性质" if lang is Lang.ZH else "kind not given")
        if not unit.budget.profile.region.consolidate.kind:
            kind = ""  # the region's books do not say a unit's kind
        shown = (f"（{kind}）" if lang is Lang.ZH else f" ({kind})") if kind else ""
        head = (f"单位 {unit.name}{shown} {unit.path}：错误 {len(errors)}" if lang is Lang.ZH
                else f"unit {unit.name}{shown} {unit.path}: {len(errors)} errors")
        show(console, Line("header", head))
        if errors:
            render_report(console, Report(unit.path, unit.budget.profile.name,
                                          sorted(unit.budget.tables), errors), lang)
    for zh, en in done.department.notes:
        show(console, Line("info", f"注：{zh}" if lang is Lang.ZH else f"note: {en}"))
    render_report(console, done.report, lang)
