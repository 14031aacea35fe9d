"""Browse lists with facets: ``/documents``, ``/agencies``, ``/measures``, ``/targets`` and their twins."""

from dataclasses import dataclass, field

from flask import Blueprint, current_app, request, url_for
from flask.typing import ResponseReturnValue

from policykg.kg.store import SelectResult
from policykg.web.facets import (
    Facet,
    Filters,
    ListSpec,
    clamp_page,
    facet_queries,
    page_count,
    parse_filters,
    sort_choice,
    sort_query,
)
from policykg.web.i18n import current_language, t, term_label
from policykg.web.labels import fetch_labels
from policykg.web.list_rows import ROWS, message_or
from policykg.web.list_specs import LISTS
from policykg.web.storage import get_store
from policykg.web.twins import Table, render, twin

bp = Blueprint("browse", __name__)

Args = dict[str, list[str]]
MAX_FACET_VALUES = 100  # values shown per facet (the most frequent; active ones always)
ROW_BATCH = 500  # subjects per detail query (a CSV of a big list is fetched in batches)


@dataclass
class FacetValue:
    """One value of a facet with how many of the listed things have it, and the link that toggles it."""

    value: str
    label: str
    count: int
    active: bool
    url: str


@dataclass
class FacetView:
    """A facet as shown: its parameter, title and values."""

    name: str
    title: str
    values: list[FacetValue] = field(default_factory=list)


@dataclass
class ActiveFilter:
    """A filter in force, with the link that removes it."""

    facet: str
    title: str
    value: str
    label: str
    remove: str


def current_args() -> Args:
    """The request's parameters, repeated ones kept ("lang" and "format" left to the page's own links)."""
    return {k: request.args.getlist(k) for k in request.args if k not in ("lang", "format")}


def list_url(args: Args, fmt: str) -> str:
    """This list's URL with other parameters, in the same format (HTML links stay HTML)."""
    params = {k: v for k, v in args.items() if v}
    return url_for(str(request.endpoint), fmt=None if fmt == "html" else fmt, **params)


def toggled(args: Args, name: str, value: str, on: bool) -> Args:
    """Parameters with one filter value added or removed, back on the first page."""
    changed = {k: list(v) for k, v in args.items() if k != "page"}
    values = [v for v in changed.get(name, []) if v.strip() != value]
    changed[name] = [*values, value] if on else values
    return changed


def value_label(facet: Facet, value: str, labels: dict[str, str]) -> str:
    """How a facet value shows: a node's label, a class label, a message or the text itself."""
    if facet.display == "iri":
        return labels.get(value, value)
    if facet.display == "term":
        return term_label("pko:" + value)
    if facet.display.startswith("message:"):
        return message_or(facet.display.split(":", 1)[1], value) or value
    return value


def count_facets(spec: ListSpec, filters: Filters) -> tuple[int, dict[str, dict[str, int]]]:
    """Total of filtered subjects and, per facet, value → count (one aggregate query each)."""
    total, counts = 0, {f.name: {} for f in spec.facets}
    for facet, query in facet_queries(spec, filters):
        result = get_store().query(query)
        assert isinstance(result, SelectResult)
        for row in result.rows:
            n = int(row["n"].toPython())
            if not facet:
                total = n
            elif row.get("value") is not None:
                counts[facet][str(row["value"])] = n
    return total, counts


def facet_views(spec: ListSpec, filters: Filters, counts: dict[str, dict[str, int]], args: Args,
                fmt: str) -> tuple[list[FacetView], list[ActiveFilter]]:
    """Facets with labelled, counted, linked values, and the active filters with their remove links."""
    active = {(f.name, v) for f, v in filters}
    iris = {v for f in spec.facets if f.display == "iri" for v in counts[f.name]}
    labels = fetch_labels(iris | {v for f, v in filters if f.display == "iri"})
    views = []
    for facet in spec.facets:
        items = [FacetValue(value, value_label(facet, value, labels), n, (facet.name, value) in active,
                            list_url(toggled(args, facet.name, value, (facet.name, value) not in active), fmt))
                 for value, n in counts[facet.name].items()]
        if facet.order == "value":
            items.sort(key=lambda v: (len(v.value), v.value), reverse=True)
        else:
            items.sort(key=lambda v: (-v.count, v.label))
        items = [v for i, v in enumerate(items) if i < MAX_FACET_VALUES or v.active]
        views.append(FacetView(facet.name, t(facet.title), items))
    chosen = [ActiveFilter(f.name, t(f.title), v, value_label(f, v, labels),
                           list_url(toggled(args, f.name, v, False), fmt)) for f, v in filters]
    return views, chosen


def subjects(spec: ListSpec, filters: Filters, sort: str, descending: bool, limit: int | None,
             offset: int) -> list[str]:
    """IRIs of the listed things in order, one page of them unless ``limit`` is None."""
    result = get_store().query(sort_query(spec, filters, sort, descending, limit, offset, current_language()))
    assert isinstance(result, SelectResult)
    return [str(row["s"]) for row in result.rows]


def list_page(spec: ListSpec, fmt: str) -> ResponseReturnValue:
    """A browse list in the asked format: HTML and JSON a page at a time, CSV every row."""
    args = current_args()
    filters = parse_filters(spec, args)
    total, counts = count_facets(spec, filters)
    sort, descending = sort_choice(spec, request.args.get("sort"))
    size = int(current_app.config["PAGE_SIZE"])
    pages = page_count(total, size)
    page = clamp_page(request.args.get("page"), pages)
    if fmt == "csv":
        chosen = subjects(spec, filters, sort, descending, None, 0)
    else:
        chosen = subjects(spec, filters, sort, descending, size, (page - 1) * size)
    batches = [chosen[start:start + ROW_BATCH] for start in range(0, len(chosen), ROW_BATCH)]
    rows = [row for batch in batches for row in ROWS[spec.name](batch)]
    table = Table(columns=list(spec.columns), rows=rows)
    facets, active = facet_views(spec, filters, counts, args, fmt)

    def at_page(n: int) -> str | None:
        return list_url({**args, "page": [str(n)]}, fmt) if 1 <= n <= pages and n != page else None

    sort_param = ("-" if descending else "") + sort
    sort_links = {}
    for column, name in spec.sortable.items():
        flip = name == sort and not descending
        sort_links[column] = list_url({**{k: v for k, v in args.items() if k != "page"},
                                       "sort": ["-" + name if flip else name]}, fmt)
    value = {
        "list": spec.name, "total": total, "page": page, "pages": pages, "page_size": size, "sort": sort_param,
        "first": (page - 1) * size + 1 if total else 0, "last": min(page * size, total),
        "filters": active, "facets": facets, "rows": table,
        "previous": at_page(page - 1), "next": at_page(page + 1),
        "clear": list_url({k: v for k, v in args.items() if not spec.facet(k)}, fmt) if active else None,
    }
    return render(fmt, value, "browse/list.html", table=table, spec=spec, sort_links=sort_links,
                  sort_name=sort, descending=descending, filename=spec.name)


@twin(bp, "/documents")
def documents(fmt: str) -> ResponseReturnValue:
    """Documents: kind, issuer, year, jurisdiction."""
    return list_page(LISTS["documents"], fmt)


@twin(bp, "/agencies")
def agencies(fmt: str) -> ResponseReturnValue:
    """Agencies referenced by some document: level, jurisdiction, role, kind."""
    return list_page(LISTS["agencies"], fmt)


@twin(bp, "/measures")
def measures(fmt: str) -> ResponseReturnValue:
    """Measures: document, responsible agency, role, status, has target."""
    return list_page(LISTS["measures"], fmt)


@twin(bp, "/targets")
def targets(fmt: str) -> ResponseReturnValue:
    """Quantified targets: deadline year, unit, document, agency."""
    return list_page(LISTS["targets"], fmt)
