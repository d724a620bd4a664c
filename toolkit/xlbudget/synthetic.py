"""Random budgets that are consistent by construction, for property tests and benchmarks.

Money is built bottom-up in whole cents per 项 (一般公共预算 and 单位资金, 基本 and 项目), then
every table is derived from the same figures, so a correct checker finds no error in them."""

from __future__ import annotations

import random
from decimal import Decimal
from itertools import pairwise

from xlbudget.model import ZERO, Budget, Row, Table, empty_inputs, empty_table
from xlbudget.spec.catalog import categories, economic, functional
from xlbudget.spec.profiles import Profile

CENT = Decimal("0.01")
RUNNING = ("行政运行", "事业运行")


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) * CENT


def _split(rng: random.Random, total: Decimal, parts: int) -> list[Decimal]:
    """``total`` in ``parts`` non-negative cent amounts that add up exactly."""
    cents = int(total / CENT)
    cuts = sorted(rng.randint(0, cents) for _ in range(parts - 1))
    edges = [0, *cuts, cents]
    return [Decimal(b - a) * CENT for a, b in pairwise(edges)]


def _coded(spec_table: Table, leaves: dict[str, dict[str, Decimal]], names: dict[str, str],
           project_names: dict[str, list[str]] | None = None) -> None:
    """类/款/项 rows with subtotals, then the 合计 row (amounts per column)."""
    rows: list[Row] = []
    for lei in sorted({c[:3] for c in leaves}):
        for prefix in (lei, *sorted({c[:5] for c in leaves if c.startswith(lei)})):
            under = [v for c, v in leaves.items() if c.startswith(prefix)]
            rows.append(Row(name=names.get(prefix, prefix), code=prefix, amounts={
                k: sum((u.get(k, ZERO) for u in under), ZERO) for k in under[0]}))
            if len(prefix) == 5:
                for code in sorted(c for c in leaves if c.startswith(prefix)):
                    for project in (project_names or {}).get(code, [None]):
                        amounts = dict(leaves[code]) if project is None else {}
                        rows.append(Row(name=names.get(code, code), code=code, project=project,
                                        amounts=amounts))
    body = [r for r in rows if len(r.code or "") == 3]
    keys = {k for r in body for k in r.amounts}
    rows.append(Row(name="合计", key="total", is_total=True,
                    amounts={k: sum((r.amount(k) for r in body), ZERO) for k in keys}))
    spec_table.rows["main"] = rows


def budget(seed: int, profile: Profile | None = None, items: int = 12) -> Budget:
    """A consistent budget with about ``items`` 项 (seed-sized ≈ 12; a large 部门 book ≈ 100)."""
    rng = random.Random(seed)
    profile = profile or Profile()
    names = dict(functional(profile.year).names)
    codes = rng.sample(sorted(c for c in names if len(c) == 7), items)
    money = {c: {"bg": _money(rng, 0, 900), "pg": _money(rng, 0, 900),
                 "bo": _money(rng, 0, 200) if rng.random() < 0.3 else ZERO,
                 "po": _money(rng, 0, 300) if rng.random() < 0.3 else ZERO} for c in codes}
    for code, figures in money.items():
        if names[code] in RUNNING:  # 运行 items are basic spending (T3/T5.type)
            figures["pg"] = figures["po"] = ZERO
    t = {spec.number: empty_table(spec, categories(profile.year)) for spec in profile.tables}
    _coded(t[3], {c: {"total": m["bg"] + m["bo"] + m["pg"] + m["po"], "basic": m["bg"] + m["bo"],
                      "project": m["pg"] + m["po"]} for c, m in money.items()}, names)
    _coded(t[5], {c: {"total": m["bg"] + m["pg"], "basic": m["bg"], "project": m["pg"]}
                  for c, m in money.items()}, names)
    _coded(t[2], {c: {"total": sum(m.values(), ZERO), "fiscal": m["bg"] + m["pg"],
                      "gpb": m["bg"] + m["pg"], "unit_funds": m["bo"] + m["po"]}
                  for c, m in money.items()}, names)
    _fill_fixed(t, money)
    _table6(t[6], sum((m["bg"] for m in money.values()), ZERO), rng, profile.year)
    _table7(t[7], money, names)
    for number in (8, 9, 11):
        note = t[number].spec.blank_note if number in t else None
        if note:
            t[number].note = note.format(unit="测试单位", year=profile.year)
    return Budget(profile, "测试单位", profile.year, t, empty_inputs())


def _fill_fixed(t: dict[int, Table], money: dict[str, dict[str, Decimal]]) -> None:
    gpb = sum((m["bg"] + m["pg"] for m in money.values()), ZERO)
    other = sum((m["bo"] + m["po"] for m in money.values()), ZERO)
    income = {"gpb_own": gpb, "gpb": gpb, "unit_other": other, "unit_funds": other,
              "current": gpb + other}
    for row in t[1].block_rows("income"):
        value = income.get(row.key or "", gpb + other if row.is_total else ZERO)
        row.amounts["income_amount"] = value
    for row in t[4].block_rows("income"):
        value = {"gpb": gpb, "current": gpb}.get(row.key or "", gpb if row.is_total else ZERO)
        row.amounts["income_amount"] = value
    by_lei: dict[str, tuple[Decimal, Decimal]] = {}
    for code, m in money.items():
        whole, fiscal = by_lei.get(code[:3], (ZERO, ZERO))
        by_lei[code[:3]] = (whole + sum(m.values(), ZERO), fiscal + m["bg"] + m["pg"])
    for row in t[1].body("expense"):
        row.amounts["expense_amount"] = by_lei.get(row.code or "", (ZERO, ZERO))[0]
    t[1].total("expense").amounts["expense_amount"] = gpb + other  # type: ignore[union-attr]
    for row in t[4].body("expense"):
        fiscal = by_lei.get(row.code or "", (ZERO, ZERO))[1]
        row.amounts.update({"total": fiscal, "gpb": fiscal})
    t[4].total("expense").amounts.update({"total": gpb, "gpb": gpb})  # type: ignore[union-attr]
    for row in t[10].block_rows("main"):
        row.amounts.update({"total": ZERO, "gpb": ZERO})


def _table6(table: Table, basic: Decimal, rng: random.Random, year: int) -> None:
    names = economic(year).names
    personnel = sorted(c for c in names if len(c) == 5 and c[:3] in ("301", "303"))
    public = sorted(c for c in names if len(c) == 5 and c[:3] == "302")
    people, running = _split(rng, basic, 2)
    leaves: dict[str, dict[str, Decimal]] = {}
    for codes, total, column in ((personnel, people, "personnel"), (public, running, "public")):
        chosen = rng.sample(codes, min(4, len(codes)))
        for code, amount in zip(chosen, _split(rng, total, len(chosen)), strict=True):
            leaves[code] = {"total": amount, column: amount}
    rows: list[Row] = []
    for lei in sorted({c[:3] for c in leaves}):
        under = {c: v for c, v in leaves.items() if c.startswith(lei)}
        rows.append(Row(name=names[lei], code=lei, amounts={
            k: sum((v.get(k, ZERO) for v in under.values()), ZERO)
            for k in ("total", "personnel", "public")}))
        rows.extend(Row(name=names[c], code=c, amounts=dict(v)) for c, v in sorted(under.items()))
    rows.append(Row(name="合计", key="total", is_total=True,
                    amounts={"total": basic, "personnel": people, "public": running}))
    table.rows["main"] = rows


def _table7(table: Table, money: dict[str, dict[str, Decimal]], names: dict[str, str]) -> None:
    leaves = {c: {"total": m["pg"], "e302": m["pg"]} for c, m in money.items() if m["pg"]}
    if not leaves:
        return
    projects = {c: [f"{names.get(c, c)}项目"] for c in leaves}
    _coded(table, leaves, names, projects)
    for row in table.body():
        if row.project:
            row.amounts = dict(leaves[row.code or ""])
