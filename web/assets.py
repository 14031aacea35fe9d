"""``/assets/<name>``: front-end files from npm packages installed at set-up, served by the app itself."""

import tomllib
from functools import cache
from pathlib import Path

from flask import Blueprint, Flask, abort, send_file, url_for
from flask.typing import ResponseReturnValue

from policykg import settings
from policykg.errors import SetupError

bp = Blueprint("assets", __name__)

MANIFEST = Path(__file__).with_name("assets.toml")


@cache
def manifest() -> dict[str, str]:
    """Asset name → path inside node_modules."""
    with MANIFEST.open("rb") as f:
        return dict(tomllib.load(f)["files"])


def node_modules() -> Path:
    """The node_modules directory: the setting, else the one beside the project (``make setup`` fills it)."""
    configured = settings.get("node_modules")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parent.parent / "node_modules"


def asset_path(name: str) -> Path:
    """File on disk of a named asset; a clear error when set-up has not installed it."""
    if name not in manifest():
        raise KeyError(name)
    path = node_modules() / manifest()[name]
    if not path.is_file():
        raise SetupError(f"front-end asset {name!r} is not installed ({path} missing): run `make setup` "
                         "(it runs `npm ci`)")
    return path


def asset_url(name: str) -> str:
    """URL of a named asset (for templates); unknown names fail loudly."""
    if name not in manifest():
        raise KeyError(f"unknown asset {name!r}; add it to {MANIFEST.name}")
    return url_for("assets.asset", name=name)


@bp.get("/assets/<name>")
def asset(name: str) -> ResponseReturnValue:
    """One front-end file, cached by browsers for a day."""
    if name not in manifest():
        abort(404)
    return send_file(asset_path(name), max_age=86400)


@bp.get("/favicon.ico")
def favicon() -> ResponseReturnValue:
    """The site icon, for browsers that ask for it by its traditional name."""
    return send_file(Path(__file__).with_name("static") / "favicon.svg", mimetype="image/svg+xml", max_age=86400)


def init_app(app: Flask) -> None:
    """Make ``asset_url`` available to templates."""
    app.jinja_env.globals["asset_url"] = asset_url
