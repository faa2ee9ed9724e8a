"""The vectorised engine agrees with Whoosh, and concurrent writers keep the index whole."""

import multiprocessing

import numpy as np
import pytest
from whoosh import query as Q
from whoosh.qparser import AndGroup, MultifieldParser, OrGroup

from storybank import search
from storybank.search.engine import plain_terms, vector_searcher
from storybank.search.index import SearchIndex


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
