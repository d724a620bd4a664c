"""pandera schemas: codes, names and amounts of every coded table, validated once per book.

Two frames per workbook — one row per printed coded row, with the catalogue's verdict on its
code and name (:mod:`.codes`), and one per negative amount — checked lazily by one schema (pandera
has no per-check severity, so each check is there once per severity and its name carries it:
``code@error``, ``name@info``; one validation of the frame reports them all). Failures become
:class:`Flag` outcomes of the rules ``T{n}.code``, ``T{n}.name``, ``T{n}.duplicate`` and
``T{n}.negative`` in the rulebook.

pandas and pandera cost about half a second to import, more than checking a whole book; they
are imported only when a book has a row the schemas could fail — a verdict other than fine, a
code printed twice, a negative amount. A book with none of these has nothing to fail.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from xlbudget.check.codes import ERROR, FINE, INFO, WARNING, Verdict, verdicts
from xlbudget.check.engine import Check, Flag, Outcome
from xlbudget.check.figures import Context
from xlbudget.check.findings import Severity, money
from xlbudget.model import Budget

if TYPE_CHECKING:
    import pandas as pd
    import pandera.pandas as pa

SEVERITIES = {ERROR: Severity.ERROR, WARNING: Severity.WARNING, INFO: Severity.INFO}


def _unique_code(frame: pd.DataFrame) -> pd.Series:
    """A code listed twice is an error — except a 类 or 款 printed in two blocks, each occurrence
    heading rows of its own."""
    return ~frame.duplicated(subset=["table", "code", "project"], keep="first") | frame["heads"]


def _row_schema() -> pa.DataFrameSchema:
    import pandera.pandas as pa

    checks = [pa.Check(_unique_code, name=f"duplicate_code@{ERROR}")]
    for severity in (ERROR, WARNING, INFO):
        checks += [
            pa.Check(lambda f, s=severity: f["code_verdict"] != s, name=f"code@{severity}"),
            pa.Check(lambda f, s=severity: f["name_verdict"] != s, name=f"name@{severity}"),
        ]
    return pa.DataFrameSchema(
        {"table": pa.Column(int), "code": pa.Column(str), "name": pa.Column(str)},
        checks=checks)


@cache
def _schemas() -> tuple[pa.DataFrameSchema, pa.DataFrameSchema]:
    import pandera.pandas as pa

    amounts = pa.DataFrameSchema(
        {"table": pa.Column(int), "negative": pa.Column(bool, pa.Check(
            lambda s: ~s, name=f"non_negative@{ERROR}"))})
    return _row_schema(), amounts


@dataclass(frozen=True)
class Failure:
    table: int
    check: str
    severity: Severity
    record: dict[str, Any]


def _code_frame(found: list[Verdict]) -> pd.DataFrame:
    import pandas as pd

    records = [{**vars(v.printed), "code_verdict": v.code, "code_reason": v.code_reason,
                "name_verdict": v.name, "official": v.official, "other_year": v.other_year}
               for v in found]
    columns = ["table", "kind", "code", "name", "project", "cell", "name_cell", "heads",
               "placed", "code_verdict", "code_reason", "name_verdict", "official", "other_year"]
    return pd.DataFrame(records, columns=columns)


def _negatives(budget: Budget) -> list[dict[str, Any]]:
    """Only the suspicious amounts need a frame row, compared exactly (Decimal) before."""
    return [{"table": n, "negative": True, "cell": row.cells.get(key, ""), "exact": value}
            for n, t in budget.tables.items()
            for row in (r for b in t.spec.blocks for r in t.block_rows(b.key))
            for key, value in row.amounts.items() if value < 0]


def _amount_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(records, columns=["table", "negative", "cell", "exact"]).astype(
        {"table": int, "negative": bool})


def _in_doubt(found: list[Verdict]) -> bool:
    """A row the row schemas could fail: a verdict other than fine, or a code printed twice."""
    keys = [(v.printed.table, v.printed.code, v.printed.project) for v in found]
    return (any(v.code != FINE or v.name != FINE for v in found)
            or len(set(keys)) < len(keys))


def _failures(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> Iterator[Failure]:
    """The rows ``schema`` fails, once per (check, row), with the severity the check's name
    carries; taken from pandera's failure cases as whole columns — no per-row pandas
    iteration."""
    from pandera.errors import SchemaErrors

    if frame.empty:
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            schema.validate(frame, lazy=True)
    except SchemaErrors as errors:
        cases = errors.failure_cases[["check", "index"]].dropna(subset=["index"])
        # A frame-wide check lists its failing row once per column: report it once.
        cases = cases.astype({"index": int}).drop_duplicates()
        records = frame.loc[cases["index"].to_numpy()].to_dict("records")
        for name, record in zip(cases["check"].astype(str), records, strict=True):
            check, _, severity = name.partition("@")
            yield Failure(int(record["table"]), check, SEVERITIES[severity],
                          {str(k): v for k, v in record.items()})


def validate(budget: Budget) -> list[Failure]:
    found, negatives = verdicts(budget), _negatives(budget)
    failures: list[Failure] = []
    if _in_doubt(found):
        failures += _failures(_schemas()[0], _code_frame(found))
    if negatives:
        failures += _failures(_schemas()[1], _amount_frame(negatives))
    return failures


def _cached(context: Context) -> list[Failure]:
    """One validation per check, shared by every T*.code/name/duplicate/negative rule."""
    if "schemas" not in context.memo:
        context.memo["schemas"] = validate(context.budget)
    failures: list[Failure] = context.memo["schemas"]
    return failures


CODE_MESSAGES = {
    "malformed": ("科目代码格式不正确", "malformed code"),
    "unknown": ("分类科目中没有这个代码", "no such code in the classification"),
    "unlisted": ("不在本年度分类科目中（该类的款完整收录）",
                 "not in the year's classification (its 类's 款 are all listed)"),
    "uncertain": ("未收录于内置分类目录（目录此处不完整，请核对）",
                  "not in the bundled catalogue, which is incomplete here: check it"),
    "adjacent": ("见于 {year} 年分类科目，本年度目录未列（科目可能已调整）",
                 "listed in the {year} classification, not in this year's (renamed or moved?)"),
}


def schema_rule(number: int, checks: tuple[str, ...]) -> Check:
    """The rulebook's view of the schema failures for one table and some checks."""

    def check(context: Context) -> Iterator[Outcome]:
        for failure in _cached(context):
            if failure.table == number and failure.check in checks:
                yield _flag(number, failure)

    return check


def _flag(number: int, failure: Failure) -> Flag:
    record = failure.record
    if failure.check == "non_negative":
        return Flag(number, (record["cell"],), "金额为负数", "negative amount",
                    actual=money(record["exact"]))
    if failure.check == "name":
        return Flag(number, (record["name_cell"] or record["cell"],), record["code"],
                    record["code"], expected=record["official"], actual=record["name"],
                    severity=failure.severity)
    subject = f"{record['code']} {record['name']}".strip()
    if failure.check == "duplicate_code":
        zh, en = "同一科目在表中出现两次", "the same code appears twice"
    else:
        zh, en = CODE_MESSAGES[record["code_reason"]]
        zh, en = zh.format(year=record["other_year"]), en.format(year=record["other_year"])
    structural = failure.check == "duplicate_code" or record["code_reason"] == "malformed"
    meant = record["placed"] or None if record["code_reason"] == "malformed" else None
    if meant:  # the row's place in the tree says which code was meant (20850502 → 2080502)
        zh, en = f"{zh}，按所在位置应为 {meant}", f"{en}; by its place, {meant} was meant"
    return Flag(number, (record["cell"],), f"{subject}（{zh}）", f"{subject} ({en})",
                expected=meant, actual=record["code"] if meant else None,
                severity=failure.severity, structural=structural)
