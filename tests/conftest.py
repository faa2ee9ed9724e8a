"""Fixtures and the helpers several test modules share (no test module imports another)."""

import re
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from storybank import create_app
from storybank.anonymity import curated
from storybank.corpus import read_corpus
from storybank.extensions import db
from storybank.models import Story
from storybank.services import duplicates
from storybank.services.content import sync_corpus
from tests.fixtures.servers import postgres_server, postgres_url, redis_server, redis_url  # noqa: F401

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = PROJECT_ROOT / "corpus"
DATABASES = ("sqlite", "postgresql")


def pytest_addoption(parser):
    parser.addoption("--database", choices=DATABASES, default="sqlite",
                     help="the database every app fixture uses (make test runs both)")


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only(reason): the test is about SQLite itself "
                                       "(file locking, WAL, the file's bytes); skipped with --database=postgresql")


def pytest_collection_modifyitems(config, items):
    """Mark what needs deduce as slow; with --database=postgresql, run only what touches a
    database, and skip what is about SQLite.

    Everything that needs deduce (seconds to load, a gigabyte) is slow: `pytest -m "not slow"`
    skips it. Marked by the fixture it uses, so the mark cannot drift from the cost. Tests that
    never make an app (the NLP, the corpus files, search analysis) do the same thing in both
    runs, so the PostgreSQL run leaves them out.
    """
    for item in items:
        if "deduce" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
    if config.getoption("--database") != "postgresql":
        return
    kept, deselected = [], []
    for item in items:
        (kept if "make_app" in getattr(item, "fixturenames", ()) else deselected).append(item)
        marker = item.get_closest_marker("sqlite_only")
        if marker:
            reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "about SQLite itself")
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


# -- the share form (helpers, not fixtures: tests call them with their own clients) -------------

STORY = ("Mijn collega Joost de Vries belde me op een vrijdagmiddag. Mevrouw Jansen, de moeder, was "
         "bereikbaar op 06-12345678 en mailde vanaf jansen.moeder@example.org. Haar BSN 123456782 stond "
         "zomaar in het verslag, en ze woont op de Kerkstraat 12, 3701 AB. Het duurde weken voordat "
         "iemand besloot wat er moest gebeuren, terwijl het gezin al die tijd wachtte op hulp.")
SECRETS = ("Joost", "Vries", "Jansen", "06-12345678", "jansen.moeder", "123456782", "Kerkstraat", "3701 AB")


def form_data(**overrides):
    data = {"title": "Wachten op een besluit", "narrator_role": "jeugdprofessional", "month": "3", "year": "2024",
            "text": STORY, "consent": "y", "places": ["stroperigheid"], "preview": "1"}
    data.update(overrides)
    return data


def preview(client, **overrides):
    response = client.post("/deel-je-verhaal", data=form_data(**overrides))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def confirm(client, html, **overrides):
    fingerprint = re.search(r'name="fingerprint" type="hidden" value="([0-9a-f]+)"', html)[1]
    data = form_data(**overrides)
    data.pop("preview")
    data.update(confirm="1", fingerprint=fingerprint)
    return client.post("/deel-je-verhaal", data=data)


# -- stories and advisers ------------------------------------------------------------------------

def submit(app, title="Ingestuurd verhaal", text="Dit is een ingestuurd verhaal over de wachtlijst. " * 6,
           created=None):
    """A submitted story straight into the database (no anonymiser): its id."""
    with app.app_context(), curated():  # fixture rows, not typed text
        story = Story(slug=re.sub(r"\W+", "-", title.lower()), title=title, narrator_label="Een ouder vertelt",
                      narrator_role="ouder", month=5, year=2025, text=text, status="submitted", source="form",
                      teller_places=["participatie"])
        if created:
            story.created_at = created
        duplicates.set_bands(story)  # as intake does for every stored story
        db.session.add(story)
        db.session.commit()
        return story.id


def commit_rows():
    """Commit fixture rows made by hand and tell search about every story among them, as the
    services do for their own changes through storybank.changes (tests skip the lifecycle here)."""
    from storybank import changes

    session = db.session()
    for story in (*session.new, *session.dirty, *session.deleted):
        if isinstance(story, Story):
            if story.id is None:
                changes.touch_new_story(story)
            else:
                changes.touch_story(story.id)
    changes.commit()


def add_submission(app, slug="ingestuurd"):
    with app.app_context(), curated():  # fixture rows, not typed text
        db.session.add(Story(slug=slug, title="t", narrator_label="Een ouder vertelt", narrator_role="ouder",
                             month=1, year=2024, text="x", source="form"))
        db.session.commit()


def has_submission(app, slug="ingestuurd"):
    with app.app_context():
        return db.session.scalar(db.select(Story).where(Story.slug == slug)) is not None


def review_version(client, story_id):
    """The version the review page's form carries (every adviser action must send it back)."""
    html = client.get(f"/beheer/verhaal/{story_id}").get_data(as_text=True)
    return re.search(r'name="version" value="(\d+)"', html)[1]


def publish(client, story_id, *patterns, exemplary=(), title=None, text=None):
    data = {"action": "publish", "patterns": list(patterns), "exemplary": list(exemplary),
            "version": review_version(client, story_id)}
    if title:
        data["title"] = title
    if text:
        data["text"] = text
    return client.post(f"/beheer/verhaal/{story_id}", data=data)


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
def database_url(request):
    """None (SQLite in the instance folder), or a fresh PostgreSQL database with --database=postgresql."""
    if request.config.getoption("--database") == "postgresql":
        return request.getfixturevalue("postgres_url")
    return None


@pytest.fixture
def make_app(tmp_path, database_url):
    made = []

    def make(**config):
        settings = {"TESTING": True, "SECRET_KEY": "test", "INSTANCE": str(tmp_path / "instance")}
        if database_url:
            settings["DATABASE_URL"] = database_url
        settings.update(config)
        app = create_app(settings)
        made.append(app)
        return app
    yield make
    # Background index work (a start-up rebuild, a catch-up) must end before the database goes.
    for thread in threading.enumerate():
        if thread.name.startswith("storybank-") and thread.name != "storybank-deduce":
            thread.join(timeout=60)
    for app in made:  # close pooled connections before the database is dropped
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose()


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
def read_only(app, make_app):
    """A second app on the same instance whose database can only be read (a read-only disk)."""
    database = Path(app.instance_path) / "storybank.sqlite"
    return make_app(DATABASE_URL=f"sqlite:///file:{database}?mode=ro&uri=true", WTF_CSRF_ENABLED=False,
                    SEARCH_REBUILD_ON_START=False)


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


@pytest.fixture
def database_dump():
    """Everything a database holds, as text, to check that a secret never reached storage.

    SQLite: the SQL dump plus the raw bytes of the file and its write-ahead log (free pages
    too). PostgreSQL: every row of
    every table, read back through SQL.
    """
    def dump(app) -> str:
        with app.app_context():
            if db.engine.dialect.name == "sqlite":
                path = Path(db.engine.url.database)
                connection = sqlite3.connect(path)
                try:
                    files = [path, path.with_name(path.name + "-wal")]
                    raw = b"".join(file.read_bytes() for file in files if file.exists())
                    return "\n".join(connection.iterdump()) + raw.decode("latin-1")
                finally:
                    connection.close()
            rows = []
            with db.engine.connect() as connection:
                for table in db.inspect(connection).get_table_names():
                    rows += [repr(tuple(row)) for row in connection.exec_driver_sql(f'SELECT * FROM "{table}"')]
            return "\n".join(rows)
    return dump


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
