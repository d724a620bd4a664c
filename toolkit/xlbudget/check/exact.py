"""The values the chosen cells should hold, solved exactly from the identities.

The solver only says *which* cells move. Each chosen cell's own move ``u_s`` is then solved in
:class:`~decimal.Decimal` from an identity in which it is the only unknown, shortest identity
first; every cell's new value follows (formula cells move with their precedents), and every
identity of the group must hold with those values, or the values are dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from xlbudget.check.identities import Identity, violation
from xlbudget.check.program import Problem, drift
from xlbudget.model import Link

ZERO = Decimal(0)
QUANTUM = Decimal("0.01")
Form = dict[str, Decimal]  # chosen cell → coefficient of its own move


class Effects:
    """How each cell moves in terms of the chosen cells' own moves: a plain cell by its own,
    a formula cell by its own plus Σ b × its precedents' moves — and, saved stale, by the
    distance to its formula's value (it recalculates)."""

    def __init__(self, links: Mapping[str, Link], values: Mapping[str, Decimal]) -> None:
        self.links = links
        self.values = values
        self.memo: dict[tuple[str, frozenset[str]], tuple[Form, Decimal]] = {}

    def of(self, cell: str, chosen: frozenset[str]) -> Form:
        return self.moved(cell, chosen)[0]

    def moved(self, cell: str, chosen: frozenset[str]) -> tuple[Form, Decimal]:
        """(Σ over chosen cells of coefficient × own move, constant shift) of ``cell``."""
        key = (cell, chosen)
        if key not in self.memo:
            self.memo[key] = ({}, ZERO)  # a circular formula contributes nothing more
            form: Form = {cell: Decimal(1)} if cell in chosen else {}
            shift = ZERO
            link = self.links.get(cell)
            if link is not None:
                known = cell not in chosen and all(
                    c in self.values for c in (cell, *(c for c, _ in link.terms)))
                shift = -drift(link, self.values) if known else ZERO
                for precedent, b in link.terms:
                    inner, moved = self.moved(precedent, chosen)
                    shift += b * moved
                    for source, a in inner.items():
                        form[source] = form.get(source, ZERO) + a * b
            self.memo[key] = (form, shift)
        return self.memo[key]

    def identity(self, ident: Identity, chosen: frozenset[str]) -> tuple[Form, Decimal]:
        form: Form = {}
        shift = ZERO
        for cell, a in ident.coefficients:
            inner, moved = self.moved(cell, chosen)
            shift += a * moved
            for source, b in inner.items():
                form[source] = form.get(source, ZERO) + a * b
        return {s: c for s, c in form.items() if c}, shift

    def moves(self, ident: Identity, cell: str) -> bool:
        """Does a move of ``cell`` of its own reach this identity?"""
        return bool(self.identity(ident, frozenset({cell}))[0])


def solve_values(problem: Problem, effects: Effects, chosen: frozenset[str],
                 estimate: dict[str, float]) -> dict[str, Decimal]:
    """New value of every chosen cell; {} when no exact solution makes every identity hold."""
    forms = [(i, *effects.identity(i, chosen)) for i in problem.identities]
    forms.sort(key=lambda entry: len(entry[0].coefficients))
    own: dict[str, Decimal] = {}
    progress = True
    while progress and len(own) < len(chosen):
        progress = False
        for ident, form, shift in forms:
            unknown = [s for s in form if s not in own]
            if ident.relation != "=" or len(unknown) != 1:
                continue
            residual = ident.residual + shift + sum((form[s] * own[s] for s in form
                                                     if s in own), ZERO)
            own[unknown[0]] = -residual / form[unknown[0]]
            progress = True
    for cell in chosen - own.keys():  # no identity pins it down: the solver's move, to a cent
        own[cell] = Decimal(repr(estimate[cell])).quantize(QUANTUM)
    for ident, form, shift in forms:
        residual = ident.residual + shift + sum((a * own[s] for s, a in form.items()), ZERO)
        if violation(ident.relation, residual, ident.tolerance):
            return {}
    return {cell: problem.values[cell] + _moved(effects, cell, chosen, own) for cell in chosen}


def _moved(effects: Effects, cell: str, chosen: frozenset[str], own: dict[str, Decimal]
           ) -> Decimal:
    form, shift = effects.moved(cell, chosen)
    return shift + sum((a * own[s] for s, a in form.items()), ZERO)
