"""Target forms met in practice, read by the pure extractor ``find_targets``: Chinese numerals, relative targets and
multiples, completeness, time limits, per-capita ratios, deadlines carried over ；, undated targets of annual plans
and of tasks with a 完成时限 line, and the numbers that are not targets (rates, qualifiers, scopes, price rules)."""

from datetime import date
from decimal import Decimal

import pytest

from policykg.loaders.extract.targets import find_targets
from policykg.loaders.facts import Span

Row = tuple[Decimal, str, str, int | None]


def read(text: str, part: str | None = None, day: date = date(2024, 5, 1), this_year: bool = True) -> list[Row]:
    """(value, unit, comparator, deadline year) of the targets in ``part`` of ``text`` (the whole text by default)."""
    start = text.index(part) if part else 0
    span = Span(start, start + len(part) if part else len(text))
    return [(t.value, t.unit, t.comparator, t.deadline.year if t.deadline else None)
            for t in find_targets(text, span, day, this_year)]


def row(value: str, unit: str, comparator: str, year: int) -> Row:
    """An expected target."""
    return Decimal(value), unit, comparator, year


@pytest.mark.parametrize(("text", "expected"), [
    ("年内完成全县低收入人口数据比对更新两次以上。", [row("2", "次", ">=", 2024)]),
    ("到2025年，新建三个区域养老服务中心。", [row("3", "个", ">=", 2025)]),
    ("到2025年，试点企业扩大到十家。", [row("10", "家", ">=", 2025)]),
    ("到2026年，建成一百二十个示范村。", [row("120", "个", ">=", 2026)]),
    ("到2025年底，每个县（市、区）至少建有一所老年大学。", [row("1", "所", ">=", 2025)]),
])
def test_chinese_numerals(text: str, expected: list[Row]) -> None:
    """Chinese numerals are read as numbers when a comparator or a counting verb goes with them."""
    assert read(text) == expected


@pytest.mark.parametrize("text", [
    "到2025年，对新认定的企业给予一次性奖励。",
    "到2025年，推行加装电梯“一件事”办理。",
    "到2025年，建立一个统一的服务平台。",
])
def test_chinese_numerals_in_words_are_not_targets(text: str) -> None:
    """一次性, 一件事 and an article 一个 are words, not counts."""
    assert read(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("到2027年，设备投资规模较2023年增长25%以上。", [row("25", "%", ">=", 2027)]),
    ("到2027年，二手车交易量较2023年增长45%，废旧家电回收量较2023年增长30%。",
     [row("45", "%", ">=", 2027), row("30", "%", ">=", 2027)]),
    ("到2025年，网上办理率比2024年提高10个百分点。", [row("10", "个百分点", ">=", 2025)]),
    ("到2027年，报废汽车回收量较2023年增加约一倍。", [row("100", "%", "=", 2027)]),
    ("到2026年，营业收入增长1.5倍。", [row("150", "%", ">=", 2026)]),
    ("年内特困人员基本生活标准不低于当地低保标准的1.3倍。", [row("1.3", "倍", ">=", 2024)]),
])
def test_relative_targets_and_multiples(text: str, expected: list[Row]) -> None:
    """A year after 较/比 is the baseline, not a deadline; 增加一倍 is +100 %; N倍 of a reference stays 倍."""
    assert read(text) == expected


def test_half() -> None:
    """一半以上 → 50 %."""
    text = "确保2019年底前全省政府部门拖欠民营企业账款清偿一半以上。"
    assert read(text, day=date(2019, 7, 1)) == [row("50", "%", ">=", 2019)]


@pytest.mark.parametrize(("text", "expected"), [
    ("到2026年底，地市级急救中心全部达标。", [row("100", "%", ">=", 2026)]),
    ("到2027年，地市级和县级急救中心全部达到建设标准。", [row("100", "%", ">=", 2027)]),
    ("2023年底前全县12处敬老院全部完成改造任务。", [row("100", "%", ">=", 2023)]),  # 12处 is the scope
    ("2025年底前，全省所有统筹地区将全面开通门诊慢特病跨省直接结算服务。", [row("100", "%", ">=", 2025)]),
    ("2024年底前，各省份完成本地监测平台与医疗保障信息平台对接。", [row("100", "%", ">=", 2024)]),
    ("2025年底前完成全市政府网站无障碍改造。", [row("100", "%", ">=", 2025)]),
    ("2024年底前完成全县24处集中式饮用水水源保护区划定。", [row("24", "处", ">=", 2024)]),  # the count wins
    ("到2025年，各县（市、区）建成1个以上区域养老服务中心。", [row("1", "个", ">=", 2025)]),
    ("推动2025年底前所有省份全面出台省级管护办法。", [row("100", "%", ">=", 2025)]),  # 所有 right after the deadline
])
def test_completeness(text: str, expected: list[Row]) -> None:
    """全部达标 / 全部达到 / 所有… / 各…完成 / 完成全市… are 100 %; a count without 全部 is a count."""
    assert read(text, day=date(2023, 3, 1)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("到2025年底，审批时限压缩至10个工作日以内。", [row("10", "个工作日", "<=", 2025)]),
    ("到2027年，平均急救呼叫响应时间不超过12分钟。", [row("12", "分钟", "<=", 2027)]),
    ("到2027年，农村地区快递包裹日均处理能力达到1200万件以上。", [row("1200", "万件", ">=", 2027)]),
    ("到2025年，培养技术经理人不少于1万名。", [row("1", "万名", ">=", 2025)]),
    ("到2025年，打造“15分钟家政服务圈”。", []),
    ("到2025年，不动产登记办理时限压缩至3个月以内。", [row("3", "个月", "<=", 2025)]),
    ("到2025年6月底前，用3个月时间完成隐患排查。", []),
    ("到2027年，乡镇卫生院能够开展的一二级手术不少于20种。", [row("20", "种", ">=", 2027)]),
    ("2025年新建改扩建寄宿制学校学生宿舍、食堂3.5万平方米。", [row("3.5", "万平方米", ">=", 2025)]),
    ("确保到2025年累计建成高标准农田10.75亿亩，到2030年累计建成12亿亩。",
     [row("10.75", "亿亩", ">=", 2025), row("12", "亿亩", ">=", 2030)]),
])
def test_limits_and_units(text: str, expected: list[Row]) -> None:
    """Time limits need a ceiling (不超过, 以内); 万件, 万名, 种, 万平方米 and 亿亩 are units."""
    assert read(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("到2027年，全国每3万人口配置1辆救护车。", [row("1", "辆/3万人口", ">=", 2027)]),
    ("到2025年，每千人口配置3张床位。", [row("3", "张/千人口", ">=", 2025)]),
    ("到2025年，每千人口拥有3岁以下婴幼儿托位数达到4.5个。", [row("4.5", "个", ">=", 2025)]),
    ("到2027年，每百张养老机构床位配备社会工作者不少于1名。", [row("1", "名", ">=", 2027)]),
    ("到2025年底，每个县（市、区）至少建成1个县级综合养老服务平台。", [row("1", "个", ">=", 2025)]),
    ("到2025年底，每一个站点配备2名专职社会工作者。", [row("2", "名", ">=", 2025)]),
    ("计划2020年底每个街道建成1个社区居家养老服务中心。", [row("100", "%", ">=", 2020)]),
])
def test_per_capita_ratios(text: str, expected: list[Row]) -> None:
    """每<number> is a denominator: the ratio joins the unit when the value counts the noun after it (1辆救护车), the
    unit stays plain when an indicator before the value names the ratio (托位数达到4.5个); 每个X建成1个 (no 至少) is
    one in every X, full coverage."""
    assert read(text, day=date(2018, 5, 7)) == expected


def test_deadline_carried_over_semicolons() -> None:
    """A deadline covers the later ；-clauses of its sentence that state none, not the next sentence."""
    text = ("到2027年，急救中心全部达到建设标准，城市地区急救服务半径不超过5公里；全国每3万人口配置1辆救护车，"
            "急救呼叫满足率达到95%以上，平均急救呼叫响应时间不超过12分钟。急救呼叫满足率目前为80%。")
    assert read(text) == [row("5", "公里", "<=", 2027), row("100", "%", ">=", 2027),
                          row("1", "辆/3万人口", ">=", 2027), row("95", "%", ">=", 2027),
                          row("12", "分钟", "<=", 2027)]


GOALS = ("到2027年，乡村医疗卫生服务体系进一步健全。乡镇卫生院达标比例达到90%以上；每个县（市）至少建成1个次中心；"
         "远程医疗服务覆盖所有乡镇卫生院和80%以上的村卫生室；县域内住院量占比保持在90%左右。"
         "截至2024年底，达标比例为78.6%。村卫生室执业医师占比提高到45%以上。\n村卫生室覆盖率达到95%以上。")


def test_opening_deadline_leads_its_line() -> None:
    """A line's opening sentence with a deadline and no target (到2027年，…进一步健全。) dates the later sentences of
    the line that state a comparison or a completeness; a 截至 statistic and a new line end it."""
    assert read(GOALS, day=date(2025, 3, 28), this_year=False) == [
        row("90", "%", ">=", 2027), row("1", "个", ">=", 2027), row("80", "%", ">=", 2027),
        row("100", "%", ">=", 2027), row("90", "%", "=", 2027)]


@pytest.mark.parametrize(("text", "expected"), [
    ("2024—2025年冬春季，全市累计接待国内外游客612.4万人次，实现旅游收入71.8亿元，"
     "分别较上年同期增长18.2%和14.6%。", []),
    ("2025—2027年，累计支持建设县域医疗卫生次中心100个。", [row("100", "个", ">=", 2027)]),
])
def test_period_begun_before_the_document_is_a_report(text: str, expected: list[Row]) -> None:
    """The end of a period that began before the document's year (2024—2025年冬春季) reports it; a period from the
    document's year on (2025—2027年) is a deadline."""
    assert read(text, day=date(2025, 10, 20) if "冬春季" in text else date(2025, 3, 28)) == expected


def test_past_figures_stay_out() -> None:
    """截至… statistics, in any ；-clause, are not targets."""
    text = "截至2024年底，全省建成191个；累计服务10万人次。到2026年，建成300个。"
    assert read(text) == [row("300", "个", ">=", 2026)]


@pytest.mark.parametrize(("text", "expected"), [
    ("年内完成2000年底前建成的302个老旧小区改造任务。", [row("302", "个", ">=", 2024)]),  # 2000年底前建成的 describes
    ("2024年全市实施500万元以上设备更新项目300个以上。", [row("300", "个", ">=", 2024)]),  # 500万元 qualifies
    ("年内新增宿舍型保障床位1500张，租金不高于同地段同品质市场租赁住房租金的90%。",
     [row("1500", "张", ">=", 2024)]),  # a price rule
    ("到2025年，对新认定的特色街区给予一次性奖励20万元。", []),  # a reward rate
])
def test_numbers_that_are_not_targets(text: str, expected: list[Row]) -> None:
    """Attributive dates, qualifiers of what is counted, price ceilings and rewards are not targets."""
    assert read(text) == expected


def test_starting_point_and_future_this_year_outside_measures() -> None:
    """年内将… is a deadline even outside the measures; 由7家 is where the count starts."""
    text = "截至2024年3月底，参保人数达到790万人。按照工作安排，年内将试点平台企业由7家扩大到10家。"
    assert read(text, this_year=False) == [row("10", "家", ">=", 2024)]


ANNUAL = ("平遥县人民政府办公室\n关于印发平遥县2025年社会救助工作要点的通知\n\n"
          "1.提高基本生活救助标准。将城市低保标准提高到每人每月810元以上，农村低保标准提高到每人每年6600元以上。\n"
          "2.落实医疗救助政策。资助参保率保持在100%。县医保局负责。\n"
          "3.发挥住房公积金作用。提取额度提高至每月1500元。\n"
          "4.加强动态管理。全县现有低保对象9863人，做到应保尽保。\n")


def test_annual_plan_year_for_undated_targets() -> None:
    """In an annual plan (2025年…工作要点) a measure's undated targets are due that year; a raised standard with a
    floor is a target, a benefit amount without one is not."""
    day = date(2025, 3, 18)
    first = ANNUAL.splitlines()[3]
    assert read(ANNUAL, first, day) == [row("810", "元", ">=", 2025), row("6600", "元", ">=", 2025)]
    assert read(ANNUAL, ANNUAL.splitlines()[4], day) == [row("100", "%", ">=", 2025)]
    assert read(ANNUAL, ANNUAL.splitlines()[5], day) == []
    assert read(ANNUAL, ANNUAL.splitlines()[6], day) == []  # a bare figure describes the present
    assert read(ANNUAL, first, day, this_year=False) == []  # not outside the measures


def test_annual_plan_dates_floors_and_new_outputs() -> None:
    """In an annual plan a bare count after an output verb (新建改造农村公厕12座) or a floor (至少建成两个) is a
    target of that year; a bare figure of the present (现有…) is not."""
    text = ("屯昌县2025年农村人居环境整治提升工作方案\n"
            "二是新建改造农村公共厕所。在旅游景点周边新建改造农村公厕12座，落实管护人员。\n"
            "二是推进垃圾分类。在屯城镇开展试点，每个试点镇至少建成两个分类示范村。\n"
            "二是推进美丽乡村建设。新创建美丽乡村示范村5个，打造乡村振兴示范点2个。\n"
            "三是加强管理。全县现有保洁员860人。\n")
    lines, day = text.splitlines(), date(2025, 4, 7)
    assert read(text, lines[1], day) == [row("12", "座", ">=", 2025)]
    assert read(text, lines[2], day) == [row("2", "个", ">=", 2025)]
    assert read(text, lines[3], day) == [row("5", "个", ">=", 2025), row("2", "个", ">=", 2025)]
    assert read(text, lines[4], day) == []


def test_season_plan() -> None:
    """A season plan (…工作方案（2025—2026年度）) is one year, its last: it dates a measure's undated targets."""
    text = "拉萨市促进冬春季旅游消费工作方案（2025—2026年度）\n8.开展精准宣传营销。制作冬季旅游宣传短视频不少于20部。\n"
    assert read(text, text.splitlines()[1], date(2025, 10, 20)) == [row("20", "部", ">=", 2026)]


def test_deadline_line_after_a_task() -> None:
    """A task's 完成时限 line dates its undated targets; 持续推进 dates nothing."""
    text = ("2.推动家政服务进社区。新建社区家政服务网点20个。\n责任单位：市商务局（牵头）、市民政局\n"
            "完成时限：2024年12月底\n\n3.推进信用建设。家政服务员信用记录建档率达到90%以上。\n责任单位：市商务局\n完成时限：持续推进\n")
    assert read(text, "2.推动家政服务进社区。新建社区家政服务网点20个。\n") == [row("20", "个", ">=", 2024)]
    assert read(text, "3.推进信用建设。家政服务员信用记录建档率达到90%以上。\n") == []


MULTI = ("天津市无障碍环境建设行动方案（2024—2027年）\n\n"
         "6.推进社区无障碍改造。每年新增无障碍环境建设示范社区不少于20个。\n"
         "7.加强监管。每年开展不少于2次专项检查。全年开展宣传活动不少于100场次。\n")


def test_multi_year_plan() -> None:
    """In a multi-year plan an annual output quota is due by the plan's last year; a recurring activity and 全年
    (= every year) are not targets."""
    lines = MULTI.splitlines()
    assert read(MULTI, lines[2]) == [row("20", "个", ">=", 2027)]
    assert read(MULTI, lines[3]) == []


def test_whole_year_in_a_standing_policy() -> None:
    """全年 in measures valid for several years (有效期至2026年…) is recurring; in an annual plan it is that year."""
    standing = ("3.发展夜间文旅消费。全年开展夜间文旅活动不少于100场次。\n"
                "本措施自印发之日起施行，有效期至2026年12月31日。\n")
    assert read(standing, standing.splitlines()[0]) == []
    annual = "2025年全县社会救助工作要点\n12.加强培训。全年组织开展政策业务培训不少于2次。\n"
    assert read(annual, annual.splitlines()[1], date(2025, 3, 18)) == [row("2", "次", ">=", 2025)]


COUNTY_PLAN = ("长汀县2025年水土流失综合治理工作方案\n"
          "3.建设生态清洁小流域。统筹推进河道清障，建成童坊河、南山河、策田河3条生态清洁小流域。\n"
          "7.强化应急演练。每年汛前至少组织开展1次城市内涝应急演练。城市低保标准提高到每人每月810元以上。\n")


def test_annual_plan_counts_and_recurring_requirements() -> None:
    """In an annual plan a bare count of the names listed before it is a target (3条 after three rivers); a value
    recurring 每年 is not, unlike the period of a per-capita standard (每人每月810元)."""
    lines = COUNTY_PLAN.splitlines()
    assert read(COUNTY_PLAN, lines[1], date(2025, 2, 26)) == [row("3", "条", ">=", 2025)]
    assert read(COUNTY_PLAN, lines[2], date(2025, 2, 26)) == [row("810", "元", ">=", 2025)]


def test_rates_sharing_one_value_are_one_target_each() -> None:
    """审批率、验收报备率均达到100%: two rates, two targets (with spans of their own)."""
    text = "2025年，生产建设项目水土保持方案审批率、验收报备率均达到100%。"
    found = find_targets(text, Span(0, len(text)), date(2025, 2, 26))
    assert [(t.value, t.unit, t.indicator) for t in found] == [
        (Decimal(100), "%", "生产建设项目水土保持方案审批率"), (Decimal(100), "%", "验收报备率")]
    assert len({t.span for t in found}) == 2


@pytest.mark.parametrize(("text", "expected"), [
    ("到2027年，新建健身步道2万公里以上。", [row("2", "万公里", ">=", 2027)]),
    ("力争2026年底前，预约出行服务覆盖粤东粤西粤北地区所有县（市、区）。", [row("100", "%", ">=", 2026)]),
])
def test_length_in_ten_thousands_and_coverage_of_all_places(text: str, expected: list[Row]) -> None:
    """万公里 is a unit like 万个; 覆盖 a region's 所有 places is full coverage."""
    assert read(text, day=date(2025, 6, 10)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("到2027年底，地级及以上城市全部建成电动自行车充电设施监管服务平台。", [row("100", "%", ">=", 2027)]),
    ("到2027年，花木快递包裹日均发货量达到80万单。", [row("80", "万单", ">=", 2027)]),
])
def test_all_built_and_parcels(text: str, expected: list[Row]) -> None:
    """全部建成 is completeness; 万单 counts parcels."""
    assert read(text) == expected


def test_an_annual_plan_dates_a_floor_before_a_clause_deadline() -> None:
    """In a 2025 annual plan, 至少建成1个 before 年底前实现…全覆盖 is due that year too."""
    text = ("温州市2025年生活垃圾分类工作方案\n每个县（市、区）至少建成1个大件垃圾拆解处理中心，年底前实现县级全覆盖。")
    got = read(text, "每个县（市、区）至少建成1个大件垃圾拆解处理中心，年底前实现县级全覆盖。", date(2025, 3, 1))
    assert got == [row("1", "个", ">=", 2025), row("100", "%", ">=", 2025)]


@pytest.mark.parametrize(("text", "expected"), [
    # 主要目标是：全年… in a paragraph outside the measures states this year's targets
    ("主要目标是：全年实现竹产业总产值300亿元以上，新增规上竹制品企业10家，竹林碳汇交易量达到5万吨。",
     [row("300", "亿元", ">=", 2025), row("10", "家", ">=", 2025), row("5", "万吨", ">=", 2025)]),
    # a sentence saying what a year is states no target
    ("2025年是全面完成“十四五”规划的收官之年。", []),
])
def test_preamble_targets(text: str, expected: list[Row]) -> None:
    assert read(text, day=date(2025, 2, 26), this_year=False) == expected


def test_undated_completion_count_and_sessions_of_an_annual_plan() -> None:
    # 完成… N万亩 is an output like 新建…; 期 counts sessions
    text = ("安吉县2025年竹产业高质量发展工作要点\n"
            "1.推进基地建设。新建示范基地2万亩，完成低产低效竹林改造提升5万亩，年底前机耕道路实现全覆盖。\n"
            "2.加强人才支撑。全年开展竹农技术培训不少于100期。\n")
    rows = read(text, text[text.index("1."):], day=date(2025, 2, 26))
    assert rows == [row("2", "万亩", ">=", 2025), row("5", "万亩", ">=", 2025), row("100", "%", ">=", 2025),
                    row("100", "期", ">=", 2025)]


def test_completing_a_task_by_a_deadline_is_full_completion() -> None:
    # 2020年以前已鉴定 qualifies what is completed: no deadline of its own
    text = "按照要求实施除险加固，2025年底前完成2020年以前已鉴定病险水库的除险加固任务。"
    assert read(text, day=date(2025, 3, 1)) == [row("100", "%", ">=", 2025)]


@pytest.mark.parametrize(("text", "day", "expected"), [
    ("10月15日前完成辖区内供热隐患排查全覆盖。", date(2025, 9, 26), [row("100", "%", ">=", 2025)]),
    ("3月底前完成隐患排查全覆盖。", date(2025, 9, 26), [row("100", "%", ">=", 2026)]),  # the next March
    ("每年3月底前报送自查报告不少于1份。", date(2025, 9, 26), []),  # recurring
])
def test_a_deadline_without_its_year(text: str, day: date, expected: list[Row]) -> None:
    """10月15日前 is the next 15 October after the document's date; 每年3月底前 recurs."""
    assert read(text, day=day) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("年底前已建成设施正常运行率达到90%以上。", [row("90", "%", ">=", 2024)]),  # 已建成 qualifies the facilities
    ("目前已建成设施正常运行率达到90%。", []),
    ("2025年至2027年每年培训民宿经营管理人员2000人次以上。", []),  # every year of a period: no deadline
    ("2025年至2027年，累计培训民宿经营管理人员6000人次以上。", [row("6000", "人次", ">=", 2027)]),
    ("到2027年，服务中心每年开展文化活动不少于12场次。", [row("12", "场次", ">=", 2027)]),  # a level due by 2027
    ("2025年底前实现农村特困人员供养服务机构信息全部录入。", [row("100", "%", ">=", 2025)]),
])
def test_already_made_things_recurring_quotas_of_a_period_and_all_entered(text: str, expected: list[Row]) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("年底前全县油茶林主要病虫害成灾率控制在3‰以下。", [row("3", "‰", "<=", 2024)]),
    ("年内培育油茶良种苗木不少于300万株。", [row("300", "万株", ">=", 2024)]),
    ("到2027年，耕地质量平均提升0.5个等级以上。", [row("0.5", "个等级", ">=", 2027)]),
    ("到2027年，亩均投入不低于3000元。", []),  # a funding standard per mu
    ("年内新增秸秆处理机具300台（套）。", [row("300", "台（套）", ">=", 2024)]),
    ("到2027年，全市县级物流配送中心实现12个县区全覆盖。", [row("100", "%", ">=", 2027)]),  # 12个: the scope
    ("2026年底前实现森林康养基地信息全部入库。", [row("100", "%", ">=", 2026)]),
    ("2018年底前，全区5000个贫困村标准化村卫生室实现全覆盖。", [row("100", "%", ">=", 2018)]),  # 5000个: its scope
    ("2018年底前实现家庭医生签约服务全覆盖，对慢病患者每年开展4次随访。", [row("100", "%", ">=", 2018)]),  # recurs
])
def test_per_mille_seedlings_the_scope_of_full_coverage_and_a_recurring_count(text: str,
                                                                             expected: list[Row]) -> None:
    assert read(text, day=date(2018, 3, 1) if "2018" in text else date(2024, 5, 1)) == expected
