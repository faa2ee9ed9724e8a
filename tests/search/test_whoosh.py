"""What is particular to the Whoosh backend: index folders, rebuilds, start-up repair."""

import os
import re
import shutil
import threading

import pytest

from storybank import search
from storybank.cli import cli
from storybank.extensions import db
from storybank.models import Story, Tip
from storybank.search.whoosh_backend import WhooshBackend
from tests.helpers import add_story, commit_rows


@pytest.fixture
def make_app(make_app):
    def make(**config):
        return make_app(**{"SEARCH": "whoosh", **config})
    return make


def results(client, **params):
    html = client.get("/zoeken", query_string=params).get_data(as_text=True)
    count = int(re.search(r'class="result-count" role="status">(\d+) result', html)[1])
    return count, html


def set_status(app, slug, status):
    with app.app_context():
        story = db.session.scalar(db.select(Story).where(Story.slug == slug))
        story.status = status
        commit_rows()


def wait_for_rebuild():
    for thread in threading.enumerate():
        if thread.name == "storybank-reindex":
            thread.join(timeout=60)


def test_unpublished_stories_never_reach_the_index_files(indexed_app, search_client):
    with indexed_app.app_context():
        add_story(slug="geheim", title="Geheime inzending", status="submitted",
                  text="Dit bevat het woord ballonvaarder en is nog niet beoordeeld.")
        index = search.get_index()
        with index.open().searcher() as searcher:
            assert "story:" not in " ".join(
                f["key"] for f in searcher.all_stored_fields() if f["key"].endswith(":0"))
            keys = {f["key"] for f in searcher.all_stored_fields()}
        geheim = db.session.scalar(db.select(Story).where(Story.slug == "geheim"))
        assert f"story:{geheim.id}" not in keys
    assert results(search_client, q="ballonvaarder")[0] == 0


def test_reindex_works_from_an_empty_index_folder(indexed_app, corpus):
    runner = indexed_app.test_cli_runner()
    instance = indexed_app.instance_path
    for entry in os.listdir(instance):
        if entry.startswith("search"):
            path = os.path.join(instance, entry)
            os.unlink(path) if not os.path.isdir(path) or os.path.islink(path) else shutil.rmtree(path)
    result = runner.invoke(cli, ["reindex"])
    assert result.exit_code == 0, result.output
    assert f"{len(corpus.stories) + len(corpus.tips)} documents indexed" in result.output
    assert results(indexed_app.test_client(), q="regels")[0] > 0


def test_reindex_swaps_folders_and_keeps_one_previous(indexed_app):
    runner = indexed_app.test_cli_runner()
    for _ in range(3):
        runner.invoke(cli, ["reindex"])
    folders = [e for e in os.listdir(indexed_app.instance_path) if e.startswith("search-")]
    assert len(folders) == 2
    assert os.path.islink(os.path.join(indexed_app.instance_path, "search"))


def test_rebuild_catches_up_with_changes_committed_meanwhile(indexed_app):
    from storybank.search.documents import all_documents, current_versions, documents_for

    with indexed_app.app_context():
        documents = list(all_documents(db.engine))
        # A story is unpublished after the bulk read but before the swap.
        set_status(indexed_app, "de-wachtlijst-op-tafel", "rejected")
        search.get_index().rebuild(iter(documents), lambda: current_versions(db.engine),
                                   lambda keys: documents_for(db.engine, keys))
    assert "De wachtlijst op tafel" not in results(indexed_app.test_client(), q="wachtlijst")[1]


def test_missing_index_is_rebuilt_at_start_up_while_search_says_so(app, make_app, caplog):
    with app.app_context():
        assert not search.get_backend().healthy()
    rebuilding = make_app(SEARCH_REBUILD_ON_START=True)
    index = rebuilding.extensions["storybank.search"]
    assert "missing or unreadable; rebuilding" in caplog.text
    response = rebuilding.test_client().get("/zoeken?q=regels")
    assert response.status_code in (200, 503)
    if response.status_code == 503:
        assert "wordt op dit moment opnieuw opgebouwd" in response.get_data(as_text=True)
    wait_for_rebuild()
    assert index.healthy() and not index.rebuilding
    assert rebuilding.test_client().get("/zoeken?q=regels").status_code == 200


# Whoosh leaves the damaged table-of-contents file open when it fails to read it.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_unreadable_index_reports_unavailable_then_rebuilds_itself(indexed_app):
    link = os.path.join(indexed_app.instance_path, "search")
    target = os.path.realpath(link)
    for name in os.listdir(target):
        with open(os.path.join(target, name), "wb") as handle:
            handle.write(b"kapot")
    fresh = WhooshBackend(indexed_app.instance_path)
    assert not fresh.healthy()
    indexed_app.extensions["storybank.search"] = fresh
    client = indexed_app.test_client()
    assert client.get("/zoeken?q=regels").status_code == 503
    assert client.get("/").status_code == 200
    wait_for_rebuild()
    assert fresh.healthy()
    assert results(client, q="regels")[0] > 0


def test_tip_rows_are_indexed_once_each(indexed_app, corpus):
    with indexed_app.app_context():
        with search.get_index().open().searcher() as searcher:
            keys = [f["key"] for f in searcher.all_stored_fields()]
        assert len(keys) == len(set(keys)) == len(corpus.stories) + db.session.scalar(
            db.select(db.func.count()).select_from(Tip))



@pytest.mark.parametrize("derivation", [True, False])
def test_snippet_marks_the_words_the_whole_text_analysis_marks(derivation):
    """Snippets look up each word's index forms one word at a time (remembered per word); that
    must mark exactly the words that running the index analyzer over the whole story marks."""
    from storybank.search.analysis import dutch_analyzer
    from storybank.search.query import _matched_words

    analyzer = dutch_analyzer(derivation)
    text = ("De inkoopafdeling sprak met jeugdhulpaanbieders; de Gemeente wil financiën anders regelen. "
            "Inkopers, ouders en het wijkteam: één gesprek over de wachtlijst en é in 2024, in-kooprondes!")
    query_terms = set()
    for words in ("inkoop gemeente", "financiering", "aanbieder wachtlijst", "ouder 2024"):
        query_terms |= {t.text for t in analyzer(words, mode="query", removestops=True)}
    terms = frozenset(query_terms)

    # A word is its characters: Whoosh gives a stop word the position of the word after it, so
    # grouping by position marked "met" instead of "jeugdhulpaanbieders" (the defect fixed here).
    by_span: dict[tuple[int, int], bool] = {}
    for token in analyzer(text, chars=True, positions=True, mode="index", removestops=False):
        span = (token.startchar, token.endchar)
        by_span[span] = by_span.get(span, False) or token.text in terms
    expected = [text[start:end] for (start, end), matched in by_span.items() if matched]

    marked = [text[t.startchar:t.endchar] for t in _matched_words(analyzer, text, terms) if t.matched]
    assert marked == expected
    assert {"Gemeente", "wachtlijst", "ouders"} <= set(marked) and "met" not in marked
    # found through their parts "inkoop" and "aanbieder", only when the index adds parts
    assert ("inkoopafdeling" in marked) is ("jeugdhulpaanbieders" in marked) is derivation


def test_remembered_word_forms_are_shared_by_every_generation_of_the_index(tmp_path):
    """Each change to the index brings a new analyzer object (unpickled with the new table of
    contents); a store of word forms per object grew by one full store per change (540 stores,
    358,000 frozensets in a worker after one minute of load, walked by every full collection)."""
    from storybank.search.index import SearchIndex
    from storybank.search.query import _WordForms

    index = SearchIndex(tmp_path)
    document = {"key": "story:1", "version": "1", "kind": "story", "title": "Wachtlijst", "text": "de wachtlijst",
                "date": 202401, "words": "wachtlijst"}
    index.rebuild([document], lambda: {"story:1": "1"}, lambda keys: ([], []))
    analyzers = []
    for number in range(2, 5):
        index.apply([{**document, "key": f"story:{number}"}], [])
        analyzers.append(index.searcher().schema["text"].analyzer)
    assert len({id(a) for a in analyzers}) == len(analyzers)  # a new object each time
    assert len({id(_WordForms.of(a)) for a in analyzers}) == 1
