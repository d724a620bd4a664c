"""Write: a :class:`~xlbudget.model.Budget` → an .xlsx file (xlsxwriter), and annotated copies.

:mod:`.layout` decides where every cell goes and which cells are formulas (no spreadsheet library
there); :mod:`.workbook` writes the tables, :mod:`.inputs` the narrative's input sheets and
:mod:`.generated` the sheets xlbudget adds (说明, 修改记录, 原表其他内容, carried sheets), all with
:mod:`.formats`. :mod:`.template` writes the blank standard workbook; :mod:`.annotate` marks the
cells of findings in a copy of the user's own workbook (openpyxl). Every write is atomic and every
text is written as text, never as a formula.
"""
