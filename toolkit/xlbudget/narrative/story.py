"""``narrate(budget)``: figures → paragraphs, plus the inputs that were missing (each marked in
the text where it belongs)."""


from __future__ import annotations

from dataclasses import dataclass

from xlbudget.model import Budget
from xlbudget.narrative.figures import Figures, compute
from xlbudget.narrative.inputs import Missing
from xlbudget.narrative.render import Paragraph, render


@dataclass
class Narrative:
    figures: Figures
    paragraphs: list[Paragraph]

    @property
    def missing(self) -> list[Missing]:
        return self.figures.missing


def narrate(budget: Budget) -> Narrative:
    figures = compute(budget)
    return Narrative(figures, render(figures))
