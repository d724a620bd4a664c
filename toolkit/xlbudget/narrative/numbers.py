"""Exact shares, changes and growth rates, and how the publications print them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
WIDE = Context(prec=80)  # no amount, however absurd, is rounded away or makes quantize fail


def percent(part: Decimal, base: Decimal) -> Decimal | None:
    """part / base as a percentage, half-up to two places (None when the base is 0)."""
    if base == 0:
        return None
    return WIDE.multiply(WIDE.divide(part, base), HUNDRED).quantize(
        CENT, rounding=ROUND_HALF_UP, context=WIDE)


def wan(amount: Decimal) -> str:
    """An amount in 万元 as printed: ``6,011.31``."""
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP, context=WIDE):,.2f}"


def pct(value: Decimal) -> str:
    """A percentage as printed: ``7,797.90%``."""
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP, context=WIDE):,.2f}%"


@dataclass(frozen=True)
class Change:
    """This year against last year's budget. ``prior`` None means the input is missing."""

    current: Decimal
    prior: Decimal | None

    @property
    def delta(self) -> Decimal | None:
        return None if self.prior is None else self.current - self.prior

    @property
    def kind(self) -> str | None:
        """增加 / 减少 / 持平 / 新增 (None when last year's figure is missing)."""
        if self.prior is None:
            return None
        if self.current == self.prior:
            return "持平"
        if self.prior == 0:
            return "新增"
        return "增加" if self.current > self.prior else "减少"

    @property
    def rate(self) -> Decimal | None:
        """Growth in percent of last year; never computed from a zero prior year."""
        if self.prior is None or self.prior == 0 or self.delta is None:
            return None
        return percent(abs(self.delta), self.prior)

    def phrase(self) -> str:
        """``比上年预算增加 X 万元，增长 Y%`` and its siblings, in 000's wording."""
        kind = self.kind
        if kind == "持平":
            return "与上年预算持平"
        if kind == "新增":
            return "为新增"
        assert self.delta is not None and self.rate is not None and kind is not None
        verb = "增长" if kind == "增加" else "下降"
        return f"比上年预算{kind} {wan(abs(self.delta))} 万元，{verb} {pct(self.rate)}"
