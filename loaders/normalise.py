"""Normalise extracted text: strip indentation, join lines that PDF extraction broke inside Chinese
sentences, drop spaces it inserted, unify document-number brackets. Keeps a map back to raw offsets."""

import re
import statistics
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

_STRIP = " \t\u3000\u00a0\u200b\ufeff\r\f\v"
_TERMINAL = "。！？；：!?;:"
_SENTENCE_END = "。！？!?"
_PUNCTUATION = re.compile(r"[，。、；：！？,;:!?（）()《》“”]")
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
    pages: tuple[int, ...] = ()  # raw offset where each page starts (empty for formats without pages)

    @cached_property
    def _starts(self) -> list[int]:
        """Normalised start of each segment (for bisection)."""
        return [s for s, _ in self.segments]

    def raw_offset(self, index: int) -> int:
        """Raw-text offset of the code point at ``index`` of the normalised text."""
        if not self.segments:
            return 0
        k = max(0, bisect_right(self._starts, index) - 1)
        norm_start, raw_start = self.segments[k]
        return raw_start + (index - norm_start)

    def raw_line(self, index: int) -> int:
        """1-based line number in the raw text of the code point at ``index``."""
        return self.raw.count("\n", 0, self.raw_offset(index)) + 1

    def page(self, index: int) -> int | None:
        """1-based page of the code point at ``index`` of the normalised text; None without page starts."""
        if not self.pages:
            return None
        return bisect_right(self.pages, self.raw_offset(index)) or None


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
        starts = source._starts
        k = max(0, bisect_right(starts, start) - 1)
        while k < len(starts) and starts[k] < end:
            seg_start, raw_start = source.segments[k]
            seg_end = starts[k + 1] if k + 1 < len(starts) else len(source.text)
            a, b = max(start, seg_start), min(end, seg_end)
            if a < b:
                self.add(source.text[a:b], raw_start + (a - seg_start))
            k += 1

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
    if last in _SENTENCE_END and _standalone(following, width):
        return False
    return not (last in _TERMINAL + "）)" and _MARKER.match(following))


def _standalone(line: str, width: int) -> bool:
    """True for a short line without punctuation (a signature, a date): a line of its own after a full sentence,
    never the wrapped end of one."""
    return display_width(line) < 0.8 * width and not _PUNCTUATION.search(line)


def _copy_line(out: _Builder, raw: str, start: int, end: int) -> None:
    """Copy one line, dropping single spaces next to CJK characters (inserted by PDF extraction); tabs are kept
    (they separate the cells of tables copied as text)."""
    i = start
    run_start = start
    while i < end:
        if raw[i] in " \u00a0":
            j = i
            while j < end and raw[j] in " \u00a0":
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


def normalise(raw: str, pages: tuple[int, ...] = ()) -> Normalised:
    """Normalise raw extracted text (see module docstring); the words themselves are never rewritten.
    ``pages`` are the raw offsets where pages start (PDF): page headers, footers and numbers are dropped."""
    pages = _page_starts(raw, pages)
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if raw.startswith("\ufeff"):
        raw = " " + raw[1:]
    lines = _without_page_furniture(raw, [span for span in _lines(raw)], pages)
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
    return _with_pages(_rewrite(_unify_forms(out.build(raw)), _NUMBER_BRACKETS, _unify_brackets), pages)


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


# --- pages: page headers, footers and page numbers left by PDF extraction; the page of an offset -----------

_DASHES = r"[-－—–―~～_·•]{1,3}"
_N = r"[0-9０-９]{1,4}"
_PAGE_NUMBER = re.compile(
    rf"{_DASHES}\s*{_N}\s*{_DASHES}"  # — 3 —, - 3 -, －3－
    rf"|第\s*{_N}\s*页(?:\s*[,，/／]?\s*共\s*{_N}\s*页)?"  # 第 3 页, 第3页 共12页
    rf"|共\s*{_N}\s*页\s*[,，/／]?\s*第\s*{_N}\s*页"  # 共12页 第3页
    rf"|{_N}\s*[/／]\s*{_N}"  # 3/12
    rf"|page\s*{_N}(?:\s*of\s*{_N})?",  # Page 3 of 12
    re.IGNORECASE,
)
_EDGE_LINES = 3  # at most this many lines at the top and at the bottom of a page can be furniture
_FURNITURE_MAX = 40  # a repeated header or footer line is at most this long
_NOT_FURNITURE_END = "。；;：:，,、）)！？!?"


def _page_starts(raw: str, pages: tuple[int, ...]) -> tuple[int, ...]:
    """Page starts moved to the text with CR LF line ends made LF (as ``normalise`` does)."""
    if "\r\n" not in raw:
        return pages
    return tuple(start - raw.count("\r\n", 0, start) for start in pages)


def _without_page_furniture(raw: str, lines: list[tuple[int, int]], pages: tuple[int, ...]) -> list[tuple[int, int]]:
    """Lines with page-number lines and repeated headers/footers at the top or bottom of a page made empty."""
    if not pages:
        return lines
    by_page: list[list[int]] = [[] for _ in pages]
    for k, (start, end) in enumerate(lines):
        if end > start:
            by_page[max(0, bisect_right(pages, start) - 1)].append(k)
    tops = [[k for k in ks[:_EDGE_LINES]] for ks in by_page]
    bottoms = [[k for k in reversed(ks[-_EDGE_LINES:])] for ks in by_page]
    repeated = _repeated(raw, lines, tops) | _repeated(raw, lines, bottoms)
    out = list(lines)
    for number, edges in enumerate((*tops, *bottoms)):
        page = number % len(pages) + 1
        for k in edges:
            line = raw[lines[k][0]:lines[k][1]]
            if not (_is_page_number(line, page) or _furniture_key(line) in repeated):
                break
            out[k] = (lines[k][0], lines[k][0])
    return out


def _is_page_number(line: str, page: int) -> bool:
    """True for a page-number line (— 3 —, 第 3 页, 3/12), or a bare number equal to the page's ordinal."""
    line = line.strip()
    if line.isdigit():
        return int(line) == page
    return bool(_PAGE_NUMBER.fullmatch(line))


def _repeated(raw: str, lines: list[tuple[int, int]], edges: list[list[int]]) -> set[str]:
    """Keys of the lines that stand at the same edge (top or bottom) of most pages."""
    if len(edges) < 2:
        return set()
    counts: dict[str, int] = {}
    examples: dict[str, str] = {}
    for ks in edges:
        for k in ks:
            examples.setdefault(_furniture_key(raw[lines[k][0]:lines[k][1]]), raw[lines[k][0]:lines[k][1]])
        for key in {_furniture_key(raw[lines[k][0]:lines[k][1]]) for k in ks}:
            counts[key] = counts.get(key, 0) + 1
    return {key for key, n in counts.items() if n >= 2 and 2 * n > len(edges) and _may_be_furniture(examples[key])}


def _furniture_key(line: str) -> str:
    """A line without spaces and with every number made #, so that headers with page numbers compare equal."""
    return re.sub(r"[0-9０-９]+", "#", re.sub(r"\s+", "", line))


def _may_be_furniture(line: str) -> bool:
    """False for lines that look like body text: long, ending a sentence or clause, or a numbered item."""
    line = line.strip(_STRIP)
    return 0 < len(line) <= _FURNITURE_MAX and line[-1] not in _NOT_FURNITURE_END and not _MARKER.match(line)


def _with_pages(source: Normalised, pages: tuple[int, ...]) -> Normalised:
    """The normalised text with its page starts (for ``Normalised.page``)."""
    return replace(source, pages=tuple(pages))


# --- width forms: full-width digits, Latin letters, ％ and the decimal point made ASCII --------------------

_FULL_WIDTH = re.compile(r"[０-９Ａ-Ｚａ-ｚ％]")
_CN_NUMERALS = "〇零○一二三四五六七八九十"
_DECIMAL_POINT = re.compile(r"(?<=[0-9])．(?=[0-9])")


def _unify_forms(source: Normalised) -> Normalised:
    """Full-width digits, letters and ％ as ASCII, and ． between digits as ., one character for one (the map
    to raw offsets is unchanged); Ｏ written as a zero inside Chinese numerals (二Ｏ二四年) stays."""
    text = source.text
    if not _FULL_WIDTH.search(text) and "．" not in text:
        return source
    text = _FULL_WIDTH.sub(lambda m: _ascii(text, m.start()), text)
    text = _DECIMAL_POINT.sub(".", text)
    return replace(source, text=text)


def _ascii(text: str, index: int) -> str:
    """The ASCII form of the full-width character at ``index`` (unless it is a Ｏ used as a Chinese zero)."""
    ch = text[index]
    if ch in "Ｏｏ":
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if (before and before in _CN_NUMERALS) or (after and after in _CN_NUMERALS):
            return ch
    return chr(ord(ch) - 0xFEE0)
