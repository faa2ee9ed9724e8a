"""Fixtures every test package shares. Tests never import this file: plain helpers live in tests/helpers.py."""

import re
import sqlite3
from pathlib import Path

import pytest

from storybank import create_app
from storybank.anonymity import curated
from storybank.corpus import read_corpus
from storybank.extensions import db
from storybank.models import Story
from storybank.search.engine import segment_arrays
from storybank.services import duplicates
from tests.fixtures.instances import InstanceTemplates, dispose, join_background_threads
from tests.fixtures.servers import postgres_server, postgres_url, redis_server, redis_url  # noqa: F401
from tests.helpers import CORPUS_DIR

DATABASES = ("sqlite", "postgresql")
SLOW_FIXTURES = {"deduce", "browser"}


def pytest_addoption(parser):
    parser.addoption("--database", choices=DATABASES, default="sqlite",
                     help="the database every app fixture uses (make test runs both)")


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only(reason): the test is about SQLite itself "
                                       "(file locking, WAL, the file's bytes); skipped with --database=postgresql")


def pytest_collection_modifyitems(config, items):
    """Mark what needs deduce or a browser as slow; with --database=postgresql, run only what
    touches a database, and skip what is about SQLite.

    deduce (seconds to load, a gigabyte) and Chromium are what cost: `pytest -m "not slow"` skips
    every test that uses them. Marked by the fixture it uses, so the mark cannot drift from the
    cost; a test that loads deduce without its fixture fails (``_deduce_only_through_its_fixture``).
    Tests that start processes of their own carry the mark by hand. Tests that never make an app
    (the NLP, the corpus files, search analysis) do the same thing in both runs, so the PostgreSQL
    run leaves them out.
    """
    for item in items:
        if set(getattr(item, "fixturenames", ())) & SLOW_FIXTURES:
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


# -- stories ---------------------------------------------------------------------------------

@pytest.fixture
def submit_story(app):
    """``submit_story(title=..., text=..., created=...)``: a submitted story straight into the test's
    database (no anonymiser, no form); returns its id."""
    def submit(title="Ingestuurd verhaal", text="Dit is een ingestuurd verhaal over de wachtlijst. " * 6,
               created=None):
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
    return submit


@pytest.fixture
def share_client(app, deduce):
    """A client of the corpus app that can post the share form without a CSRF token."""
    app.config["WTF_CSRF_ENABLED"] = False
    return app.test_client()


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


@pytest.fixture(autouse=True)
def _deduce_only_through_its_fixture(request, monkeypatch):
    """deduce loads once per session, in the ``deduce`` fixture, and that fixture marks its tests
    slow. A test that reaches deduce some other way (the share form, a rejection reason, an
    import: whatever anonymises) fails here, so that `make test-fast` never pays for it unnoticed."""
    if "deduce" in request.fixturenames:
        yield
        return
    import nlp.anonymise

    used = []
    load_deduce = nlp.anonymise.load_deduce

    def counted():
        used.append(True)
        return load_deduce()

    monkeypatch.setattr(nlp.anonymise, "load_deduce", counted)
    yield
    if used:
        pytest.fail(f"{request.node.nodeid} used deduce without the deduce fixture; add the fixture "
                    "(it marks the test slow)", pytrace=False)


@pytest.fixture
def database_url(request):
    """None (SQLite in the instance folder), or a fresh PostgreSQL database with --database=postgresql."""
    if request.config.getoption("--database") == "postgresql":
        return request.getfixturevalue("postgres_url")
    return None


APP_SETTINGS = {"TESTING": True, "SECRET_KEY": "test"}


@pytest.fixture(scope="session")
def instance_templates(tmp_path_factory, corpus):
    """The corpus app's database and search index, built once per session (tests/fixtures/instances.py)."""
    return InstanceTemplates(tmp_path_factory.mktemp("templates"), corpus, APP_SETTINGS)


@pytest.fixture
def make_app(request, tmp_path, database_url, instance_templates):
    """Makes apps on this test's instance folder (and database). ``make_app(template="corpus")``
    first fills them with a copy of a session template (see ``empty_app``)."""
    made = []

    def make(template=None, **config):
        settings = {**APP_SETTINGS, "INSTANCE": str(tmp_path / "instance")}
        if database_url:
            settings["DATABASE_URL"] = database_url
        settings.update(config)
        if template is None:
            app = create_app(settings)
        else:
            postgres = None
            if (settings.get("DATABASE_URL") or "").startswith("postgresql"):
                postgres = request.getfixturevalue("postgres_server")
            instance_templates.restore(template, settings, postgres)
            segment_arrays.clear()  # the copies share segment ids; a test may damage its copy's files
            # The template was made on an empty database, as the test's own app would have been: no
            # start-up rebuild of the index. The setting keeps the value the test asked for.
            app = create_app({**settings, "SEARCH_REBUILD_ON_START": False})
            app.config["SEARCH_REBUILD_ON_START"] = settings.get("SEARCH_REBUILD_ON_START", True)
        made.append(app)
        return app
    yield make
    join_background_threads()
    for app in made:  # close pooled connections before the database is dropped
        dispose(app)


@pytest.fixture
def empty_app(make_app, request):
    """An app with a fresh instance folder and no database yet.

    When the test also uses ``app`` (or ``indexed_app``, ``trained_app``, ``initialised_app``), this
    is that same app: its database then holds a copy of the session's corpus database (and search
    index, or pattern model), or of an instance after `storybank init`.
    """
    names = set(request.fixturenames)
    if "initialised_app" in names and "app" in names or {"trained_app", "indexed_app"} <= names:
        pytest.fail("one state per test: app (indexed_app or trained_app) or initialised_app")
    if "initialised_app" in names:
        return make_app(template="initialised")
    if "trained_app" in names:
        return make_app(template="trained")
    if "indexed_app" in names:
        return make_app(template="indexed")
    if "app" in request.fixturenames:
        return make_app(template="corpus")
    return make_app()


@pytest.fixture
def initialised_app(empty_app):
    """An app on which `storybank init` has run (schema, corpus, search index, pattern model): the
    same app as ``empty_app`` and ``runner``, copied from the session's."""
    return empty_app


@pytest.fixture
def trained_app(app):
    """The corpus app with a pattern model trained on it (as `storybank train` leaves it)."""
    return app


@pytest.fixture
def app(empty_app):
    """An app whose database holds the corpus (no search index yet: see indexed_app)."""
    return empty_app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(empty_app):
    return empty_app.test_cli_runner()


@pytest.fixture
def indexed_app(app):
    """The corpus app with its search index built (copied from the session's template)."""
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
    """The account adviseur@example.org. Its password hash is a cheap one (one PBKDF2 round instead of
    scrypt's 0.1 s, once to store and again at every login): this is set-up. Making accounts and
    checking passwords are tested with the real hash (tests/services/test_advisers.py, the
    create-adviser command)."""
    from werkzeug.security import generate_password_hash

    from storybank.models import Adviser

    with app.app_context():
        adviser = Adviser(email="adviseur@example.org",
                          password_hash=generate_password_hash("een lang genoeg wachtwoord", method="pbkdf2:sha256:1"))
        db.session.add(adviser)
        db.session.commit()
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
    too; ``files=False`` leaves those out, for what was stored and then erased). PostgreSQL:
    every row of every table, read back through SQL.
    """
    def dump(app, files: bool = True) -> str:
        with app.app_context():
            if db.engine.dialect.name == "sqlite":
                path = Path(db.engine.url.database)
                connection = sqlite3.connect(path)
                try:
                    raw = b""
                    if files:
                        raw = b"".join(file.read_bytes() for file in (path, path.with_name(path.name + "-wal"))
                                       if file.exists())
                    return "\n".join(connection.iterdump()) + raw.decode("latin-1")
                finally:
                    connection.close()
            rows = []
            with db.engine.connect() as connection:
                for table in db.inspect(connection).get_table_names():
                    rows += [repr(tuple(row)) for row in connection.exec_driver_sql(f'SELECT * FROM "{table}"')]
            return "\n".join(rows)
    return dump
