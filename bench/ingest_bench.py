"""Ingest benchmark: documents/s of ``policykg ingest`` end to end (serial and ``--jobs N``), the peak memory of
the ingest process, and the ratio to a bare bulk load of the same quads into a fresh Oxigraph directory; then, on a
copy of the store, one document added as an upload adds it (the derived graphs updated for what it touches), the
same again unchanged, and — the baseline, what every upload cost before — one recount of the derived graphs whole.

    python -m bench.ingest_bench DOCS_DIR WORK_DIR [--jobs 1 2] [--json out.json]
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import time
from pathlib import Path

import pyoxigraph as ox

from bench.child import BIN, run_timed
from bench.generate import document
from bench.timing import ratio
from policykg.kg.embedded import EmbeddedStore
from policykg.kg.ingest import ingest_upload, load_upload, rebuild_derived_graphs


def count_documents(docs: Path) -> int:
    """Number of document files in the folder."""
    return sum(1 for p in docs.iterdir() if p.is_file())


def ingest_run(docs: Path, store: Path, jobs: int) -> dict[str, object]:
    """One ``policykg ingest`` of the folder into a fresh store: seconds, docs/s, peak RSS (MB)."""
    shutil.rmtree(store, ignore_errors=True)
    cmd = [str(BIN / "policykg"), "--store", str(store), "ingest", "--quiet"]
    cmd += ["--jobs", str(jobs)] if jobs > 1 else []
    done = run_timed([*cmd, str(docs)])
    n = count_documents(docs)
    ok = done.returncode == 0
    return {"jobs": jobs, "documents": n, "ok": ok, "seconds": round(done.seconds, 2),
            "docs_per_s": round(n / done.seconds, 1) if ok else None, "peak_rss_mb": done.peak_rss_mb,
            "error": "" if ok else last_line(done.stderr)}


def last_line(text: str) -> str:
    """The last non-empty line of a child's error output."""
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1].strip() if lines else "no message"


def export_nquads(store: Path, out: Path) -> int:
    """Write every quad the store holds — the named graphs and the default graph kept as their union — as
    N-Quads; the number of quads written."""
    s = EmbeddedStore(store)
    try:
        with out.open("wb") as f:
            s.ox_store.dump(f, ox.RdfFormat.N_QUADS)
        return len(s.ox_store)
    finally:
        s.close()


def bulk_load(nquads: Path, target: Path) -> float:
    """Seconds for pyoxigraph's bulk loader to load the file into a fresh store directory."""
    shutil.rmtree(target, ignore_errors=True)
    started = time.perf_counter()
    store = ox.Store(str(target))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.flush()
    seconds = time.perf_counter() - started
    del store
    gc.collect()
    shutil.rmtree(target, ignore_errors=True)
    return seconds


def update_run(store: Path, work: Path, index: int) -> dict[str, object]:
    """On a copy of the store: seconds to upload generated document ``index`` (new), to upload it again (unchanged)
    and to recount the derived graphs whole (the baseline); the copy is removed afterwards."""
    copy = work / "store-update"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(store, copy)
    name, text = document(index)
    data = text.encode("utf-8")
    load_upload(data, name)  # the loaders' data read once, outside the timings
    s = EmbeddedStore(copy)
    try:
        timings = {}
        for label, step in (("new_seconds", lambda: ingest_upload(s, data, name)),
                            ("unchanged_seconds", lambda: ingest_upload(s, data, name)),
                            ("full_recount_seconds", lambda: rebuild_derived_graphs(s))):
            started = time.perf_counter()
            step()
            timings[label] = round(time.perf_counter() - started, 3)
    finally:
        s.close()
        shutil.rmtree(copy, ignore_errors=True)
    timings["new_vs_full_recount"] = ratio(timings["full_recount_seconds"], timings["new_seconds"])
    return timings


def run(docs: Path, work: Path, jobs: list[int]) -> dict[str, object]:
    """Ingest the folder once per ``jobs`` value (the first one's store is kept at work/store), then the baseline."""
    work.mkdir(parents=True, exist_ok=True)
    runs = []
    for j in jobs:
        store = work / ("store" if j == jobs[0] else f"store-jobs{j}")
        runs.append(ingest_run(docs, store, j))
        if j != jobs[0]:
            shutil.rmtree(store, ignore_errors=True)
    first = runs[0]
    figures: dict[str, object] = {"documents": first["documents"], "runs": runs, "store": str(work / "store")}
    if not first["ok"]:
        return figures
    nquads = work / "export.nq"
    quads = export_nquads(work / "store", nquads)
    bulk = bulk_load(nquads, work / "bulk")
    figures.update({
        "quads": quads, "nquads": str(nquads),
        "bulk_seconds": round(bulk, 2), "bulk_quads_per_s": round(quads / bulk),
        "ingest_quads_per_s": round(quads / float(first["seconds"])),  # type: ignore[arg-type]
        "ratio_to_bulk": ratio(float(first["seconds"]), bulk),  # type: ignore[arg-type]
    })
    for r in runs[1:]:
        r["speedup_vs_serial"] = ratio(float(r["docs_per_s"] or 0), float(first["docs_per_s"]))  # type: ignore[arg-type]
    figures["update"] = update_run(work / "store", work, count_documents(docs))
    return figures


def render(by_size: dict[str, dict[str, object]]) -> str:
    """A Markdown table: one row per size and jobs value."""
    lines = ["| documents | quads | jobs | seconds | docs/s | speed-up vs serial | peak RSS MB | bulk load s "
             "| bulk quads/s | ingest ÷ bulk |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for f in by_size.values():
        for r in f["runs"]:  # type: ignore[attr-defined]
            first = r is f["runs"][0]  # type: ignore[index]
            if not r["ok"]:
                lines.append(f"| {f['documents']} | | {r['jobs']} | failed: {r['error']} | | | | | | |")
                continue
            lines.append(
                f"| {f['documents']} | {f.get('quads', '')} | {r['jobs']} | {r['seconds']} | {r['docs_per_s']} "
                f"| {r.get('speedup_vs_serial', '') or ''} | {r['peak_rss_mb']} "
                f"| {f.get('bulk_seconds', '') if first else ''} | {f.get('bulk_quads_per_s', '') if first else ''} "
                f"| {f.get('ratio_to_bulk', '') if first else ''} |")
    return "\n".join(lines)


def render_update(by_size: dict[str, dict[str, object]]) -> str:
    """A Markdown table: one row per size of the one-document update timings."""
    lines = ["| documents | upload one new document s | the same again (unchanged) s | full recount of the derived "
             "graphs s (before) | full recount ÷ new upload |", "|---:|---:|---:|---:|---:|"]
    for f in by_size.values():
        u = f.get("update")
        if isinstance(u, dict):
            lines.append(f"| {f['documents']} | {u['new_seconds']} | {u['unchanged_seconds']} "
                         f"| {u['full_recount_seconds']} | {u['new_vs_full_recount']}× |")
    return "\n".join(lines)


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    figures = run(args.docs, args.work, args.jobs)
    print(render({str(figures["documents"]): figures}))
    print(render_update({str(figures["documents"]): figures}))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
