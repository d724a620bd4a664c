"""Load a transcription (the JSON format of ``shared/transcriptions``) into a :class:`Budget`.

A transcription lists each table's printed columns and rows; this module maps them onto the
spec (columns by position, checked against the spec's labels; fixed rows by position, checked
against their labels) and reads every amount as an exact Decimal. The sample workbooks are built
from it, and the tests compare them against it.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlbudget.model import Budget, Inputs, InputValue, Row, Table, empty_table
from xlbudget.spec.catalog import categories
from xlbudget.spec.inputs import INPUT_SHEETS
from xlbudget.spec.model import Block, Column, ColumnKind, RowSource, TableSpec
from xlbudget.spec.profiles import Profile
from xlbudget.text import fold


class TranscriptionError(ValueError):
    """The transcription does not fit the spec; the message names the table and the cell."""


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


def detect_profile(doc: dict[str, Any]) -> Profile:
    tables = doc["tables"]
    income_labels = [fold(str(r[0] or "")) for r in tables["4"]["rows"]]
    level = "部门" if str(tables["1"]["title"]).startswith("部门") else "单位"
    options = {option for option, taken in (
        ("t2-15", len(tables["2"]["columns"]) == 15),
        ("t4-carryover", any("上年结转" in label for label in income_labels)),
        ("t89-nosplit", len(tables["8"]["columns"]) != 8),
        ("no-t11", "11" not in tables),
    ) if taken}
    return Profile(level, int(doc["year"]), frozenset(options))


def _check_columns(spec: TableSpec, printed: list[str]) -> None:
    leaves = spec.leaves
    if len(printed) != len(leaves):
        raise TranscriptionError(f"{spec.label}: {len(printed)} columns, spec has {len(leaves)}")
    for label, leaf in zip(printed, leaves, strict=True):
        last = str(label).split("-")[-1]
        if not (leaf.matches(last) or fold(last).endswith(fold(leaf.label))):
            raise TranscriptionError(f"{spec.label}: column {label!r} is not {leaf.label!r}")


def _amount(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def _amounts(columns: tuple[Column, ...], values: list[Any]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for column, value in zip(columns, values, strict=True):
        if column.kind is ColumnKind.AMOUNT and value is not None:
            out[column.key] = Decimal(value)
    return out


def _coded_rows(block: Block, rows: list[list[Any]]) -> list[Row]:
    leaves = block.leaves
    out: list[Row] = []
    for raw in rows:
        cells = dict(zip((c.key for c in leaves), raw, strict=True))
        code = "".join(str(cells.get(k) or "") for k in ("lei", "kuan", "xiang"))
        name = str(cells.get("name") or cells.get("item") or "")
        is_total = not code and fold(name) in ("合计", "总计")
        if block.rows is RowSource.PROJECTS and not name and not code:
            name = str(cells.get("project_name") or "")
            is_total = fold(name) == "合计"
        project = cells.get("project_name")
        out.append(Row(
            name="合计" if is_total else name,
            code=code or None,
            project=None if is_total or project is None else str(project),
            amounts=_amounts(leaves, raw),
            is_total=is_total,
            key="total" if is_total else None,
        ))
    if not any(row.is_total for row in out) and block.total is not None:
        out.append(Row(name=block.total.label, key=block.total.key, is_total=True))
    return out


def _side(block: Block, rows: list[list[Any]], offset: int, table: Table) -> None:
    """Fill one side of a two-sided table (表1/表4) from columns offset… of each row."""
    width = len(block.leaves)
    target = table.rows[block.key]
    body = [r for r in target if not r.is_total]
    printed = [r[offset:offset + width] for r in rows]
    *lines, total_line = printed
    lines = [line for line in lines if line[0] is not None]
    if len(lines) != len(body):
        raise TranscriptionError(f"{table.spec.label} {block.key}: {len(lines)} rows, "
                                 f"spec has {len(body)}")
    for row, line in zip(body, lines, strict=True):
        label = str(line[0])
        if block.rows is RowSource.CATEGORIES:
            code, _, name = label.partition(" ")
            if code != row.code:
                raise TranscriptionError(f"{table.spec.label}: 类 {code} where {row.code} expected")
            row.name = name.strip()
        else:
            fixed = block.fixed_row(row.key or "")
            stem = fold(label).lstrip("0123456789.")
            if not (fixed.matches(label) or stem in fold(fixed.label)):
                raise TranscriptionError(
                    f"{table.spec.label}: row {label!r} is not {fixed.label!r}"
                )
            row.name = label  # printed labels vary ("2. 基金预算拨款"); keep the printed one
        row.amounts = _amounts(block.leaves, line)
    total = table.total(block.key)
    if total is not None:
        total.amounts = _amounts(block.leaves, total_line)


def load_table(spec: TableSpec, raw: dict[str, Any], year: int) -> Table:
    _check_columns(spec, raw["columns"])
    table = empty_table(spec, categories(year))
    if len(spec.blocks) == 2:
        _side(spec.blocks[0], raw["rows"], 0, table)
        _side(spec.blocks[1], raw["rows"], len(spec.blocks[0].leaves), table)
    elif spec.blocks[0].rows is RowSource.FIXED:
        block = spec.blocks[0]
        for row, line in zip(table.rows[block.key], raw["rows"], strict=True):
            if not block.fixed_row(row.key or "").matches(str(line[0])):
                raise TranscriptionError(f"{spec.label}: row {line[0]!r} is not {row.name!r}")
            row.name = str(line[0])
            row.amounts = _amounts(block.leaves, line)
    else:
        table.rows["main"] = _coded_rows(spec.blocks[0], raw["rows"])
    table.note = raw.get("note")
    return table


def load_budget(doc: dict[str, Any], inputs: dict[str, Any] | None = None) -> Budget:
    profile = detect_profile(doc)
    tables = {
        spec.number: load_table(spec, doc["tables"][str(spec.number)], profile.year)
        for spec in profile.tables
    }
    return Budget(profile, str(doc["unit"]), profile.year, tables, inputs_from(inputs or {}))


# ── narrative inputs ─────────────────────────────────────────────────────────────────────


def _prior(entry: dict[str, Any]) -> Decimal | None:
    """Last year's figure from the published change: prior = current − change."""
    current, change = Decimal(entry["current"]), Decimal(entry.get("change") or 0)
    direction = entry["direction"]
    if direction == "新增":
        return Decimal("0.00")
    if direction == "持平":
        return current
    sign = {"增加": 1, "减少": -1}[direction]
    return current - sign * change


def inputs_from(doc: dict[str, Any]) -> Inputs:
    """Input records from a transcribed-inputs document (``samples/sources/*.inputs.json``)."""
    records: dict[str, list[dict[str, InputValue]]] = {}
    for sheet in INPUT_SHEETS:
        if sheet.form:
            values = doc.get(sheet.key, {})
            records[sheet.key] = [
                {"key": row.key, "label": row.label, "unit": row.unit,
                 "value": _input_value(values.get(row.key))}
                for row in sheet.rows
            ]
    fixed = {row.key: row for row in INPUT_SHEETS[1].rows}
    prior: list[dict[str, InputValue]] = []
    for row in fixed.values():
        entry = next((e for e in doc.get("prior", []) if e.get("key") == row.key), None)
        prior.append({"key": row.key, "section": row.section, "label": row.label, "code": None,
                      "prior": _prior(entry) if entry else None,
                      "reason": entry.get("reason") if entry else None})
    for entry in doc.get("prior", []):
        if not entry.get("key"):
            prior.append({"key": None, "section": "五(三)", "label": entry["label"],
                          "code": entry["code"], "prior": _prior(entry),
                          "reason": entry.get("reason")})
    records["prior"] = prior
    records["uses"] = [dict(e) for e in doc.get("uses", [])]
    records["projects"] = [dict(e) for e in doc.get("projects", [])]
    return Inputs(records)


def _input_value(value: Any) -> InputValue:
    if value is None or isinstance(value, int | Decimal):
        return value
    text = str(value)
    try:
        return Decimal(text) if text.replace(".", "", 1).isdigit() else text
    except ArithmeticError:
        return text
