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
from xlbudget.check.program import Problem
from xlbudget.model import Link

ZERO = Decimal(0)
QUANTUM = Decimal("0.01")
Form = dict[str, Decimal]  # chosen cell → coefficient of its own move


class Effects:
    """How each cell moves in terms of the chosen cells' own moves: a plain cell by its own,
    a formula cell by its own plus Σ b × its precedents' moves."""

    def __init__(self, links: Mapping[str, Link]) -> None:
        self.links = links
        self.memo: dict[tuple[str, frozenset[str]], Form] = {}

    def of(self, cell: str, chosen: frozenset[str]) -> Form:
        key = (cell, chosen)
        if key not in self.memo:
            self.memo[key] = {}  # a circular formula contributes nothing more
            form: Form = {cell: Decimal(1)} if cell in chosen else {}
            for precedent, b in self.links[cell].terms if cell in self.links else ():
                for source, a in self.of(precedent, chosen).items():
                    form[source] = form.get(source, ZERO) + a * b
            self.memo[key] = form
        return self.memo[key]

    def identity(self, ident: Identity, chosen: frozenset[str]) -> Form:
        form: Form = {}
        for cell, a in ident.coefficients:
            for source, b in self.of(cell, chosen).items():
                form[source] = form.get(source, ZERO) + a * b
        return {s: c for s, c in form.items() if c}

    def moves(self, ident: Identity, cell: str) -> bool:
        """Does a move of ``cell`` of its own reach this identity?"""
        return bool(self.identity(ident, frozenset({cell})))


def solve_values(problem: Problem, effects: Effects, chosen: frozenset[str],
                 estimate: dict[str, float]) -> dict[str, Decimal]:
    """New value of every chosen cell; {} when no exact solution makes every identity hold."""
    forms = [(i, effects.identity(i, chosen)) for i in problem.identities]
    forms.sort(key=lambda pair: len(pair[0].coefficients))
    own: dict[str, Decimal] = {}
    progress = True
    while progress and len(own) < len(chosen):
        progress = False
        for ident, form in forms:
            unknown = [s for s in form if s not in own]
            if ident.relation != "=" or len(unknown) != 1:
                continue
            residual = ident.residual + sum((form[s] * own[s] for s in form if s in own), ZERO)
            own[unknown[0]] = -residual / form[unknown[0]]
            progress = True
    for cell in chosen - own.keys():  # no identity pins it down: the solver's move, to a cent
        own[cell] = Decimal(repr(estimate[cell])).quantize(QUANTUM)
    for ident, form in forms:
        residual = ident.residual + sum((a * own[s] for s, a in form.items()), ZERO)
        if violation(ident.relation, residual, ident.tolerance):
            return {}
    return {cell: problem.values[cell] + sum((a * own[s] for s, a in
                                              effects.of(cell, chosen).items()), ZERO)
            for cell in chosen}
