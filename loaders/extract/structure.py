"""The numbering tree of a document: 一、 > （一） > 1. > （1） > ①. Inner items are sections, leaves measures."""

import re
from collections import Counter
from dataclasses import dataclass

from policykg.loaders.extract.text import cn_number, paragraphs
from policykg.loaders.facts import Span

# (rank, pattern) — rank orders the levels of the usual Chinese numbering hierarchy
MARKERS: tuple[tuple[float, re.Pattern[str]], ...] = (
    (0, re.compile(r"第([一二三四五六七八九十百零〇\d]+)章[\s\u3000]*")),
    (0.5, re.compile(r"第([一二三四五六七八九十百零〇\d]+)条[\s\u3000]*")),
    (1, re.compile(r"([一二三四五六七八九十百]+)、")),
    (2, re.compile(r"[（(]([一二三四五六七八九十百]+)[）)]")),
    (3, re.compile(r"(\d{1,3})[.．、](?![\d%])")),
    (4, re.compile(r"[（(](\d{1,3})[）)]")),
    (5, re.compile(r"([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])")),
)
ARTICLE = 0.5  # the rank of 第N条
# a decimal number 1.1 / 2.3.1 (written after a 1. or 一、 item it belongs to); its rank: 3 + 0.1 per extra part,
# between 1. and （1）
DOTTED = re.compile(r"(\d{1,2}(?:[.．]\d{1,2}){1,2})(?:[.．、]|[\s\u3000]+)?(?![\d%％.．])")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass
class Item:
    """A numbered paragraph: its level rank, number, the span of its paragraph and of its body text."""

    rank: float
    number: int
    para: Span
    body: Span
    parent: "Item | None" = None
    children: int = 0
    path: str = ""
    label: str = ""  # the number as written when it is a decimal number (1.1)


def marker(text: str, para: Span) -> tuple[float, int, int] | None:
    """(rank, number, length of the enumerator) when the paragraph starts with an enumerator."""
    line = text[para.start:para.end]
    for rank, pattern in MARKERS:
        m = pattern.match(line)
        if m:
            raw = m.group(1)
            number = _CIRCLED.index(raw) + 1 if rank == 5 else cn_number(raw)
            if number is None or len(line) <= m.end():
                continue
            return rank, number, m.end()
    return None


_DOT = re.compile("[.．]")


def dotted(text: str, para: Span, stack: list[Item]) -> tuple[float, int, int, str] | None:
    """(rank, last part, length of the enumerator, label) when the paragraph starts with a decimal number that
    continues the items it sits in: 1.2 inside 1. or 一、 (its first parts their number) after 1.1, or 1.1 first."""
    m = DOTTED.match(text, para.start, para.end)
    if not m or m.end() >= para.end:
        return None
    parts = [int(p) for p in _DOT.split(m.group(1))]
    rank = 3 + 0.1 * (len(parts) - 1)
    outer = [i for i in stack if i.rank < rank]
    head = ".".join(map(str, parts[:-1]))
    if not outer or (outer[-1].label or str(outer[-1].number)) != head:
        return None
    before = [i for i in stack if i.rank == rank and i.parent is outer[-1]]
    if parts[-1] != (before[-1].number + 1 if before else 1):
        return None
    return rank, parts[-1], m.end() - para.start, ".".join(map(str, parts))


_ATTACHMENT_LIST = re.compile(r"附\s*件\s*\d*\s*[：:]")


def numbered_items(text: str, start: int = 0, end: int | None = None) -> list[Item]:
    """Numbered paragraphs between ``start`` and ``end``, linked to their parents in the tree."""
    end = len(text) if end is None else end
    items: list[Item] = []
    stack: list[Item] = []
    in_attachment_list = False
    under_headings = _articles_under_headings(text, start, end)
    for para in paragraphs(text):
        if para.start < start or para.end > end:
            continue
        line = para.of(text).strip()
        if _ATTACHMENT_LIST.match(line):  # 附件：1.…清单 / 2.…统计表: the names of attachments, not items
            in_attachment_list = True
            continue
        decimal = dotted(text, para, stack)
        found = decimal[:3] if decimal else marker(text, para)
        if in_attachment_list and found and len(line) <= 60 and "。" not in line:
            continue
        in_attachment_list = False
        if not found:
            continue
        rank, number, length = found
        item = Item(rank, number, para, Span(para.start + length, para.end), label=decimal[3] if decimal else "")
        while stack and _nesting(stack[-1].rank, under_headings) >= _nesting(rank, under_headings):
            stack.pop()
        item.parent = stack[-1] if stack else None
        if item.parent:
            item.parent.children += 1
        item.path = f"{item.parent.path}.{number}" if item.parent else str(number)
        stack.append(item)
        items.append(item)
    return items


def _articles_under_headings(text: str, start: int, end: int) -> bool:
    """True when the document groups its 第N条 articles under 一、 headings (一、丰富产品 / 第一条 …): a short
    一、 title (no full stop) whose next numbered paragraph is 第一条 — not a notice's last item before a 办法."""
    heading = False
    for para in paragraphs(text):
        if para.start < start or para.end > end:
            continue
        found = marker(text, para)
        if found:
            if heading and found[0] == ARTICLE and found[1] == 1:
                return True
            line = para.of(text).strip()
            heading = found[:2] == (1, 1) and len(line) <= 30 and "。" not in line
    return False


def _nesting(rank: float, under_headings: bool) -> float:
    """How deep a level nests: articles sit between 一、 and （一） when the document groups them under headings."""
    return 1.5 if under_headings and rank == ARTICLE else rank


def heading_title(text: str, item: Item) -> str:
    """Title of a section item: its body up to the first full stop."""
    body = item.body.of(text)
    cut = min((body.find(c) for c in "。：:" if c in body), default=len(body))
    return body[:cut].strip()


def leaf_numbers(items: list[Item]) -> dict[int, str]:
    """eli:number of each leaf (by id): its own number when leaf numbers are unique, else its dotted path; an article
    whose path another leaf has too (a notice's 一、二、 and its attached 办法's 第一条、第二条) is numbered 第N条."""
    leaves = [i for i in items if i.children == 0]
    plain = [i.label or str(i.number) for i in leaves]
    if len(set(plain)) == len(plain):
        return {id(i): n for i, n in zip(leaves, plain, strict=True)}
    paths = Counter(i.path for i in leaves)
    numbers = {id(i): f"第{i.number}条" if i.rank == ARTICLE and paths[i.path] > 1 else i.path for i in leaves}
    written = {id(i): i.label for i in leaves if i.label}
    if len(set(written.values())) == len(written) and not set(written.values()) & set(numbers.values()):
        numbers.update(written)  # decimal numbers as written (1.1, 2.3) when they name their leaves alone
    return numbers
