"""``xlbudget fix`` for one file, and where its output goes (never onto an input)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from xlbudget.addresses import cell_name
from xlbudget.check.findings import Finding, Severity
from xlbudget.check.run import check_budget, check_result
from xlbudget.fix.certain import fix_budget
from xlbudget.model import Budget
from xlbudget.narrative.story import narrate
from xlbudget.read.carried import LogEntry
from xlbudget.read.safety import UnreadableError
from xlbudget.read.workbook import ReadResult, read_workbook
from xlbudget.write.layout import SheetLayout
from xlbudget.write.workbook import write_budget


class PlanError(ValueError):
    """Where the outputs would go is unsafe (onto an input, outside the output folder)."""


@dataclass
class FixOutcome:
    source: Path
    target: Path | None
    unreadable: tuple[str, str] | None = None  # (zh, en)
    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)
    changes: list[LogEntry] = field(default_factory=list)
    carried: list[str] = field(default_factory=list)
    stray: int = 0
    remaining: list[Finding] = field(default_factory=list)  # errors a person must look at

    @property
    def worst(self) -> int:
        if self.unreadable:
            return 2
        return 1 if self.after.get("error") else 0


def _counts(findings: list[Finding]) -> dict[str, int]:
    return {str(s): sum(f.severity is s for f in findings) for s in Severity}


def plan(files: list[Path], roots: list[Path], out_dir: Path | None, in_place: bool
         ) -> list[tuple[Path, Path]]:
    """(source, target) pairs. A target keeps the source's path below the folder it was found
    in; it must stay inside ``out_dir`` and may never be an input."""
    if in_place:
        return [(f, f) for f in files]
    if out_dir is None:
        raise PlanError("fix needs -o OUTDIR (or --in-place, which keeps a .bak copy)")
    out_dir = out_dir.resolve()
    inputs = {f.resolve() for f in files}
    for folder in roots:
        if folder.is_dir() and out_dir.is_relative_to(folder.resolve()):
            raise PlanError(f"the output folder {out_dir} is inside the input folder {folder}: "
                            "choose a folder outside it")
    pairs = []
    for source in files:
        root = next((r for r in roots if r.is_dir() and source.is_relative_to(r)), None)
        relative = source.relative_to(root) if root else Path(source.name)
        target = (out_dir / relative).with_suffix(".xlsx").resolve()
        if not target.is_relative_to(out_dir):
            raise PlanError(f"{target} would escape the output folder {out_dir}")
        if target in inputs:
            raise PlanError(f"{target} is an input: fix never writes over an input")
        pairs.append((source, target))
    if len({t for _, t in pairs}) != len(pairs):
        raise PlanError("two inputs would be written to the same output name")
    return pairs


def _backup(source: Path) -> Path:
    backup = source.with_name(source.name + ".bak")
    index = 1
    while backup.exists():
        backup = source.with_name(f"{source.name}.bak{index}")
        index += 1
    shutil.copy2(source, backup)
    return backup


def fix_file(pair: tuple[Path, Path]) -> FixOutcome:
    """Fix one workbook; an unreadable one gives an outcome that says why (never raises)."""
    source, target = pair
    try:
        result = read_workbook(source)
        before = check_result(result)
        changes = fix_budget(result)
        result.extras.log.extend(changes)
        _keep_unreadable(result)
        story = narrate(result.budget)
        if target == source:
            _backup(source)
        written = write_budget(result.budget, target, story.paragraphs, result.extras)
        relocate(result.budget, written.layouts)
        after = check_budget(result.budget)
    except UnreadableError as exc:
        return FixOutcome(source, None, (exc.zh, exc.en))
    except Exception as exc:  # a bug must not end a folder run
        reason = f"{type(exc).__name__}: {exc}"
        return FixOutcome(source, None, (f"内部错误（请报告）：{reason}",
                                         f"internal error (please report): {reason}"))
    remaining = [f for f in after if f.severity is Severity.ERROR]
    return FixOutcome(source, target, None, _counts(before.findings), _counts(after),
                      changes, list(result.extras.sheets), len(result.extras.stray), remaining)


def _keep_unreadable(result: ReadResult) -> None:
    """Text found where an amount belongs cannot be written as an amount: it is kept, with its
    cell, on 原表其他内容, and the amount cell is written blank (so its sums are checked as 0)."""
    for problem in result.problems:
        if problem.kind in ("amount", "formula"):
            sheet, _, cell = problem.cell.rpartition("!")
            result.extras.stray.append((sheet, cell, problem.text))
    for table in result.budget.tables.values():
        for rows in table.rows.values():
            for row in rows:
                row.unreadable.clear()


def relocate(budget: Budget, layouts: dict[int, SheetLayout]) -> None:
    """Point every value's provenance at the cell the regenerated workbook put it in, so the
    findings about the output name the output's cells."""
    for number, layout in layouts.items():
        table = budget.tables[number]
        sheet = table.sheet = table.spec.label
        for block in table.spec.blocks:
            for index, row in enumerate(table.block_rows(block.key)):
                line = layout.rows[(block.key, index)]
                cells = {c.key: f"{sheet}!{cell_name(line, layout.columns[(block.key, c.key)])}"
                         for c in block.leaves}
                code_key = next((k for k in ("xiang", "kuan", "lei") if k in cells and row.code
                                 and len(row.code) >= {"lei": 3, "kuan": 5, "xiang": 7}[k]), None)
                row.cells = {**cells, **({"code": cells[code_key]} if code_key else {})}
                row.cells["name"] = cells.get("name") or cells.get("item") or ""
