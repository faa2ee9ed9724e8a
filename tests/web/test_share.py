"""/deel-je-verhaal: from raw text to an anonymised submission in the queue."""

import re

import pytest

from storybank.extensions import db
from storybank.models import AuditEvent, Story
from tests.helpers import SECRETS, STORY, confirm, form_data, preview


def test_form_page_shows_every_field_and_the_consent_text(client):
    html = client.get("/deel-je-verhaal").get_data(as_text=True)
    for name in ("title", "narrator_role", "narrator_role_other", "organisation_type", "month", "year", "text",
                 "places", "consent", "website", "csrf_token"):
        assert f'name="{name}"' in html
    assert "Wat er met uw verhaal gebeurt" in html


def test_preview_shows_placeholders_and_none_of_the_identifiers(share_client, database_dump):
    html = preview(share_client)
    body = html[html.index('class="preview-text"'):html.index('class="legend"')]
    assert '<mark class="replaced" title="persoon">[persoon 1]' in body
    assert "[telefoonnummer]" in body and "[e-mail]" in body and "[BSN]" in body and "[adres]" in body
    for secret in SECRETS:
        assert secret not in body
    assert "Joost" not in database_dump(share_client.application)


def test_confirmed_story_is_stored_anonymised_with_a_reference(share_client, app, database_dump):
    response = confirm(share_client, preview(share_client))
    assert response.status_code == 302
    receipt = share_client.get(response.headers["Location"]).get_data(as_text=True)
    reference = re.search(r'class="reference">(SB-[A-Z0-9]{6})<', receipt)[1]
    with app.app_context():
        story = db.session.scalar(db.select(Story).where(Story.reference == reference))
        assert story.status == "submitted" and story.source == "form"
        assert story.text.startswith("Mijn collega [persoon 1] belde")
        assert story.teller_places == ["stroperigheid"]
        assert story.narrator_label == "Een jeugdprofessional vertelt"
        assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.story_id == story.id)).action == "submitted"
    dump = database_dump(app)
    assert "Mijn collega [persoon 1] belde" in dump  # the dump sees the stored story
    for secret in SECRETS:
        assert secret not in dump


def test_submitted_story_is_not_public(share_client, app):
    confirm(share_client, preview(share_client))
    assert "Wachten op een besluit" not in share_client.get("/verhalen").get_data(as_text=True)
    with app.app_context():
        slug = db.session.scalar(db.select(Story.slug).where(Story.title == "Wachten op een besluit"))
    assert share_client.get(f"/verhaal/{slug}").status_code == 404


def test_confirmation_must_match_what_was_previewed(share_client, app):
    html = preview(share_client)
    response = confirm(share_client, html, text=STORY + " Nog een zin die in de preview niet stond, met Piet erbij.")
    assert response.status_code == 200 and "Zo wordt uw verhaal opgeslagen" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Story).where(Story.source == "form")) == 0


def test_edit_goes_back_to_the_form_with_what_was_typed(share_client):
    data = form_data(edit="1")
    data.pop("preview")
    html = share_client.post("/deel-je-verhaal", data=data).get_data(as_text=True)
    assert 'value="Wachten op een besluit"' in html and "Joost de Vries belde" in html


@pytest.mark.parametrize(("overrides", "message"), [
    ({"text": "Te kort."}, "tussen 200 en 10.000 tekens"),
    ({"text": "x" * 10_001}, "tussen 200 en 10.000 tekens"),
    ({"title": ""}, "Geef uw verhaal een titel."),
    ({"narrator_role": ""}, "Kies de rol waarin u dit meemaakte."),
    ({"narrator_role": "anders"}, "Vul in welke rol u had."),
    ({"year": "2999"}, "Kies een jaar tussen 2000 en"),
    ({"year": "twintig"}, "Vul het jaar in als getal"),
    ({"consent": ""}, "Zonder uw toestemming"),
])
def test_validation_errors_are_shown_next_to_fields_and_input_is_kept(client, app, overrides, message):
    app.config["WTF_CSRF_ENABLED"] = False
    response = client.post("/deel-je-verhaal", data=form_data(**overrides))
    html = response.get_data(as_text=True)
    assert message in html and 'class="error"' in html
    if overrides.get("title", "x"):
        assert "Wachten op een besluit" in html


def test_post_without_csrf_token_is_refused(client):
    assert client.post("/deel-je-verhaal", data=form_data()).status_code == 400


def test_honeypot_pretends_success_and_stores_nothing(share_client, app):
    html = preview(share_client)
    response = confirm(share_client, html, website="http://spam.example")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Story).where(Story.source == "form")) == 0


def test_submissions_are_rate_limited_with_a_friendly_page(share_client, app):
    app.config["SUBMISSION_LIMIT"] = "2 per hour"
    html = preview(share_client)
    assert confirm(share_client, html).status_code == 302
    assert confirm(share_client, html, title="Tweede").status_code in (200, 302)
    limited = confirm(share_client, html, title="Derde")
    assert limited.status_code == 429
    assert "Even rustig aan" in limited.get_data(as_text=True)


def test_markup_in_a_story_is_shown_as_text(share_client):
    text = STORY + ' <script>alert("x")</script><img src=x onerror=alert(1)>'
    html = preview(share_client, text=text, title="<b>Vet</b>")
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Vet</b>" not in html
    assert "&lt;script&gt;" in html


def test_the_raw_text_never_reaches_the_logs(share_client, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    confirm(share_client, preview(share_client))
    share_client.post("/deel-je-verhaal", data=form_data(text="te kort met Joost de Vries"))
    for secret in SECRETS:
        assert secret not in caplog.text


def test_form_names_each_place_as_the_map_does_and_its_pattern(client, app):
    from storybank.models import Pattern

    html = client.get("/deel-je-verhaal").get_data(as_text=True)
    with app.app_context():
        for pattern in db.session.scalars(db.select(Pattern)):
            assert f"{pattern.place_name} · {pattern.name}</label>" in html


def test_error_summary_links_to_every_field_with_an_error(client, app):
    app.config["WTF_CSRF_ENABLED"] = False
    html = client.post("/deel-je-verhaal", data=form_data(title="", consent="")).get_data(as_text=True)
    summary = html[html.index('class="error-summary"'):html.index("</ul>", html.index('class="error-summary"'))]
    assert 'href="#title"' in summary and 'href="#consent"' in summary and "Geef uw verhaal een titel." in summary
    assert 'id="title-error"' in html and 'aria-describedby="title-error"' in html
