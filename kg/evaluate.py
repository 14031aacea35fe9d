"""Score the current store against gold annotation files: precision, recall and F1 per extraction field.

Gold files follow the annotation guidelines (one JSON file per source document, keyed by ``"file"``).
The store is read only through ``Store.query`` (SPARQL); nothing here writes to it. Every field counts
true positives, false positives and false negatives per file; the totals are micro-averaged over files.
``lead`` and ``target_attachment`` are accuracies (precision = recall = F1 = correct / judged).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import Literal
from rdflib.term import Node

from policykg.errors import PolicyKGError
from policykg.kg.sparql import PREFIX_HEADER
from policykg.kg.store import SelectResult, Store
from policykg.ontology.namespace import PKO_IRI

FIELDS: tuple[str, ...] = (
    "measures", "responsibility", "lead", "targets", "target_attachment", "citations",
    "agencies", "reply_agencies", "issuers", "metadata",
)
ACCURACY_FIELDS = frozenset({"lead", "target_attachment"})
META_FIELDS: tuple[str, ...] = (
    "title", "doc_number", "date", "kind",
    "responds_to.body", "responds_to.session", "responds_to.number", "responds_to.kind", "responds_to.title",
)
KINDS = {"notice": PKO_IRI + "PolicyDocument", "reply": PKO_IRI + "Reply"}
CONTEXT = "context"
KEY_LENGTH = 12



class GoldError(PolicyKGError):
    """A gold annotation file (or folder) that cannot be read: bad JSON, wrong types, missing keys."""

    status = 400
    kind = "bad-gold"


# --- result values -------------------------------------------------------------------------------------------


@dataclass
class Score:
    """Counts for one field; ``accuracy`` fields report correct/judged as precision, recall and F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    accuracy: bool = False

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing was predicted and nothing missed, 0.0 when nothing predicted."""
        if self.accuracy:
            return self._accuracy()
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when the gold has nothing and the store nothing extra."""
        if self.accuracy:
            return self._accuracy()
        if self.tp + self.fn == 0:
            return 1.0 if self.fp == 0 else 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall (the accuracy for accuracy fields)."""
        if self.accuracy:
            return self._accuracy()
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def empty(self) -> bool:
        """True when the field had nothing to judge."""
        return self.tp + self.fp + self.fn == 0

    def _accuracy(self) -> float:
        """Correct (tp) over judged (tp + fn); 1.0 when nothing was judged."""
        judged = self.tp + self.fn
        return self.tp / judged if judged else 1.0

    def add(self, other: Score) -> None:
        """Add another score's counts to this one."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, Any]:
        """Plain value for JSON."""
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn, "accuracy": self.accuracy}


@dataclass(frozen=True)
class Finding:
    """One miss (gold item the store lacks or gets wrong) or extra (store item the gold lacks)."""

    file: str
    key: str

    def to_dict(self) -> dict[str, str]:
        """Plain value for JSON."""
        return {"file": self.file, "key": self.key}


def _new_scores() -> dict[str, Score]:
    """One empty score per field."""
    return {f: Score(accuracy=f in ACCURACY_FIELDS) for f in FIELDS}


@dataclass
class EvalResult:
    """Scores of the store against a gold folder: per field (micro-averaged), per file, misses and extras."""

    gold_dir: str
    files: list[str] = field(default_factory=list)
    missing_documents: list[str] = field(default_factory=list)
    fields: dict[str, Score] = field(default_factory=_new_scores)
    per_file: dict[str, dict[str, Score]] = field(default_factory=dict)
    misses: dict[str, list[Finding]] = field(default_factory=lambda: {f: [] for f in FIELDS})
    extras: dict[str, list[Finding]] = field(default_factory=lambda: {f: [] for f in FIELDS})
    notes: list[str] = field(default_factory=list)

    @property
    def overall_f1(self) -> float:
        """Unweighted mean of the F1 of the fields that had anything to judge (1.0 if none had)."""
        judged = [s.f1 for s in self.fields.values() if not s.empty]
        return sum(judged) / len(judged) if judged else 1.0

    def to_dict(self) -> dict[str, Any]:
        """Plain value for JSON: everything, with precision/recall/F1 computed."""
        return {
            "gold_dir": self.gold_dir,
            "files": self.files,
            "missing_documents": self.missing_documents,
            "overall_f1": round(self.overall_f1, 4),
            "fields": {f: s.to_dict() for f, s in self.fields.items()},
            "per_file": {name: {f: s.to_dict() for f, s in scores.items()} for name, scores in self.per_file.items()},
            "misses": {f: [x.to_dict() for x in items] for f, items in self.misses.items()},
            "extras": {f: [x.to_dict() for x in items] for f, items in self.extras.items()},
            "notes": self.notes,
        }


# --- normalisation ---------------------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
_TITLE_MAP = str.maketrans({
    "〈": "《", "<": "《", "＜": "《", "〉": "》", ">": "》", "＞": "》",
    "（": "(", "）": ")",
    "“": '"', "”": '"', "＂": '"', "„": '"', "「": '"', "」": '"', "『": '"', "』": '"',
    "‘": '"', "’": '"', "'": '"', "＇": '"',
})
_NUMBER_YEAR = re.compile(r"[\[［(（〔【]((?:19|20)\d\d)[\]］)）〕】]")
_NUMBER_IN_TEXT = re.compile(r"[\u4e00-\u9fff]{1,12}〔(?:19|20)\d\d〕\d{1,4}号")


def nospace(text: str) -> str:
    """The text without any whitespace (ASCII, full-width and line breaks)."""
    return _SPACE.sub("", text.replace("\u3000", " "))


def measure_key(text: str) -> str:
    """Matching key of a measure: its first 12 characters after removing spaces."""
    return nospace(text)[:KEY_LENGTH]


def norm_title(text: str) -> str:
    """A title for comparison: no spaces, one kind of book-title bracket, ASCII parentheses and quotes."""
    t = nospace(text).translate(_TITLE_MAP)
    while t.startswith("《") and t.endswith("》") and _balanced(t[1:-1]):
        t = t[1:-1]
    return t


def norm_number(text: str) -> str:
    """A document number for comparison: no spaces, year in 〔〕."""
    return _NUMBER_YEAR.sub(r"〔\1〕", nospace(text))


def _balanced(text: str) -> bool:
    """True when the 《》 brackets in the text are balanced."""
    depth = 0
    for ch in text:
        depth += (ch == "《") - (ch == "》")
        if depth < 0:
            return False
    return depth == 0


def _bracketed(text: str) -> list[str]:
    """Every 《…》 segment of a normalised title, at any nesting level."""
    found: list[str] = []
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == "《":
            stack.append(i)
        elif ch == "》" and stack:
            found.append(text[stack.pop() + 1:i])
    return found


def wordings(text: str) -> set[str]:
    """Normalised wordings a title or as-written citation stands for: itself, without its number, inner titles."""
    t = norm_title(text)
    out = {t, *_bracketed(t)}
    bare = re.sub(r"\([^()]*\d+号\)$", "", t)
    out.add(norm_title(bare))
    return {w for w in out if w}


def _unit(text: str) -> str:
    """A unit for comparison (NFKC, no spaces)."""
    return nospace(unicodedata.normalize("NFKC", text))


def _decimal(value: Any) -> Decimal | None:
    """A number as Decimal (None when not a number)."""
    try:
        return Decimal(str(value)).normalize()
    except (InvalidOperation, ValueError):
        return None


def _year(lexical: str | None) -> int | None:
    """The year of an xsd:date / gYear lexical form."""
    m = re.match(r"^\s*(\d{4})", lexical or "")
    return int(m.group(1)) if m else None


def _fmt_value(value: Decimal | None) -> str:
    """A Decimal as plain text (80, 0.5)."""
    return "?" if value is None else format(value, "f")


# --- gold files --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldTarget:
    """A gold target: value, unit and deadline year, attached to a gold measure (None for context)."""

    value: Decimal
    unit: str
    year: int | None
    quote: str
    measure: str | None

    @property
    def label(self) -> str:
        """Readable key."""
        return f"{_fmt_value(self.value)} {self.unit} by {self.year or '—'} «{self.quote}»"


@dataclass(frozen=True)
class GoldMeasure:
    """A gold measure (or a context paragraph that only carries targets)."""

    key: str
    text_start: str
    responsible: tuple[str, ...]
    targets: tuple[GoldTarget, ...]

    @property
    def context(self) -> bool:
        """True for a non-measure paragraph kept only for its targets."""
        return self.key == CONTEXT

    @property
    def match_key(self) -> str:
        """The first 12 characters of the text start, without spaces."""
        return measure_key(self.text_start)

    @property
    def label(self) -> str:
        """Readable key."""
        return f"measure {self.key} «{self.match_key}»"


@dataclass(frozen=True)
class GoldCitation:
    """A gold citation: its normalised wordings, number and canonical title."""

    title: str
    wordings: frozenset[str]
    number: str | None
    canonical: str


@dataclass(frozen=True)
class GoldDoc:
    """One gold file, validated."""

    path: Path
    file: str
    kind: str
    meta: dict[str, str | None]
    issuers: frozenset[str]
    co_handlers: frozenset[str]
    agencies: frozenset[str]
    measures: tuple[GoldMeasure, ...]
    citations: tuple[GoldCitation, ...]


class _Checker:
    """Type checks on one gold file's JSON, raising GoldError that names the file and the place."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> GoldError:
        """The error for a problem at a place in the file."""
        return GoldError(f"gold file {self.path.name}: {where}: {problem}")

    def get(self, obj: dict[str, Any], name: str, where: str, kinds: tuple[type, ...], *,
            required: bool = True, default: Any = None) -> Any:
        """obj[name] checked against the allowed types (None allowed when NoneType is listed)."""
        if name not in obj:
            if required:
                raise self.fail(where, f'missing key "{name}"')
            return default
        value = obj[name]
        if isinstance(value, bool) and bool not in kinds:
            raise self.fail(where, f'"{name}" must be {self._names(kinds)}, not {value!r}')
        if not isinstance(value, kinds):
            raise self.fail(where, f'"{name}" must be {self._names(kinds)}, not {type(value).__name__} {value!r}')
        return value

    def strings(self, obj: dict[str, Any], name: str, where: str, *, required: bool = True) -> list[str]:
        """obj[name] as a list of non-empty strings."""
        items = self.get(obj, name, where, (list,), required=required, default=[])
        for i, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(where, f'"{name}"[{i}] must be a non-empty string, not {item!r}')
        return [nospace(s) for s in items]

    def text(self, obj: dict[str, Any], name: str, where: str) -> str | None:
        """An optional string field (null allowed), spaces removed."""
        value = self.get(obj, name, where, (str, type(None)))
        return nospace(value) if isinstance(value, str) and value.strip() else None

    @staticmethod
    def _names(kinds: tuple[type, ...]) -> str:
        """Readable JSON type names."""
        names = {str: "a string", list: "a list", dict: "an object", int: "a number", float: "a number",
                 type(None): "null"}
        return " or ".join(dict.fromkeys(names.get(k, k.__name__) for k in kinds))


def _parse_target(chk: _Checker, raw: Any, where: str, measure: str | None) -> GoldTarget:
    """One gold target."""
    if not isinstance(raw, dict):
        raise chk.fail(where, f"a target must be an object, not {raw!r}")
    value = _decimal(chk.get(raw, "value", where, (int, float)))
    if value is None or not value.is_finite():
        raise chk.fail(where, '"value" is not a finite number')
    unit = chk.get(raw, "unit", where, (str,))
    year = chk.get(raw, "deadline_year", where, (int, type(None)))
    if year is not None and not 1900 <= year <= 2200:
        raise chk.fail(where, f'"deadline_year" {year} is not a year')
    quote = chk.get(raw, "quote", where, (str,), required=False, default="")
    return GoldTarget(value, _unit(unit), year, nospace(quote), measure)


def _parse_measure(chk: _Checker, raw: Any, index: int) -> GoldMeasure:
    """One gold measure with its targets."""
    where = f"measures[{index}]"
    if not isinstance(raw, dict):
        raise chk.fail(where, f"a measure must be an object, not {raw!r}")
    key = str(chk.get(raw, "key", where, (str, int)))
    where = f'measure "{key}"'
    text_start = chk.get(raw, "text_start", where, (str,))
    if not nospace(text_start):
        raise chk.fail(where, '"text_start" is empty')
    responsible = chk.strings(raw, "responsible", where, required=False)
    raw_targets = chk.get(raw, "targets", where, (list,), required=False, default=[])
    attach = None if key == CONTEXT else key
    targets = tuple(_parse_target(chk, t, f"{where} targets[{i}]", attach) for i, t in enumerate(raw_targets))
    return GoldMeasure(key, text_start, tuple(responsible), targets)


def _parse_citation(chk: _Checker, raw: Any, index: int) -> GoldCitation:
    """One gold citation."""
    where = f"citations[{index}]"
    if not isinstance(raw, dict):
        raise chk.fail(where, f"a citation must be an object, not {raw!r}")
    title = chk.get(raw, "title", where, (str,))
    if not norm_title(title):
        raise chk.fail(where, '"title" is empty')
    number = chk.get(raw, "number", where, (str, type(None)), required=False)
    canonical = chk.get(raw, "canonical", where, (str, type(None)), required=False) or title
    as_written = chk.get(raw, "as_written", where, (str, type(None)), required=False)
    words = {norm_title(title)} | (wordings(as_written) if as_written else set())
    return GoldCitation(nospace(title), frozenset(words), norm_number(number) if number and number.strip() else None,
                        norm_title(canonical))


def parse_gold(path: Path, data: Any) -> GoldDoc | None:
    """Validate one gold file's JSON; None when it has no "file" (not a gold annotation)."""
    chk = _Checker(path)
    if not isinstance(data, dict):
        raise chk.fail("top level", f"must be a JSON object, not {type(data).__name__}")
    if "file" not in data:
        return None
    file = chk.get(data, "file", "top level", (str,)).strip()
    if not file:
        raise chk.fail("top level", '"file" is empty')
    kind = chk.get(data, "kind", "top level", (str,)).strip()
    if kind not in KINDS:
        raise chk.fail("top level", f'"kind" must be "notice" or "reply", not {kind!r}')
    date = chk.text(data, "date", "top level")
    if date is not None and not re.fullmatch(r"\d{4}-\d\d-\d\d", date):
        raise chk.fail("top level", f'"date" must be YYYY-MM-DD or null, not {date!r}')
    title = chk.text(data, "title", "top level")
    number = chk.text(data, "doc_number", "top level")
    meta: dict[str, str | None] = {
        "title": norm_title(title) if title else None,
        "doc_number": norm_number(number) if number else None,
        "date": date,
        "kind": kind,
    }
    responds = chk.get(data, "responds_to", "top level", (dict, type(None)), required=False)
    for name in ("body", "session", "number", "kind", "title"):
        value = chk.text(responds, name, "responds_to") if responds is not None and name in responds else None
        meta[f"responds_to.{name}"] = norm_title(value) if value and name == "title" else value
    measures = chk.get(data, "measures", "top level", (list,))
    citations = chk.get(data, "citations", "top level", (list,))
    parsed = tuple(_parse_measure(chk, m, i) for i, m in enumerate(measures))
    keys = [m.key for m in parsed if not m.context]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise chk.fail("measures", f"duplicate measure key(s) {', '.join(dupes)}")
    return GoldDoc(
        path=path, file=file, kind=kind, meta=meta,
        issuers=frozenset(chk.strings(data, "issuers", "top level")),
        co_handlers=frozenset(chk.strings(data, "co_handlers", "top level", required=False)),
        agencies=frozenset(chk.strings(data, "agencies_mentioned", "top level")),
        measures=parsed,
        citations=tuple(_parse_citation(chk, c, i) for i, c in enumerate(citations)),
    )


def load_gold(gold_dir: str | Path) -> list[GoldDoc]:
    """Every gold annotation in the folder's ``*.json`` files (files without "file" are skipped)."""
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise GoldError(f"no such gold folder: {folder}")
    docs: list[GoldDoc] = []
    seen: dict[str, Path] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as e:
            raise GoldError(f"gold file {path.name}: not UTF-8 text ({e.reason})") from e
        except json.JSONDecodeError as e:
            raise GoldError(f"gold file {path.name}: invalid JSON at line {e.lineno} column {e.colno}: {e.msg}") from e
        except OSError as e:
            raise GoldError(f"gold file {path.name}: cannot be read ({e.strerror})") from e
        doc = parse_gold(path, data)
        if doc is None:
            continue
        if doc.file in seen:
            raise GoldError(f"gold files {seen[doc.file].name} and {path.name} both annotate {doc.file}")
        seen[doc.file] = path
        docs.append(doc)
    if not docs:
        raise GoldError(f'no gold annotations (*.json files with a "file" key) in {folder}')
    return docs


# --- the store's side, read through SPARQL -----------------------------------------------------------------------


@dataclass
class StoreMeasure:
    """A measure of the document in the store."""

    iri: str
    number: str
    key: str
    lead: str | None
    responsible: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        """Readable key."""
        return f"measure {self.number} «{self.key}»"


@dataclass
class StoreTarget:
    """A target of the document in the store."""

    iri: str
    value: Decimal | None
    unit: str
    year: int | None
    quote: str
    measures: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        """Readable key."""
        return f"{_fmt_value(self.value)} {self.unit} by {self.year or '—'} «{self.quote}»"


@dataclass
class StoreCited:
    """A document cited by the store document, with every wording and number known for it."""

    iri: str
    title: str
    wordings: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)
    titled: bool = False  # cited here with a 《》 title (not by its number alone: no citation under the guidelines)


@dataclass
class StoreDoc:
    """Everything the scorer reads about one document (empty when the document is missing)."""

    iri: str | None = None
    meta: dict[str, set[str]] = field(default_factory=dict)
    measures: list[StoreMeasure] = field(default_factory=list)
    targets: list[StoreTarget] = field(default_factory=list)
    cited: list[StoreCited] = field(default_factory=list)
    mentions: set[str] = field(default_factory=set)
    co_handlers: set[str] = field(default_factory=set)
    issuers: set[str] = field(default_factory=set)


def _select(store: Store, body: str) -> list[dict[str, Node | None]]:
    """Rows of a SELECT query (contract prefixes added)."""
    result = store.query(PREFIX_HEADER + body)
    if not isinstance(result, SelectResult):
        raise PolicyKGError("the store answered a SELECT query with something else")
    return result.rows


def _s(node: Node | None) -> str | None:
    """A term's string value."""
    return None if node is None else str(node)


def _label_choice(labels: Iterable[Node | None], fallback: str) -> str:
    """An agent's name: its @zh prefLabel, else any prefLabel, else its IRI."""
    lits = [x for x in labels if isinstance(x, Literal)]
    zh = sorted(str(x) for x in lits if (x.language or "").lower().startswith("zh"))
    plain = sorted(str(x) for x in lits if not x.language)
    other = sorted(str(x) for x in lits)
    for group in (zh, plain, other):
        if group:
            return nospace(group[0])
    return fallback


def _agents(rows: list[dict[str, Node | None]], group: str | None = None) -> dict[str, dict[str, str]]:
    """Rows of (?group, ?a, ?l) → group → agent IRI → name."""
    labels: dict[str, dict[str, list[Node | None]]] = {}
    for row in rows:
        g = _s(row.get(group)) if group else ""
        a = _s(row.get("a"))
        if g is None or a is None:
            continue
        labels.setdefault(g, {}).setdefault(a, []).append(row.get("l"))
    return {g: {a: _label_choice(ls, a) for a, ls in agents.items()} for g, agents in labels.items()}


def _names(store: Store, body: str) -> set[str]:
    """Names of the agents ?a (with ?l = their prefLabels) a query returns."""
    return set(_agents(_select(store, body)).get("", {}).values())


def _number_order(number: str) -> tuple[Any, ...]:
    """Sort key for eli:number values such as 3, 3.2, 12."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.．]", number))


def fetch_document(store: Store, file: str) -> tuple[StoreDoc, list[str]]:
    """What the store holds for the document loaded from ``file`` (empty StoreDoc when absent), plus notes."""
    notes: list[str] = []
    rows = _select(store, f"SELECT DISTINCT ?doc WHERE {{ ?doc pko:sourceFile ?f . "
                          f"FILTER(STR(?f) = {Literal(file).n3()}) }} ORDER BY ?doc")
    iris = [str(r["doc"]) for r in rows if r.get("doc") is not None]
    if not iris:
        return StoreDoc(), notes
    if len(iris) > 1:
        notes.append(f"{file}: {len(iris)} documents have this source file; scoring {iris[0]}")
    doc = StoreDoc(iri=iris[0])
    d = f"<{doc.iri}>"

    meta: dict[str, set[str]] = {name: set() for name in META_FIELDS}
    for row in _select(store, f"""
        SELECT ?p ?o WHERE {{ {d} ?p ?o .
          FILTER(?p IN (rdf:type, dcterms:title, eli:id_local, eli:date_document)) }}"""):
        p, o = _s(row.get("p")), _s(row.get("o"))
        if p is None or o is None:
            continue
        if p.endswith("#type"):
            for kind, iri in KINDS.items():
                if o == iri:
                    meta["kind"].add(kind)
        elif p.endswith("/title"):
            meta["title"].add(norm_title(o))
        elif p.endswith("#id_local"):
            meta["doc_number"].add(norm_number(o))
        else:
            meta["date"].add(o.strip()[:10])
    if len(meta["kind"]) > 1:  # a Reply that is also typed PolicyDocument is a reply
        meta["kind"] = {"reply"}
    props = {"title": "dcterms:title", "number": "pko:proposalNumber", "session": "pko:session",
             "kind": "pko:proposalKind", "body": "pko:proposalBody"}
    for row in _select(store, f"""
        SELECT ?name ?o WHERE {{ {d} cito:repliesTo ?prop .
          VALUES (?name ?p) {{ {" ".join(f'("{k}" {v})' for k, v in props.items())} }}
          ?prop ?p ?o }}"""):
        name, o = _s(row.get("name")), _s(row.get("o"))
        if name and o and nospace(o):
            meta[f"responds_to.{name}"].add(norm_title(o) if name == "title" else nospace(o))
    doc.meta = meta

    measures: dict[str, StoreMeasure] = {}
    leads: dict[str, list[Node | None]] = {}
    lead_iri: dict[str, str] = {}
    for row in _select(store, f"""
        SELECT ?m ?n ?desc ?lead ?l WHERE {{ ?m eli:is_part_of {d} ; a pko:Measure .
          OPTIONAL {{ ?m eli:number ?n }} OPTIONAL {{ ?m dcterms:description ?desc }}
          OPTIONAL {{ ?m pko:leadAgency ?lead OPTIONAL {{ ?lead skos:prefLabel ?l }} }} }}"""):
        m = _s(row.get("m"))
        if m is None:
            continue
        entry = measures.setdefault(m, StoreMeasure(m, _s(row.get("n")) or m.rsplit("/", 1)[-1], "", None))
        desc = _s(row.get("desc"))
        if desc and not entry.key:
            entry.key = measure_key(desc)
        lead = _s(row.get("lead"))
        if lead:
            lead_iri[m] = min(lead, lead_iri.get(m, lead))
            leads.setdefault(m, []).append(row.get("l"))
    for m, lead in lead_iri.items():
        measures[m].lead = _label_choice(leads.get(m, []), lead)
    resp = _agents(_select(store, f"""
        SELECT ?m ?a ?l WHERE {{ ?m eli:is_part_of {d} ; a pko:Measure ; eli:responsibility_of_agent ?a .
          OPTIONAL {{ ?a skos:prefLabel ?l }} }}"""), "m")
    for m, agents in resp.items():
        if m in measures:
            measures[m].responsible = set(agents.values())
    doc.measures = sorted(measures.values(), key=lambda x: (_number_order(x.number), x.iri))

    targets: dict[str, StoreTarget] = {}
    for row in _select(store, f"""
        SELECT ?t ?m ?v ?u ?dl ?q WHERE {{
          {{ ?mm eli:is_part_of {d} ; pko:hasTarget ?t }}
          UNION {{ ?t a pko:Target ; prov:wasDerivedFrom/oa:hasSource {d} }}
          OPTIONAL {{ ?m pko:hasTarget ?t ; eli:is_part_of {d} }}
          OPTIONAL {{ ?t schema:value ?v }} OPTIONAL {{ ?t schema:unitText ?u }} OPTIONAL {{ ?t pko:deadline ?dl }}
          OPTIONAL {{ ?t prov:wasDerivedFrom/oa:hasSelector/oa:exact ?q }} }}"""):
        t = _s(row.get("t"))
        if t is None:
            continue
        entry = targets.get(t)
        if entry is None:
            entry = targets[t] = StoreTarget(t, _decimal(_s(row.get("v"))), _unit(_s(row.get("u")) or ""),
                                             _year(_s(row.get("dl"))), nospace(_s(row.get("q")) or ""))
        m = _s(row.get("m"))
        if m:
            entry.measures.add(m)
    doc.targets = sorted(targets.values(), key=lambda x: x.iri)

    cited: dict[str, StoreCited] = {}
    for row in _select(store, f"""
        SELECT ?w ?kind ?o WHERE {{
          {{ {d} eli:cites ?w }} UNION {{ ?c0 cito:hasCitingEntity {d} ; cito:hasCitedEntity ?w }}
          OPTIONAL {{
            {{ ?w dcterms:title ?o BIND("title" AS ?kind) }} UNION {{ ?w skos:altLabel ?o BIND("alt" AS ?kind) }}
            UNION {{ ?w eli:id_local ?o BIND("number" AS ?kind) }}
            UNION {{ ?c cito:hasCitingEntity {d} ; cito:hasCitedEntity ?w ; pko:asWritten ?o BIND("written" AS ?kind) }}
          }} }}"""):
        w = _s(row.get("w"))
        if w is None:
            continue
        node = cited.setdefault(w, StoreCited(w, ""))
        kind, o = _s(row.get("kind")), _s(row.get("o"))
        if not kind or not o:
            continue
        if kind == "number":
            node.numbers.add(norm_number(o))
            continue
        node.wordings |= wordings(o) if kind == "written" else {norm_title(o)}
        if kind == "written":
            node.numbers |= set(_NUMBER_IN_TEXT.findall(norm_number(o)))
            node.titled = node.titled or _NUMBER_IN_TEXT.sub("", norm_number(o)).strip() != ""
        if kind == "title" and (not node.title or norm_title(o) < node.title):
            node.title = norm_title(o)
    for node in cited.values():
        node.title = node.title or min(node.wordings, default=node.iri)
    doc.cited = sorted(cited.values(), key=lambda x: (x.title, x.iri))

    doc.mentions = _names(store, f"""
        SELECT ?a ?l WHERE {{ {d} pko:mentions ?a . ?a a org:Organization .
          FILTER NOT EXISTS {{ ?a a pko:CollectiveAgent }} OPTIONAL {{ ?a skos:prefLabel ?l }} }}""")
    agents = "SELECT ?a ?l WHERE {{ {d} {p} ?a OPTIONAL {{ ?a skos:prefLabel ?l }} }}"
    doc.co_handlers = _names(store, agents.format(d=d, p="pko:coHandledBy"))
    doc.issuers = _names(store, agents.format(d=d, p="eli:passed_by"))
    return doc, notes


# --- scoring ------------------------------------------------------------------------------------------------------


class _Tally:
    """Scores, misses and extras of one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.scores = _new_scores()
        self.misses: dict[str, list[Finding]] = {f: [] for f in FIELDS}
        self.extras: dict[str, list[Finding]] = {f: [] for f in FIELDS}

    def tp(self, name: str) -> None:
        """Count one true positive (a correct item for accuracy fields)."""
        self.scores[name].tp += 1

    def fn(self, name: str, key: str) -> None:
        """Count one miss (a wrong item for accuracy fields)."""
        self.scores[name].fn += 1
        self.misses[name].append(Finding(self.file, key))

    def fp(self, name: str, key: str) -> None:
        """Count one extra."""
        self.scores[name].fp += 1
        self.extras[name].append(Finding(self.file, key))

    def sets(self, name: str, gold: Iterable[str], found: Iterable[str], prefix: str = "") -> None:
        """Score two sets of names."""
        g, s = set(gold), set(found)
        self.scores[name].tp += len(g & s)
        for x in sorted(g - s):
            self.fn(name, prefix + x)
        for x in sorted(s - g):
            self.fp(name, prefix + x)


def _match_measures(gold: GoldDoc, doc: StoreDoc) -> dict[str, StoreMeasure]:
    """Gold measure key → store measure, each matched at most once (store key starts with the gold key)."""
    matched: dict[str, StoreMeasure] = {}
    used: set[str] = set()
    for gm in gold.measures:
        if gm.context:
            continue
        for sm in doc.measures:
            if sm.iri not in used and sm.key and sm.key.startswith(gm.match_key):
                matched[gm.key] = sm
                used.add(sm.iri)
                break
    return matched


def _score_measures(t: _Tally, gold: GoldDoc, doc: StoreDoc, matched: dict[str, StoreMeasure]) -> None:
    """Fields measures, responsibility and lead."""
    used = {sm.iri for sm in matched.values()}
    for gm in gold.measures:
        if gm.context:
            continue
        sm = matched.get(gm.key)
        if sm is None:
            t.fn("measures", gm.label)
            for name in gm.responsible:
                t.fn("responsibility", f"{gm.label} / {name}")
            continue
        t.tp("measures")
        t.sets("responsibility", gm.responsible, sm.responsible, prefix=f"{gm.label} / ")
        if gm.responsible:
            if sm.lead == gm.responsible[0]:
                t.tp("lead")
            else:
                t.fn("lead", f"{gm.label}: gold {gm.responsible[0]}, store {sm.lead or '(no lead)'}")
    for sm in doc.measures:
        if sm.iri not in used:
            t.fp("measures", sm.label)
            for name in sorted(sm.responsible):
                t.fp("responsibility", f"{sm.label} / {name}")


def _score_targets(t: _Tally, gold: GoldDoc, doc: StoreDoc, matched: dict[str, StoreMeasure]) -> None:
    """Fields targets (document-level value/unit/year) and target_attachment (same measure as in gold)."""
    store_to_gold = {sm.iri: key for key, sm in matched.items()}

    def attached_to(st: StoreTarget) -> set[str | None]:
        """Gold measure keys the store target hangs on (None for none / a measure the gold does not have)."""
        keys = {store_to_gold.get(m) for m in st.measures}
        return keys or {None}

    free = list(doc.targets)
    pairs: list[tuple[GoldTarget, StoreTarget]] = []
    pending = [gt for gm in gold.measures for gt in gm.targets]
    for same_measure in (True, False):  # first pair targets on the right measure, then any with the same key
        waiting, pending = pending, []
        for gt in waiting:
            hit = next((st for st in free if (st.value, st.unit, st.year) == (gt.value, gt.unit, gt.year)
                        and (not same_measure or gt.measure in attached_to(st))), None)
            if hit is None:
                pending.append(gt)
            else:
                free.remove(hit)
                pairs.append((gt, hit))
    for gt in pending:
        t.fn("targets", gt.label)
    for st in free:
        t.fp("targets", st.label)
    for gt, st in pairs:
        t.tp("targets")
        if gt.measure in attached_to(st):
            t.tp("target_attachment")
        else:
            where = ", ".join(sorted(k or "no gold measure" for k in attached_to(st)))
            t.fn("target_attachment", f"{gt.label}: gold measure {gt.measure or 'none (context)'}, store {where}")


def _score_citations(t: _Tally, gold: GoldDoc, doc: StoreDoc) -> None:
    """Field citations: each gold wording found on a cited node (number agreeing); unclaimed nodes are extras."""
    group_of_node: dict[str, str] = {}
    nodes_of_group: dict[str, list[str]] = {}
    by_iri = {n.iri: n for n in doc.cited}
    for gc in gold.citations:
        candidates = [n for n in doc.cited if gc.wordings & n.wordings]
        if not candidates:
            t.fn("citations", f"«{gc.title}» not cited")
            continue
        own = nodes_of_group.get(gc.canonical, [])
        node = (next((n for n in candidates if n.iri in own), None)
                or next((n for n in candidates if n.iri not in group_of_node), None) or candidates[0])
        other = group_of_node.get(node.iri)
        if other is not None and other != gc.canonical:
            t.fn("citations", f"«{gc.title}» merged into the node of «{other}»")
            continue
        if node.iri not in own:
            if own:
                t.fp("citations", f"«{node.title}» is a second node for «{gc.canonical}»")
            nodes_of_group.setdefault(gc.canonical, []).append(node.iri)
            group_of_node[node.iri] = gc.canonical
        if gc.number and gc.number not in node.numbers:
            found = ", ".join(sorted(node.numbers)) or "none"
            t.fn("citations", f"«{gc.title}» number {gc.number} (store: {found})")
        else:
            t.tp("citations")
    for iri, node in by_iri.items():
        if iri not in group_of_node and node.titled:  # a number alone is no 《》 citation (GUIDELINES.md)
            numbers = f" ({', '.join(sorted(node.numbers))})" if node.numbers else ""
            t.fp("citations", f"«{node.title}»{numbers}")


def _score_metadata(t: _Tally, gold: GoldDoc, doc: StoreDoc) -> None:
    """Field metadata: tp if equal, fn if the gold value is absent or different, fp if the gold is null."""
    for name in META_FIELDS:
        g = gold.meta.get(name)
        found = doc.meta.get(name, set())
        if g is not None:
            if g in found:
                t.tp("metadata")
            else:
                t.fn("metadata", f"{name}: gold {g}, store {' | '.join(sorted(found)) or '(none)'}")
        elif found:
            t.fp("metadata", f"{name}: gold null, store {' | '.join(sorted(found))}")


def score_document(gold: GoldDoc, doc: StoreDoc) -> _Tally:
    """All fields of one gold file against what the store holds for its document."""
    t = _Tally(gold.file)
    matched = _match_measures(gold, doc)
    _score_measures(t, gold, doc, matched)
    _score_targets(t, gold, doc, matched)
    _score_citations(t, gold, doc)
    t.sets("agencies", gold.agencies, doc.mentions)
    t.sets("reply_agencies", gold.co_handlers, doc.co_handlers)
    t.sets("issuers", gold.issuers, doc.issuers)
    _score_metadata(t, gold, doc)
    return t


def evaluate(store: Store, gold_dir: str | Path) -> EvalResult:
    """Score the store against every gold file in the folder."""
    golds = load_gold(gold_dir)
    result = EvalResult(gold_dir=str(gold_dir))
    for gold in golds:
        doc, notes = fetch_document(store, gold.file)
        result.notes.extend(notes)
        result.files.append(gold.file)
        if doc.iri is None:
            result.missing_documents.append(gold.file)
        tally = score_document(gold, doc)
        result.per_file[gold.file] = tally.scores
        for name in FIELDS:
            result.fields[name].add(tally.scores[name])
            result.misses[name].extend(tally.misses[name])
            result.extras[name].extend(tally.extras[name])
    return result


# --- rendering and thresholds (used by the CLI) ----------------------------------------------------------------


def render_table(result: EvalResult, verbose: bool = False) -> str:
    """An aligned table field | P | R | F1 | tp fp fn, misses and extras when verbose, and a summary line."""
    header = ("field", "P", "R", "F1", "tp", "fp", "fn")
    rows = [header]
    for name, s in result.fields.items():
        rows.append((name + (" (acc.)" if s.accuracy else ""), f"{s.precision:.3f}", f"{s.recall:.3f}",
                     f"{s.f1:.3f}", str(s.tp), str(s.fp), str(s.fn)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = []
    for i, r in enumerate(rows):
        cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells[:4]) + "   " + "  ".join(cells[4:]))
        if i == 0:
            lines.append("-" * len(lines[0]))
    if verbose:
        for name in FIELDS:
            misses, extras = result.misses[name], result.extras[name]
            if not misses and not extras:
                continue
            lines.append("")
            lines.append(f"{name}:")
            label = "wrong" if name in ACCURACY_FIELDS else "miss "
            lines.extend(f"  {label}  {x.file}  {x.key}" for x in misses)
            lines.extend(f"  extra  {x.file}  {x.key}" for x in extras)
    lines.append("")
    for file in result.missing_documents:
        lines.append(f"missing document: no document in the store has source file {file}")
    lines.extend(f"note: {n}" for n in result.notes)
    parts = ", ".join(f"{name} {s.f1:.3f}" for name, s in result.fields.items() if not s.empty)
    n = len(result.files)
    lines.append(f"overall F1 {result.overall_f1:.3f} over {n} file{'s' if n != 1 else ''} ({parts})")
    return "\n".join(lines)


def parse_thresholds(specs: Iterable[str]) -> dict[str, float]:
    """FIELD=VALUE strings → {field: minimum F1}; FIELD is a field name or "overall"."""
    out: dict[str, float] = {}
    for spec in specs:
        name, sep, value = spec.partition("=")
        name = name.strip()
        if not sep:
            raise PolicyKGError(f"--min-f1 needs FIELD=VALUE, got {spec!r}")
        if name not in (*FIELDS, "overall"):
            raise PolicyKGError(f"--min-f1: unknown field {name!r} (choose overall, {', '.join(FIELDS)})")
        try:
            threshold = float(value)
        except ValueError:
            raise PolicyKGError(f"--min-f1 {name}: {value!r} is not a number") from None
        if not 0.0 <= threshold <= 1.0:
            raise PolicyKGError(f"--min-f1 {name}: {threshold} is not between 0 and 1")
        out[name] = threshold
    return out


def failed_thresholds(result: EvalResult, thresholds: dict[str, float]) -> list[str]:
    """One message per threshold the result does not meet."""
    failures = []
    for name, minimum in thresholds.items():
        actual = result.overall_f1 if name == "overall" else result.fields[name].f1
        if actual + 1e-9 < minimum:
            failures.append(f"{name} F1 {actual:.3f} is below the minimum {minimum:.3f}")
    return failures
