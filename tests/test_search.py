"""/zoeken and the index behind it."""

import os
import re
import shutil
import threading

import pytest

from storybank import search
from storybank.cli import cli
from storybank.anonymity import curated
from storybank.extensions import db
from storybank.models import Pattern, Story, StoryPattern, Tip
from storybank.search.whoosh_backend import WhooshBackend


def results(client, **params):
    html = client.get("/zoeken", query_string=params).get_data(as_text=True)
    count = int(re.search(r'class="result-count" role="status">(\d+) result', html)[1])
    return count, html


def first_story(app, **where):
    with app.app_context():
        query = db.select(Story).where(*(getattr(Story, k) == v for k, v in where.items()))
        return db.session.scalars(query).first()


def set_status(app, slug, status):
    with app.app_context():
        story = db.session.scalar(db.select(Story).where(Story.slug == slug))
        story.status = status
        db.session.commit()


def wait_for_rebuild():
    for thread in threading.enumerate():
        if thread.name == "storybank-reindex":
            thread.join(timeout=60)


def test_inflected_query_finds_stories_and_tips(search_client):
    count, html = results(search_client, q="regel")
    assert count > 5
    assert re.search(r"<mark>regels</mark>", html, re.I)
    assert "hit-story" in html
    assert re.search(r'>Reistips</a> \(\d+\)', html)


def test_accentless_query_matches_accented_text(indexed_app, search_client):
    with indexed_app.app_context(), curated():  # fixture rows, not typed text
        story = Story(slug="financien", title="Over de financiën", narrator_label="Een controller vertelt",
                      narrator_role="staf", month=1, year=2024, status="published", source="form",
                      text="De financiën van de gemeente waren een zorg voor iedereen.")
        db.session.add(story)
        db.session.commit()
    count, html = results(search_client, q="financien")
    assert count == 1 and "Over de financiën" in html


def test_facets_count_and_filters_combine(search_client, corpus):
    count, html = results(search_client, q="gemeente")
    samenspel = re.search(r'>Samenspel gemeenten en aanbieders</a> \((\d+)\)', html)
    assert samenspel
    filtered, html = results(search_client, q="gemeente", patroon="samenspel")
    assert filtered == int(samenspel[1]) < count
    both, html = results(search_client, q="gemeente", patroon="samenspel", soort="verhaal")
    assert 0 < both < filtered
    assert "hit-tip" not in html


def test_filters_alone_browse_everything(search_client, corpus):
    count, _ = results(search_client)
    assert count == len(corpus.stories) + len(corpus.tips)
    year = corpus.stories[0].year
    count, html = results(search_client, jaar=year)
    assert count == sum(s.year == year for s in corpus.stories)


def test_sort_by_date_puts_newest_first(search_client, corpus):
    _, html = results(search_client, q="gemeente", soort="verhaal", sorteer="datum")
    told = re.findall(r'class="narrator">[^<]*· (\w+) (\d{4})</p>', html)
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
              "september", "oktober", "november", "december"]
    keys = [int(year) * 100 + months.index(month) + 1 for month, year in told]
    assert len(keys) > 3 and keys == sorted(keys, reverse=True)


def test_pagination_of_results(search_client):
    count, first = results(search_client, q="gemeente")
    assert count > 10
    assert 'rel="next"' in first
    _, second = results(search_client, q="gemeente", pagina=2)
    titles = lambda html: re.findall(r'<h3><a href="([^"]+)"', html)  # noqa: E731
    assert titles(first) and titles(second) and not set(titles(first)) & set(titles(second))


@pytest.mark.parametrize("query", ['"ongesloten', "(jeugd", "*", "titel:", "AND", "jeugd AND (", "kind:tip",
                                   "regels:", '"', "NOT", "a" * 5000, "jeugd^^ ~~ {[", "OR OR"])
def test_odd_queries_never_error(search_client, query):
    response = search_client.get("/zoeken", query_string={"q": query})
    assert response.status_code == 200
    assert "result-count" in response.get_data(as_text=True)


def test_field_syntax_cannot_bypass_filters(search_client):
    count, html = results(search_client, q="kind:tip", soort="verhaal")
    assert "hit-tip" not in html


def test_long_queries_are_cut_with_a_notice(search_client):
    _, html = results(search_client, q="gemeente " * 100)
    assert "is ingekort tot 200 tekens" in html


def test_misspelling_gets_a_suggestion(search_client):
    _, html = results(search_client, q="wachtlisjt")
    assert re.search(r"Bedoelde u <a href=\"[^\"]+\">wachtlijst</a>", html)


def test_known_words_get_no_suggestion(search_client):
    _, html = results(search_client, q="wachtlijst")
    assert "Bedoelde u" not in html


def test_markup_in_a_story_is_shown_as_text(indexed_app, search_client):
    payload = '<script>alert("x")</script> kwetsbaarheidstest <b onmouseover="x()">vet</b>'
    with indexed_app.app_context(), curated():  # fixture rows, not typed text
        db.session.add(Story(slug="xss", title="<i>Schuin</i> kwetsbaarheidstest", narrator_label="Een tester vertelt",
                             narrator_role="anders", narrator_role_other="Tester", month=2, year=2025,
                             status="published", source="form", text=payload))
        db.session.commit()
    count, html = results(search_client, q="kwetsbaarheidstest")
    assert count == 1
    assert "<script>" not in html and "<b onmouseover" not in html and "<i>Schuin</i>" not in html
    assert "&lt;/script&gt;" in html and "&lt;i&gt;Schuin&lt;/i&gt;" in html
    assert "<mark>kwetsbaarheidstest</mark>" in html


def test_publish_and_unpublish_update_the_index(indexed_app, search_client):
    story = first_story(indexed_app, slug="de-wachtlijst-op-tafel")
    before, _ = results(search_client, q="wachtlijst")
    set_status(indexed_app, story.slug, "submitted")
    after_unpublish, html = results(search_client, q="wachtlijst")
    assert after_unpublish == before - 1 and "De wachtlijst op tafel" not in html
    set_status(indexed_app, story.slug, "published")
    assert results(search_client, q="wachtlijst")[0] == before


def test_editing_and_deleting_update_the_index(indexed_app, search_client):
    with indexed_app.app_context(), curated():  # fixture rows, not typed text
        story = db.session.scalar(db.select(Story).where(Story.slug == "de-wachtlijst-op-tafel"))
        story.text += " Het woord zeppelinhangar staat nu ook in dit verhaal."
        db.session.commit()
    assert results(search_client, q="zeppelinhangar")[0] == 1
    with indexed_app.app_context():
        db.session.delete(db.session.scalar(db.select(Story).where(Story.slug == "de-wachtlijst-op-tafel")))
        db.session.commit()
    assert results(search_client, q="zeppelinhangar")[0] == 0


def test_changing_a_story_place_updates_its_facet(indexed_app, search_client):
    _, html = results(search_client, q="zorgboerderij")
    assert "Stroperigheid</a> (1)" not in html
    with indexed_app.app_context():
        story = db.session.scalar(db.select(Story).where(Story.slug == "de-kleine-aanbieder-aan-tafel"))
        pattern = db.session.scalar(db.select(Pattern).where(Pattern.slug == "stroperigheid"))
        story.assignments.append(StoryPattern(pattern=pattern, rank=1, source="adviser"))
        db.session.commit()
    count, html = results(search_client, q="zorgboerderij", patroon="stroperigheid")
    assert count == 1


def test_rolled_back_changes_never_reach_the_index(indexed_app, search_client):
    with indexed_app.app_context(), curated():  # fixture rows, not typed text
        story = db.session.scalar(db.select(Story).where(Story.slug == "de-wachtlijst-op-tafel"))
        story.text += " luchtkasteel"
        db.session.flush()
        db.session.rollback()
    assert results(search_client, q="luchtkasteel")[0] == 0


def test_unpublished_stories_are_never_indexed(indexed_app, search_client):
    with indexed_app.app_context(), curated():  # fixture rows, not typed text
        db.session.add(Story(slug="geheim", title="Geheime inzending", narrator_label="Een ouder vertelt",
                             narrator_role="ouder", month=3, year=2025, status="submitted", source="form",
                             text="Dit bevat het woord ballonvaarder en is nog niet beoordeeld."))
        db.session.commit()
        index = search.get_index()
        with index.open().searcher() as searcher:
            assert "story:" not in " ".join(
                f["key"] for f in searcher.all_stored_fields() if f["key"].endswith(":0"))
            keys = {f["key"] for f in searcher.all_stored_fields()}
        geheim = db.session.scalar(db.select(Story).where(Story.slug == "geheim"))
        assert f"story:{geheim.id}" not in keys
    assert results(search_client, q="ballonvaarder")[0] == 0


def test_tips_are_searchable_with_their_role(search_client):
    count, html = results(search_client, q="tarieven", soort="tip")
    assert count >= 1 and "Reistip voor" in html


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


def test_search_box_is_in_the_header_of_every_page(client):
    for url in ("/", "/verhalen", "/over", "/plaats/ruimte"):
        assert 'role="search"' in client.get(url).get_data(as_text=True)


def test_tip_rows_are_indexed_once_each(indexed_app, corpus):
    with indexed_app.app_context():
        with search.get_index().open().searcher() as searcher:
            keys = [f["key"] for f in searcher.all_stored_fields()]
        assert len(keys) == len(set(keys)) == len(corpus.stories) + db.session.scalar(
            db.select(db.func.count()).select_from(Tip))


def test_search_page_has_one_named_search_form_and_results_before_facets(search_client):
    html = search_client.get("/zoeken?q=gemeente").get_data(as_text=True)
    assert html.count('role="search"') == 1 and 'aria-label="Zoeken in verhalen en reistips"' in html
    assert html.index('class="hits"') < html.index('<details class="facets">')
    for url in ("/", "/verhalen"):
        assert 'role="search" aria-label="Zoeken"' in search_client.get(url).get_data(as_text=True)
