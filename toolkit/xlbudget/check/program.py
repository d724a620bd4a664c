"""The error-localisation program of one group of identities, solved with ``scipy.optimize.milp``.

Variables: ``δ_i`` (how much cell ``i`` moves, continuous) and ``z_i`` (whether it moves on its
own, binary). ::

    minimise   Σ w_i z_i
    subject to lo_k ≤ Σ_i a_ki δ_i ≤ hi_k              every identity k, moved into its band
               −M z_i ≤ δ_i ≤ M z_i                     a plain cell moves only if chosen
               |δ_f − Σ_j b_fj δ_j + ρ_f| ≤ M z_f        a formula cell takes its formula's
                                                         value (ρ_f: how far a stale saved
                                                         result stands from it), or moves on
                                                         its own if chosen
               δ_i ≥ −v_i (amounts stay ≥ 0),  z_i ∈ {0, 1}

``M`` is twice the book's broken residuals plus one: no minimal correction moves a cell further,
and a small ``M`` keeps the solver's integrality tolerance far below a cent.
"""

from __future__ import annotations

import os
import sys
import threading
from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from xlbudget.check.identities import Identity
from xlbudget.model import Link

BASE_WEIGHT = 10  # per changed cell; corroboration adds 1 per identity vouching for it
# A formula that agrees with its own cells is more reliable than a typed number: blaming the
# formula itself (a wrong range) costs twice as much as blaming a typed cell.
FORMULA_WEIGHT = 2 * BASE_WEIGHT
TIME_LIMIT = 10.0  # seconds per solve; a group not solved in time is reported unlocalised
INFINITY = float("inf")


@dataclass
class Problem:
    """One group of identities, its formula links, and every cell they name."""

    identities: list[Identity]
    links: dict[str, Link]
    cells: list[str]
    values: dict[str, Decimal]
    weights: list[int]
    bound: float
    fixed: frozenset[str] = frozenset()  # cells held where they are (see :mod:`.parts`)

    def drift(self, cell: str) -> Decimal:
        """How far a formula cell's saved value stands from its formula's value (ρ_f)."""
        return drift(self.links[cell], self.values)

    @classmethod
    def of(cls, group: list[Identity], links: Mapping[str, Link]) -> Problem:
        values: dict[str, Decimal] = {}
        support: defaultdict[str, int] = defaultdict(int)
        for ident in group:
            values.update(ident.values)
            for cell in ident.cells:
                support[cell] += ident.corroborates
        for link in links.values():
            values.update(link.values)
        for cell, link in links.items():
            values.setdefault(cell, sum((a * values[c] for c, a in link.terms), link.constant))
        broken = sum(abs(i.residual) + i.tolerance for i in group if not i.holds)
        cells = sorted(values)
        weights = [(FORMULA_WEIGHT if c in links else BASE_WEIGHT) + support[c] for c in cells]
        return cls(group, dict(links), cells, values, weights, float(2 * broken + 1))


def drift(link: Link, values: Mapping[str, Decimal]) -> Decimal:
    """A formula cell's saved value minus what its formula gives (0 unless it is stale)."""
    return values[link.cell] - sum((a * values[c] for c, a in link.terms), link.constant)


def solve(problem: Problem, excluded: list[frozenset[str]], ceiling: float | None = None,
          beyond: frozenset[str] = frozenset()
          ) -> tuple[float, frozenset[str], dict[str, float]] | None:
    """The cheapest set of cells that moves on its own (not one of ``excluded``, costing at
    most ``ceiling``, moving at least one cell not in ``beyond`` when that is given), its cost
    and each chosen cell's own move."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    rows, low, high = _constraints(problem, excluded, ceiling, beyond)
    n = len(problem.cells)
    lower = [max(-problem.bound, -float(problem.values[c])) if problem.values[c] >= 0
             else -problem.bound for c in problem.cells]
    upper = [problem.bound] * n
    for i, cell in enumerate(problem.cells):
        if cell in problem.fixed and cell not in problem.links:  # a formula still follows
            lower[i] = upper[i] = 0.0
    bounds = Bounds(np.array(lower + [0.0] * n),
                    np.array(upper + [0.0 if c in problem.fixed else 1.0 for c in problem.cells]))
    cost = np.array([0.0] * n + [float(w) for w in problem.weights])
    integrality = np.array([0] * n + [1] * n)
    with _quiet_stdout():
        solved = milp(cost, constraints=LinearConstraint(rows, np.array(low), np.array(high)),
                      integrality=integrality, bounds=bounds,
                      options={"time_limit": TIME_LIMIT, "mip_rel_gap": 0.0})
    if solved.status != 0 or solved.x is None:
        return None
    return _chosen(problem, solved.x, float(solved.fun))


def cover_cost(sets: list[set[str]], weight: Mapping[str, int]) -> float | None:
    """The least total weight of cells meeting every one of ``sets`` (None if the solver
    fails): a lower bound on any repair of the identities whose cells they are."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    cells = sorted(set().union(*sets))
    column = {cell: index for index, cell in enumerate(cells)}
    entries = [(row, column[cell]) for row, members in enumerate(sets) for cell in members]
    matrix = coo_matrix(([1.0] * len(entries), ([r for r, _ in entries], [c for _, c in entries])),
                        shape=(len(sets), len(cells))).tocsr()
    with _quiet_stdout():
        solved = milp(np.array([float(weight[c]) for c in cells]),
                      constraints=LinearConstraint(matrix, np.ones(len(sets)), np.inf),
                      integrality=np.ones(len(cells)), bounds=Bounds(0, 1),
                      options={"time_limit": TIME_LIMIT, "mip_rel_gap": 0.0})
    return float(solved.fun) if solved.status == 0 else None


def covers_beyond(hit: list[set[str]], paired: list[set[str]], beyond: set[str],
                  weight: Mapping[str, int], ceiling: float) -> bool:
    """Is there a set of cells, costing at most ``ceiling``, that meets every one of ``hit``,
    takes no cell of a ``paired`` set alone (a second one of the same set moves with it) and
    holds some cell outside ``beyond``? A pure 0–1 program: a relaxation of the repairs (every
    repair whose cells all move is such a set), so "no" proves there is no such repair."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    cells = sorted(set(weight))
    column = {cell: index for index, cell in enumerate(cells)}
    entries: list[tuple[int, int, float]] = []
    rows = 0
    for members in hit:
        entries += [(rows, column[c], 1.0) for c in members]
        rows += 1
    for members in paired:
        for cell in members:  # x_cell ≤ Σ the others
            entries += [(rows, column[c], -1.0 if c == cell else 1.0) for c in members]
            rows += 1
    entries += [(rows, column[c], 1.0) for c in cells if c not in beyond]
    rows += 1
    matrix = coo_matrix(([a for _, _, a in entries], ([r for r, _, _ in entries],
                                                      [c for _, c, _ in entries])),
                        shape=(rows, len(cells))).tocsr()
    low = np.array([1.0] * len(hit) + [0.0] * (rows - len(hit) - 1) + [1.0])
    cost = np.array([float(weight[c]) for c in cells])
    with _quiet_stdout():
        solved = milp(cost, constraints=[LinearConstraint(matrix, low, np.inf),
                                         LinearConstraint(cost.reshape(1, -1), 0, ceiling)],
                      integrality=np.ones(len(cells)), bounds=Bounds(0, 1),
                      options={"time_limit": TIME_LIMIT})
    return bool(solved.status != 2)  # 2: infeasible, proved; anything else may be a yes


_STDOUT = threading.Lock()


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    """HiGHS prints some diagnostics from C straight to file descriptor 1, past ``disp=False``:
    they would corrupt ``--format json`` output. Point fd 1 at /dev/null while it solves (one
    solve at a time per process, so threads cannot interleave the swap)."""
    with _STDOUT:
        sys.stdout.flush()
        saved, null = os.dup(1), os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(null)


def _constraints(problem: Problem, excluded: list[frozenset[str]], ceiling: float | None,
                 beyond: frozenset[str]) -> tuple[Any, list[float], list[float]]:
    from scipy.sparse import coo_matrix

    n = len(problem.cells)
    column = {cell: index for index, cell in enumerate(problem.cells)}
    entries: list[tuple[int, int, float]] = []
    low: list[float] = []
    high: list[float] = []

    def row(coefficients: list[tuple[int, float]], lo: float, hi: float) -> None:
        entries.extend((len(low), col, a) for col, a in coefficients)
        low.append(lo)
        high.append(hi)

    for ident in problem.identities:
        row([(column[c], float(a)) for c, a in ident.coefficients], *_band(ident))
    bound = problem.bound
    for cell in problem.cells:
        i = column[cell]
        if cell in problem.links:  # it recalculates: its formula's value, unless chosen
            follow = [(column[c], -float(a)) for c, a in problem.links[cell].terms]
            drift = float(problem.drift(cell))
            row([(i, 1.0), *follow, (n + i, -bound)], -INFINITY, -drift)
            row([(i, -1.0), *[(c, -a) for c, a in follow], (n + i, -bound)], -INFINITY, drift)
        else:
            row([(i, 1.0), (n + i, -bound)], -INFINITY, 0.0)
            row([(i, -1.0), (n + i, -bound)], -INFINITY, 0.0)
    for chosen in excluded:  # not exactly this set again
        row([(n + column[c], 1.0) for c in chosen], -INFINITY, len(chosen) - 1.0)
    if beyond:  # some cell outside ``beyond`` moves
        row([(n + i, 1.0) for i, c in enumerate(problem.cells) if c not in beyond],
            1.0, INFINITY)
    if ceiling is not None:  # only as cheap as the best: an alternative, not a worse repair
        row([(n + i, float(w)) for i, w in enumerate(problem.weights)], -INFINITY, ceiling)
    matrix = coo_matrix(([a for _, _, a in entries], ([r for r, _, _ in entries],
                                                      [c for _, c, _ in entries])),
                        shape=(len(low), 2 * n)).tocsr()
    return matrix, low, high


def _band(ident: Identity) -> tuple[float, float]:
    """Bounds on Σ a_i δ_i that bring the residual within the tolerance."""
    tol, residual = float(ident.tolerance), float(ident.residual)
    low = -INFINITY if ident.relation == "<=" else -tol - residual
    high = INFINITY if ident.relation == ">=" else tol - residual
    return low, high


def _chosen(problem: Problem, x: Any, cost: float
            ) -> tuple[float, frozenset[str], dict[str, float]]:
    n = len(problem.cells)
    column = {cell: index for index, cell in enumerate(problem.cells)}
    chosen = frozenset(c for i, c in enumerate(problem.cells) if x[n + i] > 0.5)
    own: dict[str, float] = {}
    for cell in chosen:
        move = float(x[column[cell]])
        if cell in problem.links:  # its own part: what it moves beyond its precedents
            move -= sum(float(a) * float(x[column[c]]) for c, a in problem.links[cell].terms)
        own[cell] = move
    return cost, chosen, own
