"""Word .docx: body paragraphs and tables in order, one paragraph (or table row) a line, with the numbers
of Word's automatic lists written out (一、 1. （一） ① …) so that numbered measures keep their numbers."""

import io
import zipfile
from collections.abc import Iterator

from docx import Document
from docx.document import Document as WordDocument
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from lxml import etree

from policykg.errors import InputError

_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (qn(t) for t in ("w:p", "w:tbl", "w:tr", "w:tc", "w:sdt", "w:sdtContent"))
_BLOCK_WRAPPERS = {qn("w:customXml"), qn("w:ins")}
_SKIP = {qn(t) for t in ("w:pPr", "w:rPr", "w:del", "w:moveFrom", "w:txbxContent", "w:instrText", "w:delText")} | {
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
_CHARS = {qn("w:tab"): "\t", qn("w:ptab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
_CELL_SEPARATOR = "  "  # two spaces: kept by normalisation, like the gaps of a signature line
_DIGITS = "〇一二三四五六七八九"


def extract(data: bytes, name: str) -> str:
    """Text of a .docx file; InputError when it cannot be opened."""
    try:
        document = Document(io.BytesIO(data))
        numbers = _Numbering(document)
        lines = [line for line in _blocks(document.element.body, numbers) if line.strip()]
    except (OpcError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise InputError(f"{name}: corrupt or unreadable DOCX file ({type(exc).__name__}: {exc})") from None
    return "\n".join(lines) + "\n"


def _blocks(container: etree._Element, numbers: "_Numbering") -> Iterator[str]:
    """Lines of the paragraphs and tables directly inside a body, cell or content control, in order."""
    for child in container.iterchildren():
        if child.tag == _P:
            yield numbers.label(child) + _paragraph_text(child)
        elif child.tag == _TBL:
            yield from _table(child, numbers)
        elif child.tag == _SDT:
            for content in child.iterchildren(_SDT_CONTENT):
                yield from _blocks(content, numbers)
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _blocks(child, numbers)


def _table(table: etree._Element, numbers: "_Numbering") -> Iterator[str]:
    """One line a row: the non-empty cells, each cell's paragraphs joined by a space."""
    for row in table.iter(_TR):
        if _nearest_table(row) is not table:
            continue
        cells = []
        for cell in row.iter(_TC):
            if _nearest_table(cell) is not table:
                continue
            text = " ".join(line.strip() for line in _blocks(cell, numbers) if line.strip())
            if text:
                cells.append(text)
        if cells:
            yield _CELL_SEPARATOR.join(cells)


def _nearest_table(element: etree._Element) -> etree._Element | None:
    """The innermost table an element belongs to."""
    parent = element.getparent()
    while parent is not None and parent.tag != _TBL:
        parent = parent.getparent()
    return parent


def _paragraph_text(element: etree._Element) -> str:
    """Visible text of a paragraph, including runs inside hyperlinks, insertions, fields and smart tags."""
    parts: list[str] = []
    for child in element.iterchildren():
        if child.tag in _SKIP or not isinstance(child.tag, str):
            continue
        if child.tag == qn("w:t"):
            parts.append(child.text or "")
        elif child.tag in _CHARS:
            parts.append(_CHARS[child.tag])
        else:
            parts.append(_paragraph_text(child))
    return "".join(parts)


class _Numbering:
    """Counters of Word's automatic numbering, advanced paragraph by paragraph in body order."""

    def __init__(self, document: WordDocument) -> None:
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            numbering = None
        styles = document.styles.element.iterchildren(qn("w:style"))
        self._styles = {s.get(qn("w:styleId")): s for s in styles}
        self._abstract: dict[str, etree._Element] = {}
        self._nums: dict[str, etree._Element] = {}
        if numbering is not None:
            for a in numbering.iterchildren(qn("w:abstractNum")):
                self._abstract[a.get(qn("w:abstractNumId"))] = a
            for n in numbering.iterchildren(qn("w:num")):
                self._nums[n.get(qn("w:numId"))] = n
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[tuple[str, int]] = set()

    def label(self, paragraph: etree._Element) -> str:
        """The number Word shows before this paragraph ("" when it is not in a numbered list)."""
        num_id, level = self._num_pr(paragraph)
        if not num_id or num_id == "0" or num_id not in self._nums:
            return ""
        num = self._nums[num_id]
        abstract_id = _val(num.find(qn("w:abstractNumId")))
        abstract = self._abstract.get(abstract_id or "")
        if abstract is None:
            return ""
        levels = {int(lv.get(qn("w:ilvl"), "0")): lv for lv in abstract.iterchildren(qn("w:lvl"))}
        if level not in levels:
            return ""
        counters = self._counters.setdefault(abstract_id or "", {})
        override = self._start_override(num, level)
        if override is not None and (num_id, level) not in self._started:
            counters.pop(level, None)
            self._started.add((num_id, level))
        start = override if override is not None else int(_val(levels[level].find(qn("w:start"))) or "1")
        counters[level] = counters[level] + 1 if level in counters else start
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        return _render(levels, level, counters)

    def _num_pr(self, paragraph: etree._Element) -> tuple[str | None, int]:
        """(numId, level) of a paragraph, from its own properties or its style's."""
        ppr = paragraph.find(qn("w:pPr"))
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        num_id = _val(num_pr.find(qn("w:numId"))) if num_pr is not None else None
        level = _val(num_pr.find(qn("w:ilvl"))) if num_pr is not None else None
        style = _val(ppr.find(qn("w:pStyle"))) if ppr is not None else None
        seen: set[str] = set()
        while num_id is None and style and style not in seen:
            seen.add(style)
            element = self._styles.get(style)
            if element is None:
                break
            style_num = element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if style_num is not None:
                num_id = _val(style_num.find(qn("w:numId")))
                level = level or _val(style_num.find(qn("w:ilvl")))
            style = _val(element.find(qn("w:basedOn")))
        return num_id, int(level or 0)

    @staticmethod
    def _start_override(num: etree._Element, level: int) -> int | None:
        """The start value a list instance sets for a level, if any."""
        for override in num.iterchildren(qn("w:lvlOverride")):
            if int(override.get(qn("w:ilvl"), "0")) == level:
                start = _val(override.find(qn("w:startOverride")))
                if start is not None:
                    return int(start)
        return None


def _render(levels: dict[int, etree._Element], level: int, counters: dict[int, int]) -> str:
    """The level's text pattern (%1.%2.) filled in with the counters, and its separator."""
    lvl = levels[level]
    fmt = _val(lvl.find(qn("w:numFmt"))) or "decimal"
    if fmt in ("bullet", "none"):
        return ""
    text = _val(lvl.find(qn("w:lvlText"))) or ""
    legal = lvl.find(qn("w:isLgl")) is not None
    for k in range(9):
        if f"%{k + 1}" in text:
            k_fmt = _val(levels[k].find(qn("w:numFmt"))) if k in levels else "decimal"
            value = counters.get(k, 1)
            text = text.replace(f"%{k + 1}", _format(value, "decimal" if legal and k != level else k_fmt or ""))
    suffix = _val(lvl.find(qn("w:suff"))) or "tab"
    return text + ("" if suffix == "nothing" else " ")


def _format(value: int, fmt: str) -> str:
    """One counter in a Word number format."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "taiwaneseCounting"):
        return _chinese(value)
    if fmt == "ideographTraditional" and 1 <= value <= 10:
        return "甲乙丙丁戊己庚辛壬癸"[value - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= value <= 20:
        return chr(0x2460 + value - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(value))
    if fmt in ("upperLetter", "lowerLetter") and value >= 1:
        letter = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 1 <= value < 4000:
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _chinese(value: int) -> str:
    """A number in Chinese counting characters (十一, 二十, 一百零五)."""
    if value < 10:
        return _DIGITS[value]
    if value < 20:
        return "十" + (_DIGITS[value % 10] if value % 10 else "")
    if value < 100:
        return _DIGITS[value // 10] + "十" + (_DIGITS[value % 10] if value % 10 else "")
    if value < 1000:
        rest = value % 100
        tail = "" if not rest else ("零" + _DIGITS[rest] if rest < 10 else _chinese(rest) if rest >= 20
                                    else "一" + _chinese(rest))
        return _DIGITS[value // 100] + "百" + tail
    return str(value)


def _roman(value: int) -> str:
    """A number in Roman numerals."""
    out = ""
    for number, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                            (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= number:
            out += letters
            value -= number
    return out


def _val(element: etree._Element | None) -> str | None:
    """The w:val attribute of an element, or None."""
    return None if element is None else element.get(qn("w:val"))
