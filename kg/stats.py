"""Counts over the whole store, read through SPARQL."""

from policykg.kg.sparql import PREFIX_HEADER
from policykg.kg.store import SelectResult, Store

STATS_QUERY = PREFIX_HEADER + """
SELECT
  (COUNT(DISTINCT ?doc) AS ?documents)
  (COUNT(DISTINCT ?reply) AS ?replies)
  (COUNT(DISTINCT ?measure) AS ?measures)
  (COUNT(DISTINCT ?agency) AS ?agencies)
  (COUNT(DISTINCT ?target) AS ?targets)
  (COUNT(DISTINCT ?cited) AS ?cited_documents)
WHERE {
  { ?doc pko:text ?t . OPTIONAL { ?doc a pko:Reply . BIND(?doc AS ?reply) } }
  UNION { ?measure a pko:Measure }
  UNION { ?d pko:mentions ?agency . ?agency a org:Organization }
  UNION { ?target a pko:Target }
  UNION { ?d2 eli:cites ?cited }
}
"""


def store_stats(store: Store, quads: bool = True) -> dict[str, int]:
    """Documents, replies, measures, agencies named, targets, cited documents, graphs and (unless ``quads`` is
    False: counting them reads every quad, ≈ 1 s a million) quads."""
    result = store.query(STATS_QUERY)
    assert isinstance(result, SelectResult)
    row = result.rows[0] if result.rows else {}
    stats = {k: int(row[k].toPython()) if row.get(k) is not None else 0 for k in result.variables}
    stats["graphs"] = len(store.graphs())
    if quads:
        stats["quads"] = store.quad_count()
    return stats
