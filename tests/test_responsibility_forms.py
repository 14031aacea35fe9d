"""Every written form of responsibility, on small documents written for the purpose."""

from pathlib import Path

import pytest

from policykg.loaders.load import LoadedDocument
from policykg.loaders.resolve import resolver
from tests.loading import load_text

CITY_PLAN = """广州市人民政府办公厅关于印发广州市养老服务体系建设实施方案的通知
穗府办〔2024〕7号
各区人民政府，市政府各部门、各直属机构：
现将《广州市养老服务体系建设实施方案》印发给你们，请认真组织实施。
广州市人民政府办公厅
2024年3月5日
广州市养老服务体系建设实施方案
以下各项任务均需各区人民政府落实，不再列出。
一、完善服务网络
（一）建设社区养老服务中心。到2025年底，街道综合养老服务中心覆盖率达到100%。（市民政局负责）
（二）发展医养结合。推动医疗机构与养老机构签约。（市卫健委牵头，市民政局、市医保局配合）
二、强化要素保障
（一）加强资金保障。由市财政局会同市民政局制定资金管理办法。
（二）加强人才队伍建设。（牵头单位：市人社局；配合单位：市民政局、市教育局）
1.开展养老护理员培训，2025年底前培训不少于1万人次。
2.落实入职奖励政策。
"""

NATIONAL = """国务院办公厅关于推进养老服务发展的意见
国办发〔2019〕5号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
养老服务体系建设事关亿万百姓福祉。经国务院同意，现提出如下意见。
一、深化放管服改革
（一）建立健全养老服务综合监管制度。制定关于加强养老服务综合监管的意见。（民政部、国家发展改革委、市场监管总局等按职责分工负责）
（二）减轻养老服务税费负担。落实养老服务税收优惠政策。（财政部、税务总局牵头，民政部、国家发展改革委配合）
国务院办公厅
2019年3月29日
"""


def responsible(doc: LoadedDocument) -> dict[str, list[tuple[str, str]]]:
    """Measure number → [(canonical agency, role)]."""
    f = doc.facts
    return {m.number: [(resolver().resolve(r.agency.label, f.jurisdiction, f.province, None, f.city).label, r.role)
                       for r in m.responsibilities] for m in f.measures}


@pytest.fixture
def city_plan(tmp_path: Path) -> LoadedDocument:
    """The Guangzhou plan."""
    return load_text(tmp_path, CITY_PLAN, "gz-plan.txt")


def test_city_document_resolves_its_own_bodies(city_plan: LoadedDocument) -> None:
    assert city_plan.facts.jurisdiction == "广州市"
    assert responsible(city_plan)["1.1"][0] == ("广州市民政局", "lead")


def test_short_forms_and_lead_support_words(city_plan: LoadedDocument) -> None:
    assert responsible(city_plan)["1.2"][:3] == [
        ("广州市卫生健康委员会", "lead"), ("广州市民政局", "support"), ("广州市医疗保障局", "support")]


def test_by_a_jointly_with_b_sentence(city_plan: LoadedDocument) -> None:
    assert responsible(city_plan)["2.1"][:2] == [("广州市财政局", "lead"), ("广州市民政局", "support")]


def test_responsibility_inherited_from_the_parent_heading(city_plan: LoadedDocument) -> None:
    want = [("广州市人力资源和社会保障局", "lead"), ("广州市民政局", "support"), ("广州市教育局", "support")]
    assert responsible(city_plan)["2.2.1"][:3] == want
    assert responsible(city_plan)["2.2.2"][:3] == want


def test_units_named_once_for_every_item_are_not_added_to_each_measure(city_plan: LoadedDocument) -> None:
    # 以下各项任务均需各区人民政府落实，不再列出: the annotation guidelines keep each measure's own list
    assert all(("各区人民政府", "support") not in units for units in responsible(city_plan).values())


def test_bare_list_after_a_first_listed_leads_sentence(tmp_path: Path) -> None:
    text = ("四川省人民政府办公厅关于加强养老服务人才队伍建设的实施意见\n川办发〔2024〕9号\n"
            "（列第一位者为牵头单位，其他单位按职责分工负责）\n一、扩大人才培养规模。支持职业院校开设专业。"
            "（省人力资源社会保障厅、省教育厅、省民政厅）\n二、开展培训。由省民政厅会同省财政厅组织实施。\n"
            "三、落实待遇。省财政厅、省民政厅负责落实补贴。\n四川省人民政府办公厅\n2024年5月6日\n")
    got = responsible(load_text(tmp_path, text, "sc.txt"))
    assert got["1"] == [("四川省人力资源和社会保障厅", "lead"), ("四川省教育厅", "support"),
                        ("四川省民政厅", "support")]
    assert got["2"] == [("四川省民政厅", "lead"), ("四川省财政厅", "support")]
    assert got["3"] == [("四川省财政厅", "lead"), ("四川省民政厅", "support")]


def test_national_ministries_and_etc(tmp_path: Path) -> None:
    doc = load_text(tmp_path, NATIONAL, "gov.txt")
    got = responsible(doc)
    assert got["1"] == [("民政部", "lead"), ("国家发展和改革委员会", "support"), ("国家市场监督管理总局", "support")]
    assert got["2"] == [("财政部", "lead"), ("国家税务总局", "support"), ("民政部", "support"),
                        ("国家发展和改革委员会", "support")]
    assert doc.facts.metadata.number == "国办发〔2019〕5号"
    assert [resolver().resolve(i.label, None).label for i in doc.facts.metadata.issuers] == ["国务院办公厅"]


def test_a_note_closing_the_first_clause_is_not_a_unit(tmp_path: Path) -> None:
    text = ("国务院办公厅关于加强院前医疗急救工作的意见\n国办发〔2024〕9号\n"
            "（一）加强急救中心建设。推进急救中心达标。（国家卫生健康委、国家发展改革委、财政部按职责分工负责，"
            "列第一位者为牵头单位；以下各项任务均需地方各级人民政府落实，不再列出）\n"
            "（二）优化站点布局。科学设置急救站点。（国家卫生健康委、自然资源部按职责分工负责）\n"
            "国务院办公厅\n2024年5月6日\n")
    got = responsible(load_text(tmp_path, text, "gov.txt"))
    assert got["1"] == [("国家卫生健康委员会", "lead"), ("国家发展和改革委员会", "support"), ("财政部", "support")]
    assert got["2"] == [("国家卫生健康委员会", "lead"), ("自然资源部", "support")]


YANCHENG = """盐城市人民政府办公室关于印发盐城市设备更新实施方案的通知
盐政办发〔2024〕21号
各县（市、区）人民政府，市各委、办、局：
现将《盐城市设备更新实施方案》印发给你们，请认真贯彻执行。
盐城市人民政府办公室
2024年6月3日
盐城市设备更新实施方案
一、重点任务
（一）推进工业领域设备更新。聚焦重点行业推进设备更新。
（二）开展汽车以旧换新。落实国家汽车报废更新补贴政策。
附：重点任务分工表
序号　重点任务　牵头单位　配合单位
1　推进工业领域设备更新　市工信局　市发改委、市财政局　市生态环境局
2　开展汽车以旧换新　市商务局　市公安局、市财政局
"""


def test_a_table_with_single_space_cells_gives_the_units_of_the_measures_it_names(tmp_path: Path) -> None:
    doc = load_text(tmp_path, YANCHENG, "yc.txt")
    got = responsible(doc)
    assert len(doc.facts.measures) == 2  # the rows name the plan's measures: no measure of their own
    first, second = (got[m.number] for m in doc.facts.measures)
    assert first == [("盐城市工业和信息化局", "lead"), ("盐城市发展和改革委员会", "support"),
                     ("盐城市财政局", "support"), ("盐城市生态环境局", "support")]
    assert second == [("盐城市商务局", "lead"), ("盐城市公安局", "support"), ("盐城市财政局", "support")]


def test_divisions_of_the_issuing_department_are_its_units(tmp_path: Path) -> None:
    from policykg.loaders import ids
    from policykg.ontology.namespace import ORG, SKOS

    text = ("内蒙古自治区民政厅关于印发《2025年全区民政工作要点》的通知\n内民政发〔2025〕6号\n"
            "1.健全社会救助体系，完善低收入人口监测。（社会救助处）\n"
            "2.合理提高城乡低保标准。（社会救助处、规划财务处）\n"
            "3.发展社区街道养老服务。（街道办事处）\n内蒙古自治区民政厅\n2025年2月20日\n")
    doc = load_text(tmp_path, text, "nmg.txt")
    units = {str(o): s for s, p, o in doc.triples if p == SKOS.prefLabel}
    unit = units["内蒙古自治区民政厅社会救助处"]
    parents = [o for s, p, o in doc.triples if s == unit and p == ORG.unitOf]
    assert [str(p) for p in parents] == [str(ids.agency(resolver().resolve("内蒙古自治区民政厅", None).key))]
    assert "内蒙古自治区民政厅规划财务处" in units
    assert "街道办事处" not in {n[-5:] for n in units if n.startswith("内蒙古自治区民政厅")}


@pytest.mark.parametrize(("written", "jurisdiction", "province", "name"), [
    ("省委老干部局", "黑龙江省", "黑龙江省", "中共黑龙江省委老干部局"),
    ("市大数据中心", "上海市", "上海市", "上海市大数据中心"),
    ("市融媒体中心", "浏阳市", "湖南省", "浏阳市融媒体中心"),
    ("省教肓厅", "安徽省", "安徽省", "省教肓厅"),  # a typo'd department stays as written
])
def test_institutions_and_party_bodies_named_relative_to_the_place(written: str, jurisdiction: str, province: str,
                                                                   name: str) -> None:
    assert resolver().resolve(written, jurisdiction, province).label == name


JIULONGPO = """重庆市九龙坡区人民政府办公室关于印发九龙坡区促进夜间经济发展若干措施的通知
九龙坡府办发〔2024〕47号
各镇人民政府、街道办事处，区政府各部门，有关单位：
《九龙坡区促进夜间经济发展若干措施》已经区政府同意，现印发给你们，请认真贯彻执行。
重庆市九龙坡区人民政府办公室
2024年6月25日
九龙坡区促进夜间经济发展若干措施
一、优化空间布局
1.打造核心集聚区。推动商旅文体融合。（责任单位：区商务委、区文化旅游委，杨家坪街道、黄桷坪街道）
2.培育特色街区。打造一批夜间美食街。（责任单位：区商务委、区财政局，各镇人民政府、街道办事处）
3.优化夜间交通。延长公交运营时间。（责任单位：区交通局、区公安分局、区委宣传部）
4.发展农村夜市。支持乡镇举办夜市。（责任单位：区商务委，各镇、乡人民政府）
"""


def test_district_bodies_street_offices_and_an_addressed_collective(tmp_path: Path) -> None:
    doc = load_text(tmp_path, JIULONGPO, "jlp.txt")
    got = responsible(doc)
    assert doc.facts.jurisdiction == "重庆市九龙坡区"
    assert [a for a, _ in got["1"]] == ["重庆市九龙坡区商务委员会", "重庆市九龙坡区文化和旅游发展委员会",
                                        "重庆市九龙坡区杨家坪街道办事处", "重庆市九龙坡区黄桷坪街道办事处"]
    # the notice is addressed to 各镇人民政府、街道办事处 as one group: the clause's same words are one unit
    assert got["2"][-1] == ("各镇人民政府、街道办事处", "support")
    assert [a for a, _ in got["3"]] == ["重庆市九龙坡区交通局", "重庆市公安局九龙坡区分局",
                                        "中共重庆市九龙坡区委宣传部"]
    # 各镇 alone names no unit
    assert got["4"] == [("重庆市九龙坡区商务委员会", "lead"), ("各镇、乡人民政府", "support")]


def test_units_in_sentences_mechanisms_and_sentence_subjects(tmp_path: Path) -> None:
    text = ("山东省人民政府办公厅关于印发农村寄递物流方案的通知\n鲁政办字〔2024〕186号\n"
            "一、保障措施\n"
            "（一）加强组织领导。建立由省邮政管理局、省交通运输厅、省商务厅等部门参加的工作推进机制，"
            "省邮政管理局负责统筹协调。\n"
            "（二）强化政策支持。省财政厅统筹用好专项资金。省自然资源厅对配送中心用地予以保障。"
            "山东金融监管局引导金融机构加大信贷支持。\n"
            "（三）推进冷链建设。省发展改革委要会同省农业农村厅、省供销社制定建设方案。\n"
            "山东省人民政府办公厅\n2024年12月20日\n")
    got = responsible(load_text(tmp_path, text, "sd.txt"))
    # named as a participant first, the unit that 负责 later leads; the others keep their written order
    assert got["1"] == [("山东省邮政管理局", "lead"), ("山东省交通运输厅", "support"), ("山东省商务厅", "support")]
    # a unit opening a sentence is its subject whatever verb follows (对…予以保障, 引导…)
    assert got["2"] == [("山东省财政厅", "lead"), ("山东省自然资源厅", "support"),
                        ("国家金融监督管理总局山东监管局", "support")]
    # 要会同: the modal word does not hide the joint form
    assert got["3"] == [("山东省发展和改革委员会", "lead"), ("山东省农业农村厅", "support"),
                        ("山东省供销合作社", "support")]


def test_generic_bodies_shared_heads_and_governments_as_written(tmp_path: Path) -> None:
    text = ("陕西省殡葬管理办法\n第一章　总则\n"
            "第一条　为了加强殡葬管理，制定本办法。\n"
            "第二条　县级以上人民政府应当加强对殡葬工作的领导。\n"
            "第三条　县级以上人民政府民政部门负责本行政区域内的殡葬管理工作。\n"
            "县级以上人民政府公安、财政、卫生健康等部门按照各自职责，做好殡葬管理相关工作。\n"
            "第四条　殡仪馆服务实行政府定价，由设区的市人民政府价格主管部门会同同级民政部门制定。\n"
            "第五条　乡镇人民政府、街道办事处应当做好本辖区殡葬管理工作。\n"
            "第六条　本办法自2024年11月1日起施行。\n")
    doc = load_text(tmp_path, text, "sx.txt")
    got = responsible(doc)
    assert len(doc.facts.measures) == 6  # the 办法 is the document itself: every article is a measure
    assert got["2"] == [("县级以上人民政府", "lead")]
    assert got["3"] == [("县级以上人民政府民政部门", "lead"), ("县级以上人民政府公安部门", "support"),
                        ("县级以上人民政府财政部门", "support"), ("县级以上人民政府卫生健康部门", "support")]
    assert got["4"] == [("设区的市人民政府价格主管部门", "lead"), ("同级民政部门", "support")]
    assert got["5"] == [("乡镇人民政府", "lead"), ("街道办事处", "support")]
    assert not {a.label for a in doc.facts.mentions} & {"县级以上人民政府", "街道办事处", "同级民政部门"}


ATTACHED_RULES = """人力资源社会保障部　应急管理部
关于印发《防暑降温措施管理办法》的通知
人社部发〔2025〕31号
各省、自治区、直辖市人力资源社会保障厅（局）：
现将《防暑降温措施管理办法》印发给你们，并就有关事项通知如下：
一、各地要在高温季节来临前，组织对建筑施工、快递外卖等重点行业企业开展防暑降温专项检查。
二、各级工会组织要广泛开展“夏季送清凉”活动，依法督促用人单位落实防暑降温措施。
三、执行中遇到的问题，请及时报告人力资源社会保障部、应急管理部，我们将会同有关方面研究解决。
人力资源社会保障部　　应急管理部
2025年5月20日
防暑降温措施管理办法
第一条　为了加强高温作业劳动保护工作，根据有关法律，制定本办法。
第二条　本办法适用于存在高温作业的用人单位。
第三条　人力资源社会保障部和应急管理部依据职责，负责全国用人单位防暑降温工作的监督管理。
第四条　用人单位应当建立防暑降温工作制度。
第五条　本办法由人力资源社会保障部会同应急管理部负责解释。
第六条　本办法自2025年6月1日起施行。
"""


def test_an_attached_rules_framing_articles_are_not_measures(tmp_path: Path) -> None:
    doc = load_text(tmp_path, ATTACHED_RULES, "rules.txt")
    measures = {m.number: m.text[:8] for m in doc.facts.measures}
    # the notice's items and the substantive articles; the articles' numbers do not collide with the items'
    assert measures == {"1": "各地要在高温季节", "2": "各级工会组织要广", "3": "执行中遇到的问题",
                        "第3条": "人力资源社会保障", "4": "用人单位应当建立"}
    got = responsible(doc)
    assert got["第3条"] == [("人力资源和社会保障部", "lead"), ("应急管理部", "support")]  # 依据…负责


def test_shared_head_addressees_named_sub_units_and_companies(tmp_path: Path) -> None:
    text = ("民政部等6部门关于做好医疗救助工作的通知\n民发〔2024〕19号\n"
            "各省、自治区、直辖市民政厅（局），新疆生产建设兵团民政局、发展改革委、财政局：\n"
            "（一）做好衔接。由民政部会同国家医保局建立工作机制。（民政部、天津轨道交通集团有限公司按职责分工负责）\n"
            "民政部\n2024年5月20日\n抄送：教育部办公厅，国务院办公厅督查室。\n")
    doc = load_text(tmp_path, text, "mca.txt")
    names = {resolver().resolve(a.label, doc.facts.jurisdiction, doc.facts.province).label
             for a in doc.facts.mentions}
    assert {"新疆生产建设兵团民政局", "新疆生产建设兵团发展和改革委员会", "新疆生产建设兵团财政局"} <= names
    assert {"教育部办公厅", "国务院办公厅督查室"} <= names
    assert "天津轨道交通集团有限公司" not in names  # a company listed as responsible is no agency
    assert responsible(doc)["1"][1] == ("天津轨道交通集团有限公司", "support")


def test_supporters_after_a_lead_in_a_sentence_and_county_names(tmp_path: Path) -> None:
    text = ("平遥县人民政府办公室关于印发平遥县2025年社会救助工作要点的通知\n平政办发〔2025〕8号\n"
            "1.加强低收入人口动态监测。开展常态化监测。由县民政局牵头，县教科局、县残联配合，"
            "各乡（镇）人民政府负责具体落实。\n"
            "2.开展集中整治。聚焦“人情保”“关系保”问题。由县民政局牵头，县纪委监委派驻第十五纪检监察组配合。\n"
            "平遥县人民政府办公室\n2025年3月18日\n")
    got = responsible(load_text(tmp_path, text, "py.txt"))
    assert got["1"] == [("平遥县民政局", "lead"), ("平遥县教育科技局", "support"), ("平遥县残疾人联合会", "support"),
                        ("各乡（镇）人民政府", "support")]
    # a unit the registry does not know, named relative to the county in the 配合 clause
    assert got["2"] == [("平遥县民政局", "lead"), ("平遥县纪委监委派驻第十五纪检监察组", "support")]


PREFECTURE_MEASURES = """黔东南苗族侗族自治州人民政府办公室关于印发黔东南州促进民族文化旅游发展若干措施的通知
各县（市）人民政府，州政府各部门：
　　现将《黔东南州促进民族文化旅游发展若干措施》印发给你们，请认真贯彻落实。
黔东南苗族侗族自治州人民政府办公室
2025年4月8日
黔东南州促进民族文化旅游发展若干措施
一、丰富旅游产品
第一条　打造民族村寨旅游线路。整合沿线村寨资源，推出精品线路。
牵头单位：州文体旅游局；配合单位：州民宗局、州营商局
第二条　发展非遗体验项目。支持非遗工坊建设。
牵头单位：州文物局
二、优化服务保障
第三条　完善口岸和交通服务。推行预约通关。
牵头单位：州口岸办；配合单位：州综合行政执法局
第四条　加强旅游公共服务。建设游客服务中心。
牵头单位：州旅游发展局；配合单位：州政务服务和数字化建设管理局
"""


def test_articles_grouped_under_headings_with_labelled_lines_below_them(tmp_path: Path) -> None:
    doc = load_text(tmp_path, PREFECTURE_MEASURES, "qdn.txt")
    assert doc.facts.jurisdiction == "黔东南苗族侗族自治州"
    assert [(m.number, m.section) for m in doc.facts.measures] == [("1", "1"), ("2", "1"), ("3", "2"), ("4", "2")]
    units = responsible(doc)
    assert units["1"][0] == ("黔东南苗族侗族自治州文体旅游局", "lead")  # a kind of bureau named as written
    assert units["1"][1:] == [("黔东南苗族侗族自治州民族宗教事务局", "support"),
                              ("黔东南苗族侗族自治州营商环境建设局", "support")]
    assert units["2"] == [("黔东南苗族侗族自治州文物局", "lead")]
    assert units["3"] == [("黔东南苗族侗族自治州人民政府口岸办公室", "lead"),
                          ("黔东南苗族侗族自治州综合行政执法局", "support")]
    assert units["4"] == [("黔东南苗族侗族自治州旅游发展局", "lead"),
                          ("黔东南苗族侗族自治州政务服务和数字化建设管理局", "support")]


CITY_SERVICES = """鞍山市人民政府办公室关于印发鞍山市便民生活圈建设实施方案的通知
鞍政办发〔2025〕8号
各县（市、区）人民政府，高新区、经济开发区管委会，市政府各部门：
现将《鞍山市便民生活圈建设实施方案》印发给你们，请认真贯彻落实。
鞍山市人民政府办公室
2025年2月26日
鞍山市便民生活圈建设实施方案
一、重点任务
1.发展特色街区。支持打造特色商业街区。（责任单位：市商务局，千山区、铁东区人民政府）
2.加强组织领导。建立市便民生活圈建设工作专班，办公室设在市商务局，负责统筹协调；市财政局、市自然资源局等成员单位按职责分工抓好落实。
3.加大经费保障。落实保障标准。（市财政局负责，市商务局、市民政局加强指导）
4.开展清洁行动。组织开展集中整治。各县（市、区）人民政府负责，市商务局督导。
5.加强宣传推广。开展系列宣传活动。（市委宣传部、市商务局牵头，市民政局、市财政局按职责分工负责）
联系单位：市商务局流通业发展科
联系人：市财政局预算科　王××
"""


def test_places_sharing_a_body_seats_and_clauses_in_parts(tmp_path: Path) -> None:
    doc = load_text(tmp_path, CITY_SERVICES, "as.txt")
    got = responsible(doc)
    # 千山区、铁东区人民政府: each place's government, the first spanning its place name only
    assert got["1"] == [("鞍山市商务局", "lead"), ("鞍山市千山区人民政府", "support"),
                        ("鞍山市铁东区人民政府", "support")]
    first = doc.facts.measures[0].responsibilities[1].agency
    assert (first.label, first.span.of(doc.facts.text)) == ("千山区人民政府", "千山区")
    # the unit a working group's office is seated in leads
    assert got["2"] == [("鞍山市商务局", "lead"), ("鞍山市财政局", "support"), ("鞍山市自然资源局", "support")]
    # a clause in parts: A负责，B、C加强指导; A、B牵头，C、D按职责分工负责
    assert got["3"] == [("鞍山市财政局", "lead"), ("鞍山市商务局", "support"), ("鞍山市民政局", "support")]
    assert got["5"] == [("中共鞍山市委宣传部", "lead"), ("鞍山市商务局", "support"), ("鞍山市民政局", "support"),
                        ("鞍山市财政局", "support")]
    # a sentence: A负责，B督导
    assert got["4"] == [("各县（市、区）人民政府", "lead"), ("鞍山市商务局", "support")]


def test_zones_addressed_without_their_city_and_the_contact_unit(tmp_path: Path) -> None:
    doc = load_text(tmp_path, CITY_SERVICES, "as.txt")
    f = doc.facts
    names = {resolver().resolve(a.label, f.jurisdiction, f.province).label for a in f.mentions}
    assert {"鞍山高新技术产业开发区管理委员会", "鞍山经济开发区管理委员会"} <= names
    assert "鞍山市商务局流通业发展科" in names  # named on a 联系单位 line
    assert "鞍山市财政局预算科" not in names  # a 联系人 line names a person


def test_a_place_before_a_relative_form_is_part_of_the_name(tmp_path: Path) -> None:
    text = ("拉萨市人民政府办公室关于印发冬季旅游方案的通知\n拉政办发〔2025〕31号\n"
            "1.保障交通出行。增开旅游直通车。（责任单位：市交通运输局，城关区人民政府）\n"
            "拉萨市人民政府办公室\n2025年10月20日\n")
    doc = load_text(tmp_path, text, "ls.txt")
    f = doc.facts
    names = {resolver().resolve(a.label, f.jurisdiction, f.province).label for a in f.mentions}
    assert "拉萨市城关区人民政府" in names
    assert "西藏自治区人民政府" not in names  # 区人民政府 inside 城关区人民政府 names no regional government


def test_a_heading_phrase_is_no_unit_and_cooperatives_support(tmp_path: Path) -> None:
    """A measure's heading sentence names no unit unless a verb makes it one (全面推进无烟党政机关建设。 is a task;
    县林业局负责。 a unit); a 供销社 in a 配合 clause is a unit."""
    national = ("国家卫生计生委 中央文明办关于印发《公共场所控制吸烟工作方案》的通知\n国卫宣传发〔2017〕22号\n"
                "1.全面推进无烟党政机关建设。领导干部要带头在公共场所禁烟。由中央文明办会同国家卫生计生委将无烟党政机关"
                "建设情况纳入测评体系。\n国家卫生计生委\n2017年6月9日\n")
    got = responsible(load_text(tmp_path, national, "ky.txt"))
    assert got["1"] == [("中央精神文明建设指导委员会办公室", "lead"), ("国家卫生和计划生育委员会", "support")]
    county = ("长汀县人民政府办公室关于印发长汀县2025年水土流失综合治理工作方案的通知\n汀政办〔2025〕9号\n"
              "1.开展低效林改造提升。实施补植套种。县林业局负责。\n"
              "2.发展生态茶果和林下经济。由县农业农村局牵头，县林业局、县供销社配合。\n"
              "长汀县人民政府办公室\n2025年2月26日\n")
    got = responsible(load_text(tmp_path, county, "ct.txt"))
    assert got["1"] == [("长汀县林业局", "lead")]
    assert got["2"] == [("长汀县农业农村局", "lead"), ("长汀县林业局", "support"),
                        ("长汀县供销合作社联合社", "support")]


def test_a_coordinator_then_named_departments_and_an_adverb_before_the_verb(tmp_path: Path) -> None:
    """省食安办负责…，A、B等部门要…: the coordinator leads, the named departments support, a kind of department at
    every level is no unit beside them; a unit before 每年组织 is a subject (2017: bodies as named then)."""
    text = ("山西省人民政府办公厅关于进一步加强农村食品安全治理工作的实施意见\n晋政办发〔2017〕96号\n三、保障措施\n"
            "（一）加强协调联动。省食品安全委员会办公室负责统筹协调农村食品安全治理工作，省食品药品监管局、省质监局、"
            "省卫生计生委等部门要加强信息共享。各级食品药品监管部门要发挥牵头作用。\n"
            "（二）加强督查考核。将农村食品安全治理工作纳入考核内容，省食品安全委员会办公室每年组织一次专项督查。\n"
            "山西省人民政府办公厅\n2017年8月25日\n")
    doc = load_text(tmp_path, text, "sx.txt")
    units = {m.number: [r.agency.label for r in m.responsibilities] for m in doc.facts.measures}
    assert list(units.values()) == [["省食品安全委员会办公室", "省食品药品监管局", "省质监局", "省卫生计生委"],
                                     ["省食品安全委员会办公室"]]
    names = {resolver().resolve(a.label, doc.facts.jurisdiction, doc.facts.province, 2017).label
             for a in doc.facts.mentions}
    assert {"山西省食品药品监督管理局", "山西省质量技术监督局", "山西省卫生和计划生育委员会"} <= names


def test_a_ministrys_own_departments_lead_and_take_part(tmp_path: Path) -> None:
    """由运行管理司牵头，监督司、信息中心参与 in a ministry's document: its own departments, named relative to it; a
    sentence 各地要…明确政府… names no unit."""
    text = ("水利部关于加强小型水库管理的意见\n水运管〔2025〕1号\n各省、自治区、直辖市水利（水务）厅（局）：\n"
            "（一）全面落实责任。各地要逐库明确政府行政责任人。由运行管理司牵头，水旱灾害防御司、监督司参与。\n"
            "（二）加强数字孪生水库建设。推进数字化管理。由信息中心牵头，运行管理司参与。\n"
            "水利部\n2025年3月1日\n")
    doc = load_text(tmp_path, text, "mwr.txt")
    units = [[(r.agency.label, r.role) for r in m.responsibilities] for m in doc.facts.measures]
    assert units == [[("运行管理司", "lead"), ("水旱灾害防御司", "support"), ("监督司", "support")],
                     [("信息中心", "lead"), ("运行管理司", "support")]]


def test_units_each_with_their_own_charge_and_a_pair_joined_by_ji(tmp_path: Path) -> None:
    """X负责统筹，Y负责执法，A、B街道办事处负责…: each clause's units, known by name or not; 区财政局及相关街道办事处
    配合 is two units."""
    text = ("北京市东城区人民政府办公室关于印发东城区背街小巷整治提升行动计划的通知\n东政办发〔2025〕3号\n"
            "（一）治理架空线。推进架空线入地。由区城管委牵头，区发展改革委、区财政局及相关街道办事处配合。\n"
            "（二）规范停车秩序。推广错时共享停车。区交通委负责统筹，东城交通支队负责执法，东华门街道办事处、"
            "景山街道办事处负责所辖区域组织实施。\n"
            "北京市东城区人民政府办公室\n2025年3月1日\n")
    got = list(responsible(load_text(tmp_path, text, "dc.txt")).values())
    assert got[0] == [("北京市东城区城市管理委员会", "lead"), ("北京市东城区发展和改革委员会", "support"),
                        ("北京市东城区财政局", "support"), ("相关街道办事处", "support")]
    assert got[1][0] == ("北京市东城区交通委员会", "lead")
    assert [name for name, _ in got[1][2:]] == ["北京市东城区东华门街道办事处", "北京市东城区景山街道办事处"]


def test_each_yishi_point_closed_by_its_own_clause(tmp_path: Path) -> None:
    """一是…（A负责） 二是…（A牵头，B配合） under a bare heading: each point's clause is its own."""
    text = ("哈尔滨市人民政府办公厅关于做好供热保障工作的通知\n哈政办发〔2025〕30号\n各区、县（市）人民政府：\n"
            "一、压实供热保障责任\n一是落实供热企业主体责任。严格执行供热计划。（市住房城乡建设局负责）\n"
            "二是保障燃料供应。督促供热企业足额储备燃煤。（市发展改革委牵头，市交通运输局配合）\n"
            "哈尔滨市人民政府办公厅\n2025年9月26日\n")
    doc = load_text(tmp_path, text, "hrb.txt")
    units = [[(r.agency.label, r.role) for r in m.responsibilities] for m in doc.facts.measures]
    assert units == [[("市住房城乡建设局", "lead")], [("市发展改革委", "lead"), ("市交通运输局", "support")]]
    assert doc.facts.measures[0].text == "落实供热企业主体责任。严格执行供热计划。"


def test_a_co_handlers_commitment_headed_by_its_name(tmp_path: Path) -> None:
    """三、协办单位下一步工作 （一）市总工会。…: the item names the department it belongs to."""
    text = ("青岛市人力资源和社会保障局\n关于市政协十五届四次会议第0218号提案的答复\n张××委员：\n"
            "您提出的《关于加强新就业形态劳动者权益保障的提案》收悉。该提案由我局主办，市总工会、市医保局协办。现答复如下：\n"
            "一、工作开展情况\n我市出台了实施办法。\n二、下一步工作打算\n（一）扩大社会保险覆盖面。引导灵活就业人员参保。\n"
            "三、协办单位下一步工作\n（一）市总工会。2025年新建“暖心驿站”不少于50个。\n（二）市医保局。优化经办服务。\n"
            "青岛市人力资源和社会保障局\n2025年6月30日\n")
    doc = load_text(tmp_path, text, "qd.txt")
    leads = [m.responsibilities[0].agency.label for m in doc.facts.measures]
    assert leads == ["青岛市人力资源和社会保障局", "市总工会", "市医保局"]


def test_a_countys_document_names_its_prefectures_bodies_with_shi(tmp_path: Path) -> None:
    """市生态环境局兰考分局 and 市财政局 in a 兰考县 document that names 开封市: the prefecture's bodies; without a
    prefecture named they stay as written."""
    body = ("兰考县人民政府办公室关于印发兰考县农村生活污水治理工作方案的通知\n兰政办〔2025〕15号\n"
            "为贯彻落实《河南省农村生活污水治理三年行动方案》，根据《{city}农村人居环境整治提升五年行动实施方案》要求，制定本方案。\n"
            "（一）科学编制治理规划。（责任单位：市生态环境局兰考分局、县住建局、市财政局）\n"
            "（二）加强设施运行维护。（责任单位：县住建局）\n兰考县人民政府办公室\n2025年3月12日\n")
    named = responsible(load_text(tmp_path, body.format(city="开封市"), "lk.txt"))
    assert [name for name, _ in next(iter(named.values()))] == [
        "开封市生态环境局兰考分局", "兰考县住房和城乡建设局", "开封市财政局"]
    unnamed = responsible(load_text(tmp_path, body.format(city="全市"), "lk2.txt"))
    assert next(iter(unnamed.values()))[0][0] == "市生态环境局兰考分局"


def test_a_named_town_after_a_collective_in_the_addressees_is_a_unit_of_its_own(tmp_path: Path) -> None:
    """主送 各街道办事处、华泾镇人民政府: the town is named, so the pair is no one collective group."""
    text = ("上海市徐汇区人民政府办公室关于印发徐汇区加装电梯三年行动方案的通知\n徐府办发〔2025〕12号\n"
            "各街道办事处、华泾镇人民政府，区政府各委、办、局：\n"
            "（一）开展摸底排查。建立需求台账。（牵头单位：区房管局；配合单位：各街道办事处、华泾镇人民政府）\n"
            "（二）优化审批流程。推行一窗受理。（牵头单位：区房管局）\n上海市徐汇区人民政府办公室\n2025年4月28日\n")
    got = next(iter(responsible(load_text(tmp_path, text, "xh.txt")).values()))
    assert got == [("上海市徐汇区住房保障和房屋管理局", "lead"), ("各街道办事处", "support"),
                   ("华泾镇人民政府", "support")]


def test_the_co_handlers_plans_section_of_a_reply(tmp_path: Path) -> None:
    """三、协办单位工作安排 （一）市财政局。…: commitments of the departments that head them."""
    text = ("大连市住房和城乡建设局\n大住建函〔2025〕112号\n关于市十七届人大四次会议第0135号建议的答复\n张XX代表：\n"
            "您提出的关于加快推进城镇老旧小区供热管网改造的建议收悉。该建议由我局主办，市财政局协办。现答复如下：\n"
            "一、工作开展情况\n我局统筹推进改造。\n二、下一步工作打算\n（一）加大改造力度。2025年计划改造管网不少于260公里。\n"
            "三、协办单位工作安排\n（一）市财政局。继续统筹补助资金。\n（二）市城市管理局。优化挖掘许可审批流程。\n"
            "大连市住房和城乡建设局\n2025年6月20日\n")
    leads = [m.responsibilities[0].agency.label for m in load_text(tmp_path, text, "dl.txt").facts.measures]
    assert leads == ["大连市住房和城乡建设局", "市财政局", "市城市管理局"]


def test_lead_and_support_labels_on_one_line_set_apart_by_a_blank(tmp_path: Path) -> None:
    """牵头单位：A　配合单位：B、C on the line after the item, no brackets."""
    text = ("九江市人民政府办公室关于印发九江市客货邮融合发展实施方案的通知\n九府办发〔2025〕9号\n"
            "1.完善县乡村三级节点网络。建设县级客货邮综合服务中心。\n"
            "牵头单位：市交通运输局\u3000配合单位：市邮政管理局、市商务局、各县（市、区）人民政府\n"
            "2.推动线路融合共享。优化农村客运班线。\n牵头单位：市交通运输局  配合单位：市邮政管理局\n"
            "九江市人民政府办公室\n2025年5月6日\n")
    got = list(responsible(load_text(tmp_path, text, "jj.txt")).values())
    assert got == [[("九江市交通运输局", "lead"), ("九江市邮政管理局", "support"), ("九江市商务局", "support"),
                    ("各县（市、区）人民政府", "support")],
                   [("九江市交通运输局", "lead"), ("九江市邮政管理局", "support")]]


def test_provinces_regions_and_municipalities_are_one_collective(tmp_path: Path) -> None:
    text = ("国务院办公厅关于发展森林康养产业的意见\n国办发〔2025〕47号\n"
            "（一）抓好组织实施。各地区要将森林康养纳入规划。（各省、自治区、直辖市人民政府负责）\n"
            "（二）加强指导。开展评估。（国家林草局负责）\n国务院办公厅\n2025年6月1日\n")
    got = list(responsible(load_text(tmp_path, text, "gwy.txt")).values())
    assert got[0] == [("各省、自治区、直辖市人民政府", "lead")]


def test_a_lead_with_another_unit_in_one_clause(tmp_path: Path) -> None:
    """（A会同B负责）: A leads, B takes part."""
    text = ("应急管理部 工业和信息化部关于加强有限空间作业安全管理的通知\n应急〔2025〕31号\n"
            "1.规范作业审批。推动企业使用电子作业票。（应急管理部会同工业和信息化部负责）\n"
            "2.做好事故调查评估。及时发布典型案例。（应急管理部负责）\n应急管理部\n2025年6月3日\n")
    got = list(responsible(load_text(tmp_path, text, "mem.txt")).values())
    assert got[0] == [("应急管理部", "lead"), ("工业和信息化部", "support")]


def test_a_division_of_labour_table_with_bars(tmp_path: Path) -> None:
    text = ("桦南县人民政府办公室关于印发桦南县秸秆综合利用实施方案的通知\n桦政办发〔2025〕8号\n"
            "1.推进秸秆肥料化利用。推广秸秆深翻还田。\n2.加强农机装备保障。整合农机资源。\n"
            "附件：重点任务分工表\n序号|任务|牵头单位|配合单位\n"
            "1 |推进秸秆肥料化利用|县农业农村局|县财政局、各乡镇人民政府\n"
            "2 |加强农机装备保障|县农业农村局|县财政局\n桦南县人民政府办公室\n2025年4月1日\n")
    got = list(responsible(load_text(tmp_path, text, "hn.txt")).values())
    assert got == [[("桦南县农业农村局", "lead"), ("桦南县财政局", "support"), ("各乡镇人民政府", "support")],
                   [("桦南县农业农村局", "lead"), ("桦南县财政局", "support")]]


def test_a_reply_item_whose_sentence_names_a_co_handler_as_subject(tmp_path: Path) -> None:
    text = ("陕西省农业农村厅\n陕农函〔2025〕88号\n关于省十四届人大三次会议第0512号建议的答复\n李××代表：\n"
            "您提出的《关于加大苹果产业保险支持力度的建议》收悉。该建议由省农业农村厅主办，省财政厅协办。"
            "经商国家金融监督管理总局陕西监管局，现答复如下：\n一、工作开展情况\n我厅推动保险扩面。\n二、下一步工作打算\n"
            "（一）扩大保险覆盖面。推动苹果保险扩面增品。\n（二）加大财政支持力度。省财政厅将继续落实保费补贴。\n"
            "陕西省农业农村厅\n2025年6月30日\n")
    facts = load_text(tmp_path, text, "sx.txt").facts
    assert [m.responsibilities[0].agency.label for m in facts.measures] == ["陕西省农业农村厅", "省财政厅"]
    assert [c.label for c in facts.co_handlers] == ["省财政厅", "国家金融监督管理总局陕西监管局"]
