"""Agency resolution against the registry data, relative to the document's jurisdiction."""

import pytest

from policykg.loaders.registry import agencies, by_id
from policykg.loaders.resolve import detect_jurisdiction, is_collective, resolver


@pytest.mark.parametrize(("written", "canonical"), [
    ("省民政厅", "吉林省民政厅"),
    ("省发改委", "吉林省发展和改革委员会"),
    ("省卫生健康委", "吉林省卫生健康委员会"),
    ("省卫健委", "吉林省卫生健康委员会"),
    ("吉林金融监管局", "国家金融监督管理总局吉林监管局"),
    ("省委金融办", "中共吉林省委金融委员会办公室"),
    ("省税务局", "国家税务总局吉林省税务局"),
    ("省政府", "吉林省人民政府"),
    ("省政数局", "吉林省政务服务和数字化建设管理局"),
    ("人社部", "人力资源和社会保障部"),
    ("国家卫健委", "国家卫生健康委员会"),
])
def test_resolves_forms_in_a_jilin_document(written: str, canonical: str) -> None:
    r = resolver().resolve(written, "吉林省")
    assert (r.kind, r.label, r.written) == ("registry", canonical, written)


def test_relative_forms_follow_the_jurisdiction() -> None:
    assert resolver().resolve("省民政厅", "广东省").label == "广东省民政厅"
    assert resolver().resolve("省民政厅", None).kind == "unresolved"


def test_typo_resolves_only_when_unambiguous() -> None:
    r = resolver().resolve("吉林省政务服务和数字体化建设管理局", "吉林省")
    assert r.label == "吉林省政务服务和数字化建设管理局"
    assert resolver().resolve("吉林省民政局", "吉林省").kind == "unresolved"  # 民政厅 vs 民政局: not a guess


def test_unknown_and_collective_units_are_kept_as_written() -> None:
    assert resolver().resolve("长白山司法局", "吉林省").kind == "unresolved"
    r = resolver().resolve("各市（州）、县（市、区）人民政府", "吉林省")
    assert (r.kind, r.label) == ("collective", "各市（州）、县（市、区）人民政府")
    assert is_collective("各有关部门") and not is_collective("吉林省民政厅")


def test_renamed_body_links_to_its_successor() -> None:
    old = resolver().resolve("省卫计委", "吉林省")
    assert old.label == "吉林省卫生和计划生育委员会"
    assert by_id()[old.key].succeeded_by == "220000/health"


def test_registry_ids_and_names_are_unique() -> None:
    ids = [a.id for a in agencies()]
    names = [a.name for a in agencies()]
    assert len(ids) == len(set(ids))
    assert len(names) == len(set(names))


def test_jurisdiction_is_detected_from_the_text() -> None:
    assert detect_jurisdiction("吉林省民政厅关于……吉林省财政厅") == ("吉林省", "吉林省")
    assert detect_jurisdiction("没有地名") == (None, None)
    assert detect_jurisdiction("广州市民政局关于印发某方案的通知\n广东省……\n广州市民政局\n2024年1月1日") == (
        "广州市", "广东省")


@pytest.mark.parametrize(("written", "jurisdiction", "canonical", "level"), [
    ("广州市卫健委", None, "广州市卫生健康委员会", "city"),
    ("市民政局", "广州市", "广州市民政局", "city"),
    ("市人社局", "杭州市", "杭州市人力资源和社会保障局", "city"),
    ("区民政局", "成都市武侯区", "成都市武侯区民政局", "district"),
    ("县财政局", "安吉县", "安吉县财政局", "county"),
    ("吉林市民政局", "吉林省", "吉林市民政局", "city"),
])
def test_city_county_and_district_bodies_by_pattern(written: str, jurisdiction: str | None, canonical: str,
                                                     level: str) -> None:
    r = resolver().resolve(written, jurisdiction)
    assert (r.kind, r.label, r.level) == ("local", canonical, level)


def test_generic_local_forms_stay_unresolved() -> None:
    assert resolver().resolve("市民政局", "吉林省").kind == "unresolved"  # 各市 in a provincial document
    assert resolver().resolve("全市民政局", None).kind != "local"


def test_province_of_a_city_document_that_does_not_name_it() -> None:
    assert detect_jurisdiction("杭州市民政局关于做好养老服务补贴工作的通知\n各区民政局：\n…") == ("杭州市", "浙江省")
    assert detect_jurisdiction("成都市武侯区民政局关于推进嵌入式服务的通知\n…") == ("成都市武侯区", "四川省")


@pytest.mark.parametrize(("written", "jurisdiction", "canonical"), [
    ("省邮政管理局", "山东省", "山东省邮政管理局"),
    ("省供销社", "山东省", "山东省供销合作社"),  # a provincial name of its own, from provincial_names.csv
    ("省供销社", "贵州省", "贵州省供销合作社联合社"),
    ("省食安办", "安徽省", "安徽省食品安全委员会办公室"),
    ("省数据资源局", "安徽省", "安徽省数据资源管理局"),
    ("自治区委宣传部", "广西壮族自治区", "中共广西壮族自治区委员会宣传部"),  # an autonomous region's 委员会
    ("自治区党委社会工作部", "内蒙古自治区", "中共内蒙古自治区委员会社会工作部"),
    ("自治区党委", "内蒙古自治区", "中共内蒙古自治区委员会"),
    ("省委宣传部", "吉林省", "中共吉林省委宣传部"),
    ("中央编办", None, "中共中央机构编制委员会办公室"),
    ("兵团医保局", None, "新疆生产建设兵团医疗保障局"),  # the corps' bodies in any document
    ("新疆生产建设兵团发展改革委", None, "新疆生产建设兵团发展和改革委员会"),
    ("兵团", None, "新疆生产建设兵团"),  # the corps itself, and its office, by the corps' short name
    ("兵团办公厅", None, "新疆生产建设兵团办公厅"),
    ("自治区旅游发展厅", "西藏自治区", "西藏自治区旅游发展厅"),
    ("省文物局", "江苏省", "江苏省文物局"),
])
def test_provincial_bodies_added_by_data(written: str, jurisdiction: str | None, canonical: str) -> None:
    r = resolver().resolve(written, jurisdiction)
    assert (r.kind, r.label) == ("registry", canonical)


@pytest.mark.parametrize(("written", "jurisdiction", "province", "canonical"), [
    ("区商务委", "重庆市九龙坡区", "重庆市", "重庆市九龙坡区商务委员会"),
    ("区文化旅游委", "重庆市九龙坡区", "重庆市", "重庆市九龙坡区文化和旅游发展委员会"),
    ("区交通局", "重庆市九龙坡区", "重庆市", "重庆市九龙坡区交通局"),  # 交通局 as written, not 交通运输局
    ("区委宣传部", "重庆市九龙坡区", "重庆市", "中共重庆市九龙坡区委宣传部"),
    ("区公安分局", "重庆市九龙坡区", "重庆市", "重庆市公安局九龙坡区分局"),  # the city bureau's district branch
    ("朝阳公安分局", "北京市朝阳区", "北京市", "北京市公安局朝阳分局"),
    ("市公安局武侯分局", "成都市武侯区", "四川省", "成都市公安局武侯分局"),
    ("杨家坪街道", "重庆市九龙坡区", "重庆市", "重庆市九龙坡区杨家坪街道办事处"),  # a street office
    ("市供销总社", "盐城市", "江苏省", "盐城市供销合作总社"),
    ("市供销社", "遵义市", "贵州省", "遵义市供销合作社联合社"),
    ("市文广旅局", "盐城市", "江苏省", "盐城市文化广电和旅游局"),
    ("县教科局", "平遥县", "山西省", "平遥县教育科技局"),
    ("区委社治委", "成都市武侯区", "四川省", "中共成都市武侯区委城乡社区发展治理委员会"),
    ("人民银行盐城市分行", "盐城市", "江苏省", "中国人民银行盐城市分行"),
    ("盐城金融监管分局", "盐城市", "江苏省", "国家金融监督管理总局盐城监管分局"),  # the city without 市
    ("人民银行南宁中心支行", "广西壮族自治区", "广西壮族自治区", "中国人民银行南宁中心支行"),
    # a prefecture written short (延边州, 延边), by the short names of the cities data file
    ("人民银行延边州分行", "延边朝鲜族自治州", "吉林省", "中国人民银行延边朝鲜族自治州分行"),
    ("延边金融监管分局", "延边朝鲜族自治州", "吉林省", "国家金融监督管理总局延边监管分局"),
    ("延边州财政局", "长春市", "吉林省", "延边朝鲜族自治州财政局"),
    ("州融媒体中心", "延边朝鲜族自治州", "吉林省", "延边朝鲜族自治州融媒体中心"),
    ("州林业局", "延边朝鲜族自治州", "吉林省", "延边朝鲜族自治州林业局"),  # not renamed 林业和草原局
    ("州林草局", "延边朝鲜族自治州", "吉林省", "延边朝鲜族自治州林业和草原局"),
    ("市公安局交警支队", "拉萨市", "西藏自治区", "拉萨市公安局交通警察支队"),  # 交警 written in full
    ("县交警大队", "屯昌县", "海南省", "屯昌县交通警察大队"),
    ("高新区管委会", "鞍山市", "辽宁省", "鞍山高新技术产业开发区管理委员会"),  # a zone named without its city
    ("盐城经济技术开发区管委会", "盐城市", "江苏省", "盐城经济技术开发区管理委员会"),
    # district commissions and bureaus written short (区交通委, 区住房城市建设委, 区城管执法局)
    ("区交通委", "北京市东城区", "北京市", "北京市东城区交通委员会"),
    ("区住房城市建设委", "北京市东城区", "北京市", "北京市东城区住房和城市建设委员会"),
    ("区城管执法局", "北京市东城区", "北京市", "北京市东城区城市管理综合行政执法局"),
])
def test_local_bodies_by_pattern_and_data(written: str, jurisdiction: str, province: str, canonical: str) -> None:
    r = resolver().resolve(written, jurisdiction, province)
    assert (r.kind, r.label) == ("local", canonical)


def test_branches_and_street_offices_need_the_documents_own_place() -> None:
    # a county document whose city is not known: the city bureau's branch stays as written, not guessed
    assert resolver().resolve("市生态环境局会宁分局", "会宁县", "甘肃省").kind == "unresolved"
    assert resolver().resolve("杨家坪街道", "重庆市", "重庆市").kind == "unresolved"  # not a district's document
    assert resolver().resolve("各街道", "重庆市九龙坡区", "重庆市").kind == "collective"
    assert resolver().resolve("所在街道", "重庆市九龙坡区", "重庆市").kind == "unresolved"
    assert resolver().resolve("海淀公安分局", "北京市朝阳区", "北京市").kind == "unresolved"  # another district's


@pytest.mark.parametrize(("written", "jurisdiction", "province", "canonical"), [
    ("教育部办公厅", None, None, "教育部办公厅"),
    ("市场监管总局办公厅", None, None, "国家市场监督管理总局办公厅"),
    ("全国人大常委会办公厅联络局", None, None, "全国人民代表大会常务委员会办公厅联络局"),
    ("科技部成果转化与区域创新司", None, None, "科学技术部成果转化与区域创新司"),
    ("省人大常委会代表工作委员会", "河南省", "河南省", "河南省人民代表大会常务委员会代表工作委员会"),
    ("省教育厅基础教育处", "青海省", "青海省", "青海省教育厅基础教育处"),  # a division named with its body
    ("农业农村部农田建设管理司", None, None, "农业农村部农田建设管理司"),
])
def test_named_units_inside_a_known_body(written: str, jurisdiction: str | None, province: str | None,
                                         canonical: str) -> None:
    assert resolver().resolve(written, jurisdiction, province).label == canonical


def test_city_bodies_of_the_province_are_known_forms_and_banks_need_their_prefix() -> None:
    forms = resolver().forms("浏阳市", "湖南省")
    assert "长沙市商务局" in forms and "浏阳市商务局" in forms
    city = resolver().forms("盐城市", "江苏省")
    assert "人民银行盐城市分行" in city and "盐城金融监管分局" in city
    assert "盐城市分行" not in city  # 分行 alone names no body: any bank has branches


def test_the_corps_and_a_bank_branch_do_not_make_the_jurisdiction() -> None:
    text = ("民政部关于做好医疗救助工作的通知\n各省、自治区、直辖市民政厅，新疆生产建设兵团民政局：\n…\n"
            "民政部\n2024年5月20日")
    assert detect_jurisdiction(text) == (None, None)
    table = ("广西壮族自治区人民政府办公厅关于印发方案的通知\n…\n"
             "7\t加大金融支持\t自治区地方金融监管局\t人民银行南宁中心支行")
    assert detect_jurisdiction(table) == ("广西壮族自治区", "广西壮族自治区")


def test_a_provincial_heading_decides_over_a_prefecture_addressed() -> None:
    text = ("新疆维吾尔自治区人民政府办公厅关于印发方案的通知\n新政办发〔2025〕14号\n"
            "伊犁哈萨克自治州人民政府，各地区行政公署：\n…\n新疆维吾尔自治区人民政府办公厅\n2025年3月28日")
    assert detect_jurisdiction(text) == ("新疆维吾尔自治区", "新疆维吾尔自治区")


def test_a_zone_without_its_city_needs_a_city_document() -> None:
    assert resolver().resolve("高新区管委会", "屯昌县", "海南省").kind == "unresolved"
    assert "高新区管委会" in resolver().forms("鞍山市", "辽宁省")
    assert "延边金融监管分局" in resolver().forms("延边朝鲜族自治州", "吉林省")


def test_forms_matched_in_two_parts_as_one_pattern_would() -> None:
    """A jurisdiction's forms compile apart from its province's shared ones; the matches stay leftmost-longest."""
    import random

    from policykg.loaders.extract.agencies import FormMatcher, FormSet, _compiled, known_forms
    from policykg.loaders.resolve import resolver

    forms = resolver().forms("浏阳市", "湖南省")
    assert isinstance(forms, FormSet) and forms.parts[1]
    split, whole = known_forms(forms), _compiled(tuple(forms))
    assert isinstance(split, FormMatcher)
    rnd = random.Random(7)
    pieces = [*forms.parts[1][:200], *forms.parts[0][:400], "、", "和", "市", "县", "局"]
    for _ in range(50):
        text = "".join(rnd.choice(pieces)[: rnd.randint(1, 14)] for _ in range(60))
        assert [m.span() for m in split.finditer(text)] == [m.span() for m in whole.finditer(text)]
        for pos in range(0, len(text), 7):
            a, b = split.match(text, pos), whole.match(text, pos)
            assert (a and a.span()) == (b and b.span())
            a, b = split.search(text, pos), whole.search(text, pos)
            assert (a and a.span()) == (b and b.span())


@pytest.mark.parametrize(("written", "canonical"), [
    ("中央文明办", "中央精神文明建设指导委员会办公室"),
    ("中央农办", "中央农村工作领导小组办公室"),
    ("中央财办", "中央财经委员会办公室"),
    ("中央网信办", "中央网络安全和信息化委员会办公室"),
    ("中央编办", "中共中央机构编制委员会办公室"),
])
def test_national_short_forms_of_central_offices(written: str, canonical: str) -> None:
    assert resolver().resolve(written, None).label == canonical


@pytest.mark.parametrize(("written", "province", "canonical"), [
    ("省供销合作总社", "湖南省", "湖南省供销合作总社"),  # the written kind, the province's name being unknown
    ("省供销社", "湖南省", "湖南省供销合作社联合社"),
    ("省供销总社", "江苏省", "江苏省供销合作总社"),  # known names of the body
    ("省供销社", "江苏省", "江苏省供销合作总社"),
    ("省供销合作总社", "山东省", "山东省供销合作社"),
    ("原省农牧厅", "甘肃省", "甘肃省农牧厅"),  # a former body under its name of the time
])
def test_supply_cooperatives_and_former_bodies(written: str, province: str, canonical: str) -> None:
    assert resolver().resolve(written, province).label == canonical


@pytest.mark.parametrize(("written", "jurisdiction", "province", "canonical"), [
    ("市教体局", "绵阳市", "四川省", "绵阳市教育和体育局"),  # an abbreviation maps to its own kind
    ("市经济和信息化局", "绵阳市", "四川省", "绵阳市经济和信息化局"),  # a written kind is not renamed
    ("市城市管理和综合执法局", "江门市", "广东省", "江门市城市管理和综合执法局"),
    ("市气象局", "江门市", "广东省", "江门市气象局"),
    ("县文体旅游局", "长汀县", "福建省", "长汀县文体旅游局"),
    ("县水保中心", "长汀县", "福建省", "长汀县水土保持事业发展中心"),
    ("县供销社", "长汀县", "福建省", "长汀县供销合作社联合社"),
    ("县非遗保护局", "长汀县", "福建省", "长汀县非遗保护局"),  # a bureau the local kinds do not know
])
def test_local_kinds_as_written(written: str, jurisdiction: str, province: str, canonical: str) -> None:
    assert resolver().resolve(written, jurisdiction, province).label == canonical


def test_relative_bureaus_only_below_the_province() -> None:
    assert resolver().resolve("市场监管局", "江门市", "广东省").kind == "unresolved"  # a kind, not 江门市场监管局
    assert resolver().resolve("省非遗保护局", "福建省", "福建省").kind == "unresolved"
    assert resolver().resolve("市非遗保护局", "北京市", "北京市").kind == "unresolved"


def test_a_named_unit_after_its_body_is_the_mention() -> None:
    from policykg.loaders.extract.agencies import find_mentions

    text = "责任单位：市住房城乡建设局、市公安局交警支队。"
    found = [m.label for m in find_mentions(text, resolver().forms("江门市", "广东省"))]
    assert found == ["市住房城乡建设局", "市公安局交警支队"]


@pytest.mark.parametrize(("written", "province", "year", "canonical"), [
    ("省食品药品监管局", "山西省", 2017, "山西省食品药品监督管理局"),  # named as the body was at the document's date
    ("省质监局", "山西省", 2017, "山西省质量技术监督局"),
    ("省卫生计生委", "山西省", 2017, "山西省卫生和计划生育委员会"),
    ("省食药监局", "安徽省", 2019, "安徽省市场监督管理局"),  # a renamed body written after the reform: its successor
    ("省卫计委", "安徽省", 2019, "安徽省卫生健康委员会"),
    ("省国土厅", "安徽省", 2019, "安徽省自然资源厅"),
    ("原省农牧厅", "甘肃省", 2024, "甘肃省农牧厅"),  # written with 原: the former body
    ("省建设厅", "浙江省", 2025, "浙江省住房和城乡建设厅"),  # the short form people still write for the renamed body
    ("省建设厅", "浙江省", 2006, "浙江省建设厅"),
    ("自治区扶贫办", "广西壮族自治区", 2018, "广西壮族自治区扶贫开发办公室"),
    ("自治区扶贫办", "广西壮族自治区", 2023, "广西壮族自治区乡村振兴局"),
    ("工商总局", None, 2017, "国家工商行政管理总局"),
    ("食品药品监管总局", None, 2017, "国家食品药品监督管理总局"),
])
def test_renamed_bodies_as_of_the_document_date(written: str, province: str | None, year: int,
                                                canonical: str) -> None:
    assert resolver().resolve(written, province, None, year).label == canonical


def test_a_name_after_yuan_or_in_a_cited_title_is_historical() -> None:
    from policykg.loaders.resolve import historical

    text = "原卫生部印发。按照《国务院办公厅转发文化部等部门意见》要求，文化和旅游部负责。"
    assert historical(text, text.index("卫生部"))
    assert historical(text, text.index("文化部"))
    assert not historical(text, text.index("文化和旅游部"))


@pytest.mark.parametrize(("written", "jurisdiction", "province", "canonical"), [
    ("国务院安委会", None, None, "国务院安全生产委员会"),
    ("国务院安委会办公室", None, None, "国务院安全生产委员会办公室"),
    ("省地方金融管理局", "江西省", "江西省", "江西省地方金融管理局"),  # the 2024 name, as written
    ("省气象局", "四川省", "四川省", "四川省气象局"),
    ("省促进中小企业发展工作领导小组办公室", "江西省", "江西省", "江西省促进中小企业发展工作领导小组办公室"),
    ("市文化广电旅游局", "温州市", "浙江省", "温州市文化广电旅游局"),  # the written kind, not 文化广电和旅游局
    ("省人力社保厅", "浙江省", "浙江省", "浙江省人力资源和社会保障厅"),
    ("省大数据管理局", "海南省", "海南省", "海南省大数据管理局"),
    ("人行安徽省分行", "安徽省", "安徽省", "中国人民银行安徽省分行"),
    ("省工信厅", "安徽省", "安徽省", "安徽省经济和信息化厅"),  # Anhui's department kept the name
    ("省工信厅", "河南省", "河南省", "河南省工业和信息化厅"),
    ("市人力社保局", "重庆市", "重庆市", "重庆市人力资源和社会保障局"),
    ("市农业农村委", "重庆市", "重庆市", "重庆市农业农村委员会"),
    ("市交通局", "重庆市", "重庆市", "重庆市交通局"),  # the kind as written
    ("市供销合作社", "重庆市", "重庆市", "重庆市供销合作社"),
    ("最高检", None, None, "最高人民检察院"),
    ("省法院", "河北省", "河北省", "河北省高级人民法院"),
    ("省检察院", "河北省", "河北省", "河北省人民检察院"),
    ("省军区", "河北省", "河北省", "河北省军区"),
    ("省数据和政务服务局", "河北省", "河北省", "河北省数据和政务服务局"),
    ("省自然资源和规划厅", "海南省", "海南省", "海南省自然资源和规划厅"),
    ("区建设管理委", "上海市徐汇区", "上海市", "上海市徐汇区建设和管理委员会"),
    ("区信访办", "上海市徐汇区", "上海市", "上海市徐汇区信访办公室"),
    ("区房管局", "上海市徐汇区", "上海市", "上海市徐汇区住房保障和房屋管理局"),  # Shanghai's own wording
    ("市房管局", "合肥市", "安徽省", "合肥市住房保障和房产管理局"),
    ("市公积金管理中心徐汇分中心", "上海市徐汇区", "上海市", "上海市公积金管理中心徐汇分中心"),  # its city's
    ("苏州高新区管委会", "苏州市", "江苏省", "苏州高新技术产业开发区管理委员会"),
    ("高新区管委会", "鞍山市", "辽宁省", "鞍山高新技术产业开发区管理委员会"),
    ("洋浦经济开发区管委会", "海南省", "海南省", "洋浦经济开发区管理委员会"),  # written in full, kept unresolved
    ("各县（市、区）人民政府（管委会）", "盐城市", "江苏省", "各县（市、区）人民政府（管委会）"),  # collective
    ("省数据管理局", "福建省", "福建省", "福建省数据管理局"),
    ("省疾控局", "福建省", "福建省", "福建省疾病预防控制局"),
    ("市自然资源规划局", "昆明市", "云南省", "昆明市自然资源和规划局"),
    ("市营商环境建设监督局", "哈尔滨市", "黑龙江省", "哈尔滨市营商环境建设监督局"),
    ("县委人才办", "沭阳县", "江苏省", "中共沭阳县委人才工作领导小组办公室"),
    ("县委金融办", "沭阳县", "江苏省", "中共沭阳县委金融委员会办公室"),
])
def test_short_forms_of_offices_and_bureaus(written: str, jurisdiction: str | None, province: str | None,
                                            canonical: str) -> None:
    assert resolver().resolve(written, jurisdiction, province).label == canonical


def test_a_contact_line_names_no_place() -> None:
    text = ("宁夏回族自治区卫生健康委员会\n关于第0245号提案的答复\n…\n"
            "联系单位及电话：自治区卫生健康委中医药管理处，0951-5021234\n")
    assert detect_jurisdiction(text) == ("宁夏回族自治区", "宁夏回族自治区")


def test_other_name_in_brackets_and_addressed_departments_of_the_corps() -> None:
    from policykg.loaders.extract.agencies import find_mentions, split_list
    from policykg.loaders.facts import Span

    text = "责任单位：市机关事务管理局、市综合行政执法局（市城市管理局）"
    found = [m.label for m in find_mentions(text, resolver().forms("温州市", "浙江省"))]
    assert found == ["市机关事务管理局", "市综合行政执法局"]
    items = [u.label for u in split_list(text, Span(5, len(text)))]
    assert items == ["市机关事务管理局", "市综合行政执法局"]
    addressees = "各省、自治区、直辖市及新疆生产建设兵团住房城乡建设厅（委、局）、发展改革委："
    assert "新疆生产建设兵团" not in [m.label for m in find_mentions(addressees, resolver().forms(None))]


def test_a_countys_prefecture_is_the_one_city_its_text_names() -> None:
    from policykg.loaders.resolve import county_city

    text = "贯彻落实《广西油茶产业行动方案》和《柳州市油茶“双千”计划实施方案》要求，做大做强我县油茶产业。"
    assert county_city(text, "融水苗族自治县", None) == "柳州市"  # the province not known: any city
    assert county_city(text + "学习南宁市经验。", "融水苗族自治县", "广西壮族自治区") is None  # two cities named
    assert county_city(text, "柳州市", "广西壮族自治区") is None  # a city's own document
