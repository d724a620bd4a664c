"""Benchmark: milliseconds per book for each stage of a check, against openpyxl's full load of
the same files in the same run.

    python bench/stages.py [N]      # default 100 books of the review corpus (bench/corpora.py)

Stages, each timed on its own over every book (imports and a warm-up run come first, as in a
long run):

- read           read_workbook: values (python-calamine), raw XML parts, tables located
- schemas        the pandera schemas (codes, names, duplicates, negatives) — validated only
                 when the cheap checks are in doubt, and then once per book
- rules          every rule of the rulebook, schemas already validated
- localisation   root causes of the broken identities (MILP, exact values)
- render         the text report of the findings

Printed per stage and in total, for the clean half and the half with errors separately, with
the ratio of the total to openpyxl.load_workbook (default settings) of the same books.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import review

STAGES = ("read", "schemas", "rules", "localisation", "render")


def stage_times(path: Path) -> tuple[dict[str, float], int]:
    """Seconds per stage for one book, and its number of findings."""
    from rich.console import Console

    from xlbudget.check.causes import root_causes
    from xlbudget.check.figures import Context
    from xlbudget.check.findings import Lang
    from xlbudget.check.run import Report, judge_rules
    from xlbudget.check.schemas import validate
    from xlbudget.read.workbook import read_workbook
    from xlbudget.report.text import render_report

    times: dict[str, float] = {}
    start = time.perf_counter()
    budget = read_workbook(path).budget
    times["read"] = time.perf_counter() - start

    start = time.perf_counter()
    context = Context(budget)
    context.memo["schemas"] = validate(budget)
    times["schemas"] = time.perf_counter() - start

    start = time.perf_counter()
    judged, plain = judge_rules(context)
    times["rules"] = time.perf_counter() - start

    start = time.perf_counter()
    found, _ = root_causes(judged, budget)
    times["localisation"] = time.perf_counter() - start

    start = time.perf_counter()
    report = Report(path, budget.profile.name, sorted(budget.tables), plain + found)
    render_report(Console(file=io.StringIO(), width=100), report, Lang.ZH)
    times["render"] = time.perf_counter() - start
    return times, len(report.findings)


def openpyxl_ms(files: list[Path]) -> float:
    import openpyxl

    start = time.perf_counter()
    for path in files:
        openpyxl.load_workbook(path).close()
    return (time.perf_counter() - start) / len(files) * 1000


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with tempfile.TemporaryDirectory() as tmp:
        files = review(Path(tmp), count)
        for path in files[:2]:
            stage_times(path)  # imports (pandera, scipy) and warm-up
        halves = {"clean": [f for f in files if "-clean-" in f.name],
                  "with errors": [f for f in files if "-noisy-" in f.name]}
        print(f"{count} books (bench/corpora.py review): ms per book")
        print(f"{'':14}" + "".join(f"{s:>14}" for s in (*STAGES, "total", "openpyxl", "ratio")))
        for label, group in halves.items():
            total: defaultdict[str, float] = defaultdict(float)
            findings = 0
            for path in group:
                times, found = stage_times(path)
                findings += found
                for stage, seconds in times.items():
                    total[stage] += seconds * 1000 / len(group)
            load = openpyxl_ms(group)
            whole = sum(total.values())
            print(f"{label:14}" + "".join(f"{total[s]:14.1f}" for s in STAGES)
                  + f"{whole:14.1f}{load:14.1f}{whole / load:14.2f}"
                  + f"   ({findings / len(group):.0f} findings per book)")


if __name__ == "__main__":
    main()
