"""Adviser sessions: logout ends them on the server, a new password too; login redirects stay on
the site; a read-only instance answers a login in Dutch, not with a 500."""

import pytest

from storybank.cli import cli
from storybank.extensions import db
from storybank.models import Adviser

PASSWORD = "een lang genoeg wachtwoord"


def copy_of_session(app, client):
    """Another browser holding a copy of the client's session cookie (as a thief would)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def opens_beheer(client) -> bool:
    response = client.get("/beheer/")
    return response.status_code == 200 and "wachten op beoordeling" in response.get_data(as_text=True)


def test_logout_ends_the_session_on_the_server(app, adviser_client):
    thief = copy_of_session(app, adviser_client)
    assert opens_beheer(thief)
    assert adviser_client.post("/beheer/uitloggen").status_code == 302
    assert not opens_beheer(adviser_client)
    response = thief.get("/beheer/")
    assert response.status_code == 302 and "/beheer/inloggen" in response.headers["Location"]


def test_logging_in_again_after_logout_works(app, adviser_client):
    adviser_client.post("/beheer/uitloggen")
    adviser_client.post("/beheer/inloggen", data={"email": "adviseur@example.org", "password": PASSWORD})
    assert opens_beheer(adviser_client)


def test_a_new_password_ends_every_session(app, adviser_client):
    thief = copy_of_session(app, adviser_client)
    result = app.test_cli_runner().invoke(cli, ["set-password", "adviseur@example.org",
                                                "--password", "een nieuw lang wachtwoord"])
    assert result.exit_code == 0, result.output
    assert not opens_beheer(thief) and not opens_beheer(adviser_client)
    short = app.test_cli_runner().invoke(cli, ["set-password", "adviseur@example.org", "--password", "kort"])
    assert short.exit_code == 1 and "at least 12" in short.output


def test_a_session_cookie_without_the_token_opens_nothing(app, adviser):
    """Cookies made before tokens existed held the bare id: they must not open /beheer."""
    with app.test_client() as client:
        with client.session_transaction() as session:
            session["_user_id"] = str(adviser)
            session["_fresh"] = True
        assert client.get("/beheer/").status_code == 302


@pytest.mark.parametrize("query", [
    "next=/beheer/%0d%0aSet-Cookie:%20x=1",  # the example: a 500 after a correct login
    "next=/beheer%0aLocation:%20https://elders.example",
    "next=/beheer%5C..%5C..%5Cx",
    "next=//elders.example/beheer",
    "next=https://elders.example/beheer",
    "next=/beheer/%00",
])
def test_login_next_with_unsafe_targets_redirects_safely(app, adviser, query):
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    response = client.post(f"/beheer/inloggen?{query}", data={"email": "adviseur@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/beheer/"
    assert "x=1" not in response.headers.get("Set-Cookie", "")


def test_login_next_inside_beheer_is_kept(app, adviser):
    app.config["WTF_CSRF_ENABLED"] = False
    response = app.test_client().post("/beheer/inloggen?next=/beheer/logboek",
                                      data={"email": "adviseur@example.org", "password": PASSWORD})
    assert response.headers["Location"] == "/beheer/logboek"


@pytest.mark.sqlite_only("a read-only SQLite file stands in for a read-only disk")
def test_a_failed_login_on_a_read_only_database_is_refused_in_dutch(app, adviser, read_only):
    client = read_only.test_client()
    response = client.post("/beheer/inloggen", data={"email": "adviseur@example.org", "password": "fout"})
    assert response.status_code == 200
    assert "kennen we niet" in response.get_data(as_text=True)
    good = client.post("/beheer/inloggen", data={"email": "adviseur@example.org", "password": PASSWORD})
    assert good.status_code == 302 and opens_beheer(client)
    with app.app_context():
        assert db.session.scalar(db.select(Adviser.failed_logins)) == 0  # nothing could be written
