"""Any input either loads or fails with a clear error, never leaves a partial graph, and loads the same way
every time: random text, random bytes, truncated documents, a 10 MB file."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policykg.errors import InputError
from policykg.kg.ingest import ingest
from policykg.kg.store import Store, open_store
from policykg.loaders.load import load_document

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "jilin"
NOTICE = (CORPUS / "004_7386dd28cc9d9502.txt").read_bytes()
REPLY = (CORPUS / "000_25b3b0f3c213c7f2.txt").read_bytes()
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
POLICY_CHARS = "一二三、（）。，：；省民政厅财政局责任单位牵头配合年底前覆盖%号〔〕《》\n 1234567890"
CHINESE = st.text(alphabet=st.sampled_from(list(POLICY_CHARS)), max_size=400)


def load_or_refuse(path: Path) -> None:
    """Load a file; the only acceptable failure is an InputError naming the file."""
    try:
        doc = load_document(path)
    except InputError as e:
        assert e.message.startswith(path.name + ": ")
        assert "\n" not in e.message
        return
    assert doc.triples
    assert load_document(path).triples == doc.triples  # deterministic


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """An embedded store holding the notice, for atomicity checks."""
    with open_store(str(tmp_path_factory.mktemp("robust") / "store")) as s:
        notice = tmp_path_factory.mktemp("docs") / "notice.txt"
        notice.write_bytes(NOTICE)
        ingest(s, [notice])
        yield s


@SETTINGS
@given(st.text(max_size=2000))
def test_any_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "any.txt"
    path.write_bytes(text.encode("utf-8", errors="replace"))  # lone surrogates cannot be written as UTF-8
    load_or_refuse(path)


@SETTINGS
@given(CHINESE)
def test_policy_like_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "policy-like.txt"
    path.write_text(text, encoding="utf-8")
    load_or_refuse(path)


@SETTINGS
@given(st.binary(max_size=4000))
def test_any_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bytes.txt"
    path.write_bytes(data)
    load_or_refuse(path)


@SETTINGS
@given(st.sampled_from([NOTICE, REPLY]), st.floats(0, 1))
def test_truncated_documents(tmp_path: Path, data: bytes, fraction: float) -> None:
    path = tmp_path / "cut.txt"
    path.write_bytes(data[:int(len(data) * fraction)])  # may cut inside a UTF-8 sequence
    load_or_refuse(path)


@settings(SETTINGS, max_examples=15)
@given(st.one_of(st.binary(max_size=500), CHINESE.map(lambda t: t.encode("utf-8"))))
def test_ingest_is_all_or_nothing(store: Store, tmp_path: Path, data: bytes) -> None:
    before = store.quad_count()
    graphs_before = set(store.graphs())
    path = tmp_path / "maybe.txt"
    path.write_bytes(data)
    report = ingest(store, [path])
    if report.failed:
        assert store.quad_count() == before and set(store.graphs()) == graphs_before
    else:
        doc = load_document(path)
        assert store.quad_count(str(doc.graph)) == len(doc.triples)
        store.drop_graph(str(doc.graph))


def test_ten_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    body = NOTICE.decode("utf-8")
    path.write_text((body * (10_000_000 // len(NOTICE) + 1))[:3_400_000], encoding="utf-8")  # about 10 MB
    assert path.stat().st_size > 9_500_000
    doc = load_document(path)
    assert len(doc.facts.measures) > 26 * 100


def test_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKG_MAX_FILE_BYTES", "1000")
    path = tmp_path / "notice.txt"
    path.write_bytes(NOTICE)
    with pytest.raises(InputError, match=r"notice\.txt: file too large"):
        load_document(path)
