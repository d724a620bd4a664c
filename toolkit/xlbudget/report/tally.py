"""What a folder run keeps of each book once its report has been printed: its counts.

A province-wide run streams its reports (text or JSON lines) as the books complete; holding
every finding of a thousand books until the end would grow memory with the folder. A
:class:`Brief` answers what the summary table, the ``--summary`` file and the exit code ask —
path, profile, counts, unreadable, unsupported — as a :class:`~xlbudget.check.run.Report` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from xlbudget.check.findings import Severity
from xlbudget.check.run import Report
from xlbudget.read.safety import UnreadableError


class Counted(Protocol):
    """A report, or its brief."""

    @property
    def path(self) -> Path: ...

    @property
    def profile(self) -> str | None: ...

    @property
    def unreadable(self) -> UnreadableError | None: ...

    @property
    def unsupported(self) -> bool: ...

    @property
    def has_errors(self) -> bool: ...

    def count(self, severity: Severity | str) -> int: ...


@dataclass(frozen=True)
class Brief:
    path: Path
    profile: str | None
    unreadable: UnreadableError | None
    counts: dict[str, int]
    unsupported: bool

    @classmethod
    def of(cls, report: Report) -> Brief:
        return cls(report.path, report.profile, report.unreadable,
                   {str(s): report.count(s) for s in Severity}, report.unsupported)

    def count(self, severity: Severity | str) -> int:
        return self.counts.get(str(severity), 0)

    @property
    def has_errors(self) -> bool:
        return self.unreadable is None and self.count(Severity.ERROR) > 0
