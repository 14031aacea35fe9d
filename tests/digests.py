"""Exact comparison of stores: a digest of every graph's content."""

import hashlib
import io

from policykg.kg.store import Store


def graph_digests(store: Store) -> dict[str, str]:
    """Graph IRI → digest of its sorted N-Quads."""
    digests = {}
    for graph in store.graphs():
        out = io.BytesIO()
        store.export("nquads", out, graph=graph)
        digests[graph] = hashlib.sha256(b"\n".join(sorted(out.getvalue().splitlines()))).hexdigest()
    return digests
