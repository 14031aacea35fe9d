"""Entity pages: every IRI of ours (``https://w3id.org/policykg/id/…``) dereferences to ``/id/…``, with machine
twins ``.json`` (the page's plain value), ``.ttl`` and ``.jsonld`` (the entity's description) and Accept
negotiation on the bare URL."""

import io
import time
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, g, request
from flask.typing import ResponseReturnValue

from policykg.errors import NotFound
from policykg.ontology.namespace import ID_BASE
from policykg.web import document_data, entity_data
from policykg.web.entity_lookup import jsonld, kind_of, turtle
from policykg.web.highlight import highlight
from policykg.web.i18n import t
from policykg.web.storage import get_store
from policykg.web.twins import MIMETYPES, render, requested_format

bp = Blueprint("entities", __name__)

FORMATS = ("html", "json", "ttl")  # the twins shown on every page; JSON-LD is served too, by suffix or Accept
SUFFIXES = (*FORMATS[1:], "jsonld")
JSONLD = "application/ld+json"

BUILDERS: dict[str, Callable[..., Any]] = {
    "document": lambda store, iri, types: document_data.document(store, iri),
    "agency": entity_data.agency,
    "work": lambda store, iri, types: entity_data.work(store, iri),
    "measure": lambda store, iri, types: entity_data.measure(store, iri),
    "target": lambda store, iri, types: entity_data.target(store, iri),
    "proposal": lambda store, iri, types: entity_data.proposal(store, iri),
    "section": lambda store, iri, types: entity_data.section(store, iri),
    "graph": lambda store, iri, types: entity_data.graph(store, iri),
    "generic": entity_data.generic,
}


def split_suffix(rest: str, fmt: str | None) -> tuple[str, str | None]:
    """The path without a format suffix and the suffix (``doc/x.json`` → ``doc/x``, ``json``)."""
    if fmt is None:
        for suffix in SUFFIXES:
            if rest.endswith("." + suffix):
                return rest[: -len(suffix) - 1], suffix
    return rest, fmt


def negotiate(fmt: str | None) -> str:
    """The format asked for: URL suffix, else ``format`` parameter, else Accept (JSON-LD included)."""
    if fmt == "jsonld" or request.args.get("format") == "jsonld":
        return "jsonld"
    if fmt is None and not request.args.get("format"):
        best = request.accept_mimetypes.best_match([*(MIMETYPES[f] for f in FORMATS), JSONLD], default="text/html")
        if best == JSONLD:
            return "jsonld"
    return requested_format(fmt, FORMATS)


@bp.url_value_preprocessor
def strip_suffix(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """Read a ``.json``/``.ttl``/``.jsonld`` suffix off the path (the path converter would swallow it)."""
    if values is not None and "rest" in values:
        values["rest"], values["fmt"] = split_suffix(values["rest"], values.get("fmt"))


@bp.get("/id/<path:rest>")
@bp.get("/id/<path:rest>.<any(json, ttl, jsonld):fmt>")
def entity(rest: str, fmt: str | None = None) -> ResponseReturnValue:
    """The page of one of our IRIs, or its machine twin."""
    store = get_store()
    iri = ID_BASE + rest
    try:
        kind, types = kind_of(store, iri)
    except NotFound:
        if fmt is None:
            raise NotFound(t("entity.not_found", iri=iri)) from None
        # An IRI that really ends in ".json" or ".ttl": the suffix is part of the name, not a format.
        iri, fmt = f"{iri}.{fmt}", None
        request.view_args.update(rest=f"{rest}.{fmt}", fmt=None)  # type: ignore[union-attr]
        try:
            kind, types = kind_of(store, iri)
        except NotFound:
            raise NotFound(t("entity.not_found", iri=iri)) from None
    chosen = negotiate(fmt)
    g.twin_formats = FORMATS
    started = time.perf_counter()
    if chosen in ("ttl", "jsonld"):
        mimetype = "text/turtle; charset=utf-8" if chosen == "ttl" else JSONLD
        if kind == "graph":  # a named graph's description is its content
            out = io.BytesIO()
            store.export("turtle" if chosen == "ttl" else "jsonld", out, graph=iri)
            body: str | bytes = out.getvalue()
        else:
            body = turtle(store, iri) if chosen == "ttl" else jsonld(store, iri)
        return Response(body, mimetype=mimetype, headers={"Vary": "Accept"})
    value = BUILDERS[kind](store, iri, types)
    context: dict[str, Any] = {"kind": kind}
    if kind == "document" and chosen == "html":
        context["tokens"] = highlight(value.text, document_data.marks(value))
        context["facts_by_span"] = {s.id: s.facts for s in value.spans}
    response = render(chosen, value, f"entity/{kind}.html", **context)
    response.headers["Vary"] = "Accept"
    response.headers["Server-Timing"] = f"build;dur={(time.perf_counter() - started) * 1000:.1f}"
    return response
