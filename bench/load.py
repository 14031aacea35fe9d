"""Load test of a running policykg web app: concurrent clients mixing canned queries, entity pages, searches,
simple SPARQL and a few runaway queries; reports requests/s, p50/p95 per kind and every unexpected answer.

    policykg --store data/store serve --port 5000 &
    python -m bench.load http://127.0.0.1:5000 --clients 8 --seconds 30 [--json out.json]

A runaway query (a four-way cross join) must be stopped at the time limit (503); every other request must
answer 200. The point is that runaways never starve the rest: compare the p95 of the other kinds with a run
without runaways (``--runaway-share 0``).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SIMPLE = "SELECT (COUNT(?m) AS ?n) WHERE { ?m a pko:Measure }"
SEARCHES = ("养老", "民政厅", "助餐", "护理", "吉民发", "社区", "医养结合", "w31")


@dataclass
class Tally:
    """Latencies and outcomes of one kind of request."""

    seconds: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    unexpected: list[str] = field(default_factory=list)


def discover(base: str) -> dict[str, list[str]]:
    """URLs to request, read from the app itself: canned queries, documents, agencies, measures."""
    def get_json(path: str) -> object:
        with urllib.request.urlopen(base + path, timeout=60) as response:
            return json.load(response)

    queries = [f"/queries/{q['name']}.json" for q in get_json("/queries.json")]  # type: ignore[union-attr]
    entities: list[str] = []
    for listing in ("/documents.json", "/agencies.json", "/measures.json"):
        rows = get_json(listing)["rows"]  # type: ignore[index]
        for row in rows[:20]:
            link = next((v for v in row.values() if isinstance(v, dict) and "iri" in v), None)
            if link and "/id/" in link["iri"]:
                entities.append("/id/" + link["iri"].split("/id/", 1)[1])
    searches = ["/search.json?" + urllib.parse.urlencode({"q": q}) for q in SEARCHES]
    sparql = ["/sparql?" + urllib.parse.urlencode({"query": SIMPLE})]
    runaway = ["/sparql?" + urllib.parse.urlencode({"query": RUNAWAY})]
    return {"canned": queries, "entity": entities, "search": searches, "sparql": sparql, "runaway": runaway}


def pick(rng: random.Random, runaway_share: float) -> str:
    """The kind of the next request."""
    if rng.random() < runaway_share:
        return "runaway"
    return rng.choices(["canned", "entity", "search", "sparql"], weights=[35, 30, 15, 20])[0]


def client(base: str, urls: dict[str, list[str]], stop: float, seed: int, runaway_share: float,
           tallies: dict[str, Tally], lock: threading.Lock) -> None:
    """One client: requests until ``stop``, one at a time."""
    rng = random.Random(seed)
    while time.monotonic() < stop:
        kind = pick(rng, runaway_share)
        url = base + rng.choice(urls[kind])
        started = time.monotonic()
        try:
            request = urllib.request.Request(url, headers={"Accept": "application/json"})
            with urllib.request.urlopen(request, timeout=120) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            exc.read()
            status = exc.code
        except OSError as exc:
            status = 0
            url += f" ({exc})"
        elapsed = time.monotonic() - started
        expected = 503 if kind == "runaway" else 200
        with lock:
            tally = tallies[kind]
            tally.seconds.append(elapsed)
            tally.statuses[status] += 1
            if status != expected:
                tally.unexpected.append(f"{status} {url}")


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of the values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def run(base: str, clients: int, seconds: float, runaway_share: float, seed: int = 1) -> dict[str, object]:
    """Drive the app and return the figures."""
    urls = discover(base)
    tallies: dict[str, Tally] = defaultdict(Tally)
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(base, urls, stop, seed + i, runaway_share, tallies, lock))
               for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    kinds = {}
    for kind, tally in sorted(tallies.items()):
        kinds[kind] = {
            "requests": len(tally.seconds),
            "p50_ms": round(percentile(tally.seconds, 0.5) * 1000, 1),
            "p95_ms": round(percentile(tally.seconds, 0.95) * 1000, 1),
            "max_ms": round(max(tally.seconds) * 1000, 1),
            "statuses": dict(tally.statuses),
            "unexpected": tally.unexpected[:10],
        }
    others = [s for k, t in tallies.items() if k != "runaway" for s in t.seconds]
    total = sum(len(t.seconds) for t in tallies.values())
    return {
        "base": base, "clients": clients, "seconds": round(wall, 1), "runaway_share": runaway_share,
        "requests": total, "requests_per_s": round(total / wall, 1),
        "others_p50_ms": round(statistics.median(others) * 1000, 1) if others else None,
        "others_p95_ms": round(percentile(others, 0.95) * 1000, 1) if others else None,
        "unexpected": sum(len(t.unexpected) for t in tallies.values()),
        "kinds": kinds,
    }


def render(figures: dict[str, object]) -> str:
    """A plain-text table of the figures."""
    lines = [f"{figures['clients']} clients, {figures['seconds']} s, runaway share {figures['runaway_share']}: "
             f"{figures['requests']} requests, {figures['requests_per_s']} req/s, "
             f"unexpected answers {figures['unexpected']}",
             f"{'kind':8} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  statuses"]
    for kind, k in figures["kinds"].items():  # type: ignore[union-attr]
        lines.append(f"{kind:8} {k['requests']:>8} {k['p50_ms']:>8} {k['p95_ms']:>8} {k['max_ms']:>8}  "
                     f"{k['statuses']}")
    lines.append(f"all but runaway: p50 {figures['others_p50_ms']} ms, p95 {figures['others_p95_ms']} ms")
    return "\n".join(lines)


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="base URL of the running app, e.g. http://127.0.0.1:5000")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--runaway-share", type=float, default=0.01)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    figures = run(args.base.rstrip("/"), args.clients, args.seconds, args.runaway_share)
    print(render(figures))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(figures, f, ensure_ascii=False, indent=1)
    raise SystemExit(1 if figures["unexpected"] else 0)


if __name__ == "__main__":
    main()
