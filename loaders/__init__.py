"""Loaders: a document on disk to the quads of its named graph."""
