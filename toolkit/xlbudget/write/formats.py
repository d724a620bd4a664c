"""The cell formats of every sheet xlbudget writes (xlsxwriter), created once per workbook."""

from __future__ import annotations

from typing import Any

from xlsxwriter.workbook import Workbook

from xlbudget.write.layout import Placed, Style

FONT = "宋体"
AMOUNT_FORMAT = "#,##0.00"
ZERO_BLANK_FORMAT = '#,##0.00;-#,##0.00;""'


class Formats:
    """The workbook's cell formats, created once per workbook."""

    def __init__(self, book: Workbook) -> None:
        base: dict[str, Any] = {"font_name": FONT, "font_size": 10, "valign": "vcenter"}
        boxed = {**base, "border": 1}
        amount = {**boxed, "num_format": AMOUNT_FORMAT}
        # Computed cells leave a zero blank, as the published forms do; typed cells keep the
        # plain #,##0.00 so a user sees exactly what they entered.
        computed = {**amount, "num_format": ZERO_BLANK_FORMAT, "bg_color": "#F2F2F2"}
        self.book = book
        self.table_label = book.add_format({**base, "bold": True, "font_size": 11})
        self.title = book.add_format({**base, "bold": True, "font_size": 16, "align": "center"})
        self.unit_left = book.add_format(base)
        self.unit_right = book.add_format({**base, "align": "right"})
        self.header = book.add_format(
            {**boxed, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#DDEBF7"}
        )
        self.note = book.add_format({**base, "text_wrap": True, "valign": "top"})
        self.help = book.add_format({**base, "text_wrap": True, "font_color": "#595959"})
        self.count = book.add_format({**boxed, "num_format": "0"})
        self.quantity = book.add_format({**boxed, "num_format": "#,##0.00"})
        self.text = book.add_format({**boxed, "text_wrap": True})
        self.key = book.add_format({**boxed, "font_color": "#808080", "num_format": "@"})
        self.amount = book.add_format(amount)
        self.computed = book.add_format(computed)
        self.by_style = {
            Style.CODE: book.add_format({**boxed, "align": "center", "num_format": "@"}),
            Style.TEXT: self.text,
            Style.AMOUNT: self.amount,
            Style.FORMULA: self.computed,
            Style.TOTAL_LABEL: book.add_format({**boxed, "bold": True, "align": "center"}),
            Style.TOTAL_FORMULA: book.add_format({**computed, "bold": True}),
        }
        self.labels = [book.add_format({**boxed, "indent": level}) for level in range(4)]

    def of(self, cell: Placed) -> Any:
        if cell.style is Style.LABEL:
            return self.labels[min(cell.indent, 3)]
        return self.by_style[cell.style]
