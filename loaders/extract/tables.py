"""Division-of-labour tables copied as text: a header line such as 序号<TAB>重点任务<TAB>牵头单位<TAB>配合单位 and
one line per task with tab-separated cells (or cells set apart by bars |, or by runs of spaces; or, when the header
itself is split so, by single spaces — then rows must be numbered, and a row with more cells than the header has its
extra cells joined into the last). Each row is a measure; its units are the lead cell's, then the support
cell's."""

import re
from dataclasses import dataclass

from policykg.loaders.extract.text import paragraphs
from policykg.loaders.facts import Span
from policykg.loaders.patterns import words

_CELL_SPLIT = re.compile(r"\t+| {2,}|\u3000{2,}")
_PIPE_SPLIT = re.compile(r"[ \u3000]*[|｜][ \u3000]*")  # 序号|任务|牵头单位|配合单位 (cells set apart by bars)
_LOOSE_SPLIT = re.compile(r"[\t \u3000]+")
_TASK_HEADER = re.compile(r"任务|工作|事项|措施|内容")
_NUMBER = re.compile(r"\d{1,3}")


@dataclass(frozen=True)
class TableRow:
    """One task row: its number, the task cell, and the cells naming lead and support units (may be empty)."""

    number: str
    task: Span
    lead: Span | None
    support: Span | None


def _cells(text: str, para: Span, split: re.Pattern[str] = _CELL_SPLIT, width: int = 0) -> list[Span]:
    """The cells of a line split at tabs (or runs of spaces), as spans; beyond ``width`` cells the rest is one."""
    while para.start < para.end and text[para.start] in " \u3000\t":
        para = Span(para.start + 1, para.end)
    cells, start = [], para.start
    for m in split.finditer(text, para.start, para.end):
        cells.append(Span(start, m.start()))
        start = m.end()
    cells.append(Span(start, para.end))
    if width and len(cells) > width:
        cells = [*cells[:width - 1], Span(cells[width - 1].start, cells[-1].end)]
    return cells


def _without_edge_bars(text: str, para: Span) -> Span:
    """A table line without the bars (and blanks) that open and close it (| 1 | 任务 | 单位 |)."""
    start, end = para.start, para.end
    while start < end and text[start] in " \u3000|｜":
        start += 1
    while end > start and text[end - 1] in " \u3000|｜":
        end -= 1
    return Span(start, end)


def _columns(text: str, header: list[Span]) -> dict[str, int] | None:
    """Which column holds the number, the task, the lead and the support units; None if not such a table."""
    names = [c.of(text).strip() for c in header]
    lead = next((i for i, n in enumerate(names) if any(w in n for w in words("responsibility", "lead"))), None)
    support = next((i for i, n in enumerate(names) if any(w in n for w in words("responsibility", "support"))), None)
    listed = next((i for i, n in enumerate(names) if any(w in n for w in words("responsibility", "list"))), None)
    task = next((i for i, n in enumerate(names) if _TASK_HEADER.search(n) and i not in (lead, support, listed)),
                None)
    lead = lead if lead is not None else listed
    if task is None or lead is None:
        return None
    number = 0 if task != 0 and names[0] in ("序号", "编号", "序", "") else None
    return {"number": number, "task": task, "lead": lead, "support": support if support is not None else -1}


def task_rows(text: str) -> list[TableRow]:
    """The rows of every division-of-labour table in the text."""
    rows: list[TableRow] = []
    columns: dict[str, int] | None = None
    loose = 0  # the header's number of cells, in a table whose cells are set apart by single spaces
    for para in paragraphs(text):
        line = para.of(text).strip()
        if "|" in line or "｜" in line:
            cells = _cells(text, _without_edge_bars(text, para), _PIPE_SPLIT)
        elif "\t" in line or "  " in line or "\u3000\u3000" in line:
            cells = _cells(text, para)
        elif loose or (len(line) <= 60 and _LOOSE_SPLIT.search(line)):
            cells = _cells(text, para, _LOOSE_SPLIT, loose)
        else:
            columns, loose = None, 0
            continue
        header = _columns(text, cells)
        if header is not None and (len(cells) >= 3 or not loose):
            columns, loose = header, (len(cells) if _LOOSE_SPLIT.search(line) and not _CELL_SPLIT.search(line)
                                      else 0)
            if loose and header["number"] is None:
                columns, loose = None, 0
            continue
        if columns is None or len(cells) <= columns["task"]:
            continue
        number = cells[columns["number"]].of(text).strip() if columns["number"] is not None else str(len(rows) + 1)
        if columns["number"] is not None and not _NUMBER.fullmatch(number):
            continue
        lead = cells[columns["lead"]] if columns["lead"] < len(cells) else None
        support = cells[columns["support"]] if 0 <= columns["support"] < len(cells) else None
        rows.append(TableRow(number, cells[columns["task"]], lead, support))
    return rows
