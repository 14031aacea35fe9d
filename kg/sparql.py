"""Run user-written SPARQL: declare the contract's prefixes the query leaves out, and report syntax error
positions in the user's own lines."""

import re

from policykg.errors import QueryError
from policykg.kg.querytext import inspect_query
from policykg.kg.store import QueryResult, Store
from policykg.ontology.namespace import PREFIXES

_POSITION = re.compile(r"at (\d+):(\d+)")
_DECLARED = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.IGNORECASE)


PREFIX_HEADER = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())


def with_prefixes(query: str) -> tuple[str, int]:
    """The query with missing contract prefixes declared in front, and how many lines were added."""
    declared = {m.group(1) or "" for m in _DECLARED.finditer(query)}
    header = [f"PREFIX {k}: <{v}>" for k, v in PREFIXES.items() if k not in declared]
    if not header:
        return query, 0
    return "\n".join(header) + "\n" + query, len(header)


def run_query(store: Store, query: str, *, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None, timeout: float | None = None) -> QueryResult:
    """Run a user's query with the contract prefixes and its dataset: the one given (the protocol's), else its
    own FROM / FROM NAMED (the stores' union default graph would otherwise hide them); errors point into its text."""
    full, added = with_prefixes(query)
    if default_graphs is None and named_graphs is None:
        shape = inspect_query(full)
        if shape.from_graphs is not None:
            default_graphs, named_graphs = list(shape.from_graphs), list(shape.from_named)
    try:
        return store.query(full, default_graphs=default_graphs, named_graphs=named_graphs, timeout=timeout)
    except QueryError as e:
        if not added:
            raise

        def shift(m: re.Match[str]) -> str:
            return f"at line {max(1, int(m.group(1)) - added)}, column {m.group(2)}"

        raise QueryError(_POSITION.sub(shift, e.message, count=1)) from None
