"""One analysed network (graph, communities, an agency's partners) and its plain-text report for terminals."""

from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from rdflib import Literal

from policykg.kg import network_metrics as metrics
from policykg.kg.network import NetworkFilter, build
from policykg.kg.results import to_table
from policykg.kg.store import SelectResult, Store

KIND_TITLES = {"coresponsibility": "agency co-responsibility network", "bipartite": "agency–measure network",
               "documents": "agency–document network", "citations": "citation network"}


@dataclass
class Analysed:
    """A network with its metrics set on the nodes, its communities and, for an agency, its partners."""

    graph: nx.Graph
    communities: list[set[Any]]
    agency: str | None = None
    partners: list[dict[str, Any]] = field(default_factory=list)


def analysed(store: Store, kind: str, flt: NetworkFilter) -> Analysed:
    """Build the network for the filter and compute its metrics (and the agency's partners)."""
    g = build(store, kind, flt)
    groups = metrics.analyse(g)
    found = []
    if flt.agency:
        partners_graph = g if kind == "coresponsibility" else build(store, "coresponsibility", flt)
        found = metrics.partners(partners_graph, flt.agency)
    return Analysed(g, groups, flt.agency, found)


def _table(columns: list[str], rows: list[list[Any]]) -> str:
    """An aligned terminal table of plain values."""
    result = SelectResult(columns, [{c: Literal(v) for c, v in zip(columns, row, strict=True)} for row in rows])
    return to_table(result, max_width=40)


def node_rows(g: nx.Graph, metric: str, top: int) -> list[list[Any]]:
    """Rows of the top nodes by a metric."""
    return [[i, d["label"], d["kind"] if d["kind"] != "agency" else d["level"], d["degree"], d["weighted_degree"],
             d["leads"], d["supports"], f"{d['betweenness']:.4f}", f"{d['pagerank']:.4f}", d["community"],
             "yes" if d["broker"] else ""]
            for i, (_, d) in enumerate(metrics.ranked(g, metric)[:top], start=1)]


def report(result: Analysed, metric: str = "weighted_degree", top: int = 20) -> str:
    """Counts, the top nodes, the communities, the brokers and (for an agency) its partners, as text."""
    g = result.graph
    parts = [f"{KIND_TITLES[g.graph['kind']]}: {len(g)} nodes, {g.number_of_edges()} edges, "
             f"{len(result.communities)} communities\n"]
    parts.append(f"Top {min(top, len(g))} nodes by {metric}:\n" + _table(
        ["rank", "label", "kind", "degree", "weighted", "leads", "supports", "betweenness", "pagerank",
         "community", "broker"], node_rows(g, metric, top)))
    lines = []
    for i, group in enumerate(result.communities[:top], start=1):
        names = [g.nodes[v]["label"] for v in sorted(group, key=lambda v: -g.nodes[v]["weighted_degree"])[:5]]
        lines.append(f"  {i}. {len(group)} nodes: {', '.join(names)}{' …' if len(group) > 5 else ''}")
    parts.append("Communities (Louvain):\n" + "\n".join(lines) + "\n")
    found = metrics.brokers(g, top)
    if found:
        parts.append("Brokers between communities:\n" + _table(
            ["label", "communities_reached", "betweenness"],
            [[d["label"], d["bridges"], f"{d['betweenness']:.4f}"] for _, d in found]))
    if result.agency:
        label = g.nodes[result.agency]["label"] if result.agency in g else result.agency
        parts.append(f"Partners of {label} (shared measures; how many each leads):\n" + _table(
            ["partner", "shared", "agency_leads", "partner_leads", "documents"],
            [[p["label"], p["shared"], p["agency_leads"], p["partner_leads"], p["documents"]]
             for p in result.partners[:top]]))
    return "\n".join(parts)
