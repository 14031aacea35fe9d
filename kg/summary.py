"""The summary graph: counts over the whole graph (measures per agency, per agency pair, per document),
derived after each ingest like the works graph, so aggregating queries read a few hundred summary rows
instead of joining every measure (docs/scale.md).

The counts are computed in Python from three flat queries; a flat query is one index scan each in Oxigraph,
where the same GROUP BY in SPARQL joins every measure with itself for the pairs.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations

from rdflib import Literal, URIRef

from policykg.kg.sparql import PREFIX_HEADER
from policykg.kg.store import SelectResult, Store, Triple
from policykg.loaders import ids
from policykg.ontology.namespace import PKO, RDF

# one pattern each, joined in Python: a scan of one predicate is 2–3× faster than the same rows joined with the type
MEASURES = PREFIX_HEADER + "SELECT ?measure WHERE { ?measure a pko:Measure }"
PARTS = PREFIX_HEADER + "SELECT ?measure ?document WHERE { ?measure eli:is_part_of ?document }"
RESPONSIBLE = PREFIX_HEADER + "SELECT ?measure ?agent WHERE { ?measure eli:responsibility_of_agent ?agent }"
LEADS = PREFIX_HEADER + "SELECT ?measure ?lead WHERE { ?measure pko:leadAgency ?lead }"


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


def compute_summary(store: Store) -> Summary:
    """Count measures per agency, per agency pair (in any role) and per document over the whole store."""
    summary = Summary()
    result = store.query(MEASURES)
    assert isinstance(result, SelectResult)
    measures = {str(row["measure"]) for row in result.rows if row.get("measure") is not None}
    document: dict[str, str] = {}
    for measure, doc in _rows(store, PARTS, "measure", "document"):
        if measure in measures:
            document.setdefault(measure, doc)
            summary.document_measures[doc].add(measure)
    leads: dict[str, set[str]] = defaultdict(set)
    for measure, lead in _rows(store, LEADS, "measure", "lead"):
        leads[measure].add(lead)
    agents: dict[str, set[str]] = defaultdict(set)
    for measure, agent in _rows(store, RESPONSIBLE, "measure", "agent"):
        if measure in measures:
            agents[measure].add(agent)
    for measure, responsible in agents.items():
        doc, led_by = document.get(measure), leads.get(measure, set())
        for agent in responsible:
            summary.agencies[agent].add(measure, doc, agent in led_by)
        for first, second in combinations(sorted(responsible), 2):
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


def rebuild_summary_graph(store: Store) -> int:
    """Recompute the summary graph from the measures in the store; returns the number of its triples."""
    triples = list(summary_triples(compute_summary(store)))
    store.replace_graph(str(ids.summary_graph()), triples)
    return len(triples)
