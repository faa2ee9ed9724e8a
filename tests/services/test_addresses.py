"""A story's address is made from the title as an adviser publishes it, never from what the
teller first typed; an address it had before a retitle redirects; a withdrawal erases them all."""

import json

import pytest

from storybank.anonymity import curated
from storybank.exchange.export import to_jsonl
from storybank.extensions import db
from storybank.lifecycle import published_query
from storybank.models import Story
from storybank.services import addresses
from storybank.services.withdrawal import new_secret, secret_hash
from tests.helpers import publish as publish_with_places

pytestmark = pytest.mark.slow  # publishing anonymises the adviser's title and text (deduce)

TEXT = "Wij liepen langs vier loketten voordat iemand ons hielp, en iedereen stuurde ons door."


@pytest.fixture
def submitted(app):
    """A story as the share form stores it: no address yet. Returns (id, secret)."""
    def make(title="<script>alert(1)</script> Vier loketten"):
        secret = new_secret()
        with app.app_context(), curated():
            story = Story(title=title, narrator_label="Een ouder vertelt", narrator_role="ouder", month=5,
                          year=2025, text=TEXT, source="form", withdrawal_hash=secret_hash(secret),
                          reference=f"SB-{len(title):06d}"[:9])
            db.session.add(story)
            db.session.commit()
            assert story.slug is None
            return story.id, story.reference, secret
    return make


def publish(client, story_id, title):
    response = publish_with_places(client, story_id, "stroperigheid", title=title, text=TEXT)
    assert response.status_code == 302, response.get_data(as_text=True)


def slug_of(app, story_id):
    with app.app_context():
        return db.session.get(Story, story_id).slug


def test_the_address_comes_from_the_title_the_adviser_published(app, adviser_client, submitted, deduce):
    story_id, _, _ = submitted()
    publish(adviser_client, story_id, "Vier loketten")
    assert slug_of(app, story_id) == "vier-loketten"
    assert adviser_client.get("/verhaal/vier-loketten").status_code == 200
    assert adviser_client.get("/verhaal/script-alert-1-script-vier-loketten").status_code == 404


def test_a_retitled_story_moves_and_its_old_address_redirects(app, adviser_client, submitted, deduce):
    story_id, _, _ = submitted("Eight months of waiting")
    publish(adviser_client, story_id, "Acht maanden wachten")
    assert slug_of(app, story_id) == "acht-maanden-wachten"
    publish(adviser_client, story_id, "Acht maanden wachten op hulp")
    assert slug_of(app, story_id) == "acht-maanden-wachten-op-hulp"
    page = adviser_client.get("/verhaal/acht-maanden-wachten")
    assert page.status_code == 301 and page.headers["Location"].endswith("/verhaal/acht-maanden-wachten-op-hulp")
    api = adviser_client.get("/api/v1/verhalen/acht-maanden-wachten")
    assert api.status_code == 301 and api.headers["Location"].endswith("/api/v1/verhalen/acht-maanden-wachten-op-hulp")
    assert adviser_client.get("/verhaal/eight-months-of-waiting").status_code == 404
    with app.app_context():
        exported = [json.loads(line) for line in to_jsonl(db.session.scalars(published_query())).splitlines()]
    assert "acht-maanden-wachten-op-hulp" in {row["slug"] for row in exported}
    # Back to the first title: the story takes its own old address back instead of redirecting in a loop.
    publish(adviser_client, story_id, "Acht maanden wachten")
    assert slug_of(app, story_id) == "acht-maanden-wachten"
    assert adviser_client.get("/verhaal/acht-maanden-wachten").status_code == 200
    assert adviser_client.get("/verhaal/acht-maanden-wachten-op-hulp").status_code == 301


def test_withdrawing_erases_every_address(app, adviser_client, submitted, deduce):
    story_id, reference, secret = submitted("Eerste titel")
    publish(adviser_client, story_id, "Tweede titel")
    publish(adviser_client, story_id, "Derde titel")
    app.test_client().post("/intrekken", data={"reference": reference, "secret": secret, "confirm": "y"})
    for slug in ("tweede-titel", "derde-titel"):
        assert adviser_client.get(f"/verhaal/{slug}").status_code == 404
    with app.app_context():
        story = db.session.get(Story, story_id)
        assert story.slug is None and story.old_addresses == []


def test_two_stories_with_one_title_get_two_addresses(app, adviser_client, submitted, deduce):
    first, _, _ = submitted("Wachten")
    second, _, _ = submitted("Wachten op hulp")
    publish(adviser_client, first, "Vier loketten")
    publish(adviser_client, second, "Vier loketten")
    assert (slug_of(app, first), slug_of(app, second)) == ("vier-loketten", "vier-loketten-2")


def test_slug_base_folds_accents_and_drops_markup():
    assert addresses.slug_base("Één gezin, vier loketten") == "een-gezin-vier-loketten"
    assert addresses.slug_base("<b>!!</b>") == "b-b"
    assert addresses.slug_base("???") == addresses.FALLBACK
