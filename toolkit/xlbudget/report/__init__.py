"""Report: check reports and fix outcomes → what a person or a program reads.

In: :class:`~xlbudget.check.run.Report` and :class:`~xlbudget.fix.run.FixOutcome` values. Out:
terminal text (:mod:`.text`, rich), the JSON contract (:mod:`.jsondoc`), per-file summaries as
CSV or JSON (:mod:`.summary`), with every user-facing sentence in Chinese and English
(:mod:`.messages`). This is the only stage that renders.
"""
