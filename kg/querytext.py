"""Read a SPARQL query's text without parsing it fully: a small lexer (comments, strings and IRIs skipped,
keywords compared case-insensitively, escapes undone) that finds its form, update keywords, SERVICE, and its
FROM / FROM NAMED graphs. Used to refuse what a read-only endpoint must not run and to honour FROM."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH",
                             "USING"})


# --- the query --------------------------------------------------------------------------------------------

_NAME_CHARS = r"\w\u00B7\u00C0-\U000EFFFF"
_TOKEN = re.compile(
    r"(?P<ws>\s+)"
    r"|(?P<comment>\#[^\r\n]*)"
    r"|(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\""
    r"|'(?:[^'\\\r\n]|\\.)*'|\"(?:[^\"\\\r\n]|\\.)*\")"
    r"|(?P<unterminated>['\"].*)"
    r"|(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)"
    rf"|(?P<var>[?$][{_NAME_CHARS}]+)"
    r"|(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)"
    rf"|(?P<name>[{_NAME_CHARS}:](?:[{_NAME_CHARS}\-.:%\\]*[{_NAME_CHARS}\-:%])?)"
    r"|(?P<other>.)",
    re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    """A lexical token of a query: its kind (iri, name, var, …) and text."""

    kind: str
    text: str

    @property
    def keyword(self) -> str | None:
        """The upper-cased word when the token is a bare keyword (not a prefixed name, variable or IRI)."""
        return self.text.upper() if self.kind == "name" and ":" not in self.text else None


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def unescape_codepoints(query: str) -> str:
    """The query with its ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes replaced, as SPARQL parsers do before parsing."""

    def char(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group()

    return _CODEPOINT.sub(char, query)


def tokens(query: str) -> list[Token]:
    """The tokens of a query (escapes undone), without white space and comments; strings and IRIs are one token."""
    out = []
    for m in _TOKEN.finditer(unescape_codepoints(query)):
        kind = m.lastgroup or "other"
        if kind not in ("ws", "comment"):
            out.append(Token(kind, m.group()))
    return out


@dataclass(frozen=True)
class QueryShape:
    """What a query is and may do, as far as the lexer sees it."""

    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE, an update keyword, or None when unrecognised
    update: str | None  # the first update keyword found (INSERT, LOAD, …)
    service: bool  # uses SERVICE (federated query)
    from_graphs: tuple[str, ...] | None  # FROM IRIs; None when the query has no dataset clause at all
    from_named: tuple[str, ...] = ()  # FROM NAMED IRIs


def inspect_query(query: str) -> QueryShape:
    """Form, update keywords, SERVICE and FROM / FROM NAMED graphs of a query (prefixes and BASE resolved)."""
    toks = tokens(query)
    prefixes: dict[str, str] = {}
    base = ""
    form = update = None
    service = False
    has_dataset = False
    defaults: list[str] = []
    named: list[str] = []
    for i, tok in enumerate(toks):
        word = tok.keyword
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if tok.kind == "name" and tok.text.upper() == "PREFIX" and nxt and i + 2 < len(toks):
            if toks[i + 2].kind == "iri" and nxt.text.endswith(":"):
                prefixes[nxt.text[:-1]] = urljoin(base, toks[i + 2].text[1:-1])
            continue
        if word == "BASE" and nxt and nxt.kind == "iri":
            base = urljoin(base, nxt.text[1:-1])
        elif word and form is None and word not in ("BASE", "PREFIX"):
            form = word
        if word in UPDATE_KEYWORDS and update is None:
            update = word
        elif word == "SERVICE":
            service = True
        elif word == "FROM":
            has_dataset = True
            is_named = nxt is not None and nxt.keyword == "NAMED"
            target = toks[i + 2] if is_named and i + 2 < len(toks) else nxt
            iri = _resolve(target, prefixes, base) if target else None
            if iri is not None:
                (named if is_named else defaults).append(iri)
    return QueryShape(form, update, service, tuple(defaults) if has_dataset else None, tuple(named))


def _resolve(tok: Token, prefixes: dict[str, str], base: str) -> str | None:
    """The IRI of an IRI token or prefixed name (None when it is neither or its prefix is undeclared)."""
    if tok.kind == "iri":
        return urljoin(base, tok.text[1:-1]) if base else tok.text[1:-1]
    if tok.kind == "name" and ":" in tok.text:
        prefix, local = tok.text.split(":", 1)
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None


