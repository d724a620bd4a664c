"""xlsxwriter: the input sheets (概况, 上年预算数, 用途说明, 项目说明, 政府采购, 国有资产, 绩效).

Layout of every input sheet: row 0 title, row 1 help text, row 2 header, then records. The
key column lets a reader find a row by key whatever the user did to the order.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from xlbudget.addresses import cell_name
from xlbudget.model import InputValue
from xlbudget.spec.inputs import InputSheet, ValueKind
from xlbudget.write.formats import Formats
from xlbudget.write.layout import row_height, text_lines

FIRST_RECORD = 3


def write_input_sheet(
    book: Workbook, formats: Formats, spec: InputSheet, records: list[dict[str, InputValue]]
) -> None:
    sheet = book.add_worksheet(spec.name)
    last_col = len(spec.columns) - 1
    sheet.merge_range(0, 0, 0, last_col, spec.title, formats.title)
    sheet.merge_range(1, 0, 1, last_col, spec.help, formats.help)
    sheet.set_row(0, 28)
    sheet.set_row(1, 32)
    for col, column in enumerate(spec.columns):
        sheet.write_string(2, col, column.label, formats.header)
        sheet.set_column(col, col, column.width)
    rows = _rows_with_blanks(spec, records)
    row_of = {str(rec["key"]): FIRST_RECORD + i for i, rec in enumerate(rows) if rec.get("key")}
    values = {str(rec["key"]): rec.get("value") for rec in rows if rec.get("key")}
    for offset, record in enumerate(rows):
        _write_record(sheet, formats, spec, FIRST_RECORD + offset, record, (row_of, values))
        lines = max((text_lines(str(record[c.key]), c.width) for c in spec.columns
                     if isinstance(record.get(c.key), str)), default=1)
        sheet.set_row(FIRST_RECORD + offset, row_height(lines))
    sheet.freeze_panes(FIRST_RECORD, 0)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(2, 2)


def _rows_with_blanks(
    spec: InputSheet, records: list[dict[str, InputValue]]
) -> list[dict[str, InputValue]]:
    """The records, plus room for the user: the spec's free rows in an empty sheet, a few
    spare ones in a filled one."""
    base = records or [{"key": r.key, "label": r.label, "section": r.section, "unit": r.unit}
                       for r in spec.rows]
    filled_free = len(base) - len(spec.rows)
    spare = spec.free_rows if filled_free <= 0 else min(10, spec.free_rows)
    return base + [{} for _ in range(spare if spec.free_rows else 0)]


def _value_kind(spec: InputSheet, record: dict[str, InputValue], column: str) -> ValueKind:
    if spec.form and column == "value" and record.get("key"):
        try:
            return spec.row(str(record["key"])).kind
        except KeyError:
            return ValueKind.TEXT
    return next((c.kind for c in spec.columns if c.key == column), ValueKind.TEXT)


def _write_record(
    sheet: Worksheet,
    formats: Formats,
    spec: InputSheet,
    row: int,
    record: dict[str, InputValue],
    keyed: tuple[dict[str, int], dict[str, InputValue]],
) -> None:
    row_of, values = keyed
    sums = _sum_of(spec, record)
    for col, column in enumerate(spec.columns):
        kind = _value_kind(spec, record, column.key)
        if column.key == "value" and sums:
            # A total of other rows (车辆合计, 采购合计): a formula carrying its cached value.
            refs = [cell_name(row_of[k], col) for k in sums if k in row_of]
            cached = sum((Decimal(str(values.get(k) or 0)) for k in sums), Decimal(0))
            entered = record.get("value")
            if entered is not None and Decimal(str(entered)) != cached:
                # What the user entered stays; the checker reports the disagreement.
                _write_value(sheet, formats, row, col, column.key, kind, entered)
                continue
            sheet.write_formula(row, col, f"=SUM({','.join(refs)})", formats.computed,
                                float(cached))
            continue
        _write_value(sheet, formats, row, col, column.key, kind, record.get(column.key))


def _sum_of(spec: InputSheet, record: dict[str, InputValue]) -> tuple[str, ...]:
    if not spec.form or not record.get("key"):
        return ()
    try:
        return spec.row(str(record["key"])).sum_of
    except KeyError:
        return ()


def _write_value(sheet: Worksheet, formats: Formats, row: int, col: int, column: str,
                 kind: ValueKind, value: InputValue) -> None:
    fmt: Any = formats.key if column == "key" else _format(formats, kind)
    if value is None or value == "":
        sheet.write_blank(row, col, None, fmt)
    elif kind in (ValueKind.AMOUNT, ValueKind.QUANTITY, ValueKind.COUNT) and not isinstance(
        value, str
    ):
        sheet.write_number(row, col, float(value), fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)


def _format(formats: Formats, kind: ValueKind) -> Any:
    return {
        ValueKind.AMOUNT: formats.amount,
        ValueKind.COUNT: formats.count,
        ValueKind.QUANTITY: formats.quantity,
    }.get(kind, formats.text)
