"""Broken and hostile inputs (``tests/hostile.py``): what a user gets for each, in bounded time
and memory, with the inputs never modified and no output that can run a formula.

Every case is checked once in its own ``xlbudget`` process, with a timeout, measuring wall time
and peak RSS (``RUSAGE_CHILDREN`` of a small parent process); the other commands and languages run
in-process. Set ``XLBUDGET_HOSTILE_REPORT=FILE`` to have the measurements written as a Markdown
table (they are printed too: run with ``-s``), and ``XLBUDGET_HOSTILE_SLOW=1`` for the three
cases that take 10–25 s each (``hostile.SLOW``).

A test marked ``xfail(strict=True)`` asserts what the tool should do and does not yet (the
reason says what happens instead): the mark goes when the tool is fixed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import MergedCell
from typer.testing import CliRunner

import hostile
from xlbudget.cli import app

TIMEOUT = 60  # seconds, per xlbudget process
RSS_MB = 600  # peak resident memory, per xlbudget process
runner = CliRunner()

# ── known bugs: what should happen, and what happens instead ────────────────────────────────

ONE_LINE = ("rich wraps the stderr line at 80 columns (COLUMNS unset, as in a scheduled run), so "
            "the reason arrives on 2–4 lines and a long path is cut inside the file name")
BUGS: dict[str, str] = {}  # none open: every bug found while writing these was fixed
PARALLEL = ("a folder run with -j > 1 sends each Report back from a worker; UnreadableError "
            "(zh, en) does not survive pickling (its args are (en,)), so the first unreadable file "
            "ends the run with BrokenProcessPool: a Traceback and exit 1")
SKIPPED_SUFFIXES = ("a folder run collects only *.xlsx/*.xlsm: legacy .xls and .ods files in the "
                    "folder are skipped without a word, so an unattended run never says that a "
                    "unit's file was not checked")
SAME_FOLDER = ("plan() refuses only a target that is an input: for a folder holding an .xlsm, "
               "`fix DIR -o DIR` writes DIR/x.xlsx next to it, and the next folder run checks both")
HUGE = ("an amount ≥ 1E+26 makes narrative.numbers.wan() raise decimal.InvalidOperation "
        "(quantize beyond 28 digits); `narrate` has no catch-all, so the user gets a Traceback")
FLOOD = ("every formula cell without a cached value is collected for the whole sheet (regex "
         "over the member, before the row limit) and kept as a Grid value: 2.2 million of them, "
         "within every limit, cost ~22 s and ~925 MB peak RSS")


def _xfail(name: str) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=BUGS[name])] if name in BUGS else []
    return pytest.param(name, marks=marks, id=name)


UNREADABLE = [_xfail(name) for name in hostile.UNREADABLE]


# ── running xlbudget ─────────────────────────────────────────────────────────────────────


@dataclass
class Run:
    args: tuple[str, ...]
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float
    timed_out: bool = False

    @property
    def text(self) -> str:
        return self.out + self.err


MEASURED: dict[str, Run] = {}


def _env(**extra: str) -> dict[str, str]:
    """The environment of an unattended run: no terminal width, no limits overridden."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("COLUMNS", "LINES") and not k.startswith("XLBUDGET_MAX_")}
    return {**env, **extra}


# A small parent for the measured process: a child's peak RSS counts the memory of the process
# that started it (fork/vfork + exec), so pytest's own would hide the figure.
MEASURE = """import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as out:
    out.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""


def xlbudget(*args: object, cwd: Path | None = None, timeout: float = TIMEOUT,
             env: dict[str, str] | None = None) -> Run:
    """``xlbudget ARGS`` in its own process: exit code, output, wall time and peak RSS."""
    argv = tuple(map(str, args))
    with tempfile.TemporaryDirectory() as scratch:
        peak = Path(scratch) / "peak"
        start = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-I", "-c", MEASURE, str(peak), sys.executable, "-m", "xlbudget",
             *argv], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            cwd=cwd, env=env or _env(), start_new_session=True)
        try:
            out, err = process.communicate(timeout=timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            out, err = process.communicate()
            timed_out = True
        seconds = time.monotonic() - start
        peak_kb = int(peak.read_text()) if peak.exists() else 0
    return Run(argv, process.returncode, out.decode("utf-8", "replace"),
               err.decode("utf-8", "replace"), seconds, peak_kb / 1024, timed_out)


def squash(text: str) -> str:
    """Text without whitespace: what a wrapped line says, whatever the wrapping."""
    return re.sub(r"\s+", "", text)


def words(text: str) -> str:
    """Text with every run of whitespace as one space (wrapping undone where it broke at one)."""
    return " ".join(text.split())


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def bounded(run: Run) -> None:
    assert not run.timed_out, f"xlbudget {' '.join(run.args)} still ran after {TIMEOUT} s"
    assert run.peak_mb < RSS_MB, f"peak RSS {run.peak_mb:.0f} MB"
    assert "Traceback" not in run.text, run.text[-3000:]


def findings(document: dict[str, Any], index: int = 0) -> set[tuple[str, str, tuple[str, ...]]]:
    """Every finding, and every broken identity a root cause explains (its consequences)."""
    listed = document["files"][index]["findings"]
    return {(f["rule"], f["severity"], tuple(f["cells"]))
            for f in [*listed, *(c for f in listed for c in f.get("consequences", ()))]}


def rule_cells(document: dict[str, Any]) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for rule, _, cells in findings(document):
        out.setdefault(rule, []).append(cells)
    return out


# ── the cases, generated once ────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every case, in one folder, with a valid sample: the folder a bureau runs over."""
    folder = tmp_path_factory.mktemp("hostile")
    made = {name: case.make(folder) for name, case in hostile.UNREADABLE.items()}
    made.update({name: make(folder) for name, make in hostile.READABLE.items()})
    made["valid"] = Path(shutil.copy(hostile.PUBLISHED, folder / "valid-000.xlsx"))
    return made


@pytest.fixture(scope="module")
def hashes(cases: dict[str, Path]) -> dict[str, str]:
    return {name: sha(path) for name, path in cases.items()}


@pytest.fixture(scope="module")
def runs(cases: dict[str, Path], hashes: dict[str, str]) -> dict[str, Run]:
    """``xlbudget check CASE`` for every case, each in its own measured process (text output for
    the unreadable, JSON for the rest), two at a time."""
    def one(name: str) -> tuple[str, Run]:
        args = [] if name in hostile.UNREADABLE else ["--format", "json"]
        return name, xlbudget("check", cases[name], *args)

    with ThreadPoolExecutor(max_workers=2) as pool:
        done = dict(pool.map(one, cases))
    MEASURED.update(done)
    return done


@pytest.fixture(scope="module")
def valid_doc(runs: dict[str, Run]) -> dict[str, Any]:
    assert runs["valid"].code == 0, runs["valid"].text
    return json.loads(runs["valid"].out)


# ── unreadable: one sentence, exit 2 ─────────────────────────────────────────────────────


@pytest.mark.parametrize("name", UNREADABLE)
def test_unreadable_is_refused_with_advice(name: str, cases: dict[str, Path],
                                           runs: dict[str, Run]) -> None:
    run, path, case = runs[name], cases[name], hostile.UNREADABLE[name]
    bounded(run)
    assert run.code == 2, run.text[-2000:]
    assert run.out.strip() == ""  # said once, on stderr
    assert run.err.count("xlbudget:") == 1, run.err
    assert squash(f"xlbudget: {path}:") in squash(run.err)
    for words in case.zh:
        assert squash(words) in squash(run.err), run.err
    assert "内部错误" not in run.err


def test_unreadable_reason_is_one_stderr_line(runs: dict[str, Run]) -> None:
    wrapped = {name: runs[name].err for name in hostile.UNREADABLE
               if len(runs[name].err.strip().splitlines()) != 1}
    assert not wrapped, wrapped


@pytest.mark.parametrize("name", UNREADABLE)
def test_unreadable_in_english_and_in_every_command(name: str, cases: dict[str, Path],
                                                    tmp_path: Path) -> None:
    path, case = cases[name], hostile.UNREADABLE[name]
    english = runner.invoke(app, ["check", str(path), "--lang", "en", "-j", "1"])
    assert english.exit_code == 2, english.output
    assert english.stdout.strip() == "" and english.stderr.count("xlbudget:") == 1
    assert squash(str(path)) in squash(english.stderr)
    for words in case.en:
        assert squash(words) in squash(english.stderr), english.stderr
    assert "internal error" not in english.stderr

    as_json = runner.invoke(app, ["check", str(path), "--format", "json", "--lang", "en"])
    assert as_json.exit_code == 2
    entry = json.loads(as_json.stdout)["files"][0]
    assert all(squash(words) in squash(entry["unreadable"]) for words in case.en)

    narrate = runner.invoke(app, ["narrate", str(path)])
    assert isinstance(narrate.exception, SystemExit | None), repr(narrate.exception)
    assert narrate.exit_code == 2 and narrate.stderr.count("xlbudget:") == 1
    assert all(squash(words) in squash(narrate.stderr) for words in case.zh), narrate.stderr

    out = tmp_path / "out"
    fix = runner.invoke(app, ["fix", str(path), "-o", str(out), "-j", "1"])
    assert fix.exit_code == 2 and isinstance(fix.exception, SystemExit | None)
    assert all(squash(words) in squash(fix.stderr) for words in case.zh), fix.stderr
    assert not list(out.rglob("*.xls*")), "nothing is written for an unreadable file"
    for result in (english, as_json, narrate, fix):
        assert "Traceback" not in result.output


def test_zip_bomb_limits_are_settings(cases: dict[str, Path]) -> None:
    """The declared sizes are refused before anything is inflated; XLBUDGET_MAX_MEMBER_MB and
    _UNPACKED_MB move the limit (a bomb under a raised total limit still meets the member one)."""
    run = xlbudget("check", cases["zip_bomb"], "--lang", "en",
                   env=_env(XLBUDGET_MAX_UNPACKED_MB="1000"))
    bounded(run)
    assert run.code == 2 and "unpacks to more than 64 MB" in words(run.err)
    assert "xl/worksheets/sheet1.xml" in run.err
    valid = xlbudget("check", cases["valid"], env=_env(XLBUDGET_MAX_MEMBER_MB="0"))
    assert valid.code == 2 and "上限" in valid.err


def test_row_and_sheet_limits_are_settings(cases: dict[str, Path]) -> None:
    rows = runner.invoke(app, ["check", str(cases["valid"]), "--lang", "en"],
                         env={"XLBUDGET_MAX_ROWS": "20"})
    assert rows.exit_code == 2 and "more than 20 rows" in words(rows.stderr)
    sheets = runner.invoke(app, ["check", str(cases["valid"])], env={"XLBUDGET_MAX_SHEETS": "5"})
    assert sheets.exit_code == 2 and squash("工作表多达 11 张") in squash(sheets.stderr)
    raised = runner.invoke(app, ["check", str(cases["many_sheets"]), "--format", "json"],
                           env={"XLBUDGET_MAX_SHEETS": "1000"})
    assert raised.exit_code == 2  # read: no budget table among 1,000 one-cell sheets
    assert {f["rule"] for f in json.loads(raised.stdout)["files"][0]["findings"]} == {
        "R.no_tables"}


@pytest.mark.skipif(not os.environ.get("XLBUDGET_HOSTILE_SLOW"),
                    reason="10–25 s each: set XLBUDGET_HOSTILE_SLOW=1")
@pytest.mark.parametrize("name", [
    "million_rows_no_dimension", "wide_dimension",
    pytest.param("formula_flood")])
def test_slow_cases_are_bounded(name: str, tmp_path: Path) -> None:
    path = hostile.SLOW[name](tmp_path)
    run = MEASURED[name] = xlbudget("check", path)
    bounded(run)
    assert run.code in (1, 2)


# ── readable but wrong: the finding, at its cell ─────────────────────────────────────────


def readable(runs: dict[str, Run], name: str, code: int) -> dict[str, Any]:
    run = runs[name]
    bounded(run)
    assert run.code == code, run.text[-3000:]
    assert run.err.strip() == ""
    document: dict[str, Any] = json.loads(run.out)
    assert document["files"][0]["unreadable"] is None
    return document


def test_xlsm_is_read_like_its_xlsx(runs: dict[str, Run], valid_doc: dict[str, Any]) -> None:
    assert findings(readable(runs, "macro_xlsm", 0)) == findings(valid_doc)


def test_no_tables(runs: dict[str, Run]) -> None:
    """A workbook in no supported layout: one finding naming its sheets, one line on stderr,
    exit 2."""
    run = runs["no_tables"]
    bounded(run)
    assert run.code == 2, run.text[-3000:]
    document = json.loads(run.out)
    assert findings(document) == {("R.no_tables", "error", ())}
    assert "没有找到任何预算公开表" in run.err and len(run.err.strip().splitlines()) == 1


def test_table_twice(runs: dict[str, Run], valid_doc: dict[str, Any]) -> None:
    document = readable(runs, "table_twice", 1)
    assert findings(document) - findings(valid_doc) == {
        ("R.table_twice", "error", ("表3 (2)!A1",))}


def test_error_values_dates_and_booleans_where_amounts_belong(runs: dict[str, Run],
                                                              valid_doc: dict[str, Any]) -> None:
    document = readable(runs, "bad_cells", 1)
    new = findings(document) - findings(valid_doc)
    assert new == {("R.amount", "error", (cell,)) for cell in hostile.BAD_CELLS}
    actual = {f["cells"][0]: f["actual"] for f in document["files"][0]["findings"]
              if f["rule"] == "R.amount"}
    assert actual == {"表6!E15": "#REF!", "表6!D7": "#DIV/0!", "表3!E7": "2024-03-01",
                      "表5!E7": "TRUE"}


def test_negative_amount(runs: dict[str, Run]) -> None:
    cells = rule_cells(readable(runs, "negative", 1))
    assert cells["T3.negative"] == [(hostile.NEGATIVE,)]


def test_hidden_sheet(runs: dict[str, Run], valid_doc: dict[str, Any]) -> None:
    document = readable(runs, "hidden_sheet", 0)  # info only: the table is read and checked
    assert findings(document) - findings(valid_doc) == {
        ("R.hidden", "info", (f"{hostile.HIDDEN}!A1",))}
    assert document["files"][0]["tables"] == valid_doc["files"][0]["tables"]


def test_merged_codes_read_as_their_rows(runs: dict[str, Run],
                                         valid_doc: dict[str, Any]) -> None:
    assert findings(readable(runs, "merged_codes", 0)) == findings(valid_doc)


def test_merged_amounts_leave_the_covered_cell_blank(runs: dict[str, Run]) -> None:
    cells = rule_cells(readable(runs, "merged_amounts", 1))
    sheet, span = hostile.MERGED_AMOUNTS
    covered = f"{sheet}!{span.split(':')[1]}"
    assert any(covered in c for c in cells["T6.row"]), cells


def test_text_starting_with_equals_is_a_bad_amount(runs: dict[str, Run]) -> None:
    document = readable(runs, "formula_text", 1)
    amounts = [f for f in document["files"][0]["findings"] if f["rule"] == "R.amount"]
    assert [(f["cells"], f["actual"]) for f in amounts] == [(["表6!E15"], hostile.FORMULA_TEXT)]


def test_huge_amount_is_checked(runs: dict[str, Run]) -> None:
    cells = rule_cells(readable(runs, "huge_amount", 1))
    assert any(hostile.HUGE[0] in c for found in cells.values() for c in found)


def test_huge_amount_is_narrated(cases: dict[str, Path]) -> None:
    result = runner.invoke(app, ["narrate", str(cases["huge_amount"])])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert result.exit_code in (0, 1)


# ── a folder with every case ─────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def folder_run(cases: dict[str, Path], runs: dict[str, Run]) -> tuple[Run, dict[str, Any]]:
    folder = cases["valid"].parent
    run = xlbudget("check", folder, "--format", "json", "-j", "1")
    MEASURED["folder (-j 1)"] = run
    return run, json.loads(run.out)


def test_folder_run_goes_on(cases: dict[str, Path], runs: dict[str, Run],
                            folder_run: tuple[Run, dict[str, Any]]) -> None:
    run, document = folder_run
    bounded(run)
    assert run.code == 2
    entries = {Path(f["path"]).name: f for f in document["files"]}
    collected = {p.name for p in cases.values()
                 if p.suffix in (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")}
    assert set(entries) == collected and len(document["files"]) == len(collected)
    refused = {n for n, e in entries.items() if e["unreadable"]}
    expected = {cases[n].name for n in hostile.UNREADABLE if cases[n].name in collected}
    assert refused == expected
    # each bad file — unreadable, or holding no budget table — said once on stderr, nothing else
    unsupported = {n for n, e in entries.items()
                   if any(f["rule"] == "R.no_tables" for f in e["findings"])}
    assert run.err.count("xlbudget:") == len(refused) + len(unsupported)
    for name in refused:
        assert squash(run.err).count(squash(str(cases["valid"].parent / name)) + ":") == 1
    # every readable file checked as on its own
    for name, single in runs.items():
        if name not in hostile.UNREADABLE:
            alone = json.loads(single.out)["files"][0]
            assert entries[cases[name].name]["counts"] == alone["counts"], name
    assert document["summary"]["unreadable"] == len(refused)


def test_folder_run_mentions_xls_and_ods(cases: dict[str, Path],
                                         folder_run: tuple[Run, dict[str, Any]]) -> None:
    _, document = folder_run
    named = {Path(f["path"]).name for f in document["files"]}
    assert {cases["legacy_xls"].name, cases["ods"].name} <= named


def test_parallel_folder_run_goes_on(cases: dict[str, Path],
                                     folder_run: tuple[Run, dict[str, Any]]) -> None:
    run = xlbudget("check", cases["valid"].parent, "--format", "json", "-j", "2")
    MEASURED["folder (-j 2)"] = run
    assert "Traceback" not in run.text, run.err[-1500:]
    assert run.code == 2
    assert json.loads(run.out)["files"] == folder_run[1]["files"]  # same reports, same order


# ── outputs: macros dropped, "=" text stays text, outputs never onto inputs ──────────────


def _members(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as book:
        return set(book.namelist())


def test_xlsm_outputs_carry_no_macros(cases: dict[str, Path], hashes: dict[str, str],
                                      tmp_path: Path) -> None:
    source = cases["macro_xlsm"]
    fix = runner.invoke(app, ["fix", str(source), "-o", str(tmp_path / "out"), "-j", "1"])
    assert fix.exit_code == 0, fix.output
    written = sorted((tmp_path / "out").iterdir())
    assert [p.name for p in written] == ["macro.xlsx"]
    annotated = tmp_path / "annotated.xlsx"
    check = runner.invoke(app, ["check", str(source), "--annotate", str(annotated)])
    assert check.exit_code == 0, check.output
    for output in (written[0], annotated):
        assert not any("vba" in m.lower() for m in _members(output)), output
        with zipfile.ZipFile(output) as book:
            assert b"macroEnabled" not in book.read("[Content_Types].xml")
    again = runner.invoke(app, ["check", str(written[0]), "--format", "json"])
    assert again.exit_code == 0
    assert sha(source) == hashes["macro_xlsm"]


def _text_cells(path: Path) -> list[tuple[str, str, str]]:
    """(sheet!cell, data_type, value) of every cell holding the hostile text, in any form."""
    book = openpyxl.load_workbook(path)  # formulas as formulas: data_type "f" if one was written
    return [(f"{sheet.title}!{cell.coordinate}", cell.data_type, cell.value)
            for sheet in book for row in sheet.iter_rows() for cell in row
            if isinstance(cell.value, str) and "HYPERLINK" in cell.value]


def _no_formula_xml(path: Path) -> None:
    with zipfile.ZipFile(path) as book:
        for member in book.namelist():
            if member.startswith("xl/worksheets/"):
                assert b"HYPERLINK" not in b"".join(
                    re.findall(rb"<f[^>]*>[^<]*</f>", book.read(member))), member


def test_text_starting_with_equals_stays_text(cases: dict[str, Path], hashes: dict[str, str],
                                              tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    source = cases["formula_text"]
    monkeypatch.chdir(source.parent)  # relative path "=1+1.xlsx": the CSV's path cell
    out = tmp_path / "out"
    fix = runner.invoke(app, ["fix", source.name, "-o", str(out), "-j", "1",
                              "--summary", str(tmp_path / "fix.csv")])
    assert fix.exit_code in (0, 1), fix.output
    fixed = out / source.name
    annotated = tmp_path / "annotated.xlsx"
    check = runner.invoke(app, ["check", source.name, "--annotate", str(annotated),
                                "--summary", str(tmp_path / "check.csv")])
    assert check.exit_code == 1, check.output

    for output, at_least in ((fixed, {"备注!A1"}), (annotated, {"表6!E15", "备注!A1"})):
        cells = _text_cells(output)
        assert at_least <= {where for where, _, _ in cells}, cells
        assert {(kind, value) for _, kind, value in cells if value == hostile.FORMULA_TEXT} == {
            ("s", hostile.FORMULA_TEXT)}, cells
        assert all(kind == "s" for _, kind, _ in cells), cells
        _no_formula_xml(output)
    # fix keeps the unreadable amount's text, with its cell, on a sheet of its own
    assert any(value == hostile.FORMULA_TEXT and not where.startswith("备注!")
               for where, _, value in _text_cells(fixed))
    for summary in ("fix.csv", "check.csv"):
        rows = list(csv.reader(io.StringIO((tmp_path / summary).read_text("utf-8-sig"))))
        assert rows[1][0] == "'" + source.name, rows
        assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert sha(source) == hashes["formula_text"]


def test_fix_refuses_the_input_folder(tmp_path: Path) -> None:
    folder = tmp_path / "units"
    folder.mkdir()
    shutil.copy(hostile.PUBLISHED, folder / "a.xlsx")
    before = {p: sha(p) for p in folder.iterdir()}
    for target in (folder, Path(f"{folder}/"), folder / ".." / "units"):
        result = runner.invoke(app, ["fix", str(folder), "-o", str(target)])
        assert result.exit_code == 2 and "input" in result.stderr, result.output
        assert "Traceback" not in result.output
    assert {p: sha(p) for p in folder.iterdir()} == before


def test_fix_refuses_the_input_folder_of_an_xlsm(cases: dict[str, Path],
                                                 tmp_path: Path) -> None:
    folder = tmp_path / "units"
    folder.mkdir()
    shutil.copy(cases["macro_xlsm"], folder / "a.xlsm")
    result = runner.invoke(app, ["fix", str(folder), "-o", str(folder)])
    assert sorted(p.name for p in folder.iterdir()) == ["a.xlsm"]
    assert result.exit_code == 2


def test_fix_refuses_a_path_that_escapes_the_output_folder(tmp_path: Path) -> None:
    inputs, out, elsewhere = tmp_path / "in", tmp_path / "out", tmp_path / "elsewhere"
    (inputs / "sub").mkdir(parents=True)
    out.mkdir()
    elsewhere.mkdir()
    shutil.copy(hostile.PUBLISHED, inputs / "sub" / "b.xlsx")
    (out / "sub").symlink_to(elsewhere, target_is_directory=True)
    result = runner.invoke(app, ["fix", str(inputs), "-o", str(out)])
    assert result.exit_code == 2 and "之外" in result.stderr, result.output
    assert "Traceback" not in result.output
    assert list(elsewhere.iterdir()) == []


def test_no_input_was_modified(cases: dict[str, Path], hashes: dict[str, str],
                               runs: dict[str, Run]) -> None:
    assert {name: sha(path) for name, path in cases.items()} == hashes
    assert sorted(p.name for p in cases["valid"].parent.iterdir()) == sorted(
        p.name for p in cases.values())  # and nothing written beside them


# ── fuzz: valid samples, mutated ─────────────────────────────────────────────────────────

FUZZ_SECONDS = 30
BASES = {path: path.read_bytes() for path in hostile.VALID}


@pytest.fixture
def alarm() -> Iterator[None]:
    """Each example bounded in time, in-process: SIGALRM raises inside the command."""
    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"one fuzz example ran over {FUZZ_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, expire)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


def check_in_process(path: Path) -> None:
    """``xlbudget check`` in-process, bounded: no traceback, an exit code of the contract, the
    JSON consistent with it, the input untouched."""
    before = sha(path)
    signal.setitimer(signal.ITIMER_REAL, FUZZ_SECONDS)
    start = time.monotonic()
    try:
        result = runner.invoke(app, ["check", str(path), "--format", "json", "-j", "1"])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    assert time.monotonic() - start < FUZZ_SECONDS
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception))
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.output
    document = json.loads(result.stdout)
    unreadable = document["files"][0]["unreadable"]
    assert (result.exit_code == 2) == (unreadable is not None)
    if unreadable:
        assert result.stderr.count("xlbudget:") == 1
    assert sha(path) == before
    event(f"exit {result.exit_code}")
    assert not unreadable or "内部错误" not in unreadable, unreadable


FRACTION = st.floats(min_value=0, max_value=1, exclude_max=True)
BYTE_MUTATIONS = st.one_of(
    st.tuples(st.just("flip"), st.lists(st.tuples(FRACTION, st.integers(1, 255)),
                                        min_size=1, max_size=8)),
    st.tuples(st.just("truncate"), FRACTION),
    st.tuples(st.just("insert"), st.tuples(FRACTION, st.binary(min_size=1, max_size=64))),
)


def mutate_bytes(data: bytes, mutation: tuple[str, Any]) -> bytes:
    kind, how = mutation
    buffer = bytearray(data)
    if kind == "flip":
        for where, mask in how:
            buffer[int(where * len(buffer))] ^= mask
    elif kind == "truncate":
        del buffer[int(how * len(buffer)):]
    else:
        where, extra = how
        buffer[int(where * len(buffer)):int(where * len(buffer))] = extra
    return bytes(buffer)


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(base=st.sampled_from(sorted(BASES)), mutation=BYTE_MUTATIONS)
def test_fuzz_bytes(base: Path, mutation: tuple[str, Any], alarm: None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutated.xlsx"
        path.write_bytes(mutate_bytes(BASES[base], mutation))
        check_in_process(path)


CELL_VALUES = st.one_of(
    st.builds(lambda lead, rest: lead + rest, st.sampled_from("=+-@"),
              st.sampled_from(["1+1", "SUM(A1:A9)", "cmd|' /C calc'!A0", "", "100",
                               "HYPERLINK(1)"])),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([-0.01, -100, 1e15, 1e308, -1e308, 5e-324, float("nan"), float("inf")]),
    st.sampled_from(["NaN", "inf", "-Infinity", "1e999", "#N/A", "#REF!", "(5.00)", "1,234.5",
                     "－３", "—", "١٢٣", "12 34"]),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)),
    st.booleans(),
    st.builds(lambda char, count: char * count, st.sampled_from("长9a"),
              st.integers(1000, 40000)),
    st.sampled_from(["\t1\t", "\r\n5", "_x0000_", "_x0001_12", "\u200b3", "\ufeff7", "1\x7f",
                     "表3", "合计", "编制单位：=1+1", "单位：元", "201", "2010301"]),
    st.none(),
)
CELL_EDITS = st.lists(st.tuples(st.integers(0, 17), st.integers(1, 40), st.integers(1, 12),
                                CELL_VALUES), min_size=1, max_size=6)


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(base=st.sampled_from(sorted(BASES)), edits=CELL_EDITS)
def test_fuzz_cells(base: Path, edits: list[tuple[int, int, int, object]], alarm: None) -> None:
    book = openpyxl.load_workbook(io.BytesIO(BASES[base]))
    for index, row, col, value in edits:
        cell = book.worksheets[index % len(book.worksheets)].cell(row, col)
        if isinstance(cell, MergedCell):
            continue  # a covered cell of a merged range holds no value
        cell.value = value
        if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
            cell.data_type = "s"  # text, as a user typed it after a '
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutated.xlsx"
        book.save(path)
        check_in_process(path)


# ── the measurements ─────────────────────────────────────────────────────────────────────


def test_measurements_table(runs: dict[str, Run]) -> None:
    """Prints (and with XLBUDGET_HOSTILE_REPORT writes) wall time and peak RSS per case."""
    lines = ["| case | file | exit | wall s | peak RSS MB |", "|---|---|---|---|---|"]
    for name, run in MEASURED.items():
        target = Path(run.args[1]).name if len(run.args) > 1 else ""
        lines.append(f"| {name} | {target} | {run.code} | {run.seconds:.2f} | "
                     f"{run.peak_mb:.0f} |")
    table = "\n".join(lines)
    print("\n" + table)
    if report := os.environ.get("XLBUDGET_HOSTILE_REPORT"):
        Path(report).write_text(table + "\n", encoding="utf-8")
    assert all(run.seconds < TIMEOUT and run.peak_mb < RSS_MB for run in runs.values())
