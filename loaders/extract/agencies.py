"""Find agency names in text: every mention of a known form, and the units of a written list."""

import re
import sys
from bisect import bisect_right
from collections.abc import Iterator
from functools import cache

from policykg.loaders.facts import AgencyRef, Span

_LIST_SEPARATORS = "、，,；;"
# a national body name directly followed by a place name is the start of a longer local unit's name
_SESSION_AFTER = re.compile(r"第?[一二三四五六七八九十]+届")
_NOT_A_PLACE = ("关于", "印发", "转发", "等", "会同", "联合", "牵头", "负责", "配合", "指导", "要", "将", "在", "对",
                "和", "及")
_LOCAL_CONTINUATION = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:省|自治区|市|自治州|州|县|区|盟|旗|各)")


class FormSet(tuple[str, ...]):
    """Agency forms, longest first, that remember their parts (the registry's global forms, a province's, a
    jurisdiction's own): each part compiles once, as a pattern of thousands of forms takes 0.1–0.5 s."""

    parts: tuple[tuple[str, ...], ...]
    matcher: "FormMatcher | None" = None

    @classmethod
    def of(cls, *parts: tuple[str, ...]) -> "FormSet":
        """The forms of all parts, longest first."""
        merged = cls(sorted({f for part in parts for f in part}, key=lambda f: (-len(f), f)))
        merged.parts = tuple(part for part in parts if part)
        return merged


class FormMatcher:
    """Leftmost-longest matching over compiled parts, with the methods of ``re.Pattern`` the loaders use."""

    def __init__(self, *patterns: re.Pattern[str]) -> None:
        self.patterns = patterns

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """The longest form starting at ``pos``."""
        found = [m for p in self.patterns if (m := p.match(text, pos, endpos))]
        return max(found, key=lambda m: m.end(), default=None)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """The longest form at the first position where any form starts."""
        found = [m for p in self.patterns if (m := p.search(text, pos, endpos))]
        return min(found, key=lambda m: (m.start(), -m.end()), default=None)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        """Non-overlapping leftmost-longest forms, left to right."""
        while (m := self.search(text, pos, endpos)) is not None:
            yield m
            pos = m.end()


def known_forms(forms: tuple[str, ...]) -> re.Pattern[str] | FormMatcher:
    """A matcher of the longest form at each position (a FormSet's parts compiled apart, its matcher kept)."""
    if isinstance(forms, FormSet):
        if forms.matcher is None:
            forms.matcher = FormMatcher(*(_compiled(part) for part in forms.parts))
        return forms.matcher
    return _compiled(forms)


@cache
def _compiled(forms: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern matching the longest form at each position, shaped as a trie of the forms.

    Same matches as the alternation of all forms longest first, but thousands of forms share their openings
    (吉林省…, 长沙市…): the trie compiles twice as fast and scans about 60 times faster.
    """
    root: dict[str, dict] = {}
    for form in forms:
        node = root
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}
    return re.compile(_trie(root))


def _trie(node: dict[str, dict]) -> str:
    """The pattern of a trie node: its children (they differ in their first character), optional if a form ends."""
    children = [re.escape(char) + _trie(sub) for char, sub in sorted(node.items()) if char]
    if not children:
        return ""
    body = children[0] if len(children) == 1 else "(?:" + "|".join(children) + ")"
    return f"(?:{body})?" if "" in node else body


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
        unit = (sub_unit_length(text, m.start(), m.end(), forms) or contact_unit_length(text, m.start(), m.end())
                or named_unit_length(text, m.end(), forms))
        if not unit and m.group() in national and _LOCAL_CONTINUATION.match(after) \
                and not after.startswith(_NOT_A_PLACE):
            continue
        if not unit and _place_of_department(m.group(), after):
            continue
        end = m.end() + unit
        if out and _alternative_name(text, out[-1].span.end, m.start(), end):
            continue
        out.append(AgencyRef(text[m.start():end], Span(m.start(), end)))
    return tuple(sorted(out + _group_offices(text, out, skipped), key=lambda r: r.span.start))


# the office of a working or leading group written relative to the document's place, opening a clause
# (省促进中小企业发展工作领导小组办公室负责…)
_GROUP_OFFICE = re.compile(r"(?<=[。；;，,\n\u3000])(?:省|自治区|市|县|区)[\u4e00-\u9fff]{2,16}?领导小组办公室")


def _group_offices(text: str, found: list[AgencyRef], skipped: list[tuple[int, int]]) -> list[AgencyRef]:
    """Offices of leading groups the forms do not know, outside the known mentions and the skipped spans."""
    taken = [(r.span.start, r.span.end) for r in found] + skipped
    return [AgencyRef(m.group(), Span(m.start(), m.end())) for m in _GROUP_OFFICE.finditer(text)
            if not any(a < m.end() and m.start() < b for a, b in taken)]


_DEPARTMENT_AFTER = re.compile(r"[\u4e00-\u9fff]{2,12}?(?:厅|局|委|办)(?![\u4e00-\u9fff])")


def _place_of_department(name: str, after: str) -> bool:
    """True for a body named as its place (新疆生产建设兵团) that opens the name of one of the place's departments
    the forms do not know (新疆生产建设兵团住房城乡建设厅（委、局）in an addressee line)."""
    from policykg.loaders.registry import province_names

    return name in province_names() and bool(_DEPARTMENT_AFTER.match(after)) and not after.startswith(_NOT_A_PLACE)


def _alternative_name(text: str, body_end: int, start: int, end: int) -> bool:
    """True for a name in brackets right after a body's name: the body's other name (市综合行政执法局（市城市管理局）
    is one body)."""
    return body_end == start - 1 and text[body_end] in "（(" and text[end:end + 1] in ("）", ")")


def contact_unit_length(text: str, start: int, pos: int) -> int:
    """Length of the division named after a body on a contact-unit line (联系单位：省教育厅 + 基础教育处), else 0."""
    from policykg.loaders.patterns import words

    line = text[text.rfind("\n", 0, start) + 1:start]
    label = line.lstrip(" \u3000\t（(")
    if not label.startswith(words("subunits", "contact_labels")) or not label.rstrip(" \u3000").endswith(("：", ":")):
        return 0
    rest = text[pos:_UNIT_END.search(text, pos).start()]
    division = re.fullmatch(words("divisions", "pattern")[0], rest)
    return len(rest) if rest and (division or is_sub_unit(rest, strict=False)) else 0


def named_unit_length(text: str, pos: int, forms: tuple[str, ...]) -> int:
    """Length of a named unit written right after its body's name (市公安局 + 交警支队), else 0: the mention is the
    unit, and its body is not named on its own."""
    from policykg.loaders.patterns import words

    rest = text[pos:_UNIT_END.search(text, pos).start()]
    if not rest or len(rest) > 10 or not rest.endswith(words("subunits", "named_unit_endings")):
        return 0
    if any(w in rest for w in words("subunits", "not_inside")) or known_forms(forms).search(rest):
        return 0
    return len(rest)


_UNIT_END = re.compile(r"[，、。；：,;:\s）)】]|$")
_ITEM_START = "，、；：,;:\n\u3000 （(【"


def sub_unit_length(text: str, start: int, pos: int, forms: tuple[str, ...]) -> int:
    """Length of a named unit's name written right after its body's name (from ``start`` to ``pos``) when the two
    make a whole list item (教育部 + 办公厅 in 抄送：…，教育部办公厅，…; 省人大常委会 + 代表工作委员会), else 0."""
    if start > 0 and text[start - 1] not in _ITEM_START:
        return 0
    end = _UNIT_END.search(text, pos).start()
    rest = text[pos:end]
    if not rest or not is_sub_unit(rest) or known_forms(forms).search(rest):
        return 0
    return len(rest)


def is_sub_unit(rest: str, strict: bool = True) -> bool:
    """True for the name of a unit inside a body (办公厅, 督查室, 成果转化与区域创新司, 人事代表选举委员会); ``strict``
    when the words after a body's name may run on into a sentence (推动建设…委员会), not for a name written alone
    (农田建设管理司)."""
    from policykg.loaders.patterns import words

    named = () if strict else words("subunits", "in_names")
    return (len(rest) <= 14 and rest.endswith(words("subunits", "suffixes"))
            and not any(w in rest for w in words("subunits", "not_inside") if w not in named))


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
            b = _without_other_name(text, a, b)
            if b > a:
                if out and text[out[-1].span.end:a].strip(" \u3000") == "、" and _place_only(out[-1].label) \
                        and not any(w in text[a:b] for w in "及和与"):  # not 各省、自治区、直辖市及兵团卫生计生委
                    a = out.pop().span.start  # 各镇、乡人民政府: 各镇 alone names no unit
                out.append(AgencyRef(text[a:b], Span(a, b)))
            start = i + 1
    return _shared_suffix(text, out)


_OTHER_NAME = re.compile(r"(?P<body>.{3,}?[局厅委办部会])[（(](?P<other>[\u4e00-\u9fff]{3,16}?[局厅委办部会])[）)]")


def _without_other_name(text: str, a: int, b: int) -> int:
    """End of a list item without the other name its body goes by, written in brackets after it (市综合行政执法局
    （市城市管理局） → 市综合行政执法局)."""
    m = _OTHER_NAME.fullmatch(text, a, b)
    return a + len(m.group("body")) if m else b


_PLACE_NAME = r"[\u4e00-\u9fff]{2,8}?(?:自治州|自治县|市|县|区|州|盟|旗)"
_BARE_PLACE = re.compile(_PLACE_NAME)
_PLACED_UNIT = re.compile(rf"(?P<place>{_PLACE_NAME})(?P<unit>[\u4e00-\u9fff]{{2,}})")


def _shared_suffix(text: str, items: list[AgencyRef]) -> tuple[AgencyRef, ...]:
    """List items that name places only before one that names a place's body, each as that body of its place,
    spanning its place name (珲春市、龙井市、和龙市人民政府 → 珲春市人民政府, 龙井市人民政府, 和龙市人民政府)."""
    out = list(items)
    k = 0
    while k < len(out):
        j = k
        while j < len(out) and _is_bare_place(out[j].label) and j + 1 < len(out) \
                and text[out[j].span.end:out[j + 1].span.start] == "、":
            j += 1
        last = _PLACED_UNIT.fullmatch(out[j].label) if j > k and j < len(out) else None
        if last and not _is_bare_place(out[j].label):
            out[k:j] = [AgencyRef(u.label + last.group("unit"), u.span) for u in out[k:j]]
        k = j + 1
    return tuple(out)


def _is_bare_place(label: str) -> bool:
    """True for a list item that names one place and nothing else (珲春市, 千山区), not 各区 or 全市."""
    return bool(_BARE_PLACE.fullmatch(label)) and not label.startswith(("各", "全", "本", "该", "有关", "相关"))


_PLACE_ONLY = re.compile(r"各[\u4e00-\u9fff]{0,3}(?:省|市|县|区|镇|乡|州|盟|旗|街道)(?:（[\u4e00-\u9fff、]{1,8}）)?"
                         r"(?:、[\u4e00-\u9fff]{0,3}(?:省|市|县|区|镇|乡|州|盟|旗|街道))*")  # 各省、自治区、直辖市


def _place_only(label: str) -> bool:
    """True for a list item that names places only (各镇, 各区, 各市（州）), the head of a shared unit name."""
    return bool(_PLACE_ONLY.fullmatch(label))
