"""The HTML review page of a folder: self-contained, escaped, and working in a real browser
(headless Chromium: the page's script runs, the filters apply, a screenshot is taken)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_review import noisy  # noqa: E402

from clients import installed  # noqa: E402


def chromium() -> str:
    """Path of a Chromium, or skip (fail under CI, where .ci/run installs it)."""
    return installed(("chromium", "chromium-browser"),
                     "Chromium is not installed: apt-get install -y chromium",
                     "XLBUDGET_REQUIRE_BROWSER")


def browse(page: Path, *args: str, fragment: str = "") -> subprocess.CompletedProcess[str]:
    profile = page.parent / "chromium-profile"
    return subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={profile}", "--virtual-time-budget=3000", *args,
         page.as_uri() + fragment], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("folder")
    shutil.copyfile(SAMPLES / "park-2024.xlsx", root / "park.xlsx")
    shutil.copyfile(SAMPLES / "published" / "004.xlsx", root / "004.xlsx")
    noisy(root / "busy.xlsx")
    hostile = root / "hostile.xlsx"  # a label that is markup must show as written
    shutil.copyfile(SAMPLES / "published" / "004.xlsx", hostile)
    book = openpyxl.load_workbook(hostile)
    book["表5"]["D8"].value = "<script>alert('x')</script><b>粗</b>"
    book.save(hostile)
    return root


@pytest.fixture(scope="module")
def html_page(folder: Path) -> tuple[Path, dict[str, object]]:
    import json

    page = folder.parent / "review.html"
    run = subprocess.run([sys.executable, "-m", "xlbudget", "check", str(folder), "--html",
                          str(page), "--quiet", "--format", "json"], capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 1, run.stderr
    return page, json.loads(run.stdout)


def test_the_page_has_every_book_and_every_error_cell(html_page: tuple[Path, dict]) -> None:  # type: ignore[type-arg]
    page, document = html_page
    text = page.read_text(encoding="utf-8")
    assert page.stat().st_size < 5 * 1024 * 1024
    for entry in document["files"]:  # type: ignore[index]
        name = Path(entry["path"]).name
        row = re.search(rf'<tr><td><a href="#book-\d+">{re.escape(name)}</a></td>(.*?)</tr>',
                        text)
        assert row, name
        assert re.findall(r'<td class="num[^"]*">(\d+)</td>', row.group(1))[0] == \
            str(entry["counts"]["error"])
        for finding in entry["findings"]:
            if finding["severity"] == "error":
                for cell in finding["cells"]:
                    assert cell in text, cell


def test_nothing_is_fetched_and_markup_stays_text(html_page: tuple[Path, dict]) -> None:  # type: ignore[type-arg]
    text = html_page[0].read_text(encoding="utf-8")
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', text)
    assert "<link" not in text and "@import" not in text and "url(" not in text
    assert text.count("<script>") == 1  # the page's own
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;b&gt;粗&lt;/b&gt;" in text


def test_the_page_works_in_a_real_browser(html_page: tuple[Path, dict]) -> None:  # type: ignore[type-arg]
    page, document = html_page
    findings = [f for e in document["files"] for f in e["findings"]]  # type: ignore[index]
    errors = [f for f in findings if f["severity"] == "error"]
    shown = re.compile(r'<span id="shown">(\d+)</span>')
    dom = browse(page, "--dump-dom").stdout
    assert int(shown.search(dom).group(1)) == len(findings)  # type: ignore[union-attr]
    filtered = browse(page, "--dump-dom", fragment="#severity=error").stdout
    assert int(shown.search(filtered).group(1)) == len(errors)  # type: ignore[union-attr]
    assert "<script>alert" not in filtered.split('<script>', 1)[0]  # no markup came alive
    picture = page.with_suffix(".png")
    browse(page, f"--screenshot={picture}", "--window-size=1280,1800")
    assert picture.stat().st_size > 20_000  # a rendered page, not a blank one
