"""The share form's preview tells a teller who writes in another language what to expect."""

import pytest

pytestmark = pytest.mark.slow  # the preview anonymises (deduce)

ENGLISH = ("My eldest son waited eight months for help. Every office sent us to another office, and when the "
           "municipality finally called, the youth team had changed again. Nobody knew who was responsible, and "
           "we had to tell the whole story again to every new person we met.")


def preview(app, text):
    app.config["WTF_CSRF_ENABLED"] = False
    response = app.test_client().post("/deel-je-verhaal", data={
        "title": "Acht maanden", "narrator_role": "ouder", "month": "3", "year": "2024", "text": text,
        "consent": "y", "places": ["stroperigheid"], "preview": "1"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_an_english_story_gets_a_notice_in_the_preview(app, deduce):
    assert "lijkt in het Engels geschreven" in preview(app, ENGLISH)


def test_a_dutch_story_gets_none(app, deduce):
    dutch = ("Mijn oudste zoon wachtte acht maanden op hulp. Elk loket stuurde ons naar een ander loket, en toen "
             "de gemeente eindelijk belde, was het jeugdteam alweer veranderd. Niemand wist wie verantwoordelijk "
             "was, en we moesten het hele verhaal aan iedere nieuwe medewerker opnieuw vertellen.")
    html = preview(app, dutch)
    assert "Controleer uw verhaal" in html or 'name="fingerprint"' in html  # the preview itself was shown
    assert "lijkt in" not in html
