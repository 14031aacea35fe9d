"""A network as vis-network data: node and edge options produced by pyvis from a display copy of the graph.

Only the data is taken from pyvis (``Network.from_nx`` → ``nodes``, ``edges``, ``options``); the page is our
own template with vis-network served locally. Labels and tooltips are plain text: the page's script sets
them as text, never as HTML."""

import json
import math
import unicodedata
from typing import Any

import networkx as nx
from pyvis.network import Network

from policykg.kg.network_layout import Positions
from policykg.web.i18n import t
from policykg.web.twins import href

PHYSICS_MAX_NODES = 300  # beyond this the server layout is final: physics off, straight edges
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7",
           "#17becf", "#bcbd22", "#d37295")
OTHER_COLOUR = "#c3c9d1"
LEVEL_COLOURS = {"national": "#b03a2e", "provincial": "#2f6db5", "city": "#2e8b57", "county": "#8e5fb7",
                 "district": "#a0522d", "collective": "#b8a000", "unresolved": "#8a8f96", "other": "#aab2bc",
                 "measure": "#f2b600", "document": "#e07b00", "reply": "#f4a259", "work": "#9db3c8"}
SHAPES = {"agency": "dot", "measure": "square", "document": "diamond", "work": "triangle"}
EDGE_STYLES = {  # role or relation → (colour, dashes, width factor)
    "lead": ("#8a3b00", False, 1.6), "support": ("#6f7f92", [6, 5], 1.0), "issued": ("#1d2733", False, 1.6),
    "mentioned": ("#a9b3bf", [2, 5], 0.7), "based_on": ("#0b5cad", False, 1.4), "applies": ("#2e7d32", False, 1.4),
    "cites": ("#7d8896", [6, 5], 1.0),
}
LABEL_WIDTH = 26  # columns of a label drawn on the canvas (a Chinese character takes two)


def short(text: str, width: int = LABEL_WIDTH) -> str:
    """A label short enough to draw on the canvas (the full one is in the tooltip and the panel)."""
    used = 0
    for i, ch in enumerate(text):
        used += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if used > width:
            return text[:i].rstrip() + "…"
    return text


def word(prefix: str, value: str) -> str:
    """The message for a value (a level, a kind), or the value itself when there is none."""
    try:
        return t(prefix + value)
    except KeyError:
        return value


def label_of(d: dict[str, Any], lang: str) -> str:
    """The node's full label in the language."""
    return str(d.get("label_en") or d.get("label", "")) if lang == "en" else str(d.get("label", ""))


def colour_of(d: dict[str, Any], colour_by: str) -> str:
    """Fill colour of a node: its community's, or its agency level's (or its kind's)."""
    if colour_by == "community":
        i = int(d.get("community", 0)) - 1
        return PALETTE[i] if 0 <= i < len(PALETTE) else OTHER_COLOUR
    return LEVEL_COLOURS.get(str(d.get("level", "other")), OTHER_COLOUR)


def _node_title(d: dict[str, Any], lang: str) -> str:
    """Plain-text tooltip of a node."""
    lines = [label_of(d, lang), word("network.kind.", str(d.get("kind", "agency")))]
    if d.get("kind") == "agency":
        lines.append(t("network.tip.roles", leads=d.get("leads", 0), supports=d.get("supports", 0)))
    if d.get("document_label"):
        lines.append(str(d["document_label"]))
    lines.append(t("network.tip.degree", degree=d.get("degree", 0), weighted=d.get("weighted_degree", 0),
                   community=d.get("community", 0)))
    return "\n".join(lines)


def _edge_title(g: nx.Graph, a: Any, b: Any, e: dict[str, Any], lang: str) -> str:
    """Plain-text tooltip of an edge."""
    names = f"{label_of(g.nodes[a], lang)} — {label_of(g.nodes[b], lang)}"
    if "shared" in e:
        return names + "\n" + t("network.tip.shared", shared=e["shared"], first=label_of(g.nodes[e["first"]], lang),
                                first_leads=e["first_leads"], second=label_of(g.nodes[e["second"]], lang),
                                second_leads=e["second_leads"])
    if "relation" in e:
        parts = [t("network.relation." + r) for r in ("issued", "responsible", "mentioned") if e.get(r)]
        if e.get("responsible"):
            parts.append(t("network.tip.roles", leads=e.get("leads", 0), supports=e.get("supports", 0)))
        return names + "\n" + "; ".join(parts)
    return names + "\n" + t("network.edge." + str(e.get("role", "support")))


PANEL_METRICS = ("degree", "weighted_degree", "leads", "supports", "betweenness", "pagerank", "community")


def display_graph(g: nx.Graph, pos: Positions, size_by: str, colour_by: str, lang: str,
                  focus: str | None = None) -> nx.DiGraph:
    """A copy of the graph holding only vis-network options (always directed: arrows set per edge)."""
    top = max((float(d.get(size_by, 0)) for _, d in g.nodes(data=True)), default=0.0) or 1.0
    h = nx.DiGraph()
    for v, d in g.nodes(data=True):
        x, y = pos.get(v, (0.0, 0.0))
        kind = str(d.get("kind", "agency"))
        h.add_node(v, label=short(label_of(d, lang)), title=_node_title(d, lang), shape=SHAPES.get(kind, "dot"),
                   color=colour_of(d, colour_by), x=x, y=y,
                   size=round(8 + 26 * math.sqrt(max(float(d.get(size_by, 0)), 0.0) / top), 1))
        if kind == "measure":
            h.nodes[v]["font"] = {"size": 12}
        if g.degree(v) == 0:
            h.nodes[v]["physics"] = False  # nothing pulls an isolated node back: it keeps the server's place
        if v == focus:
            h.nodes[v].update(borderWidth=4, font={"size": 19, "color": "#000000", "strokeWidth": 4})
    big = len(g) > PHYSICS_MAX_NODES
    for a, b, e in g.edges(data=True):
        style = str(e.get("role", "support"))
        colour, dashes, factor = EDGE_STYLES.get(style, EDGE_STYLES["support"])
        width = factor * (1.0 + 1.5 * math.log2(max(float(e.get("weight", 1)), 1.0)))
        h.add_edge(a, b, weight=round(width, 2), color=colour, w=e.get("weight", 1), dashes=dashes, role=style,
                   arrows="to" if g.is_directed() else "")
        if not big:  # on big graphs the side panel tells what an edge means; tooltips would weigh megabytes
            h.edges[a, b]["title"] = _edge_title(g, a, b, e, lang)
    return h


def vis_data(g: nx.Graph, pos: Positions, size_by: str, colour_by: str, lang: str,
             focus: str | None = None) -> dict[str, Any]:
    """Nodes, edges and options for vis-network (via pyvis), and each node's details for the side panel."""
    net = Network(directed=True)  # pyvis checks duplicates of undirected edges pairwise: too slow for big graphs
    net.from_nx(display_graph(g, pos, size_by, colour_by, lang, focus), edge_weight_transf=lambda w: w)
    big = len(g) > PHYSICS_MAX_NODES
    net.toggle_physics(not big)
    if big:
        net.options.edges.smooth.enabled = False
        net.toggle_hide_edges_on_drag(True)
    else:
        net.set_edge_smooth("continuous")
        # short-range repulsion: components and isolated nodes stay near the rest instead of drifting away
        net.repulsion(node_distance=170, central_gravity=0.05, spring_length=150, spring_strength=0.03, damping=0.2)
    options = json.loads(net.options.to_json())
    options["edges"]["color"] = {"inherit": False, "opacity": 0.85}
    options["nodes"] = {"borderWidth": 1, "font": {"size": 15, "color": "#1d2733", "strokeWidth": 3,
                                                   "strokeColor": "#ffffff"}}
    options["physics"]["stabilization"] = {"enabled": not big, "iterations": 150, "fit": True}
    options["interaction"].update(hover=True, tooltipDelay=120, keyboard={"enabled": True, "bindToWindow": False},
                                  multiselect=True)
    options["layout"] = {"improvedLayout": False}
    kinds = sorted({str(d.get("kind", "agency")) for _, d in g.nodes(data=True)})
    info = {str(v): [label_of(d, lang), href(str(v)), str(d.get("kind", "agency")),
                     [d.get(m, 0) for m in PANEL_METRICS]] for v, d in g.nodes(data=True)}
    return {"nodes": net.nodes, "edges": net.edges, "options": options, "info": info, "physics": not big,
            "directed": g.is_directed(), "focus": focus if focus in g else None, "kind": g.graph.get("kind", ""),
            "metricNames": [t("network.col.community" if m == "community" else "network.metric." + m)
                            for m in PANEL_METRICS],
            "kindNames": {k: word("network.kind.", k) for k in kinds}}
