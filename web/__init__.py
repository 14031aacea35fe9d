"""The policykg web app: an application factory with one blueprint an area."""

import importlib
import secrets
from typing import Any

from flask import Flask, current_app

from policykg import settings

# One module an area, each with a blueprint ``bp``; the order is the order of the routes table.
BLUEPRINTS = (
    "assets", "pages", "sparql", "editor", "export", "queries", "upload", "browse", "entities", "search", "network",
)

# Navigation: (endpoint, message key); an entry shows once its blueprint is registered.
NAV = (
    ("pages.home", "nav.home"),
    ("browse.documents", "nav.documents"),
    ("browse.agencies", "nav.agencies"),
    ("browse.measures", "nav.measures"),
    ("browse.targets", "nav.targets"),
    ("queries.index", "nav.queries"),
    ("editor.editor", "nav.query"),
    ("network.view", "nav.network"),
    ("export.index", "nav.export"),
    ("upload.form", "nav.upload"),
)


def has_endpoint(endpoint: str) -> bool:
    """True when the current app serves ``endpoint``."""
    return endpoint in current_app.view_functions


def nav_items() -> list[tuple[str, str]]:
    """Navigation entries whose pages exist in this app."""
    return [(endpoint, key) for endpoint, key in NAV if has_endpoint(endpoint)]


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Create the app; ``config`` overrides settings (e.g. {"STORE": "data/store"})."""
    app = Flask(__name__)
    app.config.from_mapping(
        STORE=settings.get("store"),
        MAX_ROWS_HTML=int(settings.get("max_rows_html")),
        PAGE_SIZE=int(settings.get("page_size")),
        UPLOAD_TOKEN=settings.get("upload_token"),
        MAX_UPLOAD_BYTES=int(settings.get("max_upload_bytes")),
        SECRET_KEY=settings.get("secret_key") or secrets.token_hex(32),
        QUERY_TIMEOUT=float(settings.get("query_timeout")),
        MAX_CONTENT_LENGTH=int(settings.get("max_request_bytes")),
        QUERY_WORKERS=int(settings.get("query_workers")),
        JSON_AS_ASCII=False,
    )
    if config:
        app.config.update(config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.jinja_env.globals.update(nav_items=nav_items, has_endpoint=has_endpoint)

    from policykg.web import errors, i18n, security, storage, twins

    storage.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    twins.init_app(app)
    for name in BLUEPRINTS:
        module = importlib.import_module(f"policykg.web.{name}")
        if hasattr(module, "init_app"):
            module.init_app(app)
        app.register_blueprint(module.bp)
    return app
