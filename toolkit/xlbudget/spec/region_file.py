"""Loading a region's TOML file into a :class:`~.region.Region`, validated as it is read: any
mistake raises :class:`~.region.RegionError` naming the file and the line (TOML parsers keep no
positions, so the line is found in the text). The format is described in docs/regions.md."""

from __future__ import annotations

import re
import tomllib
from typing import Any

from xlbudget.spec.inputs import SHEETS
from xlbudget.spec.model import (
    Block,
    Column,
    ColumnKind,
    FixedRow,
    Group,
    Node,
    RowSource,
    TableSpec,
    TotalRow,
)
from xlbudget.spec.region import (
    LEVELS,
    Consolidation,
    HeaderWords,
    Option,
    Region,
    RegionError,
    RuleData,
    Variant,
)
from xlbudget.spec.story import StoryError, load_story


class _Lines:
    """Where things are in the source, for messages: TOML parsers keep no positions."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.lines = text.splitlines()

    def header(self, path: str, index: int, after: int = 0) -> int:
        """Line (1-based) of the ``index``-th ``[[path]]`` header after line ``after``."""
        pattern = re.compile(rf"^\s*\[\[\s*{re.escape(path)}\s*\]\]")
        found = [n for n, line in enumerate(self.lines, 1) if n > after and pattern.match(line)]
        return found[index] if index < len(found) else after

    def find(self, needle: str, after: int) -> int:
        """First line from ``after`` that holds ``needle`` (else ``after``)."""
        for n in range(max(after, 1), len(self.lines) + 1):
            if needle in self.lines[n - 1]:
                return n
        return after

    def item(self, key: str, after: int) -> int:
        """The line of the inline table ``{ key = "…", … }`` from ``after``."""
        start = f'{{ key = "{key}"'
        for n in range(max(after, 1), len(self.lines) + 1):
            if self.lines[n - 1].lstrip().startswith(start):
                return n
        return self.find(f'key = "{key}"', after)

    def error(self, line: int, zh: str, en: str) -> RegionError:
        return RegionError(f"{self.name} 第 {line} 行：{zh} / {self.name} line {line}: {en}")


def _keys(item: dict[str, Any], allowed: set[str], lines: _Lines, line: int, what: str) -> None:
    unknown = sorted(set(item) - allowed)
    if unknown:
        known = ", ".join(sorted(allowed))
        raise lines.error(line, f"{what} 不认识的键 {', '.join(unknown)}（可用 {known}）",
                          f"{what}: unknown key(s) {', '.join(unknown)} (allowed: "
                          f"{', '.join(sorted(allowed))})")


def _need(item: dict[str, Any], key: str, kind: type | tuple[type, ...], lines: _Lines, line: int,
          what: str) -> Any:
    if key not in item:
        raise lines.error(line, f"{what} 缺少 {key}", f"{what}: {key} is missing")
    return _typed(item[key], kind, key, lines, line, what)


def _typed(value: Any, kind: type | tuple[type, ...], key: str, lines: _Lines, line: int,
           what: str) -> Any:
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise lines.error(line, f"{what} 的 {key} 类型不对：{value!r}",
                          f"{what}: {key} has the wrong type: {value!r}")
    return value


def _strings(item: dict[str, Any], key: str, lines: _Lines, line: int, what: str
             ) -> tuple[str, ...]:
    values = item.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise lines.error(line, f"{what} 的 {key} 应为字符串列表",
                          f"{what}: {key} must be a list of "
                          "strings")
    return tuple(values)


class _Loader:
    def __init__(self, name: str, text: str) -> None:
        self.lines = _Lines(name, text)
        try:
            self.doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            match = re.search(r"line (\d+)", str(exc))
            raise self.lines.error(int(match.group(1)) if match else 1, f"TOML 语法错误：{exc}",
                                   f"TOML syntax error: {exc}") from None
        self.nodes = self.doc.get("node", {})

    def region(self, file: str) -> Region:
        lines = self.lines
        _keys(self.doc, {"region", "option", "node", "table", "rule", "headers", "story",
                         "consolidate"}, lines, 1, "文件 / file")
        head = self.doc.get("region")
        line = lines.find("[region]", 1)
        if not isinstance(head, dict):
            raise lines.error(1, "缺少 [region]", "[region] is missing")
        _keys(head, {"key", "prefix", "zh", "en", "years", "narrative", "inputs"}, lines, line,
              "[region]")
        inputs = _strings(head, "inputs", lines, line, "[region]")
        unknown = [key for key in inputs if key not in SHEETS]
        if unknown:
            raise lines.error(lines.find("inputs", line), f"没有输入表 {', '.join(unknown)}",
                              f"no input sheet {', '.join(unknown)}")
        try:
            story = load_story(self.doc.get("story"))
        except StoryError as exc:
            raise lines.error(lines.find("[story]", 1), exc.zh, exc.en) from None
        narrative = _strings(head, "narrative", lines, line, "[region]")
        if story is not None and set(narrative) != {s.number for s in story.sections}:
            raise lines.error(lines.find("narrative", line),
                              "narrative 应列出 [story] 的各部分（编号）",
                              "narrative must list the numbers of the [story] sections")
        if story is None and narrative:
            raise lines.error(lines.find("narrative", line), "narrative 需要 [story]",
                              "narrative needs a [story]")
        years = head.get("years", "catalogue")
        if years != "catalogue" and not (isinstance(years, list) and years and all(
                isinstance(y, int) for y in years)):
            raise lines.error(lines.find("years", line), "years 应为年份列表或 \"catalogue\"",
                              "years must be a list of years or \"catalogue\"")
        options = {name: self.option(name, spec)
                   for name, spec in self.doc.get("option", {}).items()}
        variants: dict[int, list[Variant]] = {}
        for index, table in enumerate(self.doc.get("table", [])):
            variant = self.table(table, lines.header("table", index), options)
            variants.setdefault(variant.spec.number, []).append(variant)
        if not variants:
            raise lines.error(line, "没有任何 [[table]]", "no [[table]] at all")
        for number, found in variants.items():
            for level in LEVELS:
                if sum(v.option is None and v.serves(level) for v in found) != 1:
                    raise lines.error(line,
                                      f"表{number} 的{level}版应有且只有一个默认版式（无 option）",
                                      f"表{number} needs exactly one default {level} variant "
                                      "(no option)")
        rules = tuple(RuleData(lines.header("rule", i), rule)
                      for i, rule in enumerate(self.doc.get("rule", [])))
        return Region(
            key=_need(head, "key", str, lines, line, "[region]"),
            prefix=head.get("prefix", ""),
            zh=_need(head, "zh", str, lines, line, "[region]"),
            en=_need(head, "en", str, lines, line, "[region]"),
            file=file,
            years=None if years == "catalogue" else tuple(years),
            variants={n: tuple(v) for n, v in sorted(variants.items())},
            options=options,
            narrative=narrative,
            rules=rules,
            header_words=self.header_words(),
            inputs=inputs,
            story=story,
            consolidate=self.consolidation(variants, inputs),
        )

    def consolidation(self, variants: dict[int, list[Variant]], inputs: tuple[str, ...]
                      ) -> Consolidation:
        """``[consolidate]``: every figure it names is a row or column of a table of the file,
        its ``kind`` a row of one of the region's input forms."""
        data = self.doc.get("consolidate", {})
        line = self.lines.find("[consolidate]", 1)
        if not isinstance(data, dict):
            raise self.lines.error(line, "[consolidate] 应为表", "[consolidate] must be a table")
        _keys(data, {"kind", "administrative", "transfers"}, self.lines, line, "[consolidate]")
        named = {*_strings(data, "administrative", self.lines, line, "[consolidate]"),
                 *_strings(data, "transfers", self.lines, line, "[consolidate]")}
        for figure in sorted(named):
            number, _, rest = figure.partition(".")
            block, _, key = rest.partition(".")
            specs = [v.spec for v in variants.get(int(number[1:]) if number[1:].isdigit()
                                                  else -1, [])]
            if not any(b.key == block and (key in {c.key for c in b.leaves}
                                           or key in {r.key for r in b.fixed_rows})
                       for spec in specs for b in spec.blocks):
                raise self.lines.error(line, f"[consolidate] 中的 {figure} 不是本文件某表的行或列",
                                       f"[consolidate]: {figure} is no row or column of a table")
        kind = data.get("kind", "")
        sheet, _, row = str(kind).partition(".")
        if kind and (sheet not in inputs or row not in {r.key for r in SHEETS[sheet].rows}):
            raise self.lines.error(line, f"[consolidate] 的 kind {kind} 不是本地区输入表的行",
                                   f"[consolidate]: kind {kind} is no row of the region's "
                                   "input forms")
        return Consolidation(str(kind),
                             _strings(data, "administrative", self.lines, line, "[consolidate]"),
                             _strings(data, "transfers", self.lines, line, "[consolidate]"))

    def header_words(self) -> HeaderWords:
        words = self.doc.get("headers", {})
        line = self.lines.find("[headers]", 1)
        if not isinstance(words, dict):
            raise self.lines.error(line, "[headers] 应为表", "[headers] must be a table")
        _keys(words, {"prefixes", "suffixes", "totals", "synonyms"}, self.lines, line,
              "[headers]")
        synonyms = words.get("synonyms", {})
        if not isinstance(synonyms, dict):
            raise self.lines.error(line, "[headers.synonyms] 应为表",
                                   "[headers.synonyms] must be a table")
        def listed(key: str) -> tuple[str, ...]:
            return _strings(words, key, self.lines, line, "[headers]")

        return HeaderWords(listed("prefixes"), listed("suffixes"), listed("totals"),
                           synonyms=tuple(
                               (label, _strings(synonyms, label, self.lines, line,
                                                "[headers.synonyms]"))
                               for label in synonyms))

    def option(self, name: str, spec: Any) -> Option:
        line = self.lines.find(f"[option.{name}]", 1)
        if not isinstance(spec, dict):
            raise self.lines.error(line, f"选项 {name} 应为表", f"option {name} must be a table")
        _keys(spec, {"zh", "en", "drops", "default_name", "report"}, self.lines, line,
              f"option {name}")
        if spec.get("report") not in (None, "warning", "info"):
            raise self.lines.error(line, f"选项 {name} 的 report 应为 warning 或 info",
                                   f"option {name}: report must be warning or info")
        return Option(name, _need(spec, "zh", str, self.lines, line, f"option {name}"),
                      _need(spec, "en", str, self.lines, line, f"option {name}"),
                      spec.get("drops"), spec.get("default_name"), spec.get("report"))

    def table(self, table: dict[str, Any], line: int, options: dict[str, Option]) -> Variant:
        lines = self.lines
        _keys(table, {"number", "option", "level", "titles", "aliases", "blank_note",
                      "template_rows", "unit", "block"}, lines, line, "[[table]]")
        if table.get("unit", "万元") not in ("万元", "元"):
            raise lines.error(lines.find("unit", line), "unit 应为 万元 或 元",
                              "unit must be 万元 or 元")
        number = _need(table, "number", int, lines, line, "[[table]]")
        what = f"表{number}"
        titles = _need(table, "titles", dict, lines, line, what)
        if not titles or any(level not in LEVELS or not isinstance(t, str)
                             for level, t in titles.items()):
            raise lines.error(lines.find("titles", line), f"{what} 的 titles 应为 单位/部门 → 标题",
                              f"{what}: titles must map 单位/部门 to a title")
        option = table.get("option")
        if option is not None and option not in options:
            raise lines.error(lines.find("option", line),
                              f"{what} 的选项 {option} 未在 [option] 中声明",
                              f"{what}: option {option} is not declared under [option]")
        blocks = table.get("block", [])
        if not blocks:
            raise lines.error(line, f"{what} 没有 [[table.block]]",
                              f"{what} has no [[table.block]]")
        spec = TableSpec(
            number,
            dict(titles),
            tuple(self.block(b, lines.header("table.block", i, line), what)
                  for i, b in enumerate(blocks)),
            aliases=_strings(table, "aliases", lines, line, what),
            blank_note=table.get("blank_note"),
            template_rows=table.get("template_rows", 0),
            unit=table.get("unit", "万元"),
        )
        level = table.get("level")
        if level is not None and level not in LEVELS:
            raise lines.error(lines.find("level", line), f"{what} 的 level 应为 单位 或 部门",
                              f"{what}: level must be 单位 or 部门")
        return Variant(spec, option, level)

    def block(self, block: dict[str, Any], line: int, what: str) -> Block:
        lines = self.lines
        _keys(block, {"key", "rows", "group", "columns", "fixed_rows", "total", "numbered"}, lines,
              line, f"{what} block")
        rows = _need(block, "rows", str, lines, line, f"{what} block")
        if rows not in {r.value for r in RowSource}:
            raise lines.error(lines.find("rows", line), f"{what} 的 rows 应为 "
                              f"{'/'.join(r.value for r in RowSource)}，实为 {rows}",
                              f"{what}: rows must be one of "
                              f"{', '.join(r.value for r in RowSource)}")
        columns = tuple(self.node(n, line, what)
                        for n in _need(block, "columns", list, lines, line, what))
        total = block.get("total")
        built = Block(
            _need(block, "key", str, lines, line, f"{what} block"),
            columns,
            RowSource(rows),
            group=block.get("group"),
            fixed_rows=tuple(self.fixed_row(r, line, what) for r in block.get("fixed_rows", [])),
            total=self.total(total, line, what) if total is not None else None,
            numbered=_typed(block.get("numbered", False), bool, "numbered", lines, line, what),
        )
        self.check_block(built, line, what)
        return built

    def node(self, node: Any, line: int, what: str) -> Node:
        lines = self.lines
        if isinstance(node, str):
            if not node.startswith("@") or node[1:] not in self.nodes:
                raise lines.error(lines.find(node, line), f"{what} 引用了未定义的节点 {node}",
                                  f"{what}: {node} names no [node.…]")
            return self.node(self.nodes[node[1:]], lines.find(f"[node.{node[1:]}]", 1), what)
        if not isinstance(node, dict):
            raise lines.error(line, f"{what} 的列应为表或 @节点",
                              f"{what}: a column must be a table "
                              "or an @node")
        if "group" in node:
            here = lines.find(f'group = "{node["group"]}"', line)
            _keys(node, {"group", "aliases", "children"}, lines, here, f"{what} group")
            children = _need(node, "children", list, lines, here, f"{what} group")
            return Group(node["group"], tuple(self.node(c, here, what) for c in children),
                         aliases=_strings(node, "aliases", lines, here, what))
        here = lines.item(str(node.get("key", "")), line)
        _keys(node, {"key", "label", "kind", "aliases", "sum_of", "width", "optional"}, lines,
              here, f"{what} column")
        kind = node.get("kind", ColumnKind.AMOUNT.value)
        if kind not in {k.value for k in ColumnKind}:
            raise lines.error(here, f"{what} 列 {node.get('key')} 的 kind 应为 "
                              f"{'/'.join(k.value for k in ColumnKind)}",
                              f"{what}: column {node.get('key')} has an unknown kind {kind!r}")
        return Column(
            _need(node, "key", str, lines, here, f"{what} column"),
            _need(node, "label", str, lines, here, f"{what} column"),
            ColumnKind(kind),
            aliases=_strings(node, "aliases", lines, here, what),
            sum_of=_strings(node, "sum_of", lines, here, what),
            width=float(node.get("width", 14.0)),
            optional=_typed(node.get("optional", False), bool, "optional", lines, here, what),
        )

    def fixed_row(self, row: Any, line: int, what: str) -> FixedRow:
        lines = self.lines
        here = lines.item(str(row.get("key", "")), line) if isinstance(row, dict) else line
        if not isinstance(row, dict):
            raise lines.error(here, f"{what} 的固定行应为表",
                              f"{what}: a fixed row must be a table")
        _keys(row, {"key", "label", "aliases", "parts", "indent"}, lines, here, f"{what} row")
        return FixedRow(_need(row, "key", str, lines, here, f"{what} row"),
                        _need(row, "label", str, lines, here, f"{what} row"),
                        aliases=_strings(row, "aliases", lines, here, what),
                        parts=_strings(row, "parts", lines, here, what),
                        indent=row.get("indent", 0))

    def total(self, total: Any, line: int, what: str) -> TotalRow:
        here = self.lines.find("total", line)
        if not isinstance(total, dict):
            raise self.lines.error(here, f"{what} 的 total 应为表",
                                   f"{what}: total must be a table")
        _keys(total, {"key", "label", "aliases"}, self.lines, here, f"{what} total")
        return TotalRow(_need(total, "key", str, self.lines, here, f"{what} total"),
                        _need(total, "label", str, self.lines, here, f"{what} total"),
                        aliases=_strings(total, "aliases", self.lines, here, what))

    def check_block(self, block: Block, line: int, what: str) -> None:
        """Keys unique; every sum_of and parts names a column or row of the same block."""
        keys = [c.key for c in block.leaves]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise self.lines.error(line, f"{what} 列键重复：{', '.join(twice)}",
                                   f"{what}: column keys repeat: {', '.join(twice)}")
        self.sums_known(line, what, [(c.key, c.sum_of) for c in block.leaves], set(keys),
                        ("列", "sum_of", "列"), ("column", "sums unknown columns"))
        self.sums_known(line, what, [(r.key, r.parts) for r in block.fixed_rows],
                        {r.key for r in block.fixed_rows}, ("行", "parts", "行"),
                        ("row", "sums unknown rows"))
        if block.rows in (RowSource.FIXED, RowSource.CATEGORIES) and not any(
                c.kind is ColumnKind.LABEL for c in block.leaves):
            raise self.lines.error(line,
                                   f"{what} 的 {block.rows.value} 块需要一个 kind = \"项目\" 的列",
                                   f"{what}: a {block.rows.value} block needs a label column "
                                   "(kind = \"项目\")")


    def sums_known(self, line: int, what: str, items: list[tuple[str, tuple[str, ...]]],
                   known: set[str], zh: tuple[str, str, str], en: tuple[str, str]) -> None:
        """Every part an item sums (a column's sum_of, a fixed row's parts) is in ``known``."""
        for key, parts in items:
            unknown = ", ".join(k for k in parts if k not in known)
            if unknown:
                raise self.lines.error(self.lines.item(key, line),
                                       f"{what} {zh[0]} {key} 的 {zh[1]} 引用了不存在的{zh[2]} "
                                       f"{unknown}", f"{what}: {en[0]} {key} {en[1]} {unknown}")


def load(text: str, name: str = "<region>") -> Region:
    """A region from the text of its TOML file; :class:`RegionError` when it is not one."""
    return _Loader(name, text).region(name)
