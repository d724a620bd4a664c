"""Split one group's error-localisation program into small independent parts — exactly.

A book is one group: every table's totals meet in 表1. With thirty typos, the program of the
whole group has a thousand cells and enumerating its equally cheap repairs takes seconds. But
most cells cannot take part in a cheap repair. Let *movable* be the cells whose move reaches a
broken identity (and, when that is not enough, the cells of the identities around them); hold
every other cell where it is, and the program falls apart into parts — one per cluster of
broken identities — each solved in milliseconds.

That restriction is exact when no repair moving a held cell is as cheap as the parts' repairs
together. Two proofs, the cheap one first:

1. Every repair must touch each broken identity, so the cheapest *hitting set* of the broken
   identities (the cells, weighted as in the program, meeting every one) bounds every repair
   from below; a repair that also moves a held cell pays at least ``BASE_WEIGHT`` more. If the
   parts cost less than ``bound + BASE_WEIGHT``, nothing outside them competes.
2. Otherwise the whole program is asked once for a repair that moves a held cell and costs no
   more than the parts: when there is none, the parts are the answer.

If a stale formula would recalculate by itself, or the parts are not proved exact, the caller
solves the whole group as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from xlbudget.check.identities import Identity
from xlbudget.check.program import BASE_WEIGHT, Problem, cover_cost, covers_beyond
from xlbudget.model import Link

ZERO = Decimal(0)


@dataclass
class Split:
    parts: list[Problem]
    bound: float  # the cheapest hitting set of the broken identities: no repair costs less
    movable: frozenset[str]  # the cells the parts may move; every other cell is held

    def exact(self, cost: float) -> bool:
        """Do repairs of the parts costing ``cost`` in all leave no cheaper or equal repair
        that moves a cell outside them?"""
        return cost < self.bound + BASE_WEIGHT - 0.5


class Splitter:
    """The reach of every identity of ``problem``, the hitting-set bound, and the parts for a
    given set of movable cells."""

    @classmethod
    def of(cls, problem: Problem) -> Splitter | None:
        """None when the problem cannot be split: a stale formula would move without any
        chosen cell, so a repair need not touch the broken identities it reaches."""
        if any(problem.drift(cell) for cell in problem.links):
            return None
        return cls(problem)

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.forms = [reach(ident, problem.links) for ident in problem.identities]
        self.broken = [set(form) for ident, form in zip(problem.identities, self.forms,
                                                        strict=True) if not ident.holds]
        self.weight = dict(zip(problem.cells, problem.weights, strict=True))

    @property
    def reaching(self) -> set[str]:
        """The cells whose move reaches a broken identity."""
        return set().union(*self.broken)

    def ring(self, cells: set[str]) -> set[str]:
        """``cells`` and every cell of an identity they reach."""
        return cells | {c for form in self.forms if not cells.isdisjoint(form) for c in form}

    def beyond_is_dearer(self, movable: set[str], cost: float) -> bool:
        """Proof 2 cheaply: every repair moving a held cell costs more than ``cost``, shown on
        a relaxation — each broken identity touched, and no exact identity that holds touched
        by one cell alone (a cell that moves on its own would break it)."""
        exact = [set(form) for ident, form in zip(self.problem.identities, self.forms,
                                                  strict=True)
                 if ident.holds and ident.relation == "=" and not ident.tolerance
                 and not ident.residual]
        return not covers_beyond(self.broken, exact, movable, self.weight, cost + 0.5)

    @cached_property
    def bound(self) -> float | None:
        """The cheapest hitting set of the broken identities (whatever cells are movable)."""
        return cover_cost(self.broken, self.weight)

    def split(self, movable: set[str]) -> Split | None:
        if self.bound is None:
            return None
        return Split(_parts(self.problem, self.forms, movable, self.weight), self.bound,
                     frozenset(movable))


def split(problem: Problem) -> Split | None:
    """The parts of ``problem`` over the cells that reach a broken identity, with the bound
    that may prove them exact; None when the problem cannot be split."""
    splitter = Splitter.of(problem)
    return splitter.split(splitter.reaching) if splitter else None


def _parts(problem: Problem, forms: list[dict[str, Decimal]], movable: set[str],
           weight: dict[str, int]) -> list[Problem]:
    parent = {cell: cell for cell in movable}

    def root(cell: str) -> str:
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    members: list[tuple[Identity, list[str]]] = []
    for ident, form in zip(problem.identities, forms, strict=True):
        inside = [cell for cell in form if cell in movable]
        if inside:  # an identity no movable cell reaches holds, and stays as it is
            members.append((ident, inside))
            for cell in inside[1:]:
                parent[root(cell)] = root(inside[0])
    grouped: dict[str, list[Identity]] = {}
    for ident, inside in members:
        grouped.setdefault(root(inside[0]), []).append(ident)
    return [_part(problem, idents, movable, weight) for idents in grouped.values()]


def reach(ident: Identity, links: Mapping[str, Link]) -> dict[str, Decimal]:
    """Each cell whose own move reaches ``ident``, with its net coefficient: the cells it names
    and, through formula cells, their precedents (a formula cell can also move on its own)."""
    form: dict[str, Decimal] = {}

    def add(cell: str, a: Decimal, seen: frozenset[str]) -> None:
        form[cell] = form.get(cell, ZERO) + a
        link = links.get(cell)
        if link is not None and cell not in seen:
            for precedent, b in link.terms:
                add(precedent, a * b, seen | {cell})

    for cell, a in ident.coefficients:
        add(cell, Decimal(a), frozenset())
    return {cell: a for cell, a in form.items() if a}


def _part(problem: Problem, identities: list[Identity], movable: set[str],
          weight: dict[str, int]) -> Problem:
    """The program of one part: its identities, the formulas they reach, every cell outside
    ``movable`` held where it is."""
    links: dict[str, Link] = {}
    pending = [cell for ident in identities for cell in ident.cells]
    while pending:
        cell = pending.pop()
        if cell in problem.links and cell not in links:
            links[cell] = problem.links[cell]
            pending.extend(c for c, _ in links[cell].terms)
    named = {c for ident in identities for c in ident.cells}
    cells = sorted(named | {c for link in links.values()
                            for c in (link.cell, *(t for t, _ in link.terms))})
    # the whole group's bound on a move, so a part's repairs are the group's repairs
    return Problem(identities, links, cells, {c: problem.values[c] for c in cells},
                   [weight[c] for c in cells], problem.bound,
                   frozenset(c for c in cells if c not in movable))
