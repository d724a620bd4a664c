"""The 说明 as a file: Markdown / plain text, or .docx (python-docx) with real headings."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from xlbudget.fileio import atomic_path
from xlbudget.narrative.render import Paragraph, as_markdown

PINNED = datetime(2024, 1, 1)
FONT = "宋体"


def _east_asian(run_or_style: object, font: str = FONT) -> None:
    """python-docx sets only the Latin font; Chinese text needs the eastAsia one too."""
    element = run_or_style.element  # type: ignore[attr-defined]
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font)


def write_docx(paragraphs: list[Paragraph], path: Path, title: str) -> None:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    _east_asian(normal)
    for name in ("Heading 1", "Heading 2", "Title"):
        style = document.styles[name]
        _east_asian(style, "黑体")
        style.font.color.rgb = RGBColor(0, 0, 0)  # official documents print black headings
    properties = document.core_properties
    properties.title = title
    properties.author = "xlbudget"
    properties.created = properties.modified = PINNED  # byte-stable output
    properties.last_modified_by = "xlbudget"
    properties.revision = 1
    for paragraph in paragraphs:
        if paragraph.level:
            document.add_heading(paragraph.text, level=paragraph.level)
        else:
            body = document.add_paragraph(paragraph.text)
            body.paragraph_format.first_line_indent = Pt(24)
    with atomic_path(path) as tmp:
        document.save(str(tmp))


def write_text(paragraphs: list[Paragraph], path: Path) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(as_markdown(paragraphs), encoding="utf-8")


def write(paragraphs: list[Paragraph], path: Path, title: str) -> None:
    """By suffix: .docx, or Markdown for .md / .txt."""
    if path.suffix.lower() == ".docx":
        write_docx(paragraphs, path, title)
    else:
        write_text(paragraphs, path)
