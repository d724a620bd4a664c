"""The text of a PDF table's cells as the spreadsheet drew it, not character by character.

pdfplumber gives each character to the cell its middle lies in. A spreadsheet's print is made
of runs of text, one per cell, and a run may lie over its neighbours: a name running on over an
empty cell or over the page edge, a label cut at its cell's edge, a header wrapped onto more
lines than its row is high. Here each run, and each wrapped header's lines, goes whole to the
cell it was written in (:func:`cell_texts`), and the cells whose text the print cut are said.
"""

from __future__ import annotations

from typing import Any

RUN_GAP = 1.0  # points: characters closer than this were drawn as one run of text
PAD = 3.0  # points: text this near a cell's edge is aligned to it
CLIP = 0.5  # points: text that ends this near a cell's right edge (or past it) was cut there


def _inside(char: Any, box: Any) -> bool:
    """pdfplumber's test: the character's middle lies in the box."""
    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return bool(box[0] <= x < box[2] and box[1] <= y < box[3])


def _over(char: Any, box: Any) -> bool:
    """Is the character's middle within the box across, and does it reach into it down (by
    more than a rule's width: a note printed right under the table does not)?"""
    x = (char["x0"] + char["x1"]) / 2
    return bool(box[0] <= x < box[2] + 1 and char["bottom"] > box[1] + 1
                and char["top"] < box[3] - 1)


def _box(char: Any, boxes: list[Any]) -> int:
    """The cell holding the character's middle; else, for a header wrapped onto more lines
    than its row is high (the lines overrun the row above and below, centred), the cell
    under it that it reaches furthest into. -1 if none."""
    inside = next((i for i, b in enumerate(boxes) if _inside(char, b)), -1)
    if inside >= 0:
        return inside
    reach = [(min(char["bottom"], b[3]) - max(char["top"], b[1]), i)
             for i, b in enumerate(boxes) if _over(char, b)]
    return max(reach)[1] if reach else -1


def _runs(chars: list[Any]) -> list[list[int]]:
    """Runs of characters drawn one after the other on one baseline, each touching the one
    before: one cell's text as the spreadsheet drew it (the index of each in ``chars``). Runs
    that meet end to start are one (LibreOffice draws a space between scripts on its own:
    ``全市公务用车`` ``␣`` ``OBD…``); text drawn over other text (a name run on over an
    amount) stays apart, for its characters do not touch."""
    runs: list[list[int]] = []
    for i, char in enumerate(chars):
        before = chars[i - 1] if i else None
        if before is None or not _touch(before, char):
            runs.append([])
        runs[-1].append(i)
    by_line: dict[int, list[int]] = {}  # runs by the height they start at
    for k, run in enumerate(runs):
        by_line.setdefault(round(chars[run[0]]["top"]), []).append(k)
    after: dict[int, int] = {}  # a run → the run that starts where it ends
    taken: set[int] = set()  # the runs that continue one
    for k, run in enumerate(runs):
        top = round(chars[run[-1]]["top"])
        near = [j for t in (top - 1, top, top + 1) for j in by_line.get(t, [])]
        follow = next((j for j in near if j != k and j not in taken
                       and _touch(chars[run[-1]], chars[runs[j][0]])), None)
        if follow is not None:
            after[k] = follow
            taken.add(follow)
    out: list[list[int]] = []
    used: set[int] = set()
    for k in [k for k in range(len(runs)) if k not in taken] + list(range(len(runs))):
        chain = []
        while k not in used:  # each run once, whatever the geometry
            used.add(k)
            chain += runs[k]
            k = after.get(k, k)
        if chain:
            out.append(chain)
    return out


def _paragraphs(runs: list[list[int]], chars: list[Any], boxes: list[Any]) -> list[list[int]]:
    """A header wrapped onto more lines than its cell is high, as the lines it was drawn in
    (one after the other, each under the one before and overlapping it across), when one of
    them lies outside every cell or over a cell's top or bottom edge: its lines overrun the
    rows above and below, centred on its own (``上级国有资本经营`` / ``预算安排的转移支`` /
    ``付``). Lines that each lie in a cell (labels of rows one under the other) are not."""
    def spills(run: list[int]) -> bool:
        top = min(chars[i]["top"] for i in run)
        bottom = max(chars[i]["bottom"] for i in run)
        x = (chars[run[0]]["x0"] + chars[run[0]]["x1"]) / 2
        return not any(b[0] <= x < b[2] and b[1] - 1 <= top and bottom <= b[3] + 1
                       for b in boxes)

    def under(a: list[int], b: list[int]) -> bool:
        height = chars[a[0]]["bottom"] - chars[a[0]]["top"]
        step = chars[b[0]]["top"] - chars[a[0]]["top"]
        across = (min(chars[i]["x1"] for i in b) <= max(chars[i]["x1"] for i in a)
                  and max(chars[i]["x0"] for i in b) >= min(chars[i]["x0"] for i in a))
        return 0.5 * height < step < 1.6 * height and across and min(b) == max(a) + 1

    ordered = sorted(runs, key=min)
    groups: list[list[list[int]]] = []
    for run in ordered:
        if groups and under(groups[-1][-1], run):
            groups[-1].append(run)
        else:
            groups.append([run])
    return [[i for run in group for i in run] for group in groups
            if len(group) > 1 and any(spills(run) for run in group)]


def _touch(left: Any, right: Any) -> bool:
    return bool(abs(right["top"] - left["top"]) <= 1 and abs(right["x0"] - left["x1"]) <= RUN_GAP)


def _home(run: list[Any], boxes: list[Any]) -> int:
    """The cell a run that crosses cell edges was written in: the one its first character
    starts at the left edge of (left-aligned text running on), else the one its last ends
    at the right edge of, else the one holding its middle (centred text clipped both sides)."""
    start, end = run[0]["x0"], run[-1]["x1"]
    middle = (start + end) / 2
    top = (run[0]["top"] + run[0]["bottom"]) / 2
    here = [i for i, b in enumerate(boxes) if b[1] <= top < b[3]]
    for found in ([i for i in here if 0 <= start - boxes[i][0] <= PAD],
                  [i for i in here if 0 <= boxes[i][2] - end <= PAD],
                  [i for i in here if boxes[i][0] <= middle < boxes[i][2]]):
        if found:
            return found[0]
    return -1


def cell_texts(table: Any, rows: list[Any]) -> tuple[list[list[str | None]], set[tuple[int, int]]]:
    """The text of each cell, as ``Table.extract`` gives it, except that a run of text that
    a narrow column let spill (or clipped) into its neighbours stays whole in its own cell:
    LibreOffice and Excel print clipped text in the text layer all the same, where pdfplumber
    would give each character to the cell it lies over (``服务支8出68.26``). With it, the
    cells (row, place in row) whose text reaches the cell's right edge: the print cut it
    there (LibreOffice drops the characters wholly past the edge, keeps the one it cuts)."""
    from pdfplumber.utils.text import extract_text

    boxes = [c for r in rows for c in r.cells if c is not None]
    x0, top, x1, bottom = table.bbox
    chars = [c for c in table.page.chars if _over(c, (c["x0"], top, c["x1"], bottom))]
    where = [_box(c, boxes) for c in chars]
    runs = _runs(chars)
    for run in _paragraphs(runs, chars, boxes):
        middle = {"x0": min(chars[i]["x0"] for i in run), "x1": max(chars[i]["x1"] for i in run),
                  "top": min(chars[i]["top"] for i in run),
                  "bottom": max(chars[i]["bottom"] for i in run)}
        home = next((k for k, b in enumerate(boxes) if _inside(middle, b)), -1)
        if home >= 0:
            for i in run:
                where[i] = home
    for run in runs:
        start = min(chars[i]["x0"] for i in run)
        if not x0 - 1 <= start < x1:
            home = -1  # text from beside the table: the rest of a cell's text that the page
            # before, to the left, printed (a name run on over the page edge), or none of it
        elif len({where[i] for i in run}) > 1:
            home = _home([chars[i] for i in run], boxes)
        else:
            continue
        for i in run:
            where[i] = home
    texts: dict[int, list[Any]] = {}
    for char, i in zip(chars, where, strict=True):
        texts.setdefault(i, []).append(char)
    out: list[list[str | None]] = []
    clipped: set[tuple[int, int]] = set()
    k = 0
    for r, row in enumerate(rows):
        line: list[str | None] = []
        for j, cell in enumerate(row.cells):
            if cell is None:
                line.append(None)
                continue
            line.append(extract_text(texts[k]) if k in texts else "")
            if k in texts and max(c["x1"] for c in texts[k]) > cell[2] - CLIP:
                clipped.add((r, j))
            k += 1
        out.append(line)
    return out, clipped
