"""Responsibility clauses: （责任单位：A、B）, （牵头单位：A；配合单位：B、C）, （A负责）, （A牵头，B、C配合）."""

import re

from policykg.loaders.extract.agencies import known_forms, split_list
from policykg.loaders.facts import AgencyRef, Responsibility, Span
from policykg.loaders.patterns import words

_AGENCY_LIKE = re.compile(
    r"[\u4e00-\u9fff（）]{2,30}?(?:人民政府|办公厅|办公室|委员会|办事处|部门|局|厅|委|办|部|署|院|会|中心|总队|支队|行)"
)
_BY_LEAD = re.compile(r"由(?=[\u4e00-\u9fff])")
_JOINTLY = ("会同", "联合", "协同", "商")
def _agencies_at(text: str, pos: int, end: int, forms: tuple[str, ...],
                 known_only: bool = False) -> tuple[list[AgencyRef], int]:
    """Agency names listed from ``pos`` (separated by 、 and 和/及), and where the list ends; the first must
    be a known name when ``known_only``."""
    out: list[AgencyRef] = []
    pattern = known_forms(forms) if forms else None
    while pos < end:
        m = pattern.match(text, pos, end) if pattern else None
        if m is None:
            m = _GENERIC_UNIT.match(text, pos, end)  # 民政部门, 各地医疗保障部门, 县级以上人民政府卫生健康主管部门
            if m and m.group().endswith(_TOO_VAGUE):
                m = None
        if m is None:
            like = _AGENCY_LIKE.match(text, pos, end)
            # a first unit must be known, or a collective as written (各设区市民政局)
            m = like if like and (out or not known_only or like.group().startswith("各")) else None
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


_SUBJECT_VERBS = ("负责", "牵头", "组织", "统筹", "指导", "要", "应当", "督促", "会同", "按照职责", "按职责", "依职责",
                  "分别")
_SUPPORT_VERBS = ("配合", "协助", "参与", "参加")


def lead_with_sentence(text: str, body: Span, forms: tuple[str, ...]) -> tuple[Responsibility, ...]:
    """Responsibility stated in the sentences of a measure: (由)A会同B、C…, A负责…，B负责…, 此项工作由A牵头，B配合,
    各乡镇人民政府要…. An explicit 牵头/由…会同 names the lead; else the first unit named as a subject leads; units
    that 配合/协助 and the later subjects support."""
    if not forms:
        return ()
    after_by = {m.end() for m in _BY_LEAD.finditer(text, body.start, body.end)}
    starts = set(after_by) | {m.start() for m in known_forms(forms).finditer(text, body.start, body.end)
                              if m.start() == body.start or text[m.start() - 1] in "。；，："}
    starts |= {m.start() for pattern in (_COLLECTIVE_SUBJECT, _GENERIC_UNIT)
               for m in pattern.finditer(text, body.start, body.end)
               if m.start() == body.start or text[m.start() - 1] in "。；，："}
    found: list[tuple[AgencyRef, str]] = []  # role: "lead" (explicit), "subject", "support"
    for start in sorted(starts):
        if any(start < ref.span.end for ref, _ in found[-1:]):
            continue
        units, pos = _agencies_at(text, start, body.end, forms, known_only=True)
        if not units:
            continue
        joint = next((j for j in _JOINTLY if text.startswith(j, pos)), None)
        if joint:
            others, _ = _agencies_at(text, pos + len(joint), body.end, forms)
            found += [(units[0], "lead")] + [(u, "support") for u in units[1:] + others]
        elif text.startswith("牵头", pos):
            found += [(units[0], "lead")] + [(u, "support") for u in units[1:]]
        elif any(text.startswith(v, pos) for v in _SUPPORT_VERBS):
            found += [(u, "support") for u in units]
        elif start in after_by or any(text.startswith(v, pos) for v in _SUBJECT_VERBS):
            found += [(u, "subject") for u in units]
    return _from_sentences(found)


_GENERIC_UNIT = re.compile(
    r"(?:各地|各级|地方各级|县级以上(?:地方)?人民政府|设区的市(?:、县（市、区）)?人民政府|省级|市级|县级|同级)?"
    r"[\u4e00-\u9fff]{2,10}?(?:主管部门|部门)"
)
_TOO_VAGUE = ("有关部门", "相关部门", "各部门", "职能部门", "行业部门", "主管部门", "业务部门", "责任部门", "牵头部门",
              "配合部门")
_COLLECTIVE_SUBJECT = re.compile(r"各[\u4e00-\u9fff（）]{1,20}?(?:人民政府|政府|部门|单位|办事处|局|厅|委)")


def _from_sentences(found: list[tuple[AgencyRef, str]]) -> tuple[Responsibility, ...]:
    """Responsibilities from the units the sentences name: one per unit as written, the lead first."""
    seen: dict[str, tuple[AgencyRef, str]] = {}
    for ref, role in found:
        if ref.label not in seen or role == "lead":
            seen[ref.label] = (ref, role if ref.label not in seen or role == "lead" else seen[ref.label][1])
    units = list(seen.values())
    if not units:
        return ()
    lead = next((u for u, r in units if r == "lead"), None) or next((u for u, r in units if r == "subject"), None)
    if lead is None:
        return ()
    return tuple([Responsibility(lead, "lead")] + [Responsibility(u, "support") for u, _ in units if u is not lead])


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
            if i == inner.end or text[i] in "；;":
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
    for suffix in words("responsibility", "responsible_suffix"):
        if body.endswith(suffix):
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


def is_generic(label: str) -> bool:
    """A kind of department rather than a named body (民政部门, 县级以上人民政府卫生健康主管部门)."""
    return bool(_GENERIC_UNIT.fullmatch(label))
