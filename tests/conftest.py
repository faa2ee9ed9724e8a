import shutil
import threading
from pathlib import Path

import pytest

from storybank import create_app
from storybank.corpus import read_corpus
from storybank.extensions import db
from storybank.services.content import sync_corpus

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = PROJECT_ROOT / "corpus"


@pytest.fixture(scope="session")
def corpus():
    """The real corpus, parsed once: its entries are immutable."""
    return read_corpus(CORPUS_DIR)


@pytest.fixture(scope="session")
def deduce():
    """deduce loads once per test session (seconds, about a gigabyte); its lookup
    cache is built once per machine in ~/.cache/storybank/deduce."""
    from nlp.anonymise import load_deduce

    return load_deduce()


@pytest.fixture
def make_app(tmp_path):
    def make(**config):
        settings = {"TESTING": True, "SECRET_KEY": "test", "INSTANCE": str(tmp_path / "instance")}
        settings.update(config)
        return create_app(settings)
    return make


@pytest.fixture
def empty_app(make_app):
    """An app with a fresh instance folder and no database yet."""
    return make_app()


@pytest.fixture
def app(empty_app, corpus):
    """An app whose database holds the corpus."""
    with empty_app.app_context():
        db.create_all()
        sync_corpus(corpus)
    return empty_app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(empty_app):
    return empty_app.test_cli_runner()


@pytest.fixture
def indexed_app(app):
    """The corpus app with its search index built."""
    from storybank import search

    with app.app_context():
        search.reindex()
    return app


@pytest.fixture
def search_client(indexed_app):
    return indexed_app.test_client()


@pytest.fixture
def adviser(app):
    from storybank.services.advisers import create_adviser

    with app.app_context():
        adviser = create_adviser("adviseur@example.org", "een lang genoeg wachtwoord")
        return adviser.id


@pytest.fixture
def adviser_client(app, adviser):
    """A client logged in as an adviser (CSRF off: the CSRF tests use their own app)."""
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    response = client.post("/beheer/inloggen", data={"email": "adviseur@example.org",
                                                     "password": "een lang genoeg wachtwoord"})
    assert response.status_code == 302
    return client


# -- browser tests: Chromium from Debian (/usr/bin/chromium) driven by Playwright ----------------

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


@pytest.fixture
def live_url(indexed_app, deduce):
    """The app served on a free local port in a background thread, CSRF switched on."""
    from werkzeug.serving import make_server

    indexed_app.config["WTF_CSRF_ENABLED"] = True
    server = make_server("127.0.0.1", 0, indexed_app, threaded=True)
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
