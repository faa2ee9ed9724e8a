"""axe-core on the main pages: no serious or critical violation (WCAG 2.1 A/AA and best practice).

axe.min.js comes from the axe-playwright-python wheel (pinned in the test extras), injected with
Playwright's add_script_tag; the browser context bypasses the site's content security policy for
that script only, which the site itself never needs. Skipped without Chromium."""

import json
import re
from importlib.resources import files

import pytest

from storybank.extensions import db
from storybank.models import Story

AXE = files("axe_playwright_python") / "axe.min.js"
SERIOUS = ("serious", "critical")
STORY = ("Op een dinsdag belde Petra Bakker van het wijkteam over een jongen die al drie maanden op een plek "
         "wachtte. Iedereen was het eens over wat hij nodig had, maar de aanvraag ging langs vier loketten en bij "
         "elk loket begon het gesprek opnieuw. Toen het eindelijk rond was, was hij al van school gegaan.")
PUBLIC_PAGES = ["/", "/plaats/samenspel", "/plaats/samenspel?groep=gemeenten", "/verhaal/de-wachtlijst-op-tafel",
                "/verhalen", "/verhalen?groep=professionals", "/zoeken?q=gemeenten", "/zoeken?q=zzzqqq",
                "/tips/gemeenten", "/deel-je-verhaal", "/privacy", "/intrekken", "/over", "/bestaat-niet",
                "/api-bestaat-niet"]


@pytest.fixture
def axe_page(browser):
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
        resultTypes: ['violations']})""")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {json.dumps([n['target'] for n in v['nodes']][:5])}"
            for v in result["violations"] if v["impact"] in SERIOUS]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
@pytest.mark.parametrize("width", [1280, 390])
def test_public_pages_have_no_serious_accessibility_violations(axe_page, live_url, url, width):
    axe_page.set_viewport_size({"width": width, "height": 900})
    axe_page.goto(live_url + url)
    assert serious_violations(axe_page) == []


def test_share_form_errors_and_preview_have_no_serious_violations(axe_page, live_url):
    axe_page.goto(live_url + "/deel-je-verhaal")
    axe_page.click("#preview")  # nothing filled in: the error summary and the field errors
    assert "Niet alles is goed ingevuld" in axe_page.inner_text("main")
    assert serious_violations(axe_page) == []
    axe_page.fill("#title", "Vier loketten voor één plek")
    axe_page.select_option("#narrator_role", "jeugdprofessional")
    axe_page.select_option("#month", "3")
    axe_page.fill("#year", "2025")
    axe_page.fill("#text", STORY)
    axe_page.check("#consent")
    axe_page.click("#preview")
    assert "Zo wordt uw verhaal opgeslagen" in axe_page.inner_text("main")
    assert serious_violations(axe_page) == []
    axe_page.click("#confirm")
    assert re.search(r"SB-[A-Z0-9]{6}", axe_page.inner_text(".receipt"))
    assert serious_violations(axe_page) == []


def test_withdrawal_refusal_has_no_serious_violations(axe_page, live_url):
    axe_page.goto(live_url + "/intrekken")
    axe_page.fill("#reference", "SB-ZZZZZZ")
    axe_page.fill("#secret", "AAAA-BBBB-CCCC-DDDD")
    axe_page.check("#confirm")
    axe_page.click("#submit")
    assert "Met deze codes" in axe_page.inner_text("main")
    assert serious_violations(axe_page) == []


@pytest.mark.parametrize("width", [1280, 390])
def test_adviser_pages_have_no_serious_accessibility_violations(axe_page, live_url, indexed_app, browser_login,
                                                                width, submit_story):
    story_id = submit_story(title="Een ingestuurd verhaal")
    with indexed_app.app_context():
        db.session.get(Story, story_id).near_duplicate_of_id = 1
        db.session.commit()
    axe_page.set_viewport_size({"width": width, "height": 900})
    axe_page.goto(live_url + "/beheer/inloggen")
    assert serious_violations(axe_page) == []
    browser_login(axe_page)
    for url in ("/beheer/", f"/beheer/verhaal/{story_id}", "/inzichten", "/beheer/logboek", "/beheer/opkomend"):
        axe_page.goto(live_url + url)
        assert serious_violations(axe_page) == [], url
