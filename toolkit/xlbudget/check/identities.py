"""The book's linear identities: every comparison an error rule makes, as Σ coefficient × cell.

A :class:`~.engine.Compare` says that two figures agree (or that one is at most the other). Each
figure is a sum of cells, so the comparison is a linear identity over cells,
``Σ a_i · x_i + constant (relation) 0`` with every ``a_i`` an integer, that holds within the
rounding tolerance or does not. Localisation (:mod:`.localise`) reasons over these identities —
those that hold as much as those that fail — to find the cells that are wrong.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from xlbudget.check.figures import Figure

ZERO = Decimal(0)


@dataclass(frozen=True)
class Identity:
    rule: str
    table: int
    subject_zh: str
    subject_en: str
    coefficients: tuple[tuple[str, int], ...]  # (cell, a_i), each cell once, a_i ≠ 0
    constant: Decimal  # what the two sides add beyond their cells (derived figures, none usually)
    relation: str  # "=", "<=" (left side ≤ right side), ">="
    tolerance: Decimal  # the rounding allowance of this comparison
    residual: Decimal  # left − right, exactly, as the book stands
    values: tuple[tuple[str, Decimal], ...] = ()  # each cell's value as the book stands

    @property
    def cells(self) -> tuple[str, ...]:
        return tuple(cell for cell, _ in self.coefficients)

    @property
    def holds(self) -> bool:
        return violation(self.relation, self.residual, self.tolerance) == ZERO

    @property
    def corroborates(self) -> bool:
        """Does it vouch for its cells' values? An equality that holds does; an inequality only
        when it holds tight (表9 合计 well below 表5 合计 says nothing of either figure)."""
        return self.holds and (self.relation == "=" or abs(self.residual) <= self.tolerance)

    def residual_with(self, values: dict[str, Decimal], changed: dict[str, Decimal]) -> Decimal:
        """The residual once the cells in ``changed`` take their new values."""
        shift = sum((a * (changed[c] - values[c]) for c, a in self.coefficients if c in changed),
                    ZERO)
        return self.residual + shift


def violation(relation: str, residual: Decimal, tolerance: Decimal) -> Decimal:
    """How far beyond its tolerance a residual lies (0 when the identity holds)."""
    if relation == "<=":
        excess = residual - tolerance
    elif relation == ">=":
        excess = -residual - tolerance
    else:
        excess = abs(residual) - tolerance
    return max(excess, ZERO)


def identity(rule: str, table: int, subject: tuple[str, str], left: Figure, right: Figure,
             relation: str, tolerance: Decimal) -> Identity | None:
    """The identity ``left (relation) right``; None when no cell takes part (nothing to locate)."""
    coefficient: defaultdict[str, int] = defaultdict(int)
    carried = ZERO
    for sign, figure in ((1, left), (-1, right)):
        for cell, value in figure.parts:
            coefficient[cell] += sign
            carried += sign * value
    terms = tuple((cell, a) for cell, a in coefficient.items() if a)
    if not terms:
        return None
    values = dict(left.parts + right.parts)
    residual = left.value - right.value
    return Identity(rule, table, subject[0], subject[1], terms, residual - carried, relation,
                    tolerance, residual, tuple((cell, values[cell]) for cell, _ in terms))
