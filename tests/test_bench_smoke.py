"""Smoke runs of the benchmarks (correctness only: figures are reported by `make bench`, never asserted)."""

import time
from pathlib import Path

from bench import generate, load, network_bench, timing
from bench.query_bench import canned_texts


def test_load_harness_runs_against_the_app_with_only_expected_answers(live_server: str) -> None:
    figures = load.run(live_server, clients=2, seconds=2, runaway_share=0)
    assert figures["unexpected"] == 0
    assert {"canned", "entity", "search", "sparql"} <= set(figures["kinds"])  # type: ignore[arg-type]
    assert "req/s" in load.render(figures)


def test_generator_is_deterministic_and_varied(tmp_path: Path) -> None:
    first = generate.generate(tmp_path / "a", 30, seed=3)
    second = generate.generate(tmp_path / "b", 30, seed=3)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    texts = [p.read_text(encoding="utf-8") for p in first]
    assert len(set(texts)) == 30
    assert any("答复" in t.splitlines()[0] for t in texts) and any("通知" in t.splitlines()[0] for t in texts)
    assert any("牵头单位：" in t for t in texts) and any("负责）" in t for t in texts)


def test_every_benchmark_runs_small_and_writes_its_tables(tmp_path: Path) -> None:
    """The whole suite at a tiny size: ingest (serial and --jobs 2) with its bulk-load baseline, every canned query
    on the embedded store, an Oxigraph server and rdflib, the web driver, and a small network drawing."""
    import json
    import os

    from bench import run

    skip = []
    if not Path(network_bench.CHROMIUM).exists() and not os.environ.get("POLICYKG_REQUIRE_BROWSER"):
        skip = ["network"]
    out = tmp_path / "out"
    args = ["--sizes", "3", "--reps", "1", "--budget", "0", "--timeout", "10", "--web-size", "3", "--web-seconds",
            "0.5", "--clients", "2", "--network-repeats", "1", "--network-measures", "200",
            "--work", str(tmp_path / "work"), "--out", str(out)]
    results = run.main(args + (["--skip", *skip] if skip else []))
    saved = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert saved["errors"] == [] and results["errors"] == []
    assert saved["machine"]["cores"] >= 1 and saved["machine"]["pyoxigraph"]

    ingest = saved["ingest"]["3"]
    assert [r["jobs"] for r in ingest["runs"]] == [1, 2]
    assert all(r["ok"] and r["documents"] == 3 and r["docs_per_s"] > 0 and r["peak_rss_mb"] > 10
               for r in ingest["runs"]), ingest["runs"]
    assert ingest["quads"] > 1000 and ingest["bulk_seconds"] > 0 and ingest["ratio_to_bulk"] > 0
    update = ingest["update"]
    assert update["new_seconds"] > 0 and update["unchanged_seconds"] > 0 and update["full_recount_seconds"] > 0
    assert "upload one new document" in (out / "RESULTS.md").read_text(encoding="utf-8")

    queries = saved["queries"]["3"]
    names = set(canned_texts())
    for backend in ("embedded", "server", "rdflib"):
        assert set(queries[backend]["queries"]) == names, backend
    embedded = queries["embedded"]["queries"]
    assert all(str(f.get("error", "")).startswith("timeout") or (f["n"] >= 1 and f["p50_ms"] >= 0)
               for f in embedded.values())
    assert queries["rows_differ_server"] == []  # the server answers as the embedded store does
    assert set(queries["speedup_vs_rdflib"]) == names

    web = saved["web"]
    for kind in ("sparql_lookup", "sparql_count", "entity_page"):
        assert web[kind]["requests"] > 0 and web[kind]["requests_per_s"] > 0, kind
    assert set(web["sparql_lookup"]["statuses"]) == {"200"}

    if not skip:
        assert saved["network"]["nodes"] > 200 and saved["network"]["draw_ms_p50"] > 0

    text = (out / "RESULTS.md").read_text(encoding="utf-8")
    for heading in ("## Goals of the scale issue", "## Ingest", "## Canned queries", "## Web", "## Network view"):
        assert heading in text
    assert "python -m bench.run --sizes 3" in text and saved["machine"]["cpu"] in text
    assert "| agency_measures | 3 |" in text and "| entity_page | 2 |" in text


def test_timing_helpers_report_percentiles_and_stop_a_runaway_call() -> None:
    assert timing.percentile([0.3, 0.1, 0.2], 0.5) == 0.2
    assert timing.summary_ms([0.001, 0.002])["n"] == 2
    assert timing.ratio(10.0, 2.0) == 5.0 and timing.ratio(1.0, 0.0) is None
    quick = timing.repeat_forked(lambda: lambda: 7, reps=3, budget=5, timeout=30)
    assert quick["rows"] == 7 and quick["n"] == 3
    stuck = timing.repeat_forked(lambda: lambda: time.sleep(60) or 0, reps=1, budget=1, timeout=1)
    assert str(stuck["error"]).startswith("timeout") and stuck["p50_ms"] is None
