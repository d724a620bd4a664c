"""Precision and recall of root-cause cells on the variant corpus (tests/corpus).

    python bench/localisation.py [--typos 40] [--per-variant 2] [--seed 1] [--show]
                                 [--cli PATH/TO/xlbudget]

Builds, in a temporary folder: every export variant of the published samples (correct books in
other layouts), the malformed books, ``--typos`` one-cell typos spread over the three samples and
``--per-variant`` typos inside each export variant, ``--anywhere`` typos in any non-zero amount
cell of the samples (totals, subtotals and 表1/表4 lines included), and checks each in
process. Prints:

* correct books: how many check with no error beyond their base's own, and every false error;
* malformed books: how many give exactly their one expected finding;
* typos: recall — the typo'd cell is reported as a root cause with the right expected value —
  and precision — the share of new error findings that are such a root cause.

``--fix`` also runs ``fix`` on every typo'd book: how many come back with exactly the typo'd
cell restored, how many are left untouched for a person, and how many got any other change
(which must be none).

The 上海 books (``tests/data/shanghai/books``, filled into the 上海 templates) are measured the
same way: the consistent books must give no false error, each of the 20 planted books (one
amount changed at a known cell, ``planted/manifest.json``) must name its cell, and ``--shanghai``
further typos go into any non-zero amount cell of the six publication and three synthetic books
(×10, or one leading digit raised). For 上海 a typo in 表9 — one row of items and two sums — can
only come back as a set of candidates holding the cell; those are counted apart, as honest but
not named.

``--cli`` measures another build (e.g. a clone of an earlier commit) through its
``check --format json``: a finding whose first cell is the typo'd cell and whose expected value
is the true one counts as naming the root cause, as a reviewer would read it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from corpus import exports, malformed, typos  # noqa: E402
from xlbudget.check.findings import Finding, Kind, Severity  # noqa: E402
from xlbudget.check.run import check  # noqa: E402

BASES = ROOT / "samples" / "published"
Key = tuple[str, tuple[str, ...]]


CLI: str | None = None  # another build's xlbudget command, measured through its JSON


def findings(path: Path) -> list[Finding]:
    if CLI:
        return _cli_findings(path)
    report = check(path)
    if report.unreadable:
        raise SystemExit(f"{path}: {report.unreadable}")
    return report.findings


def errors(path: Path) -> list[Finding]:
    return [f for f in findings(path) if f.severity is Severity.ERROR]


def _cli_findings(path: Path) -> list[Finding]:
    """Another build's findings; an error that names the wrong cell first with its true value
    is read as a root cause (older builds have no ``kind``)."""
    import json
    import subprocess

    run = subprocess.run([str(CLI), "check", str(path), "--format", "json", "-j", "1"],
                         capture_output=True, text=True, check=False)
    entry = json.loads(run.stdout)["files"][0]
    out = []
    for f in entry["findings"]:
        error = f["severity"] == "error"
        kind = Kind(f.get("kind", "cause" if f["cells"] and error else ""))
        out.append(Finding(f["rule"], Severity(f["severity"]), f["table"], tuple(f["cells"]),
                           f["expected"], f["actual"], f["message"], f["message"], kind))
    return out


def new_errors(found: list[Finding], base: list[Finding]) -> list[Finding]:
    """Findings not in the base (by rule and cell); a base's own error may move cell in a
    varied layout, so it is matched by rule alone as a last resort."""
    left = Counter((f.rule, f.cells) for f in base)
    rules = Counter(f.rule for f in base)
    out = []
    for finding in found:
        if left[(finding.rule, finding.cells)] > 0:
            left[(finding.rule, finding.cells)] -= 1
            rules[finding.rule] -= 1
        elif rules[finding.rule] > 0:
            rules[finding.rule] -= 1
        else:
            out.append(finding)
    return out


@dataclass
class FixTally:
    restored: int = 0  # exactly the typo'd cell changed, back to its true value
    refused: int = 0  # nothing changed: left for a person
    wrong: int = 0  # anything else changed

    def add(self, typo: typos.Typo, out: Path) -> None:
        from xlbudget.fix.run import FixJob, fix_file

        outcome = fix_file(FixJob(typo.path, out / typo.path.name))
        # amounts only: a name correction is the base book's own (004's 表5 201 name)
        cells = [(c.cell, c.after) for c in outcome.changes if c.amount]
        if not cells:
            self.refused += 1
        elif len(cells) == 1 and cells[0][0] == typo.where and _same(str(cells[0][1]),
                                                                       typo.before):
            self.restored += 1
        else:
            self.wrong += 1
            print(f"  fix changed {cells} for {typo.where} {typo.before}→{typo.after}")


@dataclass
class Tally:
    typos: int = 0
    found: int = 0  # the typo'd cell reported as a root cause with the right value
    findings: int = 0  # new error findings over all typo'd books
    true: int = 0  # of which root causes at a typo'd cell

    def add(self, typo: typos.Typo, new: list[Finding]) -> bool:
        where = f"{typo.sheet}!{typo.cell}"
        hit = [f for f in new if f.kind is Kind.CAUSE and f.cells[:1] == (where,)
               and (len(f.cells) == 1 or CLI) and f.expected is not None
               and _same(f.expected, typo.before)]
        self.typos += 1
        self.found += bool(hit)
        self.findings += len(new)
        self.true += len(hit)
        return bool(hit)


def _same(expected: str, before: str) -> bool:
    try:
        return abs(float(expected) - float(before.replace(",", ""))) < 0.005
    except ValueError:
        return False


def correct_books(out: Path, show: bool) -> tuple[int, int]:
    clean = 0
    for name, fn, base in exports.EXPORT_VARIANTS:
        target = out / f"{name}.xlsx"
        fn(BASES / base, target)
        extra = new_errors(errors(target), errors(BASES / base))
        clean += not extra
        if extra and show:
            for f in extra:
                print(f"  false error in {name}: {f.rule} {f.cells[:3]} {f.message_en[:110]}")
    return clean, len(exports.EXPORT_VARIANTS)


def malformed_books(out: Path, show: bool) -> tuple[int, int]:
    exact = 0
    for name, fn, base, expected in malformed.MALFORMED:
        target = out / f"{name}.xlsx"
        fn(BASES / base, target)
        base = [(f.rule, f.cells) for f in findings(BASES / base)]
        found = [(f.rule, f.cells) for f in findings(target)]
        new = list((Counter(found) - Counter(base)).elements())
        wanted = [(expected.rule, (expected.where,) if expected.where else ())]
        got = [(rule, cells[:1]) for rule, cells in new]
        exact += got == wanted
        if got != wanted and show:
            print(f"  {name}: wanted {wanted}, got {got}")
    return exact, len(malformed.MALFORMED)


def typo_books(out: Path, count: int, per_variant: int, seed: int, show: bool,
               elsewhere: list[tuple[typos.Typo, str]], fixes: FixTally | None = None) -> Tally:
    tally = Tally()
    made: list[tuple[typos.Typo, str]] = list(elsewhere)
    names = sorted(p.name for p in BASES.glob("*.xlsx"))
    for i, name in enumerate(names):
        share = count // len(names) + (i < count % len(names))
        made += [(t, name) for t in typos.typos(BASES / name, out / "typos", share, seed)]
    for variant, fn, base in exports.EXPORT_VARIANTS:
        for t in typos.typos_in_variant(BASES / base, fn, out / "in-variants", per_variant,
                                        seed, name=variant):
            made.append((t, base))
    base_errors = {name: errors(BASES / name) for name in names}
    for typo, base in made:
        new = new_errors(errors(typo.path), base_errors[base])
        if fixes is not None:
            fixes.add(typo, out / "fixed")
        if not tally.add(typo, new) and show:
            print(f"  missed {typo.path.name} {typo.sheet}!{typo.cell} {typo.before}→{typo.after}:"
                  f" {[(f.rule, str(f.kind), f.cells[:3], f.expected) for f in new]}")
    return tally


def anywhere(out: Path, count: int, seed: int) -> list[tuple[typos.Typo, str]]:
    """Typos in any non-zero amount cell of a table's data rows — a total, a subtotal, a 表1
    line as much as a detail — each ×10 or one digit replaced."""
    import random

    import openpyxl

    rng = random.Random(seed)
    made = []
    names = sorted(p.name for p in BASES.glob("*.xlsx"))
    for index in range(count):
        name = names[index % len(names)]
        book = openpyxl.load_workbook(BASES / name)
        cells = [(ws.title, c) for ws in book.worksheets
                 for row in ws.iter_rows(min_row=7 if ws.title == "表11" else 6) for c in row
                 if isinstance(c.value, int | float) and not isinstance(c.value, bool)
                 and c.value != 0]
        sheet, cell = rng.choice(cells)
        before = Decimal(repr(float(cell.value))).quantize(Decimal("0.01"))
        after = before * 10 if rng.random() < 0.5 else before + Decimal(rng.choice((1, 9)))
        cell.value = float(after)
        target = out / f"anywhere-{index:03d}-{name}"
        book.save(target)
        made.append((typos.Typo(target, sheet, cell.coordinate, str(before), str(after),
                                "anywhere"), name))
    return made


SHANGHAI = ROOT / "tests" / "data" / "shanghai" / "books"
SH_CONSISTENT = ["synthetic-1.xlsx", "synthetic-2.xlsx", "synthetic-3.xlsx",
                 "putuo-wanli-2023-bumen.xlsx", "blank-unit-2026.xlsx", "blank-dept-2026.xlsx"]
SH_BASES = ["putuo-caizhengju-2025-bumen.xlsx", "putuo-shehuifuliyuan-2024-danwei.xlsx",
            "putuo-wanli-2023-bumen.xlsx", "putuo-wanli-2024-bumen.xlsx",
            "putuo-wanli-2025-bumen.xlsx", "shanghai-caizhengju-2025-danwei.xlsx",
            "synthetic-1.xlsx", "synthetic-2.xlsx", "synthetic-3.xlsx"]


def shanghai_planted() -> list[tuple[typos.Typo, str]]:
    import json

    manifest = json.loads((SHANGHAI / "planted" / "manifest.json").read_text(encoding="utf-8"))
    return [(typos.Typo(SHANGHAI / "planted" / m["file"], m["sheet"], m["cell"],
                        m["expected"] or "0", m["actual"], m["slip"]), m["base"])
            for m in manifest if m["cell"] != "G7"]  # G7 (机关运行经费) breaks a warning only


def shanghai_anywhere(out: Path, count: int, seed: int) -> list[tuple[typos.Typo, str]]:
    """Typos in any non-zero amount cell of the 上海 books' nine tables: ×10, or the leading
    digit raised by one (a change far beyond an integer-元 book's rounding)."""
    import random

    import openpyxl

    from xlbudget.read.workbook import read_workbook

    rng = random.Random(seed)
    made = []
    for index in range(count):
        name = SH_BASES[index % len(SH_BASES)]
        budget = read_workbook(SHANGHAI / name).budget
        amounts = sorted(row.cells[key] for table in budget.tables.values()
                         for rows in table.rows.values() for row in rows
                         for key, value in row.amounts.items() if value and key in row.cells)
        sheet, _, address = rng.choice(amounts).rpartition("!")
        book = openpyxl.load_workbook(SHANGHAI / name)
        cell = book[sheet][address]
        before = Decimal(repr(float(cell.value))).normalize()
        step = Decimal(10) ** max(before.adjusted(), 0)
        after = before * 10 if rng.random() < 0.5 else before + step
        cell.value = float(after) if after != after.to_integral_value() else int(after)
        target = out / f"sh-anywhere-{index:03d}-{name}"
        book.save(target)
        made.append((typos.Typo(target, sheet, cell.coordinate, format(before, "f"),
                                format(after, "f"), "anywhere"), name))
    return made


@dataclass
class Candidates:
    """Typos reported as a set of candidates that holds the typo'd cell (nothing guessed)."""

    count: int = 0

    def add(self, typo: typos.Typo, new: list[Finding]) -> None:
        where = f"{typo.sheet}!{typo.cell}"
        self.count += any(f.kind is Kind.AMBIGUOUS and where in f.cells for f in new)


def shanghai_books(out: Path, count: int, seed: int, show: bool
                   ) -> tuple[tuple[int, int], Tally, Candidates, Tally, Candidates]:
    clean = 0
    for name in SH_CONSISTENT:
        extra = errors(SHANGHAI / name)
        clean += not extra
        if extra and show:
            print(f"  false error in {name}: {[(f.rule, f.cells[:2]) for f in extra]}")
    base_errors = {name: errors(SHANGHAI / name) for name in SH_BASES}
    results = []
    for made in (shanghai_planted(), shanghai_anywhere(out, count, seed)):
        tally, candidates = Tally(), Candidates()
        for typo, base in made:
            new = new_errors(errors(typo.path), base_errors[base])
            candidates.add(typo, new)
            if not tally.add(typo, new) and show:
                shown = [(f.rule, str(f.kind), f.cells[:3], f.expected) for f in new]
                print(f"  missed {typo.path.name} {typo.sheet}!{typo.cell} {typo.before}→"
                      f"{typo.after}: {shown}")
        results.append((tally, candidates))
    (planted, planted_sets), (loose, loose_sets) = results
    return (clean, len(SH_CONSISTENT)), planted, planted_sets, loose, loose_sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--typos", type=int, default=40)
    parser.add_argument("--per-variant", type=int, default=2)
    parser.add_argument("--anywhere", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", action="store_true", help="print every miss")
    parser.add_argument("--cli", help="measure another build through its xlbudget command")
    parser.add_argument("--fix", action="store_true", help="also fix every typo'd book")
    parser.add_argument("--shanghai", type=int, default=90,
                        help="typos in any amount cell of the 上海 books")
    args = parser.parse_args()
    global CLI
    CLI = args.cli
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        clean, variants = correct_books(out, args.show)
        exact, broken = malformed_books(out, args.show)
        fixes = FixTally() if args.fix else None
        tally = typo_books(out, args.typos, args.per_variant, args.seed, args.show, [], fixes)
        loose = typo_books(out, 0, 0, args.seed, args.show, anywhere(out, args.anywhere,
                                                                     args.seed), fixes)
        sh = shanghai_books(out, args.shanghai, args.seed, args.show)
    print(f"correct books in other layouts: {clean}/{variants} with no false error")
    print(f"malformed books: {exact}/{broken} give exactly their one finding")
    print(f"one-cell typos in detail cells: {tally.typos} (on the samples and inside the "
          "variants)")
    _rates(tally)
    print(f"one-cell typos in any amount cell (totals too): {loose.typos}")
    _rates(loose)
    (sh_clean, sh_books), planted, planted_sets, sh_loose, sh_sets = sh
    print(f"上海 consistent and blank books: {sh_clean}/{sh_books} with no error")
    print(f"上海 planted one-cell slips (tests/data/shanghai): {planted.typos}")
    _rates(planted)
    print(f"  as candidates holding the cell (表9): {planted_sets.count}")
    print(f"上海 one-cell typos in any amount cell: {sh_loose.typos}")
    _rates(sh_loose)
    print(f"  as candidates holding the cell (表9): {sh_sets.count}")
    if fixes is not None:
        print(f"fix on the {tally.typos + loose.typos} typo'd books: {fixes.restored} restored "
              f"exactly, {fixes.refused} left untouched for a person, {fixes.wrong} other changes")
    print(f"({time.perf_counter() - start:.1f} s)")


def _rates(tally: Tally) -> None:
    print(f"  recall    {tally.found}/{tally.typos} = {tally.found / max(tally.typos, 1):.1%}"
          "  (typo'd cell named as root cause with its true value)")
    print(f"  precision {tally.true}/{tally.findings} = {tally.true / max(tally.findings, 1):.1%}"
          "  (new error findings that are the typo'd cell)")


if __name__ == "__main__":
    main()
