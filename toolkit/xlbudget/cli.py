"""The ``xlbudget`` command: parse arguments → one library call → render → exit code.

Exit codes: 0 no error findings, 1 error findings, 2 usage error or unreadable input.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from xlbudget.annotate import annotate
from xlbudget.bulk import check_all, collect, default_jobs
from xlbudget.cli_render import render_report, render_summary
from xlbudget.jsonout import document, exit_code
from xlbudget.messages import Lang, text
from xlbudget.narrative import narrate
from xlbudget.narrative.document import write as write_document
from xlbudget.narrative.render import as_markdown
from xlbudget.reader import UnreadableError, read_workbook
from xlbudget.spec.profiles import YEARS, ProfileError, profile
from xlbudget.template import write_template

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="单位/部门预算公开工作簿：标准模板、跨表校验、预算说明、批量修正。"
    " / Budget disclosure workbooks: templates, checks, narrative, fixes.",
)
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

LangOption = Annotated[Lang, typer.Option("--lang", help="消息语言 / message language")]


@app.callback()
def _root() -> None:
    """Keep subcommands explicit even while only one exists (`xlbudget template …`)."""


def fail(message: str) -> typer.Exit:
    err.print(f"[red]xlbudget:[/red] {message}")
    return typer.Exit(2)


@app.command("template")
def template_command(
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件 / output .xlsx")],
    profile_name: Annotated[
        str, typer.Option("--profile", help="配置，如 unit-2024、dept-2025+t4-carryover")
    ] = "unit-2024",
    unit: Annotated[str, typer.Option("--unit", help="编制单位名称 / unit name")] = "",
    year: Annotated[int | None, typer.Option("--year", help="预算年度 / budget year")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件 / overwrite")] = False,
    lang: LangOption = Lang.ZH,
) -> None:
    """写出标准空白模板（表1–表11 及说明所需的输入表）。 / Write the blank standard workbook."""
    try:
        chosen = profile(profile_name)
    except ProfileError as exc:
        raise fail(str(exc)) from None
    if year is not None:
        if year not in YEARS:
            raise fail(text("unsupported_year", lang, year=year, years=YEARS))
        chosen = replace(chosen, year=year)
    if output.suffix.lower() != ".xlsx":
        raise fail(text("need_xlsx", lang, path=output))
    if output.exists() and not force:
        raise fail(text("exists", lang, path=output))
    try:
        written = write_template(output, chosen, unit)
    except OSError as exc:
        raise fail(text("write_failed", lang, path=output, reason=exc.strerror or exc)) from None
    out.print(text("template_written", lang, path=written.path, profile=chosen.name,
                   tables=len(chosen.tables)))


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"


@app.command("check")
def check_command(
    paths: Annotated[list[Path], typer.Argument(help="工作簿或目录 / workbooks or folders")],
    output_format: Annotated[Format, typer.Option("--format", help="text 或 json")] = Format.TEXT,
    annotate_to: Annotated[
        Path | None, typer.Option("--annotate", help="写出标注问题单元格的副本 / annotated copy")
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0, help="并行进程数，0 为每核一个 / processes")
    ] = 0,
    lang: LangOption = Lang.ZH,
) -> None:
    """校验工作簿，报告每一处不一致及其单元格。 / Check workbooks; report every inconsistency."""
    for path in paths:
        if not path.exists():
            raise fail(text("missing_path", lang, path=path))
    files = collect(paths)
    if not files:
        raise fail(text("no_files", lang, paths=", ".join(map(str, paths))))
    if annotate_to is not None and len(files) != 1:
        raise fail(text("annotate_one", lang))
    reports = list(check_all(files, jobs or default_jobs()))
    if output_format is Format.JSON:
        sys.stdout.write(json.dumps(document(reports, lang), ensure_ascii=False, indent=2) + "\n")
    else:
        for report in reports:
            render_report(out, report, lang)
        render_summary(out, reports, lang)
    for report in reports:
        if report.unreadable:
            reason = report.unreadable.zh if lang is Lang.ZH else report.unreadable.en
            err.print(f"[red]xlbudget:[/red] {report.path}: {reason}")
    if annotate_to is not None and not reports[0].unreadable:
        try:
            cells = annotate(files[0], reports[0].findings, annotate_to, lang)
        except (OSError, ValueError) as exc:
            raise fail(text("write_failed", lang, path=annotate_to, reason=exc)) from None
        err.print(text("annotated", lang, path=annotate_to, cells=cells))
    raise typer.Exit(exit_code(reports))


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
    try:
        budget = read_workbook(path).budget
    except UnreadableError as exc:
        raise fail(f"{path}: {exc.zh if lang is Lang.ZH else exc.en}") from None
    story = narrate(budget)
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


def main() -> None:
    app()
