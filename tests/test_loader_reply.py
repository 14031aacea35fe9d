"""Replies: the proposal answered, co-handling departments, and the forward-looking commitments with the
agency whose section each sits in. Expected facts written by hand from reply 0222 (corpus/jilin/000_…)."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from policykg.loaders.load import LoadedDocument, load_document
from policykg.loaders.resolve import resolver
from tests.loading import load_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "jilin"


@pytest.fixture(scope="module")
def reply() -> LoadedDocument:
    """Reply to suggestion 0222 of the 14th provincial people's congress, 4th session."""
    return load_document(CORPUS / "000_25b3b0f3c213c7f2.txt")


def canonical(label: str) -> str:
    """Canonical name in a Jilin document."""
    return resolver().resolve(label, "吉林省").label


def test_kind_title_date_and_replier(reply: LoadedDocument) -> None:
    m = reply.facts.metadata
    assert m.kind == "reply"
    assert m.title == "对省十四届人大四次会议第0222号代表建议的答复"
    assert m.date == date(2025, 6, 10)
    assert [canonical(i.label) for i in m.issuers] == ["吉林省民政厅"]


def test_proposal(reply: LoadedDocument) -> None:
    p = reply.facts.proposal
    assert p is not None
    assert (p.body, p.session, p.number, p.kind) == ("人大", "省十四届人大四次会议", "0222", "代表建议")
    assert p.title == "关于智慧赋能促进居家康养的建议"


def test_co_handlers(reply: LoadedDocument) -> None:
    assert [canonical(c.label) for c in reply.facts.co_handlers] == [
        "吉林省教育厅", "吉林省人力资源和社会保障厅", "吉林省卫生健康委员会", "吉林省医疗保障局", "吉林省财政厅",
        "吉林省工业和信息化厅"]


def test_commitments_and_their_agencies(reply: LoadedDocument) -> None:
    got = [(m.text[:12], [canonical(r.agency.label) for r in m.responsibilities]) for m in reply.facts.measures]
    finance, industry, civil = ["吉林省财政厅"], ["吉林省工业和信息化厅"], ["吉林省民政厅"]
    assert got == [
        ("开展困难老年人家庭实施适", finance), ("开展巡访关爱。为落实《关", finance),
        ("发放助老餐厅运营补助。按", finance), ("支持社区助老餐厅建设。按", finance),
        ("开展“银龄行动”活动。深", finance), ("下一步，我厅将持续开展智", industry),
        ("进一步完善养老服务政策体", civil), ("进一步完善嵌入式居家养老", civil),
        ("持续开展困难老人家庭适老", civil), ("进一步加强养老服务人才队", civil),
    ]
    assert all(m.status == "planned" for m in reply.facts.measures)


def test_targets_of_the_commitments(reply: LoadedDocument) -> None:
    m1 = reply.facts.measures[0]
    assert [(t.value, t.unit, t.deadline) for t in m1.targets if t.unit == "户"] == [
        (Decimal(7000), "户", date(2025, 12, 31))]
    m9 = reply.facts.measures[8]
    assert (Decimal(7000), "户", ">=") in [(t.value, t.unit, t.comparator) for t in m9.targets]
    assert (Decimal(100), "%") in [(t.value, t.unit) for t in m9.targets]


def test_the_proposal_title_is_not_a_citation_and_document_numbers_are_not_mentions(reply: LoadedDocument) -> None:
    titles = [c.title for c in reply.facts.citations]
    assert "关于智慧赋能促进居家康养的建议" not in titles
    assert ("关于推进养老服务发展的意见", "国办发〔2019〕5号") in [(c.title, c.number) for c in reply.facts.citations]
    assert "国务院办公厅" not in {canonical(r.label) for r in reply.facts.mentions}


def test_reply_without_heading_gets_a_title_from_its_proposal() -> None:
    doc = load_document(CORPUS / "003_cd854ce3c22c0d56.txt")
    assert doc.facts.metadata.kind == "reply"
    assert doc.facts.metadata.title == "关于《关于加大政府购买养老服务力度推进居家和社区养老服务水平的建议》的答复"
    assert doc.facts.proposal is not None and doc.facts.proposal.session == "省十三届人大一次会议"
    assert len(doc.facts.measures) == 6


def test_letterhead_lines_above_a_split_heading_and_co_handlers_of_a_federation(tmp_path: Path) -> None:
    text = ("宁波市教育局\n\n甬教函(2024)37号\n\n类别标记：A　　　　签发人：张××\n\n"
            "宁波市教育局关于市政协十六届三次会议\n第0156号提案的答复\n\n陈××委员：\n"
            "　　您在市政协十六届三次会议上提出的《关于加强中小学生心理健康教育的提案》收悉。本提案由我局主办，"
            "市卫生健康委、团市委、市妇联会办。现答复如下：\n一、工作情况\n我局开展了心理健康教育。\n"
            "二、下一步工作\n一是配齐心理健康教师。二是完善预警机制。\n宁波市教育局\n2024年6月20日\n")
    f = load_text(tmp_path, text, "nb.txt").facts
    assert f.metadata.title == "宁波市教育局关于市政协十六届三次会议第0156号提案的答复"
    assert f.metadata.number == "甬教函〔2024〕37号"
    assert f.proposal is not None and (f.proposal.body, f.proposal.session, f.proposal.number) == (
        "政协", "市政协十六届三次会议", "0156")
    assert [canonical_in(f, a.label) for a in f.co_handlers] == [
        "宁波市卫生健康委员会", "共青团宁波市委员会", "宁波市妇女联合会"]


def canonical_in(facts: object, label: str) -> str:
    """Canonical name of a unit written in a document of that jurisdiction."""
    return resolver().resolve(label, facts.jurisdiction, facts.province).label  # type: ignore[attr-defined]


SECTIONS_BY_DEPARTMENT = """甘肃省卫生健康委员会
关于省十四届人大三次会议第0417号代表建议的答复
王明代表：
　　您提出的《关于加强乡镇卫生院医疗设备配置的建议》收悉。经会同省财政厅、省发展改革委认真研究，现答复如下：
　　一、省卫生健康委办理情况
　　（一）工作开展情况
　　2024年为120个乡镇卫生院配备了数字化X光机。
　　（二）下一步打算
　　一是继续推进设备更新。二是加强人员培训。
　　二、省财政厅办理情况
　　（一）工作开展情况
　　省财政厅下达补助资金1.2亿元。
　　（二）下一步打算
　　一是统筹安排设备购置资金。二是加强资金绩效管理。
　　三、省发展改革委办理情况
　　（一）工作开展情况
　　省发展改革委将乡镇卫生院建设纳入中央预算内投资支持范围。
　　（二）下一步打算
　　积极争取中央预算内投资支持。
　　感谢您对卫生健康工作的关心和支持。
甘肃省卫生健康委员会
2025年6月20日
"""


def test_next_steps_under_a_department_section_are_that_departments(tmp_path: Path) -> None:
    facts = load_text(tmp_path, SECTIONS_BY_DEPARTMENT, "gansu-reply.txt").facts
    owners = [[canonical_in(facts, r.agency.label) for r in m.responsibilities] for m in facts.measures]
    assert owners == [["甘肃省卫生健康委员会"]] * 2 + [["甘肃省财政厅"]] * 2 + [["甘肃省发展和改革委员会"]]


def test_marks_after_the_number_are_no_part_of_title_or_number(tmp_path: Path) -> None:
    for mark in ("A类", "签发人：王××", "公开方式：主动公开"):
        text = (f"广东省交通运输厅\n\n粤交函〔2025〕158号　　　　　　{mark}\n\n"
                "广东省交通运输厅关于省十四届人大三次会议\n第1305号代表建议答复的函\n\n陈××代表：\n"
                "　　您提出的《关于推进农村客运高质量发展的建议》（第1305号）收悉。"
                "现将办理情况答复如下：\n一、工作情况\n我厅开展了调研。\n二、下一步工作\n一是稳定农村客运线路。\n"
                "广东省交通运输厅\n2025年6月10日\n")
        f = load_text(tmp_path, text, "gd.txt").facts
        assert f.metadata.title == "广东省交通运输厅关于省十四届人大三次会议第1305号代表建议答复的函"
        assert f.metadata.number == "粤交函〔2025〕158号"
        assert f.proposal is not None and f.proposal.number == "1305"
        assert f.citations == ()


def test_a_proposal_title_written_without_quotes(tmp_path: Path) -> None:
    text = ("民政部对十四届全国人大三次会议第6215号建议的答复\n民函〔2025〕318号\n李××代表：\n"
            "您提出的关于加快发展农村互助养老服务的建议收悉。经商国家卫生健康委，现答复如下：\n"
            "一、工作开展情况\n我部印发了指导意见。\n二、下一步工作考虑\n一是推进智慧养老服务。\n民政部\n2025年7月15日\n")
    f = load_text(tmp_path, text, "mca.txt").facts
    assert f.proposal is not None and f.proposal.title == "关于加快发展农村互助养老服务的建议"
    assert f.proposal.number == "6215" and f.proposal.body == "人大"


def test_a_co_handlers_next_steps_inside_its_account_of_past_work_are_its_measure(tmp_path: Path) -> None:
    text = ("宁夏回族自治区卫生健康委员会\n宁卫提〔2025〕19号\n"
            "关于自治区政协十三届三次会议第0245号提案的答复\n杨××委员：\n"
            "您提出的《关于加强基层中医药服务能力建设的提案》收悉。该提案由我委主办，自治区医疗保障局协办。现答复如下：\n"
            "一、协办单位工作情况\n（一）自治区医疗保障局。已在银川市开展中医优势病种按病种付费试点。"
            "下一步，自治区医疗保障局将扩大付费范围，到2026年，中医优势病种按病种付费在全区统筹地区实现全覆盖。\n"
            "（二）自治区人力资源和社会保障厅。2024年全区招聘中医药人员114名。\n"
            "二、下一步工作打算\n1.完善基层中医药服务网络。推动中医馆提档升级。\n"
            "宁夏回族自治区卫生健康委员会\n2025年7月8日\n")
    facts = load_text(tmp_path, text, "nx.txt").facts
    assert [m.text[:5] for m in facts.measures] == ["下一步，自", "完善基层中"]
    owners = [[canonical_in(facts, r.agency.label) for r in m.responsibilities] for m in facts.measures]
    assert owners == [["宁夏回族自治区医疗保障局"], ["宁夏回族自治区卫生健康委员会"]]
    assert [t.deadline.year for t in facts.measures[0].targets if t.deadline] == [2026]


def test_departments_whose_opinions_were_sought_are_co_handlers(tmp_path: Path) -> None:
    text = ("韶关市文化广电旅游体育局\n韶文广旅体函〔2025〕56号\n关于市政协十四届四次会议第087号提案答复的函\n"
            "黄××委员：\n"
            "您提出的《关于依托丹霞山推动全域乡村旅游发展的提案》收悉。经认真研究，并征求市农业农村局、市交通运输局意见，"
            "现答复如下：\n一、工作开展情况\n我局推进乡村旅游。\n二、下一步工作打算\n一是优化乡村旅游空间布局。\n"
            "韶关市文化广电旅游体育局\n2025年7月10日\n")
    facts = load_text(tmp_path, text, "sg.txt").facts
    assert facts.jurisdiction == "韶关市"  # 文化广电旅游体育局: a kind of city bureau
    assert [c.label for c in facts.co_handlers] == ["市农业农村局", "市交通运输局"]
