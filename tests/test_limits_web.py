"""The web app's limits: a runaway query stopped at the time limit while others are served, the client's own
limit, the request body cap, and memory back to its level once a stopped query's worker is gone."""

import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def app(corpus_store_path: Path) -> Iterator[object]:
    """The app over the corpus with two query workers and a 3 s limit."""
    from policykg.web import create_app
    from policykg.web.storage import close_store

    application = create_app({"STORE": str(corpus_store_path), "TESTING": True, "QUERY_WORKERS": 2,
                              "QUERY_TIMEOUT": 3.0})
    yield application
    close_store(application)


def get(base: str, query: str, **params: str) -> tuple[int, str, float]:
    """(status, body, seconds) of a GET /sparql."""
    url = base + "/sparql?" + urllib.parse.urlencode({"query": query, **params})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode(), time.monotonic() - started
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), time.monotonic() - started


def worker_rss(app: object) -> int:
    """Resident memory of the query worker processes, in kB."""
    from policykg.web.storage import get_store

    with app.app_context():  # type: ignore[attr-defined]
        pool = get_store()._pool
    total = 0
    for worker in pool._all:
        status = Path(f"/proc/{worker.process.pid}/status").read_text()
        total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
    return total


def test_a_runaway_cross_join_is_stopped_while_an_ask_answers_at_once(live_server: str, app: object) -> None:
    assert get(live_server, "ASK { ?s ?p ?o }")[0] == 200  # workers warm
    before = worker_rss(app)
    outcome: dict[str, object] = {}
    runaway = threading.Thread(target=lambda: outcome.update(zip(("status", "body", "seconds"),
                                                                 get(live_server, RUNAWAY), strict=True)))
    runaway.start()
    time.sleep(0.5)
    status, body, seconds = get(live_server, "ASK { ?s a pko:Measure }")
    runaway.join(60)
    assert status == 200 and '"boolean": true' in body.replace('"boolean":true', '"boolean": true')
    assert seconds < 1.5
    assert outcome["status"] == 503 and "stopped after 3 s" in str(outcome["body"])
    assert 2.9 <= float(outcome["seconds"]) < 10  # type: ignore[arg-type]
    assert get(live_server, "ASK { ?s ?p ?o }")[0] == 200  # the killed worker was replaced
    time.sleep(1.0)
    assert worker_rss(app) < before + 30_000  # the stopped query's memory went with its worker


def test_a_client_can_set_a_shorter_limit(live_server: str) -> None:
    status, body, seconds = get(live_server, RUNAWAY, timeout="0.5")
    assert status == 400 and "timeout=0.5" in body and seconds < 3
    assert get(live_server, "ASK {}", timeout="soon")[0] == 400


def test_request_bodies_are_capped(client) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_100_000
    response = client.post("/sparql", data=big.encode(), content_type="application/sparql-query")
    assert response.status_code == 413
