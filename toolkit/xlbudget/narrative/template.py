"""The engine that writes a region's 说明 from its ``[story]``: sections, paragraphs and their
templates, filled from a figure source (:class:`Source`) — the region's figures, whichever way
they are computed. A missing input becomes its 【待补充：…】 marker, recorded by the source.

Template syntax (:mod:`xlbudget.spec.story` has the file format):

- ``{name}``, ``{name:form}``, ``{name|default}``: a value of the source (``default`` when it
  has none);
- ``[A]`` and ``[A|B]``: ``A`` when every placeholder in it has a value, else ``B`` (or nothing);
- in a paragraph with ``each``, ``{item.field}`` and ``{n}`` (1, 2, …) for each listed item.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Protocol

from xlbudget.narrative.render import Paragraph
from xlbudget.spec.story import Section, Story, Template

FIELD = re.compile(r"\{([^{}:|\s]+)(?::([a-z]+))?(?:\|([^{}]*))?\}")
PIECE = re.compile(r"\[[^\[\]]*\]|" + FIELD.pattern)

Resolve = Callable[[str, str | None], str | None]


class Scope(Protocol):
    """One listed item: its fields (``label``, ``amount``, …) as text, None when it has none."""

    def field(self, name: str, form: str | None) -> str | None: ...

    def is_zero(self) -> bool: ...


class Source(Protocol):
    """What a story's templates are filled from: values, lists of items, conditions; and where a
    missing input is recorded (``section`` says under which section)."""

    section: str

    def value(self, name: str, form: str | None) -> str | None: ...

    def items(self, name: str) -> Sequence[Scope]: ...

    def truthy(self, name: str) -> bool: ...

    def table_missing(self, table: str) -> str | None:
        """The marker for a section whose table the book lacks (None: it has it)."""
        ...


def _split(segment: str) -> tuple[str, str]:
    """``A|B`` at its top-level bar (a bar inside ``{…|default}`` does not count)."""
    depth = 0
    for index, char in enumerate(segment):
        depth += char == "{"
        depth -= char == "}"
        if char == "|" and depth == 0:
            return segment[:index], segment[index + 1:]
    return segment, ""


def fill(text: str, resolve: Resolve) -> str:
    def placeholder(match: re.Match[str]) -> str:
        value = resolve(match.group(1), match.group(2))
        return value if value is not None else (match.group(3) or "")

    def complete(part: str) -> bool:
        return all(resolve(m.group(1), m.group(2)) is not None or m.group(3) is not None
                   for m in FIELD.finditer(part))

    def piece(match: re.Match[str]) -> str:
        if match.group(0).startswith("{"):
            return placeholder(FIELD.fullmatch(match.group(0)))  # type: ignore[arg-type]
        first, second = _split(match.group(0)[1:-1])
        chosen = first if complete(first) else second
        return FIELD.sub(placeholder, chosen)

    # One pass, left to right: inputs are found missing (and listed) in the order they are read.
    return PIECE.sub(piece, text)


def _level(template: Template, text: str) -> int:
    """A heading paragraph, or a line that opens with 一、…, is a sub-heading."""
    return 2 if template.heading or re.match(r"[一二三四五六七八九十]+、", text) else 0


class Writer:
    def __init__(self, story: Story, source: Source, level: str, year: int) -> None:
        self.story, self.source, self.level, self.year = story, source, level, year

    def resolve(self, scope: Scope | None, n: int) -> Resolve:
        def get(name: str, form: str | None) -> str | None:
            if name == "n":
                return str(n)
            if scope is not None and name.startswith(("item.", "project.")):
                return scope.field(name.partition(".")[2], form)
            return self.source.value(name, form)

        return get

    def applies(self, template: Template, previous: bool) -> bool:
        if not template.serves(self.year):
            return False
        if template.otherwise:
            return not previous
        return all(self.source.truthy(n) for n in template.when) and not any(
            self.source.truthy(n) for n in template.unless)

    def paragraphs(self, template: Template) -> list[Paragraph]:
        if not template.each:
            text = fill(template.text, self.resolve(None, 0))
            return [Paragraph(_level(template, line), line) for line in text.split("\n")]
        listed = self.source.items(template.each)[template.skip:]
        texts = []
        for n, scope in enumerate(listed, 1):
            body = template.zero if template.zero and scope.is_zero() else template.text
            texts.append(fill(body, self.resolve(scope, n)))
        if template.join is not None:
            if not texts and template.empty:
                return [Paragraph(0, fill(template.empty, self.resolve(None, 0)))]
            joined = template.join.join(texts)
            wrap = fill(template.wrap.replace("{list}", "\0"), self.resolve(None, 0))
            return [Paragraph(0, wrap.replace("\0", joined))]
        if not texts and template.empty:
            return [Paragraph(0, fill(template.empty, self.resolve(None, 0)))]
        if texts and template.first:
            texts[0] = fill(template.first, self.resolve(None, 0)) + texts[0]
        return [Paragraph(_level(template, line), line)
                for text in texts for line in text.split("\n") if line]

    def section(self, section: Section) -> list[Paragraph]:
        self.source.section = section.number
        out = [Paragraph(1, f"{section.number}、{fill(section.title, self.resolve(None, 0))}")]
        previous = True  # was the last paragraph with a condition of its own written?
        for template in section.paragraphs:
            self.source.section = template.section or section.number
            written = self.applies(template, previous)
            if not template.otherwise:
                previous = written
            if written:
                out += self.paragraphs(template)
        self.source.section = section.number
        marker = self.source.table_missing(section.table) if section.table else None
        if marker is not None:  # keep the heading; the body would be made of zeros
            out[1:] = [Paragraph(0, marker)]
        return out

    def write(self) -> list[Paragraph]:
        out = [Paragraph(1, fill(self.story.title, self.resolve(None, 0)))] \
            if self.story.title else []
        for section in self.story.sections:
            if not section.levels or self.level in section.levels:
                out += self.section(section)
        return out
