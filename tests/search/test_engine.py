"""The vectorised engine agrees with Whoosh, and concurrent writers keep the index whole."""

import multiprocessing

import numpy as np
import pytest
from whoosh import query as Q
from whoosh.qparser import AndGroup, MultifieldParser, OrGroup

from storybank import search
from storybank.search import engine
from storybank.search.engine import VectorSearcher, plain_terms, vector_searcher
from storybank.search.index import SearchIndex
from storybank.search.query import run_search


@pytest.fixture
def make_app(make_app):
    def make(**config):
        return make_app(**{"SEARCH": "whoosh", **config})
    return make


@pytest.mark.parametrize("text", ["gemeente", "regels wachten", "jeugdhulp aanbieder", "ouders school"])
@pytest.mark.parametrize("group", [AndGroup, OrGroup])
def test_vectorised_matches_and_ranking_agree_with_whoosh(indexed_app, text, group):
    with indexed_app.app_context():
        searcher = search.get_index().searcher()
        parsed = MultifieldParser(["title", "text"], searcher.schema, group=group).parse(text)
        assert plain_terms(parsed)
        mask, scores = vector_searcher(searcher).evaluate(parsed)
        results = searcher.search(parsed, limit=None)
        whoosh_scores = dict(results.items())
        assert set(np.flatnonzero(mask)) == set(whoosh_scores)
        for docnum, score in whoosh_scores.items():
            assert scores[docnum] == pytest.approx(score, rel=1e-3)


def test_other_syntax_is_left_to_whoosh():
    assert not plain_terms(Q.Phrase("text", ["jeugd", "hulp"]))
    assert not plain_terms(Q.Wildcard("text", "jeugd*"))


def _write(instance, start):
    index = SearchIndex(instance)
    for number in range(start, start + 15):
        index.apply([{"key": f"story:{number}", "version": "1", "kind": "story", "title": f"Verhaal {number}",
                      "text": "gelijktijdig schrijven naar de index", "date": 202401, "words": "gelijktijdig"}], [])


def test_concurrent_writers_in_several_processes_keep_the_index_whole(indexed_app):
    instance = indexed_app.instance_path
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_write, args=(instance, start)) for start in (10_000, 20_000, 30_000)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    with SearchIndex(instance).open().searcher() as searcher:
        keys = {fields["key"] for fields in searcher.all_stored_fields()}
        assert {f"story:{n}" for s in (10_000, 20_000, 30_000) for n in range(s, s + 15)} <= keys
        assert searcher.doc_count() == len(keys)


# -- the start-up self-check of the fast path -------------------------------------------------------


def test_self_check_accepts_the_installed_whoosh():
    assert engine._self_check()


def test_self_check_rejects_a_codec_whose_private_fields_mean_something_else(monkeypatch):
    def ids_not_gaps(matcher):  # as if a Whoosh release stored plain ids where we expect gaps
        matcher._read_data()
        matcher._read_weights()
        return np.asarray(matcher._data[0], dtype=np.int64), np.asarray(matcher._weights, dtype=np.float32)

    monkeypatch.setattr(engine, "_block_arrays", ids_not_gaps)
    assert not engine._self_check()


def test_self_check_rejects_a_codec_without_the_private_fields(monkeypatch):
    monkeypatch.setattr(engine, "FAST_PATH_ATTRIBUTES", (*engine.FAST_PATH_ATTRIBUTES, "_block_index"))
    assert not engine._self_check()


QUERIES = ["gemeente", "regels wachten", "jeugdhulp aanbieder", "ouders school", "wachtlijst", "zzzonbekend"]


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("group", [AndGroup, OrGroup])
def test_fallback_path_gives_the_same_matches_and_scores_as_the_fast_path(indexed_app, text, group):
    with indexed_app.app_context():
        searcher = search.get_index().searcher()
        parsed = MultifieldParser(["title", "text"], searcher.schema, group=group).parse(text)
        fast_mask, fast_scores = VectorSearcher(searcher, fast=True).evaluate(parsed)
        public_mask, public_scores = VectorSearcher(searcher, fast=False).evaluate(parsed)
    assert np.array_equal(fast_mask, public_mask)
    assert np.array_equal(fast_scores, public_scores)


def outcomes(app, requests):
    with app.app_context():
        index = search.get_index()
        index.forget_searcher()
        found = []
        for request in requests:
            outcome = run_search(index, request, lambda keys: {key: type("Row", (), {"text": "x"}) for key in keys})
            found.append(([hit.key for hit in outcome.hits], outcome.total, outcome.facets))
        return found


def test_when_the_self_check_fails_search_answers_the_same_through_the_public_api(indexed_app, monkeypatch):
    requests = [search.SearchRequest(text=text, per_page=50) for text in QUERIES]
    requests += [search.SearchRequest(text="gemeente", pattern="samenspel"), search.SearchRequest(kind="tip")]
    fast = outcomes(indexed_app, requests)
    read_fast = []
    monkeypatch.setattr(engine, "_fast_path", None)  # as in a fresh process
    monkeypatch.setattr(engine, "_block_arrays", lambda matcher: read_fast.append(1) or 1 / 0)
    assert not engine.fast_path_ok()
    assert read_fast == [1]  # the self-check tried the private fields once
    assert outcomes(indexed_app, requests) == fast
    assert read_fast == [1]  # and search never used them


# -- arrays kept per segment ----------------------------------------------------------------------


def _document(number, text):
    return {"key": f"story:{number}", "version": "1", "kind": "story", "title": f"Verhaal {number}",
            "text": text, "date": 202401, "words": text}


def _found(index, word):
    outcome = run_search(index, search.SearchRequest(text=word, per_page=50),
                         lambda keys: {key: type("Row", (), {"text": word}) for key in keys})
    return {hit.key for hit in outcome.hits}


def test_kept_postings_never_hide_a_change_to_the_index(tmp_path):
    """Postings are kept per segment across searchers: additions, replacements and deletions
    made after a word was searched must show in the next search all the same."""
    index = SearchIndex(tmp_path)
    index.rebuild([_document(n, "de wachtlijst groeit") for n in range(1, 4)],
                  lambda: {f"story:{n}": "1" for n in range(1, 4)}, lambda keys: ([], []))
    assert _found(index, "wachtlijst") == {"story:1", "story:2", "story:3"}
    index.apply([_document(4, "een wachtlijst erbij"), _document(2, "het rapport kwam")], ["story:3"])
    assert _found(index, "wachtlijst") == {"story:1", "story:4"}
    assert _found(index, "rapport") == {"story:2"}
    assert engine.segment_arrays.size > 0


def test_kept_arrays_stay_within_their_limit_and_drop_the_least_recently_used():
    kept = engine.SegmentArrays(limit_bytes=3 * 800)
    reads = []

    def read(name):
        reads.append(name)
        return (np.zeros(100, dtype=np.int64),)  # 800 bytes

    for name in ("a", "b", "c"):
        kept.get((name,), lambda name=name: read(name))
    kept.get(("a",), lambda: read("a"))  # a is now the most recently used
    kept.get(("d",), lambda: read("d"))  # b goes
    assert reads == ["a", "b", "c", "d"] and kept.size <= 3 * 800
    kept.get(("a",), lambda: read("a"))
    kept.get(("b",), lambda: read("b"))
    assert reads == ["a", "b", "c", "d", "b"]
    found = kept.get(("d",), lambda: read("d"))[0]
    with pytest.raises(ValueError):
        found[0] = 1  # shared between searchers: read-only


@pytest.mark.parametrize("request_", [search.SearchRequest(text="gemeente"), search.SearchRequest(text=""),
                                      search.SearchRequest(text="gemeente", sort="datum", kind="story")])
def test_an_empty_index_answers_with_nothing_found(tmp_path, request_):
    """Before the first story is published the index has no segment at all (Whoosh's EmptyReader)."""
    index = SearchIndex(tmp_path)
    index.rebuild([], lambda: {}, lambda keys: ([], []))
    outcome = run_search(index, request_, lambda keys: {})
    assert (outcome.total, outcome.hits) == (0, [])


def test_deleted_documents_are_left_out_segment_by_segment(tmp_path):
    index = SearchIndex(tmp_path)
    index.rebuild([_document(n, "de wachtlijst groeit") for n in range(1, 6)],
                  lambda: {f"story:{n}": "1" for n in range(1, 6)}, lambda keys: ([], []))
    index.apply([_document(6, "een wachtlijst erbij")], ["story:2", "story:4"])
    index.apply([], ["story:6"])
    searcher = index.searcher()
    live = vector_searcher(searcher).live
    assert set(np.flatnonzero(live)) == set(searcher.reader().all_doc_ids())
    assert _found(index, "wachtlijst") == {"story:1", "story:3", "story:5"}
