"""Spec: what a budget workbook is, as data — no I/O, no judgement.

In: nothing (it is the project's knowledge). Out: each region's tables, layout options and rules
(:mod:`.regions`, one TOML file per region under ``regions/``: titles, header trees, fixed rows,
totals, row sums, identities), the profiles that pick a variant of each table (:mod:`.profiles`),
the narrative's input sheets (:mod:`.inputs`) and the classification catalogues by year
(:mod:`.catalog`, files under ``catalogs/``). The reader, the writer, the schemas and the rules
all read this one description.
"""
