"""check(path) → Report: the one orchestration function of ``xlbudget check``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from xlbudget.figures import Context
from xlbudget.findings import Finding, Severity, sort_key
from xlbudget.model import Budget
from xlbudget.narrative.verify import check_file
from xlbudget.reader import ReadResult, UnreadableError, read_workbook
from xlbudget.rulebook import RULES
from xlbudget.rules import run


@dataclass
class Report:
    path: Path
    profile: str | None
    tables: list[int]
    findings: list[Finding] = field(default_factory=list)
    unreadable: UnreadableError | None = None

    def count(self, severity: Severity) -> int:
        return sum(f.severity is severity for f in self.findings)

    @property
    def has_errors(self) -> bool:
        return self.unreadable is None and self.count(Severity.ERROR) > 0


def check_budget(budget: Budget) -> list[Finding]:
    """Every rule over a budget in memory (no reader findings)."""
    context = Context(budget)
    return [finding for rule in RULES for finding in run(rule, context)]


def check_result(result: ReadResult) -> Report:
    findings = result.findings + check_budget(result.budget)
    findings.sort(key=sort_key)
    return Report(result.path, result.budget.profile.name, sorted(result.budget.tables), findings)


def check(path: Path, narrative: Path | None = None) -> Report:
    """Read and check one workbook (and, given one, the 说明 written for it). An unreadable file
    gives a report that says why."""
    try:
        result = read_workbook(path)
        report = check_result(result)
        if narrative is not None:
            report.findings.extend(check_file(narrative, result.budget))
        return report
    except UnreadableError as exc:
        return Report(path, None, [], [], exc)
    except Exception as exc:  # a bug must not cost the user the rest of a folder run
        return Report(path, None, [], [], UnreadableError(
            f"读取或校验时发生内部错误（请报告此问题）：{type(exc).__name__}: {exc}",
            f"internal error while reading or checking (please report it): "
            f"{type(exc).__name__}: {exc}"))
