"""The notice 吉民发〔2025〕20号 (corpus/jilin/004_…) comes out exactly: metadata, measures, responsibility,
targets and citations. Expected facts written by hand from the document text."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from policykg.loaders.load import LoadedDocument, load_document
from policykg.loaders.resolve import resolver
from tests.loading import load_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "jilin"
NOTICE = CORPUS / "004_7386dd28cc9d9502.txt"

MCA = "吉林省民政厅"
NDRC = "吉林省发展和改革委员会"
HEALTH = "吉林省卫生健康委员会"
EDU = "吉林省教育厅"
COMMERCE = "吉林省商务厅"
HOUSING = "吉林省住房和城乡建设厅"
MEDICARE = "吉林省医疗保障局"
DISABLED = "吉林省残疾人联合会"
AGRI = "吉林省农业农村厅"
LAND = "吉林省自然资源厅"
MARKET = "吉林省市场监督管理厅"
FIRE = "吉林省消防救援总队"
NFRA = "国家金融监督管理总局吉林监管局"
TAX = "国家税务总局吉林省税务局"
SASAC = "吉林省人民政府国有资产监督管理委员会"
OFFICES = "吉林省机关事务管理局"
SOCIAL = "中共吉林省委社会工作部"
HR = "吉林省人力资源和社会保障厅"
JUSTICE = "吉林省司法厅"
FINANCE = "吉林省财政厅"
PBOC = "中国人民银行吉林省分行"
FINOFFICE = "中共吉林省委金融委员会办公室"
SCI = "吉林省科学技术厅"
IND = "吉林省工业和信息化厅"
STATS = "吉林省统计局"
DIGITAL = "吉林省政务服务和数字化建设管理局"

RESPONSIBLE = {
    "1": [MCA], "2": [MCA], "3": [MCA, NDRC, HEALTH, EDU], "4": [MCA, COMMERCE, HEALTH, HOUSING],
    "5": [MCA], "6": [MCA, COMMERCE, HOUSING], "7": [MCA, NDRC], "8": [MCA], "9": [MCA, MEDICARE, DISABLED],
    "10": [HEALTH, MCA], "11": [MCA, AGRI, LAND], "12": [MCA, MARKET, FIRE, NFRA], "13": [MCA],
    "14": [MCA, MEDICARE], "15": [NDRC, LAND, TAX, MCA], "16": [NDRC, SASAC, OFFICES, MCA], "17": [MCA, SOCIAL],
    "18": [EDU, MCA], "19": [HR, MCA], "20": [JUSTICE], "21": [LAND, HOUSING, MCA],
    "22": [MCA, FINANCE, MEDICARE, HEALTH], "23": [EDU, HR, MCA], "24": [PBOC, NFRA, FINOFFICE, FINANCE],
    "25": [SCI, IND, MCA], "26": [MCA, STATS, DIGITAL],
}
ISSUERS = [MCA, SOCIAL, FINOFFICE, NDRC, EDU, SCI, IND, JUSTICE, FINANCE, HR, LAND, HOUSING, AGRI, COMMERCE,
           HEALTH, MARKET, SASAC, STATS, MEDICARE, OFFICES, DIGITAL, FIRE, TAX, PBOC, NFRA, DISABLED]
SECTIONS = {"1": "推进三级养老服务网络优化升级", "2": "构建居家社区机构养老融合发展模式",
            "3": "健全养老服务事业产业发展三方协同机制", "4": "加强养老服务要素保障"}
# measure -> [(value, unit, comparator, deadline, quote)]
TARGETS = {
    "1": [(100, "%", ">=", date(2029, 12, 31), "2029年底前实现全覆盖")],
    "2": [(80, "%", ">=", date(2029, 12, 31), "2029年底前覆盖80%的乡镇"),
          (50, "%", ">=", date(2029, 12, 31), "到2029年底前，直管率达到50%")],
    "5": [(100, "%", ">=", date(2029, 12, 31), "2029年底前覆盖所有街道"),
          (100, "%", ">=", date(2025, 12, 31), "2025年底前覆盖全部乡镇、城市社区")],
    "9": [(70, "%", ">=", date(2029, 12, 31), "2029年底前占比达到70%以上")],
    "11": [(100, "%", ">=", date(2029, 12, 31),
            "力争2029年底前，农村老年人数量较多、居住较为集中、服务需求较高的村实现全覆盖")],
}


@pytest.fixture(scope="module")
def notice() -> LoadedDocument:
    """The loaded notice."""
    return load_document(NOTICE)


def canonical(label: str) -> str:
    """Canonical name of an agency as written in a Jilin document."""
    return resolver().resolve(label, "吉林省").label


def test_metadata(notice: LoadedDocument) -> None:
    m = notice.facts.metadata
    assert m.kind == "notice"
    assert m.title == "关于深化养老服务改革发展的若干措施"
    assert m.full_title == "吉林省民政厅等26部门关于印发《关于深化养老服务改革发展的若干措施》的通知"
    assert m.number == "吉民发〔2025〕20号"
    assert m.date == date(2025, 5, 12)
    assert notice.facts.jurisdiction == "吉林省"


def test_twenty_six_issuers_in_order(notice: LoadedDocument) -> None:
    assert [canonical(i.label) for i in notice.facts.metadata.issuers] == ISSUERS


def test_sections(notice: LoadedDocument) -> None:
    assert {s.number: s.title for s in notice.facts.sections} == SECTIONS


def test_measures_and_responsibility_exactly(notice: LoadedDocument) -> None:
    measures = notice.facts.measures
    assert [m.number for m in measures] == [str(i) for i in range(1, 27)]
    got = {m.number: [canonical(r.agency.label) for r in m.responsibilities] for m in measures}
    assert got == RESPONSIBLE
    for m in measures:
        assert [r.role for r in m.responsibilities] == ["lead"] + ["support"] * (len(m.responsibilities) - 1)
        assert m.section == str((int(m.number) > 3) + (int(m.number) > 12) + (int(m.number) > 20) + 1)


def test_measure_text_and_spans(notice: LoadedDocument) -> None:
    text = notice.facts.text
    first = notice.facts.measures[0]
    assert first.text.startswith("依托县级社会福利中心和养老服务信息系统")
    assert first.text.endswith("形成连锁化、品牌化、集约化运营。")
    assert "责任单位" not in first.text
    for m in notice.facts.measures:
        assert m.span.of(text) == m.text
        for r in m.responsibilities:
            assert r.agency.span.of(text) == r.agency.label


def test_targets(notice: LoadedDocument) -> None:
    text = notice.facts.text
    got = {m.number: [(t.value, t.unit, t.comparator, t.deadline, t.span.of(text)) for t in m.targets]
           for m in notice.facts.measures if m.targets}
    want = {k: [(Decimal(v), u, c, d, q) for v, u, c, d, q in ts] for k, ts in TARGETS.items()}
    assert got == want


def test_target_indicators_are_short_noun_phrases(notice: LoadedDocument) -> None:
    indicators = {t.indicator for m in notice.facts.measures for t in m.targets}
    assert "区域养老服务中心乡镇覆盖率" in indicators
    assert "护理型床位占比" in indicators
    assert "县级综合养老服务平台覆盖率" in indicators
    assert all(2 < len(i) <= 40 for i in indicators)


def test_citations(notice: LoadedDocument) -> None:
    got = [(c.title, c.number, c.relation) for c in notice.facts.citations]
    assert got == [
        ("关于深化养老服务改革发展的意见", "中发〔2024〕32号", "implements"),
        ("吉林省推动银发经济发展2025年实施方案", None, "cites"),
    ]


def test_mentions_include_bodies_named_in_the_text(notice: LoadedDocument) -> None:
    names = {canonical(r.label) for r in notice.facts.mentions}
    assert {"中共中央", "国务院", "吉林省人民政府", *ISSUERS} <= names
    assert "国家税务总局" not in names  # only inside a longer local unit's name in the addressee list
    assert "中国人民银行" not in names


def test_triples_are_deterministic(notice: LoadedDocument) -> None:
    again = load_document(NOTICE)
    assert again.triples == notice.triples
    assert again.graph == notice.graph


DECIMAL_ITEMS = """绵阳市人民政府办公室关于印发《绵阳市充电设施建设行动方案》的通知
绵府办发〔2025〕12号
各县（市、区）人民政府，市政府各部门：
《绵阳市充电设施建设行动方案》已经市政府同意，现印发给你们，请认真贯彻落实。
绵阳市人民政府办公室
2025年4月8日
绵阳市充电设施建设行动方案
一、工作目标
到2027年底，全市累计建成充电基础设施2.5万个以上。
二、重点任务
1.完善城市公共充电网络
1.1加快城市公共充电设施建设。科学布局公共充电设施。（牵头单位：市发展改革委；配合单位：市自然资源和规划局）
1.2推进居住社区充电设施建设。推广统建统服模式。（牵头单位：市住房城乡建设局）
2.加快农村充电网络建设（牵头单位：市发展改革委；配合单位：市农业农村局）
2.1、推进乡镇充电设施全覆盖。在乡镇政府驻地建设公共充电设施。
2.2. 推动充电设施向行政村延伸。鼓励农村客运车辆使用新能源汽车。
2.5万个充电桩的布局另行印发。
三、保障措施
加强组织领导。
"""


def test_decimal_numbers_are_items_under_the_item_they_continue(tmp_path: Path) -> None:
    facts = load_text(tmp_path, DECIMAL_ITEMS, "decimal.txt").facts
    assert [m.number for m in facts.measures] == ["1.1", "1.2", "2.1", "2.2"]
    assert [m.text[:6] for m in facts.measures] == ["加快城市公共", "推进居住社区", "推进乡镇充电", "推动充电设施"]
    # 2.1 and 2.2 take the clause of the 2. heading they sit under; 2.5万… is no item (it does not follow 2.2)
    units = [[r.agency.label for r in m.responsibilities] for m in facts.measures[2:]]
    assert units == [["市发展改革委", "市农业农村局"]] * 2


def test_a_decree_is_numbered_by_its_header_and_titled_by_what_it_promulgates(tmp_path: Path) -> None:
    text = ("陕西省人民政府令\n第245号\n"
            "《陕西省殡葬管理办法》已经2024年8月27日省人民政府第58次常务会议通过，现予公布，自2024年11月1日起施行。\n"
            "省长　赵××\n2024年9月10日\n陕西省殡葬管理办法\n第一章　总则\n"
            "第一条　为了加强殡葬管理，制定本办法。\n第二条　本省行政区域内的殡葬活动，适用本办法。\n")
    facts = load_text(tmp_path, text, "decree.txt").facts
    m = facts.metadata
    assert (m.title, m.number, m.date) == ("陕西省殡葬管理办法", "陕西省人民政府令第245号", date(2024, 9, 10))
    assert [i.label for i in m.issuers] == ["陕西省人民政府"]
    assert facts.citations == ()


def test_a_forwarding_notice_is_titled_by_its_heading_and_cites_what_it_forwards(tmp_path: Path) -> None:
    text = ("遵义市人民政府办公室关于转发《贵州省人民政府办公厅关于深入开展消费帮扶的通知》的通知\n"
            "遵府办发〔2024〕12号\n"
            "各县（市、区）人民政府，市政府各工作部门：\n"
            "现将《贵州省人民政府办公厅关于深入开展消费帮扶的通知》（黔府办发〔2024〕6号）转发给你们，请认真贯彻落实。\n"
            "一、提高思想认识。各县（市、区）人民政府要切实履行主体责任。\n遵义市人民政府办公室\n2024年4月8日\n")
    facts = load_text(tmp_path, text, "forward.txt").facts
    heading = "遵义市人民政府办公室关于转发《贵州省人民政府办公厅关于深入开展消费帮扶的通知》的通知"
    assert facts.metadata.title == heading
    assert facts.metadata.number == "遵府办发〔2024〕12号"
    forwarded = ("贵州省人民政府办公厅关于深入开展消费帮扶的通知", "黔府办发〔2024〕6号")
    assert forwarded in {(c.title, c.number) for c in facts.citations}


def test_a_joint_letterhead_of_bodies_set_apart_by_blanks_is_no_title(tmp_path: Path) -> None:
    text = ("住房和城乡建设部　国家发展和改革委员会　公安部\n建城〔2025〕48号\n"
            "住房城乡建设部国家发展改革委公安部关于印发《居民住宅小区充电设施建设行动方案（2025—2027年）》的通知\n"
            "各省、自治区、直辖市住房城乡建设厅、发展改革委、公安厅：\n"
            "现将《居民住宅小区充电设施建设行动方案（2025—2027年）》印发给你们，请认真贯彻落实。\n"
            "住房城乡建设部　　国家发展改革委\n公安部\n2025年4月22日\n"
            "居民住宅小区充电设施建设行动方案（2025—2027年）\n一、重点任务\n（一）开展摸底排查。各地完成充电需求摸底排查。\n")
    facts = load_text(tmp_path, text, "joint.txt").facts
    assert facts.metadata.title == "居民住宅小区充电设施建设行动方案（2025—2027年）"
    assert facts.metadata.number == "建城〔2025〕48号"
    assert facts.citations == ()


@pytest.mark.parametrize(("head", "title"), [
    ("交通运输部文件\n交运发〔2025〕68号\n交通运输部公安部民政部中国残联\n关于推进城市公共交通适老化无障碍出行服务提升\n的意见\n",
     "交通运输部公安部民政部中国残联关于推进城市公共交通适老化无障碍出行服务提升的意见"),  # over three lines
    ("广西壮族自治区卫生和计划生育委员会\n广西壮族自治区扶贫开发办公室\n广西壮族自治区民政厅\n广西壮族自治区财政厅\n"
     "广西壮族自治区人力资源和社会保障厅\n中国保险监督管理委员会广西监管局\n桂卫扶贫发〔2018〕3号\n"
     "关于印发广西健康扶贫三年攻坚行动实施方案\n（2018—2020年）的通知\n",  # six letterhead lines; its period below
     "关于印发广西健康扶贫三年攻坚行动实施方案（2018—2020年）的通知"),
])
def test_a_heading_over_several_lines_below_a_letterhead_of_one_body_a_line(tmp_path: Path, head: str,
                                                                             title: str) -> None:
    text = head + ("各有关单位：\n一、总体目标\n到2027年，服务覆盖所有城市。\n"
                   "（一）完善设施。推进改造。（交通运输部负责）\n")
    facts = load_text(tmp_path, text, "heads.txt").facts
    assert (facts.metadata.full_title or facts.metadata.title).replace("\n", "") == title


def test_a_category_and_publicity_line_is_no_part_of_the_title(tmp_path: Path) -> None:
    text = ("四川省自然资源厅\n川自然资函〔2025〕213号\n类别：A　　　　　　公开属性：主动公开\n"
            "对省十四届人大三次会议第1187号建议的答复\n李××代表：\n"
            "您提出的《关于加强地质灾害防治的建议》收悉，现答复如下：\n二、下一步工作打算\n一是提升调查评价精度。\n"
            "四川省自然资源厅\n2025年6月18日\n")
    assert load_text(tmp_path, text, "sc.txt").facts.metadata.title == "对省十四届人大三次会议第1187号建议的答复"


def test_a_heading_split_inside_the_issued_title_is_joined_and_not_cited(tmp_path: Path) -> None:
    # the first line ends with 方案 but leaves 《 open: the heading goes on on the next line
    text = ("国务院关于印发《全民阅读促进行动方案\n（2025—2027年）》的通知\n\n国发〔2025〕21号\n\n"
            "各省、自治区、直辖市人民政府：\n\n"
            "　　现将《全民阅读促进行动方案（2025—2027年）》印发给你们，请认真贯彻执行。\n\n"
            "国务院\n2025年9月16日\n\n全民阅读促进行动方案（2025—2027年）\n\n一、重点任务\n\n"
            "（一）发展数字阅读。推动数字阅读平台建设。\n")
    facts = load_text(tmp_path, text, "split.txt").facts
    assert facts.metadata.title == "全民阅读促进行动方案（2025—2027年）"
    assert facts.citations == ()
