"""Run the whole benchmark suite and write bench/results.json and bench/RESULTS.md (``make bench``).

    python -m bench.run [--sizes 100 1000 10000] [--rdflib-max 1000] [--web-size 1000] [--work build/bench]

Each benchmark also runs alone (bench.ingest_bench, bench.query_bench, bench.web_bench, bench.network_bench).
Figures are noisy on a shared 2-core machine: read the ratios measured side by side in the same run.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from bench import generate, ingest_bench, machine, network_bench, query_bench, report, web_bench

HERE = Path(__file__).resolve().parent


def parse(argv: list[str] | None) -> argparse.Namespace:
    """The suite's arguments."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000], help="documents per size")
    p.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="ingest --jobs values (first = baseline)")
    p.add_argument("--query-max", type=int, default=10**9, help="largest size to run the canned queries at")
    p.add_argument("--server-max", type=int, default=10**9, help="largest size to run the Oxigraph server at")
    p.add_argument("--rdflib-max", type=int, default=1000, help="largest size to load into rdflib")
    p.add_argument("--reps", type=int, default=7, help="timed runs of each query after the warm-up")
    p.add_argument("--budget", type=float, default=15.0, help="seconds of timed runs per query and backend")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds before a running query is stopped")
    p.add_argument("--web-size", type=int, default=1000, help="size served for the web benchmark")
    p.add_argument("--web-seconds", type=float, default=20.0)
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--network-repeats", type=int, default=3)
    p.add_argument("--network-measures", type=int, default=1600,
                   help="measures of the synthetic network (agencies: a quarter; 1,600 gives 2,001 nodes)")
    p.add_argument("--skip", nargs="*", default=[], choices=["ingest", "queries", "web", "network"])
    p.add_argument("--work", type=Path, default=Path("build/bench"), help="scratch folder (documents, stores)")
    p.add_argument("--out", type=Path, default=HERE, help="folder for results.json and RESULTS.md")
    p.add_argument("--note", default="", help="a sentence for RESULTS.md (e.g. what else ran on the machine)")
    return p.parse_args(argv)


def documents(work: Path, count: int) -> Path:
    """The generated folder of ``count`` documents (made once, reused while complete)."""
    folder = work / f"docs-{count}"
    if not folder.is_dir() or sum(1 for _ in folder.iterdir()) != count:
        shutil.rmtree(folder, ignore_errors=True)
        generate.generate(folder, count)
    return folder


def step(results: dict, name: str, call: object) -> object:
    """Run one benchmark step, printing its time; a failure is recorded in results['errors'] and returns None."""
    started = time.monotonic()
    print(f"== {name}", flush=True)
    try:
        value = call()  # type: ignore[operator]
    except Exception:  # one failing benchmark must not lose the others' figures
        results["errors"].append(f"{name}: {traceback.format_exc().strip().splitlines()[-1]}")
        traceback.print_exc()
        value = None
    print(f"   {name}: {time.monotonic() - started:.1f} s", flush=True)
    return value


def save(results: dict, out: Path) -> None:
    """Write results.json and RESULTS.md (after every step, so an interrupted run keeps what it measured)."""
    out.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    results["finished"] = now.strftime("%Y-%m-%d %H:%M UTC")
    results["wall_minutes"] = round((time.time() - results["_t0"]) / 60, 1)
    public = {k: v for k, v in results.items() if not k.startswith("_")}
    (out / "results.json").write_text(json.dumps(public, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "RESULTS.md").write_text(report.render(public), encoding="utf-8")


def main(argv: list[str] | None = None) -> dict:
    """Run the suite; returns the results written."""
    args = parse(argv)
    work = args.work.resolve()
    results: dict = {
        "_t0": time.time(), "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python -m bench.run " + shlex.join(sys.argv[1:] if argv is None else argv),
        "machine": machine.describe(), "note": args.note, "errors": [],
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "ingest": {}, "queries": {}, "web_size": args.web_size,
    }
    stores: dict[int, Path] = {}
    for size in args.sizes:
        docs = documents(work, size)
        size_work = work / f"size-{size}"
        if "ingest" not in args.skip or size not in stores:
            figures = step(results, f"ingest {size}", lambda d=docs, w=size_work: ingest_bench.run(d, w, args.jobs))
            if figures:
                results["ingest"][str(size)] = figures
                if figures["runs"][0]["ok"]:  # type: ignore[index]
                    stores[size] = size_work / "store"
            save(results, args.out)
        if "queries" not in args.skip and size in stores and size <= args.query_max:
            figures = step(results, f"queries {size}", lambda n=size, w=size_work: query_bench.run(
                stores[n], w / "export.nq", w, with_server=n <= args.server_max,
                with_rdflib=n <= args.rdflib_max, reps=args.reps, budget=args.budget, timeout=args.timeout))
            if figures:
                results["queries"][str(size)] = figures
            save(results, args.out)
        print(ingest_bench.render(results["ingest"]), flush=True)
    if "web" not in args.skip:
        served = max((s for s in stores if s <= args.web_size), default=None)
        if served is None:
            results["errors"].append(f"web: no store of at most {args.web_size} documents was ingested")
        else:
            results["web_size"] = served
            results["web"] = step(results, f"web {served}", lambda: web_bench.run(
                stores[served], work / "web", args.clients, args.web_seconds))
            save(results, args.out)
    if "network" not in args.skip:
        results["network"] = step(results, "network", lambda: network_bench.run(
            work, args.network_repeats, agencies=args.network_measures // 4, measures=args.network_measures))
    save(results, args.out)
    print(report.render({k: v for k, v in results.items() if not k.startswith("_")}))
    return results


if __name__ == "__main__":
    main()
