"""Drive the real spreadsheet client: LibreOffice headless, with formula recalculation on load.

LibreOffice normally trusts the cached values of an .xlsx; a private profile with
``OOXMLRecalcMode = 0`` makes it recalculate every formula when it opens the file, so comparing
its output with our cached values proves the formulas compute what we claim.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from clients import installed

PROFILE_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
           xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str:
    """Path of soffice, or skip (fail under CI, where .ci/run installs it)."""
    return installed(("soffice", "libreoffice"),
                     "LibreOffice (soffice) is not installed: apt-get install -y libreoffice-calc",
                     "XLBUDGET_REQUIRE_SOFFICE")


def convert(source: Path, target_format: str, out_dir: Path, profile_dir: Path) -> Path:
    """Open ``source`` in LibreOffice (recalculating) and save it as ``target_format``."""
    user = profile_dir / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(PROFILE_XCU, encoding="utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [soffice(), f"-env:UserInstallation={profile_dir.as_uri()}", "--headless",
         "--convert-to", target_format, "--outdir", str(out_dir), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    result = out_dir / f"{source.stem}.{target_format.split(':')[0]}"
    assert result.exists(), f"LibreOffice produced no {result.name}"
    return result
