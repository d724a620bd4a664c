"""How check reports look in a terminal: the lines of :mod:`.lines`, coloured by rich only on
a terminal (never when piped, never with ``NO_COLOR``). The only place that prints check
results as text."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape

from xlbudget.check.findings import Lang, Severity
from xlbudget.check.run import Report
from xlbudget.report.lines import Line, quiet_line, report_lines, statistics, totals
from xlbudget.report.tally import Counted

STYLE = {"header": "bold", "error": "red", "warning": "yellow", "info": "cyan",
         "more": "dim", "summary": "bold"}


def columns(console: Console) -> int:
    return max(40, console.width)


def show(console: Console, line: Line) -> None:
    console.print(f"[{STYLE[line.style]}]{escape(line.text)}[/]", highlight=False,
                  soft_wrap=True)


def render_report(console: Console, report: Report, lang: Lang, quiet: bool = False) -> None:
    """One book: its header line and, unless ``quiet``, a line (or two) per finding. An
    unreadable book is said once, on stderr, by the command."""
    if report.unreadable is not None:
        return
    if quiet:
        show(console, quiet_line(report, lang, columns(console)))
        return
    for line in report_lines(report, lang, columns(console)):
        show(console, line)


def render_summary(console: Console, reports: Sequence[Counted], lang: Lang) -> None:
    """The totals of a run over several books."""
    if len(reports) > 1:
        show(console, totals(reports, lang, columns(console)))


def render_statistics(console: Console, counted: Sequence[tuple[str, Severity]], lang: Lang
                      ) -> None:
    """``--statistics``: findings per rule over the run."""
    from xlbudget.check.rulebook import all_rules

    described = {rule.id: rule.zh if lang is Lang.ZH else rule.en for rule in all_rules()}
    for line in statistics(counted, described, lang, columns(console)):
        show(console, line)
