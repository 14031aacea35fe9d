"""Extraction quality, measured with `policykg eval` on the corpus and on the fixture documents of every
form, against gold written for this project. Thresholds live in score_thresholds.json and only go up."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from policykg.kg.evaluate import EvalResult, evaluate
from policykg.kg.ingest import ingest
from policykg.kg.store import Store, open_store

TESTS = Path(__file__).resolve().parent
THRESHOLDS = json.loads((TESTS / "score_thresholds.json").read_text(encoding="utf-8"))
SETS = {
    "corpus": (TESTS.parent / "corpus", TESTS / "gold"),
    "fixtures": (TESTS / "fixtures" / "docs", TESTS / "fixtures" / "gold"),
    # written and annotated blind (without looking at or running the loaders); first scored 0.773 overall
    "blind": (TESTS / "fixtures" / "blind" / "docs", TESTS / "fixtures" / "blind" / "gold"),
    # a second blind set, written after the loaders had been fixed on the first; first scored 0.788 overall
    "blind2": (TESTS / "fixtures" / "blind2" / "docs", TESTS / "fixtures" / "blind2" / "gold"),
    # a third blind set, written after fixes on the first two; first scored 0.771 overall
    "blind3": (TESTS / "fixtures" / "blind3" / "docs", TESTS / "fixtures" / "blind3" / "gold"),
    # a fourth blind set (incl. an .html page), written after fixes on the first three; first scored 0.746 overall
    "blind4": (TESTS / "fixtures" / "blind4" / "docs", TESTS / "fixtures" / "blind4" / "gold"),
    # a fifth blind set (incl. a .docx and a GB18030 text), written after fixes on the first four; first scored 0.885
    "blind5": (TESTS / "fixtures" / "blind5" / "docs", TESTS / "fixtures" / "blind5" / "gold"),
    # a sixth blind set (incl. a .pdf, an .html page, GBK and BOM texts), written after fixes on the first five;
    # first scored 0.934 (responsibility 0.845) on the code as it was when the set was written
    "blind6": (TESTS / "fixtures" / "blind6" / "docs", TESTS / "fixtures" / "blind6" / "gold"),
    # a seventh (a .pdf, a .docx, an .html page, GB18030; a 2017 document naming renamed bodies), written after
    # fixes on the first six; first scored 0.937 (0.939 after one gold correction; responsibility 0.894)
    "blind7": (TESTS / "fixtures" / "blind7" / "docs", TESTS / "fixtures" / "blind7" / "gold"),
    # an eighth (plain text, varied layouts; sentence responsibility with a ministry's own departments), written
    # after fixes on the first seven; first scored 0.917 (responsibility 0.836)
    "blind8": (TESTS / "fixtures" / "blind8" / "docs", TESTS / "fixtures" / "blind8" / "gold"),
    # a ninth (a .pdf, an .html page, a .docx, GBK with CRLF, BOM; a county plan naming its prefecture's branches),
    # written after fixes on the first eight; first scored 0.946 (0.949 after one gold correction; responsibility 0.853)
    "blind9": (TESTS / "fixtures" / "blind9" / "docs", TESTS / "fixtures" / "blind9" / "gold"),
    # a tenth (a .pdf, a .docx with a division-of-labour table, an .html page, GB18030 CRLF; a 2018 text, a Shanghai
    # district, a county naming its prefecture), written after fixes on the first nine; first scored 0.936
    # (responsibility 0.821)
    "blind10": (TESTS / "fixtures" / "blind10" / "docs", TESTS / "fixtures" / "blind10" / "gold"),
    # an eleventh (a .pdf, a .docx nesting three levels, an .html page with label lines, GBK; a county-level city,
    # a 2020 joint notice of Chongqing), written after fixes on the first ten; first scored 0.935
    # (responsibility 0.807)
    "blind11": (TESTS / "fixtures" / "blind11" / "docs", TESTS / "fixtures" / "blind11" / "gold"),
    # a twelfth (a .pdf, a .docx, an .html page, GB18030; a table with bars, a reply signed by two departments),
    # written after fixes on the first eleven; first scored 0.858 (responsibility 0.614); its gold takes the
    # （1）（2） points under a numbered item as parts of it where blind4 takes them as measures (kept as they are)
    "blind12": (TESTS / "fixtures" / "blind12" / "docs", TESTS / "fixtures" / "blind12" / "gold"),
}


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, EvalResult]]:
    """Each document set ingested into a fresh store and scored against its gold."""
    results = {}
    for name, (docs, gold) in SETS.items():
        store: Store
        with open_store(str(tmp_path_factory.mktemp(name) / "store")) as store:
            report = ingest(store, [docs])
            assert not report.failed, report.failed
            results[name] = evaluate(store, gold)
    yield results


@pytest.mark.parametrize("name", list(SETS))
def test_every_gold_document_was_found(scored: dict[str, EvalResult], name: str) -> None:
    gold_files = list(SETS[name][1].glob("*.json"))
    assert len(scored[name].per_file) == len(gold_files)


@pytest.mark.parametrize("name", list(SETS))
def test_scores_meet_the_thresholds(scored: dict[str, EvalResult], name: str) -> None:
    result = scored[name]
    got = {field: score.f1 for field, score in result.fields.items() if not score.empty}
    got["overall"] = result.overall_f1
    below = {f: (round(got[f], 3), minimum) for f, minimum in THRESHOLDS[name].items()
             if f in got and got[f] < minimum}
    assert not below, f"{name}: F1 below threshold (got, minimum): {below}"
