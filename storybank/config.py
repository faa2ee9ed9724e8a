"""Configuration: defaults in code, overridden by ``STORYBANK_*`` environment
variables, overridden in turn by the mapping a test passes to ``create_app``."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ENV_PREFIX = "STORYBANK"
PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULTS = {
    "CORPUS_DIR": str(PROJECT_ROOT / "corpus"),
    "DATABASE_URL": None,
    "STORIES_PER_PAGE": 12,
    "SQLALCHEMY_ENGINE_OPTIONS": {},
    # Flask-Limiter: one process can count in memory; several need shared storage (redis://...).
    "RATELIMIT_STORAGE_URI": "memory://",
    "SUBMISSION_LIMIT": "5 per hour",
    "PREVIEW_LIMIT": "30 per hour",
    "LOGIN_ATTEMPTS": 5,
    "LOGIN_LOCK_MINUTES": 15,
    # The session cookie (adviser login, CSRF token) never goes to other sites; behind HTTPS set
    # STORYBANK_SESSION_COOKIE_SECURE=true so that it never travels unencrypted either.
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    # Size limits (answered with a Dutch 413 page, nothing stored). The largest real post is the
    # review form: a 10,000-character text twice (typed and as opened), each at most 12 bytes a
    # character once percent-encoded; 512 KiB leaves room for that and refuses a 50 MB post unread.
    "MAX_CONTENT_LENGTH": 512 * 1024,
    "MAX_FORM_MEMORY_SIZE": 512 * 1024,
    "MAX_FORM_PARTS": 200,
}


def instance_path(test_config: dict | None) -> str:
    """The data folder: database, search index, trained model and secret key."""
    folder = (test_config or {}).get("INSTANCE") or os.environ.get(f"{ENV_PREFIX}_INSTANCE")
    return str(Path(folder or "instance").resolve())


def configure(app, test_config: dict | None) -> None:
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env(ENV_PREFIX)
    if test_config:
        app.config.from_mapping(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"] or (
        "sqlite:///" + str(Path(app.instance_path) / "storybank.sqlite")
    )
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(Path(app.instance_path))


def _instance_secret_key(folder: Path) -> str:
    """Generate the key once and keep it, so sessions survive a restart."""
    key_file = folder / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="ascii").strip()
    key = secrets.token_hex(32)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key
