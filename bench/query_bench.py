"""Query benchmark: p50/p95 of every canned query (parameters at their defaults) on the embedded store, on a
real Oxigraph server through the remote backend, and on rdflib's in-memory Dataset as the baseline.

    python -m bench.query_bench STORE_DIR EXPORT.nq WORK_DIR [--no-rdflib] [--no-server] [--json out.json]
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from rdflib import Dataset

from bench.child import BIN, free_port, run_timed, serving
from bench.timing import ratio, repeat_forked
from policykg.kg.canned import load_queries, render
from policykg.kg.store import AskResult, GraphResult, QueryResult, open_store


def canned_texts() -> dict[str, str]:
    """Every canned query bound to its default parameters, by name."""
    return {name: render(name) for name in sorted(load_queries())}


def size_of(result: QueryResult) -> int:
    """Rows (SELECT), triples (CONSTRUCT) or 1 (ASK) of a result."""
    if isinstance(result, AskResult):
        return 1
    if isinstance(result, GraphResult):
        return len(result.triples)
    return len(result.rows)


def time_each(make_runner: Callable[[str], Callable[[], Callable[[], int]]], texts: dict[str, str], reps: int,
              budget: float, timeout: float) -> dict[str, dict]:
    """Time each query in a forked child (warm-up, then up to ``reps`` runs within ``budget`` s, killed at
    ``timeout`` s); figures and row counts by name."""
    return {name: repeat_forked(make_runner(text), reps, budget, timeout) for name, text in texts.items()}


def embedded(store_dir: Path, texts: dict[str, str], reps: int, budget: float, timeout: float) -> dict[str, object]:
    """Timings on the embedded store, opened by the measuring process itself (the CLI's case: no query workers)."""
    def runner(text: str) -> Callable[[], Callable[[], int]]:
        def make() -> Callable[[], int]:
            store = open_store(str(store_dir))
            return lambda: size_of(store.query(text))
        return make
    return {"queries": time_each(runner, texts, reps, budget, timeout)}


def server(nquads: Path, work: Path, texts: dict[str, str], reps: int, budget: float,
           timeout: float) -> dict[str, object]:
    """Timings on an Oxigraph server (query time limit ``timeout``) loaded by ``oxigraph load`` with the embedded
    store's quads (its default graph kept as the union of the named graphs, as policykg keeps it there too)."""
    location = work / "oxigraph-server"
    shutil.rmtree(location, ignore_errors=True)
    loaded = run_timed([str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(nquads)])
    if loaded.returncode:
        return {"error": f"oxigraph load failed: {loaded.stderr[-500:]}"}
    url = f"http://127.0.0.1:{free_port()}"
    cmd = [str(BIN / "oxigraph"), "serve", "--location", str(location), "--bind", url[len("http://"):],
           "--timeout-s", str(int(timeout))]

    def runner(text: str) -> Callable[[], Callable[[], int]]:
        def make() -> Callable[[], int]:
            store = open_store(url, update_url="", gsp_url="", user="", password="")
            return lambda: size_of(store.query(text))
        return make
    try:
        with serving(cmd, f"{url}/query?query=ASK%7B%7D", work / "oxigraph-server.log"):
            figures = time_each(runner, texts, reps, budget, timeout + 10)
    finally:
        shutil.rmtree(location, ignore_errors=True)
    return {"load_seconds": round(loaded.seconds, 2), "queries": figures}


def rdflib_baseline(nquads: Path, texts: dict[str, str], reps: int, budget: float,
                    timeout: float) -> dict[str, object]:
    """Timings on rdflib's in-memory Dataset (default graph = union), loaded once and shared with forked children."""
    started = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(str(nquads), format="nquads")
    load = time.perf_counter() - started

    def runner(text: str) -> Callable[[], Callable[[], int]]:
        return lambda: lambda: len(ds.query(text))
    figures = time_each(runner, texts, reps, budget, timeout)
    ds.close()
    gc.collect()
    return {"load_seconds": round(load, 2), "queries": figures}


def run(store_dir: Path, nquads: Path, work: Path, *, with_server: bool, with_rdflib: bool, reps: int = 7,
        budget: float = 20.0, timeout: float = 120.0) -> dict[str, object]:
    """All backends at one size, with each query's embedded speed-up over rdflib and the server."""
    texts = canned_texts()
    figures: dict[str, object] = {"embedded": embedded(store_dir, texts, reps, budget, timeout)}
    if with_server:
        figures["server"] = server(nquads, work, texts, reps, budget, timeout)
    if with_rdflib:
        figures["rdflib"] = rdflib_baseline(nquads, texts, reps, budget, timeout)
    emb = figures["embedded"]["queries"]  # type: ignore[index]
    for other in ("rdflib", "server"):
        theirs = figures.get(other, {}).get("queries")  # type: ignore[union-attr]
        if theirs:
            figures[f"speedup_vs_{other}"] = {n: ratio(theirs[n]["p50_ms"], emb[n]["p50_ms"]) for n in texts}
            figures[f"rows_differ_{other}"] = [n for n in texts if "rows" in theirs[n] and "rows" in emb[n]
                                                and theirs[n]["rows"] != emb[n]["rows"]]
    return figures


def cell(fig: dict[str, object], key: str) -> str:
    """A figure for the table: the value, 'timeout'/'error' when the run failed, '–' when not run."""
    if not fig:
        return "–"
    if fig.get("error"):
        return "timeout" if str(fig["error"]).startswith("timeout") else "error"
    return str(fig.get(key, "–"))


def render_table(by_size: dict[str, dict[str, object]]) -> str:
    """A Markdown table: one row per canned query and size, the backends side by side."""
    lines = ["| query | documents | embedded p50 ms | embedded p95 ms | server p50 ms | server p95 ms "
             "| rdflib p50 ms | embedded × faster than rdflib | rows |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    names = sorted({n for f in by_size.values() for n in f["embedded"]["queries"]})  # type: ignore[index]
    for name in names:
        for docs, f in by_size.items():
            e = f["embedded"]["queries"][name]  # type: ignore[index]
            s = f.get("server", {}).get("queries", {}).get(name, {})  # type: ignore[union-attr]
            r = f.get("rdflib", {}).get("queries", {}).get(name, {})  # type: ignore[union-attr]
            speed = f.get("speedup_vs_rdflib", {}).get(name)  # type: ignore[union-attr]
            lines.append(f"| {name} | {docs} | {cell(e, 'p50_ms')} | {cell(e, 'p95_ms')} | {cell(s, 'p50_ms')} "
                         f"| {cell(s, 'p95_ms')} | {cell(r, 'p50_ms')} | {speed if speed else '–'} "
                         f"| {cell(e, 'rows')} |")
    return "\n".join(lines)


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("nquads", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per query and backend at most")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a query is stopped")
    parser.add_argument("--no-server", action="store_true")
    parser.add_argument("--no-rdflib", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    figures = run(args.store, args.nquads, args.work, with_server=not args.no_server,
                  with_rdflib=not args.no_rdflib, reps=args.reps, budget=args.budget, timeout=args.timeout)
    print(render_table({"?": figures}))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
