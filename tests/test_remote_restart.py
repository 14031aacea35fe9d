"""The remote backend survives a restarted server (retries while it is down) and fails clearly when it stays down."""

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from policykg.errors import StoreError
from policykg.kg.store import SelectResult, open_store

BINARY = Path(sys.executable).parent / "oxigraph"
GRAPH = "https://w3id.org/policykg/id/graph/test-restart"


class Server:
    """An Oxigraph server on a fixed port and directory that a test can stop and start again."""

    def __init__(self, location: Path) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.location = location
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        """Start and wait until it answers."""
        self.proc = subprocess.Popen([str(BINARY), "serve", "--location", str(self.location), "--bind",
                                      f"127.0.0.1:{self.port}"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/query?query=ASK%7B%7D", timeout=2):
                    return
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    raise RuntimeError("the Oxigraph server did not start") from None
                time.sleep(0.1)

    def stop(self) -> None:
        """Stop the server and wait for it to exit."""
        assert self.proc is not None
        self.proc.terminate()
        self.proc.wait(10)


@pytest.fixture
def server(tmp_path: Path):
    if not BINARY.exists():
        pytest.fail(f"the Oxigraph server binary is missing at {BINARY}: run `make setup`")
    srv = Server(tmp_path / "oxigraph")
    srv.start()
    yield srv
    if srv.proc and srv.proc.poll() is None:
        srv.stop()


def count(store) -> int:
    result = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}")
    assert isinstance(result, SelectResult)
    return int(result.rows[0]["n"])


def triples(n: int) -> list:
    return [(URIRef(f"http://example.org/s{i}"), URIRef("http://example.org/p"), Literal(i)) for i in range(n)]


def test_queries_and_writes_ride_through_a_restart(server: Server) -> None:
    store = open_store(server.url, update_url="", gsp_url="", user="", password="")
    store.replace_graph(GRAPH, triples(10))
    assert count(store) == 10
    server.stop()
    restart = threading.Timer(1.0, server.start)
    restart.start()
    started = time.monotonic()
    assert count(store) == 10  # retried until the server was back, data intact
    assert time.monotonic() - started >= 0.9
    restart.join()
    server.stop()
    restart = threading.Timer(1.0, server.start)
    restart.start()
    store.replace_graph(GRAPH, triples(20))  # a whole-graph PUT is safe to repeat
    restart.join()
    assert count(store) == 20


def test_a_server_that_stays_down_is_a_clear_error_and_nothing_is_half_written(server: Server) -> None:
    store = open_store(server.url, update_url="", gsp_url="", user="", password="")
    store.retry_delays = (0.2, 0.2)
    store.replace_graph(GRAPH, triples(5))
    server.stop()
    with pytest.raises(StoreError, match=r"cannot reach the remote store .* \(tried 3 times over 0\.4 s\)"):
        store.replace_graph(GRAPH, triples(50))
    with pytest.raises(StoreError, match="cannot reach"):
        count(store)
    server.start()
    assert count(store) == 5
