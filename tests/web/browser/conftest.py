"""Browser tests: Chromium from Debian (/usr/bin/chromium) driven by Playwright, against the app
served on a local port. The ``browser`` fixture marks its tests slow (tests/conftest.py)."""

import shutil
import threading

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()


def _whole_bodies(app):
    """Each response read whole (and its file closed) before werkzeug's development server writes it.

    When the browser drops a connection mid-response (it does, for the favicon), that server's
    clean-up reads the closed socket, fails, and never closes the response: the open static file
    then surfaced as a ResourceWarning, which this suite turns into a failure. gunicorn and
    waitress close the response whatever happens to the connection.
    """
    def serve(environ, start_response):
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            if hasattr(response, "close"):
                response.close()
    return serve


@pytest.fixture
def live_url(indexed_app, deduce):
    """The app served on a free local port in a background thread, CSRF switched on."""
    from werkzeug.serving import make_server

    indexed_app.config["WTF_CSRF_ENABLED"] = True
    server = make_server("127.0.0.1", 0, _whole_bodies(indexed_app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.fixture
def page_without_javascript(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture
def browser_login(indexed_app, live_url):
    """Log a browser page in as an adviser through the login form (the account is made once)."""
    from storybank.services.advisers import create_adviser

    with indexed_app.app_context():
        create_adviser("adviseur@example.org", "een lang genoeg wachtwoord")

    def login(page, next_path=""):
        page.goto(live_url + "/beheer/inloggen" + next_path)
        page.fill("#email", "adviseur@example.org")
        page.fill("#password", "een lang genoeg wachtwoord")
        page.click("#submit")
    return login
