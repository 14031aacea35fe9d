"""Home page: a dashboard of the graph (counts, charts with table twins, latest documents); ``/index.json`` is
its twin."""

from typing import Any

from flask import Blueprint, url_for
from flask.typing import ResponseReturnValue

from policykg.web import has_endpoint
from policykg.web.dashboard import dashboard
from policykg.web.twins import render

bp = Blueprint("pages", __name__)

# Other ways into the data, shown under the dashboard when their pages exist: (key, endpoint, message key)
LINKS = (
    ("sparql", "sparql.endpoint", "home.link.sparql"),
    ("export_turtle", "export.turtle", "home.link.export"),
)


def home_view() -> dict[str, Any]:
    """The plain value behind the home page."""
    value = dashboard()
    value["links"] = {key: url_for(endpoint) for key, endpoint, _ in LINKS if has_endpoint(endpoint)}
    return value


@bp.get("/")
def home() -> ResponseReturnValue:
    """Home page: the dashboard."""
    return render("html", home_view(), "index.html", link_labels={k: m for k, _, m in LINKS})


@bp.get("/index.json")
def home_json() -> ResponseReturnValue:
    """Machine twin of the home page."""
    return render("json", home_view(), "index.html")
