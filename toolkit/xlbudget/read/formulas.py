"""The formulas budget workbooks use: evaluated when no cached value was saved, and read as
linear forms so that localisation knows a total follows its parts.

A workbook written by a library (openpyxl, some exporters) stores formulas without results; a
reader that took the missing value for 0 would invent findings or hide them. Supported: numbers,
cell references and ranges (also on other sheets: ``'表3'!E28``), ``+ - * /``, parentheses and
``SUM``. Anything else raises :class:`Unsupported`, which the reader reports as a finding.
:func:`linear` reads the same subset as ``Σ coefficient × cell + constant`` (a product of two
cells is not linear and raises :class:`Unsupported`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, TypeVar

from xlbudget.read.cells import BEYOND_WAN, BadAmount, amount
from xlbudget.read.grid import Grid, Uncached

Lookup = Callable[[str, int, int], Decimal]  # (sheet, row, col), 1-based → value
Place = tuple[str, int, int]  # (sheet, row, col), 1-based


@dataclass
class Linear:
    """``Σ coefficient × cell + constant``: what a SUM/+/− formula computes."""

    terms: dict[Place, Decimal] = field(default_factory=dict)
    constant: Decimal = Decimal(0)

    @classmethod
    def of(cls, value: Decimal) -> Linear:
        return cls({}, value)

    def __add__(self, other: Linear) -> Linear:
        terms = dict(self.terms)
        for place, a in other.terms.items():
            terms[place] = terms.get(place, Decimal(0)) + a
        return Linear(terms, self.constant + other.constant)

    def __sub__(self, other: Linear) -> Linear:
        return self + other.scaled(Decimal(-1))

    def __neg__(self) -> Linear:
        return self.scaled(Decimal(-1))

    def __mul__(self, other: Linear) -> Linear:
        if self.terms and other.terms:
            raise Unsupported("a product of two cells is not linear")
        return other.scaled(self.constant) if not self.terms else self.scaled(other.constant)

    def __truediv__(self, other: Linear) -> Linear:
        if other.terms:
            raise Unsupported("a division by a cell is not linear")
        return self.scaled(1 / other.constant)

    def scaled(self, factor: Decimal) -> Linear:
        return Linear({p: a * factor for p, a in self.terms.items()}, self.constant * factor)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, int | Decimal):
            return not self.terms and self.constant == other
        return isinstance(other, Linear) and (self.terms, self.constant) == (
            other.terms, other.constant)

    __hash__ = None  # type: ignore[assignment]


V = TypeVar("V", Decimal, Linear)

_TOKEN = re.compile(
    r"\s*(?:(?P<ref>(?:(?:'(?P<qs>[^']+)'|(?P<us>[^\s!'(),:+\-*/]+))!)?\$?[A-Z]{1,3}\$?\d+"
    r"(?::\$?[A-Z]{1,3}\$?\d+)?)|(?P<num>\d+(?:\.\d*)?|\.\d+)|(?P<func>[A-Z]+)\s*\(|"
    r"(?P<op>[-+*/(),]))"
)
_CELL = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")


class Unsupported(ValueError):
    """A formula outside the supported subset."""


def col_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index


def _tokens(formula: str) -> list[tuple[str, str]]:
    text = formula.lstrip("=").strip()
    pos, out = 0, []
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise Unsupported(f"cannot read {text[pos:pos + 12]!r}")
        kind = next(k for k in ("ref", "num", "func", "op") if match.group(k))
        out.append((kind, match.group(kind)))
        pos = match.end()
    return out


class _Parser(Generic[V]):
    """Recursive descent over the supported subset, computing in ``V``: numbers (evaluation)
    or linear forms (:func:`linear`)."""

    def __init__(self, formula: str, sheet: str, lookup: Callable[[str, int, int], V],
                 number: Callable[[Decimal], V]) -> None:
        self.tokens = _tokens(formula)
        self.pos = 0
        self.sheet = sheet
        self.lookup: Callable[[str, int, int], V] = lookup
        self.number: Callable[[Decimal], V] = number

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise Unsupported("formula ends too early")
        self.pos += 1
        return token

    def parse(self) -> V:
        value = self.expression()
        if self.peek() is not None:
            raise Unsupported(f"unexpected {self.peek()}")
        return value

    def expression(self) -> V:
        value = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            value = value + self.term() if op == "+" else value - self.term()
        return value

    def term(self) -> V:
        value = self.factor()
        while self.peek() in (("op", "*"), ("op", "/")):
            op = self.take()[1]
            right = self.factor()
            if op == "/" and right == 0:
                raise Unsupported("division by zero")
            value = value * right if op == "*" else value / right
        return value

    def factor(self) -> V:
        kind, text = self.take()
        if (kind, text) == ("op", "-"):
            return -self.factor()
        if (kind, text) == ("op", "+"):
            return self.factor()
        if (kind, text) == ("op", "("):
            value = self.expression()
            self.expect(")")
            return value
        if kind == "num":
            return self.number(Decimal(text))
        if kind == "ref":
            return self.total(self.cells(text))
        if kind == "func" and text == "SUM":
            return self.sum_args()
        raise Unsupported(f"function or token {text!r} is not supported")

    def expect(self, op: str) -> None:
        if self.take() != ("op", op):
            raise Unsupported(f"expected {op!r}")

    def total(self, values: list[V]) -> V:
        out = self.number(Decimal(0))
        for value in values:
            out = out + value
        return out

    def sum_args(self) -> V:
        args: list[V] = []
        if self.peek() == ("op", ")"):
            self.take()
            return self.total(args)
        while True:
            args.append(self.expression())
            if self.take() == ("op", ")"):
                return self.total(args)

    def cells(self, ref: str) -> list[V]:
        sheet, _, area = ref.rpartition("!")
        sheet = sheet.strip("'") or self.sheet
        corners = [_CELL.fullmatch(part) for part in area.split(":")]
        if not all(corners):
            raise Unsupported(f"bad reference {ref!r}")
        (c1, r1), (c2, r2) = [(col_index(m.group(1)), int(m.group(2))) for m in corners if m] * (
            2 if len(corners) == 1 else 1
        )
        return [
            self.lookup(sheet, row, col)
            for row in range(min(r1, r2), max(r1, r2) + 1)
            for col in range(min(c1, c2), max(c1, c2) + 1)
        ]


def evaluate(formula: str, sheet: str, lookup: Lookup) -> Decimal:
    """The value of ``formula`` on ``sheet``; raises :class:`Unsupported` outside the subset."""
    parser: _Parser[Decimal] = _Parser(formula, sheet, lookup, Decimal)
    return parser.parse()


def linear(formula: str, sheet: str) -> Linear:
    """``formula`` on ``sheet`` as a linear form over cells; raises :class:`Unsupported` when it
    is outside the subset or not linear."""
    parser: _Parser[Linear] = _Parser(
        formula, sheet, lambda s, r, c: Linear({(s, r, c): Decimal(1)}), Linear.of)
    return parser.parse()


class Evaluator:
    """Values of cells across a workbook's grids, evaluating formulas saved without a value
    (:class:`~xlbudget.read.grid.Uncached`), with a guard against cycles."""

    def __init__(self, grids: list[Grid]) -> None:
        self.grids = {g.name: g for g in grids}
        self.busy: set[tuple[str, int, int]] = set()

    def __call__(self, sheet: str, row: int, col: int) -> Decimal:
        grid = self.grids.get(sheet)
        if grid is None:
            raise Unsupported(f"no sheet {sheet!r}")
        value = grid.get(row, col)
        if isinstance(value, Uncached):
            key = (sheet, row, col)
            if key in self.busy:
                raise Unsupported("circular reference")
            self.busy.add(key)
            try:
                return evaluate(value.formula, sheet, self)
            finally:
                self.busy.discard(key)
        result = amount(value)
        if isinstance(result, BadAmount):
            raise Unsupported(f"{grid.cell_ref(row, col)} holds {result.text!r}")
        if result is not None and abs(result) >= BEYOND_WAN:  # no amount of a budget (rows.py
            raise Unsupported(f"{grid.cell_ref(row, col)} holds {result}")  # says R.amount)
        return result or Decimal(0)
