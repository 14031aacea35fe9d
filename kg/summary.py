"""The summary graph: counts over the whole graph (measures per agency, per agency pair, per document),
derived after each ingest like the works graph, so aggregating queries read a few hundred summary rows
instead of joining every measure (docs/scale.md).

The counts are computed in Python from four flat queries; a flat query is one index scan each in Oxigraph,
where the same GROUP BY in SPARQL joins every measure with itself for the pairs.

A change of a few documents (an upload, a small re-ingest) recounts only what it touched: the agents responsible
for measures in the old or new version of those documents, every pair one of them is in, and those documents;
then only the summary triples that differ are written (``update_summary_graph``). Larger changes recount all.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations

from rdflib import Literal, URIRef

from policykg.kg.sparql import PREFIX_HEADER
from policykg.kg.store import SelectResult, Store, Triple
from policykg.kg.terms import iri_ref
from policykg.loaders import ids
from policykg.ontology.namespace import PKO, RDF

# one pattern each, joined in Python: a scan of one predicate is 2–3× faster than the same rows joined with the type.
# SCOPE is replaced by nothing (whole store) or by the pattern keeping the measures of some agents.
SCOPE = "#scope\n"
MEASURES = PREFIX_HEADER + "SELECT ?measure WHERE { #scope\n?measure a pko:Measure }"
PARTS = PREFIX_HEADER + "SELECT ?measure ?document WHERE { #scope\n?measure eli:is_part_of ?document }"
RESPONSIBLE = PREFIX_HEADER + "SELECT ?measure ?agent WHERE { #scope\n?measure eli:responsibility_of_agent ?agent }"
LEADS = PREFIX_HEADER + "SELECT ?measure ?lead WHERE { #scope\n?measure pko:leadAgency ?lead }"
DOCUMENT_MEASURES = PREFIX_HEADER + """SELECT ?measure ?document WHERE {
  VALUES ?document { %s } ?measure eli:is_part_of ?document . ?measure a pko:Measure }"""
TOUCHED = PREFIX_HEADER + """SELECT DISTINCT ?agent ?document WHERE { VALUES ?g { %s } GRAPH ?g {
  { ?measure eli:responsibility_of_agent ?agent } UNION { ?measure a pko:Measure ; eli:is_part_of ?document } } }"""
SUMMARY_OF = PREFIX_HEADER + """SELECT DISTINCT ?s ?p ?o WHERE { GRAPH %s {
  { VALUES ?agent { %s } ?s pko:ofAgent ?agent } UNION { VALUES ?s { %s } } ?s ?p ?o } }"""
INCREMENTAL_DOCUMENTS = 20  # a change of more documents recounts everything (one pass beats many scoped ones)


@dataclass(frozen=True)
class Scope:
    """What a change touched: agents whose counts (and pairs) may differ, documents whose measure counts may."""

    agents: frozenset[str] = frozenset()
    documents: frozenset[str] = frozenset()

    def __or__(self, other: "Scope") -> "Scope":
        """Both scopes at once."""
        return Scope(self.agents | other.agents, self.documents | other.documents)


@dataclass
class Tally:
    """Distinct measures, led measures and documents counted for one agency or agency pair."""

    measures: set[str] = field(default_factory=set)
    led: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)

    def add(self, measure: str, document: str | None, led: bool) -> None:
        """Count one measure (once, however often it is added)."""
        self.measures.add(measure)
        if led:
            self.led.add(measure)
        if document is not None:
            self.documents.add(document)


@dataclass
class Summary:
    """Every count the summary graph holds, keyed by IRI strings (agents, documents and measures are IRIs)."""

    agencies: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    pairs: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    document_measures: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def _rows(store: Store, query: str, first: str, second: str) -> Iterator[tuple[str, str]]:
    """The rows of a flat two-column SELECT as pairs of strings."""
    result = store.query(query)
    assert isinstance(result, SelectResult)
    for row in result.rows:
        a, b = row.get(first), row.get(second)
        if a is not None and b is not None:
            yield str(a), str(b)


def _values(iris: Iterable[str]) -> str:
    """IRIs for a VALUES block, sorted (the same scope gives the same query text)."""
    return " ".join(iri_ref(i) for i in sorted(iris))


def compute_summary(store: Store, scope: Scope | None = None) -> Summary:
    """Count measures per agency, per agency pair (in any role) and per document over the whole store, or only
    the counts a scope touched: its agents, the pairs they are in and its documents."""
    summary = Summary()
    if scope is None:
        restrict = ""
    elif scope.agents:
        restrict = f"VALUES ?scoped {{ {_values(scope.agents)} }} ?measure eli:responsibility_of_agent ?scoped .\n"
    else:
        restrict = None  # no agent touched: only document counts
    if restrict is not None:
        _count_agents(store, summary, restrict)
    if scope is not None:
        summary.agencies = {a: t for a, t in summary.agencies.items() if a in scope.agents}
        summary.pairs = {p: t for p, t in summary.pairs.items() if not scope.agents.isdisjoint(p)}
        summary.document_measures = defaultdict(set)
        if scope.documents:
            for measure, doc in _rows(store, DOCUMENT_MEASURES % _values(scope.documents), "measure", "document"):
                summary.document_measures[doc].add(measure)
    return summary


def _count_agents(store: Store, summary: Summary, restrict: str) -> None:
    """Tally the measures matched by ``restrict`` per agent, agent pair and document into ``summary``."""
    result = store.query(MEASURES.replace(SCOPE, restrict))
    assert isinstance(result, SelectResult)
    measures = {str(row["measure"]) for row in result.rows if row.get("measure") is not None}
    document: dict[str, str] = {}
    for measure, doc in _rows(store, PARTS.replace(SCOPE, restrict), "measure", "document"):
        if measure in measures:
            document.setdefault(measure, doc)
            summary.document_measures[doc].add(measure)
    leads: dict[str, set[str]] = defaultdict(set)
    for measure, lead in _rows(store, LEADS.replace(SCOPE, restrict), "measure", "lead"):
        leads[measure].add(lead)
    agents: dict[str, set[str]] = defaultdict(set)
    for measure, agent in _rows(store, RESPONSIBLE.replace(SCOPE, restrict), "measure", "agent"):
        if measure in measures:
            agents[measure].add(agent)
    for measure, responsible in agents.items():
        doc, led_by = document.get(measure), leads.get(measure, set())
        for agent in responsible:
            summary.agencies[agent].add(measure, doc, agent in led_by)
        for first, second in combinations(sorted(responsible), 2):
            summary.pairs[first, second].add(measure, doc, first in led_by or second in led_by)


def _counts(node: URIRef, tally: Tally) -> Iterator[Triple]:
    """The three counts of one summary node."""
    yield node, PKO.measureCount, Literal(len(tally.measures))
    yield node, PKO.leadCount, Literal(len(tally.led))
    yield node, PKO.documentCount, Literal(len(tally.documents))


def summary_triples(summary: Summary) -> Iterator[Triple]:
    """The summary graph's triples (deterministic IRIs: the same store gives the same graph)."""
    for agent, tally in summary.agencies.items():
        node = ids.agency_load(agent)
        yield node, RDF.type, PKO.AgencyLoad
        yield node, PKO.ofAgent, URIRef(agent)
        yield from _counts(node, tally)
    for (first, second), tally in summary.pairs.items():
        node = ids.agency_pair(first, second)
        yield node, RDF.type, PKO.AgencyPair
        yield node, PKO.ofAgent, URIRef(first)
        yield node, PKO.ofAgent, URIRef(second)
        yield from _counts(node, tally)
    for doc, measures in summary.document_measures.items():
        yield URIRef(doc), PKO.measureCount, Literal(len(measures))


def touched(store: Store, graphs: Iterable[str]) -> Scope:
    """The agents responsible for measures in these document graphs and the documents of those measures, as the
    store holds them now (asked before and after a change, the union is what the change touched)."""
    names = list(graphs)
    if not names:
        return Scope()
    result = store.query(TOUCHED % _values(names))
    assert isinstance(result, SelectResult)
    agents = {str(row["agent"]) for row in result.rows if row.get("agent") is not None}
    documents = {str(row["document"]) for row in result.rows if row.get("document") is not None}
    return Scope(frozenset(agents), frozenset(documents))


def update_summary_graph(store: Store, scope: Scope) -> int:
    """Recount only what a change touched and write the summary triples that differ (the whole graph is rebuilt
    when the store has none yet); returns the number of triples removed and added."""
    graph = str(ids.summary_graph())
    if graph not in store.graphs():
        return rebuild_summary_graph(store)
    fresh = set(summary_triples(compute_summary(store, scope)))
    result = store.query(SUMMARY_OF % (iri_ref(graph), _values(scope.agents), _values(scope.documents)))
    assert isinstance(result, SelectResult)
    old: set[Triple] = {(row["s"], row["p"], row["o"]) for row in result.rows}  # type: ignore[misc]
    remove, add = old - fresh, fresh - old
    store.patch_graph(graph, remove, add)
    return len(remove) + len(add)


def rebuild_summary_graph(store: Store) -> int:
    """Recompute the summary graph from the measures in the store; returns the number of its triples."""
    triples = list(summary_triples(compute_summary(store)))
    store.replace_graph(str(ids.summary_graph()), triples)
    return len(triples)
