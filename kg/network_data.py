"""What the responsibility networks read from the store, through SPARQL only: responsibilities, agencies and
documents with their labels, for the whole store or a filter; names of agencies and documents resolved."""

from dataclasses import dataclass
from typing import Any

from rdflib.term import Node

from policykg.errors import InputError, NotFound
from policykg.kg.sparql import PREFIX_HEADER
from policykg.kg.store import SelectResult, Store
from policykg.kg.terms import escape_string, iri_ref

KINDS = ("coresponsibility", "bipartite", "documents", "citations")
ROLES = ("lead", "support")


@dataclass(frozen=True)
class NetworkFilter:
    """Which part of the store a network covers (None: no restriction)."""

    document: str | None = None  # document IRI
    agency: str | None = None  # agency IRI: its measures, documents, or its ego network
    year: int | None = None  # year of the document's date
    role: str | None = None  # "lead" or "support": only responsibilities in that role
    min_weight: int = 1  # drop edges lighter than this

    def __post_init__(self) -> None:
        """Refuse values that cannot be a filter."""
        if self.role not in (None, *ROLES):
            raise InputError(f"role must be lead or support, not {self.role!r}")
        if self.min_weight < 1:
            raise InputError("min_weight must be at least 1")
        for iri in (self.document, self.agency):
            if iri is not None:
                try:
                    iri_ref(iri)
                except ValueError as e:
                    raise InputError(str(e)) from None


def select_rows(store: Store, body: str) -> list[dict[str, Node | None]]:
    """Rows of a SELECT over the store (prefixes of the contract declared)."""
    result = store.query(PREFIX_HEADER + body)
    assert isinstance(result, SelectResult)
    return result.rows


def text_of(value: Node | None) -> str:
    """A term's lexical text, '' when unbound."""
    return "" if value is None else str(value)


def document_clauses(flt: NetworkFilter, doc: str = "?doc") -> str:
    """SPARQL lines restricting ``doc`` to the filter's document and year."""
    lines = []
    if flt.document:
        lines.append(f"FILTER({doc} = {iri_ref(flt.document)})")
    if flt.year is not None:
        lines.append(f"{doc} eli:date_document ?filterDate . FILTER(YEAR(?filterDate) = {int(flt.year)})")
    return "\n  ".join(lines)


RESPONSIBILITIES = """
SELECT ?measure ?doc ?agent ?lead ?number WHERE {
  ?measure a pko:Measure ; eli:is_part_of ?doc ; eli:responsibility_of_agent ?agent .
  OPTIONAL { ?measure eli:number ?number }
  BIND(EXISTS { ?measure pko:leadAgency ?agent } AS ?lead)
  %s
}"""


def responsibilities(store: Store, flt: NetworkFilter, by_agency: bool = True) -> list[dict[str, Any]]:
    """(measure, document, agent, role, number) of every responsibility the filter keeps."""
    clauses = [document_clauses(flt)]
    if flt.role:
        clauses.append("FILTER(?lead)" if flt.role == "lead" else "FILTER(!?lead)")
    if flt.agency and by_agency:
        clauses.append(f"FILTER EXISTS {{ ?measure eli:responsibility_of_agent {iri_ref(flt.agency)} }}")
    rows = select_rows(store, RESPONSIBILITIES % "\n  ".join(clauses))
    return [{"measure": str(r["measure"]), "doc": str(r["doc"]), "agent": str(r["agent"]),
             "role": "lead" if r["lead"] is not None and r["lead"].toPython() is True else "support",
             "number": text_of(r.get("number"))} for r in rows]


AGENTS = """
SELECT ?agent (MIN(?zh) AS ?labelZh) (MIN(?en) AS ?labelEn) (MIN(?lvl) AS ?level)
       (MAX(?isUnresolved) AS ?unresolved) (MAX(?isCollective) AS ?collective) WHERE {
  { SELECT DISTINCT ?agent WHERE {
      { ?m eli:responsibility_of_agent ?agent } UNION { ?d eli:passed_by ?agent } UNION { ?d pko:mentions ?agent } } }
  OPTIONAL { ?agent skos:prefLabel ?zh FILTER(LANG(?zh) = "zh" || LANG(?zh) = "") }
  OPTIONAL { ?agent skos:prefLabel ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?agent pko:adminLevel ?lvl }
  BIND(IF(EXISTS { ?agent a pko:UnresolvedAgency }, 1, 0) AS ?isUnresolved)
  BIND(IF(EXISTS { ?agent a pko:CollectiveAgent }, 1, 0) AS ?isCollective)
} GROUP BY ?agent"""


def agents(store: Store) -> dict[str, dict[str, Any]]:
    """Node attributes of every agency named in the store: labels (zh, en) and administrative level."""
    found = {}
    for r in select_rows(store, AGENTS):
        iri = str(r["agent"])
        zh = text_of(r.get("labelZh")) or iri.rsplit("/", 1)[-1]
        level = text_of(r.get("level")) or (
            "collective" if text_of(r.get("collective")) == "1" else
            "unresolved" if text_of(r.get("unresolved")) == "1" else "other")
        found[iri] = {"iri": iri, "kind": "agency", "label": zh, "label_en": text_of(r.get("labelEn")) or zh,
                      "level": level}
    return found


DOCUMENTS = """
SELECT ?doc (MIN(?t) AS ?title) (MIN(?n) AS ?number) (MIN(?d) AS ?date) (MAX(?r) AS ?reply) WHERE {
  ?doc pko:sourceFile ?file .
  OPTIONAL { ?doc dcterms:title ?t }
  OPTIONAL { ?doc eli:id_local ?n }
  OPTIONAL { ?doc eli:date_document ?d }
  BIND(IF(EXISTS { ?doc a pko:Reply }, 1, 0) AS ?r)
} GROUP BY ?doc ORDER BY ?date ?doc"""


def documents(store: Store) -> dict[str, dict[str, Any]]:
    """Node attributes of every document in the store: title, number, date, label (number, else title)."""
    found = {}
    for r in select_rows(store, DOCUMENTS):
        iri, title, number = str(r["doc"]), text_of(r.get("title")), text_of(r.get("number"))
        found[iri] = {"iri": iri, "kind": "document", "label": number or title or iri.rsplit("/", 1)[-1],
                      "title": title, "number": number, "date": text_of(r.get("date")),
                      "level": "reply" if text_of(r.get("reply")) == "1" else "document", "in_store": True}
        found[iri]["label_en"] = found[iri]["label"]
    return found


FIND_AGENCY = """
SELECT DISTINCT ?agent WHERE {
  { ?agent skos:prefLabel ?l } UNION { ?agent skos:altLabel ?l }
  FILTER(STR(?l) = "%s")
  FILTER EXISTS { { ?m eli:responsibility_of_agent ?agent } UNION { ?d eli:passed_by ?agent }
                  UNION { ?d pko:mentions ?agent } }
} ORDER BY ?agent"""


def resolve_agency(store: Store, text: str) -> str:
    """The IRI of an agency given as IRI or as any of its names (NotFound when none, InputError when several)."""
    text = text.strip()
    if text.startswith(("http://", "https://")):
        return text
    found = [str(r["agent"]) for r in select_rows(store, FIND_AGENCY % escape_string(text))]
    if not found:
        raise NotFound(f"no agency named {text!r} in the store")
    if len(found) > 1:
        raise InputError(f"{text!r} names {len(found)} agencies; give the IRI: {', '.join(found)}")
    return found[0]


def resolve_document(store: Store, text: str) -> str:
    """The IRI of a document given as IRI, document number (吉民发〔2025〕20号) or exact title."""
    text = text.strip()
    if text.startswith(("http://", "https://")):
        return text
    for iri, d in documents(store).items():
        if text in (d["number"], d["title"]):
            return iri
    raise NotFound(f"no document numbered or titled {text!r} in the store")
