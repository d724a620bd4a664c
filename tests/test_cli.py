"""The command line: exit codes and messages a user sees."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from xlbudget.cli import app

runner = CliRunner()


def test_template_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "mine.xlsx"
    path.write_bytes(b"user's own work")
    result = runner.invoke(app, ["template", "-o", str(path)])
    assert result.exit_code == 2
    assert "已存在" in result.output and "--force" in result.output
    assert path.read_bytes() == b"user's own work"
    assert runner.invoke(app, ["template", "-o", str(path), "--force"]).exit_code == 0
    assert path.read_bytes().startswith(b"PK")


def test_bad_profile_is_a_usage_error_in_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["template", "-o", str(tmp_path / "t.xlsx"), "--profile",
                                 "town-2024", "--lang", "en"])
    assert result.exit_code == 2
    assert "unknown profile 'town-2024'" in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert not (tmp_path / "t.xlsx").exists()


def test_unsupported_year_and_wrong_suffix(tmp_path: Path) -> None:
    year = runner.invoke(app, ["template", "-o", str(tmp_path / "t.xlsx"), "--year", "2019"])
    assert year.exit_code == 2 and "2019" in year.output
    suffix = runner.invoke(app, ["template", "-o", str(tmp_path / "t.xls")])
    assert suffix.exit_code == 2 and ".xlsx" in suffix.output


def test_python_dash_m_runs_the_same_cli(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "xlbudget", "template", "-o",
                             str(tmp_path / "t.xlsx"), "--lang", "en"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "wrote template" in result.stdout


def test_every_command_and_option_is_in_the_readme(root: Path) -> None:
    """The README is the manual: a command or option it does not mention does not exist."""
    import typer.main

    readme = (root / "README.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    commands = group.commands  # type: ignore[attr-defined]
    assert set(commands) == {"template", "check", "narrate", "fix", "import", "consolidate"}
    for name, command in commands.items():
        assert f"xlbudget {name}" in readme, name
        for param in command.params:
            flags = [flag for flag in param.opts if flag.startswith("-")]
            if flags:  # one of its spellings (-o / --output) is enough
                assert any(f"{flag} " in readme or f"{flag}]" in readme for flag in flags), (
                    f"{name} {flags}")
