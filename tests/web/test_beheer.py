"""/beheer: advisers log in, review, publish, reject, unpublish and edit."""

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from storybank import search
from storybank.anonymity import curated
from storybank.cli import cli
from storybank.extensions import db
from storybank.models import Adviser, AuditEvent, Pattern, Story
from tests.helpers import SECRETS, confirm, preview, publish, review_version


@pytest.mark.parametrize("url", ["/beheer/", "/beheer/verhaal/1", "/beheer/logboek"])
def test_anonymous_visitors_are_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/beheer/inloggen" in response.headers["Location"]


def test_wrong_password_is_refused_and_repeated_failures_lock_the_account(app, adviser):
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    for _ in range(5):
        response = client.post("/beheer/inloggen", data={"email": "adviseur@example.org", "password": "fout"})
        assert "kennen we niet" in response.get_data(as_text=True)
    locked = client.post("/beheer/inloggen", data={"email": "adviseur@example.org",
                                                  "password": "een lang genoeg wachtwoord"})
    assert locked.status_code == 429 and "tijdelijk geblokkeerd" in locked.get_data(as_text=True)


def test_login_form_needs_a_csrf_token(app, adviser):
    client = app.test_client()
    response = client.post("/beheer/inloggen", data={"email": "adviseur@example.org",
                                                    "password": "een lang genoeg wachtwoord"})
    assert response.status_code == 400


def test_queue_lists_submissions_oldest_first_with_counts(app, adviser_client, submit_story):
    now = datetime.now(timezone.utc)
    submit_story("Nieuwste", created=now)
    submit_story("Oudste", created=now - timedelta(days=3))
    html = adviser_client.get("/beheer/").get_data(as_text=True)
    assert html.index("Oudste") < html.index("Nieuwste")
    assert "<strong>2</strong> wachten op beoordeling" in html
    assert 'data-label="Bron">formulier</td>' in html and ">form</td>" not in html  # the UI speaks Dutch


def test_review_page_shows_flags_warnings_and_teller_places(app, adviser_client, deduce, submit_story):
    story_id = submit_story(text="Als wethouder in Lopik zag ik hoe de wachtlijst groeide, week na week. " * 4)
    with app.app_context():
        db.session.get(Story, story_id).narrator_role = "wethouder"
        db.session.commit()
    html = adviser_client.get(f"/beheer/verhaal/{story_id}").get_data(as_text=True)
    assert '<mark class="flagged" title="plaats">Lopik' in html
    assert "kan naar een of enkele personen wijzen" in html
    with app.app_context():
        place = db.session.scalar(db.select(Pattern).where(Pattern.slug == "participatie")).place_name
    assert f"De verteller koos: {place} (Participatie)" in html  # by name, not slug
    assert "status <strong>wacht op beoordeling</strong>" in html and "bron formulier" in html


def test_publishing_puts_the_story_on_its_places_and_in_the_list(app, adviser_client, deduce, submit_story):
    story_id = submit_story()
    publish(adviser_client, story_id, "participatie", "samenspel", exemplary=["samenspel"])
    for url in ("/plaats/participatie", "/plaats/samenspel", "/verhalen?patroon=samenspel"):
        assert "Ingestuurd verhaal" in adviser_client.get(url).get_data(as_text=True)
    with app.app_context():
        story = db.session.get(Story, story_id)
        assert story.status == "published" and story.published_at
        assert [(a.pattern.slug, a.exemplary, a.source) for a in story.assignments] == [
            ("participatie", False, "adviser"), ("samenspel", True, "adviser")]


def test_publishing_needs_a_place(app, adviser_client, deduce, submit_story):
    story_id = submit_story()
    response = publish(adviser_client, story_id)
    html = adviser_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Kies minstens één plaats" in html
    with app.app_context():
        assert db.session.get(Story, story_id).status == "submitted"


def test_rejecting_needs_a_reason_and_keeps_it(app, adviser_client, deduce, submit_story):
    story_id = submit_story()
    adviser_client.post(f"/beheer/verhaal/{story_id}", data={"version": review_version(adviser_client, story_id), "action": "reject", "reason": ""})
    with app.app_context():
        assert db.session.get(Story, story_id).status == "submitted"
    adviser_client.post(f"/beheer/verhaal/{story_id}", data={"version": review_version(adviser_client, story_id), "action": "reject", "reason": "Te herkenbaar"})
    with app.app_context():
        story = db.session.get(Story, story_id)
        assert (story.status, story.rejection_reason) == ("rejected", "Te herkenbaar")


def test_unpublish_and_edit_update_the_public_site_at_once(app, adviser_client, deduce, submit_story):
    story_id = submit_story()
    publish(adviser_client, story_id, "participatie")
    adviser_client.post(f"/beheer/verhaal/{story_id}", data={"version": review_version(adviser_client, story_id),
        "action": "save", "patterns": ["participatie"], "title": "Nieuwe titel",
        "text": "Een aangepaste tekst waarin mijn collega Joost de Vries ook nog voorkomt."})
    html = adviser_client.get("/plaats/participatie").get_data(as_text=True)
    assert "Nieuwe titel" in html and "Ingestuurd verhaal" not in html
    with app.app_context():
        story = db.session.get(Story, story_id)
        assert "Joost" not in story.text and "[persoon 1]" in story.text
    adviser_client.post(f"/beheer/verhaal/{story_id}", data={"version": review_version(adviser_client, story_id), "action": "unpublish"})
    assert "Nieuwe titel" not in adviser_client.get("/plaats/participatie").get_data(as_text=True)


def test_publish_and_unpublish_update_the_search_index(indexed_app, deduce, submit_story):
    from storybank.services.advisers import create_adviser

    with indexed_app.app_context():
        create_adviser("a@example.org", "een lang genoeg wachtwoord")
    indexed_app.config["WTF_CSRF_ENABLED"] = False
    client = indexed_app.test_client()
    client.post("/beheer/inloggen", data={"email": "a@example.org", "password": "een lang genoeg wachtwoord"})
    story_id = submit_story(text="Een verhaal over de kabelbaan naar het gemeentehuis. " * 5)
    assert "kabelbaan" not in client.get("/zoeken?q=kabelbaan").get_data(as_text=True).split("resultaten")[1]
    publish(client, story_id, "participatie")
    assert ">1 resultaat" in client.get("/zoeken?q=kabelbaan").get_data(as_text=True)
    client.post(f"/beheer/verhaal/{story_id}", data={"version": review_version(client, story_id), "action": "unpublish"})
    assert ">0 resultaten" in client.get("/zoeken?q=kabelbaan").get_data(as_text=True)


def test_audit_log_records_who_did_what(app, adviser_client, deduce, submit_story):
    story_id = submit_story()
    publish(adviser_client, story_id, "participatie")
    adviser_client.post(f"/beheer/verhaal/{story_id}", data={"version": review_version(adviser_client, story_id), "action": "unpublish"})
    html = adviser_client.get("/beheer/logboek").get_data(as_text=True)
    assert html.count("adviseur@example.org") >= 2
    assert 'data-label="Wat">gepubliceerd</td>' in html  # in Dutch, like the UI
    assert 'data-label="Wat">publicatie ingetrokken</td>' in html
    with app.app_context():
        actions = [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]
        assert actions[-2:] == ["published", "unpublished"]


def test_a_story_goes_from_form_to_place_without_any_identifier_anywhere(indexed_app, deduce, database_dump):
    """The whole path: form, preview, adviser, place page, search; no identifier survives."""
    from storybank.services.advisers import create_adviser

    indexed_app.config["WTF_CSRF_ENABLED"] = False
    with indexed_app.app_context():
        create_adviser("a@example.org", "een lang genoeg wachtwoord")
    teller = indexed_app.test_client()
    html = preview(teller)
    assert "[persoon 1]" in html
    confirm(teller, html)
    with indexed_app.app_context():
        story = db.session.scalar(db.select(Story).where(Story.source == "form"))
    adviser = indexed_app.test_client()
    adviser.post("/beheer/inloggen", data={"email": "a@example.org", "password": "een lang genoeg wachtwoord"})
    publish(adviser, story.id, "stroperigheid")
    pages = [adviser.get(url).get_data(as_text=True) for url in (
        "/plaats/stroperigheid", f"/verhaal/{story.slug}", "/zoeken?q=besluit", "/verhalen", "/api/v1/verhalen",
        f"/api/v1/verhalen/{story.slug}", f"/beheer/verhaal/{story.id}")]
    assert "Wachten op een besluit" in pages[0]
    dump = database_dump(indexed_app)
    index_bytes = b"".join(p.read_bytes() for p in Path(indexed_app.instance_path).glob("search-*/*"))
    for secret in SECRETS:
        assert all(secret not in page for page in pages), secret
        assert secret not in dump and secret.encode() not in index_bytes, secret


def test_create_adviser_command_hashes_the_password(initialised_app, runner):
    result = runner.invoke(cli, ["create-adviser", "nieuw@example.org"],
                           input="een lang genoeg wachtwoord\neen lang genoeg wachtwoord\n")
    assert result.exit_code == 0, result.output
    with initialised_app.app_context():
        adviser = db.session.scalar(db.select(Adviser))
        assert adviser.email == "nieuw@example.org" and "lang genoeg" not in adviser.password_hash
    again = runner.invoke(cli, ["create-adviser", "nieuw@example.org", "--password", "een lang genoeg wachtwoord"])
    assert again.exit_code == 1 and "exists already" in again.output
    short = runner.invoke(cli, ["create-adviser", "kort@example.org", "--password", "kort"])
    assert short.exit_code == 1 and "at least 12" in short.output


def test_purge_deletes_only_old_rejected_submissions(app, deduce):
    old = datetime.now(timezone.utc) - timedelta(days=40)
    with app.app_context(), curated():  # fixture rows, not typed text
        for slug, status, when in (("oud-afgewezen", "rejected", old), ("nieuw-afgewezen", "rejected", None),
                                   ("oud-wachtend", "submitted", old)):
            story = Story(slug=slug, title=slug, narrator_label="Een ouder vertelt", narrator_role="ouder",
                          month=1, year=2025, text="tekst", status=status, source="form")
            db.session.add(story)
            db.session.flush()
            if when:
                db.session.execute(db.update(Story).where(Story.id == story.id).values(updated_at=when))
        db.session.commit()
    result = app.test_cli_runner().invoke(cli, ["purge", "--rejected-older-than", "30"])
    assert result.exit_code == 0 and "1 rejected and 0 withdrawn stories older than 30 days deleted" in result.output
    with app.app_context():
        slugs = set(db.session.scalars(db.select(Story.slug).where(Story.source == "form")))
        assert slugs == {"nieuw-afgewezen", "oud-wachtend"}


def test_search_index_holds_no_unpublished_text(indexed_app, submit_story):
    submit_story(text="Een geheim woord: zeppelinloods. " * 8)
    with indexed_app.app_context():
        if search.get_index() is not None:  # Whoosh: its vocabulary field
            with search.get_index().searcher() as searcher:
                assert searcher.reader().doc_frequency("words", "zeppelinloods") == 0
        else:  # PostgreSQL: the suggestion vocabulary is the one table search fills itself
            assert not db.session.execute(db.text("SELECT 1 FROM search_word WHERE word = 'zeppelinloods'")).first()
    assert ">0 resultaten" in indexed_app.test_client().get("/zoeken?q=zeppelinloods").get_data(as_text=True)
