"""What every ``xlbudget`` command shares: the app, the consoles, the common options, finding
the workbooks a command is given, the progress bar and the usage error."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from xlbudget import __version__
from xlbudget.check.findings import Lang
from xlbudget.report.messages import text

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="单位/部门预算公开工作簿：标准模板、跨表校验、预算说明、批量修正。"
    " / Budget disclosure workbooks: templates, checks, narrative, fixes.",
)
# stderr lines are read by people and by scripts: one message, one line, never wrapped.
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False)

LangOption = Annotated[Lang, typer.Option("--lang", help="消息语言 / message language")]
JobsOption = Annotated[
    int, typer.Option("--jobs", "-j", min=0, help="并行进程数，0 为每核一个 / processes")
]
SummaryOption = Annotated[
    Path | None, typer.Option("--summary", help="汇总写入 .csv 或 .json / per-file summary")
]


def workbooks(paths: list[Path], lang: Lang) -> list[Path]:
    """The workbooks named or found under folders; a usage error when a path does not exist
    or nothing is found."""
    from xlbudget.bulk import collect

    for path in paths:
        if not path.exists():
            raise fail(text("missing_path", lang, path=path))
    files = collect(paths)
    if not files:
        raise fail(text("no_files", lang, paths=", ".join(map(str, paths))))
    return files


@contextmanager
def progress(total: int, wanted: bool, label: str) -> Iterator[Callable[[object], None]]:
    """A progress bar on a terminal for runs of several files; silent when piped."""
    if not wanted or total < 2 or not err.is_terminal:
        yield lambda _: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=err, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda _: bar.advance(task)


def _version(wanted: bool) -> None:
    if wanted:
        out.print(f"xlbudget {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="显示版本 / show the version")] = False,
) -> None:
    """Keep subcommands explicit (`xlbudget template …`)."""


def fail(message: str) -> typer.Exit:
    err.print(f"[red]xlbudget:[/red] {' '.join(message.split())}", markup=True)
    return typer.Exit(2)
