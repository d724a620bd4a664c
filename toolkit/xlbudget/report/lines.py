"""A check report as a linter prints one (ruff, eslint): a header per book, then one line per
finding — cell, severity, rule, what it is about, expected and actual — root causes first,
their consequences counted on an indented line below. Pure text: :mod:`.text` colours it.

Every line fits the terminal (CJK characters count two columns, :mod:`.width`): the cell, the
severity, the rule and the expected and actual values are kept whole; what the finding is
about is shortened to make room, never the figures.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from xlbudget.check.findings import SEVERITY_ZH, Finding, Kind, Lang, Severity, money
from xlbudget.check.run import Report
from xlbudget.report.tally import Counted
from xlbudget.report.width import fit, fit_left, pad, width

ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
KIND_ORDER = {Kind.CAUSE: 0, Kind.STRUCTURE: 1, Kind.AMBIGUOUS: 2, Kind.PLAIN: 3}
GAP = "  "
ROOM_FOR_ABOUT = 18  # columns kept for what a finding is about before its difference is dropped


@dataclass(frozen=True)
class Line:
    """One line of output and how it is meant: "header", "error", "warning", "info", "more"
    (a consequence line), "summary"."""

    style: str
    text: str


def severity_word(severity: Severity, lang: Lang) -> str:
    return SEVERITY_ZH[severity] if lang is Lang.ZH else str(severity)


def ordered(findings: Sequence[Finding]) -> list[Finding]:
    """Errors first, root causes before the findings they explain; then by table and cell."""
    def key(f: Finding) -> tuple[int, int, int, tuple[str, int, str], str]:
        table = int(f.table[1:]) if f.table[1:].isdigit() else 0
        return (ORDER[f.severity], KIND_ORDER[f.kind], table,
                cell_key(f.cells[0]) if f.cells else ("", 0, ""), f.rule)

    return sorted(findings, key=key)


def cell_key(cell: str) -> tuple[str, int, str]:
    """表3!G8 before 表3!G25: by sheet, row, then column."""
    sheet, _, address = cell.rpartition("!")
    letters = address.rstrip("0123456789")
    row = address[len(letters):]
    return sheet, int(row) if row.isdigit() else 0, letters.rjust(3)


def header(report: Counted, lang: Lang, columns: int) -> Line:
    counts = [report.count(s) for s in Severity]
    about = f"  [{report.profile}]"
    if lang is Lang.ZH:
        tail = f"  错误 {counts[0]}  警告 {counts[1]}  提示 {counts[2]}"
    else:
        tail = f"  {counts[0]} errors  {counts[1]} warnings  {counts[2]} info"
    if report.unreadable is not None:
        reason = report.unreadable.zh if lang is Lang.ZH else report.unreadable.en
        tail, about = "", "  " + ("无法读取：" if lang is Lang.ZH else "unreadable: ") + reason
    elif report.profile is None:
        about = ""
    path = fit_left(str(report.path), max(20, columns - width(tail) - min(width(about), 24)))
    return Line("header", fit(path + fit(about, max(0, columns - width(path) - width(tail)))
                              + tail, columns))


def cell_text(label: str, columns: int) -> str:
    """A cell label cut to ``columns``: a long sheet name gives way, the address never
    (``单位一般公共预算拨款基本支出明细表!C21`` → ``单位一般公…!C21``)."""
    sheet, bang, address = label.rpartition("!")
    if width(label) <= columns or not bang:
        return fit(label, columns)
    tail = bang + address
    return fit(sheet, max(columns - width(tail), 2)) + tail


def finding_lines(finding: Finding, lang: Lang, columns: int, cell_width: int) -> list[Line]:
    """The finding's line, and a line with its consequences when it is a root cause."""
    cells = finding.cells[0] if finding.cells else "—"
    if len(finding.cells) > 1:
        cells += f" +{len(finding.cells) - 1}"
    head = GAP.join([pad(cell_text(cells, cell_width), cell_width),
                     severity_word(finding.severity, lang), finding.rule])
    about = _about(finding, lang)
    figures = figures_text(finding, lang)
    room = columns - width(head) - width(GAP) - (width(figures) + width(GAP) if figures else 0)
    if room < ROOM_FOR_ABOUT and figures:  # the difference gives way to what the cell is
        figures = figures_text(finding, lang, gap=False)
        room = columns - width(head) - 2 * width(GAP) - width(figures)
    if width(about) > room:
        about = fit(about, max(room, 8)) if room >= 8 else ""
    text = GAP.join(part for part in (head, about, figures) if part)
    out = [Line(str(finding.severity), fit(text, columns))]
    if finding.consequences:
        counted = Counter(c.rule for c in finding.consequences)
        rules = [f"{rule}×{n}" if n > 1 else rule for rule, n in counted.items()]
        count = len(finding.consequences)
        more = (f"导致 {count} 处不一致：{'、'.join(rules)}" if lang is Lang.ZH else
                f"breaks {count}: {', '.join(rules)}")
        out.append(Line("more", fit(" " * (cell_width + 2) + "└ " + more, columns)))
    return out


def figures_text(finding: Finding, lang: Lang, gap: bool = True) -> str:
    """应为 … 实为 …（相差 …）: the part of a line that is never shortened."""
    expected, actual = finding.expected, finding.actual
    if expected is None and actual is None:
        return ""
    off = difference(expected, actual) if gap else None
    if lang is Lang.ZH:
        parts = [f"应为 {_shown(expected)}"] if expected is not None else []
        parts += [f"实为 {_shown(actual)}"] if actual is not None else []
        return "，".join(parts) + (f"（相差 {off}）" if off else "")
    parts = [f"should be {_shown(expected)}"] if expected is not None else []
    parts += [f"is {_shown(actual)}"] if actual is not None else []
    return ", ".join(parts) + (f" (off by {off})" if off else "")


def _shown(value: str | None) -> str:
    if value is None:
        return ""
    return value if _number(value) is not None else f"“{value}”"


def _number(value: str | None) -> Decimal | None:
    """An amount as findings state them (money text: two decimals or more); a code such as
    2080502 is no amount, and two codes have no difference."""
    if value is None or not _MONEY.match(value):
        return None
    try:
        return Decimal(value.replace(",", ""))
    except InvalidOperation:
        return None


_MONEY = re.compile(r"^-?[\d,]+\.\d{2,}$")


def difference(expected: str | None, actual: str | None) -> str | None:
    want, have = _number(expected), _number(actual)
    if want is None or have is None or want == have:
        return None
    return money(have - want)


def _about(finding: Finding, lang: Lang) -> str:
    """What the finding is about: its subject when the rule gave one, else its message without
    the figures the line already shows."""
    subject = finding.subject(lang)
    if not subject:
        subject = finding.message(lang)
        for marker in ("（应为", " 应为 ", " (expected ", " should be "):
            subject = subject.split(marker, 1)[0]
    table = finding.cells[0].split("!")[0] if finding.cells else ""
    if table and subject.startswith(table + " "):  # the cell already names its table
        subject = subject[len(table) + 1:]
    return subject


def report_lines(report: Report, lang: Lang, columns: int) -> list[Line]:
    """The lines of one book: its header and a line (or two) per finding."""
    lines = [header(report, lang, columns)]
    if report.unreadable is not None:
        return lines
    findings = ordered(report.findings)
    cell_width = min(18, max((width(_cell_label(f)) for f in findings), default=0))
    for finding in findings:
        lines.extend(finding_lines(finding, lang, columns, cell_width))
    return lines


def _cell_label(finding: Finding) -> str:
    label = finding.cells[0] if finding.cells else "—"
    return label + (f" +{len(finding.cells) - 1}" if len(finding.cells) > 1 else "")


def statistics(findings: Sequence[tuple[str, Severity]], rules: dict[str, str],
               lang: Lang, columns: int) -> list[Line]:
    """``--statistics``: findings per rule, most frequent first (as ``ruff --statistics``)."""
    counted = Counter(findings)
    widest = max((len(rule) for rule, _ in counted), default=0)
    lines = []
    for (rule, severity), count in sorted(counted.items(), key=lambda kv: (-kv[1], kv[0])):
        word = pad(severity_word(severity, lang), 7 if lang is Lang.EN else 4)
        text = f"{count:6d}  {rule:<{widest}}  {word}  {rules.get(rule, '')}"
        lines.append(Line(str(severity), fit(text, columns)))
    return lines


def totals(reports: Sequence[Counted], lang: Lang, columns: int) -> Line:
    """The last line of a run over several books."""
    books = len(reports)
    counts = [sum(r.count(s) for r in reports) for s in Severity]
    with_errors = sum(r.has_errors for r in reports)
    lost = sum(r.unreadable is not None for r in reports)
    if lang is Lang.ZH:
        text = (f"共 {books} 个文件：错误 {counts[0]}，警告 {counts[1]}，提示 {counts[2]}；"
                f"有错误的文件 {with_errors} 个，无法读取 {lost} 个")
    else:
        text = (f"{books} files: {counts[0]} errors, {counts[1]} warnings, {counts[2]} info; "
                f"{with_errors} with errors, {lost} unreadable")
    return Line("summary", fit(text, columns))


def quiet_line(report: Counted, lang: Lang, columns: int) -> Line:
    """``--quiet``: the book's header alone."""
    return header(report, lang, columns)
