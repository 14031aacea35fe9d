"""The extraction scorer (`policykg eval`): exact counts on a synthetic store, deltas on the corpus store.

The synthetic store (tests/fixtures/eval/store.trig) and its gold agree exactly, so perturbing one gold
item must move the counts by a known amount. On the corpus store, tests assert only the scorer's
arithmetic (the change a perturbation causes), never the loader's current scores.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset

from policykg.cli import main
from policykg.kg.evaluate import FIELDS, EvalResult, GoldError, evaluate, load_gold
from policykg.kg.store import SelectResult, Store, open_store
from policykg.ontology.namespace import PREFIXES

HERE = Path(__file__).resolve().parent
SYNTHETIC = HERE / "fixtures" / "eval"
GOLD = HERE / "gold"
NOTICE = "900_synthetic_notice.txt"
REPLY = "901_synthetic_reply.txt"

Gold = dict[str, dict[str, Any]]


def _build(path: Path) -> Path:
    """Load the synthetic TriG into a fresh embedded store at path (closed afterwards)."""
    ds = Dataset()
    ds.parse(SYNTHETIC / "store.trig", format="trig")
    with open_store(str(path)) as s:
        for graph in ds.graphs():
            if len(graph):
                s.replace_graph(str(graph.identifier), list(graph))
    return path


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The synthetic store, open for the module."""
    with open_store(str(_build(tmp_path_factory.mktemp("eval-syn") / "store"))) as s:
        yield s


@pytest.fixture(scope="module")
def synthetic_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Directory of a second (closed) synthetic store, for the CLI."""
    return str(_build(tmp_path_factory.mktemp("eval-cli") / "store"))


@pytest.fixture(scope="module")
def corpus(corpus_store_path: Path) -> Iterator[Store]:
    """The corpus store, open for the module."""
    s = open_store(str(corpus_store_path))
    yield s
    s.close()


def gold_copy(src: Path, dest: Path, edit: Callable[[Gold], None] | None = None) -> Path:
    """Copy a gold folder to dest/gold, applying edit to the parsed files (keyed by their "file")."""
    out = dest / "gold"
    out.mkdir(parents=True, exist_ok=True)
    files = {}
    for path in sorted(src.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        files[data["file"]] = data
    if edit:
        edit(files)
    for name, data in files.items():
        (out / (Path(name).stem + ".json")).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return out


def counts(result: EvalResult, file: str | None = None) -> dict[str, tuple[int, int, int]]:
    """(tp, fp, fn) per field, overall or for one file."""
    scores = result.fields if file is None else result.per_file[file]
    return {name: (s.tp, s.fp, s.fn) for name, s in scores.items()}


def measure(data: dict[str, Any], key: str) -> dict[str, Any]:
    """The gold measure with that key."""
    return next(m for m in data["measures"] if m["key"] == key)


PERFECT = {
    "measures": (4, 0, 0), "responsibility": (6, 0, 0), "lead": (4, 0, 0), "targets": (3, 0, 0),
    "target_attachment": (3, 0, 0), "citations": (3, 0, 0), "agencies": (4, 0, 0), "reply_agencies": (1, 0, 0),
    "issuers": (3, 0, 0), "metadata": (12, 0, 0),
}


def run_eval(store: Store, tmp_path: Path, edit: Callable[[Gold], None] | None = None) -> EvalResult:
    """Score the synthetic store against a (perturbed) copy of the synthetic gold."""
    return evaluate(store, gold_copy(SYNTHETIC / "gold", tmp_path, edit))


# --- exact counts on the synthetic store --------------------------------------------------------------------


def test_perfect_agreement_scores_one_on_every_field(synthetic: Store, tmp_path: Path) -> None:
    result = run_eval(synthetic, tmp_path)
    assert counts(result) == PERFECT  # the collective 各市（州）民政局 mention is not an agency extra
    assert all(s.f1 == 1.0 and s.precision == 1.0 and s.recall == 1.0 for s in result.fields.values())
    assert result.overall_f1 == 1.0
    assert result.files == [NOTICE, REPLY] and result.missing_documents == []
    assert all(not items for items in result.misses.values()) and all(not x for x in result.extras.values())


def test_removing_a_responsible_agency_gives_one_fp(synthetic: Store, tmp_path: Path) -> None:
    result = run_eval(synthetic, tmp_path, lambda g: measure(g[NOTICE], "1")["responsible"].remove("吉林省财政厅"))
    assert counts(result)["responsibility"] == (5, 1, 0)
    assert [(x.file, x.key) for x in result.extras["responsibility"]] == [
        (NOTICE, "measure 1 «推进养老服务网络建设，2» / 吉林省财政厅")]
    assert counts(result)["lead"] == (4, 0, 0)
    assert result.fields["responsibility"].precision == pytest.approx(5 / 6)


def test_changing_a_target_value_gives_one_fn_and_one_fp(synthetic: Store, tmp_path: Path) -> None:
    result = run_eval(synthetic, tmp_path, lambda g: measure(g[NOTICE], "2")["targets"][0].update(value=90))
    assert counts(result)["targets"] == (2, 1, 1)
    assert counts(result)["target_attachment"] == (2, 0, 0)
    assert [x.key for x in result.misses["targets"]] == ["90 % by 2032 «到2032年覆盖80%的社区»"]
    assert [x.key for x in result.extras["targets"]] == ["80 % by 2032 «»"]
    assert result.fields["targets"].f1 == pytest.approx(2 / 3)


def test_changing_a_deadline_or_unit_breaks_the_match(synthetic: Store, tmp_path: Path) -> None:
    def edit(g: Gold) -> None:
        measure(g[NOTICE], "1")["targets"][0]["deadline_year"] = 2030
        measure(g[NOTICE], "context")["targets"][0]["unit"] = "家"

    assert counts(run_eval(synthetic, tmp_path, edit))["targets"] == (1, 2, 2)


def test_swapped_lead_is_one_wrong_lead_and_no_responsibility_change(synthetic: Store, tmp_path: Path) -> None:
    result = run_eval(synthetic, tmp_path, lambda g: measure(g[NOTICE], "2")["responsible"].reverse())
    assert counts(result)["lead"] == (3, 0, 1)
    lead = result.fields["lead"]
    assert lead.precision == lead.recall == lead.f1 == 0.75
    assert counts(result)["responsibility"] == (6, 0, 0)
    assert result.misses["lead"][0].key.endswith("gold 吉林省民政厅, store 吉林省财政厅")


def test_target_on_another_measure_is_a_target_hit_but_an_attachment_miss(synthetic: Store, tmp_path: Path) -> None:
    def move(g: Gold) -> None:
        measure(g[NOTICE], "3")["targets"] = measure(g[NOTICE], "1")["targets"]
        measure(g[NOTICE], "1")["targets"] = []

    result = run_eval(synthetic, tmp_path, move)
    assert counts(result)["targets"] == (3, 0, 0)
    assert counts(result)["target_attachment"] == (2, 0, 1)
    assert result.fields["target_attachment"].f1 == pytest.approx(2 / 3)


def test_context_targets_match_for_targets_but_belong_to_no_measure(synthetic: Store, tmp_path: Path) -> None:
    def attach(g: Gold) -> None:  # the gold now says the context target belongs to measure 3 (store: none)
        measure(g[NOTICE], "3")["targets"] = measure(g[NOTICE], "context")["targets"]
        measure(g[NOTICE], "context")["targets"] = []

    assert counts(run_eval(synthetic, tmp_path, attach))["target_attachment"] == (2, 0, 1)

    def to_context(g: Gold) -> None:  # measure 1's target annotated as context: store has it on measure 1
        measure(g[NOTICE], "context")["targets"].append(measure(g[NOTICE], "1")["targets"].pop())

    result = run_eval(synthetic, tmp_path / "b", to_context)
    assert counts(result)["targets"] == (3, 0, 0)
    assert counts(result)["target_attachment"] == (2, 0, 1)


def test_context_measures_are_not_measures(synthetic: Store, tmp_path: Path) -> None:
    def drop_context(g: Gold) -> None:
        g[NOTICE]["measures"] = [m for m in g[NOTICE]["measures"] if m["key"] != "context"]

    result = run_eval(synthetic, tmp_path, drop_context)
    assert counts(result)["measures"] == (4, 0, 0) and counts(result)["responsibility"] == (6, 0, 0)
    assert counts(result)["targets"] == (2, 1, 0)


def test_changed_text_start_is_one_missed_and_one_extra_measure(synthetic: Store, tmp_path: Path) -> None:
    result = run_eval(synthetic, tmp_path, lambda g: measure(g[NOTICE], "3").update(text_start="完全不同的开头文字"))
    c = counts(result)
    assert c["measures"] == (3, 1, 1)
    assert c["responsibility"] == (5, 1, 1)
    assert c["lead"] == (3, 0, 0)
    assert [x.key for x in result.extras["measures"]] == ["measure 3 «加强养老服务人才队伍建设»"]


def test_spaces_in_text_start_are_ignored(synthetic: Store, tmp_path: Path) -> None:
    spaced = "推进 养老服务\n网络建设，2"
    result = run_eval(synthetic, tmp_path, lambda g: measure(g[NOTICE], "1").update(text_start=spaced))
    assert counts(result)["measures"] == (4, 0, 0)


def test_citation_number_disagreement_is_a_miss(synthetic: Store, tmp_path: Path) -> None:
    result = run_eval(synthetic, tmp_path, lambda g: g[NOTICE]["citations"][0].update(number="国办发〔2019〕6号"))
    assert counts(result)["citations"] == (2, 0, 1)
    assert "number 国办发〔2019〕6号" in result.misses["citations"][0].key


def test_citation_titles_are_normalised(synthetic: Store, tmp_path: Path) -> None:
    def edit(g: Gold) -> None:
        g[NOTICE]["citations"][0].update(title="《关于推进 养老服务发展的意见》", number="国办发(2019) 5号")

    assert counts(run_eval(synthetic, tmp_path, edit))["citations"] == (3, 0, 0)


def test_citation_split_and_merge(synthetic: Store, tmp_path: Path) -> None:
    def merge(g: Gold) -> None:  # gold: 养老服务条例 is another document; the store has one node for both
        g[NOTICE]["citations"][2]["canonical"] = "养老服务条例"

    result = run_eval(synthetic, tmp_path, merge)
    assert counts(result)["citations"] == (2, 0, 1)
    assert "merged" in result.misses["citations"][0].key

    def split(g: Gold) -> None:  # gold: both cited documents are one document; the store has two nodes
        for c in g[NOTICE]["citations"]:
            c["canonical"] = "关于推进养老服务发展的意见"

    result = run_eval(synthetic, tmp_path / "b", split)
    assert counts(result)["citations"] == (3, 1, 0)
    assert "second node" in result.extras["citations"][0].key


def test_unannotated_citation_and_agency_are_extras(synthetic: Store, tmp_path: Path) -> None:
    def edit(g: Gold) -> None:
        g[NOTICE]["citations"] = g[NOTICE]["citations"][:1]
        g[NOTICE]["agencies_mentioned"] = ["吉林省民政厅"]
        g[REPLY]["co_handlers"] = []
        g[REPLY]["issuers"].append("吉林省教育厅")

    c = counts(run_eval(synthetic, tmp_path, edit))
    assert c["citations"] == (1, 1, 0)
    assert c["agencies"] == (3, 1, 0)
    assert c["reply_agencies"] == (0, 1, 0)
    assert c["issuers"] == (3, 0, 1)


def test_metadata_fields(synthetic: Store, tmp_path: Path) -> None:
    def edit(g: Gold) -> None:
        g[REPLY]["title"] = None  # store has a title: fp
        g[REPLY]["date"] = "2030-03-05"  # store differs: fn
        g[REPLY]["responds_to"]["number"] = None  # store has 0001: fp
        g[NOTICE]["kind"] = "reply"  # store has a PolicyDocument: fn

    result = run_eval(synthetic, tmp_path, edit)
    assert counts(result)["metadata"] == (8, 2, 2)
    keys = {x.key for x in result.misses["metadata"]}
    assert "date: gold 2030-03-05, store 2030-03-04" in keys and "kind: gold reply, store notice" in keys


def test_missing_document_counts_all_its_gold_items_as_misses(synthetic: Store, tmp_path: Path) -> None:
    def add_absent(g: Gold) -> None:
        g["902_absent.txt"] = json.loads(json.dumps(g[NOTICE])) | {"file": "902_absent.txt"}

    result = run_eval(synthetic, tmp_path, add_absent)
    assert result.missing_documents == ["902_absent.txt"]
    absent = counts(result, "902_absent.txt")
    assert absent == {
        "measures": (0, 0, 3), "responsibility": (0, 0, 5), "lead": (0, 0, 0), "targets": (0, 0, 3),
        "target_attachment": (0, 0, 0), "citations": (0, 0, 3), "agencies": (0, 0, 2), "reply_agencies": (0, 0, 0),
        "issuers": (0, 0, 2), "metadata": (0, 0, 4),
    }
    total = counts(result)
    assert all(total[f] == tuple(a + b for a, b in zip(PERFECT[f], absent[f], strict=True)) for f in FIELDS)
    assert result.fields["measures"].recall == pytest.approx(4 / 7)


def test_files_without_file_key_are_skipped(synthetic: Store, tmp_path: Path) -> None:
    gold = gold_copy(SYNTHETIC / "gold", tmp_path)
    (gold / "schema.json").write_text('{"description": "not an annotation"}', encoding="utf-8")
    assert counts(evaluate(synthetic, gold)) == PERFECT


@pytest.mark.parametrize(("content", "problem"), [
    ('{"file": "x.txt", "kind": "notice",', "invalid JSON at line 1"),
    ("[1, 2]", "must be a JSON object"),
    ('{"file": "x.txt", "kind": "memo"}', '"kind" must be "notice" or "reply"'),
    ('{"file": "x.txt", "kind": "notice", "title": null, "doc_number": null, "date": null, "issuers": [],'
     ' "agencies_mentioned": [], "citations": []}', 'missing key "measures"'),
    ('{"file": "x.txt", "kind": "notice", "title": null, "doc_number": null, "date": "12 May", "issuers": [],'
     ' "agencies_mentioned": [], "citations": [], "measures": []}', '"date" must be YYYY-MM-DD'),
    ('{"file": "x.txt", "kind": "notice", "title": null, "doc_number": null, "date": null, "issuers": [],'
     ' "agencies_mentioned": [], "citations": [], "measures": {"1": {}}}', '"measures" must be a list'),
    ('{"file": "x.txt", "kind": "notice", "title": null, "doc_number": null, "date": null, "issuers": [],'
     ' "agencies_mentioned": [], "citations": [], "measures": [{"key": "1", "text_start": "abc",'
     ' "responsible": [], "targets": [{"value": "80", "unit": "%", "deadline_year": 2029}]}]}',
     'measure "1" targets[0]: "value" must be a number'),
    ('{"file": "x.txt", "kind": "notice", "title": null, "doc_number": null, "date": null, "issuers": [null],'
     ' "agencies_mentioned": [], "citations": [], "measures": []}', '"issuers"[0] must be a non-empty string'),
])
def test_malformed_gold_gives_a_clear_error(tmp_path: Path, content: str, problem: str) -> None:
    (tmp_path / "bad.json").write_text(content, encoding="utf-8")
    with pytest.raises(GoldError) as err:
        load_gold(tmp_path)
    assert "bad.json" in err.value.message and problem in err.value.message


def test_gold_folder_errors(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match="no such gold folder"):
        load_gold(tmp_path / "nowhere")
    with pytest.raises(GoldError, match="no gold annotations"):
        load_gold(tmp_path)
    gold = gold_copy(SYNTHETIC / "gold", tmp_path)
    shutil.copy(gold / "901_synthetic_reply.json", gold / "copy.json")
    with pytest.raises(GoldError, match=r"both annotate 901_synthetic_reply\.txt"):
        load_gold(gold)


def test_gold_values_are_parsed(tmp_path: Path) -> None:
    docs = {d.file: d for d in load_gold(SYNTHETIC / "gold")}
    notice = docs[NOTICE]
    assert notice.meta["doc_number"] == "吉民发〔2030〕1号" and notice.meta["responds_to.title"] is None
    assert [m.key for m in notice.measures] == ["1", "2", "3", "context"]
    assert notice.measures[3].context and notice.measures[3].targets[0].measure is None
    assert notice.measures[0].targets[0].value == Decimal(100)


# --- the command line ------------------------------------------------------------------------------------------


def cli(*argv: str) -> tuple[int, str]:
    """Run the CLI and capture its standard output."""
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def _planted(g: Gold) -> None:
    """Plant one citation the store does not have."""
    g[NOTICE]["citations"].append({"title": "不存在的文件", "number": None, "canonical": "不存在的文件"})


def test_cli_table_and_summary(synthetic_dir: str) -> None:
    code, out = cli("--store", synthetic_dir, "eval", str(SYNTHETIC / "gold"))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["field", "P", "R", "F1", "tp", "fp", "fn"]
    assert lines[2].split() == ["measures", "1.000", "1.000", "1.000", "4", "0", "0"]
    assert lines[-1].startswith("overall F1 1.000 over 2 files (measures 1.000, responsibility 1.000,")


def test_cli_verbose_lists_a_planted_miss(synthetic_dir: str, tmp_path: Path) -> None:
    gold = str(gold_copy(SYNTHETIC / "gold", tmp_path, _planted))
    code, out = cli("--store", synthetic_dir, "eval", gold)
    assert code == 0 and "不存在的文件" not in out
    code, out = cli("--store", synthetic_dir, "eval", gold, "-v")
    assert code == 0
    section = out.split("\ncitations:\n", 1)[1]
    assert section.splitlines()[0].split() == ["miss", NOTICE, "«不存在的文件»", "not", "cited"]
    row = next(ln for ln in out.splitlines() if ln.startswith("citations "))
    assert row.split() == ["citations", "1.000", "0.750", "0.857", "3", "0", "1"]


def test_cli_json_parses(synthetic_dir: str, tmp_path: Path) -> None:
    gold = str(gold_copy(SYNTHETIC / "gold", tmp_path, _planted))
    code, out = cli("--store", synthetic_dir, "eval", gold, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["files"] == [NOTICE, REPLY]
    assert data["fields"]["citations"] | {"f1": 0} == {"precision": 1.0, "recall": 0.75, "f1": 0, "tp": 3, "fp": 0,
                                                      "fn": 1, "accuracy": False}
    assert data["misses"]["citations"] == [{"file": NOTICE, "key": "«不存在的文件» not cited"}]
    assert data["per_file"][REPLY]["reply_agencies"]["tp"] == 1
    assert set(data["fields"]) == set(FIELDS) and 0 < data["overall_f1"] < 1


def test_cli_min_f1_gates_the_exit_code(synthetic_dir: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = str(gold_copy(SYNTHETIC / "gold", tmp_path, _planted))
    base = ("--store", synthetic_dir, "eval", gold)
    assert cli(*base, "--min-f1", "citations=0.85", "--min-f1", "measures=1")[0] == 0
    assert cli(*base, "--min-f1", "citations=0.9")[0] == 1
    assert "citations F1 0.857 is below the minimum 0.900" in capsys.readouterr().err
    assert cli(*base, "--min-f1", "overall=1.0")[0] == 1
    assert cli(*base, "--json", "--min-f1", "overall=0.5")[0] == 0
    for bad in ("nosuch=0.5", "measures", "measures=high", "measures=2"):
        assert cli(*base, "--min-f1", bad)[0] == 2
        assert "--min-f1" in capsys.readouterr().err


def test_cli_malformed_gold_is_a_one_line_error(synthetic_dir: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "broken.json").write_text('{"file": "x.txt", "kind": "notice", "measures": 3', encoding="utf-8")
    assert cli("--store", synthetic_dir, "eval", str(tmp_path))[0] == 2
    err = capsys.readouterr().err
    assert err.startswith("error: gold file broken.json: invalid JSON") and err.count("\n") == 1


# --- the corpus store: the change a perturbation causes -----------------------------------------------------------


def test_corpus_gold_files_load() -> None:
    docs = load_gold(GOLD)
    assert {d.file for d in docs} >= {"001_78e8ed3eda31d451.txt", "003_cd854ce3c22c0d56.txt"}
    corpus_files = {p.name for p in (HERE.parent / "corpus").rglob("*.txt")}
    assert {d.file for d in docs} <= corpus_files


def _delta(before: EvalResult, after: EvalResult, name: str) -> tuple[int, int, int]:
    """after − before for one field."""
    b, a = before.fields[name], after.fields[name]
    return a.tp - b.tp, a.fp - b.fp, a.fn - b.fn


def test_corpus_removing_a_matched_responsible_agency_gives_one_more_fp(corpus: Store, tmp_path: Path) -> None:
    base = evaluate(corpus, GOLD)
    missed = {(x.file, x.key) for x in base.misses["responsibility"] + base.misses["measures"]}
    choice = next(((d.file, m.key, name) for d in load_gold(GOLD) for m in d.measures if not m.context
                   and (d.file, m.label) not in missed for name in m.responsible
                   if (d.file, f"{m.label} / {name}") not in missed), None)
    if choice is None:
        pytest.skip("no responsible agency of the gold is matched in the corpus store")
    file, key, name = choice
    after = evaluate(corpus, gold_copy(GOLD, tmp_path, lambda g: measure(g[file], key)["responsible"].remove(name)))
    assert _delta(base, after, "responsibility") == (-1, 1, 0)
    assert _delta(base, after, "measures") == (0, 0, 0)


def test_corpus_changing_a_matched_target_value_gives_one_fn_and_one_fp(corpus: Store, tmp_path: Path) -> None:
    base = evaluate(corpus, GOLD)
    missed = {(x.file, x.key) for x in base.misses["targets"]}
    choice = next(((d.file, m.key, i) for d in load_gold(GOLD) for m in d.measures
                   for i, t in enumerate(m.targets) if (d.file, t.label) not in missed), None)
    if choice is None:
        pytest.skip("no target of the gold is matched in the corpus store")
    file, key, index = choice

    def edit(g: Gold) -> None:
        target = measure(g[file], key)["targets"][index]
        target["value"] = target["value"] + 12345

    after = evaluate(corpus, gold_copy(GOLD, tmp_path, edit))
    assert _delta(base, after, "targets") == (-1, 1, 1)


def test_corpus_missing_document_counts_every_item_as_a_miss(corpus: Store, tmp_path: Path) -> None:
    def rename(g: Gold) -> None:
        g["003_cd854ce3c22c0d56.txt"]["file"] = "003_not_loaded.txt"

    result = evaluate(corpus, gold_copy(GOLD, tmp_path, rename))
    assert result.missing_documents == ["003_not_loaded.txt"]
    gold = next(d for d in load_gold(GOLD) if d.file == "003_cd854ce3c22c0d56.txt")
    measures = [m for m in gold.measures if not m.context]
    expected = {
        "measures": len(measures), "responsibility": sum(len(m.responsible) for m in measures),
        "targets": sum(len(m.targets) for m in gold.measures), "citations": len(gold.citations),
        "agencies": len(gold.agencies), "reply_agencies": len(gold.co_handlers), "issuers": len(gold.issuers),
        "metadata": sum(v is not None for v in gold.meta.values()), "lead": 0, "target_attachment": 0,
    }
    assert counts(result, "003_not_loaded.txt") == {f: (0, 0, expected[f]) for f in FIELDS}


def test_corpus_gold_taken_from_the_store_agrees_perfectly(corpus: Store, tmp_path: Path) -> None:
    prefixes = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())

    def labels(file: str, path: str, extra: str = "") -> list[str]:
        res = corpus.query(prefixes + f'SELECT DISTINCT ?l WHERE {{ ?d pko:sourceFile "{file}" ; {path} ?a . '
                           f'?a skos:prefLabel ?l FILTER(lang(?l) = "zh") {extra} }}')
        assert isinstance(res, SelectResult)
        return sorted(str(r["l"]) for r in res.rows)

    def from_store(g: Gold) -> None:
        for file, data in g.items():
            data["agencies_mentioned"] = labels(file, "pko:mentions", "?a a org:Organization FILTER NOT EXISTS "
                                                "{ ?a a pko:CollectiveAgent }")
            data["issuers"] = labels(file, "eli:passed_by")
            data["co_handlers"] = labels(file, "pko:coHandledBy")

    result = evaluate(corpus, gold_copy(GOLD, tmp_path, from_store))
    for name in ("agencies", "issuers", "reply_agencies"):
        assert result.fields[name].f1 == 1.0, result.misses[name] + result.extras[name]
    assert result.fields["agencies"].tp > 0


def test_a_document_cited_by_its_number_alone_is_no_extra_citation(tmp_path: Path) -> None:
    """The graph keeps a work cited by number alone (按照教体艺厅函〔2023〕21号文件要求); the guidelines score 《》
    citations only, so it is neither a hit nor an extra, while a titled one the gold lacks still is an extra."""
    from policykg.kg.ingest import ingest

    doc = tmp_path / "docs" / "n.txt"
    doc.parent.mkdir()
    doc.write_text("教育部关于加强近视防控工作的通知\n教体艺〔2025〕9号\n各省、自治区、直辖市教育厅：\n"
                   "一、完善机制。按照教体艺厅函〔2023〕21号文件要求，完善评议考核机制。（教育部负责）\n"
                   "二、加强宣传。依据《中华人民共和国教育法》开展宣传。（教育部负责）\n教育部\n2025年5月21日\n",
                   encoding="utf-8")
    gold = {"file": "n.txt", "kind": "notice", "title": None, "doc_number": None, "date": None, "issuers": [],
            "agencies_mentioned": [], "citations": [], "measures": []}
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "n.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    with open_store(str(tmp_path / "store")) as s:
        ingest(s, [doc])
        cited = s.query("PREFIX eli: <http://data.europa.eu/eli/ontology#> SELECT ?w WHERE { ?d eli:cites ?w }")
        assert isinstance(cited, SelectResult) and len(cited.rows) == 2
        result = evaluate(s, tmp_path / "gold")
    assert counts(result)["citations"] == (0, 1, 0)
    assert "教育法" in result.extras["citations"][0].key
