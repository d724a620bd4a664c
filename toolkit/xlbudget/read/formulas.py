"""Evaluate the formulas budget workbooks use when no cached value was saved.

A workbook written by a library (openpyxl, some exporters) stores formulas without results; a
reader that took the missing value for 0 would invent findings or hide them. Supported: numbers,
cell references and ranges (also on other sheets: ``'表3'!E28``), ``+ - * /``, parentheses and
``SUM``. Anything else raises :class:`Unsupported`, which the reader reports as a finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

Lookup = Callable[[str, int, int], Decimal]  # (sheet, row, col), 1-based → value

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


class _Parser:
    def __init__(self, formula: str, sheet: str, lookup: Lookup) -> None:
        self.tokens = _tokens(formula)
        self.pos = 0
        self.sheet = sheet
        self.lookup = lookup

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise Unsupported("formula ends too early")
        self.pos += 1
        return token

    def parse(self) -> Decimal:
        value = self.expression()
        if self.peek() is not None:
            raise Unsupported(f"unexpected {self.peek()}")
        return value

    def expression(self) -> Decimal:
        value = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            value = value + self.term() if op == "+" else value - self.term()
        return value

    def term(self) -> Decimal:
        value = self.factor()
        while self.peek() in (("op", "*"), ("op", "/")):
            op = self.take()[1]
            right = self.factor()
            if op == "/" and right == 0:
                raise Unsupported("division by zero")
            value = value * right if op == "*" else value / right
        return value

    def factor(self) -> Decimal:
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
            return Decimal(text)
        if kind == "ref":
            return sum(self.cells(text), Decimal(0))
        if kind == "func" and text == "SUM":
            return self.sum_args()
        raise Unsupported(f"function or token {text!r} is not supported")

    def expect(self, op: str) -> None:
        if self.take() != ("op", op):
            raise Unsupported(f"expected {op!r}")

    def sum_args(self) -> Decimal:
        total = Decimal(0)
        if self.peek() == ("op", ")"):
            self.take()
            return total
        while True:
            total += self.expression()
            if self.take() == ("op", ")"):
                return total

    def cells(self, ref: str) -> list[Decimal]:
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
    return _Parser(formula, sheet, lookup).parse()
