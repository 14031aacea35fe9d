"""Analytics of a responsibility network: degree, weighted degree, betweenness, PageRank, Louvain
communities, brokers between communities; for one agency, its partners. Deterministic (fixed seeds)."""

from typing import Any

import networkx as nx

from policykg.kg.network import leads_of

SEED = 42
EXACT_BETWEENNESS_MAX = 300  # above this many nodes betweenness is estimated from a fixed sample of sources
BETWEENNESS_SAMPLE = 64
METRICS = ("weighted_degree", "degree", "betweenness", "pagerank", "leads", "supports", "bridges")


def pagerank(g: nx.Graph, alpha: float = 0.85, weight: str = "weight", tol: float = 1e-9,
             max_iter: int = 100) -> dict[Any, float]:
    """Weighted PageRank by power iteration (pure Python; undirected edges count both ways; dangling nodes
    share their rank with everyone), as networkx's ``pagerank`` defines it."""
    nodes = list(g)
    n = len(nodes)
    if n == 0:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    links: list[list[tuple[int, float]]] = [[] for _ in nodes]
    for u, v, w in g.edges(data=weight, default=1):
        links[index[u]].append((index[v], float(w)))
        if not g.is_directed():
            links[index[v]].append((index[u], float(w)))
    out = [[(j, w / total) for j, w in row] if (total := sum(w for _, w in row)) else [] for row in links]
    dangling = [i for i, row in enumerate(out) if not row]
    rank = [1.0 / n] * n
    for _ in range(max_iter):
        base = (1.0 - alpha) / n + alpha * sum(rank[i] for i in dangling) / n
        new = [base] * n
        for i, row in enumerate(out):
            share = alpha * rank[i]
            for j, w in row:
                new[j] += share * w
        error = sum(abs(a - b) for a, b in zip(new, rank, strict=True))
        rank = new
        if error < n * tol:
            break
    return dict(zip(nodes, rank, strict=True))


def communities(g: nx.Graph) -> list[set[Any]]:
    """Louvain communities (fixed seed), largest first, ties by their first node id."""
    if g.number_of_edges() == 0:
        found = [{v} for v in g]
    else:
        found = nx.community.louvain_communities(g, weight="weight", seed=SEED)
    return sorted(found, key=lambda c: (-len(c), min(map(str, c))))


def betweenness(g: nx.Graph) -> dict[Any, float]:
    """Normalised betweenness with distance 1/weight (strong ties are short); estimated from a fixed sample
    of sources on big graphs."""
    k = BETWEENNESS_SAMPLE if len(g) > EXACT_BETWEENNESS_MAX else None
    if all(w == 1 for _, _, w in g.edges(data="weight", default=1)):
        return nx.betweenness_centrality(g, k=k, weight=None, normalized=True, seed=SEED)
    h = nx.DiGraph() if g.is_directed() else nx.Graph()
    h.add_nodes_from(g)
    h.add_edges_from((a, b, {"distance": 1.0 / max(float(w), 1e-9)}) for a, b, w in g.edges(data="weight", default=1))
    return nx.betweenness_centrality(h, k=k, weight="distance", normalized=True, seed=SEED)


def analyse(g: nx.Graph) -> list[set[Any]]:
    """Set every node's metrics as attributes; returns the communities (numbered from 1 in node attrs)."""
    groups = communities(g)
    community = {v: i for i, group in enumerate(groups, start=1) for v in group}
    between, rank = betweenness(g), pagerank(g)
    undirected = g.to_undirected(as_view=True) if g.is_directed() else g
    for v, d in g.nodes(data=True):
        reached = {community[u] for u in undirected.neighbors(v)} - {community[v]}
        d.update(degree=int(undirected.degree(v)), weighted_degree=int(undirected.degree(v, weight="weight")),
                 betweenness=round(float(between[v]), 6), pagerank=round(float(rank[v]), 6),
                 community=community[v], bridges=len(reached), broker=bool(reached))
        d.setdefault("leads", 0)
        d.setdefault("supports", 0)
    g.graph["communities"] = len(groups)
    return groups


def ranked(g: nx.Graph, metric: str = "weighted_degree", kind: str | None = None) -> list[tuple[Any, dict]]:
    """Nodes (id, attributes) by a metric, highest first, ties by label; only one kind of node if given."""
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; choose one of {', '.join(METRICS)}")
    nodes = [(v, d) for v, d in g.nodes(data=True) if kind is None or d.get("kind") == kind]
    return sorted(nodes, key=lambda item: (-item[1].get(metric, 0), item[1].get("label", ""), str(item[0])))


def brokers(g: nx.Graph, limit: int = 10) -> list[tuple[Any, dict]]:
    """Nodes tying their community to others: most communities reached first, then by betweenness."""
    found = [(v, d) for v, d in g.nodes(data=True) if d.get("broker")]
    found.sort(key=lambda item: (-item[1]["bridges"], -item[1]["betweenness"], item[1].get("label", "")))
    return found[:limit]


def partners(g: nx.Graph, agency: str) -> list[dict[str, Any]]:
    """The agencies ``agency`` shares measures with in a co-responsibility graph, most shared first."""
    if agency not in g:
        return []
    rows = []
    for other in g.neighbors(agency):
        edge = g.edges[agency, other]
        rows.append({"agency": other, "label": g.nodes[other].get("label", other),
                     "label_en": g.nodes[other].get("label_en", other), "shared": int(edge["shared"]),
                     "agency_leads": leads_of(edge, agency), "partner_leads": leads_of(edge, other),
                     "documents": int(edge["documents"])})
    rows.sort(key=lambda r: (-r["shared"], -r["agency_leads"] - r["partner_leads"], r["label"]))
    return rows
