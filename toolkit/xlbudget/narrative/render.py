"""A 说明 as paragraphs (what :mod:`.template` writes from a region's [story]) and as
Markdown."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paragraph:
    level: int  # 1 section heading, 2 sub-heading, 0 body
    text: str


def as_markdown(paragraphs: list[Paragraph]) -> str:
    lines = []
    for paragraph in paragraphs:
        prefix = {1: "## ", 2: "### "}.get(paragraph.level, "")
        lines.append(f"{prefix}{paragraph.text}")
    return "\n\n".join(lines) + "\n"
