from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/libreoffice.py

SAMPLES = {"park-2024": "000", "city-office-2024": "002", "industry-bureau-2024": "004"}


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def lo_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One LibreOffice user profile for the session (first start is the slow one)."""
    return tmp_path_factory.mktemp("lo-profile")
