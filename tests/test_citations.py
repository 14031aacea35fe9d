"""Cited documents: one node per document across the graph, wordings merged, numbers alone joined to the
titled node, and conflicting numbers recorded."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from policykg.kg.ingest import ingest
from policykg.kg.store import SelectResult, Store, open_store
from policykg.loaders.extract.citations import find_citations
from policykg.loaders.resolve import citation_key


def rows(store: Store, sparql: str) -> list[dict[str, str]]:
    """Rows of a query as strings."""
    from policykg.kg.sparql import run_query

    result = run_query(store, sparql)
    assert isinstance(result, SelectResult)
    return [{k: str(v) for k, v in r.items() if v is not None} for r in result.rows]


@pytest.fixture(scope="module")
def corpus(corpus_store_path: Path) -> Iterator[Store]:
    """The corpus store."""
    with open_store(str(corpus_store_path)) as s:
        yield s


def test_wordings_of_one_document_share_a_node_titled_with_the_fullest(corpus: Store) -> None:
    found = rows(corpus, """SELECT DISTINCT ?w ?t WHERE { ?w skos:altLabel "关于积极发展老年助餐服务的实施方案"@zh ;
                                                   dcterms:title ?t }""")
    assert [r["t"] for r in found] == ["吉林省关于积极发展老年助餐服务的实施方案"]


def test_every_cited_document_has_exactly_one_title(corpus: Store) -> None:
    found = rows(corpus, """SELECT ?w (COUNT(DISTINCT ?t) AS ?n) WHERE { ?w a pko:CitedDocument .
                              OPTIONAL { ?w dcterms:title ?t } } GROUP BY ?w HAVING (COUNT(DISTINCT ?t) != 1)""")
    assert found == []


def test_two_titles_under_one_number_stay_two_nodes_with_a_conflict(corpus: Store) -> None:
    found = rows(corpus, """SELECT ?ta ?tb WHERE { ?a pko:numberConflictWith ?b ; dcterms:title ?ta .
                              ?b dcterms:title ?tb }""")
    assert {(r["ta"], r["tb"]) for r in found} == {
        ("关于加强养老服务人才队伍建设的实施意见", "吉林省积极发展老年助餐服务的实施方案"),
        ("吉林省积极发展老年助餐服务的实施方案", "关于加强养老服务人才队伍建设的实施意见"),
    }


def test_a_citation_by_number_alone_joins_the_titled_node(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("关于做好养老服务工作的通知\n各市民政局：\n根据《吉林省养老服务条例实施办法》（吉政发〔2020〕3号），"
                 "现就有关工作通知如下。\n1.加强养老服务。（责任单位：省民政厅）\n吉林省民政厅\n2021年1月5日\n",
                 encoding="utf-8")
    b.write_text("关于开展养老机构检查的通知\n各市民政局：\n按照吉政发〔2020〕3号文件要求，现就有关工作通知如下。\n"
                 "1.开展检查。（责任单位：省民政厅）\n吉林省民政厅\n2021年3月5日\n", encoding="utf-8")
    with open_store(str(tmp_path / "store")) as store:
        ingest(store, [a, b])
        found = rows(store, """SELECT DISTINCT ?t WHERE { ?d eli:cites ?w . ?w owl:sameAs ?titled .
                                 ?titled dcterms:title ?t }""")
        assert [r["t"] for r in found] == ["吉林省养老服务条例实施办法"]


def test_number_only_citations_skip_titled_ones_and_lead_words() -> None:
    text = "根据《某某办法》（吉政发〔2020〕3号）和吉民发〔2021〕5号文件精神。"
    cites = find_citations(text)
    assert [(c.title, c.number) for c in cites] == [("某某办法", "吉政发〔2020〕3号"), ("", "吉民发〔2021〕5号")]


@pytest.mark.parametrize(("a", "b"), [
    ("吉林省关于积极发展老年助餐服务的实施方案", "关于积极发展老年助餐服务的实施方案"),
    ("关于印发〈关于X的意见〉的通知", "关于印发<关于X的意见>的通知"),
    ("关于 推进 养老服务发展的意见", "推进养老服务发展的意见"),
])
def test_citation_identity_keys(a: str, b: str) -> None:
    assert citation_key(a) == citation_key(b)


def test_national_and_provincial_regulations_are_not_merged() -> None:
    assert citation_key("吉林省养老服务条例") != citation_key("养老服务条例")


def test_things_the_text_produces_are_not_citations() -> None:
    text = ("按照《乡镇综合文化站评估定级标准》开展评估。组织编印《农家书屋优秀出版物推荐目录》。"
            "编印《延边边境旅游指南》《延边冬游地图》多语种手册，编写《典型案例汇编》。"
            "发放《农村人居环境整治明白纸》。印发《旅游服务指南》（文旅发〔2024〕5号）。")
    assert [c.title for c in find_citations(text)] == ["乡镇综合文化站评估定级标准", "旅游服务指南"]
    # a leaflet or a map is no policy document whatever verb comes before it
    assert find_citations("利用《鞍山老字号故事》宣传册开展宣传。") == ()


def test_material_produced_about_a_document_cites_it() -> None:
    text = "编印《基本医疗保险跨省异地就医直接结算经办规程》解读材料，编印《异地就医明白纸》。"
    assert [c.title for c in find_citations(text)] == ["基本医疗保险跨省异地就医直接结算经办规程"]


def test_the_documents_own_number_on_its_line_is_not_a_citation() -> None:
    text = "青海省教育厅\n青教函〔2025〕112号　　签发人：李××\n关于建议的答复\n按照青教基〔2022〕38号文件要求。"
    assert [c.number for c in find_citations(text)] == ["青教基〔2022〕38号"]


def test_numbers_of_standards_and_joint_decrees() -> None:
    text = ("执行《农村生活污水处理设施水污染物排放标准》（DB41/1820—2019）、"
            "《急救中心建设标准》（建标177－2016）、"
            "《既有住宅加装电梯工程技术标准》（DB13(J)/T 8417—2021）、"
            "《工作场所物理因素测量　第7部分：高温》（GBZ/T 189.7）和"
            "《学校食品安全与营养健康管理规定》（教育部 国家市场监督管理总局 国家卫生健康委员会令第45号）。")
    assert [c.number for c in find_citations(text)] == [
        "DB41/1820—2019", "建标177－2016", "DB13(J)/T8417—2021", "GBZ/T189.7",
        "教育部国家市场监督管理总局国家卫生健康委员会令第45号"]


def test_a_former_version_of_the_own_title_is_cited_by_its_number() -> None:
    text = ("现将修订后的《防暑降温措施管理办法》印发给你们。"
            "2012年印发的《防暑降温措施管理办法》（安监总安健〔2012〕89号）同时废止。")
    assert [(c.title, c.number) for c in find_citations(text, ("防暑降温措施管理办法",))] == [
        ("防暑降温措施管理办法", "安监总安健〔2012〕89号")]
