"""Find agency names in text: every mention of a known form, and the units of a written list."""

import re
from bisect import bisect_right
from functools import cache

from policykg.loaders.facts import AgencyRef, Span

_LIST_SEPARATORS = "、，,；;"
# a national body name directly followed by a place name is the start of a longer local unit's name
_SESSION_AFTER = re.compile(r"第?[一二三四五六七八九十]+届")
_NOT_A_PLACE = ("关于", "印发", "转发", "等", "会同", "联合", "牵头", "负责", "配合", "指导", "要", "将", "在", "对",
                "和", "及")
_LOCAL_CONTINUATION = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:省|自治区|市|自治州|州|县|区|盟|旗|各)")


@cache
def known_forms(forms: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation of all forms, longest first."""
    return re.compile("|".join(re.escape(f) for f in forms))


def find_mentions(text: str, forms: tuple[str, ...], national: frozenset[str] = frozenset(),
                  skip: tuple[Span, ...] = ()) -> tuple[AgencyRef, ...]:
    """Every occurrence of a known agency form in ``text`` outside the ``skip`` spans."""
    if not forms:
        return ()
    out = []
    skipped = sorted((s.start, s.end) for s in skip)
    starts = [a for a, _ in skipped]
    for m in known_forms(forms).finditer(text):
        k = bisect_right(starts, m.start())
        if any(a <= m.start() < b for a, b in skipped[max(0, k - 4):k]):
            continue
        after = text[m.end():m.end() + 12]
        if after.startswith("门"):  # 民政部门, 财政部门: a kind of department, not a named body
            continue
        if after.startswith("令"):  # 民政部令第49号 names an order, not the ministry
            continue
        if m.group().endswith(("政协", "人大")) and _SESSION_AFTER.match(after):  # 省政协十二届二次会议: a session
            continue
        if m.group() in national and _LOCAL_CONTINUATION.match(after) and not after.startswith(_NOT_A_PLACE):
            continue
        out.append(AgencyRef(m.group(), Span(m.start(), m.end())))
    return tuple(out)


def split_list(text: str, span: Span) -> tuple[AgencyRef, ...]:
    """The units of a written list such as 省民政厅、省卫生健康委 (separators inside brackets ignored)."""
    out = []
    depth = 0
    start = span.start
    for i in range(span.start, span.end + 1):
        ch = text[i] if i < span.end else "、"
        if ch in "（(〔[":
            depth += 1
        elif ch in "）)〕]":
            depth = max(0, depth - 1)
        elif ch in _LIST_SEPARATORS and depth == 0:
            a, b = start, i
            while a < b and text[a] in " \u3000":
                a += 1
            while b > a and text[b - 1] in " \u3000。":
                b -= 1
            if b - a > 2 and text[b - 1] == "等":  # 民政部、国家发展改革委等 (按职责分工负责)
                b -= 1
            if b > a:
                out.append(AgencyRef(text[a:b], Span(a, b)))
            start = i + 1
    return tuple(out)
