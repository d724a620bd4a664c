"""check(path) → Report: read one workbook and run every rule over it.

The reader's problems become findings (:mod:`.reading`), then every rule of the rulebook runs
over the budget. A file that cannot be read gives a report that says why, never an exception.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

from xlbudget.check.causes import attach_to_structure, root_causes, row_cells
from xlbudget.check.engine import Flag, Outcome, Rule, as_identity, judge
from xlbudget.check.figures import Context
from xlbudget.check.findings import Finding, Severity, sort_key
from xlbudget.check.identities import Identity
from xlbudget.check.localise import Localisation
from xlbudget.check.reading import read_findings
from xlbudget.check.rulebook import rules
from xlbudget.model import Budget, printed_scale
from xlbudget.read.safety import UnreadableError
from xlbudget.read.workbook import ReadResult, read_workbook
from xlbudget.spec.catalog import catalog_year


@dataclass
class Report:
    path: Path
    profile: str | None
    tables: list[int]
    findings: list[Finding] = field(default_factory=list)
    unreadable: UnreadableError | None = None
    catalogue: int | None = None  # the year of the classification checked against
    region: str | None = None  # the region whose tables the book holds (xinjiang, shanghai)

    @property
    def unsupported(self) -> bool:
        """The file is a workbook, but in no layout xlbudget knows (no budget table at all)."""
        return any(f.rule == "R.no_tables" for f in self.findings)

    def count(self, severity: Severity | str) -> int:
        """Findings of one severity (``Severity.ERROR`` or ``"error"``)."""
        return sum(f.severity == severity for f in self.findings)

    @property
    def has_errors(self) -> bool:
        return self.unreadable is None and self.count(Severity.ERROR) > 0


@dataclass
class Examination:
    """A budget's findings, the localisation behind its root-cause findings, and the rules a
    missing column kept from being checked ((table, column) → rule ids)."""

    findings: list[Finding]
    localisation: Localisation
    unchecked: dict[tuple[int, str], list[str]] = field(default_factory=dict)


def check_budget(budget: Budget) -> list[Finding]:
    """Every rule over a budget in memory (no reader findings); the error comparisons that fail
    are reported by root cause (:mod:`.causes`), the rest as their rules made them."""
    return examine(budget).findings


def examine(budget: Budget) -> Examination:
    """:func:`check_budget`, keeping the localisation (the causes with their identities)."""
    context = Context(budget)
    judged, plain = judge_rules(context)
    found, localisation = root_causes(judged, budget)
    return Examination(plain + found, localisation, context.skipped)


Judged = list[tuple[Identity, Finding | None]]


def judge_rules(context: Context) -> tuple[Judged, list[Finding]]:
    """Every rule of the budget's region over the context: the identities the comparisons stand for
    (each with its finding when it fails) for localisation, and the other findings."""
    plain: list[Finding] = []
    # Every comparison in rule order; one that holds becomes an identity only when an error
    # needs localising (a correct book builds none).
    compared: list[tuple[Rule, Outcome, Finding | None]] = []
    structural: list[Finding] = []  # findings that put a row's place in the tree in doubt
    failing = False
    for rule in rules(context.budget.profile.region):
        context.rule = rule.id
        for outcome in rule.check(context):
            finding = judge(rule, outcome, printed_scale(context.table(outcome.table)))
            compared.append((rule, outcome, finding))
            if finding is None:
                continue
            if finding.severity is not Severity.ERROR or as_identity(rule, outcome) is None:
                plain.append(finding)
            else:
                failing = True
            if isinstance(outcome, Flag) and outcome.structural:
                structural.append(finding)
    judged: Judged = [(identity, finding) for rule, outcome, finding in compared
                      if (identity := as_identity(rule, outcome)) is not None] if failing else []
    return attach_to_structure(judged, plain, structural, row_cells(context.budget))


def check_result(result: ReadResult) -> Report:
    budget = result.budget
    if budget.tables and all(table.is_blank for table in budget.tables.values()):
        findings = [*read_findings(result), _unfilled(budget)]  # a blank template: no check yet
    elif budget.tables:
        examination = examine(budget)
        findings = read_findings(result, examination.unchecked) + examination.findings
    else:
        findings = read_findings(result)
    findings.sort(key=sort_key)
    if not budget.tables:  # no layout recognised: no profile to speak of
        return Report(result.path, None, [], findings)
    return Report(result.path, budget.profile.name, sorted(budget.tables), findings,
                  catalogue=catalog_year(budget.year), region=budget.profile.region.key)


def _unfilled(budget: Budget) -> Finding:
    return Finding("R.empty", Severity.INFO, "", (), None, None,
                   f"工作簿的 {len(budget.tables)} 张表均未填写金额（空白模板），未做校验",
                   f"none of the book's {len(budget.tables)} tables holds an amount (a blank "
                   "template): nothing was checked")


# Further checks over the budget a caller adds (the 说明 check lives above this stage).
Extra = Callable[[Budget], list[Finding]]


def check(path: str | PathLike[str], extra: Extra | None = None,
          engine: str = "calamine") -> Report:
    """Read and check one workbook, plus ``extra`` checks over its budget. An unreadable file
    gives a report that says why. ``engine`` reads the values with python-calamine (.xlsx, .xls,
    .xlsb, .ods) or, for an .xlsx, with openpyxl; the findings are the same."""
    path = Path(path)
    try:
        result = read_workbook(path, engine)
        report = check_result(result)
        if extra is not None:
            report.findings.extend(extra(result.budget))
        return report
    except UnreadableError as exc:
        return Report(path, None, [], [], exc)
    except Exception as exc:  # a bug must not cost the user the rest of a folder run
        return Report(path, None, [], [], UnreadableError(
            f"读取或校验时发生内部错误（请报告此问题）：{type(exc).__name__}: {exc}",
            f"internal error while reading or checking (please report it): "
            f"{type(exc).__name__}: {exc}"))
