"""Small helpers over normalised text shared by the extractors: paragraphs, numerals, dates."""

import re
from datetime import date

from policykg.loaders.facts import Span

CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUMERAL = "〇零○Ｏ一二三四五六七八九十百两"


def paragraphs(text: str, within: Span | None = None) -> list[Span]:
    """Spans of the non-empty lines (paragraphs) of the normalised text, clipped to ``within`` if given."""
    start, end = (within.start, within.end) if within else (0, len(text))
    line_start = text.rfind("\n", 0, start) + 1
    out = []
    pos = line_start
    for line in text[line_start:end].split("\n"):
        a, b = max(pos, start), min(pos + len(line), end)
        if b > a and text[a:b].strip():
            out.append(Span(a, b))
        pos += len(line) + 1
    return out


def cn_number(s: str) -> int | None:
    """Value of a Chinese numeral (一, 十二, 二十三, 一百零五) or of Arabic digits."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    if not s or any(c not in CN_NUMERAL for c in s):
        return None
    if "十" not in s and "百" not in s:
        value = 0
        for c in s:
            value = value * 10 + CN_DIGITS[c]
        return value
    total, current = 0, 0
    for c in s:
        if c == "百":
            total += (current or 1) * 100
            current = 0
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = CN_DIGITS[c]
    return total + current


_DATE_ARABIC = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_YEAR = "[〇零○Ｏ一二三四五六七八九]{4}"
_CN_DAY = "[一二三四五六七八九十]{1,3}"
_DATE_CN = re.compile(rf"({_CN_YEAR})年({_CN_DAY})月({_CN_DAY})日")


def parse_date(s: str) -> date | None:
    """A date written 2025年5月12日 or 二〇二五年五月十二日."""
    m = _DATE_ARABIC.fullmatch(s.strip())
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _DATE_CN.fullmatch(s.strip())
        if not m:
            return None
        y = cn_number(m.group(1)) or 0
        mo = cn_number(m.group(2)) or 0
        d = cn_number(m.group(3)) or 0
    try:
        return date(y, mo, d)
    except ValueError:
        return None


DATE_LINE = re.compile(rf"(?:\d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日|{_DATE_CN.pattern})")


def strip_span(text: str, span: Span, chars: str = " \u3000\t") -> Span:
    """The span without leading and trailing blanks."""
    start, end = span.start, span.end
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return Span(start, end)
