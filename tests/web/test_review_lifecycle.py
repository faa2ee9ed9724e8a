"""What an adviser's review form may do to a story, through HTTP only (so that these tests
also ran against the code before the lifecycle module existed, and failed there)."""

import re

import pytest

from storybank.anonymity import curated
from storybank.extensions import db
from storybank.models import AuditEvent, Story

PASSWORD = "een lang genoeg wachtwoord"
pytestmark = pytest.mark.usefixtures("deduce")  # the review page anonymises what it shows


@pytest.fixture
def teller_story(app):
    """A submitted story with a withdrawal secret, as the share form stores it; returns (id, reference, secret)."""
    from storybank.services.withdrawal import new_secret, secret_hash

    secret = new_secret()
    with app.app_context(), curated():
        story = Story(title="Vier loketten", narrator_label="Een ouder vertelt", narrator_role="ouder", month=5,
                      year=2025, text="Wij liepen langs vier loketten voordat iemand ons hielp. " * 4,
                      source="form", reference="SB-ABCDEF", withdrawal_hash=secret_hash(secret),
                      slug="vier-loketten")  # as stories stored before revision 0007 had one
        db.session.add(story)
        db.session.commit()
        return story.id, story.reference, secret


def review_form(client, story_id):
    """The hidden fields of the review page, as a browser would send them back."""
    html = client.get(f"/beheer/verhaal/{story_id}").get_data(as_text=True)
    return dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', html))


def test_a_story_withdrawn_while_the_adviser_reviewed_it_cannot_be_published(app, adviser_client, teller_story):
    story_id, reference, secret = teller_story
    form = review_form(adviser_client, story_id)  # the adviser opens the review page ...
    teller = app.test_client()
    answer = teller.post("/intrekken", data={"reference": reference, "secret": secret, "confirm": "y"})
    assert answer.status_code == 302  # ... the teller withdraws meanwhile ...
    form.update(action="publish", patterns=["participatie"], title="Vier loketten",
                text="Wij liepen langs vier loketten voordat iemand ons hielp.")
    response = adviser_client.post(f"/beheer/verhaal/{story_id}", data=form)  # ... and presses Publiceren
    assert response.status_code == 409
    assert "ingetrokken" in response.get_data(as_text=True)
    with app.app_context():
        story = db.session.get(Story, story_id)
        assert (story.status, story.title, story.text, story.slug) == ("withdrawn", "", "", None)
        assert not db.session.scalars(db.select(AuditEvent.action).where(AuditEvent.action == "published")).all()


@pytest.mark.parametrize("action", ["publish", "reject", "unpublish", "save"])
def test_no_adviser_action_changes_a_withdrawn_story_even_without_a_version(app, adviser_client, teller_story, action):
    story_id, reference, secret = teller_story
    app.test_client().post("/intrekken", data={"reference": reference, "secret": secret, "confirm": "y"})
    response = adviser_client.post(f"/beheer/verhaal/{story_id}", data={
        "action": action, "patterns": ["participatie"], "title": "Terug", "text": "Een nieuwe tekst.",
        "reason": "Te herkenbaar"})
    with app.app_context():  # before the lifecycle: 302, and "publish" left the emptied story published
        story = db.session.get(Story, story_id)
        assert (story.status, story.title, story.text, story.rejection_reason) == ("withdrawn", "", "", None)
    assert response.status_code == 409


def test_a_form_without_the_version_it_was_drawn_from_changes_nothing(app, adviser_client, teller_story):
    story_id, _, _ = teller_story
    response = adviser_client.post(f"/beheer/verhaal/{story_id}", data={
        "action": "reject", "reason": "Te herkenbaar"})
    assert response.status_code == 409
    assert "versie" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Story, story_id).status == "submitted"


def test_unpublishing_a_story_that_is_not_published_is_refused_with_409(app, adviser_client, teller_story):
    story_id, _, _ = teller_story
    form = review_form(adviser_client, story_id)
    form.update(action="unpublish")
    response = adviser_client.post(f"/beheer/verhaal/{story_id}", data=form)
    assert response.status_code == 409
    assert "niet gepubliceerd" in response.get_data(as_text=True)
