"""Normalisation: PDF line breaks and spaces inside Chinese text, bracket forms, the map to raw offsets."""

from pathlib import Path

import pytest

from policykg.loaders.normalise import normalise

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "jilin"

WRAPPED = (
    "  您在省十四届人大四次会议上提出的《关于智慧赋能促进居家康养的建\n\n"
    "议》收悉,经认真研究办理，现答复如下：  \n\n"
) + "".join(
    f"  这是第{i}段很长的正文内容用来模拟版面宽度一致的折行文本第 {i} 行\n\n"
    for i in range(12)
)


def test_joins_wrapped_lines_and_drops_inserted_spaces() -> None:
    n = normalise(WRAPPED)
    assert "《关于智慧赋能促进居家康养的建议》收悉" in n.text
    assert "第 1 行" not in n.text and "第1行" in n.text


def test_keeps_paragraph_breaks_of_unwrapped_text() -> None:
    raw = "一、总体要求\n　　1.第一项措施。（责任单位：省民政厅）\n　　2.第二项措施。\n"
    n = normalise(raw)
    assert n.text == "一、总体要求\n1.第一项措施。（责任单位：省民政厅）\n2.第二项措施。"


@pytest.mark.parametrize("written", ["吉政办发[2020]30号", "吉政办发(2020)30号", "吉政办发［2020］30号",
                                     "吉政办发（2020）30号", "吉政办发〔2020〕30号", "吉政办发〔2020〕 30 号"])
def test_unifies_document_number_brackets(written: str) -> None:
    assert normalise(f"见《某文件》（{written}）。").text == "见《某文件》（吉政办发〔2020〕30号）。"


def test_keeps_double_spaces_between_names_of_a_signature_line() -> None:
    n = normalise("吉林省民政厅  吉林省财政厅\n")
    assert n.text == "吉林省民政厅  吉林省财政厅"


def test_map_back_to_raw_offsets_on_the_corpus() -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8-sig")
        n = normalise(raw)
        for i, ch in enumerate(n.text):
            if ch not in "\n〔〕":
                assert n.raw[n.raw_offset(i)] == ch, (path.name, i)


def test_bom_and_crlf() -> None:
    assert normalise("\ufeff关于做好养老服务工作的通知\r\n正文。\r\n").text == "关于做好养老服务工作的通知\n正文。"


def test_a_signature_after_a_full_width_sentence_keeps_its_own_line() -> None:
    body = "".join(f"这是第{i}段很长的正文内容用来模拟版面宽度一致的折行文本到此结束。\n" for i in range(12))
    n = normalise(body + "国务院办公厅\n2025年8月19日\n")
    assert n.text.endswith("到此结束。\n国务院办公厅\n2025年8月19日")
