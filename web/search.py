"""``/search?q=…``: titles, measures, agency names, cited documents and targets, grouped by kind."""

from dataclasses import dataclass, field

from flask import Blueprint, current_app, request, url_for
from flask.typing import ResponseReturnValue

from policykg.web.facets import clamp_page, page_count
from policykg.web.i18n import t
from policykg.web.labels import fetch_labels, short_iri
from policykg.web.text_search import BY_NAME, KINDS, clean_query, count_hits, find_hits, segments
from policykg.web.twins import Link, render, twin

bp = Blueprint("search", __name__)

CAP_PER_KIND = 8
SNIPPET_WINDOW = 40


@dataclass
class HitView:
    """A hit as shown: a link to the thing, the matching text cut into pieces, and its context."""

    link: Link
    text: str
    segments: list[tuple[str, bool]]
    same: bool  # the matching text is the link's label (shown highlighted in the link itself)
    context: Link | None = None
    number: str | None = None


@dataclass
class KindView:
    """The hits of one kind, their total, and the link to all of them."""

    kind: str
    title: str
    count: int
    hits: list[HitView] = field(default_factory=list)
    more: str | None = None


def search_url(fmt: str, **params: object) -> str:
    """URL of a search in the same format."""
    return url_for("search.search", fmt=None if fmt == "html" else fmt, **params)


def hit_views(q: str, hits: list, labels: dict[str, str]) -> list[HitView]:
    """Hits with labels and highlighted snippets."""
    views = []
    for hit in hits:
        label = labels.get(hit.iri) or (hit.text if hit.kind in ("measures", "targets") else short_iri(hit.iri))
        if hit.kind == "measures":
            label = t("search.measure_label", number=hit.number or short_iri(hit.iri))
        context = Link(hit.context, labels.get(hit.context) or short_iri(hit.context)) if hit.context else None
        window = SNIPPET_WINDOW if hit.kind == "measures" else None
        views.append(HitView(Link(hit.iri, label), hit.text, segments(hit.text, q, window), label == hit.text,
                             context, hit.number))
    return views


@twin(bp, "/search", formats=("html", "json"))
def search(fmt: str) -> ResponseReturnValue:
    """Search page: with ``q``, hits grouped by kind (``kind`` and ``page`` to see all of one kind)."""
    q = clean_query(request.args.get("q"))
    only = BY_NAME.get(request.args.get("kind", ""))
    value: dict = {"q": q, "kind": only.name if only else None, "total": 0, "kinds": [],
                   "page": 1, "pages": 1, "previous": None, "next": None}
    if not q:
        return render(fmt, value, "search.html")
    kinds = (only,) if only else KINDS
    counts = count_hits(q, kinds)
    size = int(current_app.config["PAGE_SIZE"]) if only else CAP_PER_KIND
    page = 1
    if only:
        pages = page_count(counts[only.name], size)
        page = clamp_page(request.args.get("page"), pages)
        value.update(page=page, pages=pages)
        if page > 1:
            value["previous"] = search_url(fmt, q=q, kind=only.name, page=page - 1)
        if page < pages:
            value["next"] = search_url(fmt, q=q, kind=only.name, page=page + 1)
    wanted = tuple(k for k in kinds if counts[k.name])
    hits = find_hits(q, wanted, size, (page - 1) * size) if wanted else []
    labels = fetch_labels({h.iri for h in hits} | {h.context for h in hits if h.context})
    for kind in kinds:
        views = hit_views(q, [h for h in hits if h.kind == kind.name], labels)
        more = None
        if not only and counts[kind.name] > len(views):
            more = search_url(fmt, q=q, kind=kind.name)
        value["kinds"].append(KindView(kind.name, t(kind.title), counts[kind.name], views, more))
    value["total"] = sum(counts.values())
    if only:
        value["all"] = search_url(fmt, q=q)
    return render(fmt, value, "search.html")
