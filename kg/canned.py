"""Canned SPARQL queries: load the ``queries/*.rq`` files, read their headers and bind parameters safely.

Each file starts with a header of comment lines::

    # title: 某机构牵头与配合的措施
    # title@en: Measures an agency leads or supports
    # description: Every measure for which the agency is responsible, with its role …
    # param: agency iri https://w3id.org/policykg/id/agency/cn-jl-civil-affairs — the agency (IRI)
    # param: role string any — lead, support or any

A parameter ``name`` is the variable ``?name`` of the query. :func:`bind` turns each value into a typed
RDF term (serialised by rdflib, so no raw text ever reaches the query) and injects ``VALUES ?name { term }``
at the start of the query's top-level ``WHERE`` group.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from policykg.errors import QueryError

PARAM_TYPES: tuple[str, ...] = ("iri", "string", "integer", "decimal", "date", "year")
HEADER_KEYS: tuple[str, ...] = ("title", "title@en", "description")

_HEADER_LINE = re.compile(r"^#\s*(title@en|title|description|param)\s*:\s*(.*?)\s*$")
_PARAM_LINE = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>\S+)\s+(?P<default>.*?)\s+—\s+(?P<help>.+)$")
_IRI = re.compile(r"^(?:[Hh][Tt][Tt][Pp][Ss]?://[^\x00-\x20<>\"{}|^`\\]+"
                  r"|[Uu][Rr][Nn]:[A-Za-z0-9][A-Za-z0-9-]{0,31}:[^\x00-\x20<>\"{}|^`\\]+)$")
_IRIREF = re.compile(r"<[^\x00-\x20<>\"{}|^`\\]*>")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")
_YEAR = re.compile(r"^[0-9]{4}$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass(frozen=True)
class Param:
    """A parameter of a canned query: the variable ``?name``, its type, default and help text."""

    name: str
    type: str
    default: str
    help: str

    def term(self, value: Any = None) -> Identifier:
        """The typed RDF term for a value (``None`` or ``""``: the default); QueryError if invalid."""
        return to_term(self, self.default if value is None or str(value) == "" else value)


@dataclass(frozen=True)
class CannedQuery:
    """A canned query read from a ``.rq`` file: its header and its SPARQL text (header stripped)."""

    name: str
    title_zh: str
    title_en: str
    description: str
    params: tuple[Param, ...]
    sparql: str
    path: Path | None = field(default=None, compare=False)

    def param(self, name: str) -> Param:
        """The parameter called ``name``; QueryError if the query has none of that name."""
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"canned query {self.name} has no parameter {name!r}; its parameters: {known}")

    def to_dict(self) -> dict[str, Any]:
        """Plain value for JSON renderers and listings."""
        return {
            "name": self.name, "title": self.title_zh, "title_en": self.title_en,
            "description": self.description,
            "params": [{"name": p.name, "type": p.type, "default": p.default, "help": p.help} for p in self.params],
            "sparql": self.sparql,
        }


def to_term(param: Param, value: Any) -> Identifier:
    """Convert a value to the RDF term of the parameter's type, validating it; QueryError if invalid."""
    text = str(value)
    where = f"parameter {param.name} ({param.type})"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise QueryError(f"{where}: the value is not valid Unicode text") from exc
    if param.type == "string":
        return Literal(text)
    text = text.strip()
    if param.type == "iri":
        if not _IRI.match(text):
            raise QueryError(f"{where}: {text!r} is not an absolute http(s) or urn IRI "
                             "(no spaces or any of <>\"{}|^`\\)")
        return URIRef(text)
    if param.type == "integer":
        if not _INTEGER.match(text):
            raise QueryError(f"{where}: {text!r} is not an integer")
        return Literal(int(text), datatype=XSD.integer)
    if param.type == "decimal":
        if not _DECIMAL.match(text):
            raise QueryError(f"{where}: {text!r} is not a decimal number")
        return Literal(Decimal(text), datatype=XSD.decimal)
    if param.type == "year":
        if not _YEAR.match(text):
            raise QueryError(f"{where}: {text!r} is not a four-digit year")
        return Literal(int(text), datatype=XSD.integer)
    if param.type == "date":
        try:
            if not _DATE.match(text):
                raise ValueError(text)
            date.fromisoformat(text)
        except ValueError as exc:
            raise QueryError(f"{where}: {text!r} is not a date of the form YYYY-MM-DD") from exc
        return Literal(text, datatype=XSD.date)
    raise QueryError(f"{where}: unknown parameter type; known: {', '.join(PARAM_TYPES)}")


def parse_header(text: str) -> tuple[dict[str, str], tuple[Param, ...]]:
    """Header fields (title, title@en, description) and parameters of a canned query's text."""
    meta: dict[str, str] = {}
    params: list[Param] = []
    for line in _header_lines(text):
        m = _HEADER_LINE.match(line)
        if not m:
            continue
        key, value = m.group(1), m.group(2)
        if key != "param":
            if key in meta:
                raise QueryError(f"header field {key!r} given twice")
            meta[key] = value
            continue
        p = _PARAM_LINE.match(value)
        if not p:
            raise QueryError(f"bad param line {value!r}: expected 'name type default — help'")
        param = Param(p["name"], p["type"], p["default"], p["help"].strip())
        if param.type not in PARAM_TYPES:
            raise QueryError(f"param {param.name}: unknown type {param.type!r}; known: {', '.join(PARAM_TYPES)}")
        if any(q.name == param.name for q in params):
            raise QueryError(f"param {param.name} declared twice")
        to_term(param, param.default)  # the default must be a valid value
        params.append(param)
    missing = [k for k in HEADER_KEYS if not meta.get(k)]
    if missing:
        raise QueryError(f"header lacks {', '.join(missing)}")
    return meta, tuple(params)


def _header_lines(text: str) -> list[str]:
    """The leading comment lines of a query text (blank lines inside the block are skipped)."""
    out = []
    for line in text.lstrip("\ufeff").splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            out.append(stripped)
        elif stripped:
            break
    return out


def _strip_header(text: str) -> str:
    """The query text after its leading comment block."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    i = 0
    while i < len(lines) and (not lines[i].strip() or lines[i].lstrip().startswith("#")):
        i += 1
    return "".join(lines[i:])


def parse_query(name: str, text: str, path: Path | None = None) -> CannedQuery:
    """A CannedQuery from the text of a ``.rq`` file; QueryError naming the query if it is malformed."""
    try:
        meta, params = parse_header(text)
        sparql = _strip_header(text)
        code = _code_only(sparql)
        for p in params:
            if not re.search(r"[?$]" + re.escape(p.name) + r"(?![A-Za-z0-9_\u00B7\u0300-\u036F\u203F-\u2040])", code):
                raise QueryError(f"param {p.name} is not used as ?{p.name} in the query")
        if params:
            _values_position(sparql)
    except QueryError as exc:
        raise QueryError(f"canned query {name}: {exc.message}") from exc
    return CannedQuery(name, meta["title"], meta["title@en"], meta["description"], params, sparql, path)


def load_queries(folder: Path | None = None) -> dict[str, CannedQuery]:
    """Every ``*.rq`` query of a folder (default: the installed ``policykg.queries`` package), by name."""
    if folder is None:
        entries = [(e.name, e.read_text(encoding="utf-8"), Path(str(e)))
                   for e in files("policykg.queries").iterdir() if e.name.endswith(".rq")]
    else:
        entries = [(p.name, p.read_text(encoding="utf-8"), p) for p in Path(folder).glob("*.rq")]
    out: dict[str, CannedQuery] = {}
    for filename, text, path in sorted(entries):
        name = filename[: -len(".rq")]
        out[name] = parse_query(name, text, path)
    return out


def get_query(name: str, folder: Path | None = None) -> CannedQuery:
    """The canned query called ``name``; QueryError listing the known names if there is none."""
    queries = load_queries(folder)
    if name not in queries:
        raise QueryError(f"no canned query named {name!r}; known: {', '.join(sorted(queries)) or 'none'}")
    return queries[name]


def bind(query: CannedQuery, values: dict[str, Any] | None = None) -> str:
    """The query's SPARQL with every parameter (given value or default) injected as a typed VALUES block."""
    values = dict(values or {})
    known = {p.name for p in query.params}
    unknown = sorted(set(values) - known)
    if unknown:
        raise QueryError(f"canned query {query.name} has no parameter {', '.join(unknown)}; "
                         f"its parameters: {', '.join(sorted(known)) or 'none'}")
    if not query.params:
        return query.sparql
    block = "".join(f"\n  VALUES ?{p.name} {{ {p.term(values.get(p.name)).n3()} }}" for p in query.params)
    pos = _values_position(query.sparql)
    return query.sparql[:pos] + block + query.sparql[pos:]


def render(name: str, values: dict[str, Any] | None = None, folder: Path | None = None) -> str:
    """Shortcut: the bound SPARQL of the canned query called ``name``."""
    return bind(get_query(name, folder), values)


def _tokens(text: str) -> list[tuple[int, str]]:
    """Positions of the characters of a query that are code: comments, strings and IRIs are skipped."""
    out: list[tuple[int, str]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if ch in "\"'":
            i = _skip_string(text, i)
            continue
        if ch == "<":
            m = _IRIREF.match(text, i)
            if m:
                i = m.end()
                continue
        out.append((i, ch))
        i += 1
    return out


def _skip_string(text: str, i: int) -> int:
    """Index just after the string literal starting at ``i`` (short or long form, with escapes)."""
    quote = text[i]
    long_form = text.startswith(quote * 3, i)
    delim = quote * 3 if long_form else quote
    j = i + len(delim)
    n = len(text)
    while j < n:
        if text[j] == "\\":
            j += 2
            continue
        if text.startswith(delim, j):
            return j + len(delim)
        if not long_form and text[j] in "\r\n":
            raise QueryError("unterminated string literal in the query")
        j += 1
    raise QueryError("unterminated string literal in the query")


def _code_only(text: str) -> str:
    """The query text with comments, strings and IRIs blanked out (same length)."""
    chars = [" "] * len(text)
    for i, ch in _tokens(text):
        chars[i] = ch
    return "".join(chars)


_NAME_CHAR = re.compile(r"[\w\-.:?$\u00B7]")


def _values_position(text: str) -> int:
    """Index just after the ``{`` that opens the top-level WHERE group; QueryError if there is none."""
    code = _code_only(text)
    depth = 0
    seen_where = False
    for i, ch in _tokens(text):
        if ch == "{":
            if seen_where and depth == 0:
                return i + 1
            depth += 1
        elif ch == "}":
            depth -= 1
        elif (not seen_where and depth == 0 and ch in "Ww" and code[i:i + 5].upper() == "WHERE"
              and not (i > 0 and _NAME_CHAR.match(code[i - 1]))
              and not (i + 5 < len(code) and _NAME_CHAR.match(code[i + 5]))):
            seen_where = True
    raise QueryError("the query has no top-level WHERE { … } group to bind parameters in")
