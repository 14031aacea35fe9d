"""``/network``: responsibility networks drawn with vis-network (served locally), with filters, a legend,
search and an agency's partners; twins ``/network.json`` (node-link), ``.csv`` (nodes), ``.graphml``, ``.gexf``."""

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, request, url_for
from flask.typing import ResponseReturnValue

from policykg.errors import InputError
from policykg.kg import network as net
from policykg.kg import network_export as export
from policykg.kg import network_metrics as metrics
from policykg.kg.network_layout import layout
from policykg.kg.network_report import Analysed, analysed
from policykg.web import network_vis as vis
from policykg.web.i18n import current_language, t
from policykg.web.storage import get_store
from policykg.web.twins import Link, Table, render, twin

bp = Blueprint("network", __name__)

SIZE_METRICS = ("weighted_degree", "degree", "betweenness", "pagerank", "leads")
COLOURINGS = ("community", "level")
TOP_ROWS = 15
NODE_COLUMNS = [("rank", "network.col.rank"), ("node", "network.col.node"), ("kind", "network.col.kind"),
                ("degree", "network.metric.degree"), ("weighted_degree", "network.metric.weighted_degree"),
                ("leads", "network.metric.leads"), ("supports", "network.metric.supports"),
                ("betweenness", "network.metric.betweenness"), ("pagerank", "network.metric.pagerank"),
                ("community", "network.col.community"), ("broker", "network.col.broker")]
PARTNER_COLUMNS = [("partner", "network.col.partner"), ("shared", "network.col.shared"),
                   ("agency_leads", "network.col.agency_leads"), ("partner_leads", "network.col.partner_leads"),
                   ("documents", "network.col.documents")]


@dataclass(frozen=True)
class Params:
    """What the visitor asked for: which network, its filter, and how to draw it."""

    kind: str
    flt: net.NetworkFilter
    size_by: str
    colour_by: str


def _choice(name: str, allowed: tuple[str, ...], default: str) -> str:
    """A request parameter that must be one of ``allowed``."""
    value = request.args.get(name, "").strip() or default
    if value not in allowed:
        raise InputError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _number(name: str, default: int | None) -> int | None:
    """An integer request parameter."""
    value = request.args.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise InputError(f"{name} must be a whole number, not {value!r}") from None


def read_params() -> Params:
    """The request's parameters, checked (InputError on anything else)."""
    store = get_store()
    document = request.args.get("document", "").strip()
    agency = request.args.get("agency", "").strip()
    flt = net.NetworkFilter(
        document=net.resolve_document(store, document) if document else None,
        agency=net.resolve_agency(store, agency) if agency else None,
        year=_number("year", None), role=request.args.get("role", "").strip() or None,
        min_weight=_number("min_weight", 1) or 1)
    return Params(_choice("graph", net.KINDS, "coresponsibility"), flt,
                  _choice("size", SIZE_METRICS, "weighted_degree"), _choice("colour", COLOURINGS, "community"))


def node_table(g: Any, metric: str, limit: int | None = None) -> Table:
    """Nodes by a metric with their labels (linked) and every metric: the HTML table and the CSV twin."""
    lang = current_language()
    rows = []
    for i, (v, d) in enumerate(metrics.ranked(g, metric)[:limit], start=1):
        kind = d.get("level") if d.get("kind") == "agency" else d.get("kind")
        rows.append({"rank": i, "node": Link(str(v), vis.label_of(d, lang)), "kind": vis.word("network.level.", kind),
                     "degree": d["degree"], "weighted_degree": d["weighted_degree"], "leads": d["leads"],
                     "supports": d["supports"], "betweenness": d["betweenness"], "pagerank": d["pagerank"],
                     "community": d["community"], "broker": d["bridges"]})
    return Table(NODE_COLUMNS, rows)


def partner_table(result: Analysed) -> Table:
    """The chosen agency's partners: shared measures and how many of them each side leads."""
    lang = current_language()
    return Table(PARTNER_COLUMNS, [
        {"partner": Link(p["agency"], p["label_en"] if lang == "en" else p["label"]), "shared": p["shared"],
         "agency_leads": p["agency_leads"], "partner_leads": p["partner_leads"], "documents": p["documents"]}
        for p in result.partners])


def _legend(g: Any, result: Analysed, colour_by: str) -> dict[str, list[dict[str, Any]]]:
    """Legend entries: node colours, node shapes and edge styles present in this graph."""
    lang = current_language()
    if colour_by == "community":
        colours = []
        for i, group in enumerate(result.communities[: len(vis.PALETTE)], start=1):
            hub = max(group, key=lambda v: (g.nodes[v]["weighted_degree"], str(v)))
            colours.append({"colour": vis.PALETTE[i - 1], "text": t("network.legend.community", n=i, size=len(group),
                                                                     hub=vis.label_of(g.nodes[hub], lang))})
        if len(result.communities) > len(vis.PALETTE):
            colours.append({"colour": vis.OTHER_COLOUR, "text": t("network.legend.other_communities")})
    else:
        order = list(vis.LEVEL_COLOURS)
        levels = sorted({str(d.get("level", "other")) for _, d in g.nodes(data=True)},
                        key=lambda lv: (order.index(lv) if lv in order else len(order), lv))
        colours = [{"colour": vis.LEVEL_COLOURS.get(lv, vis.OTHER_COLOUR), "text": vis.word("network.level.", lv)}
                   for lv in levels]
    kinds = sorted({str(d.get("kind")) for _, d in g.nodes(data=True)}, key=list(vis.SHAPES).index)
    roles = sorted({str(e.get("role")) for _, _, e in g.edges(data=True)}, key=list(vis.EDGE_STYLES).index)
    return {
        "colours": colours,
        "shapes": [{"shape": vis.SHAPES[k], "text": t("network.kind." + k)} for k in kinds],
        "edges": [{"colour": vis.EDGE_STYLES[r][0], "dashes": " ".join(map(str, vis.EDGE_STYLES[r][1] or [])),
                   "width": vis.EDGE_STYLES[r][2] * 2, "text": t("network.edge." + r)} for r in roles],
    }


def _choices() -> dict[str, Any]:
    """Options of the filter form: documents, agencies, years."""
    store = get_store()
    lang = current_language()
    docs = net.documents(store)
    agencies = sorted(net.agents(store).values(), key=lambda a: vis.label_of(a, lang))
    return {
        "documents": [(iri, d["label"] if d["label"] == d["title"] else f"{d['label']} {d['title']}")
                      for iri, d in docs.items()],
        "agencies": [(a["iri"], vis.label_of(a, lang)) for a in agencies],
        "years": sorted({d["date"][:4] for d in docs.values() if d["date"]}, reverse=True),
    }


def _selected_label(result: Analysed) -> str:
    """The chosen agency's label (for headings)."""
    g, agency = result.graph, result.agency
    if agency and agency in g:
        return vis.label_of(g.nodes[agency], current_language())
    return agency or ""


@twin(bp, "/network", formats=("html", "json", "csv"))
def view(fmt: str) -> ResponseReturnValue:
    """An interactive network with filters; its node-link JSON and node CSV twins."""
    p = read_params()
    result = analysed(get_store(), p.kind, p.flt)
    g = result.graph
    if fmt == "json":
        return render(fmt, {**export.node_link(g), "partners": result.partners}, "network.html")
    if fmt == "csv":
        return render(fmt, None, "network.html", table=node_table(g, p.size_by), filename=f"network-{p.kind}")
    lang = current_language()
    data = vis.vis_data(g, layout(g, result.communities), p.size_by, p.colour_by, lang, focus=p.flt.agency)
    data["messages"] = {k: t("network.js." + k) for k in (
        "open", "partners", "neighbours", "not_found", "found", "drawn", "none")} | {"lead": t("common.lead")}
    data["partnersUrl"] = url_for("network.view", graph="coresponsibility", lang=lang) + "&agency="
    brokers = [(Link(str(v), vis.label_of(d, lang)), d["bridges"], d["betweenness"]) for v, d in metrics.brokers(g)]
    return render(fmt, None, "network.html", table=node_table(g, p.size_by, TOP_ROWS), params=p, vis_data=data,
                  legend=_legend(g, result, p.colour_by), choices=_choices(), kinds=net.KINDS,
                  size_metrics=SIZE_METRICS, colourings=COLOURINGS, partners=partner_table(result) if p.flt.agency
                  else None, agency_label=_selected_label(result), brokers=brokers, counts={
                      "nodes": len(g), "edges": g.number_of_edges(), "communities": len(result.communities)},
                  physics_max=vis.PHYSICS_MAX_NODES)


def _download(data: bytes, kind: str, ext: str, mimetype: str) -> Response:
    """A graph file as an attachment."""
    return Response(data, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="network-{kind}.{ext}"'})


@bp.get("/network.graphml")
def graphml() -> ResponseReturnValue:
    """The network (same parameters as the page) as GraphML."""
    p = read_params()
    return _download(export.graphml(analysed(get_store(), p.kind, p.flt).graph), p.kind, "graphml",
                     "application/graphml+xml")


@bp.get("/network.gexf")
def gexf() -> ResponseReturnValue:
    """The network (same parameters as the page) as GEXF for Gephi, with the page's layout."""
    p = read_params()
    result = analysed(get_store(), p.kind, p.flt)
    return _download(export.gexf(result.graph, layout(result.graph, result.communities)), p.kind, "gexf",
                     "application/gexf+xml")
