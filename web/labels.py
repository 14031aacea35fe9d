"""Labels of graph nodes in the page's language, fetched for many nodes with one query."""

from collections.abc import Iterable

from rdflib import Literal

from policykg.kg.sparql import PREFIX_HEADER
from policykg.kg.store import SelectResult
from policykg.kg.terms import iri_ref
from policykg.web.i18n import current_language
from policykg.web.storage import get_store

# Label properties, best first: agencies and cited works have skos labels, documents and works titles.
LABEL_PROPERTIES = ("skos:prefLabel", "dcterms:title", "rdfs:label", "skos:altLabel")
CHUNK = 400


def iri_values(iris: Iterable[str]) -> str:
    """The inside of a SPARQL ``VALUES`` block for IRIs (each checked and bracketed)."""
    return " ".join(iri_ref(i) for i in iris)


def is_iri(value: str) -> bool:
    """True when ``value`` can be written as an IRI in SPARQL (visitors' filter values may be anything)."""
    try:
        iri_ref(value)
    except ValueError:
        return False
    return True


def language_rank(literal: Literal, lang: str) -> int:
    """How well a literal's language fits the page: its language, then Chinese, untagged, anything else."""
    tag = (literal.language or "").lower()
    if tag == lang or tag.startswith(lang + "-"):
        return 0
    if tag == "zh" or tag.startswith("zh-"):
        return 1
    return 2 if not tag else 3


def pick_label(candidates: Iterable[tuple[int, Literal]], lang: str) -> str | None:
    """The best label among (property rank, literal) pairs: language first, then property, then shortest."""
    ranked = sorted(candidates, key=lambda c: (language_rank(c[1], lang), c[0], len(str(c[1])), str(c[1])))
    return str(ranked[0][1]) if ranked else None


def fetch_labels(iris: Iterable[str], lang: str | None = None) -> dict[str, str]:
    """IRI → label in the current language (nodes without a label are left out)."""
    wanted = sorted({i for i in iris if i and is_iri(i)})
    lang = lang or current_language()
    found: dict[str, list[tuple[int, Literal]]] = {}
    for start in range(0, len(wanted), CHUNK):
        values = iri_values(wanted[start:start + CHUNK])
        # one branch a property: a VALUES of (property, rank) pairs made Oxigraph scan far more (7× slower)
        branches = "\n  UNION ".join(f"{{ VALUES ?s {{ {values} }} ?s {prop} ?label BIND({rank} AS ?rank) }}"
                                     for rank, prop in enumerate(LABEL_PROPERTIES))
        query = PREFIX_HEADER + (
            f"SELECT DISTINCT ?s ?rank ?label WHERE {{\n  {branches}\n  FILTER(ISLITERAL(?label))\n}}")
        result = get_store().query(query)
        assert isinstance(result, SelectResult)
        for row in result.rows:
            label = row.get("label")
            if isinstance(label, Literal) and row.get("s") is not None:
                found.setdefault(str(row["s"]), []).append((int(row["rank"].toPython()), label))
    labels = {iri: pick_label(c, lang) for iri, c in found.items()}
    return {iri: label for iri, label in labels.items() if label}


def short_iri(iri: str) -> str:
    """A readable stand-in for a node without a label: the last part of its IRI."""
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri
