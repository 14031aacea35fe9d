"""The app's store: opened once per app (embedded stores allow one process), closed at exit."""

import atexit

from flask import Flask, current_app

from policykg.kg.store import Store, open_store

_KEY = "policykg.store"


def init_app(app: Flask) -> None:
    """Open the configured store lazily and close it when the process ends."""
    app.extensions[_KEY] = None

    def close() -> None:
        store = app.extensions.get(_KEY)
        if store is not None:
            store.close()
            app.extensions[_KEY] = None

    atexit.register(close)
    app.extensions[_KEY + ".close"] = close


def get_store() -> Store:
    """The store of the current app."""
    app = current_app
    store = app.extensions.get(_KEY)
    if store is None:
        store = open_store(app.config["STORE"], query_workers=app.config.get("QUERY_WORKERS", 0),
                           query_timeout=app.config.get("QUERY_TIMEOUT"))
        app.extensions[_KEY] = store
    return store


def close_store(app: Flask) -> None:
    """Close the app's store now (tests, shutdown)."""
    app.extensions[_KEY + ".close"]()
