"""Which cells are wrong: Fellegi–Holt error localisation, solved exactly as a mixed-integer
program.

One wrong cell breaks every identity it takes part in — its row, its 款, its 类, the 合计 and
the tables compared with it. Reporting each broken identity buries the cause under its
consequences. Instead, as Statistics Netherlands' ``errorlocate`` does, find the *smallest
weighted set of cells* whose change makes every identity hold again (within its rounding
tolerance), and report those cells (the program is built and solved in :mod:`.program`).

A cell's weight ``w_i = 10 + (identities vouching for it)`` makes a corroborated value — a
figure repeated in another table, a total its details agree with — dearer to change (an
inequality vouches only when it holds tight: a figure well within its bound proves nothing). A cell
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
from xlbudget.check.parts import Splitter
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
            problem = Problem.of(group, group_links)
            if not _localise_parts(problem, result):
                _localise_group(problem, result)
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


RINGS = 2  # times the movable cells grow by the identities around them before giving up


def _localise_parts(problem: Problem, result: Localisation) -> bool:
    """Localise the group part by part (:mod:`.parts`) when that is provably the same as
    solving it whole; False (nothing reported) when it is not."""
    splitter = Splitter.of(problem)
    if splitter is None:
        return False
    movable = splitter.reaching
    for _ in range(RINGS + 1):
        parted = splitter.split(movable)
        if parted is None:
            return False
        solved = _solve_parts(parted.parts)
        if solved is not None:
            break
        movable = splitter.ring(movable)  # a repair needs a cell beyond: take the next ring
    else:
        return False
    cost = sum(cost for _, cost, _ in solved)
    if not parted.exact(cost) and not splitter.beyond_is_dearer(movable, cost) and \
            solve(problem, [], cost + 0.5, parted.movable) is not None:
        return False  # a repair moving a held cell is as cheap: the parts are not the answer
    for part, _, solutions in solved:
        _judge(part, solutions, result)
    return True


def _solve_parts(parts: list[Problem]) -> list[tuple[Problem, float, Solutions]] | None:
    solved = []
    for part in parts:
        found = _cheapest(part)
        if found is None:
            return None
        solved.append((part, *found))
    return solved


def _localise_group(problem: Problem, result: Localisation) -> None:
    found = _cheapest(problem)
    _judge(problem, found[1] if found else [], result)


def _judge(problem: Problem, solutions: Solutions, result: Localisation) -> None:
    broken = [i for i in problem.identities if not i.holds]
    if not solutions or len(solutions[0][0]) > PLAUSIBLE_PER_BROKEN * len(broken) + 3:
        result.unlocalised.extend(broken)
        return
    _report(problem, solutions, result)


Solutions = list[tuple[frozenset[str], dict[str, float]]]


def _cheapest(problem: Problem) -> tuple[float, Solutions] | None:
    """The cost of the cheapest repair and every repair as cheap (each a set of cells and their
    moves) — no list when there are more equally cheap ones than are worth listing: then the
    identities cannot say where the error is (a formula total that only another table
    contradicts), and no candidate list would be complete. None when there is no repair."""
    solutions: Solutions = []
    best: float | None = None
    while len(solutions) <= MAX_ALTERNATIVES:
        found = solve(problem, [chosen for chosen, _ in solutions],
                      None if best is None else best + 0.5)
        if found is None or (best is not None and found[0] > best + 0.5):
            return None if best is None else (best, solutions)
        best = found[0] if best is None else best
        solutions.append((found[1], found[2]))
    assert best is not None
    return best, []


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
