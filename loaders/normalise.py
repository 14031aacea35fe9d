"""Normalise extracted text: strip indentation, join lines that PDF extraction broke inside Chinese
sentences, drop spaces it inserted, unify document-number brackets. Keeps a map back to raw offsets."""

import re
import statistics
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

_STRIP = " \t\u3000\u00a0\u200b\ufeff\r\f\v"
_TERMINAL = "。！？；：!?;:"
_NUMBER_BRACKETS = re.compile(
    r"(?<=[\u4e00-\u9fff])\s*[\[［(（〔【]\s*((?:19|20)\d\d)\s*[\]］)）〕】]\s*(?=\d{1,4}\s*号)"
)
_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、是]|[（(][一二三四五六七八九十百\d]+[）)]|\d{1,3}[.．、]"
    r"|[①-⑳]|第[一二三四五六七八九十百\d]+[条章节])"
)


def is_cjk(ch: str) -> bool:
    """True for Chinese characters and full-width/CJK punctuation."""
    if not ch:
        return False
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x3000 <= code <= 0x303F
        or 0xFF00 <= code <= 0xFFEF
        or 0x2010 <= code <= 0x2027
        or 0x2460 <= code <= 0x24FF
        or 0xF900 <= code <= 0xFAFF
    )


def display_width(line: str) -> int:
    """Width of a line in half-width columns (CJK characters count two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


@dataclass(frozen=True)
class Normalised:
    """Normalised text with a piecewise map of its offsets back to the raw text."""

    text: str
    raw: str
    segments: tuple[tuple[int, int], ...]  # (normalised start, raw start) of each copied run

    def raw_offset(self, index: int) -> int:
        """Raw-text offset of the code point at ``index`` of the normalised text."""
        if not self.segments:
            return 0
        starts = [s for s, _ in self.segments]
        k = max(0, bisect_right(starts, index) - 1)
        norm_start, raw_start = self.segments[k]
        return raw_start + (index - norm_start)

    def raw_line(self, index: int) -> int:
        """1-based line number in the raw text of the code point at ``index``."""
        return self.raw.count("\n", 0, self.raw_offset(index)) + 1


class _Builder:
    """Accumulates output text and the offset segments that map it back to raw text."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.segments: list[tuple[int, int]] = []
        self.length = 0
        self._next_raw = -1

    def add(self, text: str, raw_start: int) -> None:
        """Append text whose code points map to consecutive raw offsets from ``raw_start``."""
        if not text:
            return
        if raw_start != self._next_raw:
            self.segments.append((self.length, raw_start))
        self.parts.append(text)
        self.length += len(text)
        self._next_raw = raw_start + len(text)

    def insert(self, text: str, raw_pos: int) -> None:
        """Append text that has no raw counterpart of its own, mapped to ``raw_pos``."""
        self.segments.append((self.length, raw_pos))
        self.parts.append(text)
        self.length += len(text)
        self._next_raw = -1

    def copy_normalised(self, source: Normalised, start: int, end: int) -> None:
        """Append source.text[start:end] keeping its map to raw offsets."""
        bounds = [s for s, _ in source.segments] + [len(source.text)]
        for k, (seg_start, raw_start) in enumerate(source.segments):
            seg_end = bounds[k + 1]
            a, b = max(start, seg_start), min(end, seg_end)
            if a < b:
                self.add(source.text[a:b], raw_start + (a - seg_start))

    def build(self, raw: str) -> Normalised:
        """Finish into a Normalised value."""
        return Normalised("".join(self.parts), raw, tuple(self.segments))


def _lines(raw: str) -> list[tuple[int, int]]:
    """(start, end) raw offsets of each line's content, stripped of indentation and trailing space."""
    out = []
    pos = 0
    for line in raw.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        while start < end and raw[start] in _STRIP:
            start += 1
        while end > start and raw[end - 1] in _STRIP:
            end -= 1
        out.append((start, end))
    return out


def _wrap_width(raw: str, lines: list[tuple[int, int]]) -> int | None:
    """Typical width of hard-wrapped lines; None when the text has one paragraph a line."""
    widths = [display_width(raw[s:e]) for s, e in lines if e > s]
    if len(widths) < 8:
        return None
    widths.sort()
    p90 = widths[int(len(widths) * 0.9)]
    median = statistics.median(widths)
    if p90 > 110 or median < 30:
        return None
    near = sum(1 for w in widths if w >= 0.85 * p90)
    return p90 if near >= 0.4 * len(widths) else None


def _soft_break(raw: str, prev: tuple[int, int], nxt: tuple[int, int], width: int | None) -> bool:
    """True when the break between two lines was made by wrapping, not by the author."""
    if width is None:
        return False
    line = raw[prev[0]:prev[1]]
    following = raw[nxt[0]:nxt[1]]
    if display_width(line) < 0.8 * width:
        return False
    last = line[-1]
    if not (is_cjk(last) or last.isalnum() or last in ",，、"):
        return False
    return not (last in _TERMINAL and _MARKER.match(following))


def _copy_line(out: _Builder, raw: str, start: int, end: int) -> None:
    """Copy one line, dropping single spaces next to CJK characters (inserted by PDF extraction)."""
    i = start
    run_start = start
    while i < end:
        if raw[i] in " \u00a0\t":
            j = i
            while j < end and raw[j] in " \u00a0\t":
                j += 1
            before, after = raw[i - 1] if i > start else "", raw[j] if j < end else ""
            single = j - i == 1
            if single and (is_cjk(before) or is_cjk(after)):
                out.add(raw[run_start:i], run_start)
                run_start = j
            i = j
        else:
            i += 1
    out.add(raw[run_start:end], run_start)


def normalise(raw: str) -> Normalised:
    """Normalise raw extracted text (see module docstring); the words themselves are never rewritten."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if raw.startswith("\ufeff"):
        raw = " " + raw[1:]
    lines = [span for span in _lines(raw)]
    width = _wrap_width(raw, lines)
    out = _Builder()
    previous: tuple[int, int] | None = None
    for start, end in lines:
        if end <= start:
            continue
        if previous is not None:
            if _soft_break(raw, previous, (start, end), width):
                last, first = raw[previous[1] - 1], raw[start]
                if not (is_cjk(last) or is_cjk(first)) and last.isalnum() and first.isalnum():
                    out.insert(" ", previous[1])
            else:
                out.insert("\n", previous[1])
        _copy_line(out, raw, start, end)
        previous = (start, end)
    return _rewrite(out.build(raw), _NUMBER_BRACKETS, _unify_brackets)


def _rewrite(
    source: Normalised, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]
) -> Normalised:
    """Replace every match of ``pattern`` in the normalised text, keeping the map to raw offsets."""
    out = _Builder()
    pos = 0
    for match in pattern.finditer(source.text):
        out.copy_normalised(source, pos, match.start())
        out.insert(repl(match), source.raw_offset(match.start()))
        pos = match.end()
    out.copy_normalised(source, pos, len(source.text))
    return out.build(source.raw)


def _unify_brackets(match: re.Match[str]) -> str:
    """The year of a document number in 〔〕 brackets, without spaces."""
    return "〔" + match.group(1) + "〕"
