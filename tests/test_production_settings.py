"""Production settings fail fast: a shared secret key on PostgreSQL, and rate limits in shared storage."""

import logging

import pytest

from storybank import ConfigError, config, create_app
from storybank.cli import main


def test_postgresql_without_a_secret_key_refuses_to_start(tmp_path, postgres_url, monkeypatch):
    monkeypatch.delenv("STORYBANK_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="STORYBANK_SECRET_KEY must be set"):
        create_app({"TESTING": True, "INSTANCE": str(tmp_path / "instance"), "DATABASE_URL": postgres_url})
    assert not (tmp_path / "instance" / "secret_key").exists()  # never generated per server


def test_the_command_says_so_in_one_line(tmp_path, postgres_url, monkeypatch, capsys):
    monkeypatch.delenv("STORYBANK_SECRET_KEY", raising=False)
    monkeypatch.setenv("STORYBANK_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("STORYBANK_DATABASE_URL", postgres_url)
    monkeypatch.setattr("sys.argv", ["storybank", "init"])
    with pytest.raises(SystemExit) as exit:
        main()
    assert exit.value.code == 1
    assert "Error: STORYBANK_SECRET_KEY must be set" in capsys.readouterr().err


def test_postgresql_with_a_secret_key_starts(tmp_path, postgres_url):
    app = create_app({"TESTING": True, "INSTANCE": str(tmp_path / "instance"), "DATABASE_URL": postgres_url,
                      "SECRET_KEY": "shared"})
    assert app.config["SECRET_KEY"] == "shared"
    with app.app_context():
        from storybank.extensions import db

        for engine in db.engines.values():
            engine.dispose()


def test_per_process_rate_limits_are_said_once_in_the_log(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(config, "_said_limits_are_per_process", False)
    with caplog.at_level(logging.WARNING, logger="storybank.config"):
        for name in ("a", "b"):
            create_app({"TESTING": True, "SECRET_KEY": "x", "INSTANCE": str(tmp_path / name)})
    said = [r.getMessage() for r in caplog.records if "rate limits are counted per process" in r.getMessage()]
    assert len(said) == 1 and "STORYBANK_RATELIMIT_STORAGE_URI" in said[0]


def test_rate_limit_storage_that_does_not_answer_refuses_to_start(tmp_path):
    from storybank.devservers import free_port

    with pytest.raises(ConfigError, match="rate-limit storage .* does not answer"):
        create_app({"TESTING": True, "SECRET_KEY": "x", "INSTANCE": str(tmp_path / "i"),
                    "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{free_port()}/0"})


def test_two_servers_count_against_one_limit_in_redis(make_app, redis_url, redis_server):
    first = make_app(template="corpus", RATELIMIT_STORAGE_URI=redis_url, PREVIEW_LIMIT="2 per hour",
                     WTF_CSRF_ENABLED=False)
    for _ in range(2):
        assert first.test_client().post("/deel-je-verhaal", data={}).status_code == 200
    # A second server process, same database and same Redis: the third post is one too many.
    second = make_app(RATELIMIT_STORAGE_URI=redis_url, PREVIEW_LIMIT="2 per hour", WTF_CSRF_ENABLED=False)
    limited = second.test_client().post("/deel-je-verhaal", data={})
    assert limited.status_code == 429 and "Even rustig aan" in limited.get_data(as_text=True)
    assert int(redis_server.command("DBSIZE").split(b":")[1]) > 0


def test_concurrent_failed_logins_are_all_counted(make_app, corpus):
    """Eight wrong passwords at the same moment: each is counted (no lost read-modify-write)."""
    import threading

    from storybank.extensions import db
    from storybank.models import Adviser
    from storybank.services.advisers import create_adviser

    app = make_app(WTF_CSRF_ENABLED=False, LOGIN_ATTEMPTS=100, SEARCH_ENABLED=False)
    with app.app_context():
        db.create_all()
        create_adviser("a@example.org", "een lang genoeg wachtwoord")
    start = threading.Barrier(8)
    statuses = []

    def fail_once():
        client = app.test_client()
        start.wait()
        statuses.append(client.post("/beheer/inloggen", data={"email": "a@example.org",
                                                               "password": "fout wachtwoord!"}).status_code)

    threads = [threading.Thread(target=fail_once) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 8
    with app.app_context():
        assert db.session.scalar(db.select(Adviser.failed_logins)) == 8


def test_a_story_whose_reference_another_request_just_took_is_still_stored(app, deduce, monkeypatch):
    """Two tellers at once: the reference code looked free, then another request stored it first.
    (A submission has no address to collide on: only a published title makes one.)"""
    from storybank.extensions import db
    from storybank.models import Story
    from storybank.services import intake
    from tests.helpers import confirm, preview

    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    assert confirm(client, preview(client)).status_code == 302
    with app.app_context():
        taken = db.session.scalar(db.select(Story.reference).where(Story.source == "form"))
    drawn = []
    real_make_reference = intake.make_reference

    def stale_then_fresh():
        drawn.append(1)
        return taken if len(drawn) == 1 else real_make_reference()

    monkeypatch.setattr(intake, "make_reference", stale_then_fresh)
    assert confirm(client, preview(client)).status_code == 302
    with app.app_context():
        references = list(db.session.scalars(db.select(Story.reference).where(Story.source == "form")))
    assert len(drawn) == 2 and len(references) == 2 and len(set(references)) == 2
