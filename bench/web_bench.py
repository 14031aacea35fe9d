"""Web benchmark: requests/s and p50/p95 of ``/sparql`` simple queries and of entity pages, with concurrent
clients against ``policykg serve`` (waitress, query worker processes) over an embedded store.

    python -m bench.web_bench STORE_DIR WORK_DIR [--clients 8] [--seconds 20] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import random
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.child import BIN, free_port, serving
from bench.load import SIMPLE
from bench.timing import summary_ms

LOOKUP = ("PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX pko: <https://w3id.org/policykg/ontology#> "
          "SELECT ?d ?title WHERE { ?d a pko:PolicyDocument ; dcterms:title ?title } LIMIT 10")
ACCEPT = {"json": "application/sparql-results+json", "html": "text/html"}


def entity_paths(base: str, per_listing: int = 20) -> tuple[list[str], list[str]]:
    """Entity pages linked from the first rows of the document, agency and measure listings; (paths, failures).

    A listing that fails (e.g. 503 at the app's query time limit) is reported, not fatal."""
    paths: list[str] = []
    failures: list[str] = []
    for listing in ("/documents.json", "/agencies.json", "/measures.json"):
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(base + listing, timeout=120) as response:
                rows = json.load(response)["rows"]
        except (urllib.error.HTTPError, OSError) as exc:
            failures.append(f"{listing}: {exc} after {time.perf_counter() - started:.1f} s")
            continue
        for row in rows[:per_listing]:
            link = next((v for v in row.values() if isinstance(v, dict) and "iri" in v), None)
            if link and "/id/" in link["iri"]:
                paths.append("/id/" + link["iri"].split("/id/", 1)[1])
    return paths, failures


def hammer(base: str, paths: list[str], accept: str, clients: int, seconds: float) -> dict[str, object]:
    """``clients`` threads each requesting a random one of ``paths`` back to back for ``seconds``."""
    timings: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < stop:
            request = urllib.request.Request(base + rng.choice(paths), headers={"Accept": accept})
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as exc:
                exc.read()
                status = exc.code
            except OSError:
                status = 0
            elapsed = time.perf_counter() - started
            with lock:
                timings.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    return {"clients": clients, "seconds": round(wall, 1), "requests": len(timings),
            "requests_per_s": round(len(timings) / wall, 1), **summary_ms(timings),
            "statuses": {str(k): v for k, v in sorted(statuses.items())}}


def run(store: Path, work: Path, clients: int = 8, seconds: float = 20.0) -> dict[str, object]:
    """Serve the store and drive each kind of request in turn (a short warm-up first)."""
    work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [str(BIN / "policykg"), "--store", str(store), "serve", "--host", "127.0.0.1", "--port", str(port)]
    with serving(cmd, base + "/queries.json", work / "serve.log"):
        entities, failures = entity_paths(base)
        kinds = {
            "sparql_lookup": (["/sparql?" + urllib.parse.urlencode({"query": LOOKUP})], ACCEPT["json"]),
            "sparql_count": (["/sparql?" + urllib.parse.urlencode({"query": SIMPLE})], ACCEPT["json"]),
            "entity_page": (entities, ACCEPT["html"]),
        }
        figures: dict[str, object] = {"entities": len(entities), "listing_failures": failures}
        for kind, (paths, accept) in kinds.items():
            if not paths:
                continue
            hammer(base, paths, accept, clients, min(2.0, seconds))
            figures[kind] = hammer(base, paths, accept, clients, seconds)
    return figures


def render(figures: dict[str, object]) -> str:
    """A Markdown table: one row per kind of request."""
    lines = ["| request | clients | requests | requests/s | p50 ms | p95 ms | statuses |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for kind, f in figures.items():
        if isinstance(f, dict) and "requests" in f:
            lines.append(f"| {kind} | {f['clients']} | {f['requests']} | {f['requests_per_s']} | {f['p50_ms']} "
                         f"| {f['p95_ms']} | {f['statuses']} |")
    failures = figures.get("listing_failures") or []
    if failures:
        lines += ["", "Listings that failed while collecting entity pages: " + "; ".join(failures)]  # type: ignore[arg-type]
    return "\n".join(lines)


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    figures = run(args.store, args.work, args.clients, args.seconds)
    print(render(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
