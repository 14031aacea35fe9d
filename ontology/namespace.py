"""Namespaces used by policykg: the project ontology ``pko:`` (checked against policykg.ttl) and the
standard vocabularies it reuses. Accessing an undefined ``PKO`` term raises ``AttributeError``."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace
from rdflib.term import URIRef

PKO_IRI = "https://w3id.org/policykg/ontology#"
ID_BASE = "https://w3id.org/policykg/id/"


class PKO(DefinedNamespace):
    """The policykg ontology; every term here is defined in ontology/policykg.ttl (tested)."""

    _NS = Namespace(PKO_IRI)
    _fail = True

    # classes
    PolicyDocument: URIRef
    Notice: URIRef
    Opinion: URIRef
    Plan: URIRef
    Reply: URIRef
    Section: URIRef
    Measure: URIRef
    Responsibility: URIRef
    Issuance: URIRef
    ResponsibilityRole: URIRef
    Target: URIRef
    Proposal: URIRef
    CitedDocument: URIRef
    AgencyMention: URIRef
    CollectiveAgent: URIRef
    UnresolvedAgency: URIRef
    # individuals
    LeadRole: URIRef
    SupportRole: URIRef
    # document properties
    text: URIRef
    sourceFile: URIRef
    jurisdiction: URIRef
    mentions: URIRef
    addressee: URIRef
    titleSpan: URIRef
    numberSpan: URIRef
    dateSpan: URIRef
    # structure and measures
    inSection: URIRef
    status: URIRef
    leadAgency: URIRef
    supportAgency: URIRef
    hasResponsibility: URIRef
    hasIssuance: URIRef
    agent: URIRef
    role: URIRef
    rank: URIRef
    asWritten: URIRef
    # targets
    hasTarget: URIRef
    comparator: URIRef
    deadline: URIRef
    deadlineText: URIRef
    indicator: URIRef
    # replies and proposals
    coHandledBy: URIRef
    proposalNumber: URIRef
    session: URIRef
    proposalKind: URIRef
    proposalBody: URIRef
    # citations
    numberConflictWith: URIRef
    # agencies
    adminLevel: URIRef
    succeededBy: URIRef
    # summary graph (derived counts)
    AgencyLoad: URIRef
    AgencyPair: URIRef
    ofAgent: URIRef
    measureCount: URIRef
    leadCount: URIRef
    documentCount: URIRef


ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
CITO = Namespace("http://purl.org/spar/cito/")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, str] = {
    "pko": PKO_IRI,
    "eli": str(ELI),
    "org": str(ORG),
    "prov": str(PROV),
    "oa": str(OA),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "cito": str(CITO),
    "xsd": str(XSD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
}

__all__ = ["CITO", "DCTERMS", "ELI", "ID_BASE", "OA", "ORG", "OWL", "PKO", "PREFIXES", "PROV", "RDF",
           "RDFS", "SCHEMA", "SH", "SKOS", "XSD"]
