"""Store, ingest, canned queries and validation: everything that talks to the graph store."""
