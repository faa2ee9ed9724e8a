"""Two advisers editing one story: the later save no longer silently undoes the earlier one."""

import html
import re

import pytest

from storybank.extensions import db
from storybank.models import Story
from storybank.services import moderation
from storybank.services.advisers import create_adviser
from storybank.services.conflicts import Base, EditConflict

PASSWORD = "een lang genoeg wachtwoord"
TEXT = ("Het wijkteam wachtte weken op een besluit van de gemeente over de hulp voor het gezin. " * 3).strip()


@pytest.fixture
def advisers(app, deduce, submit_story):
    """Two logged-in advisers (CSRF off, like adviser_client) and a submitted story."""
    app.config["WTF_CSRF_ENABLED"] = False
    clients = []
    with app.app_context():
        for email in ("anna@example.org", "bram@example.org"):
            create_adviser(email, PASSWORD)
    for email in ("anna@example.org", "bram@example.org"):
        client = app.test_client()
        client.post("/beheer/inloggen", data={"email": email, "password": PASSWORD})
        clients.append(client)
    return clients[0], clients[1], submit_story(title="Wachten op de gemeente", text=TEXT)


def review_form(response) -> dict:
    """The review form as a browser would send it back: hidden fields, title, text, ticked places."""
    page = response.get_data(as_text=True)
    form = {name: html.unescape(value) for name, value in
            re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page) if name != "csrf_token"}
    form["title"] = html.unescape(re.search(r'<input id="title" name="title" value="([^"]*)"', page)[1])
    form["text"] = html.unescape(re.search(r'<textarea id="text" name="text">(.*?)</textarea>', page, re.S)[1])
    form["patterns"] = re.findall(r'<input type="checkbox" name="patterns" value="([\w-]+)"\s+checked', page)
    return form


def stored(app, story_id) -> Story:
    with app.app_context():
        story = db.session.get(Story, story_id)
        db.session.expunge(story)
        return story


def test_the_later_save_is_refused_with_the_others_changes_and_keeps_what_was_typed(app, advisers):
    anna, bram, story_id = advisers
    anna_form = review_form(anna.get(f"/beheer/verhaal/{story_id}"))
    bram_form = review_form(bram.get(f"/beheer/verhaal/{story_id}"))
    assert anna_form["version"] == bram_form["version"]

    anna_form.update(action="save", title="Wachten op een beschikking")
    assert anna.post(f"/beheer/verhaal/{story_id}", data=anna_form).status_code == 302

    typed = TEXT + "Toen belde de wethouder zelf."
    bram_form.update(action="save", text=typed)
    response = bram.post(f"/beheer/verhaal/{story_id}", data=bram_form)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Een andere adviseur heeft dit verhaal opgeslagen nadat u het opende" in page
    assert "anna@example.org" in page
    assert "<del>Wachten op de gemeente</del> → <ins>Wachten op een beschikking</ins>" in page
    again = review_form(response)
    assert again["text"] == typed  # nothing Bram typed is lost
    assert again["title"] == "Wachten op een beschikking"  # Bram did not touch it: Anna's stays
    assert stored(app, story_id).text == TEXT  # Bram's edit was not stored

    again["action"] = "save"
    assert bram.post(f"/beheer/verhaal/{story_id}", data=again).status_code == 302
    story = stored(app, story_id)
    assert story.title == "Wachten op een beschikking" and story.text.endswith("Toen belde de wethouder zelf.")


def test_a_text_conflict_shows_what_the_other_adviser_changed(app, advisers):
    anna, bram, story_id = advisers
    anna_form = review_form(anna.get(f"/beheer/verhaal/{story_id}"))
    bram_form = review_form(bram.get(f"/beheer/verhaal/{story_id}"))
    anna_form.update(action="save", text=TEXT.replace("weken", "maanden", 1))
    anna.post(f"/beheer/verhaal/{story_id}", data=anna_form)
    bram_form.update(action="publish", patterns=["stroperigheid"])
    response = bram.post(f"/beheer/verhaal/{story_id}", data=bram_form)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "<del>weken</del> <ins>maanden</ins>" in page
    assert stored(app, story_id).status == "submitted"  # the publish did not happen on a stale form


def test_changing_only_the_places_moves_the_version_on(app, advisers):
    anna, bram, story_id = advisers
    anna_form = review_form(anna.get(f"/beheer/verhaal/{story_id}"))
    bram_form = review_form(bram.get(f"/beheer/verhaal/{story_id}"))
    anna_form.update(action="save", patterns=["samenspel"])
    anna.post(f"/beheer/verhaal/{story_id}", data=anna_form)
    bram_form.update(action="save", patterns=["ruimte"])
    response = bram.post(f"/beheer/verhaal/{story_id}", data=bram_form)
    assert response.status_code == 409
    assert "Plaatsen: <del>geen</del> → <ins>samenspel</ins>" in response.get_data(as_text=True)


def test_a_save_racing_another_between_check_and_commit_is_caught(app, advisers):
    """The version check in the UPDATE itself (SQLAlchemy's version counter)."""
    _, _, story_id = advisers
    with app.app_context():
        story = moderation.get_story(story_id)
        base = Base(story.version)
        adviser = db.session.scalar(db.select(moderation.Adviser))
        # Another process saves right after our check: the row's version moves on underneath us.
        with db.engine.begin() as other:
            other.execute(db.update(Story).where(Story.id == story_id)
                          .values(version=Story.version + 1, title="Van een ander"))
        with pytest.raises(EditConflict):
            moderation.save(story, adviser, title="Van mij", text=TEXT, choices=[], base=base)
        assert db.session.get(Story, story_id).title == "Van een ander"
