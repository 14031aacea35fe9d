"""Citations: every 《…》 naming a document, with the number that follows it and how it is cited."""

import re
from bisect import bisect_right
from functools import cache

from policykg.loaders.facts import Citation, Span
from policykg.loaders.patterns import patterns, words

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}〔\d{4}〕\d{1,4}号")
# a standard (GB/T 35796—2017, DB41/1820—2019, DB13(J)/T 8417—2021, 建标177－2016; a recommended one may omit its
# year: GBZ/T 189.7) or a decree of one or more bodies (民政部令第49号, 教育部 国家卫生健康委员会令第45号)
_STANDARD_HEAD = r"(?:GB|DB\d{2}|[A-Z]{2,3})(?:[(（][A-Z][)）])?"
STANDARD_NUMBER = re.compile(
    rf"{_STANDARD_HEAD}(?:/T|/Z|/)?\s*\d+(?:\.\d+)*\s*[—–－-]\s*\d{{4}}|{_STANDARD_HEAD}/[TZ]\s*\d+(?:\.\d+)*"
    r"|建标\s*\d+\s*[—–－-]\s*\d{4}"
    r"|[\u4e00-\u9fff][\u4e00-\u9fff \u3000]{0,60}令(?:第\s*\d+\s*号|\d{4}年第\d+号)"
)
_NUMBER = re.compile(rf"[（(]\s*({DOC_NUMBER.pattern}|{STANDARD_NUMBER.pattern})\s*[）)]")
_WRAPPER = re.compile(r"^(?:.*?)(?:关于)?(?P<verb>印发|转发)[〈<《]?(?P<inner>.+?)[〉>》]?的通知$")
_LEGAL_BASIS = ("根据", "依据", "依照", "按照")
_IMPLEMENTS = ("贯彻落实", "贯彻", "落实")


def _closing(text: str, start: int) -> int | None:
    """Index just past the 》 that closes the 《 at ``start`` (nested 《》 allowed)."""
    depth = 0
    for i in range(start, min(len(text), start + 300)):
        if text[i] == "《":
            depth += 1
        elif text[i] == "》":
            depth -= 1
            if depth == 0:
                return i + 1
        elif text[i] == "\n":
            return None
    return None


def inner_title(title: str) -> str:
    """The document a 关于印发〈X〉的通知 wrapper issues, else the title itself."""
    m = _WRAPPER.match(title)
    if m and m.group("inner"):
        return m.group("inner").strip("〈〉<>《》")
    return title


def own_title(heading: str) -> str:
    """The title of the document a heading heads: the document a 关于印发《X》的通知 issues; the heading itself for a
    关于转发《X》的通知, which forwards another body's document (X is then cited)."""
    m = _WRAPPER.match(heading)
    return heading if m and m.group("verb") == "转发" else inner_title(heading)


def find_citations(
    text: str, exclude_titles: tuple[str, ...] = (), skip: tuple[Span, ...] = ()
) -> tuple[Citation, ...]:
    """Every 《…》 in the text except the document's own titles and the skipped spans."""
    out = []
    i = 0
    produced = -1  # end of the last title of a thing the text produces
    while True:
        start = text.find("《", i)
        if start < 0:
            break
        end = _closing(text, start)
        if end is None:
            i = start + 1
            continue
        i = end
        if any(s.start <= start < s.end for s in skip):
            continue
        written = text[start + 1:end - 1].strip()
        title = inner_title(written)
        m = _NUMBER.match(text, end)
        own = written in exclude_titles or title in exclude_titles
        if not title or (own and not m):  # the own title; with a number it may be a former version (原《X》（…号）)
            skip = (*skip, Span(start, end))
            continue
        number = None
        span_end = end
        if m:
            number = re.sub(r"\s+", "", m.group(1))
            span_end = m.end()
        if number is None and _produced(text, start, title, produced) and not text.startswith(
                words("citations", "about_heads"), end):  # 编印《…规程》解读材料: material about a cited document
            produced = end
            continue
        out.append(Citation(title, number, text[start:span_end], Span(start, span_end), _relation(text, start)))
    return tuple(out) + _by_number(text, out, skip)


_NUMBER_LEAD_WORDS = ("根据", "依据", "按照", "参照", "落实", "印发", "转发", "执行", "及", "和", "与", "的")


def _by_number(text: str, titled: list[Citation], skip: tuple[Span, ...]) -> tuple[Citation, ...]:
    """Documents cited by their number alone (根据吉民发〔2024〕10号文件), outside titled citations."""
    spans = sorted((s.start, s.end) for s in [c.span for c in titled] + list(skip))
    starts = [a for a, _ in spans]
    out = []
    for m in DOC_NUMBER.finditer(text):
        k = bisect_right(starts, m.start())
        if any(a < m.end() and m.start() < b for a, b in spans[max(0, k - 4):k + 1]):
            continue
        if _own_number_line(text, m.start(), m.end()):
            continue
        start = m.start()
        number = m.group()
        for word in _NUMBER_LEAD_WORDS:
            if number.startswith(word) and len(number) > len(word) + 6:
                number, start = number[len(word):], start + len(word)
        out.append(Citation("", number, number, Span(start, m.end()), _relation(text, start)))
    return tuple(out)


def _produced(text: str, start: int, title: str, after: int) -> bool:
    """True for the title of a thing the text produces, no cited document: right after a verb such as 编印 (or after
    another such title: 编印《A》《B》, 编印《A》和《B》), or ending like a leaflet or a map (…明白纸, …地图)."""
    before = text[max(0, start - 6):start]
    chained = after >= 0 and text[after:start].strip(" \u3000") in ("", "、", "和", "及", "与")
    return chained or before.endswith(words("citations", "publication_verbs")) \
        or title.endswith(words("citations", "publication_heads"))


@cache
def _marks() -> re.Pattern[str]:
    """One or more letterhead marks, set apart by blanks."""
    marks = "|".join(f"(?:{m})" for m in patterns()["letterhead"]["marks"])
    return re.compile(rf"(?:(?:{marks})[\s\u3000]*)+")


def letterhead_marks(line: str) -> bool:
    """True for a line (or the rest of the number line) that holds only letterhead marks: A类, 签发人：王××, 特急."""
    return bool(_marks().fullmatch(line.strip(" \u3000\t")))


def own_number(line: str) -> re.Match[str] | None:
    """The document number when ``line`` is a number line: the number alone, or with only letterhead marks after it
    (青教函〔2025〕112号　签发人：李××, 粤交函〔2025〕158号　A类)."""
    line = line.strip(" \u3000\t")
    m = DOC_NUMBER.match(line)
    if m is None or m.start() != 0:
        return None
    rest = line[m.end():]
    return m if not rest.strip(" \u3000\t") or letterhead_marks(rest) else None


def _own_number_line(text: str, start: int, end: int) -> bool:
    """True for a number on a line of its own, or with only letterhead marks after it: the document's own number,
    no citation."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    m = own_number(line)
    return m is not None and text[line_start:start].strip(" \u3000\t") == "" and m.group() == text[start:end]


def _relation(text: str, start: int) -> str:
    """How the citation is used: legal basis (根据/依据), implementation (贯彻落实), or plain citation."""
    k = max(text.rfind("。", 0, start), text.rfind("\n", 0, start), text.rfind("，", 0, start))
    before = text[k + 1:start]
    if any(before.endswith(w) or before.startswith(w) for w in _LEGAL_BASIS) and len(before) <= 8:
        return "legal_basis"
    if any(w in before for w in _IMPLEMENTS) and len(before) <= 12:
        return "implements"
    return "cites"
