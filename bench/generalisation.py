"""Generalisation of the checker to books whose layout COMBINES real-world export variations.

    python bench/generalisation.py [--pairs] [--triples K] [--singles] [--seed 1]
                                   [--bases 000,002,sh-czj] [--limit N] [--show N] [--fix]
                                   [--source DIR] [--workers 2]

Builds, in a temporary folder, the composed corpus of ``tests/corpus/compose.py``: for every
combination (each base alone as a control, every single transformation, every pair with
``--pairs`` — the default when neither --pairs nor --triples is given — and ``--triples K``
random triples per base) a clean book and the same book with one planted amount slip. Checks each
in process (``xlbudget.check.run.check``), over ``--workers`` processes, and prints:

* books — how many were built and checked;
* clean rate — clean composed books whose error findings are exactly the base's own (same rule,
  first cell moved by the origin map) plus those a transformation declares (a missing table);
* slip recall — slips reported as an error finding whose first cell is the slip's new cell and
  whose ``expected`` is the true value (in the unit the region states findings in; up to
  0.01 万元, a base's own rounding residue — every slip changes its cell by more than 0.05 万元);
* precision — share of all error findings (clean and slipped books) that are true: a base's own
  error at its moved cell, a declared one, or the slip's finding;
* per transformation: the books that contain it and fail (a clean book with a false or missing
  error, a slip not found), ranked, with the bases where it fails alone and the failing
  combinations of transformations that each pass alone (interactions); ``--show N`` lists N
  false findings and N missed slips, interactions first, one per rule and transformation set;
* ``--fix``: ``fix_file`` on every slipped book; books where any cell changed other than the slip
  (and the base's own error cells) — must be 0 — and how many slips came back restored.

``--source DIR`` imports xlbudget from ``DIR/toolkit`` (e.g. a clone of an earlier commit) so
the same bench measures an older build; the corpus itself always comes from this checkout (its
IR is built with whichever reader is imported — the bases are read right by every build).
``--limit N`` keeps N combinations (a fixed-seed sample, the controls always kept);
``--save FILE`` keeps the outcomes, ``--load FILE`` reports them again without a run.
"""

from __future__ import annotations

import argparse
import os
import pickle
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from corpus import compose  # noqa: E402  (imports xlbudget only when a base is read)
from corpus.ir import parse_amount  # noqa: E402


def use_source(source: str | None) -> None:
    """Import xlbudget from ``source``/toolkit: before any import of it."""
    if source:
        toolkit = str(Path(source).resolve() / "toolkit")
        if toolkit not in sys.path:
            sys.path.insert(0, toolkit)
        assert "xlbudget" not in sys.modules or sys.modules["xlbudget"].__file__.startswith(
            toolkit), "xlbudget was imported before --source took effect"


# ── one combination, in a worker ─────────────────────────────────────────────────────────────

_BASE_ERRORS: dict[str, list[tuple[str, str | None]]] = {}


def _errors(path: Path) -> tuple[list[object], str | None]:
    from xlbudget.check.findings import Severity
    from xlbudget.check.run import check

    report = check(path)
    if report.unreadable:
        return [], f"unreadable: {report.unreadable}"
    return [f for f in report.findings if f.severity is Severity.ERROR], None


def _key(finding: object) -> tuple[str, str | None]:
    cells = finding.cells  # type: ignore[attr-defined]
    return finding.rule, (cells[0] if cells else None)  # type: ignore[attr-defined]


def base_errors(base: str) -> list[tuple[str, str | None]]:
    if base not in _BASE_ERRORS:
        found, _ = _errors(compose.BASES[base])
        _BASE_ERRORS[base] = [_key(f) for f in found]
    return _BASE_ERRORS[base]


def _shown(finding: object) -> tuple[str, tuple[str, ...], str | None, str]:
    f = finding
    return (f.rule, tuple(f.cells[:3]), f.expected, f.message_en[:160])  # type: ignore[attr-defined]


def _sort(found: list[object], expected: compose.Expected) -> tuple[list[object], list[object]]:
    """(true, false) findings against the expected ones (each expected finding used once)."""
    left = Counter(expected)
    true, false = [], []
    for f in found:
        key = _key(f)
        loose = (key[0], None)
        if left[key] > 0:
            left[key] -= 1
            true.append(f)
        elif left[loose] > 0:  # a cell-less expected finding (a missing table)
            left[loose] -= 1
            true.append(f)
        else:
            false.append(f)
    return true, false


def _stated(text: str | None) -> Decimal | None:
    try:
        return Decimal(str(text).replace(",", "")) if text is not None else None
    except InvalidOperation:
        return None


ROUNDING = Decimal("0.01")  # 万元: a base's own rounding residue, far below any slip (> 0.05)


def _is_hit(finding: object, slip: compose.Slip) -> bool:
    """The slip's finding: its first cell is the slip's new cell and its expected value is the
    true one (in the unit the region states findings in), up to the base's own rounding — a
    consistent 元 book may expect 94995789 where it printed 94995790."""
    cells = finding.cells  # type: ignore[attr-defined]
    value = _stated(finding.expected)  # type: ignore[attr-defined]
    tolerance = ROUNDING * (compose.WAN if slip.stated_in == "元" else 1)
    return bool(cells) and cells[0] == slip.cell and value is not None and abs(
        value - slip.stated) <= tolerance


@dataclass
class Outcome:
    base: str
    chain: tuple[str, ...]
    clean_ok: bool = False
    clean_false: list[tuple] = field(default_factory=list)
    clean_missing: list[tuple] = field(default_factory=list)
    slip: compose.Slip | None = None
    slip_hit: bool = False
    slip_false: list[tuple] = field(default_factory=list)
    slip_errors: list[tuple] = field(default_factory=list)  # every error of a missed slip book
    findings: int = 0
    true: int = 0
    fix_unsafe: list[str] = field(default_factory=list)
    fix_restored: bool = False
    crashed: str | None = None

    @property
    def name(self) -> str:
        return compose.Combo(self.base, self.chain).name

    @property
    def failed(self) -> bool:
        return bool(self.crashed) or not self.clean_ok or (self.slip is not None
                                                           and not self.slip_hit)


def run_one(job: tuple[str, tuple[str, ...], int, bool]) -> Outcome:
    base, chain, seed, fix = job
    combo = compose.Combo(base, chain)
    out = Outcome(base, chain)
    with tempfile.TemporaryDirectory(prefix="generalisation-") as folder:
        try:
            _measure(combo, seed, fix, Path(folder), out)
        except Exception as exc:  # a crash in the corpus or the checker is a result
            out.crashed = f"{type(exc).__name__}: {exc}"
    return out


def _measure(combo: compose.Combo, seed: int, fix: bool, folder: Path, out: Outcome) -> None:
    made = compose.make(combo, folder, seed)
    mine = base_errors(combo.base)
    found, trouble = _errors(made.clean)
    if trouble:
        out.crashed = trouble
        return
    expect = compose.expected(mine, made.clean_origins, combo)
    true, false = _sort(found, expect)
    out.clean_false = [_shown(f) for f in false]
    out.clean_missing = list((expect - Counter(_key(f) for f in true)).elements())
    out.clean_ok = not false and not out.clean_missing
    out.findings, out.true = len(found), len(true)
    if made.slipped is None or made.slip is None:
        return
    out.slip = made.slip
    found, trouble = _errors(made.slipped)
    if trouble:
        out.crashed = trouble
        return
    hits = [f for f in found if _is_hit(f, made.slip)]
    rest = [f for f in found if f not in hits]
    true, false = _sort(rest, compose.expected(mine, made.slipped_origins, combo))
    out.slip_hit = bool(hits)
    out.slip_false = [_shown(f) for f in false]
    if not hits:
        out.slip_errors = [_shown(f) for f in found]
    out.findings += len(found)
    out.true += len(true) + len(hits)
    if fix:
        _fix(made, mine, folder, out)


def _fix(made: compose.Made, mine: list[tuple[str, str | None]], folder: Path,
         out: Outcome) -> None:
    """Fix the slipped book; every cell that changed other than the slip (and the base's own
    error cells, which fix may rightly correct) is unsafe."""
    import openpyxl

    from xlbudget.fix.run import FixJob, fix_file

    assert made.slipped is not None and made.slip is not None
    target = folder / "fixed.xlsx"
    fix_file(FixJob(made.slipped, target))
    if not target.exists():
        return
    allowed = {made.slip.cell} | {made.slipped_origins.get(c, "") for _, c in mine if c}
    before, after = openpyxl.load_workbook(made.slipped), openpyxl.load_workbook(target)
    for ws in before.worksheets:
        if ws.title not in after.sheetnames:
            out.fix_unsafe.append(f"{ws.title} gone")
            continue
        other = after[ws.title]
        rows, cols = max(ws.max_row, other.max_row), max(ws.max_column, other.max_column)
        for r in range(1, rows + 1):
            for c in range(1, cols + 1):
                a, b = ws.cell(r, c).value, other.cell(r, c).value
                where = f"{ws.title}!{ws.cell(r, c).coordinate}"
                if a != b and where not in allowed:
                    out.fix_unsafe.append(f"{where}: {a!r} → {b!r}")
                elif a != b and where == made.slip.cell:
                    restored = parse_amount(b)
                    out.fix_restored = restored == Decimal(made.slip.true)


# ── the run ──────────────────────────────────────────────────────────────────────────────────


def combinations(args: argparse.Namespace, bases: list[str]) -> list[compose.Combo]:
    controls = [compose.Combo(b, ()) for b in bases]
    chosen: list[compose.Combo] = []
    default = not (args.singles or args.pairs or args.triples)
    if args.singles or default:
        chosen += compose.singles(bases)
    if args.pairs or default:
        chosen += compose.pairs(bases)
    if args.triples:
        chosen += compose.triples(bases, args.triples, args.seed)
    if args.limit and len(chosen) > args.limit:
        chosen = sorted(random.Random(args.seed).sample(chosen, args.limit),
                        key=lambda c: (c.base, len(c.chain)))
    return controls + chosen


def run(jobs: list[tuple[str, tuple[str, ...], int, bool]], workers: int,
        source: str | None) -> list[Outcome]:
    done: list[Outcome] = []
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers, initializer=use_source,
                             initargs=(source,)) as pool:
        for outcome in pool.map(run_one, jobs, chunksize=4):
            done.append(outcome)
            if len(done) % 250 == 0:
                rate = len(done) / (time.perf_counter() - start)
                print(f"  … {len(done)}/{len(jobs)} combinations ({rate:.1f}/s)",
                      file=sys.stderr, flush=True)
    return done


def _rate(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / max(whole, 1):.1%}"


def report(outcomes: list[Outcome], show: int, fix: bool) -> None:
    controls = [o for o in outcomes if not o.chain]
    composed = [o for o in outcomes if o.chain]
    print("controls (each base rendered through the IR, no transformation):")
    for o in controls:
        print(f"  {o.base:14} clean {'yes' if o.clean_ok else 'NO'}  slip "
              f"{'found' if o.slip_hit else 'missed'} ({o.slip.position if o.slip else '-'})"
              + (f"  CRASH {o.crashed}" if o.crashed else ""))
    _figures("composed books", composed, fix)
    _by_length(composed)
    _ranking(composed)
    if show:
        _show(composed, show)


def _figures(title: str, outcomes: list[Outcome], fix: bool) -> None:
    slips = [o for o in outcomes if o.slip is not None]
    books = len(outcomes) + len(slips)
    print(f"\n{title}: {len(outcomes)} combinations, {books} books "
          f"({sum(bool(o.crashed) for o in outcomes)} crashed)")
    print(f"  clean rate   {_rate(sum(o.clean_ok for o in outcomes), len(outcomes))}"
          "  (exactly the base's errors, no other error)")
    print(f"  slip recall  {_rate(sum(o.slip_hit for o in slips), len(slips))}"
          "  (slip's new cell named first, expected = true value)")
    by_position: dict[str, list[Outcome]] = defaultdict(list)
    for o in slips:
        assert o.slip is not None
        by_position[o.slip.position].append(o)
    print("    by position: " + ", ".join(
        f"{p} {_rate(sum(o.slip_hit for o in os_), len(os_))}"
        for p, os_ in sorted(by_position.items())))
    total, true = sum(o.findings for o in outcomes), sum(o.true for o in outcomes)
    print(f"  precision    {_rate(true, total)}  (error findings that are true)")
    if fix:
        unsafe = [o for o in slips if o.fix_unsafe]
        print(f"  fix: {len(unsafe)} slipped books with a change other than the slip (must be 0);"
              f" {sum(o.fix_restored for o in slips)}/{len(slips)} slips restored")
        for o in unsafe[:10]:
            print(f"    {o.base} {o.name}: {o.fix_unsafe[:3]}")


def _by_length(outcomes: list[Outcome]) -> None:
    lengths = sorted({len(o.chain) for o in outcomes})
    for n in lengths:
        group = [o for o in outcomes if len(o.chain) == n]
        slips = [o for o in group if o.slip is not None]
        print(f"  {n} transformation(s): clean {_rate(sum(o.clean_ok for o in group), len(group))}"
              f", recall {_rate(sum(o.slip_hit for o in slips), len(slips))}")


def _alone(outcomes: list[Outcome]) -> dict[tuple[str, str], bool]:
    """(base, transformation) → whether its single-transformation book fails."""
    return {(o.base, o.chain[0]): o.failed for o in outcomes if len(o.chain) == 1}


def _interaction(o: Outcome, alone: dict[tuple[str, str], bool]) -> bool:
    """A failing combination whose every transformation passes alone on that base."""
    return len(o.chain) > 1 and o.failed and all(
        (o.base, n) in alone and not alone[(o.base, n)] for n in o.chain)


def _ranking(outcomes: list[Outcome]) -> None:
    """Which transformations appear in failing books, worst first; ``alone``: its single book
    fails on how many bases; ``mixed``: failing combinations whose every member passes alone."""
    alone = _alone(outcomes)
    stats: dict[str, Counter[str]] = defaultdict(Counter)
    for o in outcomes:
        mixed = _interaction(o, alone)
        for name in o.chain:
            s = stats[name]
            s["books"] += 1
            s["clean_fail"] += not o.clean_ok
            s["slip_miss"] += o.slip is not None and not o.slip_hit
            s["fail"] += o.failed
            s["alone_bases"] += len(o.chain) == 1
            s["alone_fail"] += len(o.chain) == 1 and o.failed
            s["mixed"] += mixed
    print("\nper transformation (combinations containing it that fail: clean book wrong or slip "
          "missed), worst first;\n  alone = bases where it fails by itself, mixed = failing "
          "combinations of transformations that each pass alone:")
    print(f"  {'transformation':31} {'fail':>13} {'clean✗':>6} {'slip✗':>6} {'alone':>6} "
          f"{'mixed':>6}")
    ranked = sorted(stats.items(), key=lambda kv: (-kv[1]["fail"] / max(kv[1]["books"], 1),
                                                   -kv[1]["mixed"], kv[0]))
    for name, s in ranked:
        print(f"  {name:31} {s['fail']:>4}/{s['books']:<4} {s['fail'] / max(s['books'], 1):>4.0%}"
              f" {s['clean_fail']:>6} {s['slip_miss']:>6} "
              f"{s['alone_fail']:>2}/{s['alone_bases']:<3} {s['mixed']:>6}")


def _show(outcomes: list[Outcome], count: int) -> None:
    """False findings and missed slips, varied: interactions first, then one per (rule,
    transformation) so that each reader gap shows once."""
    alone = _alone(outcomes)
    ordered = sorted(outcomes, key=lambda o: (not _interaction(o, alone), len(o.chain)))
    print(f"\nfalse error findings (up to {count}; one per rule and transformation set, "
          "interactions — every member passes alone — marked *):")
    seen: set[tuple[str, str]] = set()
    shown = 0
    for o in ordered:
        mark = "*" if _interaction(o, alone) else " "
        lines = [(where, f) for where, found in (("clean", o.clean_false), ("slip", o.slip_false))
                 for f in found]
        lines += [("clean", ("expected, not reported", m, None, "")) for m in o.clean_missing]
        lines += [("crash", (o.crashed, (), None, ""))] if o.crashed else []
        for where, f in lines:
            key = (str(f[0]), "+".join(sorted(o.chain)) if mark == "*" else o.chain[0])
            if key in seen or shown >= count:
                continue
            seen.add(key)
            shown += 1
            print(f" {mark}[{o.base} {o.name} · {where}] {f}")
    print(f"\nmissed slips (up to {count}, one per transformation set):")
    shown = 0
    seen_sets: set[str] = set()
    for o in ordered:
        if o.slip is None or o.slip_hit or shown >= count:
            continue
        key = "+".join(sorted(o.chain))
        if key in seen_sets:
            continue
        seen_sets.add(key)
        shown += 1
        s = o.slip
        mark = "*" if _interaction(o, alone) else " "
        print(f" {mark}[{o.base} {o.name}] {s.cell} ({s.position}, {s.kind}) {s.true}→{s.slip}: "
              f"{[e[:3] for e in o.slip_errors[:3]]}")


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", action="store_true", help="every pair (default)")
    parser.add_argument("--triples", type=int, default=0, metavar="K",
                        help="K random triples per base")
    parser.add_argument("--singles", action="store_true",
                        help="every single transformation (default with the pairs)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bases", default=",".join(compose.BASES),
                        help=f"comma-separated, of {', '.join(compose.BASES)}")
    parser.add_argument("--limit", type=int, default=0, help="keep N combinations (sampled)")
    parser.add_argument("--show", type=int, default=0, metavar="N")
    parser.add_argument("--fix", action="store_true")
    parser.add_argument("--source", help="import xlbudget from DIR/toolkit")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--save", help="keep the outcomes (pickle) for --load")
    parser.add_argument("--load", help="report saved outcomes instead of running")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.load:
        with open(args.load, "rb") as saved:
            report(pickle.load(saved), args.show, args.fix)
        return
    use_source(args.source)
    bases = [b.strip() for b in args.bases.split(",") if b.strip()]
    unknown = set(bases) - set(compose.BASES)
    if unknown:
        parser.error(f"unknown bases {sorted(unknown)}")
    start = time.perf_counter()
    combos = combinations(args, bases)
    import xlbudget

    print(f"xlbudget from {Path(xlbudget.__file__).parent}; seed {args.seed}; "
          f"bases {', '.join(bases)}; {len(compose.REGISTRY)} transformations")
    jobs = [(c.base, c.chain, args.seed, args.fix) for c in combos]
    outcomes = run(jobs, max(1, args.workers), args.source)
    if args.save:
        with open(args.save, "wb") as out:
            pickle.dump(outcomes, out)
    report(outcomes, args.show, args.fix)
    print(f"\n({time.perf_counter() - start:.0f} s, {os.cpu_count()} cpus, "
          f"{args.workers} workers)")


if __name__ == "__main__":
    main()
