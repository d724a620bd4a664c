"""The department's 说明 inputs from its units': what adds up added, the rest listed per unit.

Form sheets: a figure counted or measured in its own unit (人, 辆, 台, 个, 万元, 平方米) is the
units' sum; a setting (the year, a number of decimals) or a text is the units' one value when
they agree, else each unit's, named (``单位甲：…；单位乙：…``). List sheets: a row with a key
(上年预算数's fixed rows) or the same 章节 and 科目/项目 is one row, its amounts summed, its texts
listed per unit; a project row is the unit's own, named after the project as in 表7. The 部门所属
单位 sheet lists the units and their kinds.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from xlbudget.model import Inputs, InputValue, empty_inputs
from xlbudget.spec.inputs import InputSheet, ValueKind
from xlbudget.spec.profiles import Profile

if TYPE_CHECKING:
    from xlbudget.consolidate.units import Unit

SETTINGS = ("", "年")  # a form row in no unit, or in years, is a setting, not a figure
IDENTITY = ("key", "section", "code", "subject", "label")  # what names a list row
PROJECT = "name"  # a list sheet's project-name column: the unit's own project
UNITS_SHEET = "sh_units"  # 部门所属单位: filled from the units


def _number(value: InputValue) -> Decimal | None:
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return Decimal(value)
    return None


def _listed(values: list[tuple[str, InputValue]]) -> InputValue:
    """One value if the units agree, else each unit's, named."""
    given = [(name, v) for name, v in values if v not in (None, "")]
    if not given:
        return None
    if len({str(v) for _, v in given}) == 1:
        return given[0][1]
    return "；".join(f"{name}：{v}" for name, v in given)


def _summed(values: list[tuple[str, InputValue]], kind: ValueKind) -> InputValue:
    numbers = [_number(v) for _, v in values if v not in (None, "")]
    if not numbers or any(n is None for n in numbers):
        return _listed(values)  # text where a figure belongs: kept, per unit
    total = sum((n for n in numbers if n is not None), Decimal(0))
    return int(total) if kind is ValueKind.COUNT else total


def _form(sheet: InputSheet, units: list[Unit], name: str, year: int
          ) -> list[dict[str, InputValue]]:
    out = []
    for spec in sheet.rows:
        values = [(u.name, u.budget.inputs.form(sheet.key).get(spec.key)) for u in units]
        if spec.key == "unit_name":
            value: InputValue = name
        elif spec.key == "year":
            value = year
        elif spec.kind is not ValueKind.TEXT and spec.unit not in SETTINGS:
            value = _summed(values, spec.kind)
        else:
            value = _listed(values)
        out.append({"key": spec.key, "label": spec.label, "section": spec.section,
                    "unit": spec.unit, "value": value})
    return out


def _list(sheet: InputSheet, units: list[Unit]) -> list[dict[str, InputValue]]:
    kinds = {c.key: c.kind for c in sheet.columns}
    base: dict[tuple[str, ...], dict[str, InputValue]] = {
        ("key", r.key): {"key": r.key, "label": r.label, "section": r.section, "unit": r.unit}
        for r in sheet.rows}
    merged: dict[tuple[str, ...], list[tuple[str, dict[str, InputValue]]]] = {
        identity: [] for identity in base}
    for unit in units:
        for record in unit.budget.inputs.sheet(sheet.key):
            if not any(v not in (None, "") for k, v in record.items() if k in kinds):
                continue
            if record.get(PROJECT) and PROJECT in kinds:
                record = {**record, PROJECT: f"{record[PROJECT]}（{unit.name}）"}
            if record.get("key"):
                identity: tuple[str, ...] = ("key", str(record["key"]))
            else:
                identity = tuple(str(record.get(k) or "") for k in IDENTITY if k in kinds)
                if PROJECT in kinds or not any(identity):
                    identity = (unit.name, str(len(merged)))  # the unit's own row
            merged.setdefault(identity, []).append((unit.name, record))
    out = []
    for identity, rows in merged.items():
        record = dict(base.get(identity, {}))
        for key, kind in kinds.items():
            values = [(name, r.get(key)) for name, r in rows]
            if key in record and not any(v not in (None, "") for _, v in values):
                continue  # a fixed row's own label, section, unit
            record[key] = (_summed(values, kind) if kind is not ValueKind.TEXT
                           else _listed(values))
        out.append(record)
    return out


def department_inputs(profile: Profile, units: list[Unit], name: str) -> Inputs:
    sheets = profile.region.input_sheets
    inputs = empty_inputs(sheets)
    for sheet in sheets:
        if sheet.key == UNITS_SHEET:
            inputs.records[sheet.key] = [{"name": u.name, "kind": u.kind} for u in units]
        elif sheet.form:
            inputs.records[sheet.key] = _form(sheet, units, name, profile.year)
        else:
            inputs.records[sheet.key] = _list(sheet, units)
    return inputs
