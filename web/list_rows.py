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


def document_rows(subjects: list[str]) -> list[Row]:
    """Title, number, date, kind, issuers (in the order the text names them) and number of measures."""
    values = iri_values(subjects)
    details = grouped(select(
        f"SELECT DISTINCT ?s ?number ?date ?kind ?issuer ?first ?measures WHERE {{ VALUES ?s {{ {values} }}\n"
        "OPTIONAL { ?s eli:id_local ?number } OPTIONAL { ?s eli:date_document ?date }\n"
        "OPTIONAL { ?s a ?kind . FILTER(STRSTARTS(STR(?kind), STR(pko:))) }\n"
        f"OPTIONAL {{ SELECT ?s ?issuer (MIN(?pos) AS ?first) WHERE {{ VALUES ?s {{ {values} }}\n"
        "  ?s eli:passed_by ?issuer . OPTIONAL { ?mention pko:agent ?issuer ; prov:wasDerivedFrom ?span .\n"
        "  ?span oa:hasSource ?s ; oa:hasSelector/oa:start ?pos } } GROUP BY ?s ?issuer }\n"
        f"OPTIONAL {{ SELECT ?s (COUNT(DISTINCT ?m) AS ?measures) WHERE {{ VALUES ?s {{ {values} }}\n"
        "  ?m a pko:Measure ; eli:is_part_of ?s } GROUP BY ?s } }"))
    issuers = {i for rows in details.values() for i in values_of(rows, "issuer")}
    link = linker(set(subjects) | issuers)
    out = []
    for iri in subjects:
        rows = details.get(iri, [{}])
        kind = document_kind(values_of(rows, "kind"))
        out.append({
            "title": link(iri), "number": text(rows[0].get("number")), "date": text(rows[0].get("date")),
            "kind": term_label("pko:" + kind) if kind else None,
            "issuers": [link(i) for i in in_text_order(rows, "issuer", "first")],
            "measures": number(rows[0].get("measures")),
        })
    return out


def agency_rows(subjects: list[str]) -> list[Row]:
    """Name, level, kind and counts of lead and support measures and citing documents of each agency."""
    values = iri_values(subjects)
    details = grouped(select(
        f"SELECT DISTINCT ?s ?level ?kind ?lead ?support ?documents WHERE {{ VALUES ?s {{ {values} }}\n"
        "OPTIONAL { ?s pko:adminLevel ?level }\n"
        "BIND(IF(EXISTS { ?s a pko:CollectiveAgent }, \"collective\", IF(EXISTS { ?s a pko:UnresolvedAgency }, "
        "\"unresolved\", IF(STRSTARTS(STR(?s), STR(<https://w3id.org/policykg/id/agency/local/>)), \"local\", "
        "\"registry\"))) AS ?kind)\n"
        f"OPTIONAL {{ SELECT ?s (COUNT(DISTINCT ?m) AS ?lead) WHERE {{ VALUES ?s {{ {values} }}\n"
        "  ?m pko:leadAgency ?s } GROUP BY ?s }\n"
        f"OPTIONAL {{ SELECT ?s (COUNT(DISTINCT ?m) AS ?support) WHERE {{ VALUES ?s {{ {values} }}\n"
        "  ?m eli:responsibility_of_agent ?s FILTER NOT EXISTS { ?m pko:leadAgency ?s } } GROUP BY ?s }\n"
        f"OPTIONAL {{ SELECT ?s (COUNT(DISTINCT ?d) AS ?documents) WHERE {{ VALUES ?s {{ {values} }}\n"
        f"  {{ ?d {REFERENCES} ?s }} UNION {{ ?m eli:responsibility_of_agent ?s ; eli:is_part_of ?d }} }}"
        " GROUP BY ?s } }"))
    link = linker(set(subjects))
    out = []
    for iri in subjects:
        row = details.get(iri, [{}])[0]
        level, kind = text(row.get("level")), text(row.get("kind"))
        out.append({
            "name": link(iri), "level": message_or("level", level), "kind": message_or("agency_kind", kind),
            "lead": number(row.get("lead")), "support": number(row.get("support")),
            "documents": number(row.get("documents")),
        })
    return out


def measure_rows(subjects: list[str]) -> list[Row]:
    """Document, number, text, lead and supporting units (in their written order) of each measure."""
    values = iri_values(subjects)
    details = grouped(select(
        f"SELECT DISTINCT ?s ?doc ?number ?text ?status ?lead ?agent ?rank ?targets WHERE {{ VALUES ?s {{ {values} }}\n"
        "OPTIONAL { ?s eli:is_part_of ?doc } OPTIONAL { ?s eli:number ?number }\n"
        "OPTIONAL { ?s dcterms:description ?text } OPTIONAL { ?s pko:status ?status }\n"
        "OPTIONAL { ?s pko:leadAgency ?lead }\n"
        "OPTIONAL { ?s eli:responsibility_of_agent ?agent FILTER NOT EXISTS { ?s pko:leadAgency ?agent }\n"
        "  OPTIONAL { ?s pko:hasResponsibility ?r . ?r pko:agent ?agent ; pko:rank ?rank } }\n"
        f"OPTIONAL {{ SELECT ?s (COUNT(DISTINCT ?t) AS ?targets) WHERE {{ VALUES ?s {{ {values} }}\n"
        "  ?s pko:hasTarget ?t } GROUP BY ?s } }"))
    linked = {v for rows in details.values() for var in ("doc", "lead", "agent") for v in values_of(rows, var)}
    link = linker(linked)
    out = []
    for iri in subjects:
        rows = details.get(iri, [{}])
        ranked = sorted((r for r in rows if r.get("agent") is not None),
                        key=lambda r: (number(r.get("rank")) or 999, str(r["agent"])))
        out.append({
            "document": link(text(rows[0].get("doc"))),
            "number": Link(iri, text(rows[0].get("number")) or short_iri(iri)),
            "text": text(rows[0].get("text")), "lead": link(text(rows[0].get("lead"))),
            "support": [link(a) for a in dict.fromkeys(str(r["agent"]) for r in ranked)],
            "status": message_or("status", text(rows[0].get("status"))),
            "targets": number(rows[0].get("targets")),
        })
    return out


def target_rows(subjects: list[str]) -> list[Row]:
    """Indicator, comparator, value, unit, deadline, measure and document of each target."""
    values = iri_values(subjects)
    details = grouped(select(
        "SELECT DISTINCT ?s ?indicator ?value ?unit ?comparator ?deadline ?deadlineText ?measure ?number ?doc "
        f"WHERE {{ VALUES ?s {{ {values} }}\n"
        "OPTIONAL { ?s pko:indicator ?indicator } OPTIONAL { ?s schema:value ?value }\n"
        "OPTIONAL { ?s schema:unitText ?unit } OPTIONAL { ?s pko:comparator ?comparator }\n"
        "OPTIONAL { ?s pko:deadline ?deadline } OPTIONAL { ?s pko:deadlineText ?deadlineText }\n"
        "OPTIONAL { ?measure pko:hasTarget ?s ; a pko:Measure . OPTIONAL { ?measure eli:number ?number } }\n"
        "OPTIONAL { ?s prov:wasDerivedFrom/oa:hasSource ?doc } }"))
    linked = {v for rows in details.values() for v in values_of(rows, "doc")}
    link = linker(linked)
    out = []
    for iri in subjects:
        row = details.get(iri, [{}])[0]
        comparator, unit = text(row.get("comparator")), text(row.get("unit"))
        value = tidy_decimal(text(row.get("value")))
        amount = " ".join(p for p in (COMPARATORS.get(comparator or "", comparator), value) if p) + (unit or "")
        measure = text(row.get("measure"))
        out.append({
            "indicator": Link(iri, text(row.get("indicator")) or short_iri(iri)), "amount": amount,
            "deadline": text(row.get("deadline")),
            "measure": Link(measure, text(row.get("number")) or short_iri(measure)) if measure else None,
            "document": link(text(row.get("doc"))), "comparator": comparator, "value": value, "unit": unit,
            "deadline_text": text(row.get("deadlineText")),
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
