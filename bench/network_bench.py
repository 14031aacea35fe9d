"""Network-view benchmark: time for ``/network`` to draw a synthetic 2,000-node bipartite network in headless
Debian chromium (navigation start to the first drawing, as reported by web/static/network.js).

    python -m bench.network_bench WORK_DIR [--repeats 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import time
from pathlib import Path
from urllib.parse import quote

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from bench.child import BIN, free_port, serving
from policykg.kg.store import open_store

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PKO = Namespace("https://w3id.org/policykg/ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
ID = "https://w3id.org/policykg/id/"
DOC = ID + "doc/00000000000b1600"
GRAPH = ID + "graph/doc/00000000000b1600"
DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


def big_network(agencies: int = 400, measures: int = 1600, seed: int = 7) -> list[tuple]:
    """A synthetic notice of the model's shape: ``measures`` measures shared by ``agencies`` agencies (a few very
    busy ones), so its bipartite network has agencies + measures + 1 nodes."""
    rng = random.Random(seed)
    doc = URIRef(DOC)
    triples = [(doc, RDF.type, PKO.PolicyDocument), (doc, PKO.sourceFile, Literal("synthetic.txt")),
               (doc, DCTERMS.title, Literal("合成测试通知", lang="zh")),
               (doc, ELI.id_local, Literal("测试〔2030〕1号")),
               (doc, ELI.date_document, Literal("2030-01-01", datatype=DATE))]
    nodes = [URIRef(f"{ID}agency/synthetic/a{i:04d}") for i in range(agencies)]
    for i, a in enumerate(nodes):
        triples += [(a, RDF.type, ORG.Organization), (a, SKOS.prefLabel, Literal(f"合成机构{i:04d}", lang="zh")),
                    (a, PKO.adminLevel, Literal(rng.choice(["provincial", "city", "county"])))]
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(nodes))]
    for n in range(1, measures + 1):
        m = URIRef(f"{DOC}/measure/{n}")
        triples += [(m, RDF.type, PKO.Measure), (m, ELI.is_part_of, doc), (m, ELI.number, Literal(str(n)))]
        chosen: list[URIRef] = []
        for _ in range(rng.choice([1, 2, 2, 3])):
            a = rng.choices(nodes, weights)[0]
            if a not in chosen:
                chosen.append(a)
        triples += [(m, ELI.responsibility_of_agent, a) for a in chosen] + [(m, PKO.leadAgency, chosen[0])]
    return triples


def draw_once(browser: object, url: str, timeout_ms: int) -> dict[str, float]:
    """Open the view in a fresh context; nodes drawn, server response and first drawing (ms), wall seconds."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        started = time.monotonic()
        page.goto(url, timeout=timeout_ms)
        page.wait_for_selector("#network[data-nodes-drawn]", state="attached", timeout=timeout_ms)
        wall = time.monotonic() - started
        timing = page.evaluate("""() => { const n = performance.getEntriesByType('navigation')[0];
            const d = document.getElementById('network').dataset;
            return {response: n.responseEnd, draw: Number(d.drawMs), nodes: Number(d.nodesDrawn)}; }""")
    finally:
        context.close()
    return {"nodes": timing["nodes"], "response_ms": round(timing["response"]), "draw_ms": round(timing["draw"]),
            "wall_s": round(wall, 2)}


def run(work: Path, repeats: int = 3, agencies: int = 400, measures: int = 1600,
        timeout_ms: int = 120_000) -> dict[str, object]:
    """Build the store, serve it with ``policykg serve`` and draw the network ``repeats`` times."""
    from playwright.sync_api import sync_playwright

    store = work / "network-store"
    shutil.rmtree(store, ignore_errors=True)
    with open_store(str(store)) as s:
        s.replace_graph(GRAPH, big_network(agencies, measures))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [str(BIN / "policykg"), "--store", str(store), "serve", "--host", "127.0.0.1", "--port", str(port)]
    url = f"{base}/network?graph=bipartite&document={quote(DOC)}"
    with serving(cmd, base + "/queries.json", work / "network-serve.log"), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            draws = [draw_once(browser, url, timeout_ms) for _ in range(repeats)]
        finally:
            browser.close()
    return {"nodes": draws[0]["nodes"], "runs": draws,
            "draw_ms_p50": statistics.median(d["draw_ms"] for d in draws),
            "response_ms_p50": statistics.median(d["response_ms"] for d in draws)}


def render(figures: dict[str, object]) -> str:
    """A Markdown table: one row per drawing."""
    lines = ["| run | nodes | server answered ms | first drawing ms (from navigation start) | wall s |",
             "|---:|---:|---:|---:|---:|"]
    for i, d in enumerate(figures["runs"], 1):  # type: ignore[arg-type]
        lines.append(f"| {i} | {d['nodes']} | {d['response_ms']} | {d['draw_ms']} | {d['wall_s']} |")
    return "\n".join(lines)


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    figures = run(args.work, args.repeats)
    print(render(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
