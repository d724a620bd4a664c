"""Build benchmark corpora: workbooks like the ones a finance bureau receives.

    python bench/corpora.py OUTDIR N [--large-every K]     # the generated mix below
    python bench/corpora.py OUTDIR N --review              # half clean, half with ~100 findings

Generated mix: seed-sized own-format books (≈12 项, 25–35-row tables, from xlbudget.synthetic
with varied seeds and profiles), copies of the published-layout samples (foreign layout), and
every K-th book a large 部门 book (≈60 项: 130-row tables).

Review mix (:func:`review`): half are correct books (the bundled samples and the published-layout
samples, copied), half are published-layout books with planted errors — amounts mistyped ×10 in
detail cells and 科目名称 swapped between 项 rows — about 100 findings each, as a book sent back
for correction looks."""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import openpyxl

from xlbudget.spec.profiles import profile
from xlbudget.synthetic import budget
from xlbudget.write.workbook import write_budget

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from corpus import _book as b  # noqa: E402
from corpus.typos import detail_cells  # noqa: E402

PUBLISHED = sorted((ROOT / "samples" / "published").glob("*.xlsx"))
OWN = sorted((ROOT / "samples").glob("*.xlsx"))
PROFILES = ["unit-2024", "unit-2025", "dept-2024", "unit-2024+t2-15+no-t11"]


def build(out_dir: Path, count: int, large_every: int = 25) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    files = []
    for index in range(count):
        target = out_dir / f"{index:05d}.xlsx"
        if index % 10 == 9:
            shutil.copyfile(PUBLISHED[index % len(PUBLISHED)], target)
        elif large_every and index % large_every == large_every - 1:
            write_budget(budget(index, profile("dept-2025"), items=60), target)
        else:
            write_budget(budget(index, profile(PROFILES[index % len(PROFILES)]), items=12),
                         target)
        files.append(target)
    return files


def review(out_dir: Path, count: int, typos: int = 30, names: int = 60) -> list[Path]:
    """``count`` books: even ones correct, odd ones with ``typos`` mistyped detail amounts and
    ``names`` swapped names (fewer where a book has fewer cells)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = []
    for index in range(count):
        if index % 2 == 0:
            source = (OWN + PUBLISHED)[index // 2 % (len(OWN) + len(PUBLISHED))]
            target = out_dir / f"{index:05d}-clean-{source.name}"
            shutil.copyfile(source, target)
        else:
            source = PUBLISHED[index // 2 % len(PUBLISHED)]
            target = out_dir / f"{index:05d}-noisy-{source.name}"
            noisy(source, target, index, typos, names)
        files.append(target)
    return files


def noisy(source: Path, target: Path, seed: int, typos: int, names: int) -> None:
    """A published-layout book with ``typos`` detail amounts ×10 and ``names`` 项 names swapped
    with another 项 row's of the same table."""
    rng = random.Random(seed)
    book = openpyxl.load_workbook(source)
    cells = detail_cells(book)
    for sheet, cell, amount in rng.sample(cells, min(typos, len(cells))):
        book[sheet][cell].value = float(amount * 10)
    named = [(ws, row) for n, ws in b.tables(book) if n in (2, 3, 5)
             for row in b.data_rows(ws, n) if b.level(ws, row) == "项"]
    for (ws1, row1), (ws2, row2) in _pairs(rng, named, names):
        column = b.name_column(b.number(ws1))
        first, second = ws1.cell(row1, column), ws2.cell(row2, column)
        first.value, second.value = second.value, first.value
    book.save(target)


def _pairs(rng: random.Random, rows: list[object], count: int) -> list[tuple[object, object]]:
    chosen = rng.sample(rows, min(count, len(rows) // 2 * 2))
    return list(zip(chosen[::2], chosen[1::2], strict=True))


if __name__ == "__main__":
    out, n = Path(sys.argv[1]), int(sys.argv[2])
    if "--review" in sys.argv:
        made = review(out, n)
    else:
        large = int(sys.argv[sys.argv.index("--large-every") + 1]) \
            if "--large-every" in sys.argv else 25
        made = build(out, n, large)
    print(f"wrote {len(made)} workbooks to {out}")
