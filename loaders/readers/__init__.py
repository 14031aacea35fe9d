"""Readers: bytes of a file to text, one module a format, chosen by content (not by file name)."""

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from policykg import settings
from policykg.errors import InputError


@dataclass(frozen=True)
class RawText:
    """Text as a reader extracted it, before normalisation; ``pages`` are the offsets where pages start."""

    text: str
    source_file: str
    data: bytes
    format: str
    pages: tuple[int, ...] = ()


# (signature at offset 0, what the file is and what to do instead) of binary formats no reader handles
_UNSUPPORTED = (
    (b"\x89PNG\r\n\x1a\n", "PNG images are not supported; OCR is not supported"),
    (b"\xff\xd8\xff", "JPEG images are not supported; OCR is not supported"),
    (b"GIF87a", "GIF images are not supported"),
    (b"GIF89a", "GIF images are not supported"),
    (b"II*\x00", "TIFF images are not supported; OCR is not supported"),
    (b"MM\x00*", "TIFF images are not supported; OCR is not supported"),
    (b"{\\rtf", "RTF files are not supported; save as .docx"),
    (b"\x1f\x8b", "gzip archives are not supported; unpack them first"),
    (b"Rar!\x1a\x07", "RAR archives are not supported; unpack them first"),
    (b"7z\xbc\xaf\x27\x1c", "7z archives are not supported; unpack them first"),
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAG = re.compile(rb"</?(?:p|div|br|span|table|tr|td|a|h[1-6]|li|ul|ol|meta|title|font|strong|b|center)[\s>/]",
                       re.IGNORECASE)


def read(path: Path) -> RawText:
    """Read a document file of any supported format into raw text, or raise InputError."""
    from policykg.loaders.readers import docx, html, pdf, txt

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
    kind = detect(data, name)
    if kind == "pdf":
        text, pages = pdf.extract(data, name)
        return RawText(text, name, data, kind, pages)
    if kind == "docx":
        return RawText(docx.extract(data, name), name, data, kind)
    if kind == "html":
        return RawText(html.extract(data, name), name, data, kind)
    return RawText(txt.decode(data, name), name, data, "txt")


def detect(data: bytes, name: str) -> str:
    """The format of a file from its bytes: pdf, docx, html or txt; InputError for a known unsupported kind."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data, name)
    if data.startswith(_OLE):
        if "WordDocument".encode("utf-16-le") in data:
            raise InputError(f"{name}: legacy Word .doc files are not supported; save as .docx")
        raise InputError(f"{name}: legacy Office (OLE) files such as .xls or .ppt are not supported; "
                         "save the document as .docx or PDF")
    for signature, reason in _UNSUPPORTED:
        if data.startswith(signature):
            raise InputError(f"{name}: {reason}")
    if _is_utf16_text(data):
        raise InputError(f"{name}: UTF-16 text is not supported; save as UTF-8")
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        raise InputError(f"{name}: WebP images are not supported; OCR is not supported")
    if looks_like_html(data):
        return "html"
    return "txt"


def looks_like_html(data: bytes) -> bool:
    """True for an HTML page: a doctype, <html>, <head> or <body> near the start, or many HTML tags."""
    head = data[:4096].removeprefix(b"\xef\xbb\xbf")
    if _HTML_START.search(head):
        return True
    sample = data[:65536]
    tags = len(_HTML_TAG.findall(sample))
    return tags >= 10 or (head.lstrip().startswith(b"<") and tags >= 3)


def _is_utf16_text(data: bytes) -> bool:
    """True for text saved as UTF-16 with a BOM (Chinese, ASCII and punctuation once decoded)."""
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    text = data[:65536].decode("utf-16", errors="replace")
    textual = sum(1 for c in text if c.isspace() or " " <= c <= "~" or "\u3000" <= c <= "\u9fff" or c >= "\uff00")
    return textual >= 0.9 * len(text)


def _zip_kind(data: bytes, name: str) -> str:
    """docx for a Word document; InputError naming any other ZIP-based kind."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise InputError(f"{name}: corrupt ZIP or DOCX file ({exc})") from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        reason = "Excel .xlsx workbooks are not supported"
    elif "ppt/presentation.xml" in names:
        reason = "PowerPoint .pptx files are not supported"
    elif mimetype.startswith(b"application/vnd.oasis.opendocument"):
        reason = "OpenDocument files are not supported; save as .docx"
    elif "OFD.xml" in names:
        reason = "OFD files are not supported; export as PDF"
    else:
        reason = "ZIP archive is not a Word .docx document; unpack it first"
    raise InputError(f"{name}: {reason}")
