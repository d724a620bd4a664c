"""What the year's catalogue says about each code and name a book prints — and how sure it is.

A careful auditor writes an error only where the code or name is certainly wrong, a warning
where it is probably wrong, and a note where the catalogue cannot confirm it:

* code: malformed (not 3/2/2 digits) or a 类 that does not exist → error; a 款 missing from a
  list known complete → warning; valid in the year before or after (renamed, moved) → info;
  a 项 the shipped catalogue does not list (its 项 lists are the least certain) → info;
* name: the same as the official one up to width, spacing, quotes and brackets, or as the
  official name of the year before or after (an official rename) → fine; otherwise an error
  when the book itself prints the official name for the code elsewhere, when the name is
  another code's official name, or at a level the catalogue lists completely (功能分类 类, every
  经济分类 code); a warning at 功能分类 款 level; a note at 项 level.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from xlbudget.model import Budget, Table, parents
from xlbudget.spec.catalog import Catalog, CodeStatus, Level, adjacent, economic, functional
from xlbudget.spec.model import RowSource

CODED = (RowSource.FUNCTIONAL, RowSource.ECONOMIC, RowSource.PROJECTS)
ERROR, WARNING, INFO, FINE = "error", "warning", "info", ""


@dataclass(frozen=True)
class Printed:
    """One coded row as the book prints it."""

    table: int
    kind: str  # "functional" | "economic"
    code: str  # as printed (a malformed one too)
    name: str
    project: str
    cell: str  # the code cell (or the name cell)
    name_cell: str
    heads: bool  # the row heads rows of its own (a 类 printed in two blocks may repeat)
    placed: str = ""  # the code the row was read as, where its position said (malformed ones)


@dataclass(frozen=True)
class Verdict:
    printed: Printed
    code: str  # ERROR / WARNING / INFO / FINE
    code_reason: str  # CodeStatus value, or "adjacent"
    name: str
    official: str  # the year's official name ("" when the code is not listed)
    other_year: int | None  # the adjacent year that lists the code or the name
    official_elsewhere: bool = False  # another table of the book prints the official name


def printed_rows(budget: Budget) -> Iterator[Printed]:
    for number, table in budget.tables.items():
        yield from _table_rows(number, table)


def _table_rows(number: int, table: Table) -> Iterator[Printed]:
    block = table.spec.blocks[0]
    if block.rows not in CODED:
        return
    kind = "economic" if block.rows is RowSource.ECONOMIC else "functional"
    body = table.body()
    heads = {p for p in parents(body) if p is not None}
    for index, row in enumerate(body):
        if row.code and not row.derived:
            yield Printed(number, kind, row.printed_code or row.code, row.name,
                          row.project or "", row.cells.get("code") or row.cells.get("name") or "",
                          row.cells.get("name") or "", index in heads,
                          row.code if row.printed_code else "")


def verdicts(budget: Budget) -> list[Verdict]:
    rows = list(printed_rows(budget))
    official_in_book = _printed_officially(rows, budget.year)
    return [_verdict(row, _catalog(row.kind, budget.year), official_in_book) for row in rows]


def _catalog(kind: str, year: int) -> Catalog:
    return (economic if kind == "economic" else functional)(year)


def _printed_officially(rows: list[Printed], year: int) -> set[tuple[str, str]]:
    """(kind, code) pairs some table of the book prints with the official name."""
    found: defaultdict[tuple[str, str], bool] = defaultdict(bool)
    for row in rows:
        found[(row.kind, row.code)] |= bool(_catalog(row.kind, year).name_matches(row.code,
                                                                                   row.name))
    return {key for key, yes in found.items() if yes}


def _verdict(row: Printed, catalog: Catalog, official_in_book: set[tuple[str, str]]) -> Verdict:
    status = catalog.status(row.code)
    code, reason, year = _code_verdict(row.code, status, catalog)
    elsewhere = (row.kind, row.code) in official_in_book
    name, other = _name_verdict(row, catalog, elsewhere)
    return Verdict(row, code, reason, name, catalog.name(row.code) or "", year or other,
                   elsewhere)


def _code_verdict(code: str, status: CodeStatus, catalog: Catalog
                  ) -> tuple[str, str, int | None]:
    if status is CodeStatus.KNOWN:
        return FINE, str(status), None
    if status in (CodeStatus.MALFORMED, CodeStatus.UNKNOWN):
        return ERROR, str(status), None
    elsewhere = next((c.year for c in adjacent(catalog) if code in c.names), None)
    if elsewhere is not None:
        return INFO, "adjacent", elsewhere
    return (WARNING if status is CodeStatus.UNLISTED else INFO), str(status), None


def _name_verdict(row: Printed, catalog: Catalog, official_elsewhere: bool
                  ) -> tuple[str, int | None]:
    matches = catalog.name_matches(row.code, row.name)
    if matches is None or matches or not row.name:
        return FINE, None
    renamed = next((c.year for c in adjacent(catalog) if c.name_matches(row.code, row.name)),
                   None)
    if renamed is not None:
        return FINE, renamed
    level = catalog.level(row.code)
    other_code = any(c != row.code for c in catalog.codes_named(row.name, level))
    if official_elsewhere or other_code or catalog.complete[level]:
        return ERROR, None
    return (WARNING if level is Level.KUAN else INFO), None
