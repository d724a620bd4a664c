"""Check: a read budget → findings, each naming its rule, severity, cells, expected and actual.

In: a :class:`~xlbudget.read.workbook.ReadResult`. The reader's problems become findings
(:mod:`.reading`); pandera schemas validate codes, names and amounts once per book
(:mod:`.schemas`); every rule of the catalogue (:mod:`.rulebook`, one line per rule over the
reusable :mod:`.kinds` and the :mod:`.custom` checks) yields outcomes that the engine
(:mod:`.engine`) judges against the rounding tolerance, over figures with provenance
(:mod:`.figures`, :mod:`.refs`). Out: a :class:`~.run.Report` of flat, frozen
:class:`~.findings.Finding` records. Nothing here renders or writes.
"""
