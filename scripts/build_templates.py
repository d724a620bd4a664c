"""Regenerate templates/*.xlsx, the committed blank standard workbooks.

    python scripts/build_templates.py            # rewrite templates/
    python scripts/build_templates.py --check    # exit 1 when a committed template is stale
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from xlbudget.spec.profiles import base_profiles
from xlbudget.write.template import write_template

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    target = Path(tempfile.mkdtemp()) if check else TEMPLATES
    stale = []
    for profile in base_profiles():
        path = write_template(target / f"{profile.name}.xlsx", profile).path
        committed = TEMPLATES / path.name
        if check and (not committed.exists() or committed.read_bytes() != path.read_bytes()):
            stale.append(path.name)
        elif not check:
            print(f"wrote templates/{path.name}")
    if stale:
        print(f"stale templates (run `make templates`): {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
