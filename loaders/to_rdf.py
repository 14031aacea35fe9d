"""Facts to triples: the only module of the loaders that knows RDF. IRIs come from ``ids``.

Also the N-Triples text of a document's triples (``ntriples``): the compact form ingest hands to the store.
"""

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.plugins.parsers.ntriples import W3CNTriplesParser
from rdflib.term import Node

from policykg.loaders import ids
from policykg.loaders.facts import AgencyRef, Citation, DocumentFacts, Measure, Span, Target
from policykg.loaders.registry import Agency
from policykg.loaders.resolve import Resolved, Resolver, citation_key, historical, is_division
from policykg.ontology import namespace as ns

Triple = tuple[Node, Node, Node]


class _Terms:
    """A namespace whose terms are looked up once (unknown terms of a closed one still fail) and then kept."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


# Resolving rdflib namespace attributes costs a microsecond or two each time; the writer uses ~1,000 a document.
CITO, DCTERMS, ELI, OA, ORG, OWL, PKO, PROV, RDF, SCHEMA, SKOS = (
    _Terms(n) for n in (ns.CITO, ns.DCTERMS, ns.ELI, ns.OA, ns.ORG, ns.OWL, ns.PKO, ns.PROV, ns.RDF, ns.SCHEMA,
                        ns.SKOS))
XSD_DATE, XSD_DECIMAL, XSD_STRING = ns.XSD.date, ns.XSD.decimal, ns.XSD.string
_KIND_CLASS = {"notice": PKO.Notice, "opinion": PKO.Opinion, "plan": PKO.Plan}
_RELATION = {"cites": CITO.cites, "legal_basis": CITO.citesAsAuthority, "implements": CITO.cites}


def zh(text: str) -> Literal:
    """A Chinese-language literal."""
    return Literal(text, lang="zh", normalize=False)  # a string literal's normal form is itself: skip that step


def plain(text: str) -> Literal:
    """A plain string literal."""
    return Literal(text, normalize=False)


@lru_cache(maxsize=65536)
def integer(value: int) -> Literal:
    """An xsd:integer literal (offsets and ranks repeat across documents, so they are kept)."""
    return Literal(value)


class _Writer:
    """Collects the triples of one document graph."""

    def __init__(self, facts: DocumentFacts, key: str, resolver: Resolver) -> None:
        self.facts = facts
        self.key = key
        self.resolver = resolver
        self.doc = ids.document(key)
        self.triples: list[Triple] = []
        self._spans: set[URIRef] = set()
        self._agents: dict[URIRef, Resolved] = {}

    def add(self, s: Node, p: Node, o: Node) -> None:
        """Add one triple."""
        self.triples.append((s, p, o))

    def span(self, span: Span) -> URIRef:
        """IRI of a span, writing its selectors the first time."""
        iri = ids.span(self.key, span.start, span.end)
        if iri not in self._spans:
            self._spans.add(iri)
            pos = ids.selector(self.key, span.start, span.end, "position")
            quote = ids.selector(self.key, span.start, span.end, "quote")
            self.add(iri, RDF.type, OA.SpecificResource)
            self.add(iri, OA.hasSource, self.doc)
            self.add(iri, OA.hasSelector, pos)
            self.add(iri, OA.hasSelector, quote)
            self.add(pos, RDF.type, OA.TextPositionSelector)
            self.add(pos, OA.start, integer(span.start))
            self.add(pos, OA.end, integer(span.end))
            self.add(quote, RDF.type, OA.TextQuoteSelector)
            self.add(quote, OA.exact, plain(span.of(self.facts.text)))
        return iri

    def agent(self, ref: AgencyRef) -> URIRef:
        """IRI of the agency a reference names (resolved against the registry), labelling what needs it."""
        r = self.resolver.resolve_in(ref.label, self.facts, historical(self.facts.text, ref.span.start))
        if r.kind == "registry":
            iri = ids.agency(r.key)
            if r.written != r.label:
                self.add(iri, SKOS.altLabel, zh(r.written))
        elif r.kind == "local":
            iri = ids.local_agency(r.label)
            self.add(iri, RDF.type, ORG.Organization)
            self.add(iri, SKOS.prefLabel, zh(r.label))
            if r.written != r.label:
                self.add(iri, SKOS.altLabel, zh(r.written))
            if r.level:
                self.add(iri, PKO.adminLevel, plain(r.level))
        elif r.kind == "collective":
            iri = ids.collective(r.label)
            self.add(iri, RDF.type, PKO.CollectiveAgent)
            self.add(iri, RDF.type, PROV.Agent)
            self.add(iri, SKOS.prefLabel, zh(r.label))
        else:
            unit = self.division(r.label)
            if unit is not None:
                return unit
            iri = ids.unresolved_agency(r.label, r.jurisdiction)
            self.add(iri, RDF.type, ORG.Organization)
            self.add(iri, RDF.type, PKO.UnresolvedAgency)
            self.add(iri, SKOS.prefLabel, zh(r.label))
        self._agents[iri] = r
        return iri

    def division(self, written: str) -> URIRef | None:
        """An internal division (社会救助处) named in a document its one department issued, as a unit of that
        department (org:unitOf); None for any other name or issuer."""
        issuers = self.facts.metadata.issuers
        if not is_division(written) or len(issuers) != 1:
            return None
        parent = self.resolver.resolve_in(issuers[0].label, self.facts)
        if parent.kind not in ("registry", "local") or parent.label.endswith(("人民政府", "委员会")):
            return None
        name = parent.label + written
        iri = ids.local_agency(name)
        self.add(iri, RDF.type, ORG.Organization)
        self.add(iri, RDF.type, ORG.OrganizationalUnit)
        self.add(iri, SKOS.prefLabel, zh(name))
        self.add(iri, SKOS.altLabel, zh(written))
        self.add(iri, ORG.unitOf, self.agent(issuers[0]))
        self._agents[iri] = Resolved("local", name, name, written, self.facts.jurisdiction)
        return iri

    def document(self) -> None:
        """Document node and metadata."""
        f, m, doc = self.facts, self.facts.metadata, self.doc
        self.add(doc, RDF.type, ELI.LegalResource)
        if m.kind == "reply":
            self.add(doc, RDF.type, PKO.Reply)
        else:
            self.add(doc, RDF.type, PKO.PolicyDocument)
            if m.kind in _KIND_CLASS:
                self.add(doc, RDF.type, _KIND_CLASS[m.kind])
        if m.full_title and m.full_title.endswith("通知"):
            self.add(doc, RDF.type, PKO.Notice)
        self.add(doc, DCTERMS.title, zh(m.title))
        if m.title_span.end > m.title_span.start:
            self.add(doc, PKO.titleSpan, self.span(m.title_span))
        if m.full_title:
            self.add(doc, DCTERMS.alternative, zh(m.full_title))
        if m.number:
            self.add(doc, ELI.id_local, plain(m.number))
            if m.number_span:
                self.add(doc, PKO.numberSpan, self.span(m.number_span))
        if m.date:
            self.add(doc, ELI.date_document, Literal(m.date, datatype=XSD_DATE))
            if m.date_span:
                self.add(doc, PKO.dateSpan, self.span(m.date_span))
        for rank, issuer in enumerate(self.issuers_in_text_order(), 1):
            self.add(doc, ELI.passed_by, issuer)
            node = ids.issuance(self.key, rank)
            self.add(doc, PKO.hasIssuance, node)
            self.add(node, RDF.type, PKO.Issuance)
            self.add(node, PKO.agent, issuer)
            self.add(node, PKO.rank, Literal(rank))
        for addressee in m.addressees:
            self.add(doc, PKO.addressee, self.agent(addressee))
        if f.jurisdiction:
            self.add(doc, PKO.jurisdiction, plain(f.jurisdiction))
        self.add(doc, PKO.sourceFile, plain(f.source_file))
        self.add(doc, PKO.text, plain(f.text))

    def issuers_in_text_order(self) -> list[URIRef]:
        """The document's issuers, each once, in the order the text first names them (any mention counts)."""
        first: dict[URIRef, int] = {}
        for ref in (*self.facts.mentions, *self.facts.metadata.issuers):
            agent = self.agent(ref)
            first[agent] = min(first.get(agent, ref.span.start), ref.span.start)
        issuers = {self.agent(issuer) for issuer in self.facts.metadata.issuers}
        return sorted(issuers, key=lambda a: (first[a], str(a)))

    def subdivision(self, iri: URIRef, kind: URIRef, number: str, span: Span) -> None:
        """The triples every section and measure has: its class, document, number and source span."""
        self.add(iri, RDF.type, kind)
        self.add(iri, RDF.type, ELI.LegalResourceSubdivision)
        self.add(iri, ELI.is_part_of, self.doc)
        self.add(iri, ELI.number, plain(number))
        self.add(iri, PROV.wasDerivedFrom, self.span(span))

    def structure(self) -> None:
        """Sections and measures."""
        for s in self.facts.sections:
            iri = ids.section(self.key, s.number)
            self.subdivision(iri, PKO.Section, s.number, s.span)
            self.add(iri, DCTERMS.title, zh(s.title))
            if s.parent:
                self.add(iri, ELI.is_part_of, ids.section(self.key, s.parent))
        for m in self.facts.measures:
            self.measure(m)
        for t in self.facts.targets:
            self.add(self.doc, PKO.hasTarget, self.target(t))

    def measure(self, m: Measure) -> None:
        """One measure with its ordered responsibilities and targets."""
        iri = ids.measure(self.key, m.number)
        self.subdivision(iri, PKO.Measure, m.number, m.span)
        self.add(iri, DCTERMS.description, zh(m.text))
        self.add(iri, PKO.status, plain(m.status))
        if m.section:
            self.add(iri, PKO.inSection, ids.section(self.key, m.section))
        for rank, r in enumerate(m.responsibilities, start=1):
            agent = self.agent(r.agency)
            node = ids.responsibility(self.key, m.number, rank)
            lead = r.role == "lead"
            self.add(iri, ELI.responsibility_of_agent, agent)
            self.add(iri, PKO.leadAgency if lead else PKO.supportAgency, agent)
            self.add(iri, PKO.hasResponsibility, node)
            self.add(node, RDF.type, PKO.Responsibility)
            self.add(node, PKO.agent, agent)
            self.add(node, PKO.role, PKO.LeadRole if lead else PKO.SupportRole)
            self.add(node, PKO.rank, integer(rank))
            self.add(node, PKO.asWritten, plain(r.agency.label))
            self.add(node, PROV.wasDerivedFrom, self.span(r.agency.span))
        for t in m.targets:
            self.add(iri, PKO.hasTarget, self.target(t))

    def target(self, t: Target) -> URIRef:
        """One target node."""
        iri = ids.target(self.key, t.span.start, t.span.end)
        self.add(iri, RDF.type, PKO.Target)
        self.add(iri, SCHEMA.value, Literal(Decimal(t.value), datatype=XSD_DECIMAL))
        self.add(iri, SCHEMA.unitText, plain(t.unit))
        self.add(iri, PKO.comparator, plain(t.comparator))
        if t.deadline:
            self.add(iri, PKO.deadline, Literal(t.deadline, datatype=XSD_DATE))
        if t.deadline_text:
            self.add(iri, PKO.deadlineText, plain(t.deadline_text))
        self.add(iri, PKO.indicator, zh(t.indicator))
        self.add(iri, PROV.wasDerivedFrom, self.span(t.span))
        return iri

    def citation(self, c: Citation, work: URIRef) -> None:
        """A cited document (titled in the works graph, see works_triples) and the citation act."""
        self.add(self.doc, ELI.cites, work)
        if c.relation == "legal_basis":
            self.add(self.doc, ELI.based_on, work)
        elif c.relation == "implements":
            self.add(self.doc, ELI.applies, work)  # eli:implements is deprecated in favour of eli:applies
        self.add(work, RDF.type, PKO.CitedDocument)
        self.add(work, RDF.type, ELI.LegalResource)
        if c.title:
            self.add(work, SKOS.altLabel, zh(c.title))
        if c.number:
            self.add(work, ELI.id_local, plain(c.number))
        act = ids.citation(self.key, c.span.start)
        self.add(act, RDF.type, CITO.Citation)
        self.add(act, CITO.hasCitingEntity, self.doc)
        self.add(act, CITO.hasCitedEntity, work)
        self.add(act, CITO.hasCitationCharacterization, _RELATION[c.relation])
        self.add(act, PKO.asWritten, plain(c.as_written))
        self.add(act, PROV.wasDerivedFrom, self.span(c.span))

    def reply(self) -> None:
        """The proposal answered and the co-handling departments."""
        p = self.facts.proposal
        if p:
            iri = ids.proposal(p.body, p.session, p.number, p.title)
            self.add(self.doc, CITO.repliesTo, iri)
            self.add(iri, RDF.type, PKO.Proposal)
            if p.title:
                self.add(iri, DCTERMS.title, zh(p.title))
            if p.number:
                self.add(iri, PKO.proposalNumber, plain(p.number))
            if p.session:
                self.add(iri, PKO.session, plain(p.session))
            self.add(iri, PKO.proposalKind, plain(p.kind))
            self.add(iri, PKO.proposalBody, plain(p.body))
            self.add(iri, PROV.wasDerivedFrom, self.span(p.span))
        for ref in self.facts.co_handlers:
            self.add(self.doc, PKO.coHandledBy, self.agent(ref))

    def mentions(self) -> None:
        """Every agency named in the text, with the span of each mention."""
        for ref in self.facts.mentions:
            agent = self.agent(ref)
            self.add(self.doc, PKO.mentions, agent)
            node = ids.mention(self.key, ref.span.start)
            self.add(node, RDF.type, PKO.AgencyMention)
            self.add(node, PKO.agent, agent)
            self.add(node, PKO.asWritten, plain(ref.label))
            self.add(node, PROV.wasDerivedFrom, self.span(ref.span))


def document_triples(facts: DocumentFacts, key: str, resolver: Resolver) -> list[Triple]:
    """All triples of one document's named graph, without duplicates, in a stable order."""
    w = _Writer(facts, key, resolver)
    w.document()
    w.structure()
    for c, work in zip(facts.citations, cited_works(facts.citations), strict=True):
        w.citation(c, work)
    w.reply()
    w.mentions()
    return list(dict.fromkeys(w.triples))


def cited_works(citations: tuple[Citation, ...]) -> list[URIRef]:
    """The cited-document node of each citation: by title identity; a citation by number alone joins the
    titled citation of the same document that carries that number."""
    by_number: dict[str, set[str]] = {}
    for c in citations:
        if c.title and c.number:
            by_number.setdefault(c.number, set()).add(citation_key(c.title))
    out = []
    for c in citations:
        if c.title:
            out.append(ids.work(citation_key(c.title)))
        elif c.number and len(by_number.get(c.number, ())) == 1:
            out.append(ids.work(next(iter(by_number[c.number]))))
        else:
            out.append(ids.work_by_number(c.number or c.as_written))
    return out


def works_triples(works: dict[URIRef, tuple[set[str], set[str]]]) -> Iterator[Triple]:
    """The works graph: each cited document's title (its fullest wording), its number, and number conflicts
    (two different documents cited under the same number). ``works``: node → (wordings, numbers)."""
    titled: dict[str, list[URIRef]] = {}
    for work, (wordings, nums) in sorted(works.items()):
        if wordings:
            yield work, DCTERMS.title, zh(max(sorted(wordings), key=len))
            for n in sorted(nums):
                titled.setdefault(n, []).append(work)
        elif nums:
            yield work, DCTERMS.title, zh(min(nums))  # cited by number alone: the number is all we know
    for work, (wordings, nums) in sorted(works.items()):
        if not wordings:
            for n in sorted(nums):
                if len(titled.get(n, [])) == 1:
                    yield work, OWL.sameAs, titled[n][0]  # a citation by number alone joins the titled node
    for nodes in titled.values():
        for a in nodes:
            for b in nodes:
                if a != b:
                    yield a, PKO.numberConflictWith, b


def registry_triples(agencies: tuple[Agency, ...]) -> Iterator[Triple]:
    """Triples of the registry graph: every registry agency with its names, level and successor."""
    for a in agencies:
        iri = ids.agency(a.id)
        yield iri, RDF.type, ORG.Organization
        yield iri, SKOS.prefLabel, zh(a.name)
        if a.name_en:
            yield iri, SKOS.prefLabel, Literal(a.name_en, lang="en")
        for alias in a.aliases:
            yield iri, SKOS.altLabel, zh(alias)
        yield iri, PKO.adminLevel, plain(a.level)
        if a.jurisdiction:
            yield iri, PKO.jurisdiction, plain(a.jurisdiction)
        if a.succeeded_by:
            yield iri, PKO.succeededBy, ids.agency(a.succeeded_by)


_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t",
            ord("\b"): "\\b", ord("\f"): "\\f"}
_ESCAPES.update({c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F] if c not in _ESCAPES})
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f\x7f"\\]')
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_BNODE_LABEL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")


def nt_term(term: Node) -> str:
    """The N-Triples text of one rdflib term (ValueError for an IRI N-Triples cannot carry)."""
    if isinstance(term, URIRef):
        return _nt_iri(term)
    if isinstance(term, Literal):
        text = str.__str__(term)
        if _NEEDS_ESCAPE.search(text):
            text = text.translate(_ESCAPES)
        if term.language:
            return f'"{text}"@{term.language}'
        datatype = term.datatype
        if datatype is not None and datatype != XSD_STRING:
            return f'"{text}"^^{_nt_iri(datatype)}'
        return f'"{text}"'
    if isinstance(term, BNode):
        label = str.__str__(term)
        return "_:" + (label if _BNODE_LABEL.fullmatch(label) else "b" + ids.digest(label, length=32))
    raise ValueError(f"not an RDF term: {term!r}")


def _nt_iri(iri: str) -> str:
    """``<iri>`` (ValueError if the IRI has a character N-Triples forbids in one)."""
    if _BAD_IRI.search(iri):
        raise ValueError(f"invalid IRI {str(iri)!r}: it has a space or one of <>\"{{}}|^`\\")
    return f"<{iri}>"


def ntriples(triples: Iterable[Triple]) -> "NTriples":
    """The triples as N-Triples text (UTF-8), one line each, in their order."""
    iris: dict[Node, str] = {}  # IRIs recur (a span is the subject of five triples, predicates of thousands)
    lines = []
    for s, p, o in triples:
        s_text = iris.get(s) if type(s) is URIRef else None
        if s_text is None:
            s_text = nt_term(s)
            if type(s) is URIRef:
                iris[s] = s_text
        p_text = iris.get(p)
        if p_text is None:
            p_text = iris[p] = nt_term(p)
        if type(o) is URIRef:
            o_text = iris.get(o)
            if o_text is None:
                o_text = iris[o] = nt_term(o)
        else:
            o_text = nt_term(o)
        lines.append(f"{s_text} {p_text} {o_text} .\n")
    return NTriples("".join(lines).encode("utf-8"), len(lines))


@dataclass(frozen=True)
class NTriples:
    """One graph's triples as N-Triples text: compact to pass between processes, and what a store loads fastest.

    Iterating gives the rdflib triples back (parsed), so it can go wherever an iterable of triples is taken.
    """

    data: bytes
    count: int

    def __len__(self) -> int:
        """Number of triples."""
        return self.count

    def __iter__(self) -> Iterator[Triple]:
        """The triples, parsed from the text, in order."""
        sink = _Collect()
        W3CNTriplesParser(sink).parse(io.BytesIO(self.data))  # type: ignore[arg-type]  # the sink only needs .triple()
        return iter(sink.triples)


class _Collect:
    """An N-Triples parser sink keeping the triples in order."""

    def __init__(self) -> None:
        self.triples: list[Triple] = []

    def triple(self, s: Node, p: Node, o: Node) -> None:
        """Keep one parsed triple."""
        self.triples.append((s, p, o))
