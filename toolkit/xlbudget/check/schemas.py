"""pandera schemas: codes, names and amounts of every coded table, validated in one pass.

Two frames per workbook — one row per coded table row, one per amount — checked lazily by one
error schema and one warning schema (pandera has no per-check severity in lazy mode, so the
severity lives in which schema a check belongs to). Failures become :class:`Flag` outcomes of the
rules ``T{n}.code``, ``T{n}.name``, ``T{n}.duplicate`` and ``T{n}.negative`` in the rulebook.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from xlbudget.check.engine import Check, Flag, Outcome
from xlbudget.check.figures import Context
from xlbudget.check.findings import Severity
from xlbudget.model import Budget, Table, parents
from xlbudget.spec.catalog import CodeStatus, economic, functional
from xlbudget.spec.model import RowSource
from xlbudget.text import fold

FUNCTIONAL_CODE = r"\d{3}(?:\d{2}){0,2}"
ECONOMIC_CODE = r"\d{3}(?:\d{2})?"
CODED = (RowSource.FUNCTIONAL, RowSource.ECONOMIC, RowSource.PROJECTS)


def _code_format(frame: pd.DataFrame) -> pd.Series:
    functional_ok = frame["code"].str.fullmatch(FUNCTIONAL_CODE)
    economic_ok = frame["code"].str.fullmatch(ECONOMIC_CODE)
    return functional_ok.where(frame["kind"] == "functional", economic_ok).astype(bool)


def _official_name(frame: pd.DataFrame) -> pd.Series:
    return (frame["official"] == "") | (frame["folded"] == frame["official_folded"])


def _unique_code(frame: pd.DataFrame) -> pd.Series:
    """A code listed twice is an error — except a 类 or 款 printed in two blocks, each occurrence
    heading rows of its own."""
    return ~frame.duplicated(subset=["table", "code", "project"], keep="first") | frame["heads"]


@cache
def _schemas() -> tuple[pa.DataFrameSchema, pa.DataFrameSchema, pa.DataFrameSchema]:
    rows_error = pa.DataFrameSchema(
        {
            "table": pa.Column(int),
            "code": pa.Column(str),
            "name": pa.Column(str),
            "status": pa.Column(str, pa.Check(lambda s: s != "unknown", name="known_code")),
        },
        checks=[
            pa.Check(_code_format, name="code_format"),
            pa.Check(_official_name, name="official_name"),
            pa.Check(_unique_code, name="duplicate_code"),
        ],
    )
    rows_warning = pa.DataFrameSchema(
        {"status": pa.Column(str, pa.Check(lambda s: s != "uncertain", name="catalogue_coverage"))}
    )
    amounts = pa.DataFrameSchema(
        {
            "table": pa.Column(int),
            "value": pa.Column(float, pa.Check(lambda s: s >= 0, name="non_negative")),
        }
    )
    return rows_error, rows_warning, amounts


@dataclass(frozen=True)
class Failure:
    table: int
    check: str
    severity: Severity
    record: dict[str, Any]


ROW_COLUMNS = ["table", "kind", "code", "name", "project", "status", "official", "folded",
               "official_folded", "cell", "name_cell", "heads"]
AMOUNT_COLUMNS = ["table", "value", "cell", "exact"]


def _code_records(number: int, table: Table, year: int) -> Iterator[dict[str, Any]]:
    """One record per coded row as printed (derived subtotals are not the user's)."""
    block = table.spec.blocks[0]
    if block.rows not in CODED:
        return
    kind = "economic" if block.rows is RowSource.ECONOMIC else "functional"
    catalog = (economic if kind == "economic" else functional)(year)
    body = table.body()
    heads = {p for p in parents(body) if p is not None}
    for index, row in enumerate(body):
        if not row.code or row.derived:
            continue
        official = catalog.name(row.code) or ""
        yield {"table": number, "kind": kind, "code": row.printed_code or row.code,
               "name": row.name,
               "project": row.project or "",
               "status": str(catalog.status(row.code) if row.code.isdigit()
                             and not row.printed_code else CodeStatus.UNKNOWN),
               "official": official, "folded": fold(row.name),
               "official_folded": fold(official),
               "cell": row.cells.get("code") or row.cells.get("name") or "",
               "name_cell": row.cells.get("name") or "", "heads": index in heads}


def _negative_records(number: int, table: Table) -> Iterator[dict[str, Any]]:
    """Only the suspicious amounts need a frame row: the schema sees the negative ones."""
    for row in (r for b in table.spec.blocks for r in table.block_rows(b.key)):
        for key, value in row.amounts.items():
            if value < 0:
                yield {"table": number, "value": float(value), "cell": row.cells.get(key, ""),
                       "exact": value}


def _frames(budget: Budget) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = [r for n, t in budget.tables.items() for r in _code_records(n, t, budget.year)]
    amounts = [r for n, t in budget.tables.items() for r in _negative_records(n, t)]
    return (pd.DataFrame(rows, columns=ROW_COLUMNS),
            pd.DataFrame(amounts, columns=AMOUNT_COLUMNS).astype({"table": int, "value": float}))


def _failures(
    schema: pa.DataFrameSchema, frame: pd.DataFrame, severity: Severity
) -> Iterator[Failure]:
    if frame.empty:
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            schema.validate(frame, lazy=True)
    except SchemaErrors as errors:
        seen: set[tuple[str, int]] = set()
        for _, case in errors.failure_cases.iterrows():
            index = case["index"]
            # A frame-wide check lists its failing row once per column: report it once.
            if index is None or pd.isna(index) or (str(case["check"]), int(index)) in seen:
                continue
            seen.add((str(case["check"]), int(index)))
            record = {str(k): v for k, v in frame.loc[int(index)].to_dict().items()}
            yield Failure(int(record["table"]), str(case["check"]), severity, record)


def validate(budget: Budget) -> list[Failure]:
    rows, amounts = _frames(budget)
    rows_error, rows_warning, amount_schema = _schemas()
    failures = [
        *_failures(rows_error, rows, Severity.ERROR),
        *_failures(rows_warning, rows, Severity.WARNING),
        *_failures(amount_schema, amounts, Severity.ERROR),
    ]
    # A malformed code is reported once, as malformed, not again as unknown.
    malformed = {(f.table, f.record["code"]) for f in failures if f.check == "code_format"}
    return [
        f
        for f in failures
        if f.check != "known_code" or (f.table, f.record["code"]) not in malformed
    ]


def _cached(context: Context) -> list[Failure]:
    """One validation per check, shared by every T*.code/name/duplicate/negative rule."""
    if "schemas" not in context.memo:
        context.memo["schemas"] = validate(context.budget)
    failures: list[Failure] = context.memo["schemas"]
    return failures


MESSAGES = {
    "code_format": ("科目代码格式不正确", "malformed code"),
    "known_code": ("代码不在本年度分类科目中", "code not in the year's classification"),
    "catalogue_coverage": (
        "代码未收录于内置分类科目（目录不完整，请核对）",
        "code not in the bundled catalogue (which is incomplete here: check it)",
    ),
    "official_name": ("科目名称与分类科目的规范名称不一致", "name differs from the official name"),
    "duplicate_code": ("同一科目在表中出现两次", "the same code appears twice"),
    "non_negative": ("金额为负数", "negative amount"),
}


def schema_rule(number: int, checks: tuple[str, ...]) -> Check:
    """The rulebook's view of the schema failures for one table and some checks."""

    def check(context: Context) -> Iterator[Outcome]:
        for failure in _cached(context):
            if failure.table != number or failure.check not in checks:
                continue
            record = failure.record
            zh, en = MESSAGES[failure.check]
            if failure.check == "non_negative":
                yield Flag(number, (record["cell"],), zh, en, actual=str(record["exact"]))
                continue
            if failure.check == "official_name":
                cell = record["name_cell"] or record["cell"]
                yield Flag(
                    number,
                    (cell,),
                    record["code"],
                    record["code"],
                    expected=record["official"],
                    actual=record["name"],
                )
                continue
            subject = f"{record['code']} {record['name']}".strip()
            yield Flag(number, (record["cell"],), f"{subject}（{zh}）", f"{subject} ({en})",
                       severity=failure.severity,
                       structural=failure.check in ("code_format", "duplicate_code"))

    return check
