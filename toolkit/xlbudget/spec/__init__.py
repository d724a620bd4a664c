"""Spec: what a budget workbook is, as data — no I/O, no judgement.

In: nothing (it is the project's knowledge). Out: the table specs (:mod:`.tables`,
:mod:`.fixed_tables`: titles, header trees, fixed rows, totals, row sums), the profiles that
pick a variant of each table (:mod:`.profiles`), the narrative's input sheets (:mod:`.inputs`)
and the classification catalogues by year (:mod:`.catalog`, files under ``catalogs/``). The
reader, the writer, the schemas and the rules all read this one description.
"""
