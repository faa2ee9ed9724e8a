"""bench/bench_findability.py: the metrics by hand, and a before/after run on the format sample."""

import pytest

from bench import bench_findability as bench


def test_recall_and_ndcg_by_hand():
    relevant = {"a": 2, "b": 1, "c": 1}
    assert bench.recall_at(["x", "a", "c"], relevant) == pytest.approx(2 / 3)
    best = 2 / 1 + 1 / 1.584962500721156 + 1 / 2  # grades 2, 1, 1 at ranks 1, 2, 3
    assert bench.ndcg_at(["a", "b", "c"], relevant) == pytest.approx(1.0)
    assert bench.ndcg_at(["x", "a"], relevant) == pytest.approx((2 / 1.584962500721156) / best)
    assert bench.ndcg_at(["z"] * 10 + ["a"], relevant) == 0.0  # rank 11 is past the cut


def test_per_audience_and_overall_means():
    entries = [{"query": "q1", "audience": "gemeenten", "relevant": {"a": 2}},
               {"query": "q2", "audience": "professionals", "relevant": {"b": 1}}]
    ranked = {"q1": ["a"], "q2": ["x"]}
    scores = bench.score(entries, ranked.__getitem__)
    assert scores["gemeenten"] == {"queries": 1, "recall@10": 1.0, "ndcg@10": 1.0}
    assert scores["professionals"]["recall@10"] == 0.0
    assert scores["all"] == {"queries": 2, "recall@10": 0.5, "ndcg@10": 0.5}
    assert list(scores)[-1] == "all"


def test_bad_judgements_are_refused(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("- query: inkoop\n  relevant: {x: 3}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="relevant needs doc_id: 1 or 2"):
        bench.load_judgements(path)


def test_sample_before_and_after(capsys):
    results = bench.run(bench.SAMPLE)
    assert results["queries"] == 4
    before, after = results["before"]["all"], results["after"]["all"]
    assert after["recall@10"] > before["recall@10"]  # "inkoop" meets the inkopers, "financiën" financiering
    assert results["after"]["gemeenten"]["recall@10"] == 1.0
    assert "| all | 4 |" in bench.table(results)
