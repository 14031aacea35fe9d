"""The plain value of a document page, built with one SPARQL query per kind of fact (not one per measure)."""

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib.term import Node

from policykg.kg.store import Store
from policykg.ontology.namespace import CITO, DCTERMS, ELI, PKO, RDF
from policykg.web.entity_lookup import Labels, number, select, text
from policykg.web.highlight import Mark
from policykg.web.twins import Link

# Kinds of fact, in the order a mark prefers when one span carries several (the most specific first).
FACT_ORDER = ("target", "citation", "agency", "meta", "proposal", "section", "measure", "mention")
LEAD, SUPPORT = str(PKO.LeadRole), str(PKO.SupportRole)
COLLECTIVE, UNRESOLVED = str(PKO.CollectiveAgent), str(PKO.UnresolvedAgency)


@dataclass
class Agent:
    """A responsible, issuing, addressed or mentioned unit: link, and registry/local/unresolved/collective."""

    link: Link
    status: str = "resolved"


@dataclass
class Responsibility:
    """One responsible unit of a measure, in the document's order (rank 1 is the lead)."""

    iri: str
    rank: int
    role: str  # "lead" | "support"
    agent: Agent
    as_written: str
    span: str | None
    fact: str


@dataclass
class Target:
    """A quantified target."""

    iri: str
    value: int | float | None
    unit: str | None
    comparator: str | None
    deadline: str | None
    deadline_text: str | None
    indicator: str | None
    span: str | None
    fact: str
    measure: str | None = None


@dataclass
class Measure:
    """A measure with its responsibilities and targets."""

    iri: str
    number: str
    text: str
    status: str | None
    section: str | None
    span: str | None
    fact: str
    responsibilities: list[Responsibility] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)


@dataclass
class Section:
    """A numbered section and the measures under it."""

    iri: str
    number: str
    title: str
    parent: str | None
    span: str | None
    fact: str
    depth: int = 0
    measures: list[Measure] = field(default_factory=list)


@dataclass
class Citation:
    """A citation act: the wording in the text, how it cites, and the cited document."""

    iri: str
    as_written: str
    characterization: str  # "basis" (根据) | "implements" (贯彻落实) | "cites"
    work: Link
    number: str | None
    span: str | None
    fact: str


@dataclass
class Mention:
    """Where a text names an agency."""

    iri: str
    as_written: str
    span: str | None
    fact: str


@dataclass
class Mentioned:
    """An agency named in the text and each place it is named."""

    agent: Agent
    mentions: list[Mention]


@dataclass
class Proposal:
    """The suggestion or proposal a reply answers."""

    link: Link
    body: str | None
    session: str | None
    number: str | None
    kind: str | None
    title: str | None
    span: str | None
    fact: str = "fact-proposal"


@dataclass
class SpanInfo:
    """A span of the text: offsets, the kind that colours it, and the facts (anchor ids) it supports."""

    id: str
    start: int
    end: int
    kind: str
    facts: list[str]


@dataclass
class Document:
    """Everything the document page shows."""

    iri: str
    kind: str
    classes: list[str]
    is_reply: bool
    title: str
    alternative: str | None
    number: str | None
    date: str | None
    jurisdiction: str | None
    source_file: str | None
    title_span: str | None
    number_span: str | None
    date_span: str | None
    issuers: list[Agent]
    addressees: list[Agent]
    co_handlers: list[Agent]
    proposal: Proposal | None
    sections: list[Section]
    unsectioned: list[Measure]
    document_targets: list[Target]
    citations: list[Citation]
    mentioned: list[Mentioned]
    measure_count: int
    text: str
    spans: list[SpanInfo]


def fact_id(doc: str, iri: str) -> str:
    """Anchor id of a fact on its document page: ``…/measure/1/resp/2`` → ``fact-measure-1-resp-2``."""
    return "fact-" + iri[len(doc):].strip("/").replace("/", "-")


def anchor_offsets(anchor: str | None) -> tuple[int, int]:
    """Offsets of a span anchor id (``span-12-30`` → (12, 30)); (-1, -1) when there is none."""
    if not anchor:
        return (-1, -1)
    start, end = anchor.removeprefix("span-").split("-")
    return (int(start), int(end))


def number_key(value: str) -> tuple:
    """Sort key for dotted numbers ("2", "2.10", "10")."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in value.split("."))


def agent_status(types: set[str], iri: str) -> str:
    """How an agent was resolved: collective, unresolved, local (city/county) or resolved (registry)."""
    if COLLECTIVE in types:
        return "collective"
    if UNRESOLVED in types:
        return "unresolved"
    return "local" if "/agency/local/" in iri else "resolved"


Q_DOCUMENT = """SELECT ?p ?o ?label ?otype WHERE { $doc ?p ?o .
  OPTIONAL { ?o skos:prefLabel|dcterms:title ?label }
  OPTIONAL { ?o a ?otype FILTER(?otype IN (pko:CollectiveAgent, pko:UnresolvedAgency)) } }"""
Q_PROPOSAL = """SELECT ?proposal ?p ?o WHERE { $doc cito:repliesTo ?proposal . ?proposal ?p ?o }"""
Q_SPANS = """SELECT ?span ?start ?end WHERE { ?span oa:hasSource $doc ; oa:hasSelector ?pos .
  ?pos oa:start ?start ; oa:end ?end }"""
Q_SECTIONS = """SELECT ?sec ?number ?title ?parent ?span WHERE { ?sec a pko:Section ; eli:is_part_of $doc .
  OPTIONAL { ?sec eli:number ?number } OPTIONAL { ?sec dcterms:title ?title }
  OPTIONAL { ?sec eli:is_part_of ?parent . ?parent a pko:Section } OPTIONAL { ?sec prov:wasDerivedFrom ?span } }"""
Q_MEASURES = """SELECT ?m ?number ?desc ?status ?sec ?span WHERE { ?m a pko:Measure ; eli:is_part_of $doc .
  OPTIONAL { ?m eli:number ?number } OPTIONAL { ?m dcterms:description ?desc } OPTIONAL { ?m pko:status ?status }
  OPTIONAL { ?m pko:inSection ?sec } OPTIONAL { ?m prov:wasDerivedFrom ?span } }"""
SCOPE_DOCUMENT = "?m a pko:Measure ; eli:is_part_of $doc ."
Q_RESPONSIBILITIES = """SELECT ?m ?r ?rank ?role ?agent ?written ?span ?label ?atype WHERE { {scope}
  ?m pko:hasResponsibility ?r . ?r pko:agent ?agent .
  OPTIONAL { ?r pko:rank ?rank } OPTIONAL { ?r pko:role ?role } OPTIONAL { ?r pko:asWritten ?written }
  OPTIONAL { ?r prov:wasDerivedFrom ?span } OPTIONAL { ?agent skos:prefLabel ?label }
  OPTIONAL { ?agent a ?atype FILTER(?atype IN (pko:CollectiveAgent, pko:UnresolvedAgency)) } }"""
Q_TARGETS = """SELECT ?t ?m ?value ?unit ?comparator ?deadline ?deadlineText ?indicator ?span WHERE { {scope}
  OPTIONAL { ?t schema:value ?value } OPTIONAL { ?t schema:unitText ?unit } OPTIONAL { ?t pko:comparator ?comparator }
  OPTIONAL { ?t pko:deadline ?deadline } OPTIONAL { ?t pko:deadlineText ?deadlineText }
  OPTIONAL { ?t pko:indicator ?indicator } OPTIONAL { ?t prov:wasDerivedFrom ?span } }"""
SCOPE_TARGETS = "{ ?m a pko:Measure ; eli:is_part_of $doc ; pko:hasTarget ?t } UNION { $doc pko:hasTarget ?t }"
Q_CITATIONS = """SELECT ?c ?work ?written ?char ?span ?title ?number ?applies WHERE {
  ?c cito:hasCitingEntity $doc ; cito:hasCitedEntity ?work .
  OPTIONAL { ?c pko:asWritten ?written } OPTIONAL { ?c cito:hasCitationCharacterization ?char }
  OPTIONAL { ?c prov:wasDerivedFrom ?span } OPTIONAL { ?work dcterms:title ?title }
  OPTIONAL { ?work eli:id_local ?number }
  BIND(EXISTS { $doc eli:applies ?work } AS ?applies) }"""
Q_MENTIONS = """SELECT ?mention ?agent ?written ?span ?label ?atype WHERE {
  ?span oa:hasSource $doc . ?mention a pko:AgencyMention ; prov:wasDerivedFrom ?span ; pko:agent ?agent .
  OPTIONAL { ?mention pko:asWritten ?written } OPTIONAL { ?agent skos:prefLabel ?label }
  OPTIONAL { ?agent a ?atype FILTER(?atype IN (pko:CollectiveAgent, pko:UnresolvedAgency)) } }"""


class _Spans:
    """Span IRIs → anchor ids, and the facts each span supports (filled while the facts are read)."""

    def __init__(self, rows: list[dict[str, Node | None]]) -> None:
        self.offsets = {str(r["span"]): (int(number(r["start"]) or 0), int(number(r["end"]) or 0)) for r in rows}
        self.facts: dict[str, list[tuple[str, str]]] = defaultdict(list)

    def use(self, span: Node | None, fact: str, kind: str) -> str | None:
        """Anchor id of a span, recording that ``fact`` (of ``kind``) comes from it."""
        if span is None or str(span) not in self.offsets:
            return None
        start, end = self.offsets[str(span)]
        anchor = f"span-{start}-{end}"
        if (fact, kind) not in self.facts[anchor]:
            self.facts[anchor].append((fact, kind))
        return anchor

    def infos(self) -> list[SpanInfo]:
        """Every span of the text with its colour kind and its facts, most specific fact first."""
        out = []
        for start, end in sorted(set(self.offsets.values())):
            anchor = f"span-{start}-{end}"
            facts = sorted(self.facts.get(anchor, []), key=lambda fk: FACT_ORDER.index(fk[1]))
            kind = facts[0][1] if facts else "other"
            out.append(SpanInfo(anchor, start, end, kind, [f for f, _ in facts]))
        return out


def responsibilities(store: Store, scope: str, base: str, spans: "_Spans | None" = None,
                     **iris: str) -> dict[str, list[Responsibility]]:
    """Responsibilities of the measures matched by ``scope`` (a pattern binding ?m), by measure, in rank order."""
    rows = select(store, Q_RESPONSIBILITIES.replace("{scope}", scope), **iris)
    labels, types = Labels(), defaultdict(set)
    for r in rows:
        labels.add(r["agent"], r["label"])
        if r["atype"] is not None:
            types[str(r["agent"])].add(str(r["atype"]))
    found: dict[str, dict[str, Responsibility]] = defaultdict(dict)
    for r in rows:
        iri = str(r["r"])
        if iri in found[str(r["m"])]:
            continue
        fact = fact_id(base, iri)
        agent = str(r["agent"])
        written = text(r["written"]) or ""
        span = spans.use(r["span"], fact, "agency") if spans else None
        found[str(r["m"])][iri] = Responsibility(
            iri, int(number(r["rank"]) or 0), "lead" if str(r["role"]) == LEAD else "support",
            Agent(labels.link(agent, written), agent_status(types[agent], agent)), written, span, fact)
    return {m: sorted(rs.values(), key=lambda x: (x.rank, x.iri)) for m, rs in found.items()}


def targets(store: Store, scope: str, base: str, spans: "_Spans | None" = None, **iris: str) -> list[Target]:
    """Targets matched by ``scope`` (a pattern binding ?t and optionally the measure ?m), in text order."""
    out: dict[str, Target] = {}
    for r in select(store, Q_TARGETS.replace("{scope}", scope), **iris):
        iri = str(r["t"])
        if iri in out:
            if r["m"] is not None and out[iri].measure is None:
                out[iri].measure = str(r["m"])
            continue
        fact = fact_id(base, iri)
        span = spans.use(r["span"], fact, "target") if spans else None
        deadline = text(r["deadline"])
        out[iri] = Target(iri, number(r["value"]), text(r["unit"]), text(r["comparator"]), deadline,
                          text(r["deadlineText"]), text(r["indicator"]), span, fact, text(r["m"]))
    return sorted(out.values(), key=lambda t: (anchor_offsets(t.span), t.iri))


def document(store: Store, iri: str) -> Document:
    """The value behind a document page: metadata, sections, measures, targets, citations, mentions, text."""
    rows = select(store, Q_DOCUMENT, doc=iri)
    spans = _Spans(select(store, Q_SPANS, doc=iri))
    labels, otypes = Labels(), defaultdict(set)
    values: dict[str, list[Node]] = defaultdict(list)
    for r in rows:
        if r["o"] not in values[str(r["p"])]:
            values[str(r["p"])].append(r["o"])
        labels.add(r["o"], r["label"])
        if r["otype"] is not None:
            otypes[str(r["o"])].add(str(r["otype"]))

    def first(prop: object) -> Node | None:
        found = values.get(str(prop))
        return found[0] if found else None

    def agents(prop: object) -> list[Agent]:
        items = [Agent(labels.link(o), agent_status(otypes[str(o)], str(o))) for o in values.get(str(prop), [])]
        return sorted(items, key=lambda a: (a.status != "resolved", a.link.label))

    classes = sorted(str(o) for o in values.get(str(RDF.type), []))
    is_reply = str(PKO.Reply) in classes
    title_labels = Labels()
    for o in values.get(str(DCTERMS.title), []):
        title_labels.add(iri, o)
    proposal = _proposal(store, iri, spans) if str(CITO.repliesTo) in values else None
    sections, unsectioned, all_targets = _structure(store, iri, spans)
    mentioned = _mentions(store, iri, spans)
    first_seen = {m.agent.link.iri: min(anchor_offsets(x.span) for x in m.mentions) for m in mentioned if m.mentions}

    def in_text_order(items: list[Agent]) -> list[Agent]:
        return sorted(items, key=lambda a: (first_seen.get(a.link.iri, (1 << 30, 0)), a.link.label))

    return Document(
        iri=iri, kind="document", classes=classes, is_reply=is_reply,
        title=title_labels.get(iri, ""), alternative=text(first(DCTERMS.alternative)),
        number=text(first(ELI.id_local)), date=text(first(ELI.date_document)),
        jurisdiction=text(first(PKO.jurisdiction)), source_file=text(first(PKO.sourceFile)),
        title_span=spans.use(first(PKO.titleSpan), "fact-title", "meta"),
        number_span=spans.use(first(PKO.numberSpan), "fact-number", "meta"),
        date_span=spans.use(first(PKO.dateSpan), "fact-date", "meta"),
        issuers=in_text_order(agents(ELI.passed_by)), addressees=agents(PKO.addressee),
        co_handlers=in_text_order(agents(PKO.coHandledBy)),
        proposal=proposal, sections=sections, unsectioned=unsectioned,
        document_targets=[t for t in all_targets if t.measure is None],
        citations=_citations(store, iri, spans), mentioned=mentioned,
        measure_count=sum(len(s.measures) for s in sections) + len(unsectioned),
        text=text(first(PKO.text)) or "", spans=spans.infos(),
    )


def _proposal(store: Store, doc: str, spans: _Spans) -> Proposal | None:
    """The proposal a reply answers."""
    values: dict[str, str] = {}
    span = None
    iri = None
    for r in select(store, Q_PROPOSAL, doc=doc):
        iri = str(r["proposal"])
        if str(r["p"]) == "http://www.w3.org/ns/prov#wasDerivedFrom":
            span = r["o"]
        values.setdefault(str(r["p"]), str(r["o"]))
    if iri is None:
        return None
    title = values.get(str(DCTERMS.title))
    return Proposal(Link(iri, title or iri), values.get(str(PKO.proposalBody)), values.get(str(PKO.session)),
                    values.get(str(PKO.proposalNumber)), values.get(str(PKO.proposalKind)), title,
                    spans.use(span, "fact-proposal", "proposal"))


def _structure(store: Store, doc: str, spans: _Spans) -> tuple[list[Section], list[Measure], list[Target]]:
    """Sections in order with their measures (responsibilities and targets attached), unsectioned measures, and
    every target of the document (those outside a measure have no ``measure``)."""
    sections: dict[str, Section] = {}
    for r in select(store, Q_SECTIONS, doc=doc):
        iri = str(r["sec"])
        if iri not in sections:
            fact = fact_id(doc, iri)
            sections[iri] = Section(iri, text(r["number"]) or "", text(r["title"]) or "", text(r["parent"]),
                                    spans.use(r["span"], fact, "section"), fact)
    measures: dict[str, Measure] = {}
    for r in select(store, Q_MEASURES, doc=doc):
        iri = str(r["m"])
        if iri not in measures:
            fact = fact_id(doc, iri)
            measures[iri] = Measure(iri, text(r["number"]) or "", text(r["desc"]) or "", text(r["status"]),
                                    text(r["sec"]), spans.use(r["span"], fact, "measure"), fact)
    for m, rs in responsibilities(store, SCOPE_DOCUMENT, doc, spans, doc=doc).items():
        if m in measures:
            measures[m].responsibilities = rs
    found = targets(store, SCOPE_TARGETS, doc, spans, doc=doc)
    for t in found:
        if t.measure in measures:
            measures[t.measure].targets.append(t)
    ordered = sorted(measures.values(), key=lambda m: (number_key(m.number), m.iri))
    unsectioned = []
    for m in ordered:
        if m.section in sections:
            sections[m.section].measures.append(m)
        else:
            unsectioned.append(m)
    for s in sections.values():
        depth, parent = 0, s.parent
        while parent in sections and depth < 10:
            depth, parent = depth + 1, sections[parent].parent
        s.depth = depth
    return sorted(sections.values(), key=lambda s: (number_key(s.number), s.iri)), unsectioned, found


def _citations(store: Store, doc: str, spans: _Spans) -> list[Citation]:
    """The citations of a document in text order, with their characterization."""
    out: dict[str, Citation] = {}
    for r in select(store, Q_CITATIONS, doc=doc):
        iri = str(r["c"])
        if iri in out:
            continue
        fact = fact_id(doc, iri)
        char = str(r["char"]) if r["char"] is not None else ""
        if char == str(CITO.citesAsAuthority):
            kind = "basis"
        elif r["applies"] is not None and r["applies"].toPython() is True:
            kind = "implements"
        else:
            kind = "cites"
        written = text(r["written"]) or ""
        out[iri] = Citation(iri, written, kind, Link(str(r["work"]), text(r["title"]) or written),
                            text(r["number"]), spans.use(r["span"], fact, "citation"), fact)
    return sorted(out.values(), key=lambda c: (anchor_offsets(c.span), c.iri))


def _mentions(store: Store, doc: str, spans: _Spans) -> list[Mentioned]:
    """Agencies named in the text, each with its mentions in text order; most mentioned first."""
    labels, types = Labels(), defaultdict(set)
    rows = select(store, Q_MENTIONS, doc=doc)
    for r in rows:
        labels.add(r["agent"], r["label"])
        if r["atype"] is not None:
            types[str(r["agent"])].add(str(r["atype"]))
    by_agent: dict[str, dict[str, Mention]] = defaultdict(dict)
    for r in rows:
        iri = str(r["mention"])
        if iri not in by_agent[str(r["agent"])]:
            fact = fact_id(doc, iri)
            by_agent[str(r["agent"])][iri] = Mention(iri, text(r["written"]) or "",
                                                     spans.use(r["span"], fact, "mention"), fact)
    out = []
    for agent, ms in by_agent.items():
        ordered = sorted(ms.values(), key=lambda m: (anchor_offsets(m.span), m.iri))
        out.append(Mentioned(Agent(labels.link(agent), agent_status(types[agent], agent)), ordered))
    return sorted(out, key=lambda m: (-len(m.mentions), m.agent.link.label))


def marks(doc: Document) -> list[Mark]:
    """The marks of the full text: every span, coloured by its most specific fact."""
    return [Mark(s.id, s.start, s.end, s.kind) for s in doc.spans]
