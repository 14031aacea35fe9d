"""Loading a document written on the spot: the shared step of the loader tests."""

from pathlib import Path

from policykg.loaders.load import LoadedDocument, load_document


def load_text(folder: Path, text: str, name: str = "document.txt") -> LoadedDocument:
    """Load ``text`` written as UTF-8 to ``folder/name``."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return load_document(path)
