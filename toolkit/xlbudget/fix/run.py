"""``xlbudget fix`` for one file, and where its output goes (never onto an input).

By default the user's own workbook is patched in place (:mod:`.patch`): only the cells the
check's localisation determines are changed (:mod:`.plan`). ``--to-template`` regenerates the
corrected budget into the standard template instead (:mod:`.template`). Either way the written
file is read and checked again: the summary's "errors after" is that check, not a guess.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from xlbudget.check.findings import Finding, Severity
from xlbudget.check.reading import read_findings
from xlbudget.check.run import check, examine
from xlbudget.fix.convert import as_xlsx
from xlbudget.fix.patch import FormulaCell, patch
from xlbudget.fix.plan import Change, Refusal, apply, plan
from xlbudget.fix.template import regenerate
from xlbudget.narrative.story import narrate
from xlbudget.read.safety import Limits, UnreadableError, inspect
from xlbudget.read.workbook import read_workbook


class PlanError(ValueError):
    """Where the outputs would go is unsafe (onto an input, outside the output folder); the
    message in Chinese and English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


@dataclass(frozen=True)
class FixJob:
    source: Path
    target: Path
    to_template: bool = False
    correct: bool = True  # False: the book as it is, into the template (``xlbudget import``)


@dataclass
class FixOutcome:
    source: Path
    target: Path | None
    unreadable: tuple[str, str] | None = None  # (zh, en)
    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)  # errors left for a person, and why
    remaining: list[Finding] = field(default_factory=list)  # errors the re-check still finds
    carried: list[str] = field(default_factory=list)  # sheets carried over (--to-template)
    stray: int = 0  # cells listed on 原表其他内容 (--to-template)
    converted: str | None = None  # an .xls/.ods written as .xlsx: "libreoffice" or "values"

    @property
    def worst(self) -> int:
        if self.unreadable:
            return 2
        return 1 if self.after.get("error") else 0


def counts(findings: list[Finding]) -> dict[str, int]:
    return {str(s): sum(f.severity is s for f in findings) for s in Severity}


def targets(files: list[Path], roots: list[Path], out_dir: Path | None, in_place: bool
         ) -> list[tuple[Path, Path]]:
    """(source, target) pairs. A target keeps the source's path below the folder it was found
    in; it must stay inside ``out_dir`` and may never be an input."""
    if in_place:  # a book openpyxl cannot write back is written as .xlsx beside it
        pairs = [(f, f if f.suffix.lower() in EDITABLE else f.with_suffix(".xlsx"))
                 for f in files]
        inputs = {f.resolve() for f in files}
        for source, target in pairs:
            if target != source and target.resolve() in inputs:
                raise PlanError(f"{source} 会转存为 {target}，而它也是输入文件",
                                f"{source} would be saved as {target}, which is also an input")
        return pairs
    if out_dir is None:
        raise PlanError("fix 需要 -o 输出目录（或 --in-place，会先保留 .bak 副本）",
                        "fix needs -o OUTDIR (or --in-place, which keeps a .bak copy)")
    out_dir = out_dir.resolve()
    inputs = {f.resolve() for f in files}
    for folder in roots:
        if folder.is_dir() and out_dir.is_relative_to(folder.resolve()):
            raise PlanError(f"输出目录 {out_dir} 位于输入目录 {folder} 之内：请选择其外的目录",
                            f"the output folder {out_dir} is inside the input folder {folder}: "
                            "choose a folder outside it")
    pairs = []
    for source in files:
        root = next((r for r in roots if r.is_dir() and source.is_relative_to(r)), None)
        relative = source.relative_to(root) if root else Path(source.name)
        target = (out_dir / relative).with_suffix(".xlsx").resolve()
        if not target.is_relative_to(out_dir):
            raise PlanError(f"{target} 会写到输出目录 {out_dir} 之外",
                            f"{target} would escape the output folder {out_dir}")
        if target in inputs:
            raise PlanError(f"{target} 是输入文件：fix 从不覆盖输入（如需原地修正请用 --in-place）",
                            f"{target} is an input: fix never writes over an input "
                            "(--in-place does, keeping a .bak)")
        pairs.append((source, target))
    if len({t for _, t in pairs}) != len(pairs):
        raise PlanError("两个输入会写到同一个输出文件名", "two inputs would be written to the "
                        "same output name")
    return pairs


EDITABLE = {".xlsx", ".xlsm"}


def _backup(source: Path) -> Path:
    backup = source.with_name(source.name + ".bak")
    index = 1
    while backup.exists():
        backup = source.with_name(f"{source.name}.bak{index}")
        index += 1
    shutil.copy2(source, backup)
    return backup


def fix_file(job: FixJob | tuple[Path, Path]) -> FixOutcome:
    """Fix one workbook; an unreadable one gives an outcome that says why (never raises)."""
    job = job if isinstance(job, FixJob) else FixJob(*job)
    try:
        return _fix(job)
    except UnreadableError as exc:
        return FixOutcome(job.source, None, (exc.zh, exc.en))
    except Exception as exc:  # a bug must not end a folder run
        reason = f"{type(exc).__name__}: {exc}"
        return FixOutcome(job.source, None, (f"内部错误（请报告）：{reason}",
                                             f"internal error (please report): {reason}"))


def _fix(job: FixJob) -> FixOutcome:
    result = read_workbook(job.source)
    examination = examine(result.budget) if result.budget.tables else None
    before = (read_findings(result, examination.unchecked if examination else None)
              + (examination.findings if examination else []))
    planned = plan(result.budget, examination) if examination else None
    changes = planned.changes if planned and job.correct else []
    apply(result.budget, changes)
    story = (narrate(result.budget).paragraphs
             if result.budget.tables and result.budget.profile.narrative else [])
    converted = None
    if job.target == job.source or (job.target.exists() and job.target.parent
                                    == job.source.parent):
        _backup(job.target)  # in place, or an .xls saved as the .xlsx beside it
    if job.to_template or inspect(job.source, Limits.from_env()) == "pdf":
        regenerate(result, changes, story, job.target)  # a PDF has no layout of its own to edit
    else:
        with tempfile.TemporaryDirectory(prefix="xlbudget-") as work:
            editable, converted = as_xlsx(job.source, Path(work))
            try:
                patch(editable, job.target, changes, story)
            except FormulaCell as exc:
                raise UnreadableError(
                    f"{exc.cell} 是公式单元格，但读取时未能读出其公式：为免覆盖公式，未作任何修改",
                    f"{exc.cell} holds a formula the reader could not read: nothing was "
                    "changed, so as not to overwrite it") from None
    after = check(job.target)
    if after.unreadable:
        raise UnreadableError(after.unreadable.zh, after.unreadable.en)
    return FixOutcome(job.source, job.target, None, counts(before), counts(after.findings),
                      changes, planned.refused if planned else [],
                      [f for f in after.findings if f.severity is Severity.ERROR],
                      list(result.extras.sheets) if job.to_template else [],
                      len(result.extras.stray) if job.to_template else 0, converted)
