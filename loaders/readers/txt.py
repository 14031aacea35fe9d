"""Plain text: UTF-8 (with or without BOM) or GB18030/GBK, detected from the bytes."""

from policykg.errors import InputError

_CONTROL_OK = {"\n", "\r", "\t", "\f", "\v"}


def decode(data: bytes, name: str) -> str:
    """Decode text bytes, refusing binary data and bytes that are neither UTF-8 nor GB18030."""
    if b"\x00" in data[:65536]:
        raise InputError(f"{name}: binary file (contains NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise InputError(f"{name}: binary file (too many control characters), not text")
        return text
    raise InputError(f"{name}: cannot decode as UTF-8 or GB18030 text")


def _looks_binary(text: str) -> bool:
    """True when more than 1% of the characters are control characters."""
    sample = text[:65536]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in _CONTROL_OK)
    return controls > max(3, len(sample) // 100)
