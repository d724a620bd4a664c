"""Terminal widths of Chinese text: a CJK character takes two columns, so lines are measured
and cut by display width (East Asian Width), never by character count."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=65536)
def _cell(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal."""
    return sum(_cell(ch) for ch in text)


def fit(text: str, columns: int) -> str:
    """``text`` cut to at most ``columns`` display columns, with … when cut."""
    if width(text) <= columns:
        return text
    out, used = [], 0
    for char in text:
        if used + _cell(char) > columns - 1:
            break
        out.append(char)
        used += _cell(char)
    return "".join(out) + "…"


def pad(text: str, columns: int) -> str:
    """``text`` padded with spaces to ``columns`` display columns (cut when longer)."""
    text = fit(text, columns)
    return text + " " * (columns - width(text))


def fit_left(text: str, columns: int) -> str:
    """``text`` cut from the left to at most ``columns`` display columns, with … in front
    (a long path keeps its file name)."""
    if width(text) <= columns:
        return text
    out: list[str] = []
    used = 0
    for char in reversed(text):
        if used + _cell(char) > columns - 1:
            break
        out.append(char)
        used += _cell(char)
    return "…" + "".join(reversed(out))
