"""Replies to people's-congress suggestions and CPPCC proposals: the proposal answered, the co-handling
departments, and the forward-looking commitments (measures) with the section each sits in."""

import re

from policykg.loaders.extract.agencies import split_list
from policykg.loaders.extract.structure import heading_title, numbered_items
from policykg.loaders.extract.text import paragraphs
from policykg.loaders.facts import AgencyRef, Proposal, Span
from policykg.loaders.patterns import words

_TITLE = re.compile(
    r"对(?P<session>.{2,30}?会议)(?:第\s*)?(?P<number>[A-Za-z]?\d+)?\s*号?(?P<kind>代表建议|委员提案|建议|提案)的(?:答复|复函)"
)
_SESSION = re.compile(r"(?:在|于)(?P<session>[\u4e00-\u9fff]{2,20}?(?:人大|政协)[\u4e00-\u9fff]{0,8}?会议)上?")
_CO_HANDLERS = re.compile(
    r"(?:会商|会同|商请|商)(?:协办(?:单位|部门))?(?P<list>[^。；：，]{2,200}?)(?:等(?:协办)?(?:部门|单位))?"
    r"(?=(?:进行了?)?(?:认真|共同|研究|办理)|，|。)"
)
_CO_HANDLER_LABEL = re.compile(r"协办(?:单位|部门)[：:](?P<list>[^。\n]+)")
_CO_HANDLING = re.compile(r"主办[，,](?P<list>[^。；：，]{2,200}?)(?:会办|协办)")  # 由我部主办，A、B会办
# 征求市农业农村局、市交通运输局意见
_CONSULTED = re.compile(r"征求(?P<list>[^。；：，]{2,200}?)(?:的|等(?:部门|单位)的?)?意见")
_STUDIED_WITH = re.compile(r"(?:经|已)?(?:与|和|同)(?P<list>[^。；：，]{2,200}?)(?:共同|一起|联合)(?:研究|办理|商议)")
# a section of commitments: 下一步工作打算, 下步措施; or the co-handlers' plans (三、协办单位工作安排)
_NEXT_STEPS = re.compile(r"下一?步|^(?:各?协办单位|会办单位)(?:的)?(?:工作安排|工作计划|工作打算|打算)$")
_MARKER_AT = re.compile(r"[一二三四五六七八九十]+是")
_ITEM = re.compile(r"(?:^|(?<=[。；：:]))([一二三四五六七八九十]+是)")


_NUMBERED = re.compile(r"(?P<session>[\u4e00-\u9fff]{2,30}?会议)(?:上提出的)?第\s*(?P<number>[A-Za-z]?\d+)\s*号")
_KIND = re.compile(r"代表建议|委员提案|建议|提案|议案")
# 您提出的关于加快发展农村互助养老服务的建议收悉: a title written without 《》
_UNQUOTED_TITLE = re.compile(r"提出的(?P<t>关于[^，。；《》“”]{2,80}?的(?:建议|提案|议案))(?:已)?收悉")


def find_proposal(text: str, title: str, title_span: Span) -> Proposal | None:
    """The suggestion or proposal a reply answers, from its heading and opening lines."""
    m = _TITLE.search(title)
    session = number = kind = None
    span = title_span
    opening = text[:600]
    if m:
        session, number, kind = m.group("session"), m.group("number"), m.group("kind")
    else:
        for source, offset in ((title, title_span.start), (opening, 0)):
            n = _NUMBERED.search(source)
            if n:
                session = re.sub(r"^(?:关于|对|您在|您于|在)", "", n.group("session").split("关于")[-1])
                number = n.group("number")
                k = _KIND.search(source, n.end())
                kind = k.group() if k else None
                span = Span(offset + n.start(), offset + n.end())
                break
    sm = _SESSION.search(opening)
    if session is None and sm:
        session = sm.group("session")
        span = Span(sm.start("session"), sm.end("session"))
    body = "政协" if (session and "政协" in session) or (kind and "提案" in kind) else "人大"
    if kind in (None, "建议", "提案"):
        kind = "委员提案" if body == "政协" else "代表建议"
    tm = (re.search(r"《(?P<t>[^》]{2,120}(?:建议|提案|议案))》", opening)
          or re.search(r"提出的《(?P<t>[^》]{2,120})》", opening)
          or _UNQUOTED_TITLE.search(opening))
    proposal_title = tm.group("t") if tm else None
    if session is None and proposal_title is None:
        return None
    return Proposal(body, session, number, kind, proposal_title, span)


def proposal_title_span(text: str) -> Span | None:
    """Span of the 《…》 that names the proposal in the opening lines (not a citation)."""
    tm = (re.search(r"(《[^》]{2,120}(?:建议|提案|议案)》)", text[:600])
          or re.search(r"提出的(《[^》]{2,120}》)", text[:600]))
    return Span(tm.start(1), tm.end(1)) if tm else None


def find_co_handlers(text: str, forms: tuple[str, ...] = ()) -> tuple[AgencyRef, ...]:
    """Co-handling departments named in the opening lines (会商A、B等协办部门, 会同A、B认真研究, 商协办单位A、B,
    协办单位：A、B, or names only separated by spaces the normalisation took out)."""
    from policykg.loaders.resolve import is_collective, looks_like_agency

    first_heading = re.search(r"^一、", text, re.MULTILINE)
    opening = text[:first_heading.start() if first_heading else 1500]
    found: dict[tuple[int, int], AgencyRef] = {}
    for pattern in (_CO_HANDLER_LABEL, _CO_HANDLING, _CO_HANDLERS, _STUDIED_WITH, _CONSULTED):
        for m in pattern.finditer(opening):
            units = tuple(part for u in split_list(text, Span(m.start("list"), m.end("list")))
                          for part in segment(text, u, forms))
            if units and all(looks_like_agency(u.label) and not is_collective(u.label) for u in units):
                found.update(((u.span.start, u.span.end), u) for u in units  # a longer reading of a unit found
                             if not any(a < u.span.end and u.span.start < b for a, b in found))  # already is none
                break  # one list a pattern: 由我厅主办，省财政厅协办。经商… gives both the co-handler and the consulted
    return tuple(u for _, u in sorted(found.items()))


def segment(text: str, ref: AgencyRef, forms: tuple[str, ...]) -> tuple[AgencyRef, ...]:
    """A list item that is several known names run together or separated by spaces (市农业农村局　市水利局) as
    those names; any other item unchanged."""
    if not forms:
        return (ref,)
    from policykg.loaders.extract.agencies import known_forms

    pattern, pos, parts = known_forms(forms), ref.span.start, []
    while pos < ref.span.end:
        if text[pos] in " \u3000\t":
            pos += 1
            continue
        m = pattern.match(text, pos, ref.span.end)
        if not m:
            return (ref,)
        parts.append(AgencyRef(m.group(), Span(m.start(), m.end())))
        pos = m.end()
    return tuple(parts) if len(parts) > 1 else (ref,)


def forward_sections(text: str) -> list[tuple[Span, Span, AgencyRef | None]]:
    """(heading, body, owner) of every 下一步/下步 section; owner = the unit named by the enclosing item."""
    items = numbered_items(text)
    out = []
    for k, item in enumerate(items):
        head = heading_title(text, item)
        if not _NEXT_STEPS.search(head) or len(head) > 20:
            continue
        end = len(text)
        for later in items[k + 1:]:
            if later.rank <= item.rank:
                end = later.para.start
                break
        owner = None
        if item.parent:
            title = heading_title(text, item.parent)
            start = text.find(title, item.parent.body.start)
            named = _owner_named(title)
            if named:  # 二、省财政厅办理情况 > （二）下一步打算
                owner = AgencyRef(named, Span(start, start + len(named)))
            elif item.parent.parent:  # 一、… > （五）省财政厅 > 2. 下一步打算
                owner = AgencyRef(title, Span(start, start + len(title)))
        title_end = text.find(head, item.body.start) + len(head)
        while title_end < item.para.end and text[title_end] in "。：: ":
            title_end += 1
        out.append((item.para, Span(title_end, end), owner))
    return out


_INLINE_NEXT = re.compile(r"(?<=[。；])下一?步[，,]")


def inline_next_steps(text: str, sections: list[Span]) -> list[tuple[Span, Span, AgencyRef]]:
    """(heading, commitment, owner) of each item headed by a department's name (（一）自治区医疗保障局。…) whose
    account of past work goes on with 下一步，… : the forward-looking part, that department's, outside ``sections``."""
    from policykg.loaders.resolve import is_collective, looks_like_agency

    out = []
    for item in numbered_items(text):
        if any(s.start <= item.para.start < s.end for s in sections):
            continue
        title = heading_title(text, item)
        m = _INLINE_NEXT.search(text, item.body.start, item.body.end)
        if m is None or not looks_like_agency(title) or is_collective(title) or len(title) > 30:
            continue
        start = text.find(title, item.body.start)
        out.append((item.para, Span(m.start(), item.body.end), AgencyRef(title, Span(start, start + len(title)))))
    return out


def _owner_named(title: str) -> str | None:
    """The department a section title gives the section to (省财政厅 in 省财政厅办理情况), else None."""
    from policykg.loaders.resolve import looks_like_agency

    for ending in words("replies", "owner_title_endings"):
        if title.endswith(ending):
            name = title.removesuffix(ending).removesuffix("的")
            return name if looks_like_agency(name) else None
    return None


def inline_items(text: str, body: Span) -> list[Span]:
    """一是…二是… items in the paragraphs of ``body`` (each up to the next item or the paragraph end)."""
    paras = paragraphs(text, body)
    items: list[Span] = []
    for p in paras:
        starts = [p.start + m.start(1) for m in _ITEM.finditer(p.of(text))]
        for k, s in enumerate(starts):
            items.append(Span(s + _marker_length(text, s), starts[k + 1] if k + 1 < len(starts) else p.end))
    return items


def _marker_length(text: str, start: int) -> int:
    """Length of the 一是 / 十二是 marker at ``start``."""
    m = _MARKER_AT.match(text, start)
    return len(m.group()) if m else 0


def commitments(text: str, body: Span) -> list[Span]:
    """The commitments of a next-steps section (up to the closing lines): its 一是/二是 items, else its numbered
    items (（一）…, enumerators left out), else each paragraph that is not a list introduction or a signature."""
    body = until_closing(text, body)
    paras = paragraphs(text, body)
    items: list[Span] = []
    for p in paras:
        line = p.of(text)
        starts = [p.start + m.start(1) for m in _ITEM.finditer(line)]
        for k, s in enumerate(starts):
            e = starts[k + 1] if k + 1 < len(starts) else p.end
            items.append(Span(s, e))
    if items:
        return items
    numbered = [i for i in numbered_items(text) if body.start <= i.para.start < body.end]
    if numbered:
        top = min(i.rank for i in numbered)
        return [i.body for i in numbered if i.rank == top]
    return [p for p in paras if not _is_signature(p.of(text)) and not p.of(text).rstrip().endswith(("：", ":"))]


_CLOSING = ("感谢", "特此", "此复", "联系人", "（联系人", "(联系人", "抄送", "附件", "公开方式", "（此件")


def until_closing(text: str, body: Span) -> Span:
    """``body`` cut before the closing lines of a reply: thanks, 特此函复, signature date, contact, 抄送."""
    from policykg.loaders.extract.text import DATE_LINE

    for p in paragraphs(text, body):
        line = p.of(text).strip()
        if line.startswith(_CLOSING) or (len(line) <= 30 and DATE_LINE.fullmatch(line.replace(" ", ""))):
            return Span(body.start, p.start)
    return body


def _is_signature(line: str) -> bool:
    """A signature or date line at the end of a reply."""
    return len(line) <= 25 and (("年" in line and "日" in line)
                                or line.endswith(("厅", "局", "委", "会", "办", "部", "署", "院", "中心")))
