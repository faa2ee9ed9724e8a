"""Adviser accounts: creation from the command line and throttled login."""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db, login_manager
from ..models import Adviser, new_session_token

MIN_PASSWORD_LENGTH = 12
log = logging.getLogger(__name__)


class AdviserError(ValueError):
    pass


class LoginLocked(Exception):
    def __init__(self, until: datetime):
        self.until = until


@login_manager.user_loader
def load_adviser(session_id: str) -> Adviser | None:
    """The adviser of a login session, if that session has not been ended.

    The session cookie holds "<id>:<token>"; logout and a new password replace the token in the
    database, so a cookie kept from before no longer opens anything, on any device.
    """
    adviser_id, _, token = session_id.partition(":")
    if not adviser_id.isdigit() or not token:
        return None
    adviser = db.session.get(Adviser, int(adviser_id))
    if adviser is None or not secrets.compare_digest(adviser.session_token, token):
        return None
    return adviser


def end_sessions(adviser: Adviser) -> None:
    """End every login session of this adviser (logout, new password)."""
    adviser.session_token = new_session_token()
    db.session.commit()


def set_password(email: str, password: str) -> Adviser:
    """A new password; every session of the adviser ends with the old one."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AdviserError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    adviser = db.session.scalar(select(Adviser).where(func.lower(Adviser.email) == email.strip().lower()))
    if adviser is None:
        raise AdviserError(f"there is no adviser with e-mail {email}")
    adviser.password_hash = generate_password_hash(password)
    adviser.failed_logins, adviser.locked_until = 0, None
    end_sessions(adviser)
    return adviser


def create_adviser(email: str, password: str) -> Adviser:
    email = email.strip().lower()
    if "@" not in email:
        raise AdviserError(f"'{email}' is not an e-mail address")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AdviserError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    if db.session.scalar(select(Adviser).where(func.lower(Adviser.email) == email)):
        raise AdviserError(f"an adviser with e-mail {email} exists already")
    adviser = Adviser(email=email, password_hash=generate_password_hash(password))
    db.session.add(adviser)
    db.session.commit()
    return adviser


def authenticate(email: str, password: str, *, attempts: int, lock_minutes: int) -> Adviser | None:
    """The adviser for these credentials, or None. Too many failures lock the account a while."""
    adviser = db.session.scalar(select(Adviser).where(func.lower(Adviser.email) == email.strip().lower()))
    now = datetime.now(timezone.utc)
    if adviser is None:
        generate_password_hash(password)  # spend the same time as a real check: no account probing
        return None
    locked_until = adviser.locked_until
    if locked_until is not None and locked_until.tzinfo is None:
        locked_until = locked_until.replace(tzinfo=timezone.utc)  # SQLite returns naive datetimes
    if locked_until and locked_until > now:
        raise LoginLocked(locked_until)
    if adviser.active and check_password_hash(adviser.password_hash, password):
        if adviser.failed_logins or adviser.locked_until:
            adviser.failed_logins, adviser.locked_until = 0, None
            _commit_counters()
        return adviser
    _count_failure(adviser, attempts, now + timedelta(minutes=lock_minutes))
    return None


def _count_failure(adviser: Adviser, attempts: int, lock_until: datetime) -> None:
    """Add one failure in the database itself (UPDATE ... SET n = n + 1), so that failures made at
    the same moment by other requests or servers are all counted; lock at the limit."""
    this = Adviser.id == adviser.id
    try:
        failures = db.session.execute(update(Adviser).where(this).values(failed_logins=Adviser.failed_logins + 1)
                                      .returning(Adviser.failed_logins).execution_options(synchronize_session=False)
                                      ).scalar_one()
        if failures >= attempts:
            db.session.execute(update(Adviser).where(this, Adviser.failed_logins >= attempts)
                               .values(failed_logins=0, locked_until=lock_until)
                               .execution_options(synchronize_session=False))
    except OperationalError as error:
        _not_stored(error)
        return
    _commit_counters()  # expires the adviser, so it is read afresh


def _commit_counters() -> None:
    """Store the failed-login count. A database that cannot be written (a read-only disk) must
    not turn a login into a server error: the answer stays the same, the log says what failed."""
    try:
        db.session.commit()
    except OperationalError as error:
        _not_stored(error)


def _not_stored(error: OperationalError) -> None:
    db.session.rollback()
    log.error("could not store the failed-login count (%s); login throttling only counts per client", error.orig)
