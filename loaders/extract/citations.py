"""Citations: every 《…》 naming a document, with the number that follows it and how it is cited."""

import re
from bisect import bisect_right

from policykg.loaders.facts import Citation, Span
from policykg.loaders.patterns import patterns, words

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}〔\d{4}〕\d{1,4}号")
STANDARD_NUMBER = re.compile(
    r"(?:GB|DB\d{2}|[A-Z]{2,3})(?:/T|/Z)?\s*\d+(?:\.\d+)?\s*[—–-]\s*\d{4}|建标\s*\d+\s*[—–-]\s*\d{4}"
    r"|[\u4e00-\u9fff]{1,12}令(?:第\s*\d+\s*号|\d{4}年第\d+号)"
)
_NUMBER = re.compile(rf"[（(]\s*({DOC_NUMBER.pattern}|{STANDARD_NUMBER.pattern})\s*[）)]")
_WRAPPER = re.compile(r"^(?:.*?)(?:关于)?(?:印发|转发)[〈<《]?(?P<inner>.+?)[〉>》]?的通知$")
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
        if not title or written in exclude_titles or title in exclude_titles:
            skip = (*skip, Span(start, end))
            continue
        number = None
        span_end = end
        m = _NUMBER.match(text, end)
        if m:
            number = re.sub(r"\s+", "", m.group(1))
            span_end = m.end()
        if number is None and _produced(text, start, title, produced):
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


def _own_number_line(text: str, start: int, end: int) -> bool:
    """True for a number on a line of its own, or with only its signer after it (青教函〔2025〕112号　签发人：李××): the
    document's own number, no citation."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before = text[line_start:start].strip(" \u3000\t")
    rest = text[end:line_end if line_end >= 0 else len(text)].strip(" \u3000\t")
    rests = patterns()["citations"]["number_line_rest"]
    return not before and (not rest or any(re.match(p, rest) for p in rests))


def _relation(text: str, start: int) -> str:
    """How the citation is used: legal basis (根据/依据), implementation (贯彻落实), or plain citation."""
    k = max(text.rfind("。", 0, start), text.rfind("\n", 0, start), text.rfind("，", 0, start))
    before = text[k + 1:start]
    if any(before.endswith(w) or before.startswith(w) for w in _LEGAL_BASIS) and len(before) <= 8:
        return "legal_basis"
    if any(w in before for w in _IMPLEMENTS) and len(before) <= 12:
        return "implements"
    return "cites"
