"""The safety net: 'is dit een naam?' marks in the teller's preview and on the adviser's review page."""

import re

from storybank.extensions import db
from storybank.models import Story
from tests.helpers import confirm, form_data

STORY = ("Shurandy kwam op een dinsdag binnen bij het wijkteam. Hij wilde weten waarom zijn aanvraag voor "
         "begeleiding al drie maanden op een stapel lag, en niemand kon hem dat uitleggen. Shurandy bleef beleefd, "
         "maar ik zag dat hij het bijna opgaf. Pas toen zijn mentor belde, kwam er beweging in.")


def post(client, **fields):
    response = client.post("/deel-je-verhaal", data=form_data(text=STORY, **fields))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def preview_text(html):
    return html[html.index('class="preview-text"'):html.index('class="legend"')]


def test_an_unknown_name_is_marked_with_a_replace_button(share_client):
    body = preview_text(post(share_client))
    assert '<mark class="suspect">Shurandy<span class="kind"> (is dit een naam?)</span>' in body
    assert '<button type="submit" form="preview-form" name="replace" value="Shurandy"' in body
    assert 'id="preview-form"' in post(share_client)


def test_one_click_replaces_the_word_everywhere_and_stores_no_trace(share_client, app, database_dump):
    html = post(share_client, replace="Shurandy")
    body = preview_text(html)
    assert "Shurandy" not in body and body.count("[persoon 1]") == 2
    assert re.search(r'name="names" type="hidden" value="Shurandy"', html)
    response = confirm(share_client, html, text=STORY, names="Shurandy")
    assert response.status_code == 302
    with app.app_context():
        story = db.session.scalar(db.select(Story).order_by(Story.id.desc()))
        assert story.text.startswith("[persoon 1] kwam op een dinsdag")
    assert "Shurandy" not in database_dump(app)


def test_keeping_the_word_is_the_default(share_client, app):
    html = post(share_client)
    assert confirm(share_client, html, text=STORY).status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(Story).order_by(Story.id.desc())).text.startswith("Shurandy kwam")


def test_the_adviser_sees_the_same_marks(share_client, app, adviser_client):
    confirm(share_client, post(share_client), text=STORY)
    with app.app_context():
        story_id = db.session.scalar(db.select(Story.id).order_by(Story.id.desc()))
    html = adviser_client.get(f"/beheer/verhaal/{story_id}").get_data(as_text=True)
    assert '<mark class="suspect">Shurandy<span class="kind"> (is dit een naam?)</span></mark>' in html
    assert 'name="replace"' not in html
