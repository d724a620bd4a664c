"""The JSON contract of ``xlbudget check --format json`` (documented in docs/json.md)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from xlbudget.addresses import column_number
from xlbudget.check.findings import Lang, Severity
from xlbudget.check.run import Report
from xlbudget.report.tally import Counted

FORMAT_VERSION = 1


def file_entry(report: Report, lang: Lang) -> dict[str, Any]:
    return {
        "path": str(report.path),
        "profile": report.profile,
        "region": report.region,
        "catalogue": report.catalogue,
        "tables": [f"表{n}" for n in report.tables],
        "unreadable": (report.unreadable.zh if lang is Lang.ZH else report.unreadable.en)
        if report.unreadable else None,
        "counts": {str(s): report.count(s) for s in Severity},
        "findings": [_placed(f.as_dict(lang)) if report.path.suffix.lower() == ".pdf"
                     else f.as_dict(lang) for f in report.findings],
    }


_PRINTED = re.compile(r"p(\d+)!([A-Z]+)(\d+)")


def _placed(entry: dict[str, Any]) -> dict[str, Any]:
    """A PDF's finding with ``places``: each cell's page, and its row and column on that
    page's table (1-based, as the ``p9!E7`` name says), for a review page to point at."""
    places = []
    for cell in entry["cells"]:
        if match := _PRINTED.fullmatch(cell):
            page, letters, row = match.groups()
            places.append({"page": int(page), "row": int(row), "column": column_number(letters)})
    entry["places"] = places
    if "consequences" in entry:
        entry["consequences"] = [_placed(c) for c in entry["consequences"]]
    return entry


def summary(reports: Sequence[Counted]) -> dict[str, Any]:
    return {
        "files": len(reports),
        "unreadable": sum(r.unreadable is not None for r in reports),
        "files_with_errors": sum(r.has_errors for r in reports),
        **{str(s): sum(r.count(s) for r in reports) for s in Severity},
    }


def document(reports: list[Report], lang: Lang) -> dict[str, Any]:
    return {"version": FORMAT_VERSION, "files": [file_entry(r, lang) for r in reports],
            "summary": summary(reports)}


def exit_code(reports: Sequence[Counted]) -> int:
    """2 if any file could not be read or holds no budget table, else 1 if any has an error
    finding, else 0."""
    if any(r.unreadable or r.unsupported for r in reports):
        return 2
    return 1 if any(r.has_errors for r in reports) else 0
