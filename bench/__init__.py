"""Benchmarks: run on demand with `make bench`, never as timed unit tests."""
