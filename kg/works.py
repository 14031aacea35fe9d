"""The works graph: derived from every document's citations after each ingest, it gives each cited
document one title (its fullest wording), links citations by number alone to the titled document, and
records number conflicts across documents."""

from rdflib import URIRef

from policykg.kg.sparql import PREFIX_HEADER
from policykg.kg.store import SelectResult, Store
from policykg.loaders import ids
from policykg.loaders.to_rdf import works_triples

WORKS_QUERY = PREFIX_HEADER + """
SELECT DISTINCT ?work ?wording ?number WHERE {
  ?work a pko:CitedDocument .
  { ?work skos:altLabel ?wording } UNION { ?work eli:id_local ?number }
}
"""


def rebuild_works_graph(store: Store) -> int:
    """Recompute the works graph from the citations in the store; returns the number of its triples."""
    result = store.query(WORKS_QUERY)
    assert isinstance(result, SelectResult)
    works: dict[URIRef, tuple[set[str], set[str]]] = {}
    for row in result.rows:
        wordings, numbers = works.setdefault(URIRef(str(row["work"])), (set(), set()))
        if row.get("wording") is not None:
            wordings.add(str(row["wording"]))
        if row.get("number") is not None:
            numbers.add(str(row["number"]))
    triples = list(works_triples(works))
    store.replace_graph(str(ids.works_graph()), triples)
    return len(triples)
