"""The review page of a check run: one self-contained HTML file (inline CSS, script and SVG;
nothing fetched) for one book or a folder of hundreds.

At the top: the totals, the rules that fail most and a chart of errors per table and per rule;
then a row per book (errors, warnings, info) linking to its section; in each section every
finding with its cell, expected, actual and difference, and the rows around the cell as they
stand in the sheet. Filters by severity and rule (also from the address: ``#severity=error``,
``#rule=T3.hier``); prints on A4, a book per page. Every text from a workbook is escaped:
a label ``<script>`` shows as written.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime

from xlbudget.check.findings import Finding, Lang, Severity
from xlbudget.check.run import Report
from xlbudget.report.excerpt import Excerpt, Sheets
from xlbudget.report.lines import difference, figures_text, ordered, severity_word

MAX_EXCERPTS = 150  # findings per book shown with their rows (the rest: the line alone)
TOP_RULES = 12

WORDS = {
    Lang.ZH: {"title": "预算公开工作簿审核报告", "books": "工作簿", "error": "错误",
              "warning": "警告", "info": "提示", "unreadable": "无法读取",
              "rules": "出错最多的规则",
              "tables": "各表错误数", "book": "文件", "profile": "配置", "cell": "单元格",
              "rule": "规则", "about": "内容", "expected": "应为", "actual": "实为",
              "gap": "相差", "all": "全部", "filter": "筛选", "none": "未发现问题",
              "generated": "生成于", "consequences": "导致"},
    Lang.EN: {"title": "Budget workbook review", "books": "books", "error": "errors",
              "warning": "warnings", "info": "info", "unreadable": "unreadable",
              "rules": "rules failing most", "tables": "errors per table", "book": "book",
              "profile": "profile", "cell": "cell", "rule": "rule", "about": "about",
              "expected": "expected", "actual": "actual", "gap": "difference", "all": "all",
              "filter": "filter", "none": "no findings", "generated": "generated",
              "consequences": "breaks"},
}

STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:24px;
color:#1f2328;font-size:14px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 6px;border-bottom:1px solid #ccc}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}.card{border:1px solid #ddd;
border-radius:6px;padding:8px 14px;min-width:90px}.card b{display:block;font-size:22px}
.error{color:#b42318}.warning{color:#9a6700}.info{color:#0969da}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border:1px solid #ddd;
padding:3px 6px;text-align:left;vertical-align:top}th{background:#f6f8fa}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:flex;gap:24px;flex-wrap:wrap}.charts svg{max-width:100%}
.finding{border-left:4px solid #ddd;padding:4px 10px;margin:8px 0}
.finding.error{border-color:#b42318}.finding.warning{border-color:#d4a72c}
.finding.info{border-color:#54aeff}
.finding.error,.finding.warning,.finding.info{color:#1f2328}
.finding .more{color:#57606a;font-size:12px}
.excerpt{font-size:12px;width:auto}.excerpt td{max-width:14em;white-space:nowrap;overflow:hidden}
.excerpt td.mark{background:#ffd8d3;font-weight:bold;outline:2px solid #b42318}
.excerpt td.rowno,.excerpt th{color:#57606a}
.filters{position:sticky;top:0;background:#fff;padding:6px 0;border-bottom:1px solid #eee}
.hidden{display:none}
@page{size:A4;margin:14mm}
@media print{.filters{display:none}section.book{page-break-before:always}body{margin:0}
.finding{page-break-inside:avoid}}
"""

SCRIPT = """
(function(){
 var sev=document.getElementById('sev'),rule=document.getElementById('rule');
 function apply(){
  var s=sev.value,r=rule.value,shown=0;
  document.querySelectorAll('.finding').forEach(function(f){
   var ok=(s==='all'||f.dataset.severity===s)&&(r==='all'||f.dataset.rule===r);
   f.classList.toggle('hidden',!ok); if(ok){shown++;}
  });
  document.getElementById('shown').textContent=shown;
 }
 function fromHash(){
  var h=new URLSearchParams(location.hash.replace(/^#/,''));
  if(h.get('severity')){sev.value=h.get('severity');}
  if(h.get('rule')){rule.value=h.get('rule');}
 }
 sev.addEventListener('change',apply);rule.addEventListener('change',apply);
 window.addEventListener('hashchange',function(){fromHash();apply();});
 fromHash();apply();
})();
"""


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def page(reports: Sequence[Report], lang: Lang, now: datetime | None = None) -> str:
    """The whole page, as one string."""
    w = WORDS[lang]
    findings = [f for r in reports for f in r.findings]
    parts = [f'<!DOCTYPE html><html lang="{"zh-CN" if lang is Lang.ZH else "en"}"><head>'
             '<meta charset="utf-8"><meta name="viewport" content="width=device-width">'
             f"<title>{e(w['title'])}</title><style>{STYLE}</style></head><body>",
             f"<h1>{e(w['title'])}</h1><div>{e(w['generated'])} "
             f"{e((now or datetime.now()).strftime('%Y-%m-%d %H:%M'))}</div>",
             _cards(reports, w), _charts(findings, w), _filters(findings, w, lang),
             _books(reports, w)]
    for index, report in enumerate(reports):
        parts.append(_section(index, report, lang))
    parts.append(f"<script>{SCRIPT}</script></body></html>")
    return "".join(parts)


def _cards(reports: Sequence[Report], w: dict[str, str]) -> str:
    counts = [(w["books"], len(reports), "")]
    counts += [(w[str(s)], sum(r.count(s) for r in reports), str(s)) for s in Severity]
    lost = sum(r.unreadable is not None for r in reports)
    if lost:
        counts.append((w["unreadable"], lost, "error"))
    return '<div class="cards">' + "".join(
        f'<div class="card {css}"><b>{n}</b>{e(label)}</div>' for label, n, css in counts
    ) + "</div>"


def _charts(findings: list[Finding], w: dict[str, str]) -> str:
    errors = [f for f in findings if f.severity is Severity.ERROR]
    tables = Counter(f.table or "—" for f in errors)
    by_table = sorted(tables.items(), key=lambda kv: (len(kv[0]), kv[0]))
    rules = Counter(f.rule for f in errors).most_common(TOP_RULES)
    return (f'<div class="charts"><figure><figcaption>{e(w["tables"])}</figcaption>'
            f"{bars(by_table)}</figure><figure><figcaption>{e(w['rules'])}</figcaption>"
            f"{bars(rules)}</figure></div>")


def bars(items: Iterable[tuple[str, int]], width: int = 420) -> str:
    """A horizontal bar chart as inline SVG."""
    items = list(items)
    if not items:
        return '<svg width="10" height="10" role="img"></svg>'
    top = max(n for _, n in items)
    row, label = 20, 90
    height = row * len(items) + 4
    body = []
    for i, (name, n) in enumerate(items):
        y = i * row + 2
        length = max(1, round((width - label - 50) * n / top))
        body.append(f'<text x="{label - 6}" y="{y + 14}" text-anchor="end" font-size="12">'
                    f"{e(name)}</text><rect x=\"{label}\" y=\"{y + 3}\" width=\"{length}\" "
                    f'height="{row - 6}" fill="#b42318"></rect><text x="{label + length + 4}" '
                    f'y="{y + 14}" font-size="12">{n}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'role="img">{"".join(body)}</svg>')


def _filters(findings: list[Finding], w: dict[str, str], lang: Lang) -> str:
    severities = "".join(f'<option value="{s}">{e(severity_word(s, lang))}</option>'
                         for s in Severity)
    rules = "".join(f'<option value="{e(r)}">{e(r)}</option>'
                    for r in sorted({f.rule for f in findings}))
    return (f'<div class="filters">{e(w["filter"])}: <select id="sev"><option value="all">'
            f'{e(w["all"])}</option>{severities}</select> <select id="rule"><option '
            f'value="all">{e(w["all"])}</option>{rules}</select> '
            f'<span id="shown">{len(findings)}</span></div>')


def _books(reports: Sequence[Report], w: dict[str, str]) -> str:
    head = "".join(f"<th>{e(t)}</th>" for t in (w["book"], w["profile"], w["error"],
                                                 w["warning"], w["info"]))
    rows = []
    for index, report in enumerate(reports):
        if report.unreadable is not None:
            cells = f'<td colspan="4" class="error">{e(w["unreadable"])}：' \
                    f"{e(report.unreadable.zh)}</td>"
        else:
            cells = f"<td>{e(report.profile or '—')}</td>" + "".join(
                f'<td class="num {s if report.count(s) else ""}">{report.count(s)}</td>'
                for s in Severity)
        rows.append(f'<tr><td><a href="#book-{index}">{e(report.path.name)}</a></td>{cells}'
                    "</tr>")
    return f'<table class="books"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}' \
           "</tbody></table>"


def _section(index: int, report: Report, lang: Lang) -> str:
    w = WORDS[lang]
    counts = "，".join(f"{w[str(s)]} {report.count(s)}" for s in Severity)
    out = [f'<section class="book" id="book-{index}"><h2>{e(report.path.name)}</h2>'
           f"<div>{e(report.path)} · {e(report.profile or '')} · {e(counts)}</div>"]
    if report.unreadable is not None:
        out.append(f'<p class="error">{e(w["unreadable"])}：{e(report.unreadable.zh)}</p>')
    elif not report.findings:
        out.append(f"<p>{e(w['none'])}</p>")
    else:
        sheets = Sheets(report.path)
        for number, finding in enumerate(ordered(report.findings)):
            excerpt = sheets.excerpt(finding.cells[0]) if finding.cells and \
                number < MAX_EXCERPTS else None
            out.append(_finding(finding, excerpt, lang))
    out.append("</section>")
    return "".join(out)


def _finding(finding: Finding, excerpt: Excerpt | None, lang: Lang) -> str:
    w = WORDS[lang]
    severity = str(finding.severity)
    figures = figures_text(finding, lang)
    gap = difference(finding.expected, finding.actual)
    values = "".join(
        f"<td>{e(label)}: <b>{e(value)}</b></td>"
        for label, value in ((w["expected"], finding.expected), (w["actual"], finding.actual),
                             (w["gap"], gap)) if value is not None)
    more = ""
    if finding.breakdown:  # C.sum: each unit's part of the department figure
        parts = "".join(f"<td>{e(unit)} <code>{e(cell)}</code>: <b>{e(amount)}</b></td>"
                        for unit, cell, amount in finding.breakdown)
        more += f"<table class=values><tr>{parts}</tr></table>"
    if finding.consequences:
        rules = "、".join(dict.fromkeys(c.rule for c in finding.consequences))
        more += f'<div class="more">{e(w["consequences"])} {len(finding.consequences)}：' \
                f"{e(rules)}</div>"
    return (f'<div class="finding {severity}" data-severity="{severity}" '
            f'data-rule="{e(finding.rule)}"><div class="head"><b class="{severity}">'
            f"{e(severity_word(finding.severity, lang))}</b> <code>{e(', '.join(finding.cells))}"
            f"</code> <code>{e(finding.rule)}</code> {e(finding.message(lang))}</div>"
            f"{'<table class=values><tr>' + values + '</tr></table>' if figures else ''}"
            f"{more}{_excerpt(excerpt)}</div>")


def _excerpt(excerpt: Excerpt | None) -> str:
    if excerpt is None:
        return ""
    head = "".join(f"<th>{e(c)}</th>" for c in excerpt.columns)
    rows = []
    for row, values in excerpt.rows:
        cells = "".join(
            f'<td class="mark">{e(v)}</td>' if (row, c) == excerpt.marked else f"<td>{e(v)}</td>"
            for c, v in zip(excerpt.columns, values, strict=True))
        rows.append(f'<tr><td class="rowno">{row}</td>{cells}</tr>')
    return (f'<table class="excerpt"><caption>{e(excerpt.sheet)}</caption><tr><th></th>{head}'
            f"</tr>{''.join(rows)}</table>")
