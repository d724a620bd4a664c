"""Read: a file on disk → a :class:`~xlbudget.model.Budget` with the provenance of every value.

In: a path. The file is inspected before any parser sees it (:mod:`.safety`), its sheets become
plain :class:`~.grid.Grid` values (:mod:`.sheets`), tables are found by title and header
(:mod:`.locate`), their rows read into the model (:mod:`.rows`, :mod:`.cells`, uncached formulas
evaluated by :mod:`.formulas`), and the input sheets and everything beyond the spec are kept
(:mod:`.inputs`, :mod:`.extras`). Out: a :class:`~.workbook.ReadResult` — the budget, where each
table was found, and what the reader met (problems, as data). Nothing here judges the budget.
"""
