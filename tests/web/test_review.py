"""The adviser's review page and queue: suggestions tied to the places, scores that cannot
contradict their label, Dutch dates, and a login that returns where it started."""

import re
from datetime import datetime, timezone

import pytest

from storybank.cli import cli
from storybank.extensions import db
from storybank.models import Story
from storybank.services.patterns import Suggestion
from tests.helpers import review_version

WAITING = ("Al maanden wachten we op een beschikking. De regels, de formulieren en de loketten zorgen dat "
           "niemand besluit. Elke aanvraag gaat terug omdat er een handtekening ontbreekt. " * 3)


def fake_suggestions(monkeypatch, *scores):
    slugs = ["stroperigheid", "samenspel", "participatie"]
    suggestions = [Suggestion(slug, slug.title(), score, [], []) for slug, score in zip(slugs, scores)]
    monkeypatch.setattr("storybank.services.patterns.suggest", lambda *args, **kwargs: suggestions)


def test_a_clear_suggestion_is_accepted_with_one_click(app, adviser_client, deduce, submit_story):
    app.test_cli_runner().invoke(cli, ["train"])
    story_id = submit_story(title="Wachten op de beschikking", text=WAITING)
    html = adviser_client.get(f"/beheer/verhaal/{story_id}").get_data(as_text=True)
    accept = re.search(r'form="review-form" name="action" value="accept:([a-z-]+)"', html)
    assert accept, "no suggestion above the threshold offers a one-click accept"
    slug = accept[1]
    response = adviser_client.post(f"/beheer/verhaal/{story_id}", data={"version": review_version(adviser_client, story_id),
        "action": f"accept:{slug}", "title": "Wachten op de beschikking", "text": WAITING})
    assert response.status_code == 302
    with app.app_context():
        story = db.session.get(Story, story_id)
        assert [a.pattern.slug for a in story.assignments] == [slug] and story.status == "submitted"
    after = adviser_client.get(f"/beheer/verhaal/{story_id}").get_data(as_text=True)
    assert f'value="accept:{slug}"' not in after  # now it is chosen, and says so
    assert re.search(rf'id="plaats-{slug}"\s+checked', after)


def test_accepting_keeps_the_places_already_ticked(app, deduce, adviser_client, monkeypatch, submit_story):
    fake_suggestions(monkeypatch, 0.8, 0.5, 0.1)
    story_id = submit_story()
    adviser_client.post(f"/beheer/verhaal/{story_id}", data={"version": review_version(adviser_client, story_id),
        "action": "accept:samenspel", "patterns": ["participatie"], "title": "Ingestuurd verhaal",
        "text": "Dit is een ingestuurd verhaal over de wachtlijst. " * 6})
    with app.app_context():
        assert [a.pattern.slug for a in db.session.get(Story, story_id).assignments] == ["participatie", "samenspel"]


@pytest.mark.parametrize(("score", "shown", "unclear"), [
    (0.3499, "0,34", True), (0.35, "0,35", False), (0.3551, "0,35", False), (0.9, "0,90", False), (0.07, "0,07", True)])
def test_a_score_shown_never_contradicts_its_label(app, deduce, adviser_client, monkeypatch, submit_story, score, shown,
                                                   unclear):
    fake_suggestions(monkeypatch, score)
    html = adviser_client.get(f"/beheer/verhaal/{submit_story()}").get_data(as_text=True)
    item = html[html.index('<ol class="suggestions">'):html.index("</ol>", html.index('<ol class="suggestions">'))]
    assert f"score {shown}" in item
    assert ("geen duidelijk patroon" in item) is unclear
    assert ('value="accept:stroperigheid"' in item) is not unclear


def test_the_teller_choice_and_model_scores_stand_beside_the_places(app, deduce, adviser_client, monkeypatch,
                                                                    submit_story):
    fake_suggestions(monkeypatch, 0.62)
    html = adviser_client.get(f"/beheer/verhaal/{submit_story()}").get_data(as_text=True)
    choice = html[html.index('id="plaats-participatie"'):html.index("</div>", html.index('id="plaats-participatie"'))]
    assert "keuze verteller" in choice
    stroperigheid = html[html.index('id="plaats-stroperigheid"'):]
    assert "model 0,62" in stroperigheid[:stroperigheid.index("</div>")]


def test_dates_on_adviser_pages_are_dutch_in_local_time(app, deduce, adviser_client, submit_story):
    winter = submit_story("Winter", created=datetime(2026, 11, 25, 11, 34, tzinfo=timezone.utc))
    submit_story("Zomer", created=datetime(2026, 7, 1, 10, 5, tzinfo=timezone.utc))
    queue = adviser_client.get("/beheer/").get_data(as_text=True)
    assert "25 november 2026, 12:34" in queue and "1 juli 2026, 12:05" in queue
    assert not re.search(r"\d{2}-\d{2}-\d{4}|\d{4}-\d{2}-\d{2}", queue)
    review = adviser_client.get(f"/beheer/verhaal/{winter}").get_data(as_text=True)
    assert "ontvangen 25 november 2026, 12:34" in review


def test_login_from_insights_returns_there(app, adviser):
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    to_login = client.get("/inzichten")
    assert to_login.status_code == 302
    login_url = to_login.headers["Location"]
    response = client.post(login_url, data={"email": "adviseur@example.org", "password": "een lang genoeg wachtwoord"})
    assert response.status_code == 302 and response.headers["Location"] == "/inzichten"


@pytest.mark.parametrize("target", ["//elders.example/beheer", "https://elders.example/", "/beheer/%0d%0aX-Kop:%201",
                                    "/\\elders.example", "/over"])
def test_login_never_follows_a_next_elsewhere(app, adviser, target):
    app.config["WTF_CSRF_ENABLED"] = False
    response = app.test_client().post(f"/beheer/inloggen?next={target}", data={
        "email": "adviseur@example.org", "password": "een lang genoeg wachtwoord"})
    assert response.status_code == 302 and response.headers["Location"] == "/beheer/"


def test_insights_put_the_newest_quarter_first_in_a_keyboard_scrollable_region(app, adviser_client, corpus):
    html = adviser_client.get("/inzichten").get_data(as_text=True)
    chart = html[html.index('aria-label="Grafiek per kwartaal, schuifbaar"'):]
    assert 'role="region" tabindex="0" aria-label="Grafiek per kwartaal, schuifbaar"' in html
    columns = re.findall(r'rotate\(-55\)">(\d{4}) K(\d)</text>', chart)
    newest = max((s.year, (s.month - 1) // 3 + 1) for s in corpus.stories)
    assert (int(columns[0][0]), int(columns[0][1])) == newest
    assert columns == sorted(columns, reverse=True)


def test_a_withdrawn_story_has_nothing_left_to_review(app, deduce, adviser_client, submit_story):
    story_id = submit_story()
    with app.app_context():
        from storybank import changes, lifecycle
        from storybank.services.withdrawal import erase

        story = db.session.get(Story, story_id)
        lifecycle.transition(story, "withdraw", seen_version=None)
        erase(story)
        changes.commit()
    html = adviser_client.get(f"/beheer/verhaal/{story_id}").get_data(as_text=True)
    assert "heeft dit verhaal ingetrokken" in html and 'id="review-form"' not in html
