"""Home page: counts of the graph and links to everything else; ``/index.json`` is its twin."""

from flask import Blueprint, render_template, url_for
from flask.typing import ResponseReturnValue

from policykg.kg.stats import store_stats
from policykg.web.storage import get_store

bp = Blueprint("pages", __name__)


def home_view() -> dict:
    """The plain value behind the home page."""
    return {
        "stats": store_stats(get_store()),
        "links": {
            "sparql": url_for("sparql.endpoint"),
            "export_turtle": url_for("export.turtle"),
        },
    }


@bp.get("/")
def home() -> ResponseReturnValue:
    """Home page."""
    return render_template("index.html", view=home_view())


@bp.get("/index.json")
def home_json() -> ResponseReturnValue:
    """Machine twin of the home page."""
    return home_view()
