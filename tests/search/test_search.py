"""/zoeken and the API's search, the same tests on both backends (Whoosh files, PostgreSQL).

Every test here runs twice: with the Whoosh backend (on the database of the run) and with
the PostgreSQL backend (on a throw-away PostgreSQL database; skipped, with the reason, when
no server can be started). What is particular to one backend lives in test_search_whoosh.py,
test_search_robustness.py and test_search_postgres.py.
"""

import re

import pytest

from storybank import search
from storybank.anonymity import curated
from storybank.extensions import db
from storybank.models import Pattern, Story, StoryPattern
from tests.helpers import add_story, commit_rows


@pytest.fixture(params=["whoosh", "postgres"])
def search_backend(request):
    return request.param


@pytest.fixture
def database_url(request, search_backend):
    """PostgreSQL for the PostgreSQL backend (and for both in the PostgreSQL run)."""
    if search_backend == "postgres" or request.config.getoption("--database") == "postgresql":
        return request.getfixturevalue("postgres_url")
    return None


@pytest.fixture
def make_app(make_app, search_backend):
    def make(**config):
        return make_app(**{"SEARCH": search_backend, **config})
    return make


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
        commit_rows()


def test_the_backend_asked_for_is_the_one_that_answers(indexed_app, search_backend):
    with indexed_app.app_context():
        assert search.get_backend().name == search_backend


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
        commit_rows()
    count, html = results(search_client, q="financien")
    assert count >= 1 and re.findall(r'<h3><a href="[^"]+">([^<]+)</a>', html)[0] == "Over de financiën"


@pytest.mark.parametrize("typed", ["soren", "Søren", "SØREN", "aero", "Ærø"])
def test_a_letter_without_decomposition_is_found_typed_either_way(indexed_app, search_client, typed):
    """"ø" folds to "o" and "æ" to "ae" (nlp.dutch.fold) in the index and in the query, as "ë" to "e"
    (Whoosh's accent_map kept "æ": "aero" did not find "Ærø")."""
    with indexed_app.app_context():
        add_story(slug="soren", title="De vrijwilliger uit Ærø", narrator_label="Een maatje vertelt",
                  narrator_role="vrijwilliger", month=1, year=2024,
                  text="Søren kwam elke dinsdag langs om met de jongens te voetballen.")
    count, html = results(search_client, q=typed)
    assert count >= 1 and "De vrijwilliger uit Ærø" in re.findall(r'<h3><a href="[^"]+">([^<]+)</a>', html)


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


def titles(html):
    return re.findall(r'<h3><a href="([^"]+)"', html)


@pytest.mark.parametrize(("query", "words"), [
    ('"wachtlijst', "wachtlijst"), ("(jeugd", "jeugd"), ("jeugd AND (", "jeugd"), ("regels:", "regels"),
    ("jeugd^^ ~~ {[", "jeugd"), ("gemeente OR", "gemeente"), ("kind:tip", "kind tip"),
])
def test_a_query_that_does_not_parse_is_searched_as_its_words(search_client, query, words):
    """Search swallows what a query's syntax breaks (a failed parse or search finds nothing rather
    than an error page), so the answer itself is checked: the same hits as the plain words."""
    count, html = results(search_client, q=query)
    expected, plain = results(search_client, q=words)
    assert expected > 0 and count == expected
    assert titles(html) == titles(plain)


@pytest.mark.parametrize("query", ["*", "AND", '"', "NOT", "OR OR"])
def test_a_query_of_syntax_alone_finds_nothing_and_says_so(search_client, query):
    response = search_client.get("/zoeken", query_string={"q": query})
    assert response.status_code == 200
    count, html = results(search_client, q=query)
    assert count == 0 and not titles(html)
    assert results(search_client)[0] > 0  # unlike an empty search box, which browses everything


def test_field_syntax_cannot_bypass_filters(search_client):
    """'kind:' and 'patterns:' are no search fields: they are read as words, and the filters
    still decide. Read as a field, 'kind:tip' with soort=verhaal would have found nothing."""
    count, html = results(search_client, q="kind:tip", soort="verhaal")
    assert count > 0 and count == results(search_client, q="kind tip", soort="verhaal")[0]
    assert "hit-story" in html and "hit-tip" not in html
    assert results(search_client, q="kind:tip", soort="tip")[0] == results(search_client, q="kind tip", soort="tip")[0]
    data = search_client.get("/api/v1/zoek", query_string={"q": "patterns:ruimte", "patroon": "stroperigheid"}).get_json()
    plain = search_client.get("/api/v1/zoek", query_string={"q": "patterns ruimte", "patroon": "stroperigheid"}).get_json()
    assert data["pagination"]["total"] == plain["pagination"]["total"] > 0
    assert all("stroperigheid" in [p["slug"] for p in hit["patterns"]] for hit in data["results"])


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
    with indexed_app.app_context():
        add_story(slug="xss", title="<i>Schuin</i> kwetsbaarheidstest", narrator_label="Een tester vertelt",
                  narrator_role="anders", narrator_role_other="Tester", month=2, year=2025, text=payload)
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
        commit_rows()
    assert results(search_client, q="zeppelinhangar")[0] == 1
    with indexed_app.app_context():
        db.session.delete(db.session.scalar(db.select(Story).where(Story.slug == "de-wachtlijst-op-tafel")))
        commit_rows()
    assert results(search_client, q="zeppelinhangar")[0] == 0


def test_changing_a_story_place_updates_its_facet(indexed_app, search_client):
    _, html = results(search_client, q="zorgboerderij")
    assert "Stroperigheid</a> (1)" not in html
    with indexed_app.app_context():
        story = db.session.scalar(db.select(Story).where(Story.slug == "de-kleine-aanbieder-aan-tafel"))
        pattern = db.session.scalar(db.select(Pattern).where(Pattern.slug == "stroperigheid"))
        story.assignments.append(StoryPattern(pattern=pattern, rank=1, source="adviser"))
        commit_rows()
    count, html = results(search_client, q="zorgboerderij", patroon="stroperigheid")
    assert count == 1


def test_rolled_back_changes_never_reach_the_index(indexed_app, search_client):
    with indexed_app.app_context(), curated():  # fixture rows, not typed text
        story = db.session.scalar(db.select(Story).where(Story.slug == "de-wachtlijst-op-tafel"))
        story.text += " luchtkasteel"
        db.session.flush()
        db.session.rollback()
    assert results(search_client, q="luchtkasteel")[0] == 0


def test_tips_are_searchable_with_their_role(search_client):
    count, html = results(search_client, q="tarieven", soort="tip")
    assert count >= 1 and "Reistip voor" in html


def test_search_box_is_in_the_header_of_every_page(client):
    for url in ("/", "/verhalen", "/over", "/plaats/ruimte"):
        assert 'role="search"' in client.get(url).get_data(as_text=True)


def test_unpublished_stories_are_never_found(indexed_app, search_client):
    with indexed_app.app_context():
        add_story(slug="geheim", title="Geheime inzending", status="submitted",
                  text="Dit bevat het woord ballonvaarder en is nog niet beoordeeld.")
    assert results(search_client, q="ballonvaarder")[0] == 0
    assert "Bedoelde u" not in results(search_client, q="ballonvaardr")[1]


def test_api_search_answers_with_results_facets_and_escaped_snippets(indexed_app, search_client):
    data = search_client.get("/api/v1/zoek?q=gemeenten&patroon=samenspel").get_json()
    assert data["pagination"]["total"] > 0 and data["results"]
    assert set(data["facets"]) == {"kind", "pattern", "role", "year"}
    assert data["facets"]["pattern"]["samenspel"] == data["pagination"]["total"]
    assert any("<mark>" in (r["snippet_html"] or "") for r in data["results"])
    with indexed_app.app_context():
        add_story(slug="xss-api", title="Over <b>vet</b>", narrator_label="Een tester vertelt",
                  narrator_role="anders", narrator_role_other="Tester", month=2, year=2025,
                  text='<img src=x onerror="y()"> luchtschip')
    data = search_client.get("/api/v1/zoek?q=luchtschip").get_json()
    assert [r["title"] for r in data["results"]] == ["Over <b>vet</b>"]  # JSON carries text; HTML is escaped
    assert "<img" not in data["results"][0]["snippet_html"]
    assert "onerror=&#34;y()&#34;&gt;" in data["results"][0]["snippet_html"]


def test_api_search_rejects_bad_parameters_and_pages_past_the_end(search_client):
    assert search_client.get("/api/v1/zoek?soort=film").status_code == 400
    last = search_client.get("/api/v1/zoek?q=gemeente&pagina=999").get_json()
    assert last["pagination"]["page"] == last["pagination"]["pages"] and last["results"]


# -- findability: Dutch families and compounds (issue 12) -------------------------------------------


def all_titles(client, **params) -> list[str]:
    titles, page = [], 1
    while True:
        data = client.get("/api/v1/zoek", query_string={**params, "pagina": page}).get_json()
        titles += [r["title"] for r in data["results"]]
        if page >= data["pagination"]["pages"]:
            return titles
        page += 1


def test_inkoop_finds_the_stories_told_by_inkopers(search_client, corpus):
    told_by_inkopers = {s.title for s in corpus.stories if s.narrator_role == "inkoper"}
    assert len(told_by_inkopers) >= 3
    assert told_by_inkopers <= set(all_titles(search_client, q="inkoop", soort="verhaal"))


def test_financien_finds_financiering_and_financiele(search_client, corpus):
    derived = {s.title for s in corpus.stories if re.search(r"financi(ering|ële)", s.text, re.I)}
    assert derived
    found = set(all_titles(search_client, q="financiën"))
    assert derived <= found
    assert derived <= set(all_titles(search_client, q="financien"))  # typed without the accent


def test_a_compound_is_found_by_its_parts_and_marked_in_the_snippet(indexed_app, search_client):
    with indexed_app.app_context():
        add_story(slug="afdeling", title="Een nieuwe afdeling",
                  text="De inkoopafdeling sprak eindelijk met de jeugdhulpaanbieders uit de regio.")
    for part in ("inkoop", "jeugdhulpaanbieder", "aanbieders"):
        assert "Een nieuwe afdeling" in all_titles(search_client, q=part), part
    snippet = search_client.get("/api/v1/zoek?q=kwartiermaker+jeugdhulpaanbieders").get_json()
    data = search_client.get("/api/v1/zoek?q=inkoopafdeling").get_json()
    assert data["results"][0]["title"] == "Een nieuwe afdeling"
    assert "<mark>inkoopafdeling</mark>" in data["results"][0]["snippet_html"]
    assert snippet["pagination"]["total"] >= 1  # any word may match when not all do


def test_a_derived_form_in_the_query_asks_for_its_base_too(search_client, corpus):
    with_inkoop = {s.title for s in corpus.stories if re.search(r"\binkoop\b", s.text + s.title, re.I)}
    assert with_inkoop <= set(all_titles(search_client, q="inkopers"))


def test_readme_search_examples_find_what_they_promise(indexed_app, search_client):
    """The README's curl example and the search box's placeholder: stories about the inkoop of jeugdhulp
    come first, found with all their words (before Dutch families, nothing had them all)."""
    from storybank.search.base import ANY_WORDS_NOTICE

    for query in ("q=inkoop+jeugdhulp&patroon=spanning&pagina=1", "q=inkoop+jeugdhulp"):
        data = search_client.get(f"/api/v1/zoek?{query}").get_json()
        assert data["pagination"]["total"] >= 1 and ANY_WORDS_NOTICE not in data["notices"], query
        with indexed_app.app_context():
            first = data["results"][0]
            story = db.session.scalar(db.select(Story).where(Story.slug == first["slug"]))
            told = f"{story.title} {story.text} {story.narrator_label} {story.narrator_role_label}"
            assert re.search(r"inko(op|p)|ingekocht", told, re.I) and re.search(r"jeugd", told, re.I), first["title"]


def test_without_derivation_the_families_do_not_meet(indexed_app, make_app, corpus):
    """The switch the before/after measurement uses (bench/bench_findability.py --no-derivation)."""
    plain = make_app(SEARCH_DERIVATION=False, INSTANCE=indexed_app.instance_path,
                     DATABASE_URL=indexed_app.config["DATABASE_URL"])
    with plain.app_context():
        search.reindex()
    client = plain.test_client()
    told_by_inkopers = {s.title for s in corpus.stories if s.narrator_role == "inkoper"}
    assert not told_by_inkopers <= set(all_titles(client, q="inkoop", soort="verhaal"))
    with plain.app_context():
        assert search.check().agrees
    with indexed_app.app_context():  # the app with derivation sees the index as out of date
        assert not search.get_backend().healthy() or not search.check().agrees


def test_when_few_have_every_word_those_come_first_and_the_rest_follow(indexed_app, search_client):
    from storybank.search.base import MORE_WORDS_NOTICE

    with indexed_app.app_context():
        add_story(slug="haven", title="De zeppelinhaven",
                  text="Bij de zeppelinhaven stond de wachtlijst op een schoolbord.")
    data = search_client.get("/api/v1/zoek?q=zeppelinhaven+wachtlijst").get_json()
    assert data["notices"] == [MORE_WORDS_NOTICE]
    assert data["results"][0]["title"] == "De zeppelinhaven"
    assert data["pagination"]["total"] > 3  # the stories about wachtlijsten follow
