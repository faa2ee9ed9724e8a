"""storybank/services/advisers.py: accounts, throttled login, sessions that end."""

from datetime import datetime, timedelta, timezone

import pytest

from storybank.extensions import db
from storybank.models import Adviser
from storybank.services.advisers import (
    AdviserError,
    LoginLocked,
    authenticate,
    create_adviser,
    end_sessions,
    load_adviser,
    set_password,
)

PASSWORD = "een lang genoeg wachtwoord"


@pytest.fixture
def context(app):
    with app.app_context():
        yield


def login(email, password, attempts=3):
    return authenticate(email, password, attempts=attempts, lock_minutes=15)


def test_an_account_is_made_with_a_lowercase_address_and_a_hashed_password(context):
    adviser = create_adviser("  Adviseur@Example.ORG ", PASSWORD)
    stored = db.session.get(Adviser, adviser.id)
    assert stored.email == "adviseur@example.org" and PASSWORD not in stored.password_hash
    assert stored.active and stored.failed_logins == 0


@pytest.mark.parametrize(("email", "password", "message"), [
    ("geen-adres", PASSWORD, "is not an e-mail address"),
    ("a@example.org", "te kort", "at least 12 characters"),
    ("ADVISEUR@example.org", PASSWORD, "exists already"),  # the same address in other case
])
def test_an_account_is_refused_with_the_reason(context, email, password, message):
    create_adviser("adviseur@example.org", PASSWORD)
    with pytest.raises(AdviserError, match=message):
        create_adviser(email, password)
    assert db.session.scalar(db.select(db.func.count()).select_from(Adviser)) == 1


def test_login_takes_the_address_in_any_case_and_refuses_a_wrong_password(context):
    adviser = create_adviser("adviseur@example.org", PASSWORD)
    assert login(" ADVISEUR@example.org", PASSWORD).id == adviser.id
    assert login("adviseur@example.org", "fout wachtwoord") is None
    assert login("onbekend@example.org", PASSWORD) is None
    assert db.session.get(Adviser, adviser.id).failed_logins == 1


def test_too_many_failures_lock_the_account_until_the_time_has_passed(context):
    adviser = create_adviser("adviseur@example.org", PASSWORD)
    for _ in range(3):
        assert login("adviseur@example.org", "fout wachtwoord") is None
    with pytest.raises(LoginLocked) as locked:
        login("adviseur@example.org", PASSWORD)  # even the right password
    until = locked.value.until.replace(tzinfo=locked.value.until.tzinfo or timezone.utc)
    assert timedelta(minutes=14) < until - datetime.now(timezone.utc) <= timedelta(minutes=15)
    stored = db.session.get(Adviser, adviser.id)
    stored.locked_until = datetime.now(timezone.utc) - timedelta(seconds=1)
    db.session.commit()
    assert login("adviseur@example.org", PASSWORD).id == adviser.id
    stored = db.session.get(Adviser, adviser.id)
    assert (stored.failed_logins, stored.locked_until) == (0, None)


def test_a_deactivated_account_cannot_log_in(context):
    adviser = create_adviser("adviseur@example.org", PASSWORD)
    adviser.active = False
    db.session.commit()
    assert login("adviseur@example.org", PASSWORD) is None


def test_a_session_id_opens_the_account_until_its_sessions_end(context):
    adviser = create_adviser("adviseur@example.org", PASSWORD)
    session_id = adviser.get_id()
    assert load_adviser(session_id).id == adviser.id
    for forged in (f"{adviser.id}:verkeerd", f"{adviser.id}:", "abc:def", f"{adviser.id + 1}:{adviser.session_token}"):
        assert load_adviser(forged) is None
    end_sessions(adviser)
    assert load_adviser(session_id) is None
    assert load_adviser(adviser.get_id()).id == adviser.id


def test_a_new_password_replaces_the_old_one_and_ends_every_session(context):
    adviser = create_adviser("adviseur@example.org", PASSWORD)
    session_id = adviser.get_id()
    login("adviseur@example.org", "fout wachtwoord")
    set_password("Adviseur@example.org", "een ander lang wachtwoord")
    assert load_adviser(session_id) is None
    assert db.session.get(Adviser, adviser.id).failed_logins == 0
    assert login("adviseur@example.org", PASSWORD) is None
    assert login("adviseur@example.org", "een ander lang wachtwoord").id == adviser.id
    with pytest.raises(AdviserError, match="at least 12"):
        set_password("adviseur@example.org", "kort")
    with pytest.raises(AdviserError, match="no adviser"):
        set_password("niemand@example.org", "een ander lang wachtwoord")
