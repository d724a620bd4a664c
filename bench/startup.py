"""Benchmark: how long the command takes to start, against a bare Python start, in one run.

    python bench/startup.py [RUNS]      # default 7 runs each, the best is kept

Prints wall times of ``python -c pass`` (the baseline), ``xlbudget --help``, ``--version``,
``check`` of a correct sample and of a sample with an error finding, each also as the time
added to the bare start; then, from ``python -X importtime``, the modules a one-book check
imports that cost the most. Targets: --help/--version add ≤ 0.25 s; a one-book check ≤ 0.4 s.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLEAN = ROOT / "samples" / "park-2024.xlsx"
WITH_ERROR = ROOT / "samples" / "published" / "004.xlsx"
COMMAND = [sys.executable, "-m", "xlbudget"]


def best(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return min(times)


def heaviest(argv: list[str], count: int = 8) -> list[tuple[str, float]]:
    """Top-level imports of a run by cumulative time (ms), from -X importtime."""
    result = subprocess.run([sys.executable, "-X", "importtime", *argv[1:]],
                            capture_output=True, text=True, check=False)
    found = []
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S.*)$", line)
        if match:  # no indentation: imported by the program itself, not by another module
            found.append((match.group(2), int(match.group(1)) / 1000))
    return sorted(found, key=lambda item: -item[1])[:count]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    bare = best([sys.executable, "-c", "pass"], runs)
    cases = {
        "xlbudget --help": [*COMMAND, "--help"],
        "xlbudget --version": [*COMMAND, "--version"],
        "check, correct book": [*COMMAND, "check", str(CLEAN)],
        "check, book with an error": [*COMMAND, "check", str(WITH_ERROR)],
    }
    print(f"python -c pass                 {bare * 1000:7.0f} ms  (baseline, best of {runs})")
    for label, argv in cases.items():
        wall = best(argv, runs)
        print(f"{label:30} {wall * 1000:7.0f} ms  (+{(wall - bare) * 1000:.0f} ms over bare)")
    print("\nheaviest imports of a one-book check (ms, cumulative):")
    for module, ms in heaviest(cases["check, correct book"]):
        print(f"  {module:40} {ms:7.1f}")


if __name__ == "__main__":
    main()
