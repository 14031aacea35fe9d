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
    """Base URL of an Oxigraph server (union default graph) running for the whole test session."""
    binary = Path(sys.executable).parent / "oxigraph"
    if not binary.exists():
        pytest.fail(f"the Oxigraph server binary is missing at {binary}: run `make setup` "
                    "(it installs the `oxigraph` package); remote-store tests must not be skipped")
    workdir = tmp_path_factory.mktemp("oxigraph-server")
    url = f"http://127.0.0.1:{_free_port()}"
    with (workdir / "server.log").open("wb") as log:
        proc = subprocess.Popen(
            [str(binary), "serve", "--location", str(workdir / "store"), "--bind", url[len("http://"):],
             "--union-default-graph"], stdout=log, stderr=subprocess.STDOUT)
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
