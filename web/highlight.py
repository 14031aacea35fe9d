"""Spans over a text as properly nested marks: overlapping spans are split, so every piece nests in HTML."""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Mark:
    """A span to highlight: an id (also the anchor of its first piece), code-point offsets and a CSS kind."""

    id: str
    start: int
    end: int
    kind: str = ""


@dataclass(frozen=True)
class Token:
    """One step of the highlighted text: ``text``, ``open`` a mark piece (``first`` = carries the id), ``close``."""

    op: str
    text: str = ""
    mark: Mark | None = None
    first: bool = False


def highlight(text: str, marks: Iterable[Mark]) -> list[Token]:
    """Tokens that render ``text`` with every mark around its characters; crossing marks are split in pieces.

    Offsets are Python ``str`` indices (Unicode code points). Marks outside the text are clipped, empty ones
    dropped. Where marks cross, the inner one is closed and reopened, so the tokens always nest.
    """
    size = len(text)
    kept = sorted({m for m in marks if 0 <= m.start < m.end and m.start < size}, key=lambda m: (m.start, -m.end, m.id))
    kept = [Mark(m.id, m.start, min(m.end, size), m.kind) for m in kept]
    starts: dict[int, list[Mark]] = {}
    for m in kept:
        starts.setdefault(m.start, []).append(m)
    bounds = sorted({0, size, *(m.start for m in kept), *(m.end for m in kept)})
    tokens: list[Token] = []
    stack: list[Mark] = []
    opened: set[str] = set()
    for i, pos in enumerate(bounds):
        reopen: list[Mark] = []
        ending = [k for k, m in enumerate(stack) if m.end <= pos]
        if ending:
            cut = ending[0]
            while len(stack) > cut:
                m = stack.pop()
                tokens.append(Token("close", mark=m))
                if m.end > pos:
                    reopen.append(m)
        for m in sorted([*reversed(reopen), *starts.get(pos, [])], key=lambda m: -m.end):
            tokens.append(Token("open", mark=m, first=m.id not in opened))
            opened.add(m.id)
            stack.append(m)
        if i + 1 < len(bounds):
            tokens.append(Token("text", text=text[pos:bounds[i + 1]]))
    while stack:
        tokens.append(Token("close", mark=stack.pop()))
    return tokens


@dataclass(frozen=True)
class Snippet:
    """A span in context: the text before it, the span itself, the text after, and whether text was cut."""

    before: str
    exact: str
    after: str
    cut_before: bool
    cut_after: bool


def snippet(text: str, start: int, end: int, radius: int = 80) -> Snippet:
    """The span ``text[start:end]`` with up to ``radius`` code points of context on each side."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    left, right = max(0, start - radius), min(len(text), end + radius)
    return Snippet(text[left:start], text[start:end], text[end:right], left > 0, right < len(text))
