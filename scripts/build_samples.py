"""Build samples/*.xlsx (xlbudget's own template format) from the transcriptions.

Sources, copied into samples/sources/ (see its README): the shared transcriptions 000/002/004
and the narrative inputs transcribed from each published 说明 (prior = current − change).

    python scripts/build_samples.py            # rewrite samples/*.xlsx
    python scripts/build_samples.py --check    # exit 1 when a committed sample is stale
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from xlbudget.read.transcription import load_budget, load_json
from xlbudget.write.workbook import write_budget

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "samples" / "sources"
SAMPLES = {"park-2024": "000", "city-office-2024": "002", "industry-bureau-2024": "004"}


def build(name: str, seed: str, out_dir: Path) -> Path:
    inputs_path = SOURCES / f"{name}.inputs.json"
    inputs = load_json(inputs_path) if inputs_path.exists() else None
    budget = load_budget(load_json(SOURCES / f"{seed}.json"), inputs)
    written = write_budget(budget, out_dir / f"{name}.xlsx")
    conflicts = {n: layout.conflicts for n, layout in written.layouts.items() if layout.conflicts}
    if conflicts:
        raise SystemExit(f"{name}: totals disagree with their parts: {conflicts}")
    return written.path


def main(argv: list[str]) -> int:
    check = "--check" in argv
    target = Path(tempfile.mkdtemp()) if check else ROOT / "samples"
    stale = []
    for name, seed in SAMPLES.items():
        path = build(name, seed, target)
        committed = ROOT / "samples" / path.name
        if check and (not committed.exists() or committed.read_bytes() != path.read_bytes()):
            stale.append(path.name)
        elif not check:
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print(f"stale samples (run `make samples`): {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
