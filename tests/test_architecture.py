"""The package's floors (scripts/check_architecture.py): no import circle anywhere — imports inside
functions and under TYPE_CHECKING included —, no stage importing a later one, small modules, few
modules at the root."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "check_architecture.py"


@pytest.fixture(scope="module")
def architecture() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_architecture", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_architecture"] = module
    spec.loader.exec_module(module)
    return module


def test_the_package_has_no_violation(architecture: ModuleType) -> None:
    assert architecture.problems(architecture.load()) == []


def test_a_circle_inside_a_function_is_found(architecture: ModuleType) -> None:
    package = architecture.load()
    package.imports["xlbudget.read.grid"].add("xlbudget.read.workbook")  # as a local import would
    assert any({"xlbudget.read.grid", "xlbudget.read.workbook"} <= set(group)
               for group in architecture.cycles(package))


def test_an_upward_import_is_found(architecture: ModuleType) -> None:
    package = architecture.load()
    package.imports["xlbudget.read.rows"].add("xlbudget.check.findings")
    assert ("xlbudget.read.rows", "xlbudget.check.findings") in architecture.upward(package)


def test_stages_are_subpackages_with_a_docstring() -> None:
    root = SCRIPT.parents[1] / "toolkit" / "xlbudget"
    for stage in ("spec", "read", "check", "narrative", "fix", "write", "report"):
        init = root / stage / "__init__.py"
        text = init.read_text(encoding="utf-8")
        assert text.startswith('"""') and len(text.split('"""')[1]) > 200, stage
