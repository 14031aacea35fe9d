"""HTML pages as government sites publish them: the notice only (its content container, or the element with
most of the Chinese text), without navigation, header, footer, scripts or styles; block elements as lines.

lxml.html parses the pages: it mends the unclosed and misnested tags such pages are full of, and it is
already installed with python-docx."""

import re
from collections.abc import Iterator

from lxml import etree
from lxml import html as lxml_html

from policykg.errors import InputError

_CHARSET = re.compile(rb"""<(?:meta|\?xml)[^>]*?(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_GB = {"gb2312", "gbk", "gb18030", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "hz-gb-2312", "csgb2312"}
_LATIN = {"iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252", "us-ascii", "ascii"}
_HARD_NOISE = {"script", "style", "noscript", "template", "iframe", "svg", "select", "button", "object", "embed",
               "head", "input", "textarea", "map", "canvas"}
_NOISE_TAGS = {"nav", "footer", "aside"}
_NOISE = re.compile(
    r"nav|menu|breadcrumb|crumb|footer|^foot|^header|^head$|copyright|banquan|sidebar|side[-_]?bar|share|^fx$"
    r"|^location$|^position$|^dqwz|daohang|^dh$|toolbar|^top$|topbar|^bottom$|qrcode|erweima|related|^xg"
    r"|(?:^|[-_])links?(?:$|[-_])|friend|search|login|^print|^tools?$"
)
_CONTENT = (  # tiers of id/class names of content containers, most specific first
    re.compile(r"^(?:zoom|trs_u?editor|trs_paper_default|pages[-_]?content|ucap[-_]?content|main[-_]?text"
               r"|article[-_]?(?:content|body|text|con)|(?:news|detail|text|info|art|doc)[-_]?(?:content|con|text|body)"
               r"|content[-_]?(?:text|body|main|detail)|zhengwen|zw|wzzw|bt[-_]?content)$"),
    re.compile(r"^(?:con|cont|xxgk|text|main|detail|details|article)$|content|article|detail|zoom|zhengwen"),
)
_TITLE = re.compile(r"title|^tit$|^bt$|biaoti|headline")
_HEADINGS = {"h1", "h2", "h3"}
_DOCUMENT_TITLE = re.compile(
    r"(?:通知|意见|方案|规划|计划|措施|办法|细则|规定|决定|条例|答复|复函|函|报告|要点|公告|通告)$")
_BLOCK = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "tbody", "thead", "tfoot", "tr", "h1", "h2",
          "h3", "h4", "h5", "h6", "section", "article", "main", "blockquote", "pre", "center", "form", "hr",
          "address", "figure", "figcaption", "caption", "fieldset", "details", "summary", "header", "footer",
          "nav", "aside", "body", "html"}
_CELLS = {"td", "th"}
_CELL_SEPARATOR = "  "
_CHROME = re.compile(r"版权所有|ICP备|ICP证|公网安备|网站标识码|打印本页|关闭窗口|扫一扫在手机|【字体|字号[:：]\s*大")
_CHROME_MAX = 80
_MIN_CONTENT = 20  # Chinese characters a content container must hold
_MAJORITY = 0.75  # share of the Chinese text a child must hold to be taken instead of its parent
_SPACE = re.compile(r"[ \t\r\n\f]+")


def extract(data: bytes, name: str) -> str:
    """The main text of an HTML page, one block a line; InputError when it cannot be decoded or parsed."""
    text = decode(data, name)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    try:
        root = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{name}: cannot parse HTML ({exc})") from None
    page_title = _clean(root.findtext(".//title") or "")
    _drop(el for el in root.iter() if isinstance(el.tag, str) and el.tag.lower() in _HARD_NOISE)
    total = _cjk(root)
    _drop(el for el in root.iter() if _is_noise(el) and _cjk(el) * 2 < total)
    container = _content(root)
    lines = [line for line in _lines(container) if not (len(line) <= _CHROME_MAX and _CHROME.search(line))]
    heading = _heading(root, container, page_title)
    if heading and not any(heading in line for line in lines[:3]):
        lines.insert(0, heading)
    if not lines:
        raise InputError(f"{name}: HTML page has no text")
    return "\n".join(lines) + "\n"


def decode(data: bytes, name: str) -> str:
    """Decode an HTML page: a BOM, else UTF-8 when the bytes are valid UTF-8, else the declared charset, else
    GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    declared = _declared_charset(data)
    # valid UTF-8 wins over a declaration (pages are often mislabelled); GB bytes are almost never valid UTF-8
    candidates = ["utf-8", "gb18030", declared] if declared in _LATIN else ["utf-8", declared or "gb18030", "gb18030"]
    for encoding in dict.fromkeys(candidates):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    for encoding in dict.fromkeys(candidates):
        try:
            text = data.decode(encoding, errors="replace")
        except LookupError:
            continue
        if text.count("\ufffd") * 200 <= len(text):  # a few stray bytes in an otherwise good page
            return text
    raise InputError(f"{name}: cannot decode HTML page (declared charset {declared or 'none'}; "
                     "neither UTF-8 nor GB18030)")


def _declared_charset(data: bytes) -> str | None:
    """The charset a <meta> tag or XML declaration names, as a Python codec name (GB2312/GBK as GB18030)."""
    match = _CHARSET.search(data[:8192])
    if not match:
        return None
    charset = match.group(1).decode("ascii", errors="replace").lower()
    if charset in _GB:
        return "gb18030"
    return "utf-8" if charset in ("utf8", "utf-8", "unicode") else charset


def _drop(elements: Iterator[etree._Element]) -> None:
    """Remove elements with their content, keeping the text that follows each."""
    for el in list(elements):
        if el.getparent() is not None:
            el.drop_tree()


def _tokens(el: etree._Element) -> list[str]:
    """The element's id and class names, lower case."""
    return f"{el.get('id', '')} {el.get('class', '')}".lower().split()


def _is_noise(el: etree._Element) -> bool:
    """Navigation, header, footer, breadcrumb, share bar… by tag or by id/class name."""
    if not isinstance(el.tag, str):
        return False
    tag = el.tag.lower()
    if tag in _NOISE_TAGS:
        return True
    if tag == "header" and not any(a.tag in ("article", "main", "section") for a in el.iterancestors()):
        return True
    return any(_NOISE.search(token) for token in _tokens(el))


def _cjk(el: etree._Element) -> int:
    """Number of Chinese characters in the element's text."""
    return sum(1 for c in el.text_content() if "\u4e00" <= c <= "\u9fff")


def _content(root: etree._Element) -> etree._Element:
    """The content container: the best-named element with enough Chinese text, else the majority descent."""
    for tier in _CONTENT:
        named = [(el, _cjk(el)) for el in root.iter() if isinstance(el.tag, str) and el.tag not in ("html", "body")
                 and any(tier.search(t) for t in _tokens(el))]
        named = [(el, n) for el, n in named if n >= _MIN_CONTENT]
        if named:
            best, most = max(named, key=lambda pair: pair[1])
            inner = [(el, n) for el, n in named if n * 10 >= most * 9 and best in el.iterancestors()]
            return max(inner, key=lambda pair: len(list(pair[0].iterancestors())))[0] if inner else best
    body = root.find("body")
    current = body if body is not None else root
    while True:
        children = [(el, _cjk(el)) for el in current if isinstance(el.tag, str)]
        if not children:
            return current
        child, n = max(children, key=lambda pair: pair[1])
        if n < _MAJORITY * _cjk(current) or child.tag in ("p", "span", "font", "a", "strong", "b"):
            return current
        current = child


def _heading(root: etree._Element, container: etree._Element, page_title: str) -> str | None:
    """The page's heading when it stands before the content container: the last h1–h3 or title-named element
    that reads like a document title (…的通知) or is part of the page's <title>; None when there is none."""
    ancestors = set(container.iterancestors())
    before: list[etree._Element] = []
    for el in root.iter():
        if el is container:
            break
        if isinstance(el.tag, str) and el not in ancestors and (
                el.tag in _HEADINGS or any(_TITLE.search(t) for t in _tokens(el))):
            before.append(el)
    texts = [_clean(el.text_content()) for el in before]
    texts = [t for t in texts if sum(1 for c in t if "\u4e00" <= c <= "\u9fff") >= 6 and len(t) <= 150]
    named = [t for t in texts if _DOCUMENT_TITLE.search(t)]
    in_title = [t for t in texts if page_title and t in page_title]
    chosen = named or in_title
    return chosen[-1] if chosen else None


def _clean(text: str) -> str:
    """Text with runs of white space made one space and the ends stripped."""
    return _SPACE.sub(" ", text).replace("\xa0", " ").strip()


def _lines(container: etree._Element) -> list[str]:
    """The container's text, one block element a line, table cells separated by two spaces."""
    parts: list[str] = []
    _render(container, parts, preformatted=False)
    lines = "".join(parts).split("\n")
    return [line.strip(" ") for line in lines if line.strip(" \u3000\xa0\t")]


def _render(el: etree._Element, parts: list[str], preformatted: bool) -> None:
    """Append the text of an element: line breaks around blocks and at <br>, separators before cells."""
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    preformatted = preformatted or tag in ("pre", "textarea")
    if tag == "br" or tag in _BLOCK:
        parts.append("\n")
    elif tag in _CELLS:
        parts.append(_CELL_SEPARATOR)
    if tag and el.text:
        parts.append(el.text if preformatted else _SPACE.sub(" ", el.text))
    for child in el:
        _render(child, parts, preformatted)
        if child.tail:
            parts.append(child.tail if preformatted else _SPACE.sub(" ", child.tail))
    if tag in _BLOCK:
        parts.append("\n")
