"""``/query``: the SPARQL editor (YASGUI, served from the app) on the app's own ``/sparql`` endpoint.

Without JavaScript the page is a plain form that runs the query on ``/sparql``; ``editor.js`` replaces it with
YASGUI. ``/query?query=<SPARQL>`` opens (and runs) that query, so any page can link to a query.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, render_template, request, url_for
from flask.typing import ResponseReturnValue

from policykg.kg.canned import bind, load_queries
from policykg.ontology.namespace import ID_BASE, PREFIXES
from policykg.web.i18n import current_language, messages, t

bp = Blueprint("editor", __name__)

DEFAULT_QUERY = """PREFIX pko: <https://w3id.org/policykg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>

# 每份文件的措施数 · Measures per document
SELECT ?document ?title (COUNT(?measure) AS ?measures)
WHERE {
  ?measure a pko:Measure ;
           eli:is_part_of ?document .
  OPTIONAL { ?document dcterms:title ?title }
}
GROUP BY ?document ?title
ORDER BY DESC(?measures)
"""
CHART_LIMIT = 50  # rows drawn by the chart view


@dataclass(frozen=True)
class Example:
    """A canned query offered beside the editor, its parameters bound to their defaults."""

    name: str
    title: str
    description: str
    sparql: str
    description_lang: str  # the language of the description: the page's, or English when untranslated

    @property
    def url(self) -> str:
        """The editor opened on this query."""
        return editor_url(self.sparql)


def editor_url(sparql: str) -> str:
    """The editor page opened on a query."""
    return url_for("editor.editor") + "?" + urlencode({"query": sparql})


def examples() -> list[Example]:
    """The canned queries, titled and described in the page's language, parameters set to their defaults."""
    lang = current_language()
    out = []
    for q in load_queries().values():
        key = f"canned.{q.name}.description"  # translations kept with the canned-query pages
        translated = key in messages()
        out.append(Example(q.name, q.title_en if lang == "en" else q.title_zh,
                           t(key) if translated else q.description, bind(q), lang if translated else "en"))
    return out


def client_config(shared: bool) -> dict[str, Any]:
    """What editor.js needs: endpoint, prefixes, our IRI base, labels in the page's language."""
    return {
        "endpoint": url_for("sparql.endpoint"),
        "editor": url_for("editor.editor"),
        "prefixes": dict(PREFIXES),
        "idBase": str(ID_BASE),
        "idPath": "/id/",
        "defaultQuery": DEFAULT_QUERY,
        "shared": shared,
        "chartLimit": CHART_LIMIT,
        "messages": {key: t(f"editor.{key}") for key in (
            "tab_name", "query_label", "chart", "chart_label", "chart_value", "chart_none", "table", "response")}
        | {"chart_limit": t("editor.chart_limit", n=CHART_LIMIT)},
    }


@bp.get("/query")
def editor() -> ResponseReturnValue:
    """The editor page: YASGUI over /sparql, the canned queries beside it; a plain form without JavaScript."""
    shared = request.args.get("query", "")
    return render_template("editor.html", query=shared or DEFAULT_QUERY, examples=examples(),
                           prefixes=PREFIXES, config=client_config(bool(shared.strip())))
