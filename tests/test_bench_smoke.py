"""Smoke runs of the benchmarks (correctness only: figures are reported by `make bench`, never asserted)."""

from pathlib import Path

from bench import generate, load


def test_load_harness_runs_against_the_app_with_only_expected_answers(live_server: str) -> None:
    figures = load.run(live_server, clients=2, seconds=2, runaway_share=0)
    assert figures["unexpected"] == 0
    assert {"canned", "entity", "search", "sparql"} <= set(figures["kinds"])  # type: ignore[arg-type]
    assert "req/s" in load.render(figures)


def test_generator_is_deterministic_and_varied(tmp_path: Path) -> None:
    first = generate.generate(tmp_path / "a", 30, seed=3)
    second = generate.generate(tmp_path / "b", 30, seed=3)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    texts = [p.read_text(encoding="utf-8") for p in first]
    assert len(set(texts)) == 30
    assert any("答复" in t.splitlines()[0] for t in texts) and any("通知" in t.splitlines()[0] for t in texts)
    assert any("牵头单位：" in t for t in texts) and any("负责）" in t for t in texts)
