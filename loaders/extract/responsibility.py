"""Responsibility clauses: （责任单位：A、B）, （牵头单位：A；配合单位：B、C）, （A负责）, （A牵头，B、C配合）."""

import re

from policykg.loaders.extract.agencies import known_forms, split_list
from policykg.loaders.facts import AgencyRef, Responsibility, Span
from policykg.loaders.patterns import words

_AGENCY_LIKE = re.compile(
    r"[\u4e00-\u9fff（）]{2,30}?(?:人民政府|办公厅|办公室|委员会|办事处|部门|局|厅|委|办|部|署|院|会|中心|总队|支队|行|(?<!公)司)"
)
_BY_LEAD = re.compile(r"由(?=[\u4e00-\u9fff])")


def _agencies_at(text: str, pos: int, end: int, forms: tuple[str, ...],
                 known_only: bool = False) -> tuple[list[AgencyRef], int]:
    """Agency names listed from ``pos`` (separated by 、 and 和/及), and where the list ends; the first must
    be a known name when ``known_only``. Generic departments sharing a head and a tail are one unit each
    (县级以上人民政府公安、财政等部门 → 县级以上人民政府公安部门, 县级以上人民政府财政部门)."""
    out: list[AgencyRef] = []
    pattern = known_forms(forms) if forms else None
    while pos < end:
        shared, after = _shared_tail(text, pos, end, forms)
        if shared:
            out += shared
            pos = after
        else:
            m = pattern.match(text, pos, end) if pattern else None
            if m is not None and text.startswith("门", m.end()):  # 财政部门 is a kind of department, not 财政部
                m = None
            if m is None and text.startswith("各", pos):
                m = _COLLECTIVE_SUBJECT.match(text, pos, end)  # 各县（市、区）人民政府, 各区、县（市）民政局
            if m is None:
                m = _GENERIC_UNIT.match(text, pos, end)  # 民政部门, 各地医疗保障部门, 县级以上人民政府卫生健康主管部门
                if m and _too_vague(m.group()):
                    m = None
            if m is None:
                like = _AGENCY_LIKE.match(text, pos, end)
                # a first unit must be known, or a collective as written (各设区市民政局)
                m = like if like and (out or not known_only or like.group().startswith("各")) else None
                if m and _too_vague(m.group()):  # 会同有关部门: no unit
                    m = None
            if not m:
                break
            out.append(AgencyRef(m.group(), Span(m.start(), m.end())))
            pos = m.end()
        if text.startswith("等", pos):
            pos += 1
            for tail in ("部门", "单位", "有关部门"):
                if text.startswith(tail, pos):
                    pos += len(tail)
                    break
            break
        if pos < end and text[pos] in "、和及与":
            pos += 1
            continue
        break
    return out, pos


def lead_with_sentence(text: str, body: Span, forms: tuple[str, ...]) -> tuple[Responsibility, ...]:
    """Responsibility stated in the sentences of a measure: (由)A会同B、C…, A负责…，B负责…, 此项工作由A牵头，B配合,
    各乡镇人民政府要…, 建立由A、B等部门参加的…机制，A负责…. A unit that opens a sentence is its subject whatever
    verb follows (省自然资源厅对…予以保障), one that opens a clause only before a subject's verb (负责, 要 …). The lead
    is the first unit that 牵头/会同s or is a subject; units that 配合/协助/参加 and the later subjects support."""
    if not forms:
        return ()
    after_by = {m.end() for m in _BY_LEAD.finditer(text, body.start, body.end)} | _seats(text, body)
    opening = (known_forms(forms), _COLLECTIVE_SUBJECT, _GENERIC_UNIT, _SHARED_TAIL)
    starts = set(after_by) | {m.start() for pattern in opening for m in pattern.finditer(text, body.start, body.end)
                              if _opens(text, body, m.start(), "。；;，：:")}
    found: list[tuple[AgencyRef, str]] = []  # role: "lead" (explicit), "subject", "support"
    heading = _heading_end(text, body)
    named = _named_before_verb(text, body)
    for start in sorted(starts | set(named)):
        if any(start < ref.span.end for ref, _ in found[-1:]):
            continue
        units, pos = _agencies_at(text, start, body.end, forms, known_only=True)
        if start in named and (not units or pos < named[start][1]):  # 东城交通支队负责执法: units not known by name
            units, pos = named[start]
        if not units and start in after_by:  # 由运行管理司牵头: a unit not known by name, before 牵头
            units, pos = _agencies_at(text, start, body.end, forms)
            if not text.startswith("牵头", pos):
                units = []
        if not units:
            continue
        modal = next((w for w in words("responsibility", "modal") if text.startswith(w, pos)), "")
        joint = next((j for j in words("responsibility", "jointly") if text.startswith(j, pos + len(modal))), None)
        sentence = _opens(text, body, start, "。；;")
        subject_verbs = words("responsibility", "subject_verbs")
        if joint:
            pos += len(modal)
            others, _ = _agencies_at(text, pos + len(joint), body.end, forms)
            found += [(units[0], "lead")] + [(u, "support") for u in units[1:] + others]
        elif text.startswith("牵头", pos):
            found += [(units[0], "lead")] + [(u, "support") for u in units[1:]]
            found += [(u, "support") for u in _supporters_after(text, pos + 2, body.end)]
        elif text.startswith(words("responsibility", "support_verbs"), pos):
            found += [(u, "support") for u in units]
        elif start in after_by or text.startswith(subject_verbs, _after_adverb(text, pos)) or (
                sentence and start >= heading and not text.startswith(words("responsibility", "not_subject"), pos)):
            found += [(u, "subject") for u in units]
    return _from_sentences(found)


def _named_before_verb(text: str, body: Span) -> dict[int, tuple[list[AgencyRef], int]]:
    """Units, known by name or not, that make up a whole clause before 负责 or 牵头 (东华门街道办事处、景山街道办事处
    负责…, 东城交通支队负责执法), by the clause's start, with where the list ends."""
    out = {}
    for m in re.finditer("负责|牵头", text[body.start:body.end]):
        verb = body.start + m.start()
        start = max(text.rfind(c, body.start, verb) for c in "。；;，,：:") + 1
        start = max(start, body.start)
        while start < verb and text[start] in " \u3000\t\r\n":
            start += 1
        if start >= verb or start in out:
            continue
        units = list(split_list(text, Span(start, verb)))
        if units and all(_is_unit(u.label) and len(u.label) <= _NAMED_MAX and not _NOT_IN_NAME.search(u.label)
                         for u in units):
            out[start] = (units, verb)
    return out


_NAMED_MAX = 16
_NOT_IN_NAME = re.compile(r"[由的对将在为与把向从要是等]|会同|按照|负责")


def _after_adverb(text: str, pos: int) -> int:
    """Position after an adverb of time or manner written between a unit and its verb (每年组织, 定期督导)."""
    return pos + next((len(w) for w in words("responsibility", "adverbs") if text.startswith(w, pos)), 0)


def _heading_end(text: str, body: Span) -> int:
    """End of the heading sentence a measure opens with (全面推进无烟党政机关建设。), else its start: a phrase there
    names a unit only before a verb that makes it one (县林业局负责。)."""
    stop = text.find("。", body.start, body.end)
    head = text[body.start:stop] if stop >= 0 else ""
    if not head or len(head) > _HEADING_MAX or any(c in head for c in "，,；;：:"):
        return body.start
    return stop + 1


_HEADING_MAX = 30


def _seats(text: str, body: Span) -> set[int]:
    """Positions right after the words that seat a working group's office in a unit (办公室设在市商务局)."""
    out = set()
    for word in words("responsibility", "seat"):
        k = text.find(word, body.start, body.end)
        while k >= 0:
            out.add(k + len(word))
            k = text.find(word, k + 1, body.end)
    return out


def _supporters_after(text: str, pos: int, end: int) -> list[AgencyRef]:
    """The units of the clause after A牵头 that ends in 配合/参与/协助 (由A牵头，B、C配合), as written."""
    if pos >= end or text[pos] not in "，,":
        return []
    stop = min((i for i in (text.find(c, pos + 1, end) for c in "。；;，,") if i >= 0), default=end)
    verb = next((v for v in words("responsibility", "support_verbs") if text.endswith(v, pos + 1, stop)), None)
    if verb is None:
        return []
    units = [part for u in split_list(text, Span(pos + 1, stop - len(verb))) for part in _split_and(u)]
    return [u for u in units if _is_unit(u.label)]


def _split_and(unit: AgencyRef) -> list[AgencyRef]:
    """A listed item that joins two units with 及 or 和, each a unit (区财政局及相关街道办事处), as the two units."""
    for word in "及和":
        k = unit.label.find(word)
        if k > 1:
            first, second = unit.label[:k], unit.label[k + 1:]
            if len(second) > 2 and _is_unit(first) and _is_unit(second):
                a, b = unit.span.start, unit.span.start + k
                return [AgencyRef(first, Span(a, b)), AgencyRef(second, Span(b + 1, unit.span.end))]
    return [unit]


def _opens(text: str, body: Span, pos: int, stops: str) -> bool:
    """True when ``pos`` opens the body or follows one of ``stops`` (line breaks and spaces aside)."""
    while pos > body.start and text[pos - 1] in " \u3000\t\r\n":
        pos -= 1
    return pos == body.start or text[pos - 1] in stops


# the head a generic department's name may open with (县级以上人民政府民政部门, 设区市、县（市、区）民政部门)
_GENERIC_HEAD = (r"(?:各地|各级|地方各级|各省级|县级以上(?:地方)?人民政府|设区的?市(?:、县（市、区）)?(?:人民政府)?|"
                 r"省级|市级|县级|同级)")
# a character of a generic department's name: not the start of a word that ends the name (由, 会同, 应当 …)
_NAME_CHAR = (r"(?:(?!由|的|会同|建立|将|对|向|应当|负责|牵头|配合|协助|参加|参与|按照|根据|依照|依据|等|部门)"
              r"[\u4e00-\u9fff])")
# a kind of department (民政部门, 公安机关), or a kind of government or office (县级以上人民政府, 街道办事处)
_GENERIC_UNIT = re.compile(_GENERIC_HEAD + "?" + _NAME_CHAR + r"{2,10}?(?:主管部门|部门|机关)|"
                           r"(?:县级以上(?:地方)?|县级|乡级|乡镇|设区的市|地方各级)人民政府|(?:街道|地区)办事处")
_SHARED_TAIL = re.compile(r"(?P<head>" + _GENERIC_HEAD + r")?(?P<items>" + _NAME_CHAR + r"{2,8}?(?:、"
                          + _NAME_CHAR + r"{2,8}?)+)等?(?P<tail>主管部门|部门)")


def _shared_tail(text: str, pos: int, end: int, forms: tuple[str, ...]) -> tuple[list[AgencyRef], int]:
    """Generic departments written with a shared head and tail (县级以上人民政府发展改革、公安等部门, 民政、老干部、
    文化和旅游等部门), one unit each, and where they end; none when an item is itself a known name."""
    m = _SHARED_TAIL.match(text, pos, end)
    if not m:
        return [], pos
    head, tail = m.group("head") or "", m.group("tail")
    known = set(forms)
    units, start = [], m.start("items")
    for item in m.group("items").split("、"):
        if item in known:
            return [], pos
        units.append(AgencyRef(head + item + tail, Span(start, start + len(item))))
        start += len(item) + 1
    return units, m.end()


def _too_vague(label: str) -> bool:
    """A department named by its role alone (有关部门, 省直有关部门, 主管部门), not by its field (卫生健康主管部门)."""
    rest = re.sub("^" + _GENERIC_HEAD, "", label)
    return rest in _TOO_VAGUE or rest.endswith(("有关部门", "相关部门"))


_TOO_VAGUE = ("有关部门", "相关部门", "各部门", "职能部门", "行业部门", "主管部门", "业务部门", "责任部门", "牵头部门",
              "配合部门")
_COLLECTIVE_SUBJECT = re.compile(
    r"各(?:(?!要|应当|将|须|需)[\u4e00-\u9fff（）]|、(?!各)){1,20}?(?:人民政府|政府|部门|单位|办事处|局|厅|委)"
)


def _from_sentences(found: list[tuple[AgencyRef, str]]) -> tuple[Responsibility, ...]:
    """Responsibilities from the units the sentences name: one per unit as written, in order of first mention; a
    unit named again in a stronger role takes it (A、B等部门参加的机制，A负责… makes A a subject); the first unit
    that leads or is a subject leads."""
    rank = {"support": 0, "subject": 1, "lead": 2}
    if any(role != "support" and not is_generic(ref.label) for ref, role in found):
        found = [(ref, role) for ref, role in found if not _every_level(ref.label)]  # named bodies, not kinds of them
    units: dict[str, AgencyRef] = {}
    roles: dict[str, str] = {}
    for ref, role in found:
        units.setdefault(ref.label, ref)
        if ref.label not in roles or rank[role] > rank[roles[ref.label]]:
            roles[ref.label] = role
    lead = next((u for label, u in units.items() if roles[label] in ("lead", "subject")), None)
    if lead is None:
        return ()
    others = [Responsibility(u, "support") for u in units.values() if u is not lead]
    return (Responsibility(lead, "lead"), *others)


def trailing_clause(text: str, para: Span) -> Span | None:
    """Span of the balanced bracket group (（…）, 【…】, […]) that ends the paragraph (before a final 。), if any."""
    end = para.end
    while end > para.start and text[end - 1] in "。. \u3000；;\n\r\t":
        end -= 1
    if end <= para.start or text[end - 1] not in _CLOSERS:
        return None
    closer = text[end - 1]
    opener = _OPENER[closer]
    depth = 0
    for i in range(end - 1, para.start - 1, -1):
        ch = text[i]
        if ch in _SAME[closer]:
            depth += 1
        elif ch in opener:
            depth -= 1
            if depth == 0:
                return Span(i, end)
    return None


# a clause is a bracket group: （…） (…) 【…】 […]; 】 closes 【 only, ） and ) close either round bracket
_CLOSERS = "）)】]"
_OPENER = {"）": "（(", ")": "（(", "】": "【", "]": "["}
_SAME = {"）": "）)", ")": "）)", "】": "】", "]": "]"}


def parse_clause(text: str, clause: Span) -> tuple[Responsibility, ...] | None:
    """Responsibilities stated by a bracketed clause, or None when it is not a responsibility clause. A
    division-of-labour note closing the clause (…，列第一位者为牵头单位；以下各项…不再列出) is left out."""
    inner = Span(clause.start + 1, clause.end - 1)
    body = inner.of(text)
    note = min((body.find(n) for n in words("responsibility", "notes") if n in body), default=-1)
    if note >= 0:
        cut = max(body.rfind(sep, 0, note) for sep in "，,；;")
        if cut <= 0:
            return None
        inner = Span(inner.start, inner.start + cut)
    return parse_units(text, inner)


def parse_label_line(text: str, line: Span) -> tuple[Responsibility, ...] | None:
    """Responsibilities of a line of its own such as 责任单位：市商务局（牵头）、市财政局 (no brackets)."""
    body = line.of(text)
    colon = min((body.find(c) for c in "：:" if c in body), default=-1)
    labels = [*words("responsibility", "lead"), *words("responsibility", "support"), *words("responsibility", "list")]
    if colon <= 0 or not any(body[:colon].strip().endswith(w) for w in labels):
        return None
    end = line.end
    while end > line.start and text[end - 1] in "。；; \u3000":
        end -= 1
    return parse_units(text, Span(line.start, end))


def _label_after_blank(text: str, i: int, end: int, labels: dict[str, str]) -> bool:
    """True at a blank that sets a second labelled list apart on one line (牵头单位：A　配合单位：B、C)."""
    if text[i] not in " \u3000" or (i > 0 and text[i - 1] in " \u3000"):
        return False
    j = i
    while j < end and text[j] in " \u3000":
        j += 1
    colon = min((k for k in (text.find("：", j, end), text.find(":", j, end)) if k >= 0), default=-1)
    return 0 < colon - j <= 8 and text[j:colon] in labels


def parse_units(text: str, inner: Span) -> tuple[Responsibility, ...] | None:
    """Responsibilities stated by the text of a clause (without its brackets), or None when it states none."""
    body = inner.of(text)
    labels = {**{w: "lead" for w in words("responsibility", "lead")},
              **{w: "support" for w in words("responsibility", "support")},
              **{w: "list" for w in words("responsibility", "list")}}
    if any(sep in body for sep in "：:"):
        out: list[tuple[AgencyRef, str]] = []
        seg_start = inner.start
        for i in range(inner.start, inner.end + 1):
            if i == inner.end or text[i] in "；;" or _label_after_blank(text, i, inner.end, labels):
                seg = Span(seg_start, i)
                seg_text = seg.of(text)
                colon = min((seg_text.find(c) for c in "：:" if c in seg_text), default=-1)
                if colon > 0:
                    label = seg_text[:colon].strip()
                    role = next((r for w, r in labels.items() if label.endswith(w) or label == w), None)
                    if role is None:
                        return None
                    units = split_list(text, Span(seg.start + colon + 1, seg.end))
                    out.extend(_lead_marked(u) if role == "list" else (u, role) for u in units)
                seg_start = i + 1
        return _ordered(out) if out else None
    parted = _by_parts(text, inner)
    if parted:
        return parted
    for suffix in words("responsibility", "responsible_suffix"):
        if body.endswith(suffix):
            joint = body.find("会同")  # （A会同B、C负责）: A leads, B and C take part
            if joint > 0:
                leads = split_list(text, Span(inner.start, inner.start + joint))
                others = split_list(text, Span(inner.start + joint + 2, inner.end - len(suffix)))
                if leads and others and all(_is_unit(u.label) for u in (*leads, *others)):
                    return _ordered([(u, "lead") for u in leads] + [(u, "support") for u in others])
            units = split_list(text, Span(inner.start, inner.end - len(suffix)))
            return _ordered([_lead_marked(u) for u in units]) or None
    units = split_list(text, inner)
    if units and all(_is_unit(u.label) for u in units) and "牵头" not in body:
        return _ordered([(u, "list") for u in units])
    if "牵头" in body:
        out = []
        for part in split_parts(text, inner):
            if text.startswith("由", part.start):
                part = Span(part.start + 1, part.end)
            part_text = part.of(text)
            if part_text.endswith("牵头"):
                out.extend((u, "lead") for u in split_list(text, Span(part.start, part.end - 2)))
            elif part_text.endswith(("配合", "参与", "协同")):
                out.extend((u, "support") for u in split_list(text, Span(part.start, part.end - 2)))
            else:
                return None
        return _ordered(out) or None
    return None


def _by_parts(text: str, inner: Span) -> tuple[Responsibility, ...] | None:
    """Responsibilities of a clause in parts that each close with a verb (中央宣传部、文化和旅游部牵头，
    农业农村部按职责分工负责; 地方各级人民政府负责，财政部、文化和旅游部加强指导), or None when a part closes with
    none or names no unit."""
    parts = split_parts(text, inner)
    if len(parts) < 2:
        return None
    out: list[tuple[AgencyRef, str]] = []
    for part in parts:
        if text.startswith("由", part.start):
            part = Span(part.start + 1, part.end)
        closing = _part_verb(part.of(text))
        if closing is None:
            return None
        verb, role = closing
        units = split_list(text, Span(part.start, part.end - len(verb)))
        if not units or not all(_is_unit(u.label) for u in units):
            return None
        out.extend((u, role) for u in units)
    return _ordered(out) or None


def _part_verb(part: str) -> tuple[str, str] | None:
    """The verb closing a part of a clause and the role it gives (牵头: lead, 负责: list, 配合/指导: support)."""
    for role, key in (("lead", "lead_verbs"), ("list", "responsible_suffix"), ("support", "clause_support")):
        verb = next((v for v in words("responsibility", key) if part.endswith(v)), None)
        if verb and len(part) > len(verb):
            return verb, role
    return None


def _lead_marked(unit: AgencyRef) -> tuple[AgencyRef, str]:
    """A listed unit and its role: 应急管理部牵头 (in 应急管理部牵头，A、B等按职责分工负责) leads."""
    for mark in ("（牵头）", "(牵头)", "牵头"):
        if unit.label.endswith(mark) and len(unit.label) > len(mark) + 1:
            end = unit.span.end - len(mark)
            return AgencyRef(unit.label[:-len(mark)], Span(unit.span.start, end)), "lead"
    return unit, "list"


def _is_unit(label: str) -> bool:
    """A list item that names a responsible unit (an agency or a collective such as 各区人民政府)."""
    from policykg.loaders.resolve import is_collective, looks_like_agency

    return looks_like_agency(label) or is_collective(label)


def split_parts(text: str, inner: Span) -> list[Span]:
    """Parts of a clause separated by ，or ；at bracket depth 0."""
    parts, depth, start = [], 0, inner.start
    for i in range(inner.start, inner.end + 1):
        ch = text[i] if i < inner.end else "，"
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth -= 1
        elif ch in "，,；;" and depth == 0:
            if i > start:
                parts.append(Span(start, i))
            start = i + 1
    return parts


def _ordered(items: list[tuple[AgencyRef, str]]) -> tuple[Responsibility, ...]:
    """Responsibilities in order: explicit leads first; in a plain list the first unit leads."""
    leads = [u for u, r in items if r == "lead"]
    if leads:
        ordered = [Responsibility(leads[0], "lead")]
        ordered += [Responsibility(u, "support") for u in leads[1:]]
        ordered += [Responsibility(u, "support") for u, r in items if r != "lead"]
        return tuple(ordered)
    return tuple(Responsibility(u, "lead" if k == 0 else "support") for k, (u, _) in enumerate(items))


def from_cells(text: str, lead: Span | None, support: Span | None) -> tuple[Responsibility, ...]:
    """Responsibilities from a table row: the lead cell's units (the first leads), then the support cell's."""
    leads = _cell_units(text, lead) if lead else []
    others = _cell_units(text, support) if support else []
    return _ordered([(u, "lead") for u in leads] + [(u, "support") for u in others])


def _cell_units(text: str, cell: Span) -> list[AgencyRef]:
    """The units of a table cell: a list (、，), its parts also set apart by spaces (市财政局　市生态环境局)."""
    units, start = [], cell.start
    for m in [*re.finditer(r"[ \u3000\t]+", text[cell.start:cell.end]), None]:
        end = cell.start + m.start() if m else cell.end
        if end > start:
            units += split_list(text, Span(start, end))
        if m:
            start = cell.start + m.end()
    return units


def _every_level(label: str) -> bool:
    """A kind of department at every level (各级食品药品监管部门): no unit beside the bodies a measure names."""
    return label.startswith("各级") and is_generic(label)


def is_generic(label: str) -> bool:
    """A kind of department rather than a named body (民政部门, 县级以上人民政府卫生健康主管部门)."""
    return bool(_GENERIC_UNIT.fullmatch(label))
