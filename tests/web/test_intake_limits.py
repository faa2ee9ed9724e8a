"""Hostile and unlucky submissions: posts over the size limits, a database that cannot be written."""

import os

import pytest

from storybank.extensions import db
from storybank.models import Story
from tests.helpers import STORY, confirm, form_data, preview


def stored_from_form(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Story).where(Story.source == "form"))


def test_a_50_mb_form_post_is_refused_in_dutch_unread_and_unstored(app, client):
    app.config["WTF_CSRF_ENABLED"] = False
    body = "confirm=1&consent=y&title=Groot&text=" + "a" * (50 * 2**20)
    response = client.post("/deel-je-verhaal", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "Dat is te veel in één keer" in html and "Er is niets opgeslagen" in html
    assert len(response.data) < 50_000  # the issue: the 50 MB came back in the page
    assert stored_from_form(app) == 0


def multipart(fields: dict) -> bytes:
    """A multipart body built by hand (the test client would spool a large one to a temp file)."""
    parts = [f'--grens\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
             for name, value in fields.items()]
    return ("".join(parts) + "--grens--\r\n").encode()


def test_a_large_multipart_post_gets_the_dutch_page(app, client):
    app.config["WTF_CSRF_ENABLED"] = False
    response = client.post("/deel-je-verhaal", content_type="multipart/form-data; boundary=grens",
                           data=multipart({"title": "Groot", "text": "x" * 2**20}))
    assert response.status_code == 413
    assert "Dat is te veel in één keer" in response.get_data(as_text=True)


def test_too_many_form_parts_get_the_dutch_page(app, client):
    app.config["WTF_CSRF_ENABLED"] = False
    response = client.post("/deel-je-verhaal", content_type="multipart/form-data; boundary=grens",
                           data=multipart({f"veld{n}": "x" for n in range(500)}))
    assert response.status_code == 413
    assert "Dat is te veel in één keer" in response.get_data(as_text=True)


def test_the_api_answers_an_oversized_body_with_json(client):
    response = client.get("/api/v1/verhalen", data="x" * 2**20, content_type="text/plain")
    assert response.status_code == 413 and response.is_json
    error = response.get_json()["error"]
    assert error["status"] == 413 and "te groot" in error["message"]


def test_the_longest_story_in_the_longest_characters_is_not_refused(app, client):
    """10,000 four-byte characters (each 12 bytes once percent-encoded) still reach the form."""
    app.config["WTF_CSRF_ENABLED"] = False
    response = client.post("/deel-je-verhaal", data=form_data(text="😀" * 10_000, consent=""))
    assert response.status_code == 200
    assert "Zonder uw toestemming" in response.get_data(as_text=True)


@pytest.mark.sqlite_only("a read-only SQLite file stands in for a read-only disk")
def test_a_read_only_database_keeps_the_typed_story_in_the_form(app, read_only, deduce):
    client = read_only.test_client()
    html = preview(client)
    response = confirm(client, html)
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "Uw verhaal is nog niet opgeslagen" in page
    # Everything typed is still in the form, with the button to send it again.
    assert STORY.split(".")[0] in page and 'value="Wachten op een besluit"' in page
    assert 'name="confirm"' in page and 'name="fingerprint"' in page
    assert stored_from_form(app) == 0
    app.config["WTF_CSRF_ENABLED"] = False
    assert confirm(app.test_client(), page).status_code == 302  # once writable again: stored
    assert stored_from_form(app) == 1


def test_the_app_starts_on_a_read_only_instance_folder(app, make_app, monkeypatch):
    """Found by bench/faults.py: the search start-up clean-up opened a lock file for writing."""
    def read_only_lock(path, timeout):
        raise OSError(30, "Read-only file system", str(path))

    monkeypatch.setattr("storybank.search.index._flock", read_only_lock)
    started = make_app(SEARCH_REBUILD_ON_START=False)
    assert started.test_client().get("/").status_code == 200


@pytest.mark.sqlite_only("the instance folder's SQLite file in WAL mode")
def test_a_read_only_instance_folder_still_serves_and_keeps_the_typed_story(app, make_app, monkeypatch, deduce):
    """bench/faults.py: on a folder mounted read-only, WAL could not make its -shm file and the
    server did not start ("unable to open database file"). Root can write through chmod, so the
    test makes the folder look read-only to os.access, as a read-only mount does."""
    instance = app.instance_path
    with app.app_context():
        db.engine.dispose()  # the last connection closes: SQLite removes the -wal and -shm files
    real_access = os.access
    monkeypatch.setattr("storybank.config.os.access",
                        lambda path, mode: False if str(path) == instance and mode == os.W_OK
                        else real_access(path, mode))
    served = make_app(SEARCH_REBUILD_ON_START=False, WTF_CSRF_ENABLED=False)
    client = served.test_client()
    assert client.get("/verhalen").status_code == 200
    response = confirm(client, preview(client))
    assert response.status_code == 503 and "Uw verhaal is nog niet opgeslagen" in response.get_data(as_text=True)
    assert stored_from_form(app) == 0


@pytest.mark.sqlite_only("the instance folder's SQLite file in WAL mode")
def test_commands_find_the_database_of_a_read_only_instance_folder(app, make_app, monkeypatch):
    """bench/faults.py: `storybank serve` on a read-only folder stopped with "no Storybank database":
    the check looked for a file named 'file:/…/storybank.sqlite', the read-only URI's path."""
    instance = app.instance_path
    with app.app_context():
        db.engine.dispose()
    real_access = os.access
    monkeypatch.setattr("storybank.config.os.access",
                        lambda path, mode: False if str(path) == instance and mode == os.W_OK
                        else real_access(path, mode))
    served = make_app(SEARCH_REBUILD_ON_START=False)
    result = served.test_cli_runner().invoke(args=["export", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert "no Storybank database" not in result.output and '"title"' in result.output
