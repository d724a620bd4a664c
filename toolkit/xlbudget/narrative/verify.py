"""Check a written 说明 against its workbook: tie each claim to the figure it names.

Shares are recomputed from the table figure and the base the section names (二 收入合计, 三
支出合计, 五(二) 表5 合计), half-up, exactly. A change is compared with last year's figure where
the input sheets hold it (``Item.change``); otherwise it is checked for internal consistency
(rate = change ÷ (current ∓ change)). Accepted wordings: ``增加 0.00 万元，增长 0.00%`` for 持平;
``新增`` or ``增长 100%`` for an item last year's budget did not have.

Out of scope: the 绩效目标表 printed inside 十二(四) (not part of the 说明: its figures are not
claims here), the allocations inside a 七 project (资金分配情况: no table holds them), reasons
and uses. A section numbered against its title (004 numbers 其他重要事项 as 十一) is checked
under its title's number and reported as N.sections (info).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from os import PathLike
from pathlib import Path

from xlbudget.check.findings import Finding, Severity, money
from xlbudget.check.run import Report, check
from xlbudget.model import Budget
from xlbudget.narrative.claims import Claim, Document, Statement, parse, read_text
from xlbudget.narrative.figures import Item, compute
from xlbudget.narrative.numbers import NUMERALS, Change, percent, wan
from xlbudget.narrative.rulebook import NARRATIVE_RULES
from xlbudget.spec.catalog import functional
from xlbudget.text import fold

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
ZERO, HUNDRED = Decimal(0), Decimal(100)
UP = ("增加", "增长", "上升")


SEVERITY = {rule.id: rule.severity for rule in NARRATIVE_RULES}

# Section → (word in the subject, Figures.values key), tried after an exact item name.
TOTALS: dict[str, list[tuple[str, str]]] = {
    "一": [("", "total")], "二": [("收入预算", "total")], "三": [("支出预算", "expense_total")],
    "四": [("总预算", "fiscal_total"), ("一般公共预算拨款", "fiscal.gpb"),
           ("政府性基金预算拨款", "fiscal.gf"), ("国有资本经营预算拨款", "fiscal.soe")],
    "五(一)": [("合计", "gpb_total")],
    "六": [("人员经费", "personnel"), ("公用经费", "public"), ("基本支出", "basic_total")],
    "十一": [("上年结转结余", "carryover"), ("非财政拨款", "carry_nonfiscal"),
             ("财政拨款", "carry_fiscal")],
}
ITEMS = {"二": ("二",), "三": ("三",), "四": ("四.gpb", "四.gf", "四.soe"), "五(一)": ("五(一)",),
         "五(二)": ("五(二)",), "五(三)": ("五(三)",), "八": ("八",), "九": ("九",), "十": ("十",),
         "十一": ("十一",), "十二(一)": ("十二(一)",)}
BASES = {"二": "total", "三": "expense_total", "五(二)": "gpb_total"}
LEVEL_BASES = {"三": "expense_total", "五": "gpb_total"}  # shares of a 类/款/项 row
TABLE_OF = {"二": "表1", "三": "表3", "四": "表4", "五(一)": "表5", "五(二)": "表5",
            "五(三)": "表5", "六": "表6", "八": "表8", "九": "表9", "十": "表10", "十一": "表11"}


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    amount: Decimal
    cells: tuple[str, ...] = ()
    share: Decimal | None = None
    base: Decimal | None = None
    change: Change | None = None


def _key(text: str) -> str:
    return fold(text).removesuffix("(类)")


def _name(text: str) -> str:
    """A listed name for comparison: 一般公共预算拨款 and 一般公共预算 are one name."""
    return fold(text).replace("拨款", "")


def _same(stated: Decimal, value: Decimal) -> bool:
    """The table figure, rounded to the places the text gives, is the stated figure."""
    places = max(0, -int(stated.as_tuple().exponent))
    return stated == value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _signed(claim: Claim) -> Decimal:
    value = claim.stated or ZERO
    return value if claim.word in UP else -value


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.quantize(Decimal('0.01'), ROUND_HALF_UP)}"


class Checker:
    def __init__(self, document: Document, budget: Budget) -> None:
        self.doc = document
        self.f = compute(budget)
        self.names = functional(budget.year).names
        self.out: list[Finding] = []
        self.ties = [(s, self.find(s)) for s in document.statements()]

    # ── plumbing ─────────────────────────────────────────────────────────────────────────
    def emit(self, rule: str, claim: Claim | str, cells: tuple[str, ...], expected: str | None,
             actual: str | None, zh: str, en: str, severity: Severity | None = None) -> None:
        if isinstance(claim, Claim):
            head_zh = f"说明 {claim.section}：“{claim.quote}”"
            head_en = f"说明 {claim.section}: “{claim.quote}”"
        else:
            head_zh = head_en = f"说明 {claim}"
        self.out.append(Finding(rule, severity or SEVERITY[rule], "说明", cells, expected, actual,
                                f"{head_zh} — {zh}", f"{head_en} — {en}"))

    def keys(self, item: Item) -> set[str]:
        keys = {_key(item.label)}
        kind, _, code = item.key.partition(":")
        if kind == "lei" and code in self.names:
            keys.add(_key(self.names[code]))
        if kind == "xiang":
            keys.add(fold(item.label).split("(类)", 1)[-1])
        return keys

    def find(self, st: Statement) -> Target | None:
        subject, section = _key(st.subject), st.section
        items = [i for k in ITEMS.get(section, ()) for i in self.f.items.get(k, [])]
        base = self.f.values.get(BASES.get(section, ""))
        exact = [i for i in items if subject in self.keys(i)]
        if exact:
            return self.target(exact[0], base)
        for word, key in TOTALS.get(section, []):
            if fold(word) in subject and key in self.f.values:
                return Target(key, word or "收支总预算", self.f.values[key])
        inside = max(((len(k), -n) for n, i in enumerate(items) for k in self.keys(i)
                      if k and k in subject), default=None)
        if inside:
            return self.target(items[-inside[1]], base)
        if section == "十二(一)" and "运行经费" in subject and items:
            return self.target(items[0], None)
        return self.at_any_level(subject, section)

    def at_any_level(self, subject: str, section: str) -> Target | None:
        """A figure named at 类, 款 or 项 level (表3 for 三, 表5 for 五): the row whose name the
        subject is, else the one named inside it (longest), else the one row whose name
        holds it — never a guess between several."""
        level = section.partition("(")[0]
        rows, base = self.f.levels.get(level, []), self.f.values.get(LEVEL_BASES.get(level, ""))
        named = [(_key(i.label), i) for i in rows if i.label]
        exact = [i for k, i in named if k == subject]
        if len(exact) == 1:
            return self.target(exact[0], base)
        inside = sorted(((len(k), i) for k, i in named if k in subject), key=lambda p: -p[0])
        if not exact and inside and (len(inside) == 1 or inside[0][0] > inside[1][0]):
            return self.target(inside[0][1], base)
        holding = [i for k, i in named if subject and subject in k]
        if not exact and not inside and len(holding) == 1:
            return self.target(holding[0], base)
        return None

    @staticmethod
    def target(item: Item, base: Decimal | None) -> Target:
        return Target(item.key, item.label, item.amount, item.cells, item.share, base, item.change)

    # ── one figure: amount, share, change, rate ──────────────────────────────────────────
    def missing_table(self, section: str) -> bool:
        """The section's table is not in the book: its claims cannot be tied (T*.missing says
        so once), and are never compared with zeros."""
        label = TABLE_OF.get(section, "")
        return label[1:].isdigit() and int(label[1:]) in self.f.absent

    def figure(self, st: Statement, t: Target | None) -> None:
        if self.missing_table(st.section):
            return
        amount, share, absent = st.get("amount"), st.get("share"), st.get("absent")
        if amount and amount.stated is not None:
            self.amount(amount, t, amount.stated)
        if share and share.stated is not None and t is not None:
            self.share(share, t, share.stated)
        if absent and t is not None and t.amount:
            self.emit("N.amount", absent, t.cells, money(t.amount), "0.00",
                      f"写为未安排，表中为 {wan(t.amount)} 万元",
                      f"says 未安排 (nothing), the table has {wan(t.amount)} 万元")
        self.growth(st, t)

    def amount(self, claim: Claim, t: Target | None, stated: Decimal) -> None:
        if t is None:
            if stated and claim.section in TABLE_OF:
                self.emit("N.amount", claim, (), None, money(stated),
                          f"{wan(stated)} 万元未能对应{TABLE_OF[claim.section]}中的数字",
                          f"{wan(stated)} 万元 matches no figure of {TABLE_OF[claim.section]}", W)
        elif not _same(stated, t.amount):
            self.emit("N.amount", claim, t.cells, money(t.amount), money(stated),
                      f"应为 {wan(t.amount)} 万元（{t.label}），写为 {wan(stated)} 万元",
                      f"should be {wan(t.amount)} 万元 ({t.label}), written as {wan(stated)}")

    def share(self, claim: Claim, t: Target, stated: Decimal) -> None:
        computed = t.share if t.share is not None or t.base is None else percent(t.amount, t.base)
        if computed is None or stated == computed:
            return
        base = f"{wan(t.amount)} ÷ {wan(t.base or ZERO)}"
        self.emit("N.share", claim, t.cells, _text(computed), _text(stated),
                  f"占比应为 {computed}%（{base}），写为 {stated}%",
                  f"the share should be {computed}% ({base}), written as {stated}%")

    def growth(self, st: Statement, t: Target | None) -> None:
        change, rate = st.get("change"), st.get("rate")
        if change and rate and (change.word in UP) != (rate.word in UP):
            partner = "增长" if change.word in UP else "下降"
            self.emit("N.growth", rate, t.cells if t else (), partner, rate.word,
                      f"“{change.word}”应配“{partner}”，写为“{rate.word}”",
                      f"“{change.word}” goes with “{partner}”, written as “{rate.word}”")
            return
        signed = _signed(change) if change else (ZERO if st.get("flat") else None)
        stated = st.get("amount")
        current = t.amount if t else (stated.stated if stated else None)
        if t and t.change and t.change.prior is not None:
            self.against_prior(st, t, t.change)
        elif current is not None and signed is not None:
            self.consistent(st, current, signed)

    def against_prior(self, st: Statement, t: Target, known: Change) -> None:
        change, rate, flat, new = (st.get(k) for k in ("change", "rate", "flat", "new"))
        delta = known.delta or ZERO
        if known.kind == "持平":
            wrong = [c for c in (change, rate, new) if c and (c.kind == "new" or c.stated)]
        elif known.kind == "新增":
            wrong = [c for c in (flat, change) if c and (c.kind == "flat" or _signed(c) != delta)]
            if not wrong and rate and rate.stated != HUNDRED:
                self.emit("N.growth_zero", rate, t.cells, "新增", rate.text,
                          "上年预算数为 0，应写“新增”（或“增长 100%”）",
                          "last year's figure is 0: write 新增 (or 增长 100%)")
        else:
            wrong = [c for c in (flat, new) if c]
            wrong += [change] if change and _signed(change) != delta else []
            wrong += [rate] if rate and ((rate.word in UP) != (delta > 0)
                                         or rate.stated != known.rate) else []
        for claim in wrong:
            prior, phrase = wan(known.prior or ZERO), known.phrase()
            self.emit("N.growth", claim, t.cells, phrase, claim.text,
                      f"上年预算数（录入表）为 {prior} 万元，应为“{phrase}”",
                      f"last year's budget (input sheet) was {prior} 万元: should read “{phrase}”")

    def consistent(self, st: Statement, current: Decimal, signed: Decimal) -> None:
        rate = st.get("rate")
        prior = current - signed
        if rate is None or rate.stated is None:
            return
        if signed == 0 or prior <= 0:
            expected = ZERO if signed == 0 else HUNDRED
            if prior < 0 or rate.stated != expected:
                rule = "N.growth_zero" if prior == 0 and signed else "N.growth"
                self.emit(rule, rate, (), _text(expected), _text(rate.stated),
                          f"隐含上年预算数为 {wan(prior)} 万元，增长率应写 {expected}%（或新增）",
                          f"the implied prior year is {wan(prior)} 万元: the rate should read "
                          f"{expected}% (or 新增)")
            return
        computed = percent(abs(signed), prior)
        if computed is not None and computed != rate.stated:
            basis = f"{wan(abs(signed))} ÷ {wan(prior)}"
            self.emit("N.growth", rate, (), _text(computed), _text(rate.stated),
                      f"{rate.word}率应为 {computed}%（{basis}，上年 = 本年 {wan(current)} "
                      f"{'−' if signed > 0 else '+'} {wan(abs(signed))}），写为 {rate.stated}%",
                      f"the rate should be {computed}% ({basis}), written as {rate.stated}%")

    # ── across figures ───────────────────────────────────────────────────────────────────
    def changes(self, section: str, prefix: str = "") -> Decimal | None:
        """Σ of the stated changes of a section's figures; None when a non-zero one has none."""
        total, found = ZERO, False
        for st, t in self.ties:
            if st.section != section or (prefix and not (t and t.key.startswith(prefix))):
                continue
            change, amount = st.get("change"), st.get("amount")
            current = t.amount if t else (amount.stated if amount else None) or ZERO
            if change or st.get("flat") or st.get("new"):
                found = True
                total += _signed(change) if change else (current if st.get("new") else ZERO)
            elif current:
                return None
        return total if found else None

    def close(self) -> None:
        income, expense = self.changes("二", "income."), self.changes("三", "expense.")
        gpb = self.changes("二", "income.gpb_")
        parts, xiang = self.changes("五(一)", "gpb."), self.changes("五(三)")
        self.differ("二、三", income, expense, "收入各项增减之和", "支出各项增减之和",
                    "income changes", "expense changes")
        self.differ("五(一)", parts, gpb, "基本支出与项目支出增减之和", "二 一般公共预算增减",
                    "basic + project changes", "二's 一般公共预算 change")
        self.differ("五(三)", xiang, parts if parts is not None else gpb, "各项增减之和",
                    "一般公共预算拨款增减", "Σ 项 changes", "the 一般公共预算 change")

    def differ(self, where: str, left: Decimal | None, right: Decimal | None, zh_l: str,
               zh_r: str, en_l: str, en_r: str) -> None:
        if left is None or right is None or left == right:
            return
        self.emit("N.changes_close", where, (), money(right), money(left),
                  f"{zh_l} {money(left)} 万元，应等于{zh_r} {money(right)} 万元",
                  f"{en_l} {money(left)} 万元 should equal {en_r} {money(right)} 万元")

    def shares_total(self) -> None:
        for section in BASES:
            shares = [c for s, _ in self.ties if s.section == section
                      for c in s.claims if c.kind == "share" and c.stated is not None]
            present = [i for i in self.f.items.get(section, []) if i.amount]
            if len(shares) < 2 or len(shares) != len(present):
                continue
            total = sum((c.stated or ZERO for c in shares), ZERO)
            if abs(total - HUNDRED) > Decimal("0.005") * len(shares):
                self.emit("N.shares_total", section, (), "100.00", _text(total),
                          f"各项占比之和为 {total}%，应为 100.00%",
                          f"the shares add up to {total}%, not 100.00%")

    # ── lists, blank tables, 十二, 七, units, numbering ─────────────────────────────────────
    def lists(self) -> None:
        wanted = {("一", "收入预算包括"): "一.income", ("一", "支出预算包括"): "一.expense",
                  ("六", "人员经费"): "六.personnel", ("六", "公用经费"): "六.public"}
        for claim in self.doc.claims:
            key = wanted.get((claim.section, claim.word)) or wanted.get(
                (claim.section, fold(claim.subject)))
            if claim.kind != "list" or key is None:
                continue
            names = self.f.lists.get(key, [])
            given, known = {_name(i) for i in claim.items}, {_name(n) for n in names}
            missing = [n for n in names if _name(n) not in given]
            extra = [i for i in claim.items if _name(i) not in known]
            if missing or extra:
                lost, more = "、".join(missing) or "-", "、".join(extra) or "-"
                self.emit("N.lists", claim, (), "、".join(names), "、".join(claim.items),
                          f"表中非零项缺 {lost}，多 {more}", f"missing {lost}; extra {more}")

    def blank(self) -> None:
        for section, table in (("八", "表8"), ("九", "表9")):
            found = self.doc.section(section)
            if found is None or section not in self.f.blank or self.missing_table(section):
                continue
            says, is_blank = "空表" in found.text, self.f.blank[section]
            if says != is_blank:
                state = ("为空表", "is blank") if is_blank else ("有数", "is not blank")
                self.emit("N.blank", section, (), "空表" if is_blank else None,
                          "空表" if says else None, f"{table}{state[0]}，说明与之不符",
                          f"{table} {state[1]}; the 说明 says otherwise")

    def check(self, claim: Claim | None, expected: Decimal | None, what_zh: str, what_en: str,
              rule: str = "N.other") -> None:
        if claim is None or claim.stated is None or expected is None:
            return
        if not _same(claim.stated, expected):
            show = (lambda v: str(int(v))) if claim.kind == "count" else money
            want, got = show(expected), show(claim.stated)
            self.emit(rule, claim, (), want, got, f"应为 {want}（{what_zh}），写为 {got}",
                      f"should be {want} ({what_en}), written as {got}")

    def picked(self, section: str, kind: str, *words: str) -> Statement | None:
        return next((s for s, _ in self.ties if s.section == section and s.get(kind)
                     and all((w[1:] not in s.subject) if w.startswith("!") else (w in s.subject)
                             for w in words)), None)

    def procurement(self) -> None:
        parts = [self.picked("十二(二)", "amount", w) for w in ("货物", "工程", "服务")]
        total = self.picked("十二(二)", "amount", "采购预算", "!货物", "!工程", "!服务")
        sme = self.picked("十二(二)", "amount", "中小企业", "!小微")
        small = self.picked("十二(二)", "amount", "小微")
        stated = [p.get("amount") for p in parts if p]
        if total and len(stated) == 3:
            self.check(total.get("amount"), sum((c.stated or ZERO for c in stated if c), ZERO),
                       "货物 + 工程 + 服务", "goods + works + services")
        for low, high, zh in ((small, sme, "中小企业预留"), (sme, total, "政府采购预算")):
            a, b = (low.get("amount") if low else None), (high.get("amount") if high else None)
            if a and b and a.stated is not None and b.stated is not None and a.stated > b.stated:
                self.emit("N.other", a, (), f"≤ {money(b.stated)}", money(a.stated),
                          f"不应超过{zh} {money(b.stated)} 万元",
                          f"must not exceed {money(b.stated)} 万元")

    def vehicles(self) -> None:
        cars = [s for s, _ in self.ties if s.section == "十二(三)"
                and (c := s.get("count")) is not None and c.unit == "辆"]
        totals = [s for s in cars if fold(s.subject) in ("车辆", "公务用车", "车辆总数")]
        kinds = [s for s in cars if s not in totals]
        if not totals or not kinds:
            return
        for kind, zh in (("count", "各类车辆数之和"), ("amount", "各类车辆价值之和")):
            values = [s.get(kind) for s in kinds]
            if all(v is not None and v.stated is not None for v in values):
                self.check(totals[0].get(kind), sum((v.stated or ZERO for v in values if v),
                                                    ZERO), zh, f"Σ by kind ({kind})")

    def performance(self) -> None:
        v, unit_funds = self.f.values, next((i.amount for i in self.f.items.get("二", [])
                                             if i.key == "income.unit_funds"), ZERO)
        nonfiscal = self.picked("十二(四)", "count", "非财政拨款")
        fiscal = self.picked("十二(四)", "count", "财政拨款项目", "!非财政")
        overall = self.picked("十二(四)", "count", "整体")
        if fiscal:
            self.check(fiscal.get("count"), v.get("project_count"), "表7 项目数", "表7 projects")
            self.check(fiscal.get("amount"), v.get("projects_total"), "表7 合计", "表7 total")
        if nonfiscal:
            self.check(nonfiscal.get("amount"), unit_funds, "表1 单位资金", "表1 unit funds")
        if overall:
            self.check(overall.get("amount"), v.get("total"), "表1 收入总计", "表1 total")
        carry = self.picked("十二(五)", "count", "结转")
        if carry and not self.f.blank.get("十一", True):
            self.check(carry.get("count"), Decimal(len(self.f.items.get("十一", []))),
                       "表11 项目数", "表11 rows")
            self.check(carry.get("amount"), v.get("carryover"), "表11 合计", "表11 total")

    def projects(self) -> None:
        name = ""
        for claim in self.doc.claims:
            if claim.section != "七":
                continue
            if claim.kind == "name":
                name = fold(claim.text)
            elif claim.kind == "amount" and "预算安排规模" in claim.subject and claim.stated:
                project = next((p for p in self.f.projects if fold(p.name) == name), None)
                if project is None:
                    self.emit("N.amount", claim, (), None, money(claim.stated),
                              "项目名称不在表7中", "the project is not in 表7", W)
                else:
                    self.check(claim, project.amount, f"表7 {project.name}",
                               f"表7 {project.name}", "N.amount")

    def units(self) -> None:
        for claim in self.doc.claims:
            if claim.unit == "元" and "万元" in claim.sentence:
                self.emit("N.units", claim, (), f"{money(claim.stated)} 万元", claim.text,
                          "本句金额以万元计，此处写为“元”",
                          "this sentence is in 万元, this amount in 元")

    def numbering(self) -> None:
        tops = [s for s in self.doc.sections if s.key and "(" not in s.key]
        for section in tops:
            if section.written != section.key:
                self.emit("N.sections", section.key, (), section.key, section.written,
                          f"“{section.title}”编号为 {section.written}",
                          f"“{section.title}” is numbered {section.written}")
        present = {s.key for s in tops}
        for numeral in NUMERALS if len(present) > 3 else []:
            if numeral not in present:
                self.emit("N.sections", numeral, (), numeral, None, f"缺少第 {numeral} 部分",
                          f"section {numeral} is missing")

    def run(self) -> list[Finding]:
        for st, target in self.ties:
            self.figure(st, target)
        for step in (self.close, self.shares_total, self.lists, self.blank, self.procurement,
                     self.vehicles, self.performance, self.projects, self.units, self.numbering):
            step()
        return self.out


def check_text(text: str, budget: Budget, hard_breaks: bool = False) -> list[Finding]:
    """Every disagreement between a written 说明 and the workbook it describes."""
    return Checker(parse(text, hard_breaks), budget).run()


def check_file(path: str | Path, budget: Budget) -> list[Finding]:
    """:func:`check_text` on a .txt/.md file or a .docx (paragraphs and table cells); a book
    whose region's 说明 xlbudget does not compute gets one finding that says so."""
    story = budget.profile.region.story
    if budget.tables and story is not None and story.source == "tables":
        from xlbudget.narrative.regional_check import check_story

        text, _ = read_text(path)
        return check_story(text, budget, story)
    if budget.tables and story is None:
        region = budget.profile.region
        return [Finding("N.unsupported", Severity.INFO, "", (), None, None,
                        f"{region.zh}的说明尚不能核对（只核对了表格）",
                        f"the 说明 of a {region.en} book is not checked yet (tables only)")]
    text, hard = read_text(path)
    return check_text(text, budget, hard)


def check_printed(budget: Budget) -> list[Finding]:
    """The 说明 a PDF prints beside its tables, checked against them (nothing for a workbook,
    or for a region whose 说明 xlbudget does not check)."""
    story = budget.profile.region.story
    if not budget.printed.strip() or not budget.tables or story is None:
        return []
    if story.source == "tables":
        from xlbudget.narrative.regional_check import check_story

        return check_story(budget.printed, budget, story)
    return check_text(budget.printed, budget)


def check_book(path: str | PathLike[str]) -> Report:
    """:func:`xlbudget.check.run.check`, and a PDF's own 说明 checked in the same run (the job
    of a folder run: module level, so worker processes can take it)."""
    return check(path, check_printed)
