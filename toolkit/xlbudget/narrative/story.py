"""``narrate(budget)``: figures → paragraphs, plus the inputs that were missing (each marked in
the text where it belongs)."""


from __future__ import annotations

from dataclasses import dataclass

from xlbudget.model import Budget
from xlbudget.narrative.figures import Figures, compute
from xlbudget.narrative.inputs import Missing
from xlbudget.narrative.regional import render_story
from xlbudget.narrative.render import Paragraph, render


@dataclass
class Narrative:
    figures: Figures | None  # the 新疆 说明's figures (None: a region's [story] computed them)
    paragraphs: list[Paragraph]
    missing: list[Missing]


def narrate(budget: Budget) -> Narrative:
    """The 说明 of the budget's region: from its ``[story]`` where the region file has one, else
    the twelve 新疆 sections."""
    story = budget.profile.region.story
    if story is not None:
        paragraphs, missing = render_story(budget, story)
        return Narrative(None, paragraphs, missing)
    figures = compute(budget)
    return Narrative(figures, render(figures), figures.missing)
