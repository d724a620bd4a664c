"""Fix: a read and checked workbook → the corrections that are certain, applied and logged.

In: a :class:`~xlbudget.read.workbook.ReadResult`. :mod:`.certain` derives only what the tables
determine (a sum from its parts, an official name, a figure two tables agree on) and logs every
change; :mod:`.run` fixes one file end to end — it never writes onto an input — and re-checks the
result. Out: a :class:`~.run.FixOutcome` per file (errors before and after, the change log) and
the written workbook.
"""
