"""``/queries``: the canned queries of ``queries/*.rq``, each with a form for its parameters and its results.

``/queries/<name>`` runs the query with the parameters of the URL (defaults for the rest), bound only through
``kg.canned.bind`` (typed RDF terms, never pasted text). Twins: ``.json`` is a W3C SPARQL 1.1 JSON results
document (``head``, ``results``) with the query's name, title, parameters and bound SPARQL beside them;
``.csv`` the plain table of the same rows (cells neutralised against formulas).
"""

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, request, url_for
from flask.typing import ResponseReturnValue
from rdflib import URIRef

from policykg.errors import NotFound, QueryError
from policykg.kg import results
from policykg.kg.canned import CannedQuery, Param, bind, load_queries
from policykg.kg.sparql import PREFIX_HEADER
from policykg.kg.store import SelectResult
from policykg.ontology.namespace import ID_BASE
from policykg.web.i18n import current_language, messages, t
from policykg.web.storage import get_store
from policykg.web.twins import Link, Table, render, twin

bp = Blueprint("queries", __name__)

EDITOR_PATH = "/query"
SHORT_CELL = 12  # a column whose cells are all this short is kept on one line
MAX_OPTIONS = 2000  # a parameter offers a select of the store's agencies/documents up to this many
LABEL_SUFFIXES = {"zh": ("Label", "Title"), "en": ("LabelEn", "Label", "Title")}
INPUT_TYPES = {"iri": "url", "string": "text", "integer": "text", "decimal": "text", "year": "text", "date": "date"}
INPUT_MODES = {"integer": "numeric", "year": "numeric", "decimal": "decimal"}

AGENCY_OPTIONS = PREFIX_HEADER + """
SELECT ?value (SAMPLE(?zh) AS ?labelZh) (SAMPLE(?en) AS ?labelEn) (SAMPLE(?any) AS ?label) WHERE {
  { ?d pko:mentions ?value } UNION { ?m eli:responsibility_of_agent ?value } UNION { ?d eli:passed_by ?value }
  OPTIONAL { ?value skos:prefLabel ?zh FILTER(LANG(?zh) = "zh") }
  OPTIONAL { ?value skos:prefLabel ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?value skos:prefLabel ?any }
}
GROUP BY ?value
"""
DOCUMENT_OPTIONS = PREFIX_HEADER + """
SELECT ?value (SAMPLE(?t) AS ?labelZh) (SAMPLE(?num) AS ?number) (SAMPLE(?d) AS ?date) WHERE {
  ?value pko:sourceFile ?file .
  OPTIONAL { ?value dcterms:title ?t }
  OPTIONAL { ?value eli:id_local ?num }
  OPTIONAL { ?value eli:date_document ?d }
}
GROUP BY ?value
"""
OPTION_QUERIES = {"agency": AGENCY_OPTIONS, "doc": DOCUMENT_OPTIONS}


# --- words in the visitor's language ----------------------------------------------------------------------


def _message(key: str) -> str | None:
    """A message if the messages files define it."""
    return t(key) if key in messages() else None


def title(query: CannedQuery) -> str:
    """The query's title in the current language."""
    return query.title_en if current_language() == "en" else query.title_zh


def description(query: CannedQuery) -> str:
    """The query's description: the ``.rq`` header's (English) text, translated when a message exists."""
    if current_language() == "en":
        return query.description
    return _message(f"canned.{query.name}.description") or query.description


def param_help(query: CannedQuery, param: Param) -> str:
    """A parameter's help: the ``.rq`` header's text, translated when a message exists."""
    if current_language() == "en":
        return param.help
    return _message(f"canned.{query.name}.param.{param.name}") or param.help


def column_label(variable: str) -> str:
    """Header of a result column: a message ``queries.var.<name>`` if any, else the variable name."""
    return _message(f"queries.var.{variable}") or variable


# --- the list ------------------------------------------------------------------------------------------


def listing() -> list[dict[str, Any]]:
    """Every canned query with its title, description and parameters (the value behind ``/queries``)."""
    return [{
        "name": q.name, "title": title(q), "title_zh": q.title_zh, "title_en": q.title_en,
        "description": description(q), "url": url_for("queries.query", query_name=q.name),
        "params": [{"name": p.name, "type": p.type, "default": p.default, "help": param_help(q, p)}
                   for p in q.params],
    } for q in load_queries().values()]


@twin(bp, "/queries", formats=("html", "json", "csv"))
def index(fmt: str) -> ResponseReturnValue:
    """The canned queries."""
    items = listing()
    table = Table(
        [("name", "queries.col.name"), ("title", "queries.col.title"), ("description", "queries.col.description"),
         ("params", "queries.col.params")],
        [{**item, "params": "; ".join(f"{p['name']} ({p['type']}) = {p['default']}" for p in item["params"])}
         for item in items])
    return render(fmt, items, "queries/index.html", table=table, filename="queries")


# --- one query -----------------------------------------------------------------------------------------


def get_canned(name: str) -> CannedQuery:
    """The canned query called ``name``; NotFound listing the known names."""
    queries = load_queries()
    if name not in queries:
        raise NotFound(f"no canned query named {name!r}; known: {', '.join(queries)}")
    return queries[name]


def requested_values(query: CannedQuery) -> dict[str, str]:
    """The query's parameters given in the URL (other arguments, such as lang, are not parameters)."""
    return {p.name: request.args[p.name] for p in query.params if p.name in request.args}


def options(param: Param) -> list[tuple[str, str]] | None:
    """(IRI, label) choices for an IRI parameter naming an agency or a document, from the store; else None."""
    if param.type != "iri" or not param.default.startswith(str(ID_BASE)):
        return None
    kind = param.default[len(str(ID_BASE)):].split("/", 1)[0]
    if kind not in OPTION_QUERIES:
        return None
    found = get_store().query(OPTION_QUERIES[kind])
    if not isinstance(found, SelectResult) or not found.rows or len(found.rows) > MAX_OPTIONS:
        return None
    lang = current_language()
    out = []
    for row in found.rows:
        label = (row.get("labelEn") if lang == "en" else None) or row.get("labelZh") or row.get("label")
        text = str(label) if label is not None else str(row["value"])
        if row.get("number") is not None:
            text += f"（{row['number']}）"
        out.append((str(row["value"]), text, str(row.get("date") or "")))
    out.sort(key=lambda o: (o[2], o[1]) if kind == "doc" else (o[1], o[0]))
    return [(value, text) for value, text, _ in out]


def form_fields(query: CannedQuery, values: dict[str, str]) -> list[dict[str, Any]]:
    """One input a parameter: its value (given or default), help, input type and choices."""
    fields = []
    for p in query.params:
        value = values.get(p.name) or p.default
        choices = options(p)
        if choices is not None and value not in {v for v, _ in choices}:
            choices = [(value, value), *choices]
        fields.append({"name": p.name, "type": p.type, "default": p.default, "value": value,
                       "help": param_help(query, p), "type_label": t(f"queries.type.{p.type}"),
                       "input": INPUT_TYPES[p.type],
                       "inputmode": INPUT_MODES.get(p.type), "options": choices})
    return fields


def label_columns(variables: list[str]) -> dict[str, list[str]]:
    """For each column, the columns that label it (``agency`` ← ``agencyLabel``, ``document`` ← ``documentTitle``)."""
    suffixes = LABEL_SUFFIXES[current_language()]
    return {v: [v + s for s in suffixes if v + s in variables] for v in variables}


def short_label(iri: str) -> str:
    """A short text for one of our IRIs without a label: its last two path segments."""
    local = iri[len(str(ID_BASE)):] if iri.startswith(str(ID_BASE)) else iri
    parts = local.split("/")
    return local if len(parts) <= 2 else "…/" + "/".join(parts[-2:])


def html_table(result: SelectResult, cap: int) -> tuple[list[tuple[str, str, bool]], list[list[Any]]]:
    """Columns (variable, header, short enough not to wrap) and the first ``cap`` rows of cells (Link for our
    IRIs, else text)."""
    labels = label_columns(result.variables)
    consumed = {lab for v in result.variables for lab in labels[v]
                if any(isinstance(r.get(v), URIRef) for r in result.rows)}
    shown = [v for v in result.variables if v not in consumed]
    rows = []
    for row in result.rows[:cap]:
        cells: list[Any] = []
        for v in shown:
            term = row.get(v)
            if isinstance(term, URIRef) and str(term).startswith(str(ID_BASE)):
                label = next((row[lab] for lab in labels[v] if row.get(lab) is not None), None)
                cells.append(Link(str(term), str(label) if label is not None else short_label(str(term))))
            else:
                cells.append(results.term_to_text(term))
        rows.append(cells)
    short = {v for i, v in enumerate(shown)
             if all(len(row[i].label if isinstance(row[i], Link) else row[i]) <= SHORT_CELL for row in rows)}
    return [(v, column_label(v), v in short) for v in shown], rows


def csv_table(result: SelectResult) -> Table:
    """Every row as plain text under the query's variables (the ``.csv`` twin)."""
    return Table([(v, f"queries.var.{v}") for v in result.variables],
                 [{v: results.term_to_text(row.get(v)) for v in result.variables} for row in result.rows])


def editor_url(sparql: str) -> str:
    """The SPARQL editor opened on this text."""
    return EDITOR_PATH + "?" + urlencode({"query": sparql})


# The URL variable is not called ``name``: the twin links pass the page's arguments (a query's parameter may
# be called ``name``) beside it.
@twin(bp, "/queries/<query_name>", formats=("html", "json", "csv"))
def query(query_name: str, fmt: str) -> ResponseReturnValue:
    """One canned query: its form, bound SPARQL and results."""
    canned = get_canned(query_name)
    values = requested_values(canned)
    context: dict[str, Any] = {"fields": form_fields(canned, values), "error": None, "columns": [], "rows": [],
                               "cap": int(current_app.config["MAX_ROWS_HTML"]), "total": 0}
    value: dict[str, Any] = {
        "name": canned.name, "title": title(canned), "title_zh": canned.title_zh, "title_en": canned.title_en,
        "description": description(canned),
        "parameters": [{"name": f["name"], "type": f["type"], "default": f["default"], "value": f["value"]}
                       for f in context["fields"]],
    }
    try:
        sparql = bind(canned, values)
    except QueryError as e:
        if fmt != "html":
            raise
        context["error"] = e.message
        body = render(fmt, {**value, "sparql": None}, "queries/query.html", **context)
        body.status_code = e.status
        return body
    result = get_store().query(sparql)
    if not isinstance(result, SelectResult):
        raise QueryError(f"canned query {query_name} is not a SELECT query")
    value["sparql"] = sparql
    value.update(results.to_sparql_json(result))  # "head" and "results": a W3C SPARQL 1.1 JSON results document
    if fmt == "html":
        context["columns"], context["rows"] = html_table(result, context["cap"])
        context["total"] = len(result.rows)
        context["editor_url"] = editor_url(sparql)
    response: Response = render(fmt, value, "queries/query.html", table=csv_table(result) if fmt == "csv" else None,
                                filename=canned.name, **context)
    return response
