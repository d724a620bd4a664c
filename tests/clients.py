"""The real clients the tests drive (LibreOffice, Chromium): found on PATH, or the test is
skipped — and fails instead where CI installed them and says so in an environment variable."""

from __future__ import annotations

import os
import shutil

import pytest


def installed(names: tuple[str, ...], message: str, required_by: str) -> str:
    """Path of the first of ``names`` on PATH; else skip, or fail when ``required_by`` is set."""
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get(required_by):
        pytest.fail(message)
    pytest.skip(message)
