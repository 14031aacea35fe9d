"""The numbers behind the home dashboard: counts, measures per agency, targets per year, latest documents."""

from typing import Any

from flask import url_for

from policykg.kg.sparql import PREFIX_HEADER
from policykg.kg.stats import store_stats
from policykg.kg.store import SelectResult
from policykg.web.facets import sort_query
from policykg.web.i18n import current_language, t
from policykg.web.labels import fetch_labels, short_iri
from policykg.web.list_rows import document_rows
from policykg.web.list_specs import DOCUMENTS
from policykg.web.storage import get_store
from policykg.web.twins import Link

TOP_AGENCIES = 15
LATEST_DOCUMENTS = 6

# (stat, message key, list it opens with its parameters)
CARDS = (
    ("documents", "home.card.documents", ("browse.documents", {})),
    ("replies", "home.card.replies", ("browse.documents", {"kind": "Reply"})),
    ("measures", "home.card.measures", ("browse.measures", {})),
    ("agencies", "home.card.agencies", ("browse.agencies", {})),
    ("targets", "home.card.targets", ("browse.targets", {})),
    ("cited_documents", "home.card.cited", None),
)

AGENCY_LOAD = PREFIX_HEADER + """
SELECT ?agency ?lead ?support ?total
WHERE {
  ?load a pko:AgencyLoad ; pko:ofAgent ?agency ; pko:measureCount ?total ; pko:leadCount ?lead .
  BIND(?total - ?lead AS ?support)
}
ORDER BY DESC(?total) DESC(?lead) ?agency LIMIT %d
"""

TARGET_YEARS = PREFIX_HEADER + """
SELECT ?year (COUNT(DISTINCT ?target) AS ?targets)
WHERE { ?target a pko:Target ; pko:deadline ?deadline . BIND(YEAR(?deadline) AS ?year) }
GROUP BY ?year ORDER BY ?year
"""


def select(query: str) -> list[dict]:
    """Rows of a SELECT query."""
    result = get_store().query(query)
    assert isinstance(result, SelectResult)
    return result.rows


def cards(stats: dict[str, int]) -> list[dict[str, Any]]:
    """The count cards: stat, label, number and the list page it opens (if any)."""
    out = []
    for key, message, target in CARDS:
        url = url_for(target[0], **target[1]) if target else None
        out.append({"key": key, "label": t(message), "value": stats.get(key, 0), "url": url})
    return out


def agency_load() -> list[dict[str, Any]]:
    """The busiest agencies: how many measures each leads and supports (top TOP_AGENCIES)."""
    rows = select(AGENCY_LOAD % TOP_AGENCIES)
    labels = fetch_labels(str(r["agency"]) for r in rows)
    return [{"agency": Link(str(r["agency"]), labels.get(str(r["agency"])) or short_iri(str(r["agency"]))),
             "lead": int(r["lead"].toPython()), "support": int(r["support"].toPython())} for r in rows]


def target_years() -> list[dict[str, int]]:
    """How many targets fall due in each year, years between without targets given as 0."""
    counts = {int(r["year"].toPython()): int(r["targets"].toPython())
              for r in select(TARGET_YEARS) if r.get("year") is not None}
    if not counts:
        return []
    return [{"year": y, "targets": counts.get(y, 0)} for y in range(min(counts), max(counts) + 1)]


def latest_documents() -> list[dict[str, Any]]:
    """The most recent documents by date, with the columns of the documents list."""
    rows = select(sort_query(DOCUMENTS, [], "date", False, LATEST_DOCUMENTS, 0, current_language()))
    return document_rows([str(r["s"]) for r in rows])


def dashboard() -> dict[str, Any]:
    """The plain value behind ``/`` and ``/index.json``."""
    stats = store_stats(get_store(), quads=False)  # the export page counts quads
    agencies = agency_load()
    years = target_years()
    return {
        "stats": stats,
        "cards": cards(stats),
        "agency_load": agencies,
        "target_years": years,
        "latest": latest_documents(),
        "charts": {
            "agencies": {
                "labels": [a["agency"].label for a in agencies],
                "datasets": [{"key": "lead", "label": t("common.lead"), "data": [a["lead"] for a in agencies]},
                             {"key": "support", "label": t("common.support"),
                              "data": [a["support"] for a in agencies]}],
                "axis": t("home.chart.measures_axis"),
            },
            "years": {
                "labels": [str(y["year"]) for y in years],
                "datasets": [{"key": "targets", "label": t("home.chart.targets"),
                              "data": [y["targets"] for y in years]}],
                "axis": t("home.chart.targets"),
            },
        },
    }
