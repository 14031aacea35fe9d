"""The four browse lists as SPARQL: which subjects each lists, its facets and its orders."""

from policykg.kg.terms import escape_string
from policykg.web.facets import Facet, Filters, ListSpec, Sort

DOCUMENT_KINDS = ("Notice", "Opinion", "Plan", "Reply", "PolicyDocument")
SPECIFIC_KINDS = "pko:Notice pko:Opinion pko:Plan"
REFERENCES = "pko:mentions|eli:passed_by|pko:addressee|pko:coHandledBy"
AGENCY_LOAD = "?k_load a pko:AgencyLoad ; pko:ofAgent ?s ;"  # the agency's counts in the summary graph
NUMBER_KEY = 'xsd:integer(STRBEFORE(CONCAT(STR(?k_num), "."), "."))'


def label_sort(var: str = "?s") -> Sort:
    """Order by a node's label in the page's language, else its Chinese label."""
    return Sort(f"OPTIONAL {{ {var} skos:prefLabel|dcterms:title ?k_l1 FILTER(LANG(?k_l1) = \"{{LANG}}\") }}\n"
                f"OPTIONAL {{ {var} skos:prefLabel|dcterms:title ?k_l2 FILTER(LANG(?k_l2) = \"zh\") }}",
                (("COALESCE(MIN(?k_l1), MIN(?k_l2), STR(?s))", False),))


def count_sort(pattern: str) -> Sort:
    """Order by how many ``?k`` the pattern finds for a subject, most first."""
    return Sort(f"OPTIONAL {{ {pattern} }}", (("COUNT(DISTINCT ?k)", True),))


def summary_sort(pattern: str) -> Sort:
    """Order by a count the summary graph holds for a subject (bound to ``?k``), most first."""
    return Sort(f"OPTIONAL {{ {pattern} }}", (("COALESCE(MAX(?k), 0)", True),))


DOCUMENTS = ListSpec(
    name="documents", title="nav.documents",
    base="{ ?s a pko:PolicyDocument } UNION { ?s a pko:Reply }",
    facets=(
        Facet("kind", "browse.facet.kind",
              "?s a ?{P}k . VALUES ?{P}k { " + " ".join("pko:" + k for k in DOCUMENT_KINDS) + " }\n"
              "FILTER(?{P}k != pko:PolicyDocument || NOT EXISTS { ?s a ?{P}k2 . VALUES ?{P}k2 { "
              + SPECIFIC_KINDS + " } })\nBIND(STRAFTER(STR(?{P}k), \"#\") AS {V})", display="term"),
        Facet("issuer", "browse.facet.issuer", "?s eli:passed_by {V} ."),
        Facet("year", "browse.facet.year", "?s eli:date_document ?{P}d . BIND(YEAR(?{P}d) AS {V})",
              display="text", order="value"),
        Facet("jurisdiction", "browse.facet.jurisdiction", "?s pko:jurisdiction {V} .", display="text"),
    ),
    sorts={
        "date": Sort("OPTIONAL { ?s eli:date_document ?k }", (("MAX(?k)", True),)),
        "title": label_sort(),
        "number": Sort("OPTIONAL { ?s eli:id_local ?k }", (("MIN(?k)", False),)),
        "measures": summary_sort("?s pko:measureCount ?k"),
    },
    default_sort="date",
    columns=(("title", "browse.col.title"), ("number", "browse.col.number"), ("date", "browse.col.date"),
             ("kind", "browse.col.kind"), ("issuers", "browse.col.issuers"), ("measures", "browse.col.measures")),
    numeric=frozenset({"measures"}),
    sortable={"title": "title", "number": "number", "date": "date", "measures": "measures"},
)


def agency_kind(var: str) -> str:
    """Pattern binding ``{V}`` to registry / local / unresolved / collective for the agency ``var``."""
    return (f"BIND(IF(EXISTS {{ {var} a pko:CollectiveAgent }}, \"collective\", "
            f"IF(EXISTS {{ {var} a pko:UnresolvedAgency }}, \"unresolved\", "
            f"IF(STRSTARTS(STR({var}), \"https://w3id.org/policykg/id/agency/local/\"), \"local\", \"registry\")))"
            " AS {V})")


AGENCIES = ListSpec(
    name="agencies", title="nav.agencies",
    base=f"{{ ?k_d {REFERENCES} ?s }} UNION {{ ?k_m eli:responsibility_of_agent ?s }}",
    facets=(
        Facet("level", "browse.facet.level", "?s pko:adminLevel {V} .", display="message:level"),
        Facet("jurisdiction", "browse.facet.jurisdiction", "?s pko:jurisdiction {V} .", display="text"),
        Facet("role", "browse.facet.role",
              "{ ?{P}m pko:leadAgency ?s BIND(\"lead\" AS {V}) }\n"
              "UNION { ?{P}m eli:responsibility_of_agent ?s MINUS { ?{P}m pko:leadAgency ?s } "
              "BIND(\"support\" AS {V}) }",
              display="message:role"),
        Facet("kind", "browse.facet.agency_kind", agency_kind("?s"), display="message:agency_kind"),
    ),
    sorts={
        "measures": Sort(f"OPTIONAL {{ {AGENCY_LOAD} pko:measureCount ?k }}\n"
                         "OPTIONAL { ?s skos:prefLabel ?k_l FILTER(LANG(?k_l) = \"zh\") }",
                         (("COALESCE(MAX(?k), 0)", True), ("MIN(?k_l)", False))),
        "name": label_sort(),
        "lead": summary_sort(f"{AGENCY_LOAD} pko:leadCount ?k"),
        "support": summary_sort(f"{AGENCY_LOAD} pko:measureCount ?k_t ; pko:leadCount ?k_l BIND(?k_t - ?k_l AS ?k)"),
        "documents": count_sort(f"{{ ?k {REFERENCES} ?s }} UNION {{ ?k_m eli:responsibility_of_agent ?s ; "
                                "eli:is_part_of ?k }"),
    },
    default_sort="measures",
    columns=(("name", "browse.col.name"), ("level", "browse.col.level"), ("kind", "browse.col.agency_kind"),
             ("lead", "browse.col.lead"), ("support", "browse.col.support"),
             ("documents", "browse.col.documents")),
    numeric=frozenset({"lead", "support", "documents"}),
    sortable={"name": "name", "lead": "lead", "support": "support", "documents": "documents"},
)


def role_pattern(filters: Filters, var: str, prefix: str) -> str:
    """Role of a responsible unit of measure ``?s``: of the chosen agencies when an agency filter is on."""
    chosen = [value for facet, value in filters if facet.name == "agency"]
    agent = f"?{prefix}a"
    only = ""
    if chosen:
        only = f" FILTER(STR({agent}) IN (" + ", ".join('"' + escape_string(v) + '"' for v in chosen) + "))"
    return (f'{{ ?s pko:leadAgency {agent}{only} BIND("lead" AS {var}) }}\n'
            f"UNION {{ ?s eli:responsibility_of_agent {agent}{only} MINUS {{ ?s pko:leadAgency {agent} }} "
            f'BIND("support" AS {var}) }}')


MEASURES = ListSpec(
    name="measures", title="nav.measures",
    base="?s a pko:Measure .",
    facets=(
        Facet("document", "browse.facet.document", "?s eli:is_part_of {V} ."),
        Facet("agency", "browse.facet.agency", "?s eli:responsibility_of_agent {V} ."),
        Facet("role", "browse.facet.role", role_pattern, display="message:role"),
        Facet("status", "browse.facet.status", "?s pko:status {V} .", display="message:status"),
        Facet("target", "browse.facet.has_target",
              "{ ?s pko:hasTarget ?{P}t BIND(\"yes\" AS {V}) }\n"
              "UNION { ?s a pko:Measure MINUS { ?s pko:hasTarget ?{P}t } BIND(\"no\" AS {V}) }",
              display="message:yesno"),
    ),
    sorts={
        "document": Sort("OPTIONAL { ?s eli:is_part_of ?k_doc OPTIONAL { ?k_doc eli:date_document ?k_date } }\n"
                         "OPTIONAL { ?s eli:number ?k_num }",
                         (("MAX(?k_date)", True), ("MIN(STR(?k_doc))", False), (f"MIN({NUMBER_KEY})", False),
                          ("MIN(STR(?k_num))", False))),
        "lead": Sort("OPTIONAL { ?s pko:leadAgency ?k_a . OPTIONAL { ?k_a skos:prefLabel ?k_l1 "
                     "FILTER(LANG(?k_l1) = \"{LANG}\") } OPTIONAL { ?k_a skos:prefLabel ?k_l2 "
                     "FILTER(LANG(?k_l2) = \"zh\") } }",
                     (("IF(COUNT(?k_a) > 0, 0, 1)", False), ("COALESCE(MIN(?k_l1), MIN(?k_l2), \"\")", False))),
    },
    default_sort="document",
    columns=(("document", "browse.col.document"), ("number", "browse.col.number"), ("text", "browse.col.text"),
             ("lead", "browse.col.lead_agency"), ("support", "browse.col.support_agencies"),
             ("status", "browse.col.status"), ("targets", "browse.col.targets")),
    numeric=frozenset({"number", "targets"}),
    hidden=frozenset({"status"}),
    long=frozenset({"text"}),
    sortable={"document": "document", "lead": "lead"},
)

TARGETS = ListSpec(
    name="targets", title="nav.targets",
    base="?s a pko:Target .",
    facets=(
        Facet("year", "browse.facet.deadline_year", "?s pko:deadline ?{P}d . BIND(YEAR(?{P}d) AS {V})",
              display="text", order="value"),
        Facet("unit", "browse.facet.unit", "?s schema:unitText {V} .", display="text"),
        Facet("document", "browse.facet.document", "?s prov:wasDerivedFrom/oa:hasSource {V} ."),
        Facet("agency", "browse.facet.agency", "?{P}m pko:hasTarget ?s ; eli:responsibility_of_agent {V} ."),
    ),
    sorts={
        "deadline": Sort("OPTIONAL { ?s pko:deadline ?k }", (("MIN(?k)", False),)),
        "indicator": Sort("OPTIONAL { ?s pko:indicator ?k }", (("MIN(STR(?k))", False),)),
        "value": Sort("OPTIONAL { ?s schema:value ?k }", (("MAX(?k)", True),)),
    },
    default_sort="deadline",
    columns=(("indicator", "browse.col.indicator"), ("amount", "browse.col.amount"),
             ("deadline", "browse.col.deadline"), ("measure", "browse.col.measure"),
             ("document", "browse.col.document"), ("comparator", "browse.col.comparator"),
             ("value", "browse.col.value"), ("unit", "browse.col.unit"),
             ("deadline_text", "browse.col.deadline_text")),
    hidden=frozenset({"comparator", "value", "unit", "deadline_text"}),
    sortable={"indicator": "indicator", "amount": "value", "deadline": "deadline"},
)

LISTS = {spec.name: spec for spec in (DOCUMENTS, AGENCIES, MEASURES, TARGETS)}
