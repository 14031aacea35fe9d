"""Shared pytest fixtures."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from policykg.kg.store import Store, open_store

# --- store fixtures (kg/): a real Oxigraph server and a fresh Store per test, on both backends -------------


def _free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of an Oxigraph server running for the whole test session."""
    binary = Path(sys.executable).parent / "oxigraph"
    if not binary.exists():
        pytest.fail(f"the Oxigraph server binary is missing at {binary}: run `make setup` "
                    "(it installs the `oxigraph` package); remote-store tests must not be skipped")
    workdir = tmp_path_factory.mktemp("oxigraph-server")
    url = f"http://127.0.0.1:{_free_port()}"
    with (workdir / "server.log").open("wb") as log:
        proc = subprocess.Popen(
            [str(binary), "serve", "--location", str(workdir / "store"), "--bind", url[len("http://"):]],
            stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the Oxigraph server exited: {(workdir / 'server.log').read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2):
                    break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail(f"the Oxigraph server at {url} did not answer within 30 s")
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The /sparql URL of a private Virtuoso (Debian's package) for the whole session; fails, never skips."""
    from tests.servers import VirtuosoServer

    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    try:
        server.start()
    except RuntimeError as exc:
        pytest.fail(f"cannot start Virtuoso; remote-store tests must not be skipped: {exc}")
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(params=["embedded", "remote"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh, empty Store: embedded in tmp_path, or remote on the session's Oxigraph server (cleared)."""
    if request.param == "embedded":
        opened = open_store(str(tmp_path / "store"))
    else:
        url = request.getfixturevalue("oxigraph_server")
        opened = open_store(url, update_url="", gsp_url="", user="", password="")
        for graph in opened.graphs():
            opened.drop_graph(graph)
    with opened:
        yield opened


# --- end of store fixtures ---------------------------------------------------------------------------------

# --- corpus and web fixtures: the bundled corpus ingested once, the app and its test client ---------------

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="session")
def corpus_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Directory of an embedded store holding the whole corpus (built once per session, then closed)."""
    from policykg.kg.ingest import ingest

    path = tmp_path_factory.mktemp("corpus") / "store"
    with open_store(str(path)) as s:
        report = ingest(s, [CORPUS])
    assert not report.failed, report.failed
    return path


@pytest.fixture(scope="module")
def app(corpus_store_path: Path) -> Iterator[object]:
    """The web app over the corpus store."""
    from policykg.web import create_app
    from policykg.web.storage import close_store

    application = create_app({"STORE": str(corpus_store_path), "TESTING": True})
    yield application
    close_store(application)


@pytest.fixture
def client(app: object) -> object:
    """Flask test client of the app."""
    return app.test_client()  # type: ignore[attr-defined]


# --- browser fixtures: the app on a real port, Debian's chromium driven by Playwright ----------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="module")
def live_server(app: object) -> Iterator[str]:
    """Base URL of the module's app served by a real (threaded) HTTP server."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", _free_port(), app, threaded=True)  # type: ignore[arg-type]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian chromium (never a downloaded browser build); CI requires it, elsewhere it may skip."""
    import os

    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium and fonts-noto-cjk (see .ci/run)"
        if os.environ.get("POLICYKG_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object, live_server: str) -> Iterator[object]:
    """A fresh browser page whose requests outside the app's origin are blocked, recorded and fail the test."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    outside: list[str] = []

    def guard(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith(live_server + "/") or url == live_server:
            route.continue_()  # type: ignore[attr-defined]
        else:
            outside.append(url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", guard)
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    opened.outside_requests = outside  # type: ignore[attr-defined]
    yield opened
    context.close()
    assert not outside, f"the page made requests outside the app's origin: {outside}"
