"""``narrate(budget)``: figures → paragraphs, plus the inputs that were missing (each marked in
the text where it belongs)."""


from __future__ import annotations

from dataclasses import dataclass

from xlbudget.model import Budget
from xlbudget.narrative.computed import ComputedSource
from xlbudget.narrative.figures import Figures
from xlbudget.narrative.inputs import Missing
from xlbudget.narrative.regional import TableSource, Values
from xlbudget.narrative.render import Paragraph
from xlbudget.narrative.template import Writer


@dataclass
class Narrative:
    figures: Figures | None  # a "computed" story's figures (新疆); None for a "tables" one
    paragraphs: list[Paragraph]
    missing: list[Missing]


def narrate(budget: Budget) -> Narrative:
    """The 说明 of the budget's region, written from its region file's ``[story]`` by one
    engine (:mod:`.template`): figures from the tables by reference (上海) or as
    :mod:`.figures` computes them (新疆)."""
    story = budget.profile.region.story
    if story is None:
        raise ValueError(f"{budget.profile.region.key}: no [story] in its region file")
    source: ComputedSource | TableSource
    figures = None
    if story.source == "computed":
        source = ComputedSource(budget, story)
        figures = source.f
    else:
        source = TableSource(Values.of(budget, story))
    paragraphs = Writer(story, source, budget.profile.level, budget.year).write()
    return Narrative(figures, paragraphs, source.missing)
