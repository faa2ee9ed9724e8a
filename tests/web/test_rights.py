"""The teller's rights: the privacy page, the receipt's codes, withdrawal and retention."""

import re
from datetime import datetime, timedelta, timezone

import pytest

from storybank import search
from storybank.anonymity import curated
from storybank.cli import cli
from storybank.extensions import db
from storybank.models import AuditEvent, Story, StoryPattern
from tests.helpers import commit_rows, confirm, preview, publish

CONTACT = "privacy@gemeente-voorbeeld.example"


@pytest.fixture
def teller(indexed_app, deduce):
    indexed_app.config.update(WTF_CSRF_ENABLED=False, CONTACT_EMAIL=CONTACT)
    return indexed_app.test_client()


def share(client):
    """Share the test story; return its reference and secret as the receipt shows them."""
    response = confirm(client, preview(client))
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    reference = re.search(r'class="reference">(SB-[A-Z0-9]{6})<', receipt)[1]
    secret = re.search(r'class="reference secret">([A-Z0-9-]{19})<', receipt)[1]
    return reference, secret, receipt


def withdraw(client, reference, secret, confirm="y"):
    return client.post("/intrekken", data={"reference": reference, "secret": secret, "confirm": confirm})


def test_privacy_page_names_what_is_kept_how_long_and_the_contact_address(client, app):
    app.config.update(CONTACT_EMAIL=CONTACT, RETENTION_DAYS=45)
    html = client.get("/privacy").get_data(as_text=True)
    for heading in ("Wat we bewaren", "Wie het leest", "Hoe lang we het bewaren", "Op welke grond", "Uw rechten"):
        assert f">{heading}</h2>" in html
    assert "na 45 dagen" in html and "artikel 6, lid 1, onder a" in html
    assert f'href="mailto:{CONTACT}"' in html and 'href="/intrekken"' in html


@pytest.mark.parametrize("url", ["/", "/privacy", "/intrekken", "/deel-je-verhaal"])
def test_every_page_footer_gives_the_contact_address_and_the_rights_pages(client, app, url):
    app.config["CONTACT_EMAIL"] = CONTACT
    footer = client.get(url).get_data(as_text=True).split('class="site-footer"')[1]
    assert f"mailto:{CONTACT}" in footer and 'href="/privacy"' in footer and 'href="/intrekken"' in footer


def test_receipt_shows_reference_secret_and_contact_and_stores_only_a_hash(teller, indexed_app, database_dump):
    reference, secret, receipt = share(teller)
    assert f"mailto:{CONTACT}" in receipt and f'href="/intrekken?referentie={reference}"' in receipt
    assert "Bewaar beide codes" in receipt
    again = teller.get("/deel-je-verhaal/bedankt").get_data(as_text=True)
    assert secret not in again  # shown once
    with indexed_app.app_context():
        story = db.session.scalar(db.select(Story).where(Story.reference == reference))
        assert story.withdrawal_hash and len(story.withdrawal_hash) == 64
    dump = database_dump(indexed_app)
    assert secret not in dump and secret.replace("-", "") not in dump


def test_a_queued_story_is_withdrawn_and_erased(teller, indexed_app, database_dump):
    reference, secret, _ = share(teller)
    response = withdraw(teller, reference.lower(), secret.lower().replace("-", " "))  # typed loosely
    assert response.status_code == 302 and response.headers["Location"].endswith("/intrekken/ingetrokken")
    done = teller.get(response.headers["Location"]).get_data(as_text=True)
    assert "Uw verhaal is ingetrokken" in done and reference in done
    with indexed_app.app_context():
        story = db.session.scalar(db.select(Story).where(Story.reference == reference))
        assert (story.status, story.title, story.text, story.findings, story.teller_places) == (
            "withdrawn", "", "", None, None)
        assert story.withdrawal_hash is None and story.slug is None
        event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.story_id == story.id)
                                  .order_by(AuditEvent.id.desc()))
        assert event.action == "withdrawn" and "besluit" not in (event.detail or "")
    dump = database_dump(indexed_app, files=False)  # what SQL sees; SQLite's free pages are not wiped
    assert "Wachten op een besluit" not in dump and "weken voordat iemand besloot" not in dump


def test_a_published_story_disappears_everywhere_at_once(teller, indexed_app):
    from storybank.services.advisers import create_adviser

    reference, secret, _ = share(teller)
    with indexed_app.app_context():
        create_adviser("a@example.org", "een lang genoeg wachtwoord")
        story = db.session.scalar(db.select(Story).where(Story.reference == reference))
        story_id = story.id
    adviser = indexed_app.test_client()
    adviser.post("/beheer/inloggen", data={"email": "a@example.org", "password": "een lang genoeg wachtwoord"})
    publish(adviser, story_id, "stroperigheid")
    with indexed_app.app_context():
        slug = db.session.get(Story, story_id).slug  # made from the title as published
    places = ("/", "/plaats/stroperigheid", f"/verhaal/{slug}", "/verhalen?patroon=stroperigheid",
              "/zoeken?q=besloot+gezin", "/api/v1/verhalen?patroon=stroperigheid", f"/api/v1/verhalen/{slug}")
    before = [teller.get(url) for url in places]
    assert all("Wachten op een besluit" in r.get_data(as_text=True) for r in before[1:])
    whoosh = search.backend_name(indexed_app) == "whoosh"  # on PostgreSQL the story's row is its search entry
    with indexed_app.app_context():
        if whoosh:
            with search.get_index().open().searcher() as searcher:
                assert searcher.document(key=f"story:{story_id}") is not None
    assert withdraw(teller, reference, secret).status_code == 302
    after = [teller.get(url) for url in places]
    for url, response in zip(places, after):
        assert "Wachten op een besluit" not in response.get_data(as_text=True), url
    assert after[2].status_code == 404 and after[6].status_code == 404
    with indexed_app.app_context():
        if whoosh:
            with search.get_index().open().searcher() as searcher:
                assert searcher.document(key=f"story:{story_id}") is None
        assert db.session.scalar(db.select(db.func.count()).select_from(StoryPattern)
                                 .where(StoryPattern.story_id == story_id)) == 0


@pytest.mark.parametrize("wrong", ["reference", "secret", "both"])
def test_wrong_codes_get_one_dutch_answer_that_reveals_nothing(teller, indexed_app, wrong):
    reference, secret, _ = share(teller)
    codes = {"reference": ("SB-ZZZZZZ" if wrong in ("reference", "both") else reference),
             "secret": ("AAAA-BBBB-CCCC-DDDD" if wrong in ("secret", "both") else secret)}
    response = withdraw(teller, codes["reference"], codes["secret"])
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Met deze codes kunnen we geen verhaal intrekken." in html
    assert f'value="{codes["reference"]}"' in html  # what was typed stays
    with indexed_app.app_context():
        assert db.session.scalar(db.select(Story.status).where(Story.reference == reference)) == "submitted"
    assert withdraw(teller, reference, secret).status_code == 302  # the right codes still work


def test_a_secret_works_once(teller):
    reference, secret, _ = share(teller)
    assert withdraw(teller, reference, secret).status_code == 302
    assert "Met deze codes kunnen we geen verhaal intrekken." in withdraw(teller, reference, secret).get_data(
        as_text=True)


def test_withdrawal_needs_the_confirmation_and_both_codes(teller):
    html = withdraw(teller, "", "", confirm="").get_data(as_text=True)
    assert "Vul de referentiecode in" in html and "Vul de geheime code in" in html
    assert "Vink aan dat u uw verhaal wilt intrekken." in html
    assert 'href="#reference"' in html and 'href="#confirm"' in html  # the summary links to its fields


def test_withdrawal_form_needs_csrf_and_is_rate_limited(app):
    client = app.test_client()
    assert client.post("/intrekken", data={"reference": "SB-AAAAAA", "secret": "x", "confirm": "y"}
                       ).status_code == 400
    app.config.update(WTF_CSRF_ENABLED=False, WITHDRAWAL_LIMIT="3 per hour")
    codes = {"reference": "SB-AAAAAA", "secret": "AAAA-BBBB-CCCC-DDDD", "confirm": "y"}
    statuses = [client.post("/intrekken", data=codes).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_purge_removes_old_withdrawn_stories_and_refreshes_the_index(teller, indexed_app):
    reference, secret, _ = share(teller)
    withdraw(teller, reference, secret)
    with indexed_app.app_context():
        story_id = db.session.scalar(db.select(Story.id).where(Story.reference == reference))
    runner = indexed_app.test_cli_runner()
    kept = runner.invoke(cli, ["purge"])  # the default period has not passed
    assert kept.exit_code == 0 and "0 rejected and 0 withdrawn stories older than 90 days" in kept.output
    with indexed_app.app_context():
        db.session.execute(db.update(Story).where(Story.id == story_id)
                           .values(updated_at=datetime.now(timezone.utc) - timedelta(days=91)))
        commit_rows()
    result = runner.invoke(cli, ["purge"])
    assert result.exit_code == 0 and "0 rejected and 1 withdrawn stories older than 90 days deleted" in result.output
    with indexed_app.app_context():
        assert db.session.get(Story, story_id) is None


def test_purge_rebuilds_index_and_model_after_a_published_story_was_withdrawn(app, deduce, monkeypatch):
    from storybank.services import withdrawal

    with app.app_context(), curated():  # fixture rows, not typed text
        story = Story(slug="openbaar", title="Openbaar", narrator_label="Een ouder vertelt", narrator_role="ouder",
                      month=1, year=2025, text="tekst " * 50, status="published", source="form",
                      reference="SB-PUBL23", withdrawal_hash=withdrawal.secret_hash("ABCD-EFGH-JKLM-NPQR"))
        db.session.add(story)
        commit_rows()
    runner = app.test_cli_runner()
    assert "retrained" not in runner.invoke(cli, ["purge"]).output  # nothing public was withdrawn
    with app.app_context():
        withdrawal.withdraw("SB-PUBL23", "ABCD-EFGH-JKLM-NPQR")
    trained = []
    monkeypatch.setattr("storybank.services.patterns.train", lambda: trained.append(1))
    result = runner.invoke(cli, ["purge"])
    assert "search index: rebuilt without withdrawn stories" in result.output and trained == [1]


def test_migration_adds_withdrawal_to_a_database_with_stories(empty_app):
    from alembic import command

    from storybank import schema

    with empty_app.app_context():
        with db.engine.begin() as connection:
            command.upgrade(schema._config(connection), "0001")
            connection.exec_driver_sql(
                "INSERT INTO story (slug, title, narrator_label, narrator_role, month, year, text, status, source,"
                " created_at, updated_at) VALUES ('oud', 'Oud', 'Een ouder vertelt', 'ouder', 1, 2024, 'tekst',"
                " 'published', 'form', '2024-01-01', '2024-01-01')")
        schema.upgrade()
        story = db.session.scalar(db.select(Story).where(Story.slug == "oud"))
        assert story.title == "Oud" and story.withdrawal_hash is None
        story.status = "withdrawn"
        commit_rows()
