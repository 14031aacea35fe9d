"""Document metadata: kind, title, number, date, issuers (signature block) and addressees (主送)."""

import re

from policykg.loaders.extract.agencies import known_forms, split_list
from policykg.loaders.extract.citations import letterhead_marks, own_number, own_title
from policykg.loaders.extract.text import DATE_LINE, paragraphs, parse_date
from policykg.loaders.facts import AgencyRef, Metadata, Span
from policykg.loaders.patterns import patterns

_TITLE_END = re.compile(r"(?:通知|意见|方案|规划|计划|措施|办法|细则|规定|决定|条例|答复|复函|函|报告|要点)$")
_HEAD_LINES = 12


def document_kind(title: str, text: str) -> str:
    """notice / opinion / plan / measures / reply, from the heading's ending and the body."""
    kinds: dict[str, list[str]] = patterns()["kinds"]
    if any(title.endswith(w) for w in kinds["reply"]) or re.search(r"答复如下|答复[：:]|收悉", text[:1500]):
        return "reply"
    best = ("measures", 0)
    for kind, endings in kinds.items():
        for w in endings:
            if title.endswith(w) and len(w) > best[1]:
                best = (kind, len(w))
    return best[0]


# the red-head line of a letterhead: an issuing body's name + 文件
_FILE_LINE = re.compile(r"^[\u4e00-\u9fff]{2,30}文件$")


def _letterhead(line: str, after: str) -> bool:
    """True for a line above the heading that is not the heading: a mark, a number, a body's name alone (unless
    the next line goes on with 关于…: the heading split after the issuer's name)."""
    from policykg.loaders.resolve import looks_like_agency

    if _bodies_line(line):
        return True
    line = line.replace(" ", "").replace("\u3000", "")
    if letterhead_marks(line) or _FILE_LINE.match(line) or own_number(line):
        return True
    return ("关于" not in line and looks_like_agency(line) and not _TITLE_END.search(line) and len(line) <= 30
            and not after.startswith("关于"))


def _bodies_line(line: str) -> bool:
    """True for a joint letterhead: two or more bodies' names set apart by blanks (住房和城乡建设部　公安部)."""
    from policykg.loaders.resolve import looks_like_agency

    names = line.split()
    return len(names) >= 2 and "关于" not in line \
        and all(looks_like_agency(n) and not _TITLE_END.search(n) for n in names)


def _complete_heading(line: str) -> bool:
    """True for a line that ends like a heading and leaves no 《 open (关于印发《X方案 goes on on the next line)."""
    return bool(_TITLE_END.search(line)) and line.count("《") <= line.count("》")


def find_title(text: str, paras: list[Span]) -> Span | None:
    """The heading: the first paragraph after any letterhead (joined with the next when the heading is split
    over two lines)."""
    head = [p for p in paras[:_HEAD_LINES]]
    while len(head) > 1 and _letterhead(head[0].of(text), head[1].of(text)) \
            and any(_TITLE_END.search(p.of(text)) for p in head[1:]):
        head = head[1:]
    if not head:
        return None
    first = head[0]
    line = first.of(text)
    if line.endswith(("：", ":")) or own_number(line):
        return None
    if len(head) > 1 and (not _complete_heading(line) or _tail_line(head[1].of(text))):
        joined = line
        for later in head[1:3]:  # a heading over two or three lines (issuers / 关于… / 的意见)
            part = later.of(text)
            joined += part
            if part.endswith(("：", ":")) or len(joined) > 100:
                break
            if _complete_heading(joined) and _TITLE_END.search(part):
                return Span(first.start, later.end)
    return first


def _tail_line(line: str) -> bool:
    """True for a short line that ends a heading the line before seemed to end (…实施方案 / （2018—2020年）的通知)."""
    return len(line) <= 24 and line.startswith(("（", "(", "的")) and bool(_TITLE_END.search(line))


def find_number(text: str, paras: list[Span]) -> Span | None:
    """The issuing number (吉民发〔2025〕20号) on a line of its own near the top, without any letterhead marks after
    it (签发人：…, A类)."""
    for p in paras[:_HEAD_LINES]:
        m = own_number(p.of(text))
        if m:
            start = p.start + p.of(text).index(m.group())
            return Span(start, start + len(m.group()))
    return None


# a decree's header (陕西省人民政府令 / 第245号, or on one line): the issuing bodies + 令, then its number
_DECREE = re.compile(r"(?P<body>[\u4e00-\u9fff][\u4e00-\u9fff \u3000]{1,60}?)令[\s\u3000]*"
                     r"(?P<no>第[\d〇一二三四五六七八九十百]{1,6}号)")
# the sentence that promulgates the decreed document: 《X》已经…通过，现予公布
_PROMULGATION = re.compile(r"《(?P<title>[^《》\n]{2,80})》(?:已经|已于|经)[^。\n]{0,120}?(?:现予|予以)(?:公布|发布)")


def find_decree(text: str, paras: list[Span]) -> tuple[Span, Span] | None:
    """(span of the number, span of the issuing bodies) of a decree's header in the first lines of the text."""
    from policykg.loaders.resolve import looks_like_agency

    for p in paras[:3]:
        m = _DECREE.match(text, p.start)
        line_end = text.find("\n", m.end()) if m else -1
        if m is None or text[m.end():line_end if line_end >= 0 else len(text)].strip(" \u3000\t"):
            continue
        body = m.group("body").rstrip(" \u3000")
        if all(looks_like_agency(b) for b in body.split()):
            return Span(m.start(), m.end()), Span(m.start("body"), m.start("body") + len(body))
    return None


def decree_title(text: str, paras: list[Span], number: Span) -> Span | None:
    """The title of the document a decree promulgates (《X》已经…通过，现予公布), else the first heading-like line."""
    rest = [p for p in paras if p.start >= number.end]
    for p in rest[:3]:
        m = _PROMULGATION.search(p.of(text))
        if m:
            return Span(p.start + m.start("title"), p.start + m.end("title"))
    return next((p for p in rest if len(p.of(text).strip()) <= 40 and _TITLE_END.search(p.of(text).strip())), None)


def find_date(text: str, paras: list[Span]) -> Span | None:
    """The signature date: the first paragraph that is only a date."""
    for p in paras:
        line = p.of(text)
        if len(line) <= 20 and DATE_LINE.fullmatch(line.replace(" ", "")):
            return p
    return None


def signature_block(text: str, paras: list[Span], date_para: Span | None, forms: tuple[str, ...]) -> list[AgencyRef]:
    """Issuers named in the lines just above the signature date."""
    if date_para is None:
        return []
    index = paras.index(date_para)
    out: list[AgencyRef] = []
    for p in reversed(paras[max(0, index - 12):index]):
        line = p.of(text)
        if any(c in line for c in "。，；：:") or len(line) > 120:
            break
        units = _segment(text, p, forms)
        if not units:
            break
        out[:0] = units
    return out


def _segment(text: str, para: Span, forms: tuple[str, ...]) -> list[AgencyRef]:
    """Split a signature line into agency names: by runs of spaces, then by known names."""
    out = []
    pattern = known_forms(forms)
    for m in re.finditer(r"[^\s\u3000]+", para.of(text)):
        start = para.start + m.start()
        chunk = m.group()
        pos = 0
        while pos < len(chunk):
            m_known = pattern.match(chunk, pos)
            if m_known:
                hit = m_known.group()
            else:
                nxt = pattern.search(chunk, pos + 1)
                hit = chunk[pos:nxt.start() if nxt else len(chunk)]
            out.append(AgencyRef(hit, Span(start + pos, start + pos + len(hit))))
            pos += len(hit)
    return [u for u in out if _agency_like(u.label)]


def _agency_like(label: str) -> bool:
    """A signature token that can name an agency."""
    from policykg.loaders.resolve import looks_like_agency

    return looks_like_agency(label)


def find_addressees(text: str, paras: list[Span], title: Span | None) -> tuple[Span | None, tuple[AgencyRef, ...]]:
    """The 主送 list: a paragraph near the top that ends with a colon and lists units."""
    from policykg.loaders.resolve import is_collective, looks_like_agency

    for p in paras[:_HEAD_LINES]:
        if title and p.start < title.end:
            continue
        line = p.of(text)
        if "。" in line:
            break
        if line.endswith(("：", ":")) and ("、" in line or line.startswith("各")):
            units = split_list(text, Span(p.start, p.end - 1))
            good = [u for u in units if looks_like_agency(u.label) or is_collective(u.label)]
            if units and len(good) * 2 >= len(units):
                return p, units
    return None, ()


def extract_metadata(text: str, forms: tuple[str, ...]) -> Metadata:
    """Metadata of a document from its normalised text."""
    paras = paragraphs(text)
    decree = find_decree(text, paras)
    title_span = decree_title(text, paras, decree[0]) if decree else find_title(text, paras)
    heading = title_span.of(text).replace("\n", "") if title_span else ""
    kind = document_kind(heading, text)
    title = own_title(heading) if heading else ""
    number_span = decree[0] if decree else find_number(text, paras)
    date_span = find_date(text, paras)
    _, addressees = find_addressees(text, paras, title_span)
    issuers = signature_block(text, paras, date_span, forms)
    if decree and not issuers:  # signed by a person (省长　赵××): the bodies of the header issue it
        issuers = _segment(text, decree[1], forms)
    return Metadata(
        kind=kind,
        title=title,
        title_span=title_span or Span(0, 0),
        full_title=heading if heading != title else None,
        number=re.sub(r"[\s\u3000]+", "", number_span.of(text)) if number_span else None,
        number_span=number_span,
        date=parse_date(date_span.of(text).replace(" ", "")) if date_span else None,
        date_span=date_span,
        issuers=tuple(issuers),
        addressees=addressees,
    )
