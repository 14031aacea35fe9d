"""Extract all facts of one document: a pure function of its normalised text and the agency lexicon."""

import re
from bisect import bisect_right
from dataclasses import replace

from policykg.loaders.extract.agencies import find_mentions
from policykg.loaders.extract.citations import DOC_NUMBER, find_citations
from policykg.loaders.extract.metadata import extract_metadata, find_addressees
from policykg.loaders.extract.replies import (
    commitments,
    find_co_handlers,
    find_proposal,
    forward_sections,
    inline_next_steps,
    proposal_title_span,
)
from policykg.loaders.extract.responsibility import (
    from_cells,
    is_generic,
    lead_with_sentence,
    parse_clause,
    parse_label_line,
    trailing_clause,
)
from policykg.loaders.extract.structure import ARTICLE, Item, heading_title, leaf_numbers, numbered_items
from policykg.loaders.extract.tables import task_rows
from policykg.loaders.extract.targets import find_targets
from policykg.loaders.extract.text import paragraphs, strip_span
from policykg.loaders.facts import (
    AgencyRef,
    DocumentFacts,
    Measure,
    Metadata,
    Responsibility,
    Section,
    Span,
)
from policykg.loaders.patterns import words


def extract(text: str, source_file: str, jurisdiction: str | None, forms: tuple[str, ...],
            national: frozenset[str] = frozenset(), province: str | None = None) -> DocumentFacts:
    """Every fact of a document. ``forms`` are the agency names known for its jurisdiction, longest first."""
    meta = extract_metadata(text, forms)
    skip: list[Span] = []
    addressee_para, _ = find_addressees(text, paragraphs(text), meta.title_span)
    if addressee_para:
        skip.append(addressee_para)
    proposal = co_handlers = None
    if meta.kind == "reply":
        proposal = find_proposal(text, meta.title, meta.title_span)
        co_handlers = find_co_handlers(text, forms)
        if not meta.title and proposal and proposal.title:
            meta = _with_title(meta, f"关于《{proposal.title}》的答复")
        sections, measures = _reply_measures(text, meta)
        title_span = proposal_title_span(text)
        if title_span:
            skip.append(title_span)
    else:
        groups = _addressee_groups(text, addressee_para)
        sections, measures = _notice_measures(text, meta, forms, groups)
    own = tuple(t for t in (meta.title, meta.full_title) if t)
    if meta.number_span:
        skip.append(meta.number_span)
    citations = tuple(c for c in find_citations(text, own, tuple(skip)) if not c.number or c.number != meta.number)
    numbers = tuple(Span(m.start(), m.end()) for m in DOC_NUMBER.finditer(text))
    mentioned = find_mentions(text, forms, national, (*skip, *numbers))
    known = set(forms)
    named_addressees = _shared_head(text, meta.addressees, known)  # not 各… or bare bureau names
    responsible = tuple(r.agency for m in measures for r in m.responsibilities
                        if not is_generic(r.agency.label) and not r.agency.label.endswith(words("local", "companies")))
    mentions = _unique(mentioned + meta.issuers + named_addressees + (co_handlers or ()) + responsible)
    covered = sorted((c.start, c.end) for c in [m.span for m in measures] + [meta.title_span, addressee_para] if c)
    loose = tuple(t for p in paragraphs(text) if not _overlaps(covered, p)
                  for t in find_targets(text, p, meta.date, this_year=False))
    return DocumentFacts(
        targets=loose,
        text=text, source_file=source_file, jurisdiction=jurisdiction, province=province, metadata=meta,
        sections=tuple(sections), measures=tuple(measures), citations=citations, mentions=mentions,
        proposal=proposal, co_handlers=co_handlers or (),
    )


def _shared_head(text: str, units: tuple[AgencyRef, ...], known: set[str]) -> tuple[AgencyRef, ...]:
    """The named bodies of a 主送 list: known names, and the bare department names written after one of them that
    share its head (新疆生产建设兵团民政局、发展改革委、财政局 → 新疆生产建设兵团发展改革委, 新疆生产建设兵团财政局)."""
    out: list[AgencyRef] = []
    head = ""
    for unit in units:
        if unit.label in known:
            out.append(unit)
            head = unit.label
            continue
        after_known = out and text[out[-1].span.end:unit.span.start] == "、" and head
        heads = [head[:k] for k in range(len(head) - 2, 1, -1)] if after_known else []
        named = next((h + unit.label for h in heads if h + unit.label in known), None)
        if named is None:
            head = ""
            continue
        out.append(AgencyRef(named, unit.span))
    return tuple(out)


def _point_clause(text: str, point: Span, groups: frozenset[str]) -> tuple[Span, tuple[Responsibility, ...]]:
    """A 一是 point without the responsibility clause closing it (一是…。（A负责）), and that clause's units."""
    clause = trailing_clause(text, point)
    parsed = parse_clause(text, clause) if clause else None
    if not parsed or clause is None:
        return point, ()
    return strip_span(text, Span(point.start, clause.start)), _as_addressed(text, parsed, groups)


def _overlaps(intervals: list[tuple[int, int]], span: Span) -> bool:
    """True when ``span`` overlaps one of the sorted intervals (measures, title and addressees do not overlap
    one another, so only the last few intervals that start before ``span`` ends can reach it)."""
    k = bisect_right(intervals, (span.end, span.end))
    return any(b > span.start for _a, b in intervals[max(0, k - 4):k])


def _with_title(meta: Metadata, title: str) -> Metadata:
    """Metadata with a title composed for a reply that has no heading of its own."""
    from dataclasses import replace

    return replace(meta, title=title)


def _notice_measures(text: str, meta: Metadata, forms: tuple[str, ...],
                     groups: frozenset[str] = frozenset()) -> tuple[list[Section], list[Measure]]:
    """Sections and measures of a notice, plan or opinion. Items whose children carry the content are
    sections; an item that introduces a list (…提供以下服务：) is one measure with its sub-points; a bare
    heading's 一是/二是 paragraphs are its measures. Responsibility: the item's own clause, else a 由A会同B
    sentence, else the clause of the nearest ancestor. (A sentence such as 以下各项任务均需地方各级人民政府落实，
    不再列出 names units behind every item; following the annotation guidelines they are not added.)"""
    items = numbered_items(text)
    numbers = leaf_numbers(items)
    ends = _item_ends(text, items)
    own: dict[int, tuple[tuple[Responsibility, ...], Span | None]] = {}
    for item in items:
        clause = trailing_clause(text, item.body)
        parsed = parse_clause(text, clause) if clause else None
        if not parsed:  # the clause may stand on a line of its own right after the item
            clause = _detached_clause(text, Span(item.para.end, ends[id(item)]))
            parsed = parse_clause(text, clause) if clause else None
        if not parsed:  # or be a labelled line without brackets: 责任单位：市商务局（牵头）、市财政局
            clause = _label_line(text, Span(item.para.end, ends[id(item)]))
            parsed = parse_label_line(text, clause) if clause else None
        own[id(item)] = (_as_addressed(text, parsed, groups), clause) if parsed and clause else ((), None)
    sections, measures = [], []
    absorbed: set[int] = set()

    def add(number: str, item: Item, body: Span, stated: tuple[Responsibility, ...] = ()) -> None:
        responsibilities = stated or own[id(item)][0] or lead_with_sentence(text, body, forms)
        ancestor = item.parent
        while not responsibilities and ancestor is not None:
            responsibilities = own[id(ancestor)][0]
            ancestor = ancestor.parent
        measures.append(Measure(number=number, text=body.of(text), span=body,
                                section=item.parent.path if item.parent else None,
                                responsibilities=responsibilities, targets=find_targets(text, body, meta.date)))

    framing = _framing_articles(text, items)
    for item in items:
        if id(item) in absorbed or id(item) in framing:
            continue
        clause = own[id(item)][1]
        own_body = strip_span(text, Span(item.body.start, clause.start) if clause else item.body)
        if item.rank == ARTICLE and not clause and not item.children:  # an article runs on to the next one
            own_body = strip_span(text, Span(item.body.start, ends[id(item)]))
        if item.children and own_body.of(text).endswith(("：", ":")):
            absorbed.update(id(d) for d in _descendants(items, item))
            whole = strip_span(text, Span(item.body.start, ends[id(item)]))
            last = trailing_clause(text, whole)
            parsed = parse_clause(text, last) if last and not own[id(item)][0] else None
            if parsed and last:  # the list's responsibility clause closes its last point
                own[id(item)] = (parsed, last)
                whole = strip_span(text, Span(whole.start, last.start))
            add(numbers.get(id(item), item.path), item, whole)
            continue
        if item.children:
            sections.append(Section(item.path, heading_title(text, item), item.para,
                                    item.parent.path if item.parent else None))
            continue
        rest = Span(item.para.end, ends[id(item)])
        points = _inline_items(text, rest)
        if _is_heading(own_body.of(text)) and text[rest.start:rest.end].strip():
            sections.append(Section(item.path, heading_title(text, item), item.para,
                                    item.parent.path if item.parent else None))
            for k, point in enumerate(points, start=1):
                add(f"{item.path}.{k}", item, *_point_clause(text, point, groups))
            continue
        inline = _inline_items(text, own_body)
        before = text[own_body.start:inline[0].start].strip() if inline else ""
        opening = _MARKER_END.sub("", before)
        if len(inline) >= 2 and len(opening) <= 30 and not opening.endswith(("：", ":")):
            # （一）heading。一是…二是…（clause）: each 一是 item is a measure under the heading; not so the
            # conditions of a sentence that introduces them (应当具备以下条件：一是…)
            sections.append(Section(item.path, heading_title(text, item), item.para,
                                    item.parent.path if item.parent else None))
            for k, point in enumerate(inline, start=1):
                add(f"{item.path}.{k}", item, *_point_clause(text, point, groups))
            continue
        add(numbers[id(item)], item, own_body)
    for row in task_rows(text):  # a division-of-labour table: the units of the measure it names, else a measure
        task = strip_span(text, row.task)
        responsibilities = from_cells(text, row.lead, row.support)
        named = _measure_named(measures, task.of(text))
        if named is not None:
            measures[named] = replace(measures[named], responsibilities=responsibilities)
            continue
        heading = next((i for i in reversed(items) if i.para.start < row.task.start), None)
        measures.append(Measure(number=row.number, text=task.of(text), span=task,
                                section=heading.path if heading else None,
                                responsibilities=responsibilities, targets=find_targets(text, task, meta.date)))
    return sections, measures


_MARKER_END = re.compile(r"[一二三四五六七八九十]+是$")


def _addressee_groups(text: str, para: Span | None) -> frozenset[str]:
    """The collective groups of the 主送 line, set apart by ， (各镇人民政府、街道办事处 in the line
    各镇人民政府、街道办事处，区政府各部门：)."""
    if para is None:
        return frozenset()
    line = para.of(text).strip().rstrip("：:")
    groups = (g.strip() for g in re.split("[，,；;]", line) if "、" in g and g.strip().startswith("各"))
    return frozenset(g for g in groups if not any(_NAMED_PLACE_BODY.fullmatch(part) for part in g.split("、")[1:]))


# a body of one named place (华泾镇人民政府): listed after 各街道办事处 it is a unit of its own, no part of the group
_NAMED_PLACE_BODY = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:镇|乡|街道|区|县|市)(?:人民政府|办事处)")


def _as_addressed(text: str, units: tuple[Responsibility, ...],
                  groups: frozenset[str]) -> tuple[Responsibility, ...]:
    """Listed units that together are written as one group of the document's 主送 line, as that one collective
    unit (责任单位：…，各镇人民政府、街道办事处 where the notice is addressed to 各镇人民政府、街道办事处)."""
    out = list(units)
    k = 0
    while k < len(out):
        for j in range(len(out) - 1, k, -1):
            a, b = out[k].agency.span, out[j].agency.span
            if a.start < b.end and text[a.start:b.end] in groups:
                merged = AgencyRef(text[a.start:b.end], Span(a.start, b.end))
                out[k:j + 1] = [Responsibility(merged, out[k].role)]
                break
        k += 1
    return tuple(out)


def _framing_articles(text: str, items: list[Item]) -> set[int]:
    """Ids of the articles that frame an attached 办法 (purpose, scope, definitions, interpretation, entry into
    force) when a notice with numbered items of its own comes before it: the notice's items and the 办法's
    substantive articles are its measures. A document that is the 办法 itself keeps every article."""
    articles = [i for i in items if i.rank == ARTICLE]
    if not articles or not any(i.rank > ARTICLE and i.para.start < articles[0].para.start for i in items):
        return set()
    patterns = [re.compile(p) for p in words("articles", "framing")]
    return {id(i) for i in articles if any(p.search(i.body.of(text).strip()) for p in patterns)}


def _measure_named(measures: list[Measure], task: str) -> int | None:
    """Index of the one measure (before any table row) whose text opens with a table row's task (推进工业领域设备更新
    names the measure 推进工业领域设备更新。聚焦…), else None."""
    task = task.strip().rstrip("。")
    if len(task) < 4:
        return None
    hits = [k for k, m in enumerate(measures) if m.text.lstrip().startswith(task)]
    return hits[0] if len(hits) == 1 else None


def _label_line(text: str, rest: Span) -> Span | None:
    """The first paragraph in ``rest`` when it is a labelled responsibility line (责任单位：…)."""
    first = next((p for p in paragraphs(text, rest) if p.of(text).strip()), None)
    return strip_span(text, first) if first is not None else None


def _detached_clause(text: str, rest: Span) -> Span | None:
    """A responsibility clause that is the whole of the first paragraph in ``rest`` (（牵头单位：…）on its own line)."""
    first = next((p for p in paragraphs(text, rest) if p.of(text).strip()), None)
    if first is None:
        return None
    first = strip_span(text, first)
    if text[first.start] not in "（(【[":
        return None
    clause = trailing_clause(text, first)
    return clause if clause is not None and clause.start == first.start else None


def _is_heading(body: str) -> bool:
    """A bare heading (工作目标, 保障措施, 科学规划设施布局): short, one phrase, no sentence."""
    return len(body) <= 20 and "。" not in body.rstrip("。") and "，" not in body


def _inline_items(text: str, span: Span) -> list[Span]:
    """一是…二是… items of the paragraphs in ``span``."""
    from policykg.loaders.extract.replies import inline_items

    return [strip_span(text, s) for s in inline_items(text, span)]


def _descendants(items: list[Item], item: Item) -> list[Item]:
    """Items below ``item`` in the tree."""
    out = []
    for other in items:
        p = other.parent
        while p is not None:
            if p is item:
                out.append(other)
                break
            p = p.parent
    return out


def _item_ends(text: str, items: list[Item]) -> dict[int, int]:
    """Where each item's content ends: the start of the next item at its level or above, or the end of the
    numbered part (a signature date line, an attachment or 抄送 line), whichever comes first."""
    closings = _closing_starts(text)
    ends: dict[int, int] = {}
    open_items: list[Item] = []
    for item in [*items, None]:
        while open_items and (item is None or open_items[-1].rank >= item.rank):
            done = open_items.pop()
            end = item.para.start if item is not None else len(text)
            k = bisect_right(closings, done.para.end)
            ends[id(done)] = min(end, closings[k]) if k < len(closings) else end
        if item is not None:
            open_items.append(item)
    return ends


def _closing_starts(text: str) -> list[int]:
    """Starts of the lines that close a numbered part: a signature date, an attachment or 抄送 line."""
    from policykg.loaders.extract.text import DATE_LINE

    out = []
    for p in paragraphs(text):
        line = p.of(text).strip()
        if len(line) <= 30 and (DATE_LINE.fullmatch(line.replace(" ", "")) or line.startswith(("附件", "抄送"))):
            out.append(p.start)
    return out


def _reply_measures(text: str, meta: Metadata) -> tuple[list[Section], list[Measure]]:
    """Next-steps sections of a reply and their commitments, each the responsibility of the section's agency."""
    sections, measures = [], []
    replier = meta.issuers[0] if meta.issuers else None
    for k, (heading, body, owner) in enumerate(forward_sections(text)):
        number = str(k + 1)
        sections.append(Section(number, heading.of(text), heading))
        agency = owner or replier
        for span in commitments(text, body):
            span = strip_span(text, span)
            description = span.of(text)
            for marker in ("一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是"):
                if description.startswith(marker):
                    span = Span(span.start + len(marker), span.end)
                    break
            named = _named_first(text, span)  # （一）市总工会。2025年新建…: that department's commitment
            resp = (Responsibility(named or agency, "lead"),) if named or agency else ()
            measures.append(Measure(str(len(measures) + 1), span.of(text), span, number, resp,
                                    find_targets(text, span, meta.date)))
    covered = [Span(heading.start, body.end) for heading, body, _ in forward_sections(text)]
    for heading, span, owner in inline_next_steps(text, covered):  # （一）省医保局。…下一步，省医保局将…
        sections.append(Section(str(len(sections) + 1), heading.of(text), heading))
        span = strip_span(text, span)
        measures.append(Measure("", span.of(text), span, sections[-1].number, (Responsibility(owner, "lead"),),
                                find_targets(text, span, meta.date)))
    measures = [replace(m, number=str(k + 1)) for k, m in enumerate(sorted(measures, key=lambda m: m.span.start))]
    if not sections:  # no next-steps heading: a paragraph that starts 下一步… holds the commitments
        for para in paragraphs(text):
            if para.of(text).startswith(("下一步", "下步")):
                resp = (Responsibility(replier, "lead"),) if replier else ()
                for span in commitments(text, para):
                    span = strip_span(text, span)
                    measures.append(Measure(str(len(measures) + 1), span.of(text), span, None, resp,
                                            find_targets(text, span, meta.date)))
    return sections, measures


def _named_first(text: str, span: Span) -> AgencyRef | None:
    """The department an item opens with as its heading (市总工会。… / 市医保局：…), or whose 将 opens the sentence
    after its heading (加大财政支持力度。省财政厅将…), if any."""
    from policykg.loaders.resolve import is_collective, looks_like_agency

    head = re.match(r"[^。：:，,；;（(]{2,30}(?=[。：:])", span.of(text))
    if head is None:
        return None
    if not looks_like_agency(head.group()):  # 加大财政支持力度。省财政厅将…: the subject of the first sentence
        head = re.match(r"[^。：:，,；;（(]{2,30}。(?P<name>[^。：:，,；;（(将]{2,20})(?=将)", span.of(text))
        if head is None or not looks_like_agency(head.group("name")) or is_collective(head.group("name")):
            return None
        return AgencyRef(head.group("name"), Span(span.start + head.start("name"), span.start + head.end("name")))
    if is_collective(head.group()):
        return None
    return AgencyRef(head.group(), Span(span.start, span.start + head.end()))


def _unique(refs: tuple[AgencyRef, ...]) -> tuple[AgencyRef, ...]:
    """Agency references without repeats of the same span, in text order, and without a form matched inside the
    end of a longer name (区人民政府 inside the listed unit 城关区人民政府)."""
    seen: dict[tuple[int, int], AgencyRef] = {}
    for r in refs:
        seen.setdefault((r.span.start, r.span.end), r)
    ends: dict[int, int] = {}
    for start, end in seen:
        ends[end] = min(start, ends.get(end, start))
    return tuple(r for _, r in sorted(seen.items()) if ends[r.span.end] == r.span.start)
