"""The rule catalogue of a region: its file's ``[[rule]]`` entries built into :class:`Rule` objects.

A rule is data — id, severity, the sentence that must hold, and checks of a few kinds: the
generic ones of :mod:`.kinds` (two figures agree, a row's total = Σ its parts, a subtotal = Σ
the rows below, per code one table = Σ others) and the named ones of :mod:`.custom` and
:mod:`.schemas`. A kind's parameters are checked when the region is built, so a typo in a region
file fails with its line, not in a user's run. Ids are stable once published (docs/rules.md is
generated from these lists). Severity: error = the publication is wrong; warning = usually
wrong, but a legitimate budget can do it (``why`` says how); info = worth a look.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import cache
from typing import Any

from xlbudget.check import custom
from xlbudget.check.engine import Check, Rule
from xlbudget.check.findings import Severity
from xlbudget.check.kinds import all_of, per_code, row_sums, same, sums_down
from xlbudget.check.refs import BadReference, Ref
from xlbudget.check.schemas import schema_rule
from xlbudget.spec.regions import Region, RegionError, RuleData, regions

RULE_KEYS = {"id", "severity", "zh", "en", "why", "each", "check", "checks"}


def _pair(value: list[Any]) -> tuple[int, str]:
    table, column = value
    return int(table), str(column)


def _subject(value: list[str]) -> tuple[str, str]:
    zh, en = value
    return str(zh), str(en)


def _kinds(region: Region) -> dict[str, Callable[..., Check]]:
    """Check kinds by name, each taking the plain values a region file writes."""

    def ref(text: str) -> Ref:
        return Ref(text, region)

    def same_kind(left: str, right: str, table: int, subject: list[str], relation: str = "="
                  ) -> Check:
        return same(ref(left), ref(right), _subject(subject), table, relation)

    def per_code_kind(actual: list[Any], expected: list[list[Any]], level: int | None = None,
                      relation: str = "=", leaves_of: int | None = None) -> Check:
        return per_code(_pair(actual), [_pair(e) for e in expected], level, relation, leaves_of)

    def blank_despite(table: int, figure: str, subject: list[str]) -> Check:
        return custom.blank_despite(table, ref(figure), _subject(subject))

    def absent_despite(table: int, figure: str, subject: list[str]) -> Check:
        return custom.absent_despite(table, ref(figure), _subject(subject))

    def at_least_code(figure: str, table: int, column: str, code: str, subject: list[str]
                      ) -> Check:
        return custom.at_least_code(ref(figure), table, column, code, _subject(subject))

    def schema(table: int, checks: list[str]) -> Check:
        return schema_rule(table, tuple(checks))

    def soft_pairs(economic: int, functional: int, pairs: list[list[Any]]) -> Check:
        return custom.soft_pairs(economic, functional,
                                 [(str(code), tuple(codes)) for code, codes in pairs])

    def sums_down_kind(table: int, block: str | None = None) -> Check:
        return sums_down(table, block)

    def on_table(make: Callable[..., Check]) -> Callable[..., Check]:
        def kind(table: int, **rest: Any) -> Check:
            return make(table, **rest)

        return kind

    return {
        "same": same_kind,
        "row_sums": on_table(row_sums),
        "sums_down": sums_down_kind,
        "per_code": per_code_kind,
        "structure": on_table(custom.structure),
        "blank_note": on_table(custom.blank_note),
        "filled_note": on_table(custom.filled_note),
        "economic_split": on_table(custom.economic_split),
        "running_costs_as_projects": on_table(custom.running_costs_as_projects),
        "missing": on_table(custom.missing),
        "same_names": custom.same_names,
        "blank_despite": blank_despite,
        "absent_despite": absent_despite,
        "at_least_code": at_least_code,
        "carryover_detail": custom.carryover_detail,
        "soft_pairs": soft_pairs,
        "schema": schema,
    }


def _fill(value: Any, n: int | None) -> Any:
    """``{n}`` in a repeated rule: the table number (a whole ``"{n}"`` becomes the integer)."""
    if n is None:
        return value
    if value == "{n}":
        return n
    if isinstance(value, str):
        return value.replace("{n}", str(n))
    if isinstance(value, list):
        return [_fill(v, n) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, n) for k, v in value.items()}
    return value


class _Builder:
    def __init__(self, region: Region) -> None:
        self.region = region
        self.kinds = _kinds(region)

    def error(self, data: RuleData, zh: str, en: str) -> RegionError:
        return RegionError(f"{self.region.file} 第 {data.line} 行：{zh} / "
                           f"{self.region.file} line {data.line}: {en}")

    def rules(self, data: RuleData) -> list[Rule]:
        fields = data.fields
        unknown = sorted(set(fields) - RULE_KEYS)
        if unknown:
            raise self.error(data, f"规则不认识的键 {', '.join(unknown)}",
                             f"rule: unknown key(s) {', '.join(unknown)}")
        each = fields.get("each")
        if each is not None and not (isinstance(each, list) and all(
                isinstance(n, int) for n in each)):
            raise self.error(data, "each 应为表号列表", "each must be a list of table numbers")
        return [self.rule(data, n) for n in (each if each is not None else [None])]

    def rule(self, data: RuleData, n: int | None) -> Rule:
        fields = _fill(data.fields, n)
        for key in ("id", "severity", "zh", "en"):
            if not isinstance(fields.get(key), str):
                raise self.error(data, f"规则缺少 {key}", f"rule: {key} is missing")
        if fields["severity"] not in {s.value for s in Severity}:
            raise self.error(data, f"severity 应为 error/warning/info，实为 {fields['severity']}",
                             f"severity must be error, warning or info, not {fields['severity']}")
        if ("check" in fields) == ("checks" in fields):
            raise self.error(data, "规则应有 check 或 checks 之一",
                             "a rule needs exactly one of check / checks")
        specs = fields["checks"] if "checks" in fields else [fields["check"]]
        checks = [self.check(data, spec) for spec in specs]
        return Rule(fields["id"], Severity(fields["severity"]),
                    checks[0] if len(checks) == 1 else all_of(*checks),
                    fields["zh"], fields["en"], fields.get("why", ""))

    def check(self, data: RuleData, spec: Any) -> Check:
        if not isinstance(spec, dict) or not isinstance(spec.get("kind"), str):
            raise self.error(data, "check 应为含 kind 的表", "a check must be a table with a kind")
        params = {k: v for k, v in spec.items() if k != "kind"}
        kind = self.kinds.get(spec["kind"])
        if kind is None:
            raise self.error(data, f"未知的检查种类 {spec['kind']}（可用 {', '.join(self.kinds)}）",
                             f"unknown check kind {spec['kind']} (known: {', '.join(self.kinds)})")
        try:
            inspect.signature(kind).bind(**params)
        except TypeError as exc:
            raise self.error(data, f"检查 {spec['kind']} 的参数不对：{exc}",
                             f"check {spec['kind']}: wrong parameters: {exc}") from None
        try:
            return kind(**params)
        except (BadReference, ValueError, TypeError) as exc:
            raise self.error(data, f"检查 {spec['kind']} 无法建立：{exc}",
                             f"check {spec['kind']} cannot be built: {exc}") from None


@cache
def rules(region: Region) -> tuple[Rule, ...]:
    """Every rule of ``region``'s file, in file order; ids must be unique."""
    builder = _Builder(region)
    built = [rule for data in region.rules for rule in builder.rules(data)]
    ids = [rule.id for rule in built]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise RegionError(f"{region.file}：规则编号重复 {', '.join(twice)} / "
                          f"{region.file}: rule ids repeat: {', '.join(twice)}")
    return tuple(built)


def all_rules() -> tuple[Rule, ...]:
    """The rules of every shipped region (an id appears once: the first region's)."""
    seen: dict[str, Rule] = {}
    for region in regions():
        for rule in rules(region):
            seen.setdefault(rule.id, rule)
    return tuple(seen.values())


def by_id(rule_id: str) -> Rule:
    return next(rule for rule in all_rules() if rule.id == rule_id)
