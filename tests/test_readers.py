"""Readers: DOCX, PDF, HTML and plain text (UTF-8, UTF-8 with BOM, GB18030) of one notice give the same facts;
page headers, footers and numbers of a PDF are dropped and pages kept for provenance; unsupported files are
refused with one clear line. Every fixture is generated here (python-docx, reportlab, plain bytes)."""

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from policykg.errors import InputError
from policykg.loaders.load import LoadedDocument, load_document
from policykg.loaders.normalise import display_width, normalise
from policykg.loaders.readers import read

TITLE = "长春市人民政府办公厅关于印发长春市养老服务提质增效若干措施的通知"
NUMBER = "长政办发〔2024〕5号"
HEAD = [
    NUMBER,
    "各县（市）、区人民政府，各开发区管委会，市政府各委、办、局：",
    "　　经市政府同意，现将《长春市养老服务提质增效若干措施》印发给你们，请结合实际认真贯彻落实。",
    "长春市人民政府办公厅",
    "2024年3月8日",
    "长春市养老服务提质增效若干措施",
    "　　为进一步提升全市养老服务质量和效率，更好满足老年人多层次、多样化养老服务需求，结合我市实际，制定以下措施。",
]
# (section heading | None, measure text) in order; measures are numbered 1. 2. … and sections 一、二、
BODY: list[tuple[str, str]] = [
    ("section", "完善养老服务网络"),
    ("measure", "推进街道综合养老服务中心建设，依托现有养老设施改造提升一批具备全日托养、日间照料、上门服务等"
                "功能的综合养老服务中心，2025年底前实现街道全覆盖。（责任单位：市民政局、市财政局）"),
    ("measure", "加强社区养老服务设施配建，新建住宅小区按照每百户不少于20平方米的标准配套建设养老服务用房，老旧小区通过"
                "购置、置换、租赁等方式补齐短板。（责任单位：市住房城乡建设局、市自然资源局、市民政局）"),
    ("section", "提升养老服务能力"),
    ("measure", "推进医养结合，支持养老机构与周边医疗卫生机构签订合作协议，到2025年底，养老机构医疗服务覆盖率达到100%"
                "。（责任单位：市卫生健康委、市民政局、市医保局）"),
    ("measure", "加强养老服务人才队伍建设，开展养老护理员职业技能培训，每年培训不少于2000人次，落实职业技能等级补贴"
                "政策。（责任单位：市人力资源社会保障局、市民政局）"),
    ("measure", "发展老年助餐服务，推动社区老年食堂建设，鼓励餐饮企业参与老年助餐，对符合条件的助餐机构给予运营补贴。"
                "（责任单位：市民政局、市商务局、市财政局）"),
]
TABLE = [["区域", "2024年", "2025年"], ["朝阳区", "12个", "15个"], ["南关区", "10个", "14个"]]
TABLE_TITLE = "附表：街道综合养老服务中心建设任务"
SECTION_NUMBERS = "一二三四五"
HEADER = "长春市人民政府办公厅文件"
NAV = ["首页", "政务公开", "政民互动", "办事服务", "当前位置", "站内搜索", "版权所有", "ICP备", "网站标识码",
       "导航脚本"]


def numbered_body() -> list[str]:
    """The body's lines with their numbers written out (一、… and 1. …)."""
    lines, section, measure = [], 0, 0
    for kind, text in BODY:
        if kind == "section":
            lines.append(f"　　{SECTION_NUMBERS[section]}、{text}")
            section += 1
        else:
            measure += 1
            lines.append(f"　　{measure}.{text}")
    return lines


def plain_text() -> str:
    """The notice as plain text, one paragraph a line (the table with two spaces between cells)."""
    table = [TABLE_TITLE, *("  ".join(row) for row in TABLE)]
    return "\n".join([TITLE, *HEAD, *numbered_body(), *table]) + "\n"


# --- fixture builders: each writes the notice in one format into a folder and returns the file ------------


def write_txt(folder: Path) -> Path:
    """UTF-8 without BOM."""
    path = folder / "notice.txt"
    path.write_bytes(plain_text().encode("utf-8"))
    return path


def write_txt_bom(folder: Path) -> Path:
    """UTF-8 with BOM and CR LF line ends (as Windows Notepad saves)."""
    path = folder / "notice-bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + plain_text().replace("\n", "\r\n").encode("utf-8"))
    return path


def write_txt_gb18030(folder: Path) -> Path:
    """GB18030 bytes."""
    path = folder / "notice-gb.txt"
    path.write_bytes(plain_text().encode("gb18030"))
    return path


def write_docx(folder: Path) -> Path:
    """A Word file: sections and measures numbered by Word's automatic lists (一、 and 1.), a table."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = Document()
    numbering = document.part.numbering_part.element
    for num_id, fmt, text in ((90, "chineseCounting", "%1、"), (91, "decimal", "%1.")):
        numbering.append(parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id}"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            f'<w:numFmt w:val="{fmt}"/><w:suff w:val="nothing"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'))
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                                   f'<w:abstractNumId w:val="{num_id}"/></w:num>'))
    document.add_heading(TITLE, level=1)
    for line in HEAD:
        document.add_paragraph(line)
        document.add_paragraph("")  # empty paragraphs between paragraphs, as people type them
    for kind, text in BODY:
        paragraph = document.add_paragraph(text)
        ppr = paragraph._p.get_or_add_pPr()
        num_id = 90 if kind == "section" else 91
        ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
    document.add_paragraph(TABLE_TITLE)
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for r, row in enumerate(TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    path = folder / "notice.docx"
    document.save(str(path))
    return path


def pdf_lines() -> list[str]:
    """The notice's lines wrapped at 56 columns as a typeset page would (no line starts with 。，、）；：)."""
    out = []
    for paragraph in plain_text().splitlines():
        line = ""
        for ch in paragraph.strip("　"):
            if display_width(line + ch) > 56 and ch not in "。，、）；：%":
                out.append(line)
                line = ""
            line += ch
        out.append(line)
    return out


PDF_PAGES = 3


def write_pdf(folder: Path) -> Path:
    """Three A4 pages in STSong-Light: a running header, the text, and a page number — n — at the bottom."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = folder / "notice.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    for page, lines in enumerate(pdf_pages(), start=1):
        pdf.setFont("STSong-Light", 10)
        pdf.drawCentredString(width / 2, height - 40, HEADER)
        pdf.setFont("STSong-Light", 14)
        y = height - 90
        for line in lines:
            pdf.drawString(60, y, line)
            y -= 26
        pdf.setFont("STSong-Light", 12)
        pdf.drawCentredString(width / 2, 40, f"— {page} —")
        pdf.showPage()
    pdf.save()
    return path


def pdf_pages() -> list[list[str]]:
    """The wrapped lines over three pages, each page break inside a measure (after the first line of 2. and
    after the second line of 4.)."""
    lines = pdf_lines()
    first = next(k for k, line in enumerate(lines) if line.startswith("2.")) + 1
    second = next(k for k, line in enumerate(lines) if line.startswith("4.")) + 2
    return [lines[:first], lines[first:second], lines[second:]]


def html_page() -> str:
    """The notice as a provincial government site publishes it: header, nav, breadcrumb, title, body, footer."""
    body = "\n".join(f"<p>{line}</p>" for line in [*HEAD, *numbered_body()])
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in TABLE)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{TITLE}_政策文件_长春市人民政府</title>
<style>.TRS_Editor P {{ font-size: 16pt }} /* 样式 */</style><script>var nav = "导航脚本";</script></head>
<body><div class="header"><div class="logo">长春市人民政府</div><form><input name="q">站内搜索</form></div>
<div id="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zmhd/">政民互动</a></li><li><a href="/bsfw/">办事服务</a></li></ul></div>
<div class="main"><div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a></div>
<div class="xxgk-info"><table><tr><td>索引号：</td><td>11220100/2024-00005</td></tr></table></div>
<h1 class="title">{TITLE}</h1>
<div class="info">发布时间：2024-03-12 【字体：大 中 小】 【打印本页】</div>
<div id="zoom"><div class="TRS_Editor"><style>p {{ margin: 0 }}</style>
{body}
<p>{TABLE_TITLE}</p><table border="1">{cells}</table>
</div></div>
<div class="share">分享到：微信 微博</div></div>
<div class="footer"><p>主办：长春市人民政府办公厅 版权所有</p><p>吉ICP备05001234号 网站标识码：2201000001</p></div>
</body></html>"""


def write_html_gb(folder: Path) -> Path:
    """The page in GB18030 bytes, declared as gb2312 (as such sites do)."""
    path = folder / "notice.html"
    path.write_bytes(html_page().encode("gb18030"))
    return path


def write_html_utf8(folder: Path) -> Path:
    """The page in UTF-8 without a charset declaration, saved without a file extension."""
    path = folder / "page"
    path.write_bytes(html_page().replace('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "")
                     .encode("utf-8"))
    return path


BUILDERS: dict[str, Callable[[Path], Path]] = {
    "txt-utf8-bom-crlf": write_txt_bom, "txt-gb18030": write_txt_gb18030, "docx": write_docx, "pdf": write_pdf,
    "html-gb2312": write_html_gb, "html-utf8-no-extension": write_html_utf8,
}


def summary(doc: LoadedDocument) -> dict[str, object]:
    """What must be the same whatever the format: metadata, sections, measures and their responsibilities."""
    m = doc.facts.metadata
    return {
        "kind": m.kind, "title": m.title, "full_title": m.full_title, "number": m.number, "date": m.date,
        "jurisdiction": doc.facts.jurisdiction,
        "sections": [(s.number, s.title) for s in doc.facts.sections],
        "measures": [(x.number, x.section, [(r.agency.label, r.role) for r in x.responsibilities])
                     for x in doc.facts.measures],
        "targets": [(x.number, [(t.value, t.unit, t.deadline) for t in x.targets]) for x in doc.facts.measures],
    }


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the generated files of this module."""
    return tmp_path_factory.mktemp("readers")


@pytest.fixture(scope="module")
def expected(folder: Path) -> dict[str, object]:
    """The facts of the plain UTF-8 text."""
    return summary(load_document(write_txt(folder)))


def test_plain_text_notice_is_what_the_other_formats_are_compared_with(expected: dict[str, object]) -> None:
    assert expected["kind"] == "notice"
    assert expected["full_title"] == TITLE
    assert expected["title"] == "长春市养老服务提质增效若干措施"
    assert expected["number"] == NUMBER
    assert str(expected["date"]) == "2024-03-08"
    assert expected["sections"] == [("1", "完善养老服务网络"), ("2", "提升养老服务能力")]
    measures = expected["measures"]
    assert isinstance(measures, list)
    assert [m[0] for m in measures] == ["1", "2", "3", "4", "5"]
    assert measures[2][2] == [("市卫生健康委", "lead"), ("市民政局", "support"), ("市医保局", "support")]


@pytest.mark.parametrize("kind", list(BUILDERS))
def test_every_format_gives_the_same_facts(kind: str, folder: Path, expected: dict[str, object]) -> None:
    path = BUILDERS[kind](folder)
    assert summary(load_document(path)) == expected


@pytest.mark.parametrize(("kind", "format"), [("txt-utf8-bom-crlf", "txt"), ("txt-gb18030", "txt"),
                                              ("docx", "docx"), ("pdf", "pdf"), ("html-gb2312", "html"),
                                              ("html-utf8-no-extension", "html")])
def test_format_is_detected_by_content(kind: str, format: str, folder: Path) -> None:
    raw = read(BUILDERS[kind](folder))
    assert raw.format == format
    assert (raw.pages != ()) == (format == "pdf")


def test_docx_writes_out_word_list_numbers_and_table_rows(folder: Path) -> None:
    text = read(write_docx(folder)).text
    assert "一、完善养老服务网络\n" in text and "二、提升养老服务能力\n" in text
    assert "\n5.发展老年助餐服务" in text
    assert "朝阳区  12个  15个\n" in text
    assert "\n\n" not in text


def test_pdf_page_furniture_is_dropped_and_pages_kept(folder: Path) -> None:
    raw = read(write_pdf(folder))
    assert len(raw.pages) == PDF_PAGES and raw.pages[0] == 0
    assert raw.text.count(HEADER) == PDF_PAGES and "— 2 —" in raw.text
    norm = normalise(raw.text, raw.pages)
    assert HEADER not in norm.text
    assert "—" not in norm.text
    assert norm.text.startswith(TITLE + "\n" + NUMBER + "\n")
    for page, lines in enumerate(pdf_pages(), start=1):
        for line in lines:
            if line[:2] in ("1.", "2.", "3.", "4.", "5."):
                start = norm.text.index("\n" + line[:8]) + 1
                assert norm.page(start) == page, line
    for i, ch in enumerate(norm.text):
        if ch not in "\n〔〕":
            assert norm.raw[norm.raw_offset(i)] == ch, i


def test_pdf_measure_split_over_two_pages_is_one_paragraph(folder: Path) -> None:
    raw = read(write_pdf(folder))
    norm = normalise(raw.text, raw.pages)
    for line in numbered_body():
        assert line.strip("　") in norm.text.split("\n")


def test_html_navigation_header_and_footer_are_dropped(folder: Path) -> None:
    doc = load_document(write_html_gb(folder))
    for word in [*NAV, "索引号", "发布时间", "分享到", "打印本页", "字体", "margin"]:
        assert word not in doc.facts.text, word
    assert doc.facts.text.startswith(TITLE + "\n" + NUMBER + "\n")


def test_html_without_content_container_takes_the_element_with_most_chinese_text(tmp_path: Path) -> None:
    body = "".join(f"<p>{line}</p>" for line in [TITLE, *HEAD, *numbered_body()])
    page = (f"<html><body><div class='top'><a href='/'>首页</a><a href='/x'>政务公开</a></div><table><tr>"
            f"<td><ul><li>政民互动</li><li>办事服务</li></ul></td><td>{body}</td></tr></table>"
            f"<div>长春市人民政府 版权所有 吉ICP备05001234号</div></body></html>")
    path = tmp_path / "page.htm"
    path.write_text(page, encoding="utf-8")
    text = load_document(path).facts.text
    assert text.startswith(TITLE + "\n")
    for word in ("首页", "政务公开", "政民互动", "办事服务", "版权所有"):
        assert word not in text


def test_scanned_pdf_without_text_layer_is_refused(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    for _ in range(2):
        pdf.rect(50, 50, 400, 600, fill=1)
        pdf.showPage()
    pdf.save()
    with pytest.raises(InputError,
                       match=r"^scan\.pdf: PDF has no text layer \(scanned image\?\); OCR is not supported$"):
        read(path)


def test_password_protected_pdf_is_refused(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    pdf = canvas.Canvas(str(path), encrypt="secret")
    pdf.drawString(100, 700, "Confidential notice text")
    pdf.save()
    with pytest.raises(InputError, match=r"^locked\.pdf: PDF is encrypted with a password"):
        read(path)


def test_corrupt_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer garbage\n%%EOF\n")
    with pytest.raises(InputError, match=r"^broken\.pdf: "):
        read(path)


def test_legacy_word_doc_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notice.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(64))
    with pytest.raises(InputError, match=r"^notice\.doc: legacy Word \.doc files are not supported; save as \.docx$"):
        read(path)


def test_other_ole_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "book.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "Workbook".encode("utf-16-le"))
    with pytest.raises(InputError, match=r"^book\.xls: legacy Office \(OLE\) files"):
        read(path)


def zip_bytes(files: dict[str, str]) -> bytes:
    """A ZIP archive of the given files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.parametrize(("files", "reason"), [
    ({"notice.txt": plain_text()}, "ZIP archive is not a Word .docx document"),
    ({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}, "Excel .xlsx workbooks are not supported"),
    ({"OFD.xml": "<ofd:OFD/>"}, "OFD files are not supported"),
])
def test_zip_that_is_not_docx_is_refused(files: dict[str, str], reason: str, tmp_path: Path) -> None:
    path = tmp_path / "notice.docx"
    path.write_bytes(zip_bytes(files))
    with pytest.raises(InputError, match=r"^notice\.docx: " + reason.replace(".", r"\.")):
        read(path)


def test_corrupt_docx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(zip_bytes({"[Content_Types].xml": "<Types", "word/document.xml": "<w:document"}))
    with pytest.raises(InputError, match=r"^bad\.docx: corrupt or unreadable DOCX file"):
        read(path)


def test_images_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(InputError, match=r"^scan\.png: PNG images are not supported"):
        read(path)


def test_text_with_angle_brackets_is_not_html(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text(TITLE + "\n贯彻落实<关于深化养老服务改革发展的意见>精神。\n", encoding="utf-8")
    assert read(path).format == "txt"


# --- normalisation: page furniture (only with page starts, only at page edges) and full-width forms --------

BODY_LINE = "　　这是正文的一段内容，用来模拟政策文件的版面。"


def paged(pages: list[list[str]]) -> tuple[str, tuple[int, ...]]:
    """Raw text of pages of lines, and where each page starts."""
    texts = ["".join(line + "\n" for line in lines) for lines in pages]
    starts = tuple(sum(len(t) for t in texts[:k]) for k in range(len(texts)))
    return "".join(texts), starts


@pytest.mark.parametrize("form", ["— {n} —", "- {n} -", "－{n}－", "—{n}—", "第 {n} 页", "第{n}页 共3页",
                                  "{n}/3", "{n} / 3", "{n}", "Page {n} of 3"])
def test_page_number_lines_are_dropped(form: str) -> None:
    raw, starts = paged([[f"第{k}页的正文。", BODY_LINE, form.format(n=k)] for k in (1, 2, 3)])
    norm = normalise(raw, starts)
    assert norm.text == "\n".join(f"第{k}页的正文。\n{BODY_LINE.strip('　')}" for k in (1, 2, 3))
    assert [norm.page(norm.text.index(f"第{k}页的正文")) for k in (1, 2, 3)] == [1, 2, 3]


def test_repeated_headers_and_footers_are_dropped_but_body_lines_are_kept() -> None:
    raw, starts = paged([
        ["长春市人民政府公报", "2024年第5期", "一、总体要求", BODY_LINE, "长春市人民政府办公厅印发", "— 1 —"],
        ["长春市人民政府公报", "2024年第5期", "二、主要任务", "长春市人民政府公报", BODY_LINE,
         "长春市人民政府办公厅印发", "— 2 —"],
        ["长春市人民政府公报", "2024年第5期", "三、保障措施", "3/12", BODY_LINE, "— 3 —"],
    ])
    norm = normalise(raw, starts)
    lines = norm.text.split("\n")
    assert lines == ["一、总体要求", BODY_LINE.strip("　"), "二、主要任务", "长春市人民政府公报", BODY_LINE.strip("　"),
                     "三、保障措施", "3/12", BODY_LINE.strip("　")]


def test_lines_ending_a_clause_are_not_page_furniture() -> None:
    raw, starts = paged([["（责任单位：市民政局）", BODY_LINE, "（责任单位：市民政局）"] for _ in range(3)])
    assert normalise(raw, starts).text.count("（责任单位：市民政局）") == 6


def test_without_page_starts_nothing_is_dropped() -> None:
    raw, _ = paged([[BODY_LINE, "— 1 —"], [BODY_LINE, "— 2 —"]])
    norm = normalise(raw)
    assert "—1—" in norm.text and "—2—" in norm.text
    assert norm.page(0) is None


def test_page_starts_with_crlf_line_ends() -> None:
    raw, starts = paged([["第一页。", "— 1 —"], ["第二页。", "— 2 —"]])
    crlf = raw.replace("\n", "\r\n")
    crlf_starts = tuple(start + raw.count("\n", 0, start) for start in starts)
    norm = normalise(crlf, crlf_starts)
    assert norm.text == "第一页。\n第二页。"
    assert norm.page(norm.text.index("第二页")) == 2


def test_full_width_digits_letters_and_percent_become_ascii() -> None:
    raw = "到２０２５年底，ＡＩ养老服务覆盖率达到１００％，增长３．５个百分点；１．推进建设。二Ｏ二四年三月八日"
    norm = normalise(raw)
    assert norm.text == ("到2025年底，AI养老服务覆盖率达到100%，增长3.5个百分点；1．推进建设。"
                         "二Ｏ二四年三月八日")
    assert "，" in norm.text and "；" in norm.text and "。" in norm.text
    for i, ch in enumerate(norm.text):
        assert raw[norm.raw_offset(i)] in (ch, chr(ord(ch) + 0xFEE0), "．")


def test_full_width_document_number_is_unified() -> None:
    assert normalise("见《某文件》（吉政办发［２０２０］３０号）。").text == "见《某文件》（吉政办发〔2020〕30号）。"


def test_full_width_measures_give_the_same_facts(tmp_path: Path, expected: dict[str, object]) -> None:
    table = str.maketrans("0123456789%", "０１２３４５６７８９％")
    text = plain_text()
    head, _, rest = text.partition(NUMBER)
    path = tmp_path / "full-width.txt"
    path.write_text(head + NUMBER + rest.translate(table), encoding="utf-8")
    assert summary(load_document(path)) == expected


def test_measure_whose_last_line_is_full_width_stays_apart() -> None:
    lines = [f"{k}.这是第{k}项措施的正文内容，用来模拟版面宽度一致的折行文本，" for k in range(1, 9)]
    raw = "\n".join(f"{line}\n（责任单位：市民政局、市财政局、市商务局、市卫生健康委）" for line in lines)
    out = normalise(raw).text.split("\n")
    assert [line.split(".")[0] for line in out] == [str(k) for k in range(1, 9)]  # wrap joined, items apart
    assert all(line.endswith("市卫生健康委）") for line in out)


# --- detection details and the DOCX list formats -------------------------------------------------------


def test_html_fragment_without_html_tag_is_html(tmp_path: Path) -> None:
    path = tmp_path / "fragment.txt"
    path.write_text("".join(f"<p>{line}</p>\n" for line in [TITLE, *HEAD, *numbered_body()]), encoding="utf-8")
    raw = read(path)
    assert raw.format == "html" and raw.text.startswith(TITLE + "\n") and "<p>" not in raw.text


def test_gb18030_html_without_declaration_and_mislabelled_utf8(tmp_path: Path) -> None:
    page = html_page().replace('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "")
    undeclared = tmp_path / "gb.html"
    undeclared.write_bytes(page.encode("gb18030"))
    mislabelled = tmp_path / "utf8.html"
    mislabelled.write_bytes(html_page().encode("utf-8"))  # says gb2312, is UTF-8
    for path in (undeclared, mislabelled):
        assert read(path).text.startswith(TITLE + "\n" + NUMBER + "\n"), path.name


@pytest.mark.parametrize(("fmt", "text", "values", "expected_labels"), [
    ("chineseCountingThousand", "（%1）", [1, 10, 11, 20, 105],
     ["（一）", "（十）", "（十一）", "（二十）", "（一百零五）"]),
    ("decimalEnclosedCircle", "%1", [1, 3], ["①", "③"]),
    ("upperLetter", "%1.", [1, 27], ["A.", "AA."]),
    ("lowerRoman", "%1)", [4, 9], ["iv)", "ix)"]),
])
def test_docx_list_number_formats(fmt: str, text: str, values: list[int], expected_labels: list[str],
                                  tmp_path: Path) -> None:
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = Document()
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="80"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="{fmt}"/><w:suff w:val="nothing"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'))
    for k, value in enumerate(values):
        numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{80 + k}"><w:abstractNumId w:val="80"/><w:lvlOverride w:ilvl="0">'
            f'<w:startOverride w:val="{value}"/></w:lvlOverride></w:num>'))
        paragraph = document.add_paragraph("措施")
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{80 + k}"/></w:numPr>'))
    path = tmp_path / "list.docx"
    document.save(str(path))
    assert read(path).text.split("\n")[:-1] == [f"{label}措施" for label in expected_labels]


def test_html_site_name_heading_is_not_taken_for_the_title(tmp_path: Path) -> None:
    body = "".join(f"<p>{line}</p>" for line in [*HEAD, *numbered_body()])
    page = (f"<html><head><title>政策文件_长春市人民政府</title></head><body class='article-page'>"
            f"<h1 class='logo'>长春市人民政府门户网站</h1><div class='wz'><h2>政策文件</h2>"
            f"<div class='article-con'>{body}</div></div></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    text = read(path).text
    assert text.startswith(NUMBER + "\n")
    assert "门户网站" not in text


def test_utf16_text_is_refused_with_a_clear_reason(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_bytes(plain_text().encode("utf-16"))
    with pytest.raises(InputError, match=r"^notice\.txt: UTF-16 text is not supported; save as UTF-8$"):
        read(path)
