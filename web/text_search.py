"""Substring search over titles, measure texts, agency names, cited titles and target indicators.

The visitor's words enter SPARQL only as one escaped, lower-cased string literal; matching is
``CONTAINS(LCASE(STR(?text)), …)``, so Chinese matches any substring and Latin letters ignore case.
"""

import re
from dataclasses import dataclass

from policykg.kg.sparql import PREFIX_HEADER
from policykg.kg.store import SelectResult
from policykg.kg.terms import escape_string
from policykg.web.facets import Sort
from policykg.web.list_specs import DOCUMENTS, MEASURES, REFERENCES, TARGETS
from policykg.web.storage import get_store

MAX_QUERY_LENGTH = 200
SHORTEST_FIRST = Sort("", (("MIN(STRLEN(STR(?text)))", False), ("MIN(STR(?text))", False)))


@dataclass(frozen=True)
class SearchKind:
    """One kind of thing searched: where its text is, what context a hit shows, how hits are ordered."""

    name: str
    title: str  # message key
    pattern: str  # binds ?s and ?text
    context: str = ""  # binds ?ctx (a node) and/or ?num (a literal) for the hit's context line
    order: Sort = SHORTEST_FIRST


KINDS = (
    SearchKind("documents", "search.kind.documents",
               "{ ?s a pko:PolicyDocument } UNION { ?s a pko:Reply }\n"
               "?s dcterms:title|dcterms:alternative|eli:id_local ?text .",
               "OPTIONAL { ?s eli:id_local ?num }", DOCUMENTS.sorts["date"]),
    SearchKind("measures", "search.kind.measures", "?s a pko:Measure ; dcterms:description ?text .",
               "OPTIONAL { ?s eli:is_part_of ?ctx } OPTIONAL { ?s eli:number ?num }", MEASURES.sorts["document"]),
    SearchKind("agencies", "search.kind.agencies",
               "?s skos:prefLabel|skos:altLabel ?text .\n"
               f"FILTER EXISTS {{ {{ ?d {REFERENCES} ?s }} UNION {{ ?m eli:responsibility_of_agent ?s }} }}"),
    SearchKind("cited", "search.kind.cited",
               "?s a pko:CitedDocument ; dcterms:title|skos:altLabel|eli:id_local ?text .",
               "OPTIONAL { ?s eli:id_local ?num }"),
    SearchKind("targets", "search.kind.targets", "?s a pko:Target ; pko:indicator ?text .",
               "OPTIONAL { ?s prov:wasDerivedFrom/oa:hasSource ?ctx }", TARGETS.sorts["deadline"]),
)
BY_NAME = {k.name: k for k in KINDS}


@dataclass(frozen=True)
class Hit:
    """One thing found: its IRI, the text that matched, and context (a node and/or a number)."""

    kind: str
    iri: str
    text: str
    context: str | None
    number: str | None


def clean_query(raw: str | None) -> str:
    """The visitor's words: whitespace collapsed, at most MAX_QUERY_LENGTH characters."""
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def match_filter(q: str) -> str:
    """The SPARQL filter keeping texts that contain ``q`` (case-insensitive for Latin letters)."""
    return f'FILTER(CONTAINS(LCASE(STR(?text)), "{escape_string(q.lower())}"))'


def select(query: str) -> list[dict]:
    """Rows of a SELECT query with the contract's prefixes."""
    result = get_store().query(PREFIX_HEADER + query)
    assert isinstance(result, SelectResult)
    return result.rows


def count_hits(q: str, kinds: tuple[SearchKind, ...] = KINDS) -> dict[str, int]:
    """How many things of each kind match ``q`` (one aggregate query)."""
    branches = "\nUNION ".join(f'{{ {k.pattern}\n{match_filter(q)} BIND("{k.name}" AS ?kind) }}' for k in kinds)
    rows = select(f"SELECT ?kind (COUNT(DISTINCT ?s) AS ?n) WHERE {{\n{branches}\n}} GROUP BY ?kind")
    counts = {k.name: 0 for k in kinds}
    counts.update({str(r["kind"]): int(r["n"].toPython()) for r in rows if r.get("kind") is not None})
    return counts


def find_hits(q: str, kinds: tuple[SearchKind, ...], limit: int, offset: int = 0) -> list[Hit]:
    """Up to ``limit`` hits of each kind (after ``offset``), each kind in its own order (one query)."""
    branches = []
    for kind in kinds:
        keys = " ".join(f"({expr} AS ?o{i})" for i, (expr, _) in enumerate(kind.order.keys))
        order = " ".join(f"{'DESC' if desc else 'ASC'}(?o{i})" for i, (_, desc) in enumerate(kind.order.keys))
        branches.append(
            f'{{ SELECT ("{kind.name}" AS ?kind) ?s (MIN(STR(?text)) AS ?hit) (SAMPLE(?ctx) AS ?context) '
            f"(SAMPLE(?num) AS ?number) {keys} WHERE {{\n{kind.pattern}\n{match_filter(q)}\n{kind.context}\n"
            f"{kind.order.pattern.replace('{LANG}', 'zh')}\n}} GROUP BY ?s ORDER BY {order} ?s "
            f"LIMIT {int(limit)} OFFSET {int(offset)} }}")
    rows = select("SELECT ?kind ?s ?hit ?context ?number WHERE {\n" + "\nUNION ".join(branches) + "\n}")
    hits = [Hit(str(r["kind"]), str(r["s"]), str(r["hit"]),
                None if r.get("context") is None else str(r["context"]),
                None if r.get("number") is None else str(r["number"])) for r in rows]
    return hits


def segments(text: str, q: str, window: int | None = None) -> list[tuple[str, bool]]:
    """The text cut into (piece, is_match) around every occurrence of ``q``, shortened to ``window``
    characters either side of the first match when given."""
    matches = [m.span() for m in re.finditer(re.escape(q), text, re.IGNORECASE)] if q else []
    start, end = 0, len(text)
    if window is not None and matches and len(text) > 2 * window + len(q):
        start = max(0, matches[0][0] - window)
        end = min(len(text), matches[0][1] + window)
    pieces: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
    at = start
    for s, e in matches:
        if s < at or e > end:
            continue
        if s > at:
            pieces.append((text[at:s], False))
        pieces.append((text[s:e], True))
        at = e
    if at < end:
        pieces.append((text[at:end], False))
    if end < len(text):
        pieces.append(("…", False))
    return pieces
