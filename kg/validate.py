"""SHACL validation of policykg data against ontology/shapes.ttl: violations as plain values, no printing."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyshacl
from pyshacl.errors import ReportableRuntimeError
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.exceptions import ParserError
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Node

from policykg.errors import PolicyKGError
from policykg.ontology import ontology_path, shapes_path
from policykg.ontology.namespace import CITO, ELI, ID_BASE, OA, PKO, PREFIXES, PROV, RDF, SH

__all__ = ["Violation", "format_violation", "merge_graphs", "validate_graph"]

_VALUE_WIDTH = 80  # longest value shown by format_violation
_MAX_HOPS = 4  # how far _owner walks from a focus node towards its document or measure

# Edges walked from a node towards the document it was extracted from: (predicate, forward?).
_TO_DOCUMENT: tuple[tuple[URIRef, bool], ...] = (
    (ELI.is_part_of, True),                          # measure, section -> document
    (OA.hasSource, True),                            # span -> document
    (CITO.hasCitingEntity, True),                    # citation -> document
    (PROV.wasDerivedFrom, True),                     # mention, target, responsibility -> span
    (PKO.hasTarget, False),                          # target -> measure
    (PKO.hasResponsibility, False),                  # responsibility -> measure
    (OA.hasSelector, False),                         # selector -> span
    (CITO.repliesTo, False),                         # proposal -> reply
    (ELI.cites, False),                              # cited document -> citing documents
    (PKO.mentions, False),                           # agency -> documents naming it
)
# Edges walked from a node towards the measure it belongs to.
_TO_MEASURE: tuple[tuple[URIRef, bool], ...] = (
    (PKO.hasTarget, False),
    (PKO.hasResponsibility, False),
    (OA.hasSelector, False),
    (PROV.wasDerivedFrom, False),
)


@dataclass(frozen=True)
class Violation:
    """One SHACL result: focus node, path, message, severity and where in the corpus it comes from."""

    focus: str
    path: str
    message: str
    severity: str
    source_file: str | None
    measure: str | None
    value: str | None


class _PreparedQueryGraph(Graph):
    """A Graph that parses each distinct SPARQL text once.

    pySHACL sends the same constraint query again for every focus node, with $this bound; parsing
    dominates the cost (about 15 ms a query), so caching the parsed query makes validation ~10x faster.
    """

    def __init__(self) -> None:
        super().__init__()
        self._prepared: dict[str, Query] = {}

    def query(self, query_object: Any, processor: Any = "sparql", result: Any = "sparql",
              initNs: Any = None, initBindings: Any = None,
              use_store_provided: bool = True, **kwargs: Any) -> Result:
        """Graph.query, with string queries parsed once and reused."""
        if isinstance(query_object, str) and processor == "sparql" and initNs is None:
            prepared = self._prepared.get(query_object)
            if prepared is None:
                prepared = prepareQuery(query_object, initNs=dict(self.namespaces()))
                self._prepared[query_object] = prepared
            query_object = prepared
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided,
                             **kwargs)


def merge_graphs(data: Graph | Dataset) -> Graph:
    """One new rdflib Graph holding the triples of every graph of a Dataset (or of a plain Graph)."""
    merged = _PreparedQueryGraph()
    for prefix, namespace in PREFIXES.items():
        merged.bind(prefix, namespace)
    if isinstance(data, Dataset):  # iterating a Dataset would give its default graph only
        for s, p, o, _g in data.quads((None, None, None, None)):
            merged.add((s, p, o))
    else:
        for triple in data:
            merged.add(triple)
    return merged


def _load(path_fn: Callable[[], Path], what: str) -> Graph:
    """Parse one of the shipped Turtle files, turning a broken file into a PolicyKGError."""
    path = path_fn()
    try:
        return Graph().parse(str(path), format="turtle")
    except (OSError, ParserError, SyntaxError) as exc:  # rdflib reports Turtle errors as BadSyntax
        raise PolicyKGError(f"cannot read the {what} {path}: {exc}") from exc


def validate_graph(data: Graph | Dataset) -> list[Violation]:
    """Validate data (a Graph, or a Dataset whose graphs are merged first) against the policykg shapes."""
    graph = merge_graphs(data)  # our own copy: pySHACL may mix the ontology into it in place
    shapes = _load(shapes_path, "SHACL shapes")
    ontology = _load(ontology_path, "ontology")
    try:
        _conforms, report, _text = pyshacl.validate(
            graph, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True,
            allow_warnings=True, abort_on_first=False, inplace=True,
        )
    except ReportableRuntimeError as exc:
        raise PolicyKGError(f"SHACL validation failed to run: {exc.message}") from exc
    results = {r for rep in report.subjects(RDF.type, SH.ValidationReport) for r in report.objects(rep, SH.result)}
    violations = [_violation(report, result, graph) for result in results]  # top level: not sh:detail
    return sorted(violations, key=_sort_key)


def _sort_key(v: Violation) -> tuple[str, tuple[tuple[int, str], ...], str, str, str]:
    """Order by file, then measure number as numbers ("2" before "12", "3.2" after "3"), then focus."""
    parts = v.measure.split(".") if v.measure else []
    number = tuple((int(p), "") if p.isdigit() else (-1, p) for p in parts)
    return (v.source_file or "", number, v.focus, v.path, v.message)


def format_violation(v: Violation) -> str:
    """One line: "FILE · measure N · pko:leadAgency · message" (parts that are unknown are left out)."""
    parts = [v.source_file or _compact(v.focus)]
    if v.measure is not None:
        parts.append(f"measure {v.measure}")
    if v.path:
        parts.append(_compact(v.path))
    message = v.message
    if v.severity != "Violation":
        message = f"[{v.severity.lower()}] {message}"
    if v.value is not None and v.value != v.focus:
        shown = _compact(v.value)
        shown = shown if len(shown) <= _VALUE_WIDTH else shown[: _VALUE_WIDTH - 1] + "…"
        message = f"{message} (value: {shown})"
    parts.append(message)
    return " · ".join(parts)


def _violation(report: Graph, result: Node, data: Graph) -> Violation:
    """Build a Violation from one sh:ValidationResult node of the pySHACL report."""
    focus = report.value(result, SH.focusNode)
    path = report.value(result, SH.resultPath)
    value = report.value(result, SH.value)
    severity = report.value(result, SH.resultSeverity)
    return Violation(
        focus=_node_str(focus),
        path=_path_str(report, path) if path is not None else "",
        message=_message(report, result),
        severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        source_file=_source_file(data, focus) if focus is not None else None,
        measure=_measure_number(data, focus) if focus is not None else None,
        value=_value_str(data, value) if value is not None else None,
    )


def _message(report: Graph, result: Node) -> str:
    """The result message, preferring English or untagged text; the constraint name when there is none."""
    messages = list(report.objects(result, SH.resultMessage))
    for wanted in ("en", None):
        for m in messages:
            if isinstance(m, Literal) and m.language == wanted:
                return str(m)
    if messages:
        return str(messages[0])
    component = report.value(result, SH.sourceConstraintComponent)
    return f"fails {_compact(str(component))}" if component is not None else "SHACL violation"


def _node_str(node: Node | None) -> str:
    """An IRI as its string, a blank node as _:id."""
    if node is None:
        return ""
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


def _path_str(report: Graph, path: Node) -> str:
    """A SHACL property path as a SPARQL-like string over full IRIs (^p, p1/p2, p1|p2, p*, p+, p?)."""
    if isinstance(path, URIRef):
        return str(path)
    inverse = report.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_str(report, inverse)
    for predicate, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = report.value(path, predicate)
        if inner is not None:
            return f"({_path_str(report, inner)}){suffix}"
    alternatives = report.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_str(report, p) for p in Collection(report, alternatives)) + ")"
    if report.value(path, RDF.first) is not None:
        return "/".join(_path_str(report, p) for p in Collection(report, path))
    return _node_str(path)


def _value_str(data: Graph, value: Node) -> str:
    """A value node for display: literals in Turtle form with prefixed datatypes, IRIs as strings."""
    if isinstance(value, Literal):
        return value.n3(data.namespace_manager)
    return _node_str(value)


def _compact(text: str) -> str:
    """Replace every full IRI of a known namespace in text by its prefixed name, data IRIs by their path."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        text = text.replace(namespace, prefix + ":")
    return text.replace(ID_BASE, "")


def _neighbours(data: Graph, node: Node, edges: Iterable[tuple[URIRef, bool]]) -> list[Node]:
    """Nodes one edge away from node along the given (predicate, forward?) edges."""
    found: list[Node] = []
    for predicate, forward in edges:
        found.extend(data.objects(node, predicate) if forward else data.subjects(predicate, node))
    return found


def _owner(data: Graph, start: Node, edges: tuple[tuple[URIRef, bool], ...],
           key: Callable[[Node], str | None]) -> str | None:
    """Breadth-first from start: the one key value at the nearest level that has any, else None."""
    seen = {start}
    level = [start]
    for _hop in range(_MAX_HOPS + 1):
        keys = {k for node in level if (k := key(node)) is not None}
        if keys:
            return keys.pop() if len(keys) == 1 else None
        following: list[Node] = []
        for node in level:
            for n in _neighbours(data, node, edges):
                if n not in seen:
                    seen.add(n)
                    following.append(n)
        if not following:
            return None
        level = following
    return None


def _source_file(data: Graph, focus: Node) -> str | None:
    """Best effort: the pko:sourceFile of the one document the focus node was extracted from."""

    def key(node: Node) -> str | None:
        value = data.value(node, PKO.sourceFile)
        return str(value) if value is not None else None

    return _owner(data, focus, _TO_DOCUMENT, key)


def _measure_number(data: Graph, focus: Node) -> str | None:
    """The eli:number of the focus node when it is a measure or belongs to exactly one measure."""

    def key(node: Node) -> str | None:
        if (node, RDF.type, PKO.Measure) not in data:
            return None
        number = data.value(node, ELI.number)
        return str(number) if number is not None else None

    return _owner(data, focus, _TO_MEASURE, key)
