"""Responsibility clauses: （责任单位：A、B）, （牵头单位：A；配合单位：B、C）, （A负责）, （A牵头，B、C配合）."""

from policykg.loaders.extract.agencies import split_list
from policykg.loaders.facts import AgencyRef, Responsibility, Span
from policykg.loaders.patterns import words


def trailing_clause(text: str, para: Span) -> Span | None:
    """Span of the balanced bracket group that ends the paragraph (before a final 。), if any."""
    end = para.end
    while end > para.start and text[end - 1] in "。. \u3000；;":
        end -= 1
    if end <= para.start or text[end - 1] not in "）)":
        return None
    depth = 0
    for i in range(end - 1, para.start - 1, -1):
        ch = text[i]
        if ch in "）)":
            depth += 1
        elif ch in "（(":
            depth -= 1
            if depth == 0:
                return Span(i, end)
    return None


def parse_clause(text: str, clause: Span) -> tuple[Responsibility, ...] | None:
    """Responsibilities stated by a bracketed clause, or None when it is not a responsibility clause."""
    inner = Span(clause.start + 1, clause.end - 1)
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
                    out.extend((u, role) for u in units)
                seg_start = i + 1
        return _ordered(out) if out else None
    for suffix in words("responsibility", "responsible_suffix"):
        if body.endswith(suffix):
            units = split_list(text, Span(inner.start, inner.end - len(suffix)))
            return _ordered([(u, "list") for u in units]) or None
    if "牵头" in body:
        out = []
        for part in split_parts(text, inner):
            part_text = part.of(text)
            if part_text.endswith("牵头"):
                out.extend((u, "lead") for u in split_list(text, Span(part.start, part.end - 2)))
            elif part_text.endswith(("配合", "参与", "协同")):
                out.extend((u, "support") for u in split_list(text, Span(part.start, part.end - 2)))
            else:
                return None
        return _ordered(out) or None
    return None


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
