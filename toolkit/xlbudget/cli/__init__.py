"""The ``xlbudget`` command: parse arguments → one library call → render → exit code.

Exit codes: 0 no error findings, 1 error findings, 2 usage error or unreadable input.

Only typer and rich are imported up front; each command imports the stages it runs, so
``xlbudget --help`` starts at once and a check never pays for openpyxl, pandas or scipy unless
the book needs them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from xlbudget.bulk import tune_gc
from xlbudget.check.findings import Lang, Severity
from xlbudget.report.messages import text

if TYPE_CHECKING:
    from xlbudget.check.run import Report
    from xlbudget.report.tally import Brief

from xlbudget.cli.common import (
    JobsOption,
    LangOption,
    SummaryOption,
    app,
    err,
    fail,
    out,
    progress,
    workbooks,
)


@app.command("template")
def template_command(
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件 / output .xlsx")],
    profile_name: Annotated[
        str, typer.Option("--profile",
                          help="配置，如 unit-2024、dept-2025+t4-carryover、sh-dept-2026（上海）")
    ] = "unit-2024",
    unit: Annotated[str, typer.Option("--unit", help="编制单位名称 / unit name")] = "",
    year: Annotated[int | None, typer.Option("--year", help="预算年度 / budget year")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件 / overwrite")] = False,
    lang: LangOption = Lang.ZH,
) -> None:
    """写出标准空白模板（表1–表11 及说明所需的输入表）。 / Write the blank standard workbook."""
    from dataclasses import replace

    from xlbudget.spec.profiles import ProfileError, profile, region_years
    from xlbudget.write.template import write_template

    try:
        chosen = profile(profile_name)
    except ProfileError as exc:
        raise fail(str(exc)) from None
    if year is not None:
        years = region_years(chosen.region)
        if year not in years:
            raise fail(text("unsupported_year", lang, year=year, years=years))
        chosen = replace(chosen, year=year)
    if output.suffix.lower() != ".xlsx":
        raise fail(text("need_xlsx", lang, path=output))
    if output.exists() and not force:
        raise fail(text("exists", lang, path=output))
    try:
        written = write_template(output, chosen, unit)
    except OSError as exc:
        raise fail(text("write_failed", lang, path=output, reason=exc.strerror or exc)) from None
    inputs = ("及输入表" if lang is Lang.ZH else " and input sheets") if chosen.narrative else ""
    region = chosen.region.zh if lang is Lang.ZH else chosen.region.en
    out.print(text("template_written", lang, path=written.path, profile=chosen.name,
                   region=region, tables=len(chosen.tables), inputs=inputs))


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"
    JSONL = "jsonl"
    HTML = "html"


@dataclass(frozen=True)
class View:
    """How a check run is shown: the format on stdout, and the text report's options."""

    format: Format = Format.TEXT
    quiet: bool = False
    statistics: bool = False
    html: Path | None = None  # the review page, written besides

    @property
    def keeps_reports(self) -> bool:
        """Does the output need every report at the end (one document, one page)?"""
        return self.format in (Format.JSON, Format.HTML) or self.html is not None


SchedulerOption = Annotated[
    str | None, typer.Option("--scheduler", help="在 Dask 集群上运行，如 tcp://HOST:8786 / run on "
                             "a Dask cluster (pip install 'xlbudget\\[dask]')")
]


@app.command("check")
def check_command(
    paths: Annotated[list[Path], typer.Argument(help="工作簿或目录 / workbooks or folders")],
    output_format: Annotated[
        Format, typer.Option("--format", help="text、json、jsonl（每本一行）或 html / one JSON "
                                              "per line, or the HTML page")
    ] = Format.TEXT,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="每个工作簿一行 / one line per book")
    ] = False,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="按规则统计问题数 / findings per rule")
    ] = False,
    html_to: Annotated[
        Path | None, typer.Option("--html", help="另写出 HTML 审核页面 / also write the review "
                                                 "page")
    ] = None,
    annotate_to: Annotated[
        Path | None, typer.Option("--annotate", help="写出标注问题单元格的副本 / annotated copy")
    ] = None,
    narrative: Annotated[
        Path | None, typer.Option("--narrative", help="同时核对已写好的说明 .docx/.txt/.md")
    ] = None,
    units: Annotated[
        list[Path] | None, typer.Option("--units", help="部门表：与所属单位表逐数核对（可多次）"
                                                         " / check a department against its units")
    ] = None,
    jobs: JobsOption = 0,
    scheduler: SchedulerOption = None,
    summary_to: SummaryOption = None,
    lang: LangOption = Lang.ZH,
) -> None:
    """校验工作簿，报告每一处不一致及其单元格。 / Check workbooks; report every inconsistency."""
    files = workbooks(paths, lang)
    if annotate_to is not None and len(files) != 1:
        raise fail(text("annotate_one", lang))
    if narrative is not None:
        if len(files) != 1:
            raise fail(text("narrative_one", lang))
        if not narrative.is_file() or narrative.suffix.lower() not in (".docx", ".txt", ".md"):
            raise fail(text("narrative_file", lang, path=narrative))
    if html_to is not None and html_to.suffix.lower() not in (".html", ".htm"):
        raise fail(text("html_suffix", lang, path=html_to))
    if units and len(files) != 1:
        raise fail(text("units_one", lang))
    view = View(output_format, quiet, statistics, html_to)
    briefs, first = _check_files(files, view, narrative, jobs, scheduler, lang,
                                 workbooks(units, lang) if units else None)
    from xlbudget.report.jsondoc import exit_code

    if summary_to is not None:
        from xlbudget.report.summary import CHECK_FIELDS, check_rows, write_summary

        write_summary(check_rows(briefs), CHECK_FIELDS, summary_to)
    if annotate_to is not None and first is not None and not first.unreadable:
        _annotate(files[0], first, annotate_to, lang)
    raise typer.Exit(exit_code(briefs))


def _check_files(files: list[Path], view: View, narrative: Path | None, jobs: int,
                 scheduler: str | None, lang: Lang, units: list[Path] | None = None
                 ) -> tuple[list[Brief], Report | None]:
    """Check and print as the books complete; keep of each only its brief (every report only
    when one document or page needs them all), and the report on the first file."""
    from xlbudget.report.jsondoc import document, file_entry
    from xlbudget.report.tally import Brief
    from xlbudget.report.text import render_report, render_statistics, render_summary

    briefs: list[Brief] = []
    kept: list[Report] = []
    counted: list[tuple[str, Severity]] = []  # (rule, severity) of every finding
    first: Report | None = None  # the report on files[0], for --annotate
    with progress(len(files), view.format is Format.TEXT, text("checking", lang)) as step:
        for report in _reports(files, narrative, jobs, scheduler, lang, step, units):
            briefs.append(Brief.of(report))
            kept += [report] if view.keeps_reports else []
            first = report if report.path == files[0] else first
            counted += [(f.rule, f.severity) for f in report.findings] if view.statistics else []
            if view.format is Format.JSONL:
                sys.stdout.write(json.dumps(file_entry(report, lang), ensure_ascii=False) + "\n")
                sys.stdout.flush()
            elif view.format is Format.TEXT:
                render_report(out, report, lang, view.quiet)
            _say_unreadable(report, lang)
    # books complete in any order; documents and summaries follow the order they were given
    given = {path: index for index, path in enumerate(files)}
    briefs.sort(key=lambda brief: given.get(brief.path, len(files)))
    kept.sort(key=lambda report: given.get(report.path, len(files)))
    if view.format is Format.JSON:
        sys.stdout.write(json.dumps(document(kept, lang), ensure_ascii=False, indent=2) + "\n")
    elif view.format is Format.HTML:
        sys.stdout.write(_page(kept, lang))
    elif view.format is Format.TEXT:
        if view.statistics:
            render_statistics(out, counted, lang)
        render_summary(out, briefs, lang)
    if view.html is not None:
        _write_page(view.html, kept, lang)
    return briefs, first


def _page(reports: list[Report], lang: Lang) -> str:
    from xlbudget.report.html import page

    return page(reports, lang)


def _write_page(target: Path, reports: list[Report], lang: Lang) -> None:
    from xlbudget.fileio import atomic_path

    try:
        with atomic_path(target) as tmp:
            tmp.write_text(_page(reports, lang), encoding="utf-8")
    except OSError as exc:
        raise fail(text("write_failed", lang, path=target, reason=exc.strerror or exc)) from None
    err.print(text("html_written", lang, path=target, books=len(reports)))


def _reports(files: list[Path], narrative: Path | None, jobs: int, scheduler: str | None,
             lang: Lang, step: Callable[[object], None], units: list[Path] | None = None
             ) -> Iterator[Report]:
    if units:
        from xlbudget.consolidate.run import check_department

        yield check_department(files[0], units)
        return
    if narrative is not None:
        from xlbudget import check as check_with_narrative

        report = check_with_narrative(files[0], narrative)
        unsupported = next((f for f in report.findings if f.rule == "N.unsupported"), None)
        if unsupported is not None:  # no 说明 of this region can be checked: not a pass
            raise fail(unsupported.message(lang))
        yield report
        return
    from xlbudget.bulk import BulkError, default_jobs, run_all
    from xlbudget.check.run import check

    job: Callable[[Path], Report] = check
    if any(f.suffix.lower() == ".pdf" for f in files):  # a PDF's own 说明 is checked too
        from xlbudget.narrative.verify import check_book

        job = check_book
    try:
        yield from run_all(job, files, jobs or default_jobs(), step, scheduler)
    except BulkError as exc:
        raise fail(exc.zh if lang is Lang.ZH else exc.en) from None


def _say_unreadable(report: Report, lang: Lang) -> None:
    if report.unreadable:
        reason = report.unreadable.zh if lang is Lang.ZH else report.unreadable.en
        err.print(f"[red]xlbudget:[/red] {report.path}: {reason}")
    elif report.unsupported:
        found = next(f for f in report.findings if f.rule == "R.no_tables")
        err.print(f"[red]xlbudget:[/red] {report.path}: {found.message(lang)}")


def _annotate(path: Path, report: Report, target: Path, lang: Lang) -> None:
    from xlbudget.write.annotate import annotate

    try:
        cells = annotate(path, report.findings, target, lang)
    except (OSError, ValueError) as exc:
        raise fail(text("write_failed", lang, path=target, reason=exc)) from None
    err.print(text("annotated", lang, path=target, cells=cells))


@app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="已发布的 PDF 或工作簿 / published PDF or workbook")],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出 .xlsx / output .xlsx")],
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件 / overwrite")] = False,
    lang: LangOption = Lang.ZH,
) -> None:
    """把已发布的预算公开 PDF（或任一版式的工作簿）原样写入本地区的标准模板。 / Write a published
    PDF (or a workbook in any layout) into its region's standard template, as it is."""
    if not path.exists():
        raise fail(text("missing_path", lang, path=path))
    if output.suffix.lower() != ".xlsx":
        raise fail(text("import_suffix", lang, path=output))
    if output.resolve() == path.resolve() or (output.exists() and not force):
        raise fail(text("exists", lang, path=output))
    from xlbudget.fix.run import FixJob, fix_file

    outcome = fix_file(FixJob(path, output, to_template=True, correct=False))
    if outcome.unreadable is not None:
        raise fail(f"{path}: {outcome.unreadable[0] if lang is Lang.ZH else outcome.unreadable[1]}")
    from xlbudget.read.workbook import read_workbook

    budget = read_workbook(output).budget
    err.print(text("imported", lang, path=output, profile=budget.profile.name,
                   tables=len(budget.tables)))


@app.command("narrate")
def narrate_command(
    path: Annotated[Path, typer.Argument(help="工作簿 / workbook")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="输出 .md/.txt/.docx（缺省打印）")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件 / overwrite")] = False,
    lang: LangOption = Lang.ZH,
) -> None:
    """计算说明中的每个数字并撰写第三部分预算情况说明。 / Write the 说明 from the tables."""
    if not path.exists():
        raise fail(text("missing_path", lang, path=path))
    if output is not None:
        if output.suffix.lower() not in (".md", ".txt", ".docx"):
            raise fail(text("narrate_suffix", lang, path=output))
        if output.exists() and not force:
            raise fail(text("exists", lang, path=output))
        if output.resolve() == path.resolve():
            raise fail(text("exists", lang, path=output))
    from xlbudget.narrative.document import write as write_document
    from xlbudget.narrative.render import as_markdown
    from xlbudget.narrative.story import narrate
    from xlbudget.read.safety import UnreadableError
    from xlbudget.read.workbook import read_workbook

    try:
        budget = read_workbook(path).budget
        if budget.tables and not budget.profile.narrative:
            region = budget.profile.region
            raise fail(text("no_narrative", lang, profile=budget.profile.name,
                            region=region.zh if lang is Lang.ZH else region.en))
        story = narrate(budget)
    except UnreadableError as exc:
        raise fail(f"{path}: {exc.zh if lang is Lang.ZH else exc.en}") from None
    except typer.Exit:
        raise
    except Exception as exc:  # a bug must reach the user as one line, not a traceback
        raise fail(text("internal", lang, path=path, reason=f"{type(exc).__name__}: {exc}")
                   ) from None
    if output is None:
        sys.stdout.write(as_markdown(story.paragraphs))
    else:
        title = f"{budget.unit_name} {budget.year} 年预算情况说明"
        try:
            write_document(story.paragraphs, output, title)
        except OSError as exc:
            reason = exc.strerror or exc
            raise fail(text("write_failed", lang, path=output, reason=reason)) from None
        err.print(text("narrated", lang, path=output))
    for missing in story.missing:
        err.print(f"[yellow]N.input[/yellow] {missing.section}：{missing.marker}")
    if story.missing:
        err.print(text("missing_inputs", lang, count=len(story.missing)))


@app.command("fix")
def fix_command(
    paths: Annotated[list[Path], typer.Argument(help="工作簿或目录 / workbooks or folders")],
    output_dir: Annotated[
        Path | None, typer.Option("-o", "--output", help="输出目录 / output folder")
    ] = None,
    in_place: Annotated[
        bool, typer.Option("--in-place", help="原地修正并保留 .bak 副本 / keep a .bak copy")
    ] = False,
    to_template: Annotated[
        bool, typer.Option("--to-template",
                           help="按标准模板重新生成（缺省为在原表上修改） / regenerate into the "
                                "standard template instead of patching the workbook")
    ] = False,
    jobs: JobsOption = 0,
    scheduler: SchedulerOption = None,
    summary_to: SummaryOption = None,
    lang: LangOption = Lang.ZH,
) -> None:
    """批量修正：只改动各表能够确定的单元格，保留原表格式，并写入说明。 / Correct in place what
    is certain."""
    from xlbudget.bulk import BulkError, default_jobs, run_all
    from xlbudget.fix.run import FixJob, PlanError, fix_file, targets
    from xlbudget.report.fixes import render_fixes

    files = workbooks(paths, lang)
    try:
        pairs = targets(files, paths, output_dir, in_place)
    except PlanError as exc:
        raise fail(exc.zh if lang is Lang.ZH else exc.en) from None
    jobs_list = [FixJob(source, target, to_template) for source, target in pairs]
    order = {job.source: index for index, job in enumerate(jobs_list)}
    try:
        with progress(len(jobs_list), True, text("fixing", lang)) as step:
            outcomes = sorted(run_all(fix_file, jobs_list, jobs or default_jobs(), step,
                                      scheduler), key=lambda o: order[o.source])
    except BulkError as exc:
        raise fail(exc.zh if lang is Lang.ZH else exc.en) from None
    render_fixes(out, outcomes, lang)
    for outcome in outcomes:
        if outcome.unreadable:
            reason = outcome.unreadable[0] if lang is Lang.ZH else outcome.unreadable[1]
            err.print(f"[red]xlbudget:[/red] {outcome.source}: {reason}")
    if summary_to is not None:
        from xlbudget.report.summary import FIX_FIELDS, fix_rows, write_summary

        write_summary(fix_rows(outcomes), FIX_FIELDS, summary_to)
    raise typer.Exit(max(o.worst for o in outcomes))


from xlbudget.cli import consolidate  # noqa: E402  (its command registers on the app)

__all__ = ["app", "consolidate", "main"]


def main() -> None:
    tune_gc()  # a command-line run is a batch run: collect as the bulk workers do
    app()
