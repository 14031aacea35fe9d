"""``/export``: the whole store or one named graph in any RDF format, streamed from the store.

``/export`` is a form (and ``/export.json`` its twin: graphs and formats); the files themselves are
``/export.<ext>?graph=<IRI>`` (ttl, trig, nq, nt, jsonld, rdf). The store writes into a pipe from a
worker thread while the response reads the other end, so a large store never sits in memory.
"""

import os
import re
import threading
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, redirect, request, url_for
from flask.typing import ResponseReturnValue

from policykg.errors import NotFound
from policykg.kg.sparql import PREFIX_HEADER
from policykg.kg.store import ExportFormat, SelectResult, Store, export_formats, resolve_format
from policykg.loaders import ids
from policykg.ontology.namespace import ID_BASE
from policykg.web.storage import get_store
from policykg.web.twins import render, twin

bp = Blueprint("export", __name__)

CHUNK = 64 * 1024
EXTENSIONS = {f.extension: f for f in export_formats()}
FORMAT_NAMES = {"turtle": "Turtle", "trig": "TriG", "nquads": "N-Quads", "ntriples": "N-Triples",
                "jsonld": "JSON-LD", "xml": "RDF/XML"}

GRAPHS_QUERY = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
DOCUMENTS_QUERY = PREFIX_HEADER + """
SELECT ?g ?doc (SAMPLE(?t) AS ?title) (SAMPLE(?num) AS ?number) (SAMPLE(?d) AS ?date) WHERE {
  GRAPH ?g { ?doc pko:sourceFile ?file .
             OPTIONAL { ?doc dcterms:title ?t } OPTIONAL { ?doc eli:id_local ?num }
             OPTIONAL { ?doc eli:date_document ?d } }
}
GROUP BY ?g ?doc
"""
UNION_COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"


def graph_kind(iri: str) -> str:
    """What a named graph holds: document, registry, ontology, works, summary or other."""
    special = {str(ids.registry_graph()): "registry", str(ids.ontology_graph()): "ontology",
               str(ids.works_graph()): "works", str(ids.summary_graph()): "summary"}
    if iri in special:
        return special[iri]
    return "document" if iri.startswith(f"{ID_BASE}graph/doc/") else "other"


def named_graphs(store: Store) -> list[dict[str, Any]]:
    """Every named graph with its kind, size and (for a document's graph) the document's title, number, date."""
    sizes = store.query(GRAPHS_QUERY)
    docs = store.query(DOCUMENTS_QUERY)
    assert isinstance(sizes, SelectResult) and isinstance(docs, SelectResult)
    about = {str(r["g"]): r for r in docs.rows}
    out = []
    for row in sizes.rows:
        iri = str(row["g"])
        doc = about.get(iri, {})
        out.append({
            "iri": iri, "kind": graph_kind(iri), "triples": int(str(row["n"])),
            "document": str(doc["doc"]) if doc.get("doc") is not None else None,
            "title": str(doc["title"]) if doc.get("title") is not None else None,
            "number": str(doc["number"]) if doc.get("number") is not None else None,
            "date": str(doc["date"]) if doc.get("date") is not None else None,
        })
    order = {"document": 0, "registry": 1, "ontology": 2, "works": 3, "summary": 4, "other": 5}
    return sorted(out, key=lambda g: (order[g["kind"]], g["date"] or "", g["title"] or "", g["iri"]))


def download_url(spec: ExportFormat, graph: str | None = None) -> str:
    """Where the export of one graph (or the whole store) in one format is downloaded."""
    args = {"graph": graph} if graph else {}
    if spec.extension == "ttl":
        return url_for("export.turtle", **args)
    return url_for("export.download", ext=spec.extension, **args)


def export_view() -> dict[str, Any]:
    """The plain value behind the export page: the store's graphs and the download links of each format."""
    store = get_store()
    count = store.query(UNION_COUNT_QUERY)
    assert isinstance(count, SelectResult)
    graphs = named_graphs(store)
    for g in graphs:
        g["downloads"] = {f.name: download_url(f, g["iri"]) for f in export_formats()}
    return {
        "store": {"quads": store.quad_count(), "triples": int(str(count.rows[0]["n"])) if count.rows else 0,
                  "downloads": {f.name: download_url(f) for f in export_formats()}},
        "graphs": graphs,
        "formats": [{"name": f.name, "label": FORMAT_NAMES[f.name], "media_type": f.media_type,
                     "extension": f.extension, "named_graphs": f.quads} for f in export_formats()],
    }


@twin(bp, "/export", formats=("html", "json"))
def index(fmt: str) -> ResponseReturnValue:
    """The export form: whole store or one graph, in one of six formats."""
    return render(fmt, export_view(), "export.html", format_names=FORMAT_NAMES)


@bp.get("/export/file")
def choose() -> ResponseReturnValue:
    """The form's target: redirect to the download URL of the chosen graph and format."""
    spec = resolve_format(request.args.get("format") or "turtle")
    return redirect(download_url(spec, request.args.get("graph") or None), code=303)


@bp.get("/export.ttl")
def turtle() -> ResponseReturnValue:
    """The whole store (or ``?graph=``) as Turtle, prefixes declared."""
    return stream_response(EXTENSIONS["ttl"])


@bp.get("/export.<any(" + ", ".join(e for e in EXTENSIONS if e != "ttl") + "):ext>")
def download(ext: str) -> ResponseReturnValue:
    """The whole store (or ``?graph=``) in the format of the extension."""
    return stream_response(EXTENSIONS[ext])


def stream_response(spec: ExportFormat) -> Response:
    """A streamed download of the requested graph (404 when the store has no such graph)."""
    store = get_store()
    graph = request.args.get("graph") or None
    if graph is not None and graph not in store.graphs():
        raise NotFound(f"there is no graph <{graph}> in the store; /export lists the graphs")
    headers = {"Content-Disposition": f'attachment; filename="{filename(spec, graph)}"'}
    # text/turtle gets "; charset=utf-8" from werkzeug; the application/* formats are UTF-8 by definition
    return Response(stream_export(store, spec.name, graph), mimetype=spec.media_type, headers=headers)


def filename(spec: ExportFormat, graph: str | None) -> str:
    """Download file name: ``policykg.<ext>``, or ``policykg-<graph path>.<ext>`` for one graph."""
    if graph is None:
        return f"policykg.{spec.extension}"
    local = graph[len(f"{ID_BASE}graph/"):] if graph.startswith(f"{ID_BASE}graph/") else graph
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", local).strip("-.")[:80] or "graph"
    return f"policykg-{slug}.{spec.extension}"


def stream_export(store: Store, fmt: str, graph: str | None) -> Iterator[bytes]:
    """Chunks of the store's export, written by a worker thread into a pipe as they are read.

    If the client goes away, closing the read end stops the writer (broken pipe); if the store fails
    mid-way, the error is raised here so the server aborts the response instead of ending it cleanly.
    """
    read_fd, write_fd = os.pipe()
    reader = os.fdopen(read_fd, "rb")
    failed: list[Exception] = []

    def produce() -> None:
        try:
            with os.fdopen(write_fd, "wb") as writer:
                store.export(fmt, writer, graph)
        except Exception as exc:  # recorded and raised in the reading thread
            failed.append(exc)

    worker = threading.Thread(target=produce, name="policykg-export", daemon=True)
    worker.start()
    finished = False
    try:
        while block := reader.read(CHUNK):
            yield block
        finished = True
    finally:
        reader.close()
        worker.join()
    if finished and failed:
        raise failed[0]
