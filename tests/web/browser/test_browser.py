"""What only a real browser can show: CSS-only map summaries and role tabs, the share form with
CSRF end to end, and the header search. Chromium comes from Debian (/usr/bin/chromium), driven
by Playwright's Python API; without either, these tests are skipped."""

import pytest

from storybank.extensions import db
from storybank.models import Story

STORY = ("Op een dinsdag belde Petra Bakker van het wijkteam, bereikbaar op 06-24681357, over een jongen die "
         "al drie maanden op een plek wachtte. Iedereen was het eens over wat hij nodig had, maar de aanvraag "
         "ging langs vier loketten en bij elk loket begon het gesprek opnieuw. Toen het eindelijk rond was, "
         "was hij al van school gegaan.")


def test_map_places_are_reached_by_keyboard_and_show_their_summary(page, live_url):
    page.goto(live_url + "/")
    tooltip = page.locator("#uitleg-samenspel")
    assert tooltip.evaluate("e => getComputedStyle(e).visibility") == "hidden"
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "plaats-samenspel":
            break
    else:
        pytest.fail("Tab never reached the place 'samenspel' on the map")
    page.wait_for_function(
        "getComputedStyle(document.querySelector('#uitleg-samenspel')).visibility === 'visible'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/plaats/samenspel")


def test_role_tabs_switch_without_javascript(page_without_javascript, live_url):
    page = page_without_javascript
    page.goto(live_url + "/plaats/stroperigheid")
    assert page.locator("#tip-professionals").is_visible()
    assert not page.locator("#tip-gemeenten").is_visible()
    page.click("label[for=tab-gemeenten]")
    assert page.locator("#tip-gemeenten").is_visible()
    assert not page.locator("#tip-professionals").is_visible()
    page.goto(live_url + "/plaats/stroperigheid?rol=ketenpartners")
    assert page.locator("#tip-ketenpartners").is_visible()


def test_share_form_previews_anonymised_text_and_queues_the_story(page, live_url, indexed_app):
    page.goto(live_url + "/deel-je-verhaal")
    page.fill("#title", "Vier loketten voor één plek")
    page.select_option("#narrator_role", "jeugdprofessional")
    page.fill("#text", STORY)
    page.check("input[name=places][value=stroperigheid]")
    page.check("#consent")
    page.click("#preview")
    assert "Kies de maand." in page.locator(".error").all_inner_texts()  # the month was left out
    assert page.input_value("#text") == STORY  # and nothing typed is lost
    page.select_option("#month", "3")
    page.fill("#year", "2025")
    page.click("#preview")
    preview = page.inner_text("main")
    assert "Bakker" not in preview and "06-24681357" not in preview
    assert "loketten" in preview
    page.click("#confirm")
    reference = page.inner_text(".reference")
    assert reference
    with indexed_app.app_context():
        story = db.session.scalar(db.select(Story).where(Story.reference == reference))
        assert story.status == "submitted"
        assert "Bakker" not in story.text
    page.goto(live_url + "/zoeken?q=loketten")
    assert "Vier loketten voor één plek" not in page.inner_text("main")


def test_share_form_refuses_a_post_without_its_csrf_token(page, live_url):
    response = page.request.post(live_url + "/deel-je-verhaal", form={"title": "x", "text": STORY, "preview": "1"})
    assert response.status == 400


def test_header_search_finds_stories(page, live_url):
    page.goto(live_url + "/over")
    page.fill("#header-zoek", "wachtlijst")
    page.press("#header-zoek", "Enter")
    page.wait_for_url("**/zoeken?q=wachtlijst*")
    assert page.locator(".hits .hit").count() >= 1


def test_pages_render_within_the_content_security_policy(page, live_url):
    """The strict policy (no scripts, no inline styles, nothing from elsewhere) breaks nothing:
    Chromium reports every blocked resource on the console."""
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)
    for url in ("/", "/plaats/samenspel?rol=gemeenten", "/verhalen", "/zoeken?q=regels", "/deel-je-verhaal",
                "/beheer/inloggen", "/tips/gemeenten"):
        response = page.goto(live_url + url)
        assert "default-src 'none'" in response.headers["content-security-policy"]
    assert refused == []
