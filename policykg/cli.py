"""The policykg command line: parse arguments, call the rooms, print. No logic of its own."""

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from policykg import settings
from policykg.errors import PolicyKGError

if TYPE_CHECKING:
    from policykg.kg.store import Store

EXAMPLES = {
    "ingest": ("examples:\n  policykg --store data/store ingest corpus/\n  policykg ingest notice.txt reply.txt\n"
               "  policykg ingest --jobs 0 archive/    # a worker process per core"),
    "query": (
        "examples:\n"
        "  policykg query 'SELECT (COUNT(*) AS ?n) WHERE { ?m a pko:Measure }'\n"
        "  policykg query @my-query.rq --format csv\n"
        "  policykg query agency_measures --param agency=https://w3id.org/policykg/id/agency/220000/civil-affairs"
    ),
    "export": "examples:\n  policykg export --format turtle -o graph.ttl\n  policykg export --format trig --graph IRI",
    "refresh": (
        "example (after loading N-Quads with a server's own bulk loader):\n"
        "  policykg --store http://localhost:7878 refresh"
    ),
    "validate": "example:\n  policykg validate   # exit code 1 when any SHACL violation is found",
    "stats": "example:\n  policykg stats --json",
    "queries": "example:\n  policykg queries",
    "serve": "example:\n  policykg serve --host 127.0.0.1 --port 5000",
    "eval": (
        "examples:\n"
        "  policykg eval gold/ -v\n"
        "  policykg eval gold/ --json > scores.json\n"
        "  policykg eval gold/ --min-f1 measures=0.95 --min-f1 overall=0.9   # exit 1 when a minimum is not met"
    ),
    "network": (
        "examples:\n"
        "  policykg network                                   # agency co-responsibility network of the store\n"
        "  policykg network --graph bipartite --document 吉民发〔2025〕20号 --role lead\n"
        "  policykg network --agency 吉林省民政厅               # its ego network and the agencies it works with\n"
        "  policykg network --graph citations -o build/network  # also write CSV, JSON, GraphML and GEXF"
    ),
}


def _parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command a task."""
    p = argparse.ArgumentParser(
        prog="policykg",
        description="Turn Chinese government policy documents into a knowledge graph; query, validate, export.",
        epilog="example:\n  policykg --store data/store ingest corpus/ && policykg serve",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--store", default=None,
                   help="store location: a directory (embedded Oxigraph) or an http(s) SPARQL endpoint URL "
                        "(default: $POLICYKG_STORE or data/store)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, description=help_text, epilog=EXAMPLES[name],
                              formatter_class=argparse.RawDescriptionHelpFormatter)

    ing = add("ingest", "Load documents (files or folders) into the store, one named graph per document.")
    ing.add_argument("paths", nargs="+", type=Path, help="files or folders to load")
    ing.add_argument("--quiet", action="store_true", help="print only the summary")
    ing.add_argument("--jobs", type=_jobs, default=1, metavar="N",
                     help="read and convert documents in N worker processes (0 = one per core; default 1)")

    q = add("query", "Run a SPARQL query: a query string, @file.rq, or the name of a canned query.")
    q.add_argument("query", help="SPARQL text, @FILE, or a canned query name (see `policykg queries`)")
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="canned-query parameter (repeatable)")
    q.add_argument("--format", default="table", choices=["table", "csv", "tsv", "json"], help="output format")

    e = add("export", "Export the store (or one named graph) as RDF.")
    e.add_argument("--format", default="turtle", help="turtle, trig, nquads, ntriples, jsonld or xml")
    e.add_argument("--graph", default=None, help="IRI of one named graph to export")
    e.add_argument("-o", "--output", type=Path, default=None, help="output file (default: standard output)")

    add("refresh", "Rebuild the graphs derived from all documents (agency registry, ontology, works, summary counts).")

    add("validate", "Check the store against the SHACL shapes of the ontology.")

    s = add("stats", "Count documents, measures, agencies, targets and citations in the store.")
    s.add_argument("--json", action="store_true", help="print JSON")

    add("queries", "List the canned queries with their titles and parameters.")

    sv = add("serve", "Serve the web app.")
    sv.add_argument("--host", default=None, help="address to listen on (default: setting host)")
    sv.add_argument("--port", type=int, default=None, help="port (default: setting port)")

    ev = add("eval", "Score the store's extraction against gold annotation files (precision, recall, F1).")
    ev.add_argument("gold_dir", metavar="GOLD_DIR", type=Path, help="folder of gold *.json files")
    ev.add_argument("-v", "--verbose", action="store_true", help="list every miss and extra under its field")
    ev.add_argument("--json", action="store_true", help="print the whole result as JSON")
    ev.add_argument("--min-f1", action="append", default=[], metavar="FIELD=VALUE",
                    help="fail (exit code 1) when a field's F1 (or 'overall') is below VALUE (repeatable)")

    nw = add("network", "Responsibility networks: metrics, communities, brokers, an agency's partners; exports.")
    nw.add_argument("--graph", default="coresponsibility",
                    choices=["coresponsibility", "bipartite", "documents", "citations"], help="which network")
    nw.add_argument("--document", default=None, help="only this document (IRI, number or title)")
    nw.add_argument("--agency", default=None, help="an agency (IRI or name): its measures, or its ego network")
    nw.add_argument("--year", type=int, default=None, help="only documents dated in this year")
    nw.add_argument("--role", choices=["lead", "support"], default=None, help="only responsibilities in this role")
    nw.add_argument("--min-weight", type=int, default=1, help="drop edges lighter than this (default 1)")
    nw.add_argument("--sort", default="weighted_degree",
                    choices=["weighted_degree", "degree", "betweenness", "pagerank", "leads", "supports"],
                    help="metric that orders the table")
    nw.add_argument("--top", type=int, default=20, help="rows of each table (default 20)")
    nw.add_argument("-o", "--output", type=Path, default=None,
                    help="folder to write <graph>.nodes.csv, .edges.csv, .json (node-link), .graphml and .gexf")
    return p


def _jobs(text: str) -> int:
    """A --jobs value: a whole number, 0 or more."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number of worker processes, got {text!r}")
    return int(text)


def _open(args: argparse.Namespace) -> "Store":
    """Open the store the arguments name."""
    from policykg.kg.store import open_store

    return open_store(args.store or settings.get("store"))


def cmd_ingest(args: argparse.Namespace, out: TextIO) -> int:
    """Load documents and print a summary."""
    from policykg.kg.ingest import collect_files, ingest, warm_up

    files = collect_files(args.paths)
    total = len(files)
    done = [0]
    tty = sys.stderr.isatty() and not args.quiet

    def progress(path: Path) -> None:
        done[0] += 1
        if tty:
            width = 30
            filled = width * done[0] // max(total, 1)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done[0]}/{total} {path.name[:40]:<40}")
            sys.stderr.flush()

    warm_up()  # this process lives for one ingest: what it loads first can stay out of the garbage collector
    with _open(args) as store:
        report = ingest(store, files, progress, jobs=args.jobs or os.cpu_count() or 1)
    if tty:
        sys.stderr.write("\n")
    if not args.quiet:
        for d in report.loaded:
            out.write(f"loaded  {d.file}: {d.measures} measures, {d.targets} targets, {d.citations} citations"
                      f" — {d.title}\n")
    for _file, message in report.failed:
        sys.stderr.write(f"error: {message}\n")
    t = report.totals()
    out.write(f"{t['documents']} documents, {t['measures']} measures, {t['agencies']} agencies, "
              f"{t['targets']} targets, {t['citations']} citations"
              + (f"; {t['failed']} files refused" if t["failed"] else "") + "\n")
    return 1 if report.failed else 0


def _derived_graphs_missing(location: str) -> bool:
    """True when a store holds document graphs but not the summary graph that every ingest derives."""
    from policykg.kg.store import open_store
    from policykg.loaders import ids

    with open_store(location) as store:
        graphs = store.graphs()
    documents = any(g.startswith(str(ids.document_graph(""))) for g in graphs)
    return documents and str(ids.summary_graph()) not in graphs


def cmd_refresh(args: argparse.Namespace, out: TextIO) -> int:
    """Rebuild the reference and derived graphs of a store loaded by other means (e.g. a server's bulk loader)."""
    from policykg.kg.ingest import rebuild_derived_graphs, refresh_reference_graphs

    with _open(args) as store:
        refresh_reference_graphs(store)
        rebuild_derived_graphs(store)
        graphs = len(store.graphs())
    out.write(f"rebuilt the registry, ontology, works and summary graphs ({graphs} named graphs in the store)\n")
    return 0


def _query_text(args: argparse.Namespace) -> str:
    """The SPARQL text to run: inline, from a file, or a bound canned query."""
    from policykg.kg.canned import bind, get_query, load_queries
    params = {}
    for item in args.param:
        if "=" not in item:
            raise PolicyKGError(f"--param needs NAME=VALUE, got {item!r}")
        k, v = item.split("=", 1)
        params[k.strip()] = v
    text = args.query
    if text.startswith("@"):
        path = Path(text[1:])
        if not path.is_file():
            raise PolicyKGError(f"no such query file: {path}")
        text = path.read_text(encoding="utf-8")
    elif text in load_queries():
        return bind(get_query(text), params)
    if params:
        raise PolicyKGError("--param is only for canned queries")
    return text


def cmd_query(args: argparse.Namespace, out: TextIO) -> int:
    """Run a query and print its results."""
    from policykg.kg import results
    from policykg.kg.sparql import run_query

    sparql = _query_text(args)
    with _open(args) as store:
        result = run_query(store, sparql)
    if args.format == "json":
        out.write(json.dumps(results.to_sparql_json(result), ensure_ascii=False, indent=1) + "\n")
    elif args.format in ("csv", "tsv"):
        import io

        buf = io.StringIO()
        (results.write_csv if args.format == "csv" else results.write_tsv)(result, buf)
        out.write(buf.getvalue())
    else:
        out.write(results.to_table(result) + "\n")
    return 0


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    """Export the store as RDF."""
    with _open(args) as store:
        if args.output:
            with args.output.open("wb") as fh:
                store.export(args.format, fh, graph=args.graph)
        else:
            store.export(args.format, sys.stdout.buffer, graph=args.graph)
    return 0


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    """Validate the store against the SHACL shapes."""
    from policykg.kg.validate import format_violation, validate_graph

    with _open(args) as store:
        violations = validate_graph(store.dataset())
    for v in violations:
        out.write(format_violation(v) + "\n")
    out.write(f"{len(violations)} violations\n" if violations else "conforms: no SHACL violations\n")
    return 1 if violations else 0


def cmd_stats(args: argparse.Namespace, out: TextIO) -> int:
    """Print store statistics."""
    from policykg.kg.stats import store_stats

    with _open(args) as store:
        stats = store_stats(store)
    if args.json:
        out.write(json.dumps(stats, ensure_ascii=False, indent=1) + "\n")
    else:
        width = max(len(k) for k in stats)
        for k, v in stats.items():
            out.write(f"{k:<{width}}  {v}\n")
    return 0


def cmd_queries(args: argparse.Namespace, out: TextIO) -> int:
    """List canned queries."""
    from policykg.kg.canned import load_queries

    for name, q in sorted(load_queries().items()):
        out.write(f"{name}\n  {q.title_zh} / {q.title_en}\n")
        for p in q.params:
            out.write(f"  --param {p.name}=…  ({p.type}, default {p.default}) {p.help}\n")
    return 0


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    """Serve the web app."""
    from policykg.web import create_app

    host = args.host or settings.get("host")
    port = args.port or int(settings.get("port"))
    location = args.store or settings.get("store")
    if _derived_graphs_missing(location):
        out.write("the store has documents but no summary graph (written before it existed, or bulk-loaded): "
                  "rebuilding the derived graphs once, as `policykg refresh` does\n")
        cmd_refresh(args, out)
    app = create_app({"STORE": location})
    threads = int(settings.get("threads"))
    out.write(f"policykg is serving {app.config['STORE']} on http://{host}:{port}/ ({threads} threads)\n")
    out.flush()
    import waitress

    waitress.serve(app, host=host, port=port, threads=threads, ident="policykg")
    return 0


def cmd_eval(args: argparse.Namespace, out: TextIO) -> int:
    """Score the store against gold files; exit code 1 when a --min-f1 minimum is not met."""
    from policykg.kg.evaluate import evaluate, failed_thresholds, parse_thresholds, render_table

    thresholds = parse_thresholds(args.min_f1)
    with _open(args) as store:
        result = evaluate(store, args.gold_dir)
    if args.json:
        out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n")
    else:
        out.write(render_table(result, verbose=args.verbose) + "\n")
    failures = failed_thresholds(result, thresholds)
    for message in failures:
        sys.stderr.write(f"below minimum: {message}\n")
    return 1 if failures else 0


def cmd_network(args: argparse.Namespace, out: TextIO) -> int:
    """Print a network's metrics table (and partners of an agency); write its exports with --output."""
    from policykg.kg.network import NetworkFilter, resolve_agency, resolve_document
    from policykg.kg.network_export import write_all
    from policykg.kg.network_layout import layout
    from policykg.kg.network_report import analysed, report

    with _open(args) as store:
        flt = NetworkFilter(
            document=resolve_document(store, args.document) if args.document else None,
            agency=resolve_agency(store, args.agency) if args.agency else None,
            year=args.year, role=args.role, min_weight=args.min_weight)
        result = analysed(store, args.graph, flt)
    out.write(report(result, metric=args.sort, top=args.top))
    if args.output:
        for path in write_all(result.graph, args.output, args.graph, layout(result.graph, result.communities)):
            out.write(f"wrote {path}\n")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "ingest": cmd_ingest, "query": cmd_query, "export": cmd_export, "validate": cmd_validate, "refresh": cmd_refresh,
    "stats": cmd_stats, "queries": cmd_queries, "serve": cmd_serve, "eval": cmd_eval,
    "network": cmd_network,
}


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    """Entry point: run one command; errors print one line and give a non-zero exit code."""
    args = _parser().parse_args(argv)
    out = out or sys.stdout
    try:
        return COMMANDS[args.command](args, out)
    except PolicyKGError as e:
        sys.stderr.write(f"error: {e.message}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
    except Exception as e:  # the last guard: users never see a traceback
        if os.environ.get("POLICYKG_DEBUG"):
            raise
        sys.stderr.write(f"internal error: {type(e).__name__}: {e} (set POLICYKG_DEBUG=1 for details)\n")
        return 70


if __name__ == "__main__":
    raise SystemExit(main())
