"""Which cells are wrong: Fellegi–Holt error localisation, solved exactly as a mixed-integer
program.

One wrong cell breaks every identity it takes part in — its row, its 款, its 类, the 合计 and
the tables compared with it. Reporting each broken identity buries the cause under its
consequences. Instead, as Statistics Netherlands' ``errorlocate`` does, find the *smallest
weighted set of cells* whose change makes every identity hold again (within its rounding
tolerance), and report those cells (the program is built and solved in :mod:`.program`).

A cell's weight ``w_i = 10 + (identities holding through it)`` makes a corroborated value — a
figure repeated in another table, a total its details agree with — dearer to change. A cell
holding a linear formula follows its precedents for free (changing it on its own means its
formula result is wrong). When another set of the same cost also repairs the book, the cells
are not certain: they are returned as candidates, never guessed. The float solution only
chooses the cells; the value each should hold is solved exactly from the identities with
:class:`~decimal.Decimal` (:mod:`.exact`), and every identity is re-verified exactly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from xlbudget.check.exact import Effects, solve_values
from xlbudget.check.identities import Identity
from xlbudget.check.program import Problem, solve
from xlbudget.model import Link

MAX_ALTERNATIVES = 5  # equally cheap sets listed beyond the first; more is "cannot tell"
# A repair that changes more cells than this per broken identity (plus a few) explains nothing:
# it means the identities were misread (a row the reader missed), not mistyped.
PLAUSIBLE_PER_BROKEN = 3


@dataclass(frozen=True)
class Cause:
    """A cell that must change on its own: its value now, the value the identities give it (None
    when they do not determine one), the broken identities it explains, and the identities it
    takes part in (for naming a cell that only carries another cause's change along)."""

    cell: str
    actual: Decimal
    expected: Decimal | None
    broken: tuple[Identity, ...]
    involved: tuple[Identity, ...]
    formula: bool = False  # the cell holds a formula whose result disagrees with its cells


@dataclass(frozen=True)
class Ambiguity:
    """Several sets of cells repair the same broken identities at the same cost: one of the
    candidates is wrong, and the identities cannot tell which."""

    candidates: tuple[str, ...]
    broken: tuple[Identity, ...]
    alternatives: tuple[tuple[str, ...], ...]


@dataclass
class Localisation:
    causes: list[Cause] = field(default_factory=list)
    ambiguities: list[Ambiguity] = field(default_factory=list)
    unlocalised: list[Identity] = field(default_factory=list)  # no solution (time, size)


def localise(identities: list[Identity], links: Mapping[str, Link] | None = None
             ) -> Localisation:
    """Root causes of every broken identity (those that hold are the evidence); ``links`` are
    the formula cells of the book."""
    result = Localisation()
    links = links or {}
    identities = [i for i in identities if not tautology(i, links)]
    for group, group_links in _groups(identities, links):
        if not all(i.holds for i in group):
            _localise_group(Problem.of(group, group_links), result)
    return result


def tautology(identity: Identity, links: Mapping[str, Link]) -> bool:
    """An identity the book's formulas make true whatever its inputs (``D13 = E13 + F13`` where
    D13 is ``=SUM(E13:F13)``): it says nothing about which cell is right, so it is neither a
    constraint nor evidence."""
    if not links or not any(cell in links for cell in identity.cells):
        return False
    expanded: dict[str, Decimal] = {}
    for cell, a in identity.coefficients:
        for source, b in _inputs(cell, links, frozenset()).items():
            expanded[source] = expanded.get(source, Decimal(0)) + a * b
    return not any(expanded.values())


def _inputs(cell: str, links: Mapping[str, Link], seen: frozenset[str]) -> dict[str, Decimal]:
    """A cell as a linear form over the cells no formula computes."""
    link = links.get(cell)
    if link is None or cell in seen:
        return {cell: Decimal(1)}
    out: dict[str, Decimal] = {}
    for precedent, b in link.terms:
        for source, a in _inputs(precedent, links, seen | {cell}).items():
            out[source] = out.get(source, Decimal(0)) + a * b
    return out


def _groups(identities: list[Identity], links: Mapping[str, Link]
            ) -> list[tuple[list[Identity], dict[str, Link]]]:
    """Identities connected through shared cells and formulas (union–find); each group is
    solved on its own."""
    parent: dict[str, str] = {}

    def root(cell: str) -> str:
        while parent.setdefault(cell, cell) != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    def join(cells: list[str]) -> None:
        for cell in cells[1:]:
            parent[root(cell)] = root(cells[0])

    for ident in identities:
        join(list(ident.cells))
    for link in links.values():
        join([link.cell, *(c for c, _ in link.terms)])
    grouped: defaultdict[str, list[Identity]] = defaultdict(list)
    for ident in identities:
        grouped[root(ident.cells[0])].append(ident)
    linked: defaultdict[str, dict[str, Link]] = defaultdict(dict)
    for cell, link in links.items():
        linked[root(cell)][cell] = link
    return [(group, linked[key]) for key, group in grouped.items()]


def _localise_group(problem: Problem, result: Localisation) -> None:
    solutions = _cheapest(problem)
    broken = [i for i in problem.identities if not i.holds]
    if not solutions or len(solutions[0][0]) > PLAUSIBLE_PER_BROKEN * len(broken) + 3:
        result.unlocalised.extend(broken)
        return
    _report(problem, solutions, result)


def _cheapest(problem: Problem) -> list[tuple[frozenset[str], dict[str, float]]]:
    """Every cheapest repair (each a set of cells and their moves), or [] when there is none —
    or more equally cheap ones than are worth listing: then the identities cannot say where the
    error is (a formula total that only another table contradicts), and no candidate list
    would be complete."""
    solutions: list[tuple[frozenset[str], dict[str, float]]] = []
    best: float | None = None
    while len(solutions) <= MAX_ALTERNATIVES:
        found = solve(problem, [chosen for chosen, _ in solutions],
                      None if best is None else best + 0.5)
        if found is None or (best is not None and found[0] > best + 0.5):
            return solutions
        best = found[0] if best is None else best
        solutions.append((found[1], found[2]))
    return []


def _report(problem: Problem, solutions: list[tuple[frozenset[str], dict[str, float]]],
            result: Localisation) -> None:
    certain = frozenset.intersection(*(chosen for chosen, _ in solutions))
    uncertain = frozenset.union(*(chosen for chosen, _ in solutions)) - certain
    effects = Effects(problem.links, problem.values)
    broken = [i for i in problem.identities if not i.holds]
    values = [solve_values(problem, effects, chosen, own) for chosen, own in solutions]
    for cell in sorted(certain):
        new = {v.get(cell) for v in values}
        involved = tuple(i for i in problem.identities if effects.moves(i, cell))
        result.causes.append(Cause(
            cell, problem.values[cell], new.pop() if len(new) == 1 else None,
            tuple(i for i in broken if effects.moves(i, cell)), involved,
            cell in problem.links))
    if uncertain:
        # The broken identities the candidates repair — or, when they only carry a certain
        # cause's change on (a blank table to be filled in), the broken identities of the group.
        touched = tuple(i for i in broken if any(effects.moves(i, c) for c in uncertain))
        result.ambiguities.append(Ambiguity(
            tuple(sorted(uncertain)), touched or tuple(broken),
            tuple(tuple(sorted(chosen - certain)) for chosen, _ in solutions)))
