"""Build a benchmark corpus: N workbooks like the ones a finance bureau receives.

    python bench/corpus.py OUTDIR N [--large-every K]

Mix: seed-sized own-format books (≈12 项, 25–35-row tables, from xlbudget.synthetic with
varied seeds and profiles), copies of the published-layout samples (foreign layout), and every
K-th book a large 部门 book (≈60 项: 130-row tables)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from xlbudget.spec.profiles import profile
from xlbudget.synthetic import budget
from xlbudget.write.workbook import write_budget

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = sorted((ROOT / "samples" / "published").glob("*.xlsx"))
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


if __name__ == "__main__":
    large = int(sys.argv[sys.argv.index("--large-every") + 1]) if "--large-every" in sys.argv \
        else 25
    made = build(Path(sys.argv[1]), int(sys.argv[2]), large)
    print(f"wrote {len(made)} workbooks to {sys.argv[1]}")
