"""A bulk fix killed with SIGKILL leaves only complete workbooks: every write goes to a hidden
``.name.….xlsx.part`` file beside its target and is renamed onto it only when complete."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl


def test_a_killed_bulk_fix_leaves_only_complete_files(root: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(40):
        shutil.copy(root / "samples" / "published" / f"00{(index % 3) * 2}.xlsx",
                    folder / f"{index:03d}.xlsx")
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "xlbudget", "fix", str(folder), "-o", str(out), "-j", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.glob("*.xlsx"))) < 5:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the CLI and its worker processes, mid-run
    process.wait(timeout=30)
    written = sorted(out.glob("*.xlsx"))
    assert 5 <= len(written) < 40  # killed in the middle of the run
    for path in written:
        assert zipfile.is_zipfile(path), path.name
        assert "说明" in openpyxl.load_workbook(path, read_only=True).sheetnames, path.name
    leftovers = [p.name for p in out.iterdir() if p not in written]
    assert all(name.startswith(".") and name.endswith(".part") for name in leftovers), leftovers
    assert list(folder.glob("*.part")) == []  # nothing ever written beside the inputs
