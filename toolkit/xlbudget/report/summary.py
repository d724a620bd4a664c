"""The per-file summary of a folder run, as rows, and written as CSV or JSON (``--summary``).

CSV cells that begin with = + - @ (or a tab/CR) are prefixed with ' so that no spreadsheet
ever runs a file name or a message as a formula."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlbudget.check.findings import Severity, money
from xlbudget.fileio import atomic_path
from xlbudget.fix.run import FixOutcome
from xlbudget.report.tally import Counted

CHECK_FIELDS = ["path", "status", "errors", "warnings", "info", "reason"]
FIX_FIELDS = ["path", "output", "status", "errors_before", "errors_after", "warnings_after",
              "fixes", "carried_sheets", "stray_cells", "needs_review", "reason"]
_RISKY = ("=", "+", "-", "@", "\t", "\r")


def check_rows(reports: Sequence[Counted]) -> list[dict[str, Any]]:
    return [{"path": str(r.path), "status": "unreadable" if r.unreadable else "ok",
             "errors": r.count(Severity.ERROR), "warnings": r.count(Severity.WARNING),
             "info": r.count(Severity.INFO),
             "reason": r.unreadable.zh if r.unreadable else ""} for r in reports]


def fix_rows(outcomes: list[FixOutcome]) -> list[dict[str, Any]]:
    return [_fix_row(o) for o in outcomes]


def _fix_row(o: FixOutcome) -> dict[str, Any]:
    return {
        "path": str(o.source), "output": str(o.target or ""),
        "status": "unreadable" if o.unreadable else "ok",
        "errors_before": o.before.get("error", 0), "errors_after": o.after.get("error", 0),
        "warnings_after": o.after.get("warning", 0), "fixes": len(o.changes),
        "carried_sheets": len(o.carried), "stray_cells": o.stray,
        "needs_review": "; ".join(f"{f.rule} {' '.join(f.cells[:2])}" for f in o.remaining),
        "reason": o.unreadable[0] if o.unreadable else "",
        # the change log and the refusals themselves: JSON only (a CSV row is one line)
        "changes": [{"cell": c.cell, "before": _shown(c.before), "after": _shown(c.after),
                     "rule": c.rule, "why": c.why_zh} for c in o.changes],
        "refused": [{"rule": r.finding.rule, "cells": list(r.finding.cells), "why": r.why_zh}
                    for r in o.refused],
    }


def _shown(value: Decimal | str | None) -> str | None:
    return money(value) if isinstance(value, Decimal) else value


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_RISKY):
        return "'" + value
    return value


def write_summary(rows: list[dict[str, Any]], fields: list[str], path: Path) -> None:
    """CSV (UTF-8 with BOM, so Excel shows the Chinese) for .csv, JSON otherwise."""
    with atomic_path(path) as tmp:
        if path.suffix.lower() == ".csv":
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore")
            writer.writeheader()
            writer.writerows({k: safe_cell(row.get(k, "")) for k in fields} for row in rows)
            tmp.write_text(buffer.getvalue(), encoding="utf-8-sig")
        else:
            tmp.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
