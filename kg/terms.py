"""Term conversion: rdflib <-> pyoxigraph, rdflib <-> SPARQL JSON results, and rdflib -> N-Triples text.

Plain literals and ``xsd:string`` literals are the same RDF term; on the rdflib side they are always
``Literal(text)`` without a datatype, so values read back compare equal to what was written.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal

_BNODE_LABEL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")
_IRI_OK = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\]*")
_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t",
            ord("\b"): "\\b", ord("\f"): "\\f"}
_ESCAPES.update({c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F] if c not in _ESCAPES})
CACHED_LITERAL_LENGTH = 64
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f\x7f"\\]')


def bnode_label(node: BNode) -> str:
    """A label valid in N-Triples/SPARQL for an rdflib blank node (hashed when its id is not one)."""
    label = str(node)
    if _BNODE_LABEL.fullmatch(label):
        return label
    return "b" + hashlib.sha256(label.encode("utf-8")).hexdigest()[:32]


def to_ox(term: Node) -> OxTerm:
    """The pyoxigraph term for an rdflib URIRef, BNode or Literal (ValueError if invalid)."""
    try:
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(bnode_label(term))
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype is not None and str(term.datatype) != XSD_STRING:
                return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            return ox.Literal(str(term))
    except ValueError as exc:
        raise ValueError(f"invalid RDF term {term.n3()}: {exc}") from exc
    raise ValueError(f"not an RDF term: {term!r}")


def from_ox(term: Any) -> Node | None:
    """The rdflib term for a pyoxigraph term (None for None or the default graph)."""
    if term is None or isinstance(term, ox.DefaultGraph):
        return None
    if isinstance(term, ox.NamedNode):
        return str.__new__(URIRef, term.value)  # the store only holds valid IRIs: skip rdflib's scan
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        literal = _cached_literal if len(term.value) <= CACHED_LITERAL_LENGTH else _literal
        return literal(term.value, term.language, term.datatype.value)
    raise ValueError(f"unsupported RDF term (RDF-star is not supported): {term!r}")


def _literal(value: str, language: str | None, datatype: str) -> Literal:
    """An rdflib Literal with this language or datatype."""
    if language:
        return Literal(value, lang=language)
    if datatype == XSD_STRING:
        return Literal(value)
    return Literal(value, datatype=URIRef(datatype))


# building a Literal parses its value (≈ 10 µs); results repeat short ones (counts, dates, labels) many times
_cached_literal = lru_cache(maxsize=16384)(_literal)


def triple_from_ox(statement: ox.Triple | ox.Quad) -> tuple[Node, Node, Node]:
    """The rdflib (subject, predicate, object) of a pyoxigraph triple or quad."""
    terms = (from_ox(statement.subject), from_ox(statement.predicate), from_ox(statement.object))
    if terms[0] is None or terms[1] is None or terms[2] is None:
        raise ValueError(f"incomplete statement: {statement!r}")
    return terms[0], terms[1], terms[2]


def escape_string(text: str) -> str:
    """Escape a string for the inside of an N-Triples / Turtle / SPARQL double-quoted literal."""
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    return text.translate(_ESCAPES)


def iri_ref(iri: str) -> str:
    """``<iri>`` for an absolute IRI (ValueError if it has characters N-Triples/SPARQL forbid)."""
    if not _IRI_OK.fullmatch(iri):
        raise ValueError(f"invalid IRI {iri!r}: must be absolute and free of spaces and <>\"{{}}|^`\\")
    return f"<{iri}>"


def to_ntriples(term: Node) -> str:
    """The N-Triples text of an rdflib term, safe inside SPARQL INSERT DATA (ValueError if invalid)."""
    if isinstance(term, URIRef):
        return iri_ref(str(term))
    if isinstance(term, BNode):
        return "_:" + bnode_label(term)
    if isinstance(term, Literal):
        quoted = '"' + escape_string(str(term)) + '"'
        if term.language:
            return f"{quoted}@{term.language}"
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return f"{quoted}^^{iri_ref(str(term.datatype))}"
        return quoted
    raise ValueError(f"not an RDF term: {term!r}")


def term_kind(term: Node) -> str:
    """'uri', 'bnode' or 'literal' (the W3C SPARQL JSON result type names)."""
    if isinstance(term, URIRef):
        return "uri"
    if isinstance(term, BNode):
        return "bnode"
    if isinstance(term, Literal):
        return "literal"
    raise ValueError(f"not an RDF term: {term!r}")


def to_json_term(term: Node) -> dict[str, str]:
    """The W3C SPARQL 1.1 JSON results object for a term ({"type": ..., "value": ...})."""
    kind = term_kind(term)
    obj = {"type": kind, "value": str(term)}
    if isinstance(term, Literal):
        if term.language:
            obj["xml:lang"] = term.language
        elif term.datatype is not None and str(term.datatype) != XSD_STRING:
            obj["datatype"] = str(term.datatype)
    return obj


def from_json_term(obj: dict[str, str]) -> Node:
    """The rdflib term for a W3C SPARQL 1.1 JSON results object (ValueError if unsupported)."""
    kind = obj.get("type")
    value = obj.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in {"literal", "typed-literal"}:
        lang = obj.get("xml:lang") or obj.get("lang")
        datatype = obj.get("datatype")
        if lang:
            return Literal(value, lang=lang)
        if datatype and datatype not in {XSD_STRING, RDF_LANG_STRING}:
            return Literal(value, datatype=URIRef(datatype))
        return Literal(value)
    raise ValueError(f"unsupported SPARQL JSON term: {obj!r}")
