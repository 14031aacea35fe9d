"""Plain values of the entity pages other than documents: agencies, cited documents, measures, targets,
proposals, sections, named graphs, and the generic page any other IRI of ours gets."""

from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from policykg.kg.store import Store
from policykg.ontology.namespace import DCTERMS, ELI, OA, OWL, PKO, RDFS, SKOS
from policykg.web.document_data import (
    LEAD,
    Responsibility,
    Target,
    agent_status,
    number_key,
    responsibilities,
    targets,
)
from policykg.web.entity_lookup import InContext, Labels, number, select, spans_in_context, text
from policykg.web.labels import iri_values
from policykg.web.twins import Link


@dataclass
class DocumentRef:
    """A document in a list: link, number and date."""

    link: Link
    number: str | None
    date: str | None


@dataclass
class MeasureRef:
    """A measure in a list: link to its page, its place on the document page, and the start of its text."""

    link: Link
    number: str
    anchor: str
    text: str


@dataclass
class DocumentMeasures:
    """The measures an agency leads and supports in one document."""

    document: DocumentRef
    lead: list[MeasureRef] = field(default_factory=list)
    support: list[MeasureRef] = field(default_factory=list)


@dataclass
class Partner:
    """An agency responsible together with another on shared measures."""

    agency: Link
    shared: int
    documents: int


@dataclass
class AgencyPage:
    """Everything the agency page shows."""

    iri: str
    kind: str
    label: str
    status: str
    names: dict[str, list[str]]  # "zh" / "en" preferred names, "alt" other forms seen
    level: str | None
    jurisdiction: str | None
    succeeded_by: list[Link]
    succeeds: list[Link]
    lead_count: int
    support_count: int
    measures: list[DocumentMeasures]  # the documents with most of its measures (at most MEASURE_DOCUMENTS)
    measure_documents: int  # documents with any of its measures (more than shown: the measures list has them all)
    documents: dict[str, list[DocumentRef]]  # issued / co_handled / addressed / mentioned
    partners: list[Partner]


def _docref(labels: Labels, doc: object, num: object, date: object) -> DocumentRef:
    return DocumentRef(labels.link(str(doc)), text(num), text(date))  # type: ignore[arg-type]


def short_text(value: str, size: int = 60) -> str:
    """The start of a long text, with an ellipsis when cut."""
    return value if len(value) <= size else value[:size] + "…"


Q_AGENCY = """SELECT ?p ?o ?label WHERE {
  { $this ?p ?o OPTIONAL { ?o skos:prefLabel ?label } }
  UNION { ?o pko:succeededBy $this . BIND("succeeds" AS ?p) OPTIONAL { ?o skos:prefLabel ?label } } }"""
# Single-triple OPTIONALs only: Oxigraph evaluates an OPTIONAL group or path over the whole store (13 s for an
# agency with 236 measures at 1,000 documents); the measures' text positions come from a second, flat query.
# counted from the measures' own links (two lookups a measure; through the responsibility nodes: five, 4× slower)
Q_AGENCY_COUNTS = """SELECT ?doc (COUNT(DISTINCT ?m) AS ?n) WHERE {
  ?m eli:responsibility_of_agent $this ; eli:is_part_of ?doc } GROUP BY ?doc"""
Q_AGENCY_LEADS = "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m pko:leadAgency $this }"
MEASURE_DOCUMENTS = 30  # documents whose measures an agency page lists (a busy unit has thousands of measures)
Q_AGENCY_MEASURES = """SELECT DISTINCT ?m ?number ?desc ?role ?doc ?title ?num ?date WHERE { VALUES ?doc { $docs }
  ?r pko:agent $this ; pko:role ?role . ?m pko:hasResponsibility ?r ; eli:is_part_of ?doc .
  OPTIONAL { ?m eli:number ?number } OPTIONAL { ?m dcterms:description ?desc }
  OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc eli:id_local ?num }
  OPTIONAL { ?doc eli:date_document ?date } }"""
Q_POSITIONS = """SELECT ?m ?start ?end WHERE { VALUES ?m { $nodes }
  ?m prov:wasDerivedFrom/oa:hasSelector ?pos . ?pos oa:start ?start ; oa:end ?end }"""
CHUNK = 400  # nodes per positions query
Q_AGENCY_DOCUMENTS = """SELECT DISTINCT ?doc ?rel ?title ?num ?date WHERE {
  VALUES ?rel { eli:passed_by pko:coHandledBy pko:addressee pko:mentions }
  ?doc ?rel $this . OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc eli:id_local ?num }
  OPTIONAL { ?doc eli:date_document ?date } }"""
Q_PARTNERS = """SELECT ?other ?label ?shared ?docs WHERE {
  { SELECT ?other ?shared ?docs WHERE {
      ?pair pko:ofAgent $this ; a pko:AgencyPair ; pko:ofAgent ?other ; pko:measureCount ?shared ;
            pko:documentCount ?docs . FILTER(?other != $this) }
    ORDER BY DESC(?shared) ?other LIMIT 12 }
  OPTIONAL { ?other skos:prefLabel ?label } } ORDER BY DESC(?shared) ?other"""  # from the summary graph
DOCUMENT_RELATIONS = {str(ELI.passed_by): "issued", str(PKO.coHandledBy): "co_handled",
                      str(PKO.addressee): "addressed", str(PKO.mentions): "mentioned"}


def positions(store: Store, nodes: list[str]) -> dict[str, str]:
    """Node IRI → the anchor of its (first) source span on the document page (``span-START-END``)."""
    first: dict[str, tuple[int, int]] = {}
    for start in range(0, len(nodes), CHUNK):
        values = iri_values(nodes[start:start + CHUNK])
        for r in select(store, Q_POSITIONS.replace("$nodes", values)):
            span = (int(number(r["start"]) or 0), int(number(r["end"]) or 0))
            first[str(r["m"])] = min(first.get(str(r["m"]), span), span)
    return {m: f"span-{a}-{b}" for m, (a, b) in first.items()}


def span_start(anchor: str) -> int:
    """Where a ``span-START-END`` anchor starts (-1 without one)."""
    return int(anchor.split("-")[1]) if anchor else -1


def agency(store: Store, iri: str, types: list[str]) -> AgencyPage:
    """The agency page: names, level, measures led and supported per document, documents, partners."""
    names: dict[str, list[str]] = {"zh": [], "en": [], "alt": []}
    labels = Labels()
    level = jurisdiction = None
    succeeded_by, succeeds = [], []
    for r in select(store, Q_AGENCY, this=iri):
        p, o = str(r["p"]), r["o"]
        labels.add(o, r["label"])
        if p == str(SKOS.prefLabel) and isinstance(o, Literal):
            lang = "en" if o.language == "en" else "zh"
            if str(o) not in names[lang]:
                names[lang].append(str(o))
            labels.add(URIRef(iri), o)
        elif p == str(SKOS.altLabel) and str(o) not in names["alt"]:
            names["alt"].append(str(o))
        elif p == str(PKO.adminLevel):
            level = str(o)
        elif p == str(PKO.jurisdiction):
            jurisdiction = str(o)
        elif p == str(PKO.succeededBy):
            succeeded_by.append(o)
        elif p == "succeeds":
            succeeds.append(o)
    names["alt"] = sorted(n for n in names["alt"] if n not in names["zh"])
    doc_labels = Labels()
    by_doc: dict[str, DocumentMeasures] = {}
    per_document: dict[str, int] = {}
    for r in select(store, Q_AGENCY_COUNTS, this=iri):
        per_document[str(r["doc"])] = int(number(r["n"]) or 0)
    lead_count = sum(int(number(r["n"]) or 0) for r in select(store, Q_AGENCY_LEADS, this=iri))
    support_count = sum(per_document.values()) - lead_count  # the lead is one of the responsible units (shape)
    busiest = sorted(per_document, key=lambda d: (-per_document[d], d))[:MEASURE_DOCUMENTS]
    rows = select(store, Q_AGENCY_MEASURES.replace("$docs", iri_values(busiest)), this=iri) if busiest else []
    spans = positions(store, list(dict.fromkeys(str(r["m"]) for r in rows)))
    for r in rows:
        doc_labels.add(r["doc"], r["title"])
    for r in rows:
        doc = str(r["doc"])
        entry = by_doc.setdefault(doc, DocumentMeasures(_docref(doc_labels, doc, r["num"], r["date"])))
        num = text(r["number"]) or ""
        anchor = spans.get(str(r["m"]), "")
        ref = MeasureRef(Link(str(r["m"]), num), num, anchor, short_text(text(r["desc"]) or ""))
        is_lead = str(r["role"]) == LEAD
        bucket = entry.lead if is_lead else entry.support
        if all(x.link.iri != ref.link.iri for x in bucket):
            bucket.append(ref)
    for entry in by_doc.values():
        entry.lead.sort(key=lambda m: number_key(m.number))
        entry.support.sort(key=lambda m: number_key(m.number))
    measures = sorted(by_doc.values(), key=lambda e: (-(len(e.lead) + len(e.support)), e.document.link.label))
    documents: dict[str, list[DocumentRef]] = {k: [] for k in ("issued", "co_handled", "addressed", "mentioned")}
    rows = select(store, Q_AGENCY_DOCUMENTS, this=iri)
    for r in rows:
        doc_labels.add(r["doc"], r["title"])
    for r in rows:
        bucket = documents[DOCUMENT_RELATIONS[str(r["rel"])]]
        if all(d.link.iri != str(r["doc"]) for d in bucket):
            bucket.append(_docref(doc_labels, r["doc"], r["num"], r["date"]))
    for bucket in documents.values():
        bucket.sort(key=lambda d: (d.date or "", d.link.label), reverse=True)
    partner_rows = select(store, Q_PARTNERS, this=iri)
    partner_labels = Labels()
    for r in partner_rows:
        partner_labels.add(r["other"], r["label"])
    partners: dict[str, Partner] = {}
    for r in partner_rows:
        other = str(r["other"])
        partners.setdefault(other, Partner(partner_labels.link(other), int(number(r["shared"]) or 0),
                                           int(number(r["docs"]) or 0)))
    return AgencyPage(
        iri=iri, kind="agency", label=labels.get(iri), status=agent_status(set(types), iri), names=names,
        level=level, jurisdiction=jurisdiction, succeeded_by=[labels.link(o) for o in succeeded_by],
        succeeds=[labels.link(o) for o in succeeds], lead_count=lead_count, support_count=support_count,
        measures=measures, measure_documents=len(per_document), documents=documents,
        partners=list(partners.values()))


@dataclass
class CitingAct:
    """One citation of a cited document: the citing document, the wording as written and how it cites."""

    document: DocumentRef
    as_written: str
    characterization: str
    citation: str
    anchor: str


@dataclass
class WorkPage:
    """Everything the cited-document page shows."""

    iri: str
    kind: str
    title: str
    wordings: list[str]
    numbers: list[str]
    conflicts: list[Link]
    same_as: list[Link]
    cited_by: list[CitingAct]


Q_WORK = """SELECT ?p ?o ?label WHERE {
  { $this ?p ?o OPTIONAL { ?o dcterms:title ?label } }
  UNION { ?o owl:sameAs $this . BIND(owl:sameAs AS ?p) OPTIONAL { ?o dcterms:title ?label } } }"""
Q_CITING = """SELECT DISTINCT ?c ?doc ?title ?num ?date ?written ?char ?applies WHERE {
  { ?c cito:hasCitedEntity $this } UNION { ?alias owl:sameAs $this . ?c cito:hasCitedEntity ?alias }
  UNION { $this owl:sameAs ?alias . ?c cito:hasCitedEntity ?alias }
  ?c cito:hasCitingEntity ?doc ; cito:hasCitedEntity ?work .
  OPTIONAL { ?c pko:asWritten ?written } OPTIONAL { ?c cito:hasCitationCharacterization ?char }
  OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc eli:id_local ?num } OPTIONAL { ?doc eli:date_document ?date }
  BIND(EXISTS { ?doc eli:applies ?work } AS ?applies) }"""


def work(store: Store, iri: str) -> WorkPage:
    """The cited-document page: every wording, number, number conflicts and who cites it."""
    titles, wordings, numbers = Labels(), [], []
    conflicts, same_as = [], []
    labels = Labels()
    for r in select(store, Q_WORK, this=iri):
        p, o = str(r["p"]), r["o"]
        labels.add(o, r["label"])
        if p == str(DCTERMS.title):
            titles.add(URIRef(iri), o)
        elif p == str(SKOS.altLabel) and str(o) not in wordings:
            wordings.append(str(o))
        elif p == str(ELI.id_local) and str(o) not in numbers:
            numbers.append(str(o))
        elif p == str(PKO.numberConflictWith) and o not in conflicts:
            conflicts.append(o)
        elif p == str(OWL.sameAs) and o not in same_as:
            same_as.append(o)
    title = titles.get(iri, wordings[0] if wordings else (numbers[0] if numbers else iri))
    doc_labels = Labels()
    rows = select(store, Q_CITING, this=iri)
    spans = positions(store, list(dict.fromkeys(str(r["c"]) for r in rows)))
    rows.sort(key=lambda r: (str(r["doc"]), span_start(spans.get(str(r["c"]), ""))))
    for r in rows:
        doc_labels.add(r["doc"], r["title"])
    acts: dict[str, CitingAct] = {}
    for r in rows:
        if str(r["c"]) in acts:
            continue
        char = str(r["char"] or "")
        kind = ("basis" if char.endswith("citesAsAuthority")
                else "implements" if r["applies"] is not None and r["applies"].toPython() is True else "cites")
        anchor = spans.get(str(r["c"]), "")
        acts[str(r["c"])] = CitingAct(_docref(doc_labels, r["doc"], r["num"], r["date"]), text(r["written"]) or "",
                                      kind, str(r["c"]), anchor)
    return WorkPage(iri=iri, kind="work", title=title, wordings=sorted(wordings), numbers=numbers,
                    conflicts=[labels.link(o) for o in conflicts], same_as=[labels.link(o) for o in same_as],
                    cited_by=list(acts.values()))


@dataclass
class MeasurePage:
    """Everything the measure page shows."""

    iri: str
    kind: str
    number: str
    text: str
    status: str | None
    document: DocumentRef
    section: Link | None
    responsibilities: list[Responsibility]
    targets: list[Target]
    sources: list[InContext]


Q_MEASURE = """SELECT ?number ?desc ?status ?doc ?title ?num ?date ?sec ?secNumber ?secTitle WHERE {
  $this eli:is_part_of ?doc . ?doc pko:text ?anyText .
  OPTIONAL { $this eli:number ?number } OPTIONAL { $this dcterms:description ?desc }
  OPTIONAL { $this pko:status ?status } OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc eli:id_local ?num }
  OPTIONAL { ?doc eli:date_document ?date }
  OPTIONAL { $this pko:inSection ?sec OPTIONAL { ?sec eli:number ?secNumber }
             OPTIONAL { ?sec dcterms:title ?secTitle } }
} LIMIT 1"""


def _section_link(sec: object, num: object, title: object) -> Link | None:
    if sec is None:
        return None
    label = " ".join(x for x in (text(num), text(title)) if x) or str(sec)  # type: ignore[arg-type]
    return Link(str(sec), label)


def measure(store: Store, iri: str) -> MeasurePage:
    """The measure page: text, document, section, responsibilities, targets and the span in context."""
    rows = select(store, Q_MEASURE, this=iri)
    r = rows[0] if rows else {}
    labels = Labels()
    labels.add(r.get("doc"), r.get("title"))
    doc = str(r.get("doc") or "")
    return MeasurePage(
        iri=iri, kind="measure", number=text(r.get("number")) or "", text=text(r.get("desc")) or "",
        status=text(r.get("status")), document=_docref(labels, doc, r.get("num"), r.get("date")),
        section=_section_link(r.get("sec"), r.get("secNumber"), r.get("secTitle")),
        responsibilities=responsibilities(store, "VALUES ?m { $this }", doc, this=iri).get(iri, []),
        targets=targets(store, "$this pko:hasTarget ?t . BIND($this AS ?m)", doc, this=iri),
        sources=spans_in_context(store, iri))


@dataclass
class TargetPage:
    """Everything the target page shows."""

    iri: str
    kind: str
    target: Target | None
    measure: Link | None
    document: DocumentRef | None
    sources: list[InContext]


Q_OWNER = """SELECT ?m ?mnumber ?doc ?title ?num ?date WHERE {
  OPTIONAL { ?m pko:hasTarget $this ; a pko:Measure OPTIONAL { ?m eli:number ?mnumber } }
  OPTIONAL { ?doc pko:text ?anyText . { ?doc pko:hasTarget $this } UNION { ?m eli:is_part_of ?doc } }
  OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc eli:id_local ?num } OPTIONAL { ?doc eli:date_document ?date }
} LIMIT 1"""


def target(store: Store, iri: str) -> TargetPage:
    """The target page: value, unit, comparator, deadline, indicator, its measure and document, its span."""
    rows = select(store, Q_OWNER, this=iri)
    r = rows[0] if rows else {}
    labels = Labels()
    labels.add(r.get("doc"), r.get("title"))
    doc = str(r.get("doc") or "")
    found = targets(store, "VALUES ?t { $this } OPTIONAL { ?m pko:hasTarget ?t ; a pko:Measure }", doc, this=iri)
    measure_link = Link(str(r["m"]), text(r.get("mnumber")) or str(r["m"])) if r.get("m") is not None else None
    return TargetPage(iri=iri, kind="target", target=found[0] if found else None, measure=measure_link,
                      document=_docref(labels, doc, r.get("num"), r.get("date")) if doc else None,
                      sources=spans_in_context(store, iri))


@dataclass
class ReplyRef:
    """A reply to a proposal: the document and who replied."""

    document: DocumentRef
    replied_by: list[Link]


@dataclass
class ProposalPage:
    """Everything the proposal page shows."""

    iri: str
    kind: str
    title: str | None
    body: str | None
    session: str | None
    number: str | None
    proposal_kind: str | None
    replies: list[ReplyRef]
    sources: list[InContext]


Q_PROPOSAL = """SELECT ?p ?o WHERE { $this ?p ?o }"""
Q_REPLIES = """SELECT ?doc ?title ?num ?date ?agency ?label WHERE { ?doc cito:repliesTo $this .
  OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc eli:id_local ?num } OPTIONAL { ?doc eli:date_document ?date }
  OPTIONAL { ?doc eli:passed_by ?agency OPTIONAL { ?agency skos:prefLabel ?label } } }"""


def proposal(store: Store, iri: str) -> ProposalPage:
    """The proposal page: body, session, number, kind, title, and the replies that answer it."""
    values: dict[str, str] = {}
    for r in select(store, Q_PROPOSAL, this=iri):
        values.setdefault(str(r["p"]), str(r["o"]))
    rows = select(store, Q_REPLIES, this=iri)
    labels = Labels()
    for r in rows:
        labels.add(r["doc"], r["title"])
        labels.add(r["agency"], r["label"])
    replies: dict[str, ReplyRef] = {}
    for r in rows:
        reply = replies.setdefault(str(r["doc"]), ReplyRef(_docref(labels, r["doc"], r["num"], r["date"]), []))
        if r["agency"] is not None and all(a.iri != str(r["agency"]) for a in reply.replied_by):
            reply.replied_by.append(labels.link(r["agency"]))
    return ProposalPage(iri=iri, kind="proposal", title=values.get(str(DCTERMS.title)),
                        body=values.get(str(PKO.proposalBody)), session=values.get(str(PKO.session)),
                        number=values.get(str(PKO.proposalNumber)), proposal_kind=values.get(str(PKO.proposalKind)),
                        replies=list(replies.values()), sources=spans_in_context(store, iri))


@dataclass
class SectionPage:
    """Everything the section page shows."""

    iri: str
    kind: str
    number: str
    title: str
    document: DocumentRef | None
    parent: Link | None
    subsections: list[Link]
    measures: list[MeasureRef]
    sources: list[InContext]


Q_SECTION = """SELECT ?number ?title ?doc ?dtitle ?num ?date ?parent ?pnumber ?ptitle WHERE {
  OPTIONAL { $this eli:number ?number } OPTIONAL { $this dcterms:title ?title }
  OPTIONAL { $this eli:is_part_of ?doc . ?doc pko:text ?anyText OPTIONAL { ?doc dcterms:title ?dtitle }
             OPTIONAL { ?doc eli:id_local ?num } OPTIONAL { ?doc eli:date_document ?date } }
  OPTIONAL { $this eli:is_part_of ?parent . ?parent a pko:Section
             OPTIONAL { ?parent eli:number ?pnumber } OPTIONAL { ?parent dcterms:title ?ptitle } } } LIMIT 1"""
Q_SECTION_PARTS = """SELECT ?part ?kind ?number ?title WHERE {
  { ?part pko:inSection $this . BIND("measure" AS ?kind) OPTIONAL { ?part dcterms:description ?title } }
  UNION { ?part eli:is_part_of $this ; a pko:Section . BIND("section" AS ?kind)
          OPTIONAL { ?part dcterms:title ?title } }
  OPTIONAL { ?part eli:number ?number } }"""


def section(store: Store, iri: str) -> SectionPage:
    """The section page: number, title, document, parent, subsections and measures."""
    rows = select(store, Q_SECTION, this=iri)
    r = rows[0] if rows else {}
    labels = Labels()
    labels.add(r.get("doc"), r.get("dtitle"))
    subsections, measures = [], []
    parts = select(store, Q_SECTION_PARTS, this=iri)
    spans = positions(store, [str(p["part"]) for p in parts if p["kind"] is not None and str(p["kind"]) == "measure"])
    for p in parts:
        num = text(p["number"]) or ""
        if p["kind"] is not None and str(p["kind"]) == "section":
            subsections.append((number_key(num), _section_link(p["part"], p["number"], p["title"])))
        else:
            anchor = spans.get(str(p["part"]), "")
            measures.append(MeasureRef(Link(str(p["part"]), num), num, anchor, short_text(text(p["title"]) or "")))
    doc = r.get("doc")
    return SectionPage(
        iri=iri, kind="section", number=text(r.get("number")) or "", title=text(r.get("title")) or "",
        document=_docref(labels, doc, r.get("num"), r.get("date")) if doc is not None else None,
        parent=_section_link(r.get("parent"), r.get("pnumber"), r.get("ptitle")),
        subsections=[link for _, link in sorted(subsections, key=lambda x: x[0]) if link is not None],
        measures=sorted(measures, key=lambda m: number_key(m.number)), sources=spans_in_context(store, iri))


@dataclass
class Statement:
    """One triple shown on a generic page: predicate, and the object as a link or a literal."""

    predicate: str
    link: Link | None
    value: str | None
    language: str | None = None
    datatype: str | None = None


@dataclass
class GenericPage:
    """Any other IRI of ours: its types, the triples it is the subject of, those pointing at it, its spans."""

    iri: str
    kind: str
    label: str
    types: list[Link]
    outgoing: list[Statement]
    incoming: list[Statement]
    incoming_truncated: bool
    sources: list[InContext]


INCOMING_LIMIT = 200
Q_OUT = """SELECT DISTINCT ?p ?o ?label WHERE { $this ?p ?o
  OPTIONAL { ?o skos:prefLabel|dcterms:title|rdfs:label ?label } } ORDER BY ?p ?o"""
Q_IN = f"""SELECT DISTINCT ?s ?p ?label WHERE {{ ?s ?p $this
  OPTIONAL {{ ?s skos:prefLabel|dcterms:title|rdfs:label ?label }} }} ORDER BY ?p ?s LIMIT {INCOMING_LIMIT * 3}"""


def generic(store: Store, iri: str, types: list[str]) -> GenericPage:
    """A page listing the triples of any IRI of ours (predicate labels, objects as links)."""
    out_rows = select(store, Q_OUT, this=iri)
    in_rows = select(store, Q_IN, this=iri)
    labels = Labels()
    for r in out_rows:
        labels.add(r["o"], r["label"])
    for r in in_rows:
        labels.add(r["s"], r["label"])
    outgoing: list[Statement] = []
    seen: set[tuple[str, str]] = set()
    for r in out_rows:
        key = (str(r["p"]), r["o"].n3())  # type: ignore[union-attr]
        if key in seen:
            continue
        seen.add(key)
        o = r["o"]
        if isinstance(o, Literal):
            outgoing.append(Statement(str(r["p"]), None, str(o), o.language,
                                      str(o.datatype) if o.datatype else None))
        else:
            outgoing.append(Statement(str(r["p"]), labels.link(o), None))
    incoming: list[Statement] = []
    seen = set()
    for r in in_rows:
        key = (str(r["p"]), str(r["s"]))
        if key not in seen:
            seen.add(key)
            incoming.append(Statement(str(r["p"]), labels.link(r["s"]), None))
    own = Labels()
    for prop in (SKOS.prefLabel, DCTERMS.title, RDFS.label, PKO.asWritten, OA.exact):
        for st in outgoing:
            if st.predicate == str(prop) and st.value and not own.found.get(iri):
                own.add(URIRef(iri), Literal(st.value, lang=st.language))
    return GenericPage(iri=iri, kind="generic", label=own.get(iri), types=[Link(t, t) for t in types],
                       outgoing=outgoing, incoming=incoming[:INCOMING_LIMIT],
                       incoming_truncated=len(incoming) > INCOMING_LIMIT, sources=spans_in_context(store, iri))


@dataclass
class GraphPage:
    """A named graph of ours: how many triples it holds, what kinds of node, and the document it comes from."""

    iri: str
    kind: str
    triples: int
    document: Link | None
    classes: list[tuple[Link, int]]


Q_GRAPH_CLASSES = """SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH $this { ?s a ?class } }
  GROUP BY ?class ORDER BY DESC(?n) ?class"""
Q_GRAPH_DOCUMENT = """SELECT ?doc ?title WHERE {
  GRAPH $this { ?doc pko:text ?anyText OPTIONAL { ?doc dcterms:title ?title } } } LIMIT 1"""


def graph(store: Store, iri: str) -> GraphPage:
    """The page of one of our named graphs."""
    classes = [(Link(str(r["class"]), str(r["class"])), int(number(r["n"]) or 0))
               for r in select(store, Q_GRAPH_CLASSES, this=iri)]
    docs = select(store, Q_GRAPH_DOCUMENT, this=iri)
    document = Link(str(docs[0]["doc"]), text(docs[0]["title"]) or str(docs[0]["doc"])) if docs else None
    return GraphPage(iri=iri, kind="graph", triples=store.quad_count(iri), document=document, classes=classes)
