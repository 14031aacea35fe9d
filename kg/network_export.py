"""Network exports: node and edge CSV, node-link JSON, GraphML and GEXF (Gephi), all read back by networkx.

GraphML and GEXF take only str, int, float and bool attributes: anything else is turned into text and
missing values are left out, so Gephi opens the files and networkx reads them back unchanged."""

import csv
import io
import json
from pathlib import Path
from typing import Any

import networkx as nx

from policykg.kg.network_layout import Positions

NODE_COLUMNS = ("id", "label", "label_en", "kind", "level", "degree", "weighted_degree", "leads", "supports",
                "betweenness", "pagerank", "community", "bridges", "broker")
FORMATS = ("csv", "json", "graphml", "gexf")


def _scalar(value: Any) -> str | int | float | bool | None:
    """A value GraphML and GEXF accept (None stays None, to be dropped)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        return "; ".join(sorted(str(v) for v in value))
    return str(value)


def clean(g: nx.Graph) -> nx.Graph:
    """A copy of the graph whose graph, node and edge attributes are all plain scalars (None dropped)."""
    h = g.__class__()
    h.graph.update({k: _scalar(v) for k, v in g.graph.items() if _scalar(v) is not None})
    for v, d in g.nodes(data=True):
        h.add_node(v, **{k: _scalar(x) for k, x in d.items() if _scalar(x) is not None})
    for a, b, d in g.edges(data=True):
        h.add_edge(a, b, **{k: _scalar(x) for k, x in d.items() if _scalar(x) is not None})
    return h


def node_link(g: nx.Graph) -> dict[str, Any]:
    """Node-link JSON of the graph (``nodes`` and ``edges``, attributes included)."""
    return nx.node_link_data(clean(g), edges="edges")


def graphml(g: nx.Graph) -> bytes:
    """GraphML text of the graph."""
    buf = io.BytesIO()
    nx.write_graphml(clean(g), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def gexf(g: nx.Graph, positions: Positions | None = None) -> bytes:
    """GEXF 1.2 text of the graph for Gephi, with node positions when given."""
    h = clean(g)
    h.graph.pop("mode", None)
    for v, (x, y) in (positions or {}).items():
        if v in h:
            h.nodes[v]["viz"] = {"position": {"x": float(x), "y": float(-y), "z": 0.0}}
    buf = io.BytesIO()
    nx.write_gexf(h, buf, encoding="utf-8", prettyprint=True, version="1.2draft")
    return buf.getvalue()


def nodes_csv(g: nx.Graph) -> str:
    """One CSV row per node: id, labels, kind, level and every metric."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(NODE_COLUMNS)
    for v, d in g.nodes(data=True):
        writer.writerow([_cell(v if key == "id" else d.get(key, "")) for key in NODE_COLUMNS])
    return out.getvalue()


def edges_csv(g: nx.Graph) -> str:
    """One CSV row per edge: source, target and every edge attribute of the graph."""
    keys = sorted({k for _, _, d in g.edges(data=True) for k in d})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["source", "target", *keys])
    for a, b, d in g.edges(data=True):
        writer.writerow([_cell(a), _cell(b), *(_cell(d.get(k, "")) for k in keys)])
    return out.getvalue()


def _cell(value: Any) -> str:
    """A CSV cell, formula triggers neutralised (labels come from documents)."""
    text = str(_scalar(value)) if value is not None else ""
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def write_all(g: nx.Graph, directory: Path, stem: str, positions: Positions | None = None) -> list[Path]:
    """Write ``stem.nodes.csv``, ``stem.edges.csv``, ``stem.json``, ``stem.graphml`` and ``stem.gexf``."""
    directory.mkdir(parents=True, exist_ok=True)
    files = {
        f"{stem}.nodes.csv": nodes_csv(g).encode("utf-8"),
        f"{stem}.edges.csv": edges_csv(g).encode("utf-8"),
        f"{stem}.json": json.dumps(node_link(g), ensure_ascii=False, indent=1).encode("utf-8"),
        f"{stem}.graphml": graphml(g),
        f"{stem}.gexf": gexf(g, positions),
    }
    written = []
    for name, data in files.items():
        path = directory / name
        path.write_bytes(data)
        written.append(path)
    return written
