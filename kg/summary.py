"""The summary graph: counts over the whole graph (measures per agency, per agency pair, per document),
derived after each ingest like the works graph, so aggregating queries read a few hundred summary rows
instead of joining every measure (docs/scale.md).

The counts are computed in Python from four flat queries; a flat query is one index scan each in Oxigraph,
where the same GROUP BY in SPARQL joins every measure with itself for the pairs.

A change of a few documents (an upload, a small re-ingest) adds and takes away only what those documents count for:
each measure belongs to one document, so every count is a sum over documents, and the counts a document's graph
contributes before and after its change give the new values of the nodes it touches (``update_summary_graph``);
only the summary triples that differ are written. Larger changes recount everything.
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
from policykg.ontology.namespace import ELI, PKO, RDF

# one pattern each, joined in Python: a scan of one predicate is 2–3× faster than the same rows joined with the type
MEASURES = PREFIX_HEADER + "SELECT ?measure WHERE { ?measure a pko:Measure }"
PARTS = PREFIX_HEADER + "SELECT ?measure ?document WHERE { ?measure eli:is_part_of ?document }"
RESPONSIBLE = PREFIX_HEADER + "SELECT ?measure ?agent WHERE { ?measure eli:responsibility_of_agent ?agent }"
LEADS = PREFIX_HEADER + "SELECT ?measure ?lead WHERE { ?measure pko:leadAgency ?lead }"
# the same four kinds of rows inside some document graphs: what those documents count for
DOCUMENT_ROWS = PREFIX_HEADER + """SELECT ?s ?p ?o WHERE { VALUES ?g { %s } GRAPH ?g {
  VALUES ?p { rdf:type eli:is_part_of eli:responsibility_of_agent pko:leadAgency } ?s ?p ?o } }"""
NODE_TRIPLES = PREFIX_HEADER + "SELECT ?s ?p ?o WHERE { GRAPH %s { VALUES ?s { %s } ?s ?p ?o } }"
INCREMENTAL_DOCUMENTS = 20  # a change of more documents recounts everything (one pass beats many small ones)
COUNTS = (PKO.measureCount, PKO.leadCount, PKO.documentCount)


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

    def merge(self, other: "Tally") -> None:
        """Add another tally's measures, led measures and documents."""
        self.measures |= other.measures
        self.led |= other.led
        self.documents |= other.documents

    def counts(self) -> tuple[int, int, int]:
        """(measures, led measures, documents)."""
        return len(self.measures), len(self.led), len(self.documents)


@dataclass
class Summary:
    """Every count the summary graph holds, keyed by IRI strings (agents, documents and measures are IRIs)."""

    agencies: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    pairs: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    document_measures: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def merge(self, other: "Summary") -> None:
        """Add the counts of other documents (measures belong to one document each, so the sets do not overlap)."""
        for agent, tally in other.agencies.items():
            self.agencies[agent].merge(tally)
        for pair, tally in other.pairs.items():
            self.pairs[pair].merge(tally)
        for doc, measures in other.document_measures.items():
            self.document_measures[doc] |= measures


def _rows(store: Store, query: str, first: str, second: str) -> Iterator[tuple[str, str]]:
    """The rows of a flat two-column SELECT as pairs of strings."""
    result = store.query(query)
    assert isinstance(result, SelectResult)
    for row in result.rows:
        a, b = row.get(first), row.get(second)
        if a is not None and b is not None:
            yield str(a), str(b)


def _values(iris: Iterable[str]) -> str:
    """IRIs for a VALUES block, sorted (the same nodes give the same query text)."""
    return " ".join(iri_ref(i) for i in sorted(iris))


def compute_summary(store: Store) -> Summary:
    """Count measures per agency, per agency pair (in any role) and per document over the whole store."""
    result = store.query(MEASURES)
    assert isinstance(result, SelectResult)
    measures = {str(row["measure"]) for row in result.rows if row.get("measure") is not None}
    return _tally(measures, _rows(store, PARTS, "measure", "document"), _rows(store, LEADS, "measure", "lead"),
                  _rows(store, RESPONSIBLE, "measure", "agent"))


def document_summary(store: Store, graphs: Iterable[str]) -> Summary:
    """What these document graphs count for, as the store holds them now (an absent graph: nothing)."""
    names = list(graphs)
    if not names:
        return Summary()
    result = store.query(DOCUMENT_ROWS % _values(names))
    assert isinstance(result, SelectResult)
    rows: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in result.rows:
        rows[str(row["p"])].append((str(row["s"]), str(row["o"])))
    measures = {m for m, kind in rows[str(RDF.type)] if kind == str(PKO.Measure)}
    return _tally(measures, rows[str(ELI.is_part_of)], rows[str(PKO.leadAgency)],
                  rows[str(ELI.responsibility_of_agent)])


def _tally(measures: set[str], parts: Iterable[tuple[str, str]], lead_rows: Iterable[tuple[str, str]],
           responsible: Iterable[tuple[str, str]]) -> Summary:
    """The counts of these measures from (measure, document), (measure, lead) and (measure, agent) rows."""
    summary = Summary()
    document: dict[str, str] = {}
    for measure, doc in parts:
        if measure in measures:
            document.setdefault(measure, doc)
            summary.document_measures[doc].add(measure)
    leads: dict[str, set[str]] = defaultdict(set)
    for measure, lead in lead_rows:
        leads[measure].add(lead)
    agents: dict[str, set[str]] = defaultdict(set)
    for measure, agent in responsible:
        if measure in measures:
            agents[measure].add(agent)
    for measure, responsible_agents in agents.items():
        doc, led_by = document.get(measure), leads.get(measure, set())
        for agent in responsible_agents:
            summary.agencies[agent].add(measure, doc, agent in led_by)
        for first, second in combinations(sorted(responsible_agents), 2):
            summary.pairs[first, second].add(measure, doc, first in led_by or second in led_by)
    return summary


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


def update_summary_graph(store: Store, before: Summary, after: Summary) -> int:
    """Change the summary graph by what some documents counted for before a change and count for after it (their
    ``document_summary`` then and now): each node they touch gets its stored counts plus the difference, and only
    the triples that differ are written. Without a summary graph, or when a count would fall below zero (the graph
    was not up to date), everything is recounted. Returns the number of triples removed and added."""
    graph = str(ids.summary_graph())
    if graph not in store.graphs():
        return rebuild_summary_graph(store)
    nodes: dict[str, tuple[tuple[str, ...], tuple[int, int, int], tuple[int, int, int]]] = {}
    for agent in before.agencies.keys() | after.agencies.keys():
        nodes[str(ids.agency_load(agent))] = ((agent,), _counts_of(before.agencies, agent),
                                               _counts_of(after.agencies, agent))
    for pair in before.pairs.keys() | after.pairs.keys():
        nodes[str(ids.agency_pair(*pair))] = (pair, _counts_of(before.pairs, pair), _counts_of(after.pairs, pair))
    documents = {doc: (len(before.document_measures.get(doc, ())), len(after.document_measures.get(doc, ())))
                 for doc in before.document_measures.keys() | after.document_measures.keys()}
    result = store.query(NODE_TRIPLES % (iri_ref(graph), _values([*nodes, *documents])))
    assert isinstance(result, SelectResult)
    old: set[Triple] = {(row["s"], row["p"], row["o"]) for row in result.rows}  # type: ignore[misc]
    stored: dict[tuple[str, str], int] = {(str(s), str(p)): int(str(o)) for s, p, o in old if p in COUNTS}
    new: set[Triple] = set()
    for node, (agents, was, now) in nodes.items():
        counts = [stored.get((node, str(c)), 0) + n - w for c, w, n in zip(COUNTS, was, now, strict=True)]
        if min(counts) < 0:
            return rebuild_summary_graph(store)
        if counts[0]:
            iri = URIRef(node)
            new.add((iri, RDF.type, PKO.AgencyLoad if len(agents) == 1 else PKO.AgencyPair))
            new.update((iri, PKO.ofAgent, URIRef(a)) for a in agents)
            new.update((iri, c, Literal(n)) for c, n in zip(COUNTS, counts, strict=True))
    for doc, (was, now) in documents.items():
        count = stored.get((doc, str(PKO.measureCount)), 0) + now - was
        if count < 0:
            return rebuild_summary_graph(store)
        if count:
            new.add((URIRef(doc), PKO.measureCount, Literal(count)))
    remove, add = old - new, new - old
    store.patch_graph(graph, remove, add)
    return len(remove) + len(add)


def _counts_of(tallies: dict, key: object) -> tuple[int, int, int]:
    """The counts of one agency or pair in a summary (zeros when absent)."""
    tally = tallies.get(key)
    return tally.counts() if tally is not None else (0, 0, 0)


def rebuild_summary_graph(store: Store) -> int:
    """Recompute the summary graph from the measures in the store; returns the number of its triples."""
    triples = list(summary_triples(compute_summary(store)))
    store.replace_graph(str(ids.summary_graph()), triples)
    return len(triples)
