"""The policykg web app: an application factory with one blueprint an area."""

from typing import Any

from flask import Flask

from policykg import settings


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Create the app; ``config`` overrides settings (e.g. {"STORE": "data/store"})."""
    app = Flask(__name__)
    app.config.from_mapping(
        STORE=settings.get("store"),
        MAX_ROWS_HTML=int(settings.get("max_rows_html")),
        JSON_AS_ASCII=False,
    )
    if config:
        app.config.update(config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    from policykg.web import errors, export, pages, sparql, storage

    storage.init_app(app)
    errors.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(export.bp)
    return app
