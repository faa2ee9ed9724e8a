"""Fixtures and the helpers several test modules share (no test module imports another)."""

import re
from pathlib import Path

import pytest

from storybank import create_app
from storybank.corpus import read_corpus
from storybank.extensions import db
from storybank.models import Story
from storybank.services.content import sync_corpus

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = PROJECT_ROOT / "corpus"
FIXED_SLUGS = [
    "ruimte", "spanning", "verantwoordelijkheid", "rolopvatting", "samenspel",
    "stroperigheid", "leiderschap", "participatie", "nieuwe-werken", "passende-organisatie",
]


def pytest_collection_modifyitems(items):
    """Everything that needs deduce (seconds to load, a gigabyte) is slow: `pytest -m "not slow"`
    skips it. Marked by the fixture it uses, so the mark cannot drift from the cost."""
    for item in items:
        if "deduce" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


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
    with app.app_context():
        story = Story(slug=re.sub(r"\W+", "-", title.lower()), title=title, narrator_label="Een ouder vertelt",
                      narrator_role="ouder", month=5, year=2025, text=text, status="submitted", source="form",
                      teller_places="participatie")
        if created:
            story.created_at = created
        db.session.add(story)
        db.session.commit()
        return story.id


def add_submission(app, slug="ingestuurd"):
    with app.app_context():
        db.session.add(Story(slug=slug, title="t", narrator_label="Een ouder vertelt", narrator_role="ouder",
                             month=1, year=2024, text="x", source="form"))
        db.session.commit()


def has_submission(app, slug="ingestuurd"):
    with app.app_context():
        return db.session.scalar(db.select(Story).where(Story.slug == slug)) is not None


def publish(client, story_id, *patterns, exemplary=(), title=None, text=None):
    data = {"action": "publish", "patterns": list(patterns), "exemplary": list(exemplary)}
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
