"""PDF with a text layer (pdfminer.six): the text of each page in reading order, and where each page starts."""

import io
import logging
import re

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTContainer, LTPage, LTText, LTTextBox
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSException

from policykg.errors import InputError

_CID = re.compile(r"\(cid:\d+\)")
_MIN_CHARS = 10  # fewer visible characters than this in the whole file: no text layer
_MIN_CHARS_A_PAGE = 8  # nor fewer than this a page on average (a scan with only printed page numbers)


def extract(data: bytes, name: str) -> tuple[str, tuple[int, ...]]:
    """The text of a PDF and the offset where each page's text starts; InputError when there is none."""
    try:
        pages = _pages(data)
    except PDFPasswordIncorrect:
        raise InputError(f"{name}: PDF is encrypted with a password; save an unprotected copy") from None
    except PDFEncryptionError as exc:
        raise InputError(f"{name}: PDF encryption is not supported ({exc})") from None
    except (PSException, ValueError, KeyError, TypeError, IndexError, EOFError, OSError, RecursionError) as exc:
        raise InputError(f"{name}: corrupt or unreadable PDF file ({type(exc).__name__}: {exc})") from None
    if not pages:
        raise InputError(f"{name}: PDF has no pages")
    text = "".join(pages)
    visible = sum(1 for c in _CID.sub("", text) if not c.isspace())
    if visible < max(_MIN_CHARS, _MIN_CHARS_A_PAGE * len(pages)):
        if _CID.search(text):
            raise InputError(f"{name}: PDF text cannot be decoded (its fonts have no Unicode mapping)")
        raise InputError(f"{name}: PDF has no text layer (scanned image?); OCR is not supported")
    if len(_CID.findall(text)) > visible // 10:
        raise InputError(f"{name}: PDF text cannot be decoded (its fonts have no Unicode mapping)")
    starts: list[int] = []
    offset = 0
    for page in pages:
        starts.append(offset)
        offset += len(page)
    return text, tuple(starts)


def _pages(data: bytes) -> list[str]:
    """Text of every page, each ending with a line break (pdfminer's warnings about damaged files muted)."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        return [_page_text(page) for page in extract_pages(io.BytesIO(data), laparams=LAParams(all_texts=True))]
    finally:
        logger.setLevel(level)


def _page_text(page: LTPage) -> str:
    """Text boxes of a page from top to bottom (left to right on the same line), one line a text line."""
    boxes = [item for item in _text_boxes(page)]
    boxes.sort(key=lambda box: (-round(box.y1), box.x0))
    lines = []
    for box in boxes:
        for line in box.get_text().replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            if line.strip():
                lines.append(line.rstrip())
    return "".join(line + "\n" for line in lines) or "\n"


def _text_boxes(item: LTContainer) -> list[LTText]:
    """Text boxes anywhere inside a layout container (figures and groups included)."""
    found: list[LTText] = []
    for child in item:
        if isinstance(child, LTTextBox):
            found.append(child)
        elif isinstance(child, LTContainer):
            found.extend(_text_boxes(child))
    return found
