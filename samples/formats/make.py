"""Rebuild the .xls and .ods copies in this folder (needs LibreOffice's soffice).

    python samples/formats/make.py

Each is what a user gets from LibreOffice's "Save as" of a bundled sample: the three own-format
samples as they are (correct books), and two books with one mistyped amount each (a detail cell
×10: one in an own-format book whose totals are formulas, one in a published layout of typed
values) saved as .xlsx, .xls and .ods, so tests can compare the findings across formats.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent
TYPOS = {"typo-park.xlsx": (SAMPLES / "park-2024.xlsx", "表3", "F10"),
         "typo-004.xlsx": (SAMPLES / "published" / "004.xlsx", "表5", "F9")}


def convert(source: Path, kind: str) -> None:
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless",
                        "--convert-to", kind, "--outdir", str(HERE), str(source)],
                       check=True, capture_output=True, timeout=300)


def main() -> None:
    for name, (source, sheet, cell) in TYPOS.items():
        book = openpyxl.load_workbook(source)
        value = book[sheet][cell].value
        assert isinstance(value, (int, float)) and value, (name, value)
        book[sheet][cell].value = value * 10
        book.save(HERE / name)
    for source in [*sorted(SAMPLES.glob("*.xlsx")), *(HERE / n for n in TYPOS)]:
        if source.parent != HERE:
            shutil.copyfile(source, HERE / source.name)
        for kind in ("xls", "ods"):
            convert(HERE / source.name, kind)
        if source.parent != HERE:
            (HERE / source.name).unlink()


if __name__ == "__main__":
    main()
