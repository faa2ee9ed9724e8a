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


def pytest_collection_modifyitems(items):
    """Every test that uses the deduce fixture loads a gigabyte first: mark it slow."""
    for item in items:
        if "deduce" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


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
