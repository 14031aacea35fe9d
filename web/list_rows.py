"""Rows of the browse lists: one detail query for a page of subjects, one for the labels of what they link."""

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib.term import Node

from policykg.kg.sparql import PREFIX_HEADER
from policykg.kg.store import SelectResult
from policykg.web.i18n import t, term_label
from policykg.web.labels import fetch_labels, iri_values, short_iri
from policykg.web.list_specs import DOCUMENT_KINDS, REFERENCES
from policykg.web.storage import get_store
from policykg.web.twins import Link

Row = dict[str, Any]
COMPARATORS = {">=": "≥", "<=": "≤", "=": "", ">": ">", "<": "<"}


def select(query: str) -> list[dict[str, Node | None]]:
    """Rows of a SELECT query (the contract's prefixes declared)."""
    result = get_store().query(PREFIX_HEADER + query)
    assert isinstance(result, SelectResult)
    return result.rows


def text(term: Node | None) -> str | None:
    """Lexical form of a term, None when unbound."""
    return None if term is None else str(term)


def number(term: Node | None) -> int:
    """An integer count from a term (0 when unbound)."""
    return 0 if term is None else int(term.toPython())


def tidy_decimal(raw: str | None) -> str | None:
    """A decimal without trailing zeros: "80.0" → "80", "2.10" → "2.1"."""
    if raw is None:
        return None
    try:
        return format(Decimal(raw).normalize(), "f")
    except InvalidOperation:
        return raw


def linker(iris: set[str]) -> Callable[[str | None], Link | None]:
    """A function making a Link from an IRI, labels fetched for all of ``iris`` at once."""
    labels = fetch_labels(iris)

    def link(iri: str | None) -> Link | None:
        return None if iri is None else Link(iri, labels.get(iri) or short_iri(iri))

    return link


def grouped(rows: list[dict[str, Node | None]]) -> dict[str, list[dict[str, Node | None]]]:
    """Detail rows by subject ``?s``."""
    by_subject: dict[str, list[dict[str, Node | None]]] = {}
    for row in rows:
        by_subject.setdefault(str(row["s"]), []).append(row)
    return by_subject


def values_of(rows: list[dict[str, Node | None]], var: str) -> list[str]:
    """Distinct values of one variable over rows, in first-seen order."""
    return list(dict.fromkeys(str(r[var]) for r in rows if r.get(var) is not None))


def in_text_order(rows: list[dict[str, Node | None]], var: str, position: str) -> list[str]:
    """Distinct values of ``var`` ordered by where they first appear in the text (``position``), unplaced last."""
    first: dict[str, int] = {}
    for row in rows:
        if row.get(var) is not None:
            at = number(row.get(position)) if row.get(position) is not None else 10**9
            first[str(row[var])] = min(first.get(str(row[var]), at), at)
    return sorted(first, key=lambda v: (first[v], v))


def document_kind(kinds: list[str]) -> str:
    """The most specific document class among a document's types, as a local name."""
    local = {k.rsplit("#", 1)[-1] for k in kinds}
    return next((k for k in DOCUMENT_KINDS if k in local), "")


def details(subjects: list[str], *patterns: str) -> list[dict[str, list[dict[str, Node | None]]]]:
    """Rows by subject for each pattern (``?s`` bound by VALUES), one flat query a pattern; a pattern that is
    a whole SELECT (an aggregate) says where the VALUES go with ``{S}``.

    Flat queries, not one query of OPTIONALs: Oxigraph evaluates an OPTIONAL group (or a sub-select in one)
    without the subjects bound, over the whole store — 1.3 s for 50 measures at 1,000 documents, 16 ms split.
    """
    values = f"VALUES ?s {{ {iri_values(subjects)} }}"
    return [grouped(select(pattern.replace("{S}", values) if pattern.startswith("SELECT")
                           else f"SELECT * WHERE {{ {values}\n{pattern}\n}}")) for pattern in patterns]


def first(rows: dict[str, list[dict[str, Node | None]]], iri: str, var: str) -> str | None:
    """The first value of ``var`` among a subject's rows (None when it has none)."""
    return next((str(r[var]) for r in rows.get(iri, []) if r.get(var) is not None), None)


def counted(rows: dict[str, list[dict[str, Node | None]]], iri: str, var: str = "n") -> int:
    """A count a subject's aggregate row holds (0 when it has none)."""
    return number(rows.get(iri, [{}])[0].get(var))


def document_rows(subjects: list[str]) -> list[Row]:
    """Title, number, date, kind, issuers (in the order the text names them) and number of measures."""
    facts, kinds, issuers, measures = details(
        subjects,
        "OPTIONAL { ?s eli:id_local ?number } OPTIONAL { ?s eli:date_document ?date }",
        "?s a ?kind . FILTER(STRSTARTS(STR(?kind), STR(pko:)))",
        # the issuers' order is recorded at ingest (pko:Issuance); a store written before it lists them unordered
        "?s eli:passed_by ?issuer OPTIONAL { ?s pko:hasIssuance ?issuance . ?issuance pko:agent ?issuer ;\n"
        "  pko:rank ?first }",
        "SELECT ?s (COUNT(DISTINCT ?m) AS ?n) WHERE { {S} ?m a pko:Measure ; eli:is_part_of ?s } GROUP BY ?s")
    link = linker(set(subjects) | {i for rows in issuers.values() for i in values_of(rows, "issuer")})
    out = []
    for iri in subjects:
        kind = document_kind(values_of(kinds.get(iri, []), "kind"))
        out.append({
            "title": link(iri), "number": first(facts, iri, "number"), "date": first(facts, iri, "date"),
            "kind": term_label("pko:" + kind) if kind else None,
            "issuers": [link(i) for i in in_text_order(issuers.get(iri, []), "issuer", "first")],
            "measures": counted(measures, iri),
        })
    return out


def agency_rows(subjects: list[str]) -> list[Row]:
    """Name, level, kind and counts of lead and support measures and citing documents of each agency."""
    facts, leads, supports, documents = details(
        subjects,
        "OPTIONAL { ?s pko:adminLevel ?level }\n"
        "BIND(IF(EXISTS { ?s a pko:CollectiveAgent }, \"collective\", IF(EXISTS { ?s a pko:UnresolvedAgency }, "
        "\"unresolved\", IF(STRSTARTS(STR(?s), STR(<https://w3id.org/policykg/id/agency/local/>)), \"local\", "
        "\"registry\"))) AS ?kind)",
        "SELECT ?s (COUNT(DISTINCT ?m) AS ?n) WHERE { {S} ?m pko:leadAgency ?s } GROUP BY ?s",
        "SELECT ?s (COUNT(DISTINCT ?m) AS ?n) WHERE { {S} ?m eli:responsibility_of_agent ?s\n"
        "  MINUS { ?m pko:leadAgency ?s } } GROUP BY ?s",
        f"SELECT ?s (COUNT(DISTINCT ?d) AS ?n) WHERE {{ {{ {{S}} ?d {REFERENCES} ?s }}\n"
        "  UNION { {S} ?m eli:responsibility_of_agent ?s ; eli:is_part_of ?d } } GROUP BY ?s")
    link = linker(set(subjects))
    out = []
    for iri in subjects:
        level, kind = first(facts, iri, "level"), first(facts, iri, "kind")
        out.append({
            "name": link(iri), "level": message_or("level", level), "kind": message_or("agency_kind", kind),
            "lead": counted(leads, iri), "support": counted(supports, iri), "documents": counted(documents, iri),
        })
    return out


def measure_rows(subjects: list[str]) -> list[Row]:
    """Document, number, text, lead and supporting units (in their written order) of each measure."""
    facts, supports, targets = details(
        subjects,
        "OPTIONAL { ?s eli:is_part_of ?doc } OPTIONAL { ?s eli:number ?number }\n"
        "OPTIONAL { ?s dcterms:description ?text } OPTIONAL { ?s pko:status ?status }\n"
        "OPTIONAL { ?s pko:leadAgency ?lead }",
        "?s eli:responsibility_of_agent ?agent MINUS { ?s pko:leadAgency ?agent }\n"
        "OPTIONAL { ?s pko:hasResponsibility ?r . ?r pko:agent ?agent ; pko:rank ?rank }",
        "SELECT ?s (COUNT(DISTINCT ?t) AS ?n) WHERE { {S} ?s pko:hasTarget ?t } GROUP BY ?s")
    linked = {v for rows in facts.values() for var in ("doc", "lead") for v in values_of(rows, var)}
    link = linker(linked | {v for rows in supports.values() for v in values_of(rows, "agent")})
    out = []
    for iri in subjects:
        ranked = sorted(supports.get(iri, []), key=lambda r: (number(r.get("rank")) or 999, str(r["agent"])))
        out.append({
            "document": link(first(facts, iri, "doc")),
            "number": Link(iri, first(facts, iri, "number") or short_iri(iri)),
            "text": first(facts, iri, "text"), "lead": link(first(facts, iri, "lead")),
            "support": [link(a) for a in dict.fromkeys(str(r["agent"]) for r in ranked)],
            "status": message_or("status", first(facts, iri, "status")),
            "targets": counted(targets, iri),
        })
    return out


def target_rows(subjects: list[str]) -> list[Row]:
    """Indicator, comparator, value, unit, deadline, measure and document of each target."""
    facts, measures, documents = details(
        subjects,
        "OPTIONAL { ?s pko:indicator ?indicator } OPTIONAL { ?s schema:value ?value }\n"
        "OPTIONAL { ?s schema:unitText ?unit } OPTIONAL { ?s pko:comparator ?comparator }\n"
        "OPTIONAL { ?s pko:deadline ?deadline } OPTIONAL { ?s pko:deadlineText ?deadlineText }",
        "?measure pko:hasTarget ?s ; a pko:Measure . OPTIONAL { ?measure eli:number ?number }",
        "?s prov:wasDerivedFrom/oa:hasSource ?doc")
    link = linker({v for rows in documents.values() for v in values_of(rows, "doc")})
    out = []
    for iri in subjects:
        comparator, unit = first(facts, iri, "comparator"), first(facts, iri, "unit")
        value = tidy_decimal(first(facts, iri, "value"))
        amount = " ".join(p for p in (COMPARATORS.get(comparator or "", comparator), value) if p) + (unit or "")
        measure = first(measures, iri, "measure")
        out.append({
            "indicator": Link(iri, first(facts, iri, "indicator") or short_iri(iri)), "amount": amount,
            "deadline": first(facts, iri, "deadline"),
            "measure": Link(measure, first(measures, iri, "number") or short_iri(measure)) if measure else None,
            "document": link(first(documents, iri, "doc")), "comparator": comparator, "value": value,
            "unit": unit, "deadline_text": first(facts, iri, "deadlineText"),
        })
    return out


def message_or(area: str, value: str | None) -> str | None:
    """The message ``browse.<area>.<value>`` when there is one, else the value itself."""
    if value is None:
        return None
    try:
        return t(f"browse.{area}.{value}")
    except KeyError:
        return value


ROWS: dict[str, Callable[[list[str]], list[Row]]] = {
    "documents": document_rows, "agencies": agency_rows, "measures": measure_rows, "targets": target_rows,
}
