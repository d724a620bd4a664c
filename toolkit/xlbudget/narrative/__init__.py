"""Narrative: the 说明 (预算情况说明) — its figures, its text, and checking a text already written.

In: a :class:`~xlbudget.model.Budget` (tables and input sheets). :mod:`.figures` computes every
figure exactly, :mod:`.render` writes the twelve sections (:func:`.story.narrate` ties the two),
:mod:`.document` saves them as .md/.docx. Going the other way, :mod:`.claims` parses a written
说明 and :mod:`.verify` ties each claim to its table figure. Out: paragraphs, the missing inputs,
and findings (N.* rules) about a written text.
"""
