"""Connection set-up for both databases: SQLite's journal and busy timeout, and no lock left behind.

SQLite (the embedded default) runs in WAL mode, so readers never block a writer's commit and
a writer never blocks readers; writers wait for each other up to ``SQLITE_BUSY_TIMEOUT``
seconds. Set ``SQLITE_JOURNAL_MODE`` to ``delete`` only where WAL cannot work (a network file
system).

Every connection that goes back to the pool inside a transaction is rolled back first.
SQLAlchemy skips its own reset when the last thing it sent was COMMIT, but a COMMIT that
failed ("database is locked") leaves the transaction open: that pooled connection then held
its lock and every other process waited on it (issue 10, defect 1).
"""

from __future__ import annotations

import logging

from sqlalchemy import event
from sqlalchemy.engine import Engine

from .extensions import db

log = logging.getLogger(__name__)

def init_app(app) -> None:
    """Prepare every engine; SQLITE_* defaults are in storybank/config.py."""
    with app.app_context():
        for engine in db.engines.values():
            prepare(engine, app.config)


def prepare(engine: Engine, config) -> None:
    """Attach the connection hooks to one engine (once)."""
    if event.contains(engine, "checkin", _rollback_open_transaction):
        return
    if engine.dialect.name == "sqlite":
        journal_mode = str(config["SQLITE_JOURNAL_MODE"]).lower()
        busy_ms = int(float(config["SQLITE_BUSY_TIMEOUT"]) * 1000)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, record):
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
                read_only = engine.url.query.get("mode") == "ro"  # a read-only folder (config.py)
                if engine.url.database not in (None, "", ":memory:") and not read_only:
                    cursor.execute(f"PRAGMA journal_mode = {journal_mode}")
            finally:
                cursor.close()

    event.listen(engine, "checkin", _rollback_open_transaction)


def in_transaction(dbapi_connection) -> bool:
    """Whether the driver's connection is inside a transaction (sqlite3 or psycopg)."""
    if hasattr(dbapi_connection, "in_transaction"):  # sqlite3
        return dbapi_connection.in_transaction
    info = getattr(dbapi_connection, "info", None)  # psycopg 3
    if info is not None and hasattr(info, "transaction_status"):
        from psycopg.pq import TransactionStatus

        return info.transaction_status != TransactionStatus.IDLE
    return False


def _rollback_open_transaction(dbapi_connection, record) -> None:
    if dbapi_connection is None:
        return
    try:
        if in_transaction(dbapi_connection):
            dbapi_connection.rollback()
    except Exception:  # a connection we cannot reset must not go back to the pool
        log.warning("could not roll back a pooled connection; discarding it", exc_info=True)
        record.invalidate()
