"""Text normalisation shared by the spec, the reader and the catalogues.

Budget workbooks mix full-width and half-width forms (（） vs (), ０ vs 0), letter-space labels
(``合 计``) and break names across lines. Everything that compares labels or names goes through
:func:`fold`, so a width or whitespace difference is never a finding.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")
# Quote marks carry no meaning in a label (“三公”经费 vs 三公经费).
_QUOTES = str.maketrans("", "", "\"'“”‘’「」『』")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Return the comparison key of a label or name: NFKC, no whitespace, no quotes, casefolded."""
    normal = unicodedata.normalize("NFKC", text)
    return _SPACE.sub("", normal).translate(_QUOTES).casefold()


_BRACKETS = str.maketrans("", "", "()[]<>《》〈〉【】")
# Variant characters and spellings printed for the official ones: the same word, not a
# different name (其它一般公共服务支出 is 其他一般公共服务支出).
VARIANTS = (("其它", "其他"), ("帐", "账"), ("部份", "部分"), ("做为", "作为"), ("綫", "线"))


@lru_cache(maxsize=65536)
def variant_key(text: str) -> str:
    """``text`` with the usual variant characters replaced by the official ones."""
    for variant, official in VARIANTS:
        if variant in text:
            text = text.replace(variant, official)
    return text


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """The comparison key of an official name: :func:`fold`, brackets dropped (their contents
    kept) and variant characters read as the official ones, so ``政府办公厅（室）``,
    ``政府办公厅(室)`` and ``政府办公厅室`` agree, and ``其它…`` is ``其他…``."""
    return variant_key(fold(text).translate(_BRACKETS))


def same_text(left: str, right: str) -> bool:
    """True when two labels or names differ only in width, whitespace or quote marks."""
    return fold(left) == fold(right)


_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (the numbering of a list's chapters, 1–99)."""
    tens, ones = divmod(n, 10)
    head = ("" if tens == 1 else _DIGITS[tens]) + "十" if tens else ""
    return head + (_DIGITS[ones] if ones else "")
