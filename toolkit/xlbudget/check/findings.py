"""Findings are data: flat frozen records, never exceptions.

A finding names its rule (a stable id), severity, table, every cell involved (``sheet!A1``), the
expected and actual values (exact decimal text) and its message in Chinese and English.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Lang(StrEnum):
    """The language of a message: every finding carries both."""

    ZH = "zh"
    EN = "en"


class Severity(StrEnum):
    ERROR = "error"  # the publication is wrong
    WARNING = "warning"  # usually wrong, but a legitimate budget can do it
    INFO = "info"  # worth a look (and rounding differences within tolerance)


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


def money(value: Decimal | None) -> str | None:
    """Exact text of an amount: at least two decimals, never exponent notation."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    whole, _, frac = text.partition(".")
    return f"{whole}.{frac.ljust(2, '0')}"


class Kind(StrEnum):
    """What an error finding is, after localisation (:mod:`xlbudget.check.localise`)."""

    PLAIN = ""  # a finding as its rule made it (names, codes, warnings, info, …)
    CAUSE = "cause"  # a root cause: this cell is wrong; ``consequences`` are what it breaks
    AMBIGUOUS = "ambiguous"  # one of ``cells`` is wrong, and the identities cannot tell which
    STRUCTURE = "structure"  # a code puts the table's tree in doubt; its sums are consequences


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    table: str  # "表2", or "" for the workbook as a whole
    cells: tuple[str, ...]
    expected: str | None
    actual: str | None
    message_zh: str
    message_en: str
    kind: Kind = Kind.PLAIN
    consequences: tuple[Finding, ...] = ()  # the broken identities a cause explains
    subject_zh: str = ""  # what the finding is about (a row and column), without its figures
    subject_en: str = ""
    # C.* (check --units): each unit's part of the figure — (unit, its cell, its amount)
    breakdown: tuple[tuple[str, str, str], ...] = ()

    def message(self, lang: Lang = Lang.ZH) -> str:
        return self.message_zh if lang is Lang.ZH else self.message_en

    def subject(self, lang: Lang = Lang.ZH) -> str:
        return self.subject_zh if lang is Lang.ZH else self.subject_en

    def as_dict(self, lang: Lang = Lang.ZH) -> dict[str, object]:
        entry: dict[str, object] = {
            "rule": self.rule,
            "severity": str(self.severity),
            "table": self.table,
            "cells": list(self.cells),
            "expected": self.expected,
            "actual": self.actual,
            "message": self.message(lang),
        }
        if self.breakdown:
            entry["units"] = [{"unit": unit, "cell": cell, "amount": amount}
                              for unit, cell, amount in self.breakdown]
        if self.kind is not Kind.PLAIN:
            entry["kind"] = str(self.kind)
            entry["consequences"] = [c.as_dict(lang) for c in self.consequences]
        return entry


def sort_key(finding: Finding) -> tuple[int, int, str, str]:
    number = int(finding.table[1:]) if finding.table.startswith("表") else 0
    return (number, SEVERITY_ORDER[finding.severity], finding.rule, ",".join(finding.cells))
