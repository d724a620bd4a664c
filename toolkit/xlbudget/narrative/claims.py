"""Claims in a written 说明 (第三部分 预算情况说明), as text extracted from PDF, Word or Markdown.

The text is normalised (NFKC, except the full-width punctuation the quotes keep), its lines
joined — a line break never separates a claim's parts (``增加\\n432.18 万元``, ``1,902.\\n40``) —
and split into sections by their headings (一、 … 十二、, （一）… inside 五 and 十二). A section
is known by its title, not only its numeral: 004 numbers 其他重要事项 as 十一. Each claim keeps
its section, the subject it is about (the words before it in its clause), the stated value and
the quote (from the statement's subject to the claim). Claims about one figure — its amount,
share, change and rate — share a ``group``. Reasons (主要原因…) and uses (主要用于…) are not
claims; the 绩效目标表 printed inside 十二(四) is not part of the 说明 and is skipped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

NUM = r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\d)"
_CLAIM = re.compile(
    rf"(?P<share>占比?[^，,。；;%\d]{{0,8}}?(?P<sv>{NUM})\s*%)"
    rf"|(?P<rate>(?P<rw>增长|下降|增加|减少|上升|降低)了?\s*(?P<rv>{NUM})\s*%)"
    rf"|(?P<change>(?P<cw>增加|减少|增长|下降)了?\s*(?P<cv>{NUM})\s*(?P<cu>万元|元)(?!\s*/))"
    rf"|(?P<amount>(?P<av>{NUM})\s*(?P<au>万元|元)(?!\s*(?:/|以上|以下|以内)))"
    rf"|(?P<count>(?P<nv>{NUM})\s*(?P<nu>辆|个|台|人)(?!月|百分点))"
    r"|(?P<flat>持平)"
    r"|(?P<new>新增)(?=\s*(?:[，,。；;]|$))"
    r"|(?P<absent>未安排)(?=\s*[。；;]?\s*$)")
_LIST = re.compile(r"(?P<head>收入预算包括|支出预算包括|主要包括)[：:](?P<body>.+)$")
_NAME = re.compile(r"项目名称[：:]\s*(?P<name>.+)$")
_DELIM = re.compile(r"[，：:]|(?<!\d),|,(?!\d{3}(?!\d))")
_SENTENCE = re.compile(r"[^。；;!?！？\n]+[。；;!?！？]?")
_STOP = re.compile(r"主要原因|原因是|主要用于")
_ENUM = re.compile(r"^\s*(?:\d{1,2}\s*[.、．]\s*|\d{1,2}\s+(?=\D)"
                   r"|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、)")
_GENERIC = re.compile(r"\d{4}\s*年度?|其中|预算数|为|是|\s|[“”\"'《》]")
_VERSUS = re.compile(r"(?:比|较|与)上年度?(?:预算)?数?$")

_TOP = re.compile(r"^(十[一二]|[一二三四五六七八九十])、")
_SUB = re.compile(r"^[（(]([一二三四五六七八九十])[）)]")
_TABLE = re.compile(r"^[^，。：:]{0,12}绩效目标表$")
_LABEL = re.compile(r"^(?:\d{1,2}[、.．])?[一-鿿]{2,12}[：:]")
_PAGE = re.compile(r"^(?:[-—]?\s*\d{1,4}\s*[-—]?|第\s*\d+\s*页.*)$")
_MARKS = re.compile(r"\*\*|__|`|<[^>]{1,10}>|^\s*(?:#{1,6}|>|[-*•](?=\s))\s*")
# A section is known by its title; the most specific words first.
TITLES = [("三公", "十"), ("上年结转结余", "十一"), ("其他重要事项", "十二"),
          ("政府性基金", "八"), ("国有资本经营", "九"), ("当年拨款", "五"), ("基本支出", "六"),
          ("项目支出", "七"), ("财政拨款收支", "四"), ("收支预算", "一"), ("收入预算", "二"),
          ("支出预算", "三")]
_KEEP = set("（）：，；！？")


@dataclass(frozen=True)
class Claim:
    section: str  # "二", "五(三)", "十二(四)"
    kind: str  # amount share change rate count flat new absent list name
    subject: str
    stated: Decimal | None
    text: str  # the value as written: "2.77%", "96.62 万元", "增加 96.62 万元"
    word: str = ""  # 增加/减少/增长/下降 for a change or a rate
    unit: str = ""  # 万元, 元, %, 辆, 个 …
    quote: str = ""  # from the statement's subject to the end of the claim
    sentence: str = ""
    group: int = 0  # claims about one figure share a group
    items: tuple[str, ...] = ()  # a list claim's names; a name claim's name


@dataclass(frozen=True)
class Section:
    key: str  # canonical: "十二(一)"
    written: str  # as numbered in the text: "十一(一)"
    title: str
    text: str  # the body, lines joined; "\n" marks a hard break


@dataclass
class Statement:
    """The claims about one figure: its amount, share, change, rate (or count and value)."""

    section: str
    claims: list[Claim]

    def get(self, kind: str) -> Claim | None:
        return next((c for c in self.claims if c.kind == kind), None)

    @property
    def subject(self) -> str:
        return next((c.subject for c in self.claims if c.subject), "")


def statements(claims: list[Claim]) -> list[Statement]:
    """Claims grouped by the figure they are about, in reading order."""
    groups: dict[int, Statement] = {}
    for claim in claims:
        if claim.group:
            groups.setdefault(claim.group, Statement(claim.section, [])).claims.append(claim)
    return list(groups.values())


@dataclass
class Document:
    sections: list[Section] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def statements(self) -> list[Statement]:
        return statements(self.claims)


# ── reading and normalising ──────────────────────────────────────────────────────────────────


def read_text(path: str | Path) -> tuple[str, bool]:
    """The text of a 说明 and whether its line ends are real paragraph ends (.docx)."""
    path = Path(path)
    if path.suffix.lower() in (".doc", ".pdf", ".wps"):
        raise ValueError(f"{path.name}: save it as .docx or extract its text (.txt) first")
    if path.suffix.lower() != ".docx":
        return path.read_text(encoding="utf-8-sig"), False
    import docx  # python-docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells = {id(cell._tc): cell.text for cell in row.cells}  # merged cells once
                lines.extend(cells.values())
    return "\n".join(lines), True


def normalise(text: str) -> str:
    """NFKC, except the full-width punctuation a quote keeps (，：；（）)."""
    return "".join(c if c in _KEEP else unicodedata.normalize("NFKC", c) for c in text)


def clean_lines(text: str) -> list[str]:
    """Lines without markdown marks, page numbers or table rules; empty lines dropped."""
    out: list[str] = []
    for raw in normalise(text).splitlines():
        line = _MARKS.sub("", raw).replace("|", " ").strip()
        previous = out[-1] if out else ""
        if not line or set(line) <= set("-:| "):
            continue
        if _PAGE.match(line) and not previous.endswith((".", ",")):
            continue
        out.append(line)
    return out


def decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


# ── sections ─────────────────────────────────────────────────────────────────────────────────


def _title_key(title: str, fallback: str) -> str:
    return next((key for word, key in TITLES if word in title), fallback)


def _heading(lines: list[str], index: int, pattern: re.Pattern[str], end: str) -> str | None:
    """The numeral when ``lines[index]`` starts a heading whose title ends (with ``end``) soon."""
    match = pattern.match(lines[index])
    ahead = "".join(lines[index:index + 3])
    return match.group(1) if match and re.match(rf"^.{{0,90}}?(?:{end})", ahead) else None


def _split_title(text: str, end: str) -> tuple[str, str]:
    match = re.match(rf"^.{{0,90}}?(?:{end})", text)
    return (match.group(0), text[match.end():]) if match else (text, "")


class _Sectioner:
    def __init__(self, hard: bool) -> None:
        self.hard = hard
        self.top, self.top_written = "", ""
        self.parts: list[tuple[str, str, list[str], bool]] = [("", "", [], False)]
        self.skip = False

    def open(self, key: str, written: str, sub: bool) -> None:
        self.parts.append((key, written, [], sub))
        self.skip = False

    def add(self, line: str) -> None:
        if self.skip:
            return
        key, _, lines, _ = self.parts[-1]
        if lines and (self.hard or (key == "七" and _LABEL.match(line))):
            lines.append("\n")
        lines.append(line)

    def line(self, lines: list[str], index: int) -> None:
        line = lines[index]
        top = _heading(lines, index, _TOP, "说明")
        sub = _heading(lines, index, _SUB, "情况|事项") if self.top in ("五", "十二") else None
        if top:
            title = _split_title("".join(lines[index:index + 3]), "说明")[0]
            self.top, self.top_written = _title_key(title, top), top
            self.open(self.top, top, False)
        elif sub:
            self.open(f"{self.top}({sub})", f"{self.top_written}({sub})", True)
        elif _TABLE.match(line):
            self.skip = True
            return
        self.add(line)

    def sections(self) -> list[Section]:
        out = []
        for key, written, lines, sub in self.parts:
            joined = "".join(lines)
            end = "情况|事项" if sub else "说明"
            title, body = _split_title(joined, end) if key else ("", joined)
            out.append(Section(key, written, title, body))
        return out


def sections(text: str, hard_breaks: bool = False) -> list[Section]:
    """The 说明's sections (the text before the first heading is the section ``""``).

    A whole publication may be given: the 说明 runs from its last 第三部分 line (an earlier one
    is the table of contents) to 第四部分."""
    lines = clean_lines(text)
    starts = [i for i, line in enumerate(lines) if line.startswith("第三部分")]
    sectioner = _Sectioner(hard_breaks)
    for index in range(starts[-1] if starts else 0, len(lines)):  # the last: not the contents
        if lines[index].startswith("第四部分"):
            break
        sectioner.line(lines, index)
    return sectioner.sections()


# ── claims ───────────────────────────────────────────────────────────────────────────────────


def _clauses(sentence: str) -> list[int]:
    """Start offsets of the clauses of a sentence."""
    return [0, *(m.end() for m in _DELIM.finditer(sentence))]


def _clean(subject: str) -> str:
    subject = _ENUM.sub("", subject.strip()).strip()
    return _VERSUS.sub("", subject.removeprefix("其中").strip()).strip()


def _subject(sentence: str, start: int, kind: str) -> tuple[str, int, bool]:
    """The subject before ``start``, where it starts, and whether it names anything."""
    starts = [s for s in _clauses(sentence) if s <= start]
    begin = starts[-1]
    subject = _clean(sentence[begin:start])
    if kind in ("amount", "count") and not _GENERIC.sub("", subject) and len(starts) > 1:
        begin = starts[-2]
        subject = _clean(sentence[begin:start]).split("：")[0].split(":")[0]
    if not _GENERIC.sub("", subject):
        return subject, begin, False
    offset = sentence.find(subject, begin)
    return subject, offset if offset >= 0 else begin, True


@dataclass
class _Group:
    number: int
    start: int
    kinds: set[str] = field(default_factory=set)


def _value(match: re.Match[str]) -> tuple[str, Decimal | None, str, str]:
    """(kind, stated, word, unit) of one match."""
    kind = match.lastgroup or ""
    groups = {"share": ("sv", "", "%"), "rate": ("rv", "rw", "%"), "change": ("cv", "cw", "cu"),
              "amount": ("av", "", "au"), "count": ("nv", "", "nu")}
    if kind not in groups:
        return kind, None, "", ""
    value, word, unit = groups[kind]
    unit_text = unit if unit == "%" else match.group(unit)
    return kind, decimal(match.group(value)), match.group(word) if word else "", unit_text


class _Extractor:
    def __init__(self) -> None:
        self.claims: list[Claim] = []
        self.groups = 0

    def new_group(self, start: int) -> _Group:
        self.groups += 1
        return _Group(self.groups, start)

    def sentence(self, section: str, sentence: str) -> None:
        stop = _STOP.search(sentence)
        scope = sentence[:stop.start()] if stop else sentence
        group: _Group | None = None
        for match in _CLAIM.finditer(scope):
            kind, stated, word, unit = _value(match)
            subject, begin, named = _subject(scope, match.start(), kind)
            if group is None or self._starts(kind, named, group):
                group = self.new_group(begin)
            group.kinds.add(kind)
            quote = scope[group.start:match.end()].strip()
            self.claims.append(Claim(section, kind, subject, stated, match.group(0).strip(), word,
                                     unit, quote, sentence.strip(), group.number))
        self.lists(section, sentence, group)

    @staticmethod
    def _starts(kind: str, named: bool, group: _Group) -> bool:
        if kind == "amount":
            return "amount" in group.kinds or "count" not in group.kinds
        if kind in ("count", "absent"):
            return True
        return named or kind in group.kinds

    def lists(self, section: str, sentence: str, group: _Group | None) -> None:
        found = _LIST.search(sentence)
        if found:
            body = found.group("body").rstrip("。；;")
            items = tuple(n.strip().removesuffix("等") for n in body.split("、") if n.strip())
            subject = next((c.subject for c in reversed(self.claims)
                            if group and c.group == group.number), found.group("head"))
            self.claims.append(Claim(section, "list", subject, None, body, found.group("head"),
                                     "", sentence.strip(), sentence.strip(),
                                     group.number if group else 0, items))
        name = _NAME.search(sentence)
        if name:
            text = name.group("name").strip()
            self.claims.append(Claim(section, "name", "项目名称", None, text, quote=text,
                                     sentence=sentence.strip(), items=(text,)))


def sentences(text: str) -> Iterator[str]:
    for match in _SENTENCE.finditer(text):
        if match.group(0).strip():
            yield match.group(0)


def parse(text: str, hard_breaks: bool = False) -> Document:
    """Sections and claims of a written 说明."""
    document = Document(sections(text, hard_breaks))
    extractor = _Extractor()
    for section in document.sections:
        if section.key:
            for sentence in sentences(section.text):
                extractor.sentence(section.key, sentence)
    document.claims = extractor.claims
    return document



def extract(text: str) -> list[Claim]:
    """Every claim of a written 说明, in reading order."""
    return parse(text).claims
