"""Readers: bytes of a file to text, one module a format, chosen by content (not by file name)."""

from dataclasses import dataclass
from pathlib import Path

from policykg import settings
from policykg.errors import InputError


@dataclass(frozen=True)
class RawText:
    """Text as a reader extracted it, before normalisation."""

    text: str
    source_file: str
    data: bytes
    format: str


def read(path: Path) -> RawText:
    """Read a document file of any supported format into raw text, or raise InputError."""
    from policykg.loaders.readers import txt

    name = path.name
    if not path.is_file():
        raise InputError(f"{name}: not a file")
    size = path.stat().st_size
    limit = int(settings.get("max_file_bytes"))
    if size > limit:
        raise InputError(f"{name}: file too large ({size:,} bytes; the limit is {limit:,}, setting max_file_bytes)")
    data = path.read_bytes()
    if not data.strip():
        raise InputError(f"{name}: empty file")
    return RawText(txt.decode(data, name), name, data, "txt")
