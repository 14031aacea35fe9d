"""Responsibility networks built from SPARQL answers over the store: agency–measure, co-responsibility,
agency–document and citation graphs (networkx), for the whole store or a filter.

Every node and edge attribute is a plain str, int, float or bool (never None, never a list), so the
graphs export to GraphML and GEXF as they are. Node ids are IRIs.
"""

from collections import defaultdict
from itertools import combinations
from typing import Any

import networkx as nx

from policykg.errors import InputError
from policykg.kg.network_data import (
    KINDS,
    NetworkFilter,
    agents,
    document_clauses,
    documents,
    resolve_agency,
    resolve_document,
    responsibilities,
    select_rows,
    text_of,
)
from policykg.kg.store import Store
from policykg.kg.terms import iri_ref

__all__ = ["KINDS", "NetworkFilter", "build", "leads_of", "resolve_agency", "resolve_document"]


def _agency_node(g: nx.Graph, iri: str, known: dict[str, dict[str, Any]]) -> None:
    """Add an agency node with its attributes and zeroed lead/support counts."""
    if iri not in g:
        attrs = known.get(iri) or {"iri": iri, "kind": "agency", "label": iri.rsplit("/", 1)[-1],
                                   "label_en": iri.rsplit("/", 1)[-1], "level": "other"}
        g.add_node(iri, **attrs, leads=0, supports=0)


def _count_roles(g: nx.Graph, rows: list[dict[str, Any]]) -> None:
    """Lead and support counts of each agency node from responsibility rows (distinct measures)."""
    seen = set()
    for r in rows:
        key = (r["agent"], r["measure"])
        if r["agent"] in g and key not in seen:
            seen.add(key)
            g.nodes[r["agent"]]["leads" if r["role"] == "lead" else "supports"] += 1


def bipartite_graph(store: Store, flt: NetworkFilter) -> nx.Graph:
    """Agencies and the measures they are responsible for; each edge carries the role (lead / support)."""
    rows = responsibilities(store, flt)
    known, docs = agents(store), documents(store)
    g = nx.Graph(kind="bipartite")
    for r in rows:
        _agency_node(g, r["agent"], known)
        if r["measure"] not in g:
            doc = docs.get(r["doc"], {})
            g.add_node(r["measure"], iri=r["measure"], kind="measure", level="measure",
                       label="措施" + r["number"], label_en="Measure " + r["number"], number=r["number"],
                       document=r["doc"], document_label=doc.get("label", ""), leads=0, supports=0)
        g.add_edge(r["agent"], r["measure"], role=r["role"], weight=1)
    _count_roles(g, rows)
    return g


def _project(rows: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    """Pairs of agencies sharing measures: shared measures, documents, and how many each leads."""
    by_measure: dict[str, dict[str, str]] = defaultdict(dict)
    doc_of = {}
    for r in rows:
        roles = by_measure[r["measure"]]
        if roles.get(r["agent"]) != "lead":
            roles[r["agent"]] = r["role"]
        doc_of[r["measure"]] = r["doc"]
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for measure, roles in by_measure.items():
        for a, b in combinations(sorted(roles), 2):
            p = pairs.setdefault((a, b), {"weight": 0, "first_leads": 0, "second_leads": 0, "docs": set()})
            p["weight"] += 1
            p["first_leads"] += roles[a] == "lead"
            p["second_leads"] += roles[b] == "lead"
            p["docs"].add(doc_of[measure])
    return pairs


def coresponsibility_graph(store: Store, flt: NetworkFilter) -> nx.Graph:
    """Agencies linked by the measures they share (weight); with an agency, its ego network."""
    rows = responsibilities(store, flt, by_agency=False)
    known = agents(store)
    g = nx.Graph(kind="coresponsibility")
    for r in rows:
        _agency_node(g, r["agent"], known)
    _count_roles(g, rows)
    for (a, b), p in _project(rows).items():
        if p["weight"] >= flt.min_weight:
            g.add_edge(a, b, weight=p["weight"], shared=p["weight"], first=a, second=b,
                       first_leads=p["first_leads"], second_leads=p["second_leads"], documents=len(p["docs"]),
                       role="lead" if p["first_leads"] + p["second_leads"] else "support")
    if flt.agency:
        if flt.agency not in g:
            return nx.Graph(kind="coresponsibility")
        return nx.ego_graph(g, flt.agency, radius=1).copy()
    return g


def leads_of(edge: dict[str, Any], agency: str) -> int:
    """How many of a co-responsibility edge's shared measures ``agency`` leads."""
    return int(edge["first_leads"] if edge["first"] == agency else edge["second_leads"])


DOCUMENT_AGENCIES = """
SELECT DISTINCT ?doc ?agent ?relation WHERE {
  ?doc pko:sourceFile ?file .
  { ?doc eli:passed_by ?agent BIND("issued" AS ?relation) }
  UNION { ?doc pko:mentions ?agent BIND("mentioned" AS ?relation) }
  %s
}"""
RELATIONS = ("issued", "responsible", "mentioned")  # strongest first


def document_graph(store: Store, flt: NetworkFilter) -> nx.Graph:
    """Agencies and documents: issued, responsible in (with lead / support counts), mentioned."""
    clauses = [document_clauses(flt)]
    if flt.agency:
        a = iri_ref(flt.agency)
        clauses.append(f"FILTER EXISTS {{ {{ ?doc eli:passed_by {a} }} UNION {{ ?doc pko:mentions {a} }} "
                       f"UNION {{ ?am eli:is_part_of ?doc ; eli:responsibility_of_agent {a} }} }}")
    links: dict[tuple[str, str], dict[str, Any]] = {}

    def link(agent: str, doc: str) -> dict[str, Any]:
        return links.setdefault((agent, doc), {"issued": False, "responsible": False, "mentioned": False,
                                               "leads": 0, "supports": 0, "measures": set()})

    if not flt.role:
        for r in select_rows(store, DOCUMENT_AGENCIES % "\n  ".join(clauses)):
            link(str(r["agent"]), str(r["doc"]))[str(r["relation"])] = True
    rows = responsibilities(store, NetworkFilter(flt.document, None, flt.year, flt.role))
    if flt.agency:
        mine = {r["doc"] for r in rows if r["agent"] == flt.agency} | {d for _, d in links}
        rows = [r for r in rows if r["doc"] in mine]
    for r in rows:
        item = link(r["agent"], r["doc"])
        if r["measure"] not in item["measures"]:
            item["measures"].add(r["measure"])
            item["responsible"] = True
            item["leads" if r["role"] == "lead" else "supports"] += 1
    known, docs = agents(store), documents(store)
    g = nx.Graph(kind="documents")
    for (agent, doc), item in sorted(links.items()):
        weight = max(1, item["leads"] + item["supports"])
        if weight < flt.min_weight:
            continue
        _agency_node(g, agent, known)
        if doc not in g:
            g.add_node(doc, **docs.get(doc, {"iri": doc, "kind": "document", "label": doc, "label_en": doc,
                                             "level": "document", "in_store": True}), leads=0, supports=0)
        relation = next(name for name in RELATIONS if item[name])
        g.add_edge(agent, doc, relation=relation, issued=item["issued"], responsible=item["responsible"],
                   mentioned=item["mentioned"], leads=item["leads"], supports=item["supports"], weight=weight,
                   role="lead" if item["leads"] else "support" if item["supports"] else relation)
        g.nodes[agent]["leads"] += item["leads"]
        g.nodes[agent]["supports"] += item["supports"]
    return g


CITATIONS = """
SELECT ?doc ?work ?kind (SAMPLE(?same) AS ?sameAs) WHERE {
  ?doc pko:sourceFile ?file ; eli:cites ?work .
  OPTIONAL { ?work owl:sameAs ?same }
  BIND(IF(EXISTS { ?doc eli:based_on ?work }, "based_on", IF(EXISTS { ?doc eli:applies ?work }, "applies", "cites"))
       AS ?kind)
  %s
} GROUP BY ?doc ?work ?kind"""
WORKS = """
SELECT ?work (MIN(?t) AS ?title) (MIN(?alt) AS ?wording) (MIN(?n) AS ?number) WHERE {
  ?work a pko:CitedDocument .
  OPTIONAL { ?work dcterms:title ?t }
  OPTIONAL { ?work skos:altLabel ?alt }
  OPTIONAL { ?work eli:id_local ?n }
} GROUP BY ?work"""
CITATION_KINDS = ("based_on", "applies", "cites")  # strongest first


def citation_graph(store: Store, flt: NetworkFilter) -> nx.DiGraph:
    """Documents and the documents they cite (cited documents not in the store too), one node a work."""
    clauses = [document_clauses(flt)]
    if flt.agency:
        a = iri_ref(flt.agency)
        clauses.append(f"FILTER EXISTS {{ {{ ?doc eli:passed_by {a} }} UNION {{ ?doc pko:mentions {a} }} "
                       f"UNION {{ ?am eli:is_part_of ?doc ; eli:responsibility_of_agent {a} }} }}")
    docs = documents(store)
    by_number = {d["number"]: iri for iri, d in docs.items() if d["number"]}
    by_title = {d["title"]: iri for iri, d in docs.items() if d["title"]}
    works = {}
    for r in select_rows(store, WORKS):
        title, number = text_of(r.get("title")) or text_of(r.get("wording")), text_of(r.get("number"))
        works[str(r["work"])] = {"iri": str(r["work"]), "kind": "work", "level": "work", "title": title,
                                 "number": number, "label": title or number, "label_en": title or number,
                                 "date": "", "in_store": False}
    g = nx.DiGraph(kind="citations")
    for r in select_rows(store, CITATIONS % "\n  ".join(clauses)):
        doc, work = str(r["doc"]), str(r.get("sameAs") or r["work"])
        attrs = works.get(work, {"iri": work, "kind": "work", "level": "work", "title": "", "number": "",
                                 "label": work.rsplit("/", 1)[-1], "date": "", "in_store": False})
        target = by_number.get(attrs["number"]) or by_title.get(attrs["title"]) or work
        for node in (doc, target):
            if node not in g:
                g.add_node(node, **(docs.get(node) or attrs), leads=0, supports=0)
        kind = str(r["kind"])
        if g.has_edge(doc, target):
            old = g.edges[doc, target]["kind"]
            kind = min(old, kind, key=CITATION_KINDS.index)
        g.add_edge(doc, target, kind=kind, role=kind, weight=1)
    return g


BUILDERS = {"coresponsibility": coresponsibility_graph, "bipartite": bipartite_graph,
            "documents": document_graph, "citations": citation_graph}


def build(store: Store, kind: str, flt: NetworkFilter) -> nx.Graph:
    """The network of one kind for a filter, with edges under ``min_weight`` and the isolates they leave dropped."""
    if kind not in BUILDERS:
        raise InputError(f"unknown network {kind!r}; choose one of {', '.join(KINDS)}")
    g = _sorted(BUILDERS[kind](store, flt))
    if flt.min_weight > 1:
        g.remove_edges_from([(u, v) for u, v, w in g.edges(data="weight") if w < flt.min_weight])
        g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0 and n != flt.agency])
    g.graph.update(kind=kind, document=flt.document or "", agency=flt.agency or "", year=flt.year or 0,
                   role=flt.role or "", min_weight=flt.min_weight)
    return g


def _sorted(g: nx.Graph) -> nx.Graph:
    """The same graph with nodes and edges in IRI order, so that every metric is the same whatever order the
    store answered in."""
    h = g.__class__(**g.graph)
    h.add_nodes_from(sorted(g.nodes(data=True), key=lambda item: str(item[0])))
    h.add_edges_from(sorted(g.edges(data=True), key=lambda item: (str(item[0]), str(item[1]))))
    return h


