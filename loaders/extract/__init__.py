"""Extractors: pure functions from normalised text to facts (no RDF, no I/O, no store)."""
