"""Layout that only a real browser can judge: the map's summaries on top, search on a phone,
adviser pages on a phone, tabs on a laptop, readable type. Skipped without Chromium."""

import pytest
from playwright.sync_api import expect

from storybank.extensions import db
from storybank.models import Pattern

CORNERS = """(element) => {
    const box = element.getBoundingClientRect(), inset = 3;
    return [[box.left + inset, box.top + inset], [box.right - inset, box.top + inset],
            [box.left + inset, box.bottom - inset], [box.right - inset, box.bottom - inset]]
        .map(([x, y]) => element.closest('.tooltip').contains(document.elementFromPoint(x, y)));
}"""
INSIDE = """(tooltip) => {
    const box = tooltip.querySelector('rect').getBoundingClientRect();
    const map = tooltip.ownerSVGElement.getBoundingClientRect();
    const within = (inner, outer) => inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5 &&
                                     inner.top >= outer.top - 0.5 && inner.bottom <= outer.bottom + 0.5;
    return {inMap: within(box, map),
            textInBox: [...tooltip.querySelectorAll('text')].every(t => within(t.getBoundingClientRect(), box))};
}"""


def slugs(app):
    with app.app_context():
        return list(db.session.scalars(db.select(Pattern.slug).order_by(Pattern.journey_order)))


def test_every_map_summary_is_drawn_above_everything_and_inside_the_map(page, live_url, indexed_app):
    page.set_viewport_size({"width": 1280, "height": 1400})  # the whole map in view: elementFromPoint needs it
    page.goto(live_url + "/")
    for slug in slugs(indexed_app):
        tooltip = page.locator(f"#uitleg-{slug}")
        page.locator(f"#plaats-{slug} .halo").hover()
        expect(tooltip).to_have_css("visibility", "visible")
        assert tooltip.locator("rect").evaluate(CORNERS) == [True] * 4, f"{slug}: something covers its summary"
        assert tooltip.evaluate(INSIDE) == {"inMap": True, "textInBox": True}, slug
        page.mouse.move(2, 2)
        expect(tooltip).to_have_css("visibility", "hidden")


def test_a_summary_stays_while_the_pointer_moves_onto_it(page, live_url):
    page.goto(live_url + "/")
    page.locator("#plaats-samenspel .halo").hover()
    box = page.locator("#uitleg-samenspel rect").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=5)
    assert page.locator("#uitleg-samenspel").evaluate("e => getComputedStyle(e).visibility") == "visible"


def test_a_focused_place_shows_its_summary_on_top(page, live_url, indexed_app):
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.goto(live_url + "/")
    page.mouse.move(2, 2)
    for slug in slugs(indexed_app):
        page.focus(f"#plaats-{slug}")
        expect(page.locator(f"#uitleg-{slug}")).to_have_css("visibility", "visible")
        assert page.locator(f"#uitleg-{slug} rect").evaluate(CORNERS) == [True] * 4, slug


def test_search_on_a_phone_shows_results_first_and_facets_behind_a_disclosure(page, live_url):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_url + "/zoeken?q=gemeenten")
    first_hit = page.locator(".hits .hit").first.bounding_box()
    facets = page.locator("details.facets").bounding_box()
    assert first_hit["y"] < facets["y"]
    assert first_hit["y"] < 844  # on the first screen
    assert not page.locator("details.facets").evaluate("d => d.open")
    assert not page.locator(".facets nav a").first.is_visible()
    page.click("details.facets > summary")
    assert page.locator(".facets nav a").first.is_visible()
    assert page.locator("[role=search]").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_search_on_a_wide_screen_shows_the_facets_beside_the_results(page, live_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_url + "/zoeken?q=gemeenten")
    link = page.locator(".facets nav a").first
    assert link.is_visible() and not page.locator("details.facets > summary").is_visible()
    assert link.bounding_box()["x"] > page.locator(".hits .hit").first.bounding_box()["x"]


@pytest.mark.parametrize("width", [1280, 1366, 1920])
def test_the_four_tip_tabs_stay_on_one_line_on_a_laptop(page, live_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_url + "/plaats/samenspel")
    tops = page.locator(".tab-label").evaluate_all("labels => labels.map(l => l.getBoundingClientRect().top)")
    assert len(tops) == 4 and len(set(tops)) == 1, tops


def test_pattern_names_on_the_tips_page_are_readable(page, live_url):
    page.goto(live_url + "/tips/gemeenten")
    sizes = page.locator(".tip-list .pattern-name").evaluate_all(
        "names => names.map(n => parseFloat(getComputedStyle(n).fontSize))")
    assert sizes and min(sizes) >= 16


def test_the_queue_fits_a_phone_and_logout_is_reachable(page, live_url, indexed_app, browser_login, submit_story):
    for number in range(3):
        submit_story(title=f"Een ingestuurd verhaal met een lange titel, nummer {number}")
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page)
    page.wait_for_url("**/beheer/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    logout = page.get_by_role("button", name="Uitloggen (adviseur@example.org)")
    box = logout.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    logout.click()
    page.wait_for_url(live_url + "/")


def test_login_from_insights_comes_back_and_the_chart_scrolls_by_keyboard(page, live_url, browser_login):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_url + "/inzichten")
    assert "/beheer/inloggen" in page.url
    page.fill("#email", "adviseur@example.org")
    page.fill("#password", "een lang genoeg wachtwoord")
    page.click("#submit")
    page.wait_for_url("**/inzichten")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    region = page.get_by_role("region", name="Grafiek per kwartaal, schuifbaar")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # the chart is wider than a phone
    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    assert region.evaluate("r => r.scrollLeft") > 0
