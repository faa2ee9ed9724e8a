"""The public pages of the transformatiekaart."""

import re

import pytest

from storybank.anonymity import curated
from storybank.extensions import db
from storybank.models import Pattern, Story, StoryPattern
from storybank.vocabulary import PLACES


def add_story(app, *, status, slug="nog-niet-gemodereerd", pattern="ruimte"):
    with app.app_context(), curated():  # fixture rows, not typed text
        story = Story(
            slug=slug, title="Een verborgen verhaal", narrator_label="Een tester vertelt",
            narrator_role="jeugdprofessional", month=3, year=2024, status=status, source="form",
            text="Dit verhaal is nog niet beoordeeld en mag nergens te zien zijn.",
        )
        story.assignments = [StoryPattern(pattern=db.session.scalar(
            db.select(Pattern).where(Pattern.slug == pattern)), source="model")]
        db.session.add(story)
        db.session.commit()


def test_map_shows_ten_places_as_links(client):
    html = client.get("/").get_data(as_text=True)
    svg = html[html.index("<svg"):html.index("</svg>")]
    for slug in PLACES:
        assert f'href="/plaats/{slug}"' in svg
    assert len(re.findall(r'<a class="place ', svg)) == 10


def test_map_places_have_accessible_names_and_summaries(client, app):
    html = client.get("/").get_data(as_text=True)
    with app.app_context():
        pattern = db.session.scalar(db.select(Pattern).where(Pattern.slug == "stroperigheid"))
        assert re.search(rf"<title>{pattern.place_name}: Stroperigheid \(\d+ verhalen\)</title>", html)
        assert f"<desc>{pattern.summary}</desc>" in html
    assert "Het getal bij een plaats is het aantal" in html


def test_map_has_a_plain_list_of_places(client):
    html = client.get("/").get_data(as_text=True)
    listing = html[html.index('id="alle-plaatsen"'):]
    assert len(re.findall(r'<a href="/plaats/', listing)) == 10


@pytest.mark.parametrize("slug", PLACES)
def test_place_page_has_four_tabs_and_three_stories(client, slug):
    html = client.get(f"/plaats/{slug}").get_data(as_text=True)
    assert len(re.findall(r'<input type="radio" name="rol"', html)) == 4
    assert len(re.findall(r'class="tab-panel"', html)) == 4
    assert len(re.findall(r'<article class="story-card', html)) >= 3


def test_place_page_puts_exemplary_stories_first(client, corpus):
    html = client.get("/plaats/participatie").get_data(as_text=True)
    cards = re.findall(r'<article class="story-card( exemplary)?">', html)
    marked = [bool(flag) for flag in cards]
    expected = sum("participatie" in s.exemplary for s in corpus.stories)
    assert marked == [True] * expected + [False] * (len(marked) - expected)


def test_place_page_preselects_the_role_from_the_query(client):
    html = client.get("/plaats/ruimte?rol=gemeenten").get_data(as_text=True)
    assert re.search(r'id="tab-gemeenten" class="tab-input" checked', html)
    assert not re.search(r'id="tab-professionals" class="tab-input" checked', html)


def test_every_audience_tab_has_a_css_rule(client):
    with client.get("/static/style.css") as response:
        css = response.get_data(as_text=True)
    for audience in ("professionals", "coordinatoren", "ketenpartners", "gemeenten"):
        assert f"#tab-{audience}:checked ~ #tip-{audience}" in css


def test_place_page_lists_related_places(client):
    html = client.get("/plaats/ruimte").get_data(as_text=True)
    related = html[html.index('id="verder"'):]
    assert len(re.findall(r'href="/plaats/', related)) == 3
    assert 'href="/plaats/ruimte"' not in related


def test_tips_for_gemeenten_lists_ten_tips(client):
    html = client.get("/tips/gemeenten").get_data(as_text=True)
    assert len(re.findall(r'<li class="tip">', html)) == 10


def test_tips_with_accented_role_redirects(client):
    response = client.get("/tips/coördinatoren")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/tips/coordinatoren")


def test_story_page_shows_text_and_links_its_places(client, corpus):
    entry = next(s for s in corpus.stories if len(s.patterns) == 2)
    html = client.get(f"/verhaal/{entry.slug}").get_data(as_text=True)
    assert entry.narrator_label in html
    for slug in entry.patterns:
        assert f'href="/plaats/{slug}"' in html
    assert "Meer verhalen uit dezelfde plaats" in html


def test_stories_list_paginates(client, corpus):
    first = client.get("/verhalen").get_data(as_text=True)
    assert f"{len(corpus.stories)} verhalen" in first
    assert len(re.findall(r'<article class="story-card', first)) == 12
    assert 'rel="next" href="/verhalen?pagina=2"' in first


def test_stories_filter_by_pattern_role_and_year(client, corpus):
    expected = [s for s in corpus.stories if "samenspel" in s.patterns and s.year >= 2014]
    html = client.get("/verhalen?patroon=samenspel").get_data(as_text=True)
    assert f"{len(expected)} verhalen" in html or f"{len(expected)} verhaal" in html
    role = corpus.stories[0].narrator_role
    year = corpus.stories[0].year
    both = [s for s in corpus.stories if s.narrator_role == role and s.year == year]
    html = client.get(f"/verhalen?rol={role}&jaar={year}").get_data(as_text=True)
    assert re.search(rf">{len(both)} verha(a)?l(en)?<", html)


def test_unknown_filter_values_are_ignored_with_a_notice(client, corpus):
    html = client.get("/verhalen?patroon=maanland&jaar=ooit").get_data(as_text=True)
    assert "onbekende plaats ‘maanland’" in html and "ongeldig jaar ‘ooit’" in html
    assert f"{len(corpus.stories)} verhalen" in html


def test_about_page_explains_anonymity(client):
    html = client.get("/over").get_data(as_text=True)
    assert 'id="anonimiteit"' in html and "[persoon 1]" in html


@pytest.mark.parametrize("url", ["/plaats/maanland", "/verhaal/bestaat-niet", "/tips/wethouders", "/nergens"])
def test_unknown_slugs_give_a_friendly_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Deze plek staat niet op de kaart" in html and "Terug naar de kaart" in html


def test_server_errors_show_the_friendly_page_without_traceback(make_app, monkeypatch):
    app = make_app(TESTING=False)
    monkeypatch.setattr("storybank.views.about.render_template", lambda *_: 1 / 0)
    response = app.test_client().get("/over")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Er ging iets mis bij ons" in html and "Traceback" not in html and "ZeroDivision" not in html


@pytest.mark.parametrize("status", ["submitted", "rejected"])
def test_unpublished_stories_are_nowhere(app, client, status):
    add_story(app, status=status)
    assert client.get("/verhaal/nog-niet-gemodereerd").status_code == 404
    for url in ("/", "/verhalen?patroon=ruimte", "/plaats/ruimte"):
        assert "Een verborgen verhaal" not in client.get(url).get_data(as_text=True)


def test_story_counts_on_the_map_count_published_stories_only(app, client, corpus):
    add_story(app, status="submitted")
    published = sum("ruimte" in s.patterns for s in corpus.stories)
    html = client.get("/").get_data(as_text=True)
    assert f"({published} verhalen)" in html


def test_every_audience_maps_to_known_narrator_roles_and_no_role_to_two_audiences():
    from storybank.vocabulary import AUDIENCE_ROLES, AUDIENCES, NARRATOR_ROLES, audience_of

    assert set(AUDIENCE_ROLES) == set(AUDIENCES)
    roles = [role for group in AUDIENCE_ROLES.values() for role in group]
    assert len(roles) == len(set(roles)) and set(roles) <= set(NARRATOR_ROLES)
    assert audience_of("wethouder") == "gemeenten" and audience_of("ouder") is None


def test_place_page_filters_its_stories_by_audience(client, corpus):
    from storybank.vocabulary import AUDIENCE_ROLES

    here = [s for s in corpus.stories if "samenspel" in s.patterns]
    by_gemeenten = [s for s in here if s.narrator_role in AUDIENCE_ROLES["gemeenten"]]
    assert by_gemeenten and len(by_gemeenten) < len(here)  # the filter has something to do
    html = client.get("/plaats/samenspel?groep=gemeenten").get_data(as_text=True)
    stories = html[html.index('id="verhalen"'):html.index('id="verder"')]
    titles = re.findall(r'<h3><a href="/verhaal/([^"]+)"', stories)
    assert sorted(titles) == sorted(s.slug for s in by_gemeenten)
    assert f"Gemeenten ({len(by_gemeenten)})" in stories and f"Alle vertellers ({len(here)})" in stories
    assert 'href="/plaats/samenspel?groep=gemeenten#verhalen" aria-current="true"' in stories
    # one click from the unfiltered page, keeping the chosen tips tab
    assert 'href="/plaats/samenspel?groep=professionals&amp;rol=gemeenten#verhalen"' in client.get(
        "/plaats/samenspel?rol=gemeenten").get_data(as_text=True)


def test_place_page_ignores_an_unknown_audience_with_a_notice(client, corpus):
    html = client.get("/plaats/samenspel?groep=astronauten").get_data(as_text=True)
    assert "onbekende groep ‘astronauten’" in html
    expected = sum("samenspel" in s.patterns for s in corpus.stories)
    assert len(re.findall(r'<article class="story-card', html)) == expected


def test_stories_filter_by_audience_group(client, corpus):
    from storybank.vocabulary import AUDIENCE_ROLES

    expected = [s for s in corpus.stories if s.narrator_role in AUDIENCE_ROLES["coordinatoren"]]
    html = client.get("/verhalen?groep=coordinatoren").get_data(as_text=True)
    assert re.search(rf">{len(expected)} verha(a)?l(en)?<", html)
    assert '<option value="coordinatoren" selected>' in html
    if len(expected) > 12:
        assert re.search(r'rel="next" href="/verhalen\?[^"]*groep=coordinatoren', html)
    data = client.get("/api/v1/verhalen?groep=coordinatoren").get_json()
    assert data["pagination"]["total"] == len(expected)
    assert {s["narrator_role"] for s in data["stories"]} <= set(AUDIENCE_ROLES["coordinatoren"])
    assert client.get("/api/v1/verhalen?groep=astronauten").status_code == 400
