"""Home page: counts of the graph and links to everything else; ``/index.json`` is its twin."""

from flask import Blueprint, render_template, url_for
from flask.typing import ResponseReturnValue

from policykg.kg.stats import store_stats
from policykg.web.storage import get_store

bp = Blueprint("pages", __name__)

STAT_LABELS = {
    "documents": "文件 Documents", "replies": "其中答复 of which replies", "measures": "措施 Measures",
    "agencies": "机构 Agencies named", "targets": "目标 Targets", "cited_documents": "被引文件 Cited documents",
    "graphs": "命名图 Named graphs", "quads": "四元组 Quads",
}


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
    return render_template("index.html", view=home_view(), labels=STAT_LABELS)


@bp.get("/index.json")
def home_json() -> ResponseReturnValue:
    """Machine twin of the home page."""
    return home_view()
