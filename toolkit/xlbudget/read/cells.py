"""Reading one cell: amounts as exact Decimals, codes as digit strings. Pure functions.

What a published workbook puts where a number belongs: floats, integers, ``"1,234.56"``,
full-width digits, stray spaces (``"432. 18"``), ``-``/``—`` for zero, parenthesised negatives,
and sometimes dates, booleans or error values, which are not amounts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

ZERO_MARKS = {"-", "—", "－", "–", "——", "--", "/", "无"}
ERROR_VALUES = {"#REF!", "#DIV/0!", "#VALUE!", "#N/A", "#NAME?", "#NUM!", "#NULL!"}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


@dataclass(frozen=True)
class BadAmount:
    """A cell that should hold an amount and does not; ``why`` is a short reason key."""

    why: str  # "text" | "date" | "bool" | "error" | "not a number" | "beyond any budget" …
    text: str


DIGITS = 15  # significant digits a workbook keeps (Excel, LibreOffice): more were never typed
BEYOND = Decimal(10) ** 16  # in any printed unit: 10¹² 万元 written in 元; no budget is near
BEYOND_WAN = Decimal(10) ** 12  # 万元: the same bound once the unit is known (rows.to_cent)
SHOWN = 24  # characters of a bad number shown as it is; a longer one as 1.000000E+308


def sane(number: Decimal, raw: object) -> Decimal | BadAmount:
    """The number, or why it is no amount: NaN and ±infinity (pandas and some exports store
    them), a magnitude beyond any budget, more significant digits than a workbook keeps —
    each would flow into expected values of dozens of digits, or stop the arithmetic."""
    if not number.is_finite():
        return BadAmount("not a number" if number.is_nan() else "infinite", str(raw))
    shown = str(raw) if len(str(raw)) <= SHOWN else f"{number:.6E}"  # not 300 digits
    if abs(number) >= BEYOND:
        return BadAmount("beyond any budget", shown)
    if len(number.normalize().as_tuple().digits) > DIGITS:
        return BadAmount("more digits than a workbook keeps", shown)
    return number


def amount(value: object) -> Decimal | BadAmount | None:
    """The cell's amount (None for blank), or why it is not one."""
    if value is None:
        return None
    if isinstance(value, bool):
        return BadAmount("bool", str(value).upper())
    if isinstance(value, int):
        return sane(Decimal(value), value)
    if isinstance(value, float):
        return sane(float_amount(value), value)
    if isinstance(value, datetime | date | time):
        return BadAmount("date", str(value))
    return _text_amount(str(value))


def float_amount(value: float) -> Decimal:
    """A stored binary double as the number a spreadsheet shows: 15 significant digits, as Excel
    and LibreOffice keep them. A total computed in an .xls is stored as 35.599999999999994; it
    is 35.6, and reading it otherwise would create a finding out of float error."""
    return Decimal(format(value, ".15g"))


def _text_amount(raw: str) -> Decimal | BadAmount | None:
    # A leading apostrophe is Excel's "store as text" mark, pasted from other systems ('432.18).
    text = unicodedata.normalize("NFKC", raw).strip().removeprefix("'").strip()
    if not text:
        return None
    if text.upper() in ERROR_VALUES:
        return BadAmount("error", text)
    if text in ZERO_MARKS:
        return Decimal(0)
    negative = text.startswith("(") and text.endswith(")")
    compact = re.sub(r"[\s,，]", "", text.strip("()"))
    if not _NUMBER.match(compact):
        return BadAmount("text", raw)
    try:
        number = Decimal(compact)
    except InvalidOperation:
        return BadAmount("text", raw)
    return sane(-number if negative else number, raw)


def code_part(value: object, width: int) -> str | None:
    """One code cell (类 3, 款 2, 项 2 digits) as digits; ``3`` → ``"03"`` when a 款 or 项 lost
    its zero. No 类 starts with 0, so a short 类 (``7`` for 210) is kept as printed.

    Returns the digits as found when they do not fit ``width`` so the schema can report them."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = re.sub(r"\s", "", unicodedata.normalize("NFKC", str(value))).removeprefix("'")
    if not text:
        return None
    if text.isdigit() and len(text) < width and width == 2:
        return text.zfill(width)
    return text


def combined_code(value: object) -> str | None:
    """A one-column code (``2011308``, ``201 13 08``, ``201.13.08``) as concatenated digits."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value)).strip().removeprefix("'")
    parts = [p for p in re.split(r"[\s.\-]+", text) if p]
    if len(parts) > 1 and all(p.isdigit() for p in parts):
        widths = (3, 2, 2)
        return "".join(p.zfill(w) for p, w in zip(parts, widths, strict=False))
    return text or None


# A code and a name in one cell (after NFKC): the code as digits, dotted or dashed
# (201.03.01, 201-03-01) or spaced by level (201 03 01), then a space, a tab, -, 、 or : — or
# nothing — and the name: ``　　2011308 招商引资``, ``201 一般公共服务支出`` (表1/表4).
CODE_NAME = re.compile(r"^\s*'?(\d+(?:[.\-]\d+)*(?: \d{2}(?!\d))*)\s*[-、:]?\s*([^\d\s].*)?$")


def split_code_name(text: str) -> tuple[str | None, str]:
    """``"　　2011308 招商引资"`` → (``"2011308"``, ``"招商引资"``); a text with no code in front
    → (None, the text)."""
    found = CODE_NAME.match(unicodedata.normalize("NFKC", text))
    if not found:
        return None, text.strip()
    return combined_code(found.group(1)), (found.group(2) or "").strip()
