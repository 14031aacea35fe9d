"""Every page has a machine twin: one plain value, rendered as HTML, JSON, CSV or Turtle by one function."""

import csv
import dataclasses
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Flask, Response, abort, g, render_template, request, url_for

from policykg.ontology.namespace import ID_BASE

MIMETYPES = {
    "html": "text/html",
    "json": "application/json",
    "csv": "text/csv",
    "ttl": "text/turtle",
}
CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Link:
    """A cell or value that names a node of the graph: its IRI and a label to show."""

    iri: str
    label: str

    @property
    def href(self) -> str:
        """Where the app shows this node (its ``/id/…`` page), or the IRI itself when it is not ours."""
        return href(self.iri)


@dataclass
class Table:
    """Rows under named columns: the value behind every list page and its ``.csv`` twin."""

    columns: Sequence[tuple[str, str]]  # (key in each row, message key of the header)
    rows: list[dict[str, Any]] = field(default_factory=list)


def href(iri: str) -> str:
    """Local path of one of our IRIs (``https://w3id.org/policykg/id/x`` → ``/id/x``), else the IRI unchanged."""
    base = str(ID_BASE)
    return "/id/" + iri[len(base):] if iri.startswith(base) else iri


def plain(value: Any) -> Any:
    """A JSON-ready copy of a view value (dataclasses, links, tuples and sets become dicts and lists)."""
    if isinstance(value, Link):
        return {"iri": value.iri, "label": value.label}
    if isinstance(value, Table):
        return [{k: plain(row.get(k)) for k, _ in value.columns} for row in value.rows]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    return value


def safe_cell(value: Any) -> str:
    """A CSV cell as text, with formula triggers (= + - @) neutralised by a leading apostrophe (OWASP)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_TRIGGERS) else text


def table_csv(table: Table) -> str:
    """CSV of a table: one column per key; a link column gives the label and a ``<key>_iri`` column the IRI."""
    link_keys = {k for k, _ in table.columns if any(isinstance(r.get(k), Link) for r in table.rows)}
    header: list[str] = []
    for key, _ in table.columns:
        header.append(key)
        if key in link_keys:
            header.append(key + "_iri")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in table.rows:
        cells: list[str] = []
        for key, _ in table.columns:
            value = row.get(key)
            if isinstance(value, Link):
                cells += [safe_cell(value.label), safe_cell(value.iri)]
            else:
                if isinstance(value, list | tuple):
                    value = "; ".join(v.label if isinstance(v, Link) else str(v) for v in value)
                cells.append(safe_cell(value))
                if key in link_keys:
                    cells.append("")
        writer.writerow(cells)
    return out.getvalue()


def requested_format(fmt: str | None, allowed: Iterable[str]) -> str:
    """Format from the URL suffix, else the ``format`` parameter, else the Accept header (HTML by default)."""
    allowed = tuple(allowed)
    chosen = fmt or request.args.get("format")
    if chosen:
        if chosen not in allowed:
            abort(404)
        return chosen
    best = request.accept_mimetypes.best_match([MIMETYPES[f] for f in allowed], default="text/html")
    return next((f for f in allowed if MIMETYPES[f] == best), allowed[0])


def twin(bp: Blueprint, rule: str, formats: Sequence[str] = ("html", "json", "csv"),
         **options: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``rule`` and ``rule.<fmt>`` for a view that takes ``fmt`` (already negotiated)."""

    def register(view: Callable[..., Any]) -> Callable[..., Any]:
        def endpoint(**kwargs: Any) -> Any:
            kwargs["fmt"] = requested_format(kwargs.pop("fmt", None), formats)
            g.twin_formats = tuple(formats)
            return view(**kwargs)

        endpoint.__name__ = view.__name__
        endpoint.__doc__ = view.__doc__
        bp.add_url_rule(rule, view.__name__, endpoint, **options)
        bp.add_url_rule(rule + ".<any(" + ", ".join(formats) + "):fmt>", view.__name__, endpoint, **options)
        return view

    return register


def render(fmt: str, value: Any, template: str, table: Table | None = None, turtle: str | bytes | None = None,
           filename: str = "policykg", **context: Any) -> Response:
    """Render a view value in the chosen format: HTML via ``template``, JSON, CSV of ``table``, Turtle."""
    if fmt == "json":
        body = json.dumps(plain(value), ensure_ascii=False, indent=1)
        return Response(body, mimetype="application/json")
    if fmt == "csv":
        if table is None:
            abort(404)
        return Response(table_csv(table), mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'inline; filename="{filename}.csv"'})
    if fmt == "ttl":
        if turtle is None:
            abort(404)
        return Response(turtle, mimetype="text/turtle; charset=utf-8")
    return Response(render_template(template, view=value, table=table, **context), mimetype="text/html")


def twin_links() -> dict[str, str]:
    """URLs of the current page's machine twins (same parameters), for the page footer and <link rel>."""
    formats = g.get("twin_formats", ())
    if not formats or request.endpoint is None:
        return {}
    args = {k: v for k, v in (request.view_args or {}).items() if k != "fmt"}
    query = {k: request.args.getlist(k) for k in request.args if k not in ("format", "lang")}
    return {fmt: url_for(request.endpoint, **{**query, **args, "fmt": fmt}) for fmt in formats if fmt != "html"}


def init_app(app: Flask) -> None:
    """Template helpers: ``href``, ``Link``, the twin links of every page."""
    app.jinja_env.globals.update(href=href, twin_types=MIMETYPES)

    @app.context_processor
    def twins() -> dict[str, Any]:
        return {"twins": twin_links()}
