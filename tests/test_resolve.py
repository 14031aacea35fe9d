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
