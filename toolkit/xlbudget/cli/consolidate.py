"""``xlbudget consolidate``: the command line of :mod:`xlbudget.consolidate` (thin: read the
arguments, call the library, print)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xlbudget.check.findings import Lang
from xlbudget.cli.common import LangOption, app, err, fail, out, workbooks
from xlbudget.report.messages import text


@app.command("consolidate")
def consolidate_command(
    paths: Annotated[list[Path], typer.Argument(help="单位工作簿或目录 / unit books or folders")],
    output: Annotated[Path, typer.Option("-o", "--output", help="部门 .xlsx / department .xlsx")],
    name: Annotated[str, typer.Option("--name", help="部门名称 / department name")] = "",
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件 / overwrite")] = False,
    lang: LangOption = Lang.ZH,
) -> None:
    """把所属单位的预算公开表汇总为部门表（标准部门模板，附单位构成）。 / Sum unit books into the
    department's book (standard 部门 template, with its 单位构成)."""
    from xlbudget.consolidate import ConsolidateError
    from xlbudget.consolidate.run import consolidate_files
    from xlbudget.report.consolidated import render_consolidated

    if output.suffix.lower() != ".xlsx":
        raise fail(text("import_suffix", lang, path=output))
    files = workbooks(paths, lang)
    try:
        done = consolidate_files(files, output, name, force)
    except ConsolidateError as exc:
        raise fail(exc.zh if lang is Lang.ZH else exc.en) from None
    render_consolidated(out, done, lang)
    err.print(text("consolidated", lang, path=output, units=len(done.department.units),
                   profile=done.report.profile))
    errors = done.report.has_errors or any(u.errors for u in done.department.units)
    raise typer.Exit(1 if errors else 0)
