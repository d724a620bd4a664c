"""The README's library example runs as written (from the repository root), and every public
function accepts a str as well as a Path."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import xlbudget

ROOT = Path(__file__).resolve().parents[1]


def readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### As a library"):text.index("## Architecture")]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "README has no python example under 'As a library'"
    return match.group(1)


def test_readme_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for folder in ("samples",):
        os.symlink(ROOT / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    exec(compile(readme_example(), "README.md", "exec"), {})
    assert (tmp_path / "out" / "api-blank.xlsx").is_file()
    assert (tmp_path / "out" / "api-004-fixed.xlsx").is_file()


@pytest.mark.parametrize("kind", [str, Path])
def test_check_accepts_str_and_path(kind: type) -> None:
    report = xlbudget.check(kind(ROOT / "samples" / "park-2024.xlsx"))
    assert report.unreadable is None
    assert report.count("error") == 0


def test_api_names_are_the_functions_even_after_the_stages_load() -> None:
    import xlbudget.check.run  # loading a stage must not shadow the API

    assert callable(xlbudget.check) and callable(xlbudget.read) and callable(xlbudget.fix)


def test_fix_refuses_to_write_over_its_input(tmp_path: Path) -> None:
    from xlbudget.fix.run import PlanError

    book = tmp_path / "a.xlsx"
    book.write_bytes((ROOT / "samples" / "park-2024.xlsx").read_bytes())
    with pytest.raises(PlanError):
        xlbudget.fix(str(book), str(book))
