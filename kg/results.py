"""Rendering query results: W3C SPARQL 1.1 JSON, XML, CSV and TSV, RDF for graph results, terminal tables."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Mapping
from typing import Any, BinaryIO, TextIO
from xml.sax.saxutils import XMLGenerator

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from policykg.errors import QueryError
from policykg.kg.store import AskResult, GraphResult, QueryResult, SelectResult, resolve_format
from policykg.kg.terms import to_json_term, to_ntriples
from policykg.ontology.namespace import PREFIXES

GRAPH_COLUMNS = ["subject", "predicate", "object"]
SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"
RESULT_FORMATS = ("json", "xml", "csv", "tsv")  # SELECT / ASK; graph results take kg.store.FORMATS names
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def term_to_text(term: Node | None) -> str:
    """A term as plain text (W3C SPARQL CSV): the IRI, the literal's lexical form, ``_:label``; '' if unbound."""
    if term is None:
        return ""
    if isinstance(term, URIRef | Literal):
        return str(term)
    return f"_:{term}"


def tabular(result: QueryResult) -> tuple[list[str], list[list[Node | None]]]:
    """Column names and rows of any result (ASK: one 'boolean' cell; graphs: subject/predicate/object)."""
    if isinstance(result, SelectResult):
        return result.variables, [[row.get(v) for v in result.variables] for row in result.rows]
    if isinstance(result, AskResult):
        return ["boolean"], [[Literal(result.value, datatype=XSD.boolean)]]
    return GRAPH_COLUMNS, [list(triple) for triple in result.triples]


def to_sparql_json(result: QueryResult) -> dict[str, Any]:
    """The W3C SPARQL 1.1 Query Results JSON object of a SELECT or ASK result."""
    if isinstance(result, AskResult):
        return {"head": {}, "boolean": result.value}
    if isinstance(result, GraphResult):
        raise QueryError("a CONSTRUCT or DESCRIBE result is RDF, not SPARQL results; choose an RDF format")
    bindings = [{v: to_json_term(t) for v, t in row.items() if t is not None} for row in result.rows]
    return {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}


def write_csv(result: QueryResult, out: TextIO) -> None:
    """Write W3C SPARQL 1.1 CSV: a header of variable names, plain-text values, CRLF line ends."""
    columns, rows = tabular(result)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([term_to_text(t) for t in row])


def write_tsv(result: QueryResult, out: TextIO) -> None:
    """Write W3C SPARQL 1.1 TSV: a header of ``?var`` names, values in N-Triples syntax, LF line ends."""
    columns, rows = tabular(result)
    out.write("\t".join("?" + c for c in columns) + "\n")
    for row in rows:
        out.write("\t".join("" if t is None else to_ntriples(t) for t in row) + "\n")


def _xml_text(text: str) -> str:
    """Text safe in XML 1.0: characters XML cannot carry (most C0 controls) become U+FFFD."""
    return _NOT_XML_CHAR.sub("\ufffd", text)


def write_xml(result: QueryResult, out: BinaryIO) -> None:
    """Write the W3C SPARQL Query Results XML document of a SELECT or ASK result (UTF-8)."""
    if isinstance(result, GraphResult):
        raise QueryError("a CONSTRUCT or DESCRIBE result is RDF, not SPARQL results; choose an RDF format")
    xml = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)
    xml.startDocument()
    xml.startElement("sparql", {"xmlns": SPARQL_RESULTS_NS})
    xml.startElement("head", {})
    if isinstance(result, SelectResult):
        for name in result.variables:
            xml.startElement("variable", {"name": name})
            xml.endElement("variable")
    xml.endElement("head")
    if isinstance(result, AskResult):
        xml.startElement("boolean", {})
        xml.characters("true" if result.value else "false")
        xml.endElement("boolean")
    else:
        xml.startElement("results", {})
        for row in result.rows:
            xml.startElement("result", {})
            for name in result.variables:
                term = row.get(name)
                if term is not None:
                    xml.startElement("binding", {"name": name})
                    _xml_term(xml, term)
                    xml.endElement("binding")
            xml.endElement("result")
        xml.endElement("results")
    xml.endElement("sparql")
    xml.endDocument()
    out.write(b"\n")


def _xml_term(xml: XMLGenerator, term: Node) -> None:
    """One RDF term as a ``<uri>``, ``<bnode>`` or ``<literal>`` element."""
    if isinstance(term, URIRef):
        name, attrs = "uri", {}
    elif isinstance(term, BNode):
        name, attrs = "bnode", {}
    elif isinstance(term, Literal):
        name = "literal"
        if term.language:
            attrs = {"xml:lang": term.language}
        elif term.datatype is not None and str(term.datatype) != str(XSD.string):
            attrs = {"datatype": str(term.datatype)}
        else:
            attrs = {}
    else:
        raise QueryError(f"cannot write {term!r} as a SPARQL XML result term")
    xml.startElement(name, attrs)
    xml.characters(_xml_text(str(term)))
    xml.endElement(name)


def serialize(result: QueryResult, fmt: str) -> bytes:
    """A result as bytes: SELECT/ASK in json, xml, csv or tsv; CONSTRUCT/DESCRIBE in an RDF format or csv/tsv."""
    if fmt in ("csv", "tsv"):
        text = io.StringIO()
        (write_csv if fmt == "csv" else write_tsv)(result, text)
        return text.getvalue().encode("utf-8")
    out = io.BytesIO()
    if isinstance(result, GraphResult):
        write_graph(result, out, fmt)
    elif fmt == "json":
        out.write(json.dumps(to_sparql_json(result), ensure_ascii=False).encode("utf-8"))
    elif fmt == "xml":
        write_xml(result, out)
    else:
        raise QueryError(f"unknown result format {fmt!r}; choose one of {', '.join(RESULT_FORMATS)}")
    return out.getvalue()


def write_graph(result: GraphResult, out: BinaryIO, fmt: str = "turtle") -> None:
    """Serialise a CONSTRUCT/DESCRIBE result with rdflib (policykg prefixes bound)."""
    spec = resolve_format(fmt)
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, replace=True)
    for triple in result.triples:
        graph.add(triple)
    out.write(graph.serialize(format=spec.rdflib_name, encoding="utf-8"))


def display_width(text: str) -> int:
    """Terminal columns a string takes: East Asian wide/full-width characters count 2, combining marks 0."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in {"Mn", "Me", "Cf"}:
            continue
        width += 2 if unicodedata.east_asian_width(char) in {"W", "F"} else 1
    return width


def _truncate(text: str, max_width: int) -> str:
    """Cut a string to at most ``max_width`` terminal columns, ending with '…' when cut."""
    if display_width(text) <= max_width:
        return text
    out, width = [], 0
    for char in text:
        w = display_width(char)
        if width + w > max_width - 1:
            break
        out.append(char)
        width += w
    return "".join(out) + "…"


def compact(term: Node | None, prefixes: Mapping[str, str] | None = PREFIXES) -> str:
    """Cell text: ``prefix:local`` for IRIs under a known namespace, else ``term_to_text``."""
    if prefixes and isinstance(term, URIRef):
        for prefix, iri in prefixes.items():
            local = str(term)[len(iri):]
            if str(term).startswith(iri) and local and "/" not in local and "#" not in local:
                return f"{prefix}:{local}"
    return term_to_text(term)


def to_table(result: QueryResult, *, prefixes: Mapping[str, str] | None = None,
             max_width: int | None = 80) -> str:
    """An aligned plain-text table for terminals (Chinese characters take two columns), with a row count."""
    columns, rows = tabular(result)
    cells = []
    for row in rows:
        texts = [" ".join(compact(t, prefixes).split()) for t in row]
        cells.append([_truncate(t, max_width) if max_width else t for t in texts])
    widths = [max([display_width(c)] + [display_width(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        padded = [v + " " * (w - display_width(v)) for v, w in zip(values, widths, strict=True)]
        return "  ".join(padded).rstrip()

    lines = [line(columns), "  ".join("-" * w for w in widths)]
    lines.extend(line(r) for r in cells)
    lines.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(lines) + "\n"
