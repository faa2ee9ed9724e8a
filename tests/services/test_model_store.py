"""storybank/services/model_store.py: models kept in the database, the same for every server."""

import logging

from storybank.extensions import db
from storybank.models import ModelArtefact
from storybank.services import model_store


def test_a_saved_model_loads_back_and_only_the_newest_three_are_kept(app):
    with app.app_context():
        rows = [model_store.save("proef", {"versie": n}, format_version=1, meta={"n": n}).id for n in range(5)]
        assert model_store.load("proef", format_version=1) == {"versie": 4}
        kept = list(db.session.scalars(db.select(ModelArtefact.id).where(ModelArtefact.name == "proef")
                                       .order_by(ModelArtefact.id)))
        assert kept == rows[-model_store.KEEP:]
        newest = model_store.newest("proef")
        assert newest.id == rows[-1] and newest.meta == {"n": 4}
        assert newest.library_versions == model_store.library_versions()
        assert set(newest.library_versions) == set(model_store.LIBRARIES)


def test_nothing_stored_or_another_format_loads_as_none(app):
    with app.app_context():
        assert model_store.load("proef", format_version=1) is None and model_store.newest("proef") is None
        model_store.save("proef", [1, 2, 3], format_version=1, meta={})
        assert model_store.load("proef", format_version=2) is None
        assert model_store.load("ander", format_version=1) is None


def test_another_server_sees_a_new_model_after_its_check_interval(app, make_app):
    other = make_app()  # a second app object on the same database: another server
    app.config["MODEL_CHECK_SECONDS"] = 3600
    with app.app_context():
        model_store.save("proef", "eerste", format_version=1, meta={})
    with other.app_context():
        assert model_store.load("proef", format_version=1) == "eerste"
    with app.app_context():
        model_store.save("proef", "tweede", format_version=1, meta={})
    other.config["MODEL_CHECK_SECONDS"] = 3600
    with other.app_context():
        assert model_store.load("proef", format_version=1) == "eerste"  # checked less than an hour ago
    other.config["MODEL_CHECK_SECONDS"] = 0
    with other.app_context():
        assert model_store.load("proef", format_version=1) == "tweede"


def test_a_model_made_with_other_library_versions_is_not_loaded(app, make_app, monkeypatch, caplog):
    with app.app_context():
        model_store.save("proef", "oud", format_version=1, meta={})
    monkeypatch.setattr(model_store, "library_versions", lambda: {"scikit-learn": "0.1", "numpy": "0.1",
                                                                    "scipy": "0.1", "joblib": "0.1"})
    other = make_app()
    with other.app_context(), caplog.at_level(logging.WARNING):
        assert model_store.load("proef", format_version=1) is None
    assert "run 'storybank train'" in caplog.text
