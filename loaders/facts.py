"""Facts: the plain values extractors return (frozen dataclasses with spans into the normalised text)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Span:
    """Half-open code-point range [start, end) of the normalised text."""

    start: int
    end: int

    def of(self, text: str) -> str:
        """The quoted text of this span."""
        return text[self.start:self.end]


@dataclass(frozen=True)
class AgencyRef:
    """An agency named in the text, as written, with where it was named."""

    label: str
    span: Span


@dataclass(frozen=True)
class Responsibility:
    """One responsible unit of a measure: lead or support, in the order listed."""

    agency: AgencyRef
    role: str  # "lead" | "support"


@dataclass(frozen=True)
class Target:
    """A quantified commitment: value, unit, comparator, deadline and what is counted."""

    value: Decimal
    unit: str
    comparator: str  # ">=" | "=" | "<="
    deadline: datetime.date | None
    deadline_text: str | None
    indicator: str
    span: Span


@dataclass(frozen=True)
class Citation:
    """A cited document: 《title》 with its number when one follows."""

    title: str
    number: str | None
    as_written: str
    span: Span
    relation: str = "cites"  # "cites" | "legal_basis" | "implements"


@dataclass(frozen=True)
class Section:
    """A heading that groups measures (一、… / （一）…)."""

    number: str
    title: str
    span: Span
    parent: str | None = None


@dataclass(frozen=True)
class Measure:
    """A numbered measure (or a reply's forward-looking commitment) with responsibilities and targets."""

    number: str
    text: str
    span: Span
    section: str | None
    responsibilities: tuple[Responsibility, ...] = ()
    targets: tuple[Target, ...] = ()
    status: str = "planned"  # "planned" | "done"


@dataclass(frozen=True)
class Proposal:
    """The people's-congress suggestion or CPPCC proposal a reply answers."""

    body: str  # "人大" | "政协"
    session: str | None
    number: str | None
    kind: str  # "代表建议" | "委员提案"
    title: str | None
    span: Span


@dataclass(frozen=True)
class Metadata:
    """Document-level facts: kind, title, number, date, issuers."""

    kind: str  # "notice" | "opinion" | "plan" | "measures" | "reply"
    title: str
    title_span: Span
    full_title: str | None = None
    number: str | None = None
    number_span: Span | None = None
    date: datetime.date | None = None
    date_span: Span | None = None
    issuers: tuple[AgencyRef, ...] = ()
    addressees: tuple[AgencyRef, ...] = ()


@dataclass(frozen=True)
class DocumentFacts:
    """Everything extracted from one document."""

    text: str
    source_file: str
    jurisdiction: str | None  # the province, or the city/county/district whose bodies issue the document
    metadata: Metadata
    sections: tuple[Section, ...] = ()
    measures: tuple[Measure, ...] = ()
    citations: tuple[Citation, ...] = ()
    mentions: tuple[AgencyRef, ...] = ()
    proposal: Proposal | None = None
    co_handlers: tuple[AgencyRef, ...] = field(default=())
    province: str | None = None
    targets: tuple[Target, ...] = ()  # goals stated outside any measure
    city: str | None = None  # a county's prefecture, as its text names it: 市 bodies in a county's document are its

    @property
    def year(self) -> int | None:
        """The document's year: the names it uses are read as of it."""
        return self.metadata.date.year if self.metadata.date else None
