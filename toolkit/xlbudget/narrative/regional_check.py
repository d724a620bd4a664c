"""A written 说明 read back against its region's ``[story]``: every amount its templates state is
found in the text by the words just before it (``财政拨款收入`` + ``950.12万元``) and compared
with the table or input figure it names; every change with last year's figure (or, where the
book does not give it, with the other changes the text states); the figures that must add up
(三公, 政府采购, 车辆) are added up as written; a 项's rate against 执行数 is recomputed from the
two amounts the sentence gives; an empty ``主要原因是。`` is a warning.

Tolerance: a stated amount stands for every value it rounds from — half a unit of its last
printed digit (``17,192``万元 ± 0.5, ``950.12`` ± 0.005); a rate, the rates of every pair of
amounts the two stated amounts round from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, Decimal

from xlbudget.check.findings import Finding, Severity
from xlbudget.model import Budget
from xlbudget.narrative.numbers import CENT, HUNDRED, WIDE, wan
from xlbudget.narrative.regional import Item, Values
from xlbudget.spec.inputs import ValueKind
from xlbudget.spec.story import PLACEHOLDER, Balance, Story, Template

NUMBER = r"(-?\d[\d,]*(?:\.\d+)?)"
_AMOUNT_AFTER = re.compile(r"(?:为|是)?" + NUMBER + r"(亿元|万元|元)?")
_CHANGE = re.compile(
    r"[，,]?(?:比(?:\d{4}年|上年)(?:预算)?(?P<exec>执行数)?(?P<dir>增加|减少|增长|下降)"
    r"(?P<d>\d[\d,]*(?:\.\d+)?)(?P<du>万元|%)?|与(?:\d{4}年|上年)(?:预算)?(?:执行数)?(?P<same>持平))")
_ITEM = re.compile(r"“([^”]{2,120})”(?:科目)?" + NUMBER + r"万元")
_PATH = re.compile(r"(.+?)\(类\)(.+?)\(款\)(.+?)\(项\)")
_EXECUTED = re.compile(r"执行数为" + NUMBER + r"万元.{0,30}?预算安排" + NUMBER +
                       r"万元[，,]?(?:比.{0,12}?执行数(增加|减少)" + NUMBER + r"%|(.{0,12}?持平))")
_EMPTY_REASON = re.compile(r"主要原因(?:是|为)[：:]?(?=[。；;])")
_BREAK = "，。；：、"
_ENUMERATION = re.compile(r"^(?:\(\w{1,2}\)|\d+[.、]|[一二三四五六七八九十]+、)")
UNITS = {"亿元": Decimal(10000), "万元": Decimal(1), "元": Decimal("0.0001"), None: Decimal(1)}


def normalise(text: str) -> str:
    """The text as the checker reads it: NFKC (full-width digits and brackets as ASCII), no
    white space, 其他 for 其它."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return text.replace("其它", "其他")


@dataclass(frozen=True)
class Stated:
    """An amount the text states: its value in 万元, the half-unit it stands for, where."""

    name: str
    value: Decimal
    half: Decimal
    end: int
    sentence: str
    change: Decimal | None = None  # signed change against last year (万元), when stated


def _decimal(number: str) -> Decimal:
    return Decimal(number.replace(",", ""))


def _half(number: str, scale: Decimal) -> Decimal:
    decimals = len(number.partition(".")[2])
    return Decimal(1).scaleb(-decimals) / 2 * scale


def _sentence(text: str, position: int) -> str:
    start = max(text.rfind("。", 0, position) + 1, position - 60, 0)
    end = text.find("。", position)
    end = len(text) if end < 0 else end + 1
    quote = text[start:end]
    return quote if len(quote) <= 160 else quote[:157] + "…"


def anchor(literal: str) -> str:
    """The words just before an amount in a template: back to the last break, without a
    leading 年 (of ``{year}年``) or enumeration, and without a trailing 为."""
    cut = max(literal.rfind(c) for c in _BREAK)
    words = normalise(literal[cut + 1:]).removeprefix("年")
    words = _ENUMERATION.sub("", words).removesuffix("为").removesuffix("是")
    return words.replace("“", "").replace("”", "")


@dataclass(frozen=True)
class Claim:
    name: str
    words: str
    change: bool  # the template follows it with {name:change}
    # The words open a clause in the template (after a break, not after a placeholder such as
    # {unit}): in a text they must too, so 支出预算 is never read inside 财政拨款支出预算.
    bounded: bool = True


_BOUNDARY = r"(?<![^，。；：、,;:)．.中])"


def claims(template: Template, story: Story) -> list[Claim]:
    """The amounts a template states, each with the words that find it in a text."""
    out: list[Claim] = []
    last = 0
    text = template.text
    for match in PLACEHOLDER.finditer(text):
        name, form = match.group(1), match.group(2)
        literal, opens = text[last:match.start()], last == 0
        last = match.end()
        if form or name not in story.names():
            continue
        words = anchor(literal)
        follows = text[match.end():match.end() + len(name) + 14]
        bounded = opens or any(c in literal for c in _BREAK)
        if len(words) >= 2:
            out.append(Claim(name, words, f"{{{name}:change}}" in follows, bounded))
    return out


class Reader:
    def __init__(self, text: str, budget: Budget, story: Story) -> None:
        self.text = normalise(text)
        self.plain = self.text.replace("“", "").replace("”", "")
        self.budget = budget
        self.story = story
        self.v = Values.of(budget, story)
        self.out: list[Finding] = []
        self.stated: dict[str, Stated] = {}

    def emit(self, rule: str, section: str, quote: str, zh: str, en: str,
             expected: str | None = None, actual: str | None = None,
             cells: tuple[str, ...] = (), severity: Severity = Severity.ERROR) -> None:
        if any(f.message_zh.endswith(zh) and quote in f.message_zh for f in self.out):
            return  # the same sentence printed twice (a book repeats its 说明 per unit)
        self.out.append(Finding(rule, severity, "说明", cells, expected, actual,
                                f"说明 {section}：“{quote}” — {zh}",
                                f"说明 {section}: “{quote}” — {en}"))

    # ── sections ─────────────────────────────────────────────────────────────────────────
    def bounds(self, text: str) -> list[tuple[str, int, int]]:
        """Each section's span of ``text``: from the last time its title is printed (a table of
        contents names it first) to the next section's."""
        starts = []
        for section in self.story.sections:
            title = normalise(section.title.replace("{level}", self.budget.profile.level))
            found = text.rfind(title)
            if found < 0 and "{level}" in section.title:
                found = text.rfind(normalise(section.title.replace("{level}", "")))
            starts.append(max(found, 0))
        out = []
        for index, section in enumerate(self.story.sections):
            later = [s for s in starts[index + 1:] if s > starts[index]]
            out.append((section.number, starts[index], min(later, default=len(text))))
        return out

    def run(self) -> list[Finding]:
        quoted = self.bounds(self.text)
        for index, ((number, start, end), section) in enumerate(zip(
                self.bounds(self.plain), self.story.sections, strict=True)):
            cursor = start
            for template in section.paragraphs:
                if not template.serves(self.budget.year):
                    continue
                if template.each:
                    continue
                if template.mark:
                    self.mark(number, template, start, end)
                    continue
                for claim in claims(template, self.story):
                    cursor = self.claim(number, claim, cursor, end)
            if any(t.each in ("items", "categories") for t in section.paragraphs):
                self.items(number, *quoted[index][1:])
            self.empty_reasons(number, start, end)
        for balance in self.story.balances:
            self.balance(balance)
        return self.out

    # ── one amount ───────────────────────────────────────────────────────────────────────
    def find(self, claim: Claim, cursor: int, end: int) -> re.Match[str] | None:
        """The claim's words and amount, from where the previous claim was found: a text
        states its figures in the template's order (a claim not found after it is not
        stated)."""
        head = _BOUNDARY if claim.bounded else ""
        pattern = re.compile(head + re.escape(claim.words) + _AMOUNT_AFTER.pattern)
        return pattern.search(self.plain, cursor, end)

    def claim(self, section: str, claim: Claim, cursor: int, end: int) -> int:
        if self.v.kinds.get(claim.name) is ValueKind.TEXT:
            return cursor
        match = self.find(claim, cursor, end)
        if match is None or claim.name in self.stated:
            return cursor
        number, unit = match.group(1), match.group(2)
        scale = UNITS[unit]
        stated = Stated(claim.name, _decimal(number) * scale, _half(number, scale), match.end(),
                        _sentence(self.plain, match.start()))
        change = _CHANGE.match(self.plain, match.end()) if claim.change else None
        if change is not None:
            stated = self.change(section, stated, change)
        self.stated[claim.name] = stated
        self.compare(section, claim, stated)
        return match.end()

    def compare(self, section: str, claim: Claim, stated: Stated) -> None:
        expected = self.v.amounts.get(claim.name)
        if expected is None:
            return
        if self.v.kinds.get(claim.name) is ValueKind.COUNT:
            wrong, shown = stated.value != expected, (f"{expected:,.0f}", f"{stated.value:,.0f}")
        else:
            wrong = abs(stated.value - expected) > stated.half
            shown = (wan(expected), wan(stated.value))
        if wrong:
            source = self.story.figures.get(claim.name) or self.story.inputs[claim.name]
            self.wrong_amount(section, stated.sentence, claim.words, source, expected,
                              stated.value, stated.half, shown, self.v.cells.get(claim.name, ()))

    def wrong_amount(self, section: str, quote: str, words: str, source: str,
                     expected: Decimal, value: Decimal, half: Decimal, shown: tuple[str, str],
                     cells: tuple[str, ...]) -> None:
        """An amount that is not the figure it names; one cut off instead of rounded
        (87.7099 written 87.70) is a warning of its own."""
        cut = _truncated(expected, half)
        rule, severity = ("N.rounding", Severity.WARNING) if cut == value else (
            "N.amount", Severity.ERROR)
        how_zh, how_en = ("（按截位而非四舍五入）", " (cut off, not rounded)") if cut == value \
            else ("", "")
        self.emit(rule, section, quote,
                  f"“{words}”应为 {shown[0]}（{source}），实为 {shown[1]}{how_zh}",
                  f"“{words}” should be {shown[0]} ({source}), is {shown[1]}{how_en}",
                  shown[0], shown[1], cells, severity)

    def change(self, section: str, stated: Stated, change: re.Match[str]) -> Stated:
        if change.group("same"):
            signed = Decimal(0)
        elif change.group("du") == "%":
            return stated  # a rate against last year: checked with its amounts, if any
        else:
            sign = 1 if change.group("dir") in ("增加", "增长") else -1
            signed = sign * _decimal(change.group("d"))
        prior = self.v.prior(stated.name)
        current = self.v.amounts.get(stated.name)
        if prior is not None and current is not None:
            expected = current - prior
            half = _half(change.group("d"), Decimal(1)) if change.group("d") else Decimal(0)
            if abs(signed - expected) > half + stated.half:
                self.emit("N.growth", section, stated.sentence,
                          f"与上年预算 {wan(prior)} 万元相比，变化应为 {wan(expected)} 万元，"
                          f"实写 {wan(signed)} 万元",
                          f"against last year's {wan(prior)}, the change is {wan(expected)}, "
                          f"written {wan(signed)}", wan(expected), wan(signed))
        return Stated(stated.name, stated.value, stated.half, stated.end, stated.sentence, signed)

    def mark(self, section: str, template: Template, start: int, end: int) -> None:
        """Words only a zero figure's paragraph prints (无机关运行经费) against a figure that is
        not zero."""
        found = self.plain.find(normalise(template.mark), start, end)
        figure = template.unless[0] if template.unless else ""
        value = self.v.amounts.get(figure)
        if found >= 0 and value:
            self.emit("N.amount", section, _sentence(self.plain, found),
                      f"写“{template.mark}”，而表中为 {wan(value)} 万元",
                      f"says “{template.mark}”, the table has {wan(value)}",
                      wan(value), "0.00", self.v.cells.get(figure, ()))

    # ── the numbered 项 list ──────────────────────────────────────────────────────────────
    def items(self, section: str, start: int, end: int) -> None:
        found = list(_ITEM.finditer(self.text, start, end))
        for index, match in enumerate(found):
            stop = found[index + 1].start() if index + 1 < len(found) else end
            self.item(section, match, self.text[match.end():stop])

    def resolve(self, name: str) -> tuple[str, Decimal, tuple[str, ...]] | None:
        path = _PATH.fullmatch(name)
        items = self.v.items
        if path is not None:
            kuan, xiang = (normalise(p) for p in path.groups()[1:])
            same = [i for i in items if normalise(i.names[2]) == xiang]
            closer = [i for i in same if normalise(i.names[1]) == kuan] or same
            if len(closer) == 1:
                item: Item = closer[0]
                return item.path, item.amount, (item.cell,)
            return None
        table = self.budget.tables.get(int(self.story.items.removeprefix("表")))
        rows = [r for r in table.body() if r.code and len(r.code) == 3
                and normalise(r.name) == normalise(name)] if table else []
        if len(rows) == 1:
            return rows[0].name, rows[0].amount("total"), (rows[0].cells.get("total", ""),)
        return None

    def item(self, section: str, match: re.Match[str], rest: str) -> None:
        resolved = self.resolve(match.group(1))
        quote = _sentence(self.text, match.start())
        stated = _decimal(match.group(2))
        half = _half(match.group(2), Decimal(1))
        if resolved is not None and abs(stated - resolved[1]) > half:
            self.wrong_amount(section, quote, match.group(1), self.story.items, resolved[1],
                              stated, half, (wan(resolved[1]), wan(stated)), resolved[2])
        executed = _EXECUTED.search(rest)
        if executed is not None:
            self.rate(section, _sentence(rest, executed.start()), executed)

    def rate(self, section: str, quote: str, match: re.Match[str]) -> None:
        """``执行数为 B 万元，…预算安排 A 万元，比…执行数增加 C%``: C from A and B."""
        before, now = match.group(1), match.group(2)
        b, a = _decimal(before), _decimal(now)
        if match.group(5) is not None:  # 持平
            if a != b:
                self.emit("N.growth", section, quote, f"{wan(a)} 与 {wan(b)} 不同，不是持平",
                          f"{wan(a)} against {wan(b)} is not unchanged", None, "持平")
            return
        direction, c = match.group(3), _decimal(match.group(4))
        if b == 0:
            return
        lo, hi = _rate_bounds(a, _half(now, Decimal(1)), b, _half(before, Decimal(1)))
        right = "增加" if a > b else "减少"
        exact = abs(a - b) / b * HUNDRED
        shown = f"{exact.quantize(CENT, context=WIDE)}%"
        if direction != right and a != b:
            self.emit("N.growth", section, quote,
                      f"{wan(a)} 对 {wan(b)} 应为{right}，实写{direction}",
                      f"{wan(a)} against {wan(b)} is {right}, written {direction}",
                      right, direction)
        elif not lo <= c <= hi:
            self.emit("N.growth", section, quote,
                      f"{wan(a)} 对执行数 {wan(b)} 的变化率应为 {shown}，实写 {c}%",
                      f"{wan(a)} against 执行数 {wan(b)} is {shown}, written {c}%", shown, f"{c}%")

    # ── text-wide checks ─────────────────────────────────────────────────────────────────
    def empty_reasons(self, section: str, start: int, end: int) -> None:
        for match in _EMPTY_REASON.finditer(self.plain, start, end):
            self.emit("N.reason", section, _sentence(self.plain, match.start()),
                      "“主要原因是”之后没有写原因", "“主要原因是” is followed by no reason",
                      severity=Severity.WARNING)

    def term(self, name: str, of: str) -> tuple[Decimal, Decimal, bool] | None:
        """(value, half-unit, stated?) of a balance's term."""
        stated = self.stated.get(name)
        if stated is not None:
            value = stated.value if of == "amount" else stated.change
            return None if value is None else (value, stated.half, True)
        known = self.v.amounts.get(name)
        return None if known is None or of != "amount" else (known, Decimal(0), False)

    def balance(self, balance: Balance) -> None:
        terms = [self.term(n, balance.of) for n in (balance.total, *balance.parts)]
        if any(t is None for t in terms) or not any(t[2] for t in terms if t):
            return
        total, *parts = [t for t in terms if t is not None]
        right = sum((p[0] for p in parts), Decimal(0))
        slack = sum((t[1] for t in terms if t), Decimal(0))
        wrong = total[0] > right + slack if balance.relation == "<=" else (
            abs(total[0] - right) > slack)
        if not wrong:
            return
        first = self.stated.get(balance.total) or self.stated[next(
            n for n in balance.parts if n in self.stated)]
        what = "变化" if balance.of == "change" else ""
        relation = "≤" if balance.relation == "<=" else "="
        names = [self.v.label(n) for n in (balance.total, *balance.parts)]
        self.emit("N.other", "", first.sentence,
                  f"{names[0]}{what} 应 {relation} {' + '.join(names[1:])}{what}"
                  f"（{wan(right)}），实为 {wan(total[0])}",
                  f"{names[0]} {what} must be {relation} {' + '.join(names[1:])} "
                  f"({wan(right)}), is {wan(total[0])}", wan(right), wan(total[0]))


def _truncated(value: Decimal, half: Decimal) -> Decimal:
    """``value`` cut off (toward zero) at the precision whose half-unit is ``half``."""
    step = half * 2
    return (value / step).to_integral_value(rounding=ROUND_DOWN) * step


def _rate_bounds(a: Decimal, ha: Decimal, b: Decimal, hb: Decimal) -> tuple[Decimal, Decimal]:
    """The printed rates (two decimals) of |A − B| / B for every A, B the stated amounts round
    from."""
    rates = [abs(x - y) / y * HUNDRED for x in (a - ha, a + ha) for y in (b - hb, b + hb) if y > 0]
    lo, hi = min(rates), max(rates)
    if (a - ha - b) * (a + ha - b) <= 0:
        lo = Decimal(0)
    return (lo.quantize(CENT, rounding=ROUND_FLOOR, context=WIDE),
            hi.quantize(CENT, rounding=ROUND_CEILING, context=WIDE))


def check_story(text: str, budget: Budget, story: Story) -> list[Finding]:
    return Reader(text, budget, story).run()
