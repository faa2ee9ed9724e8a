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
    # The teller's rights: where to write (privacy page, receipt, footer, withdrawal page), how many
    # withdrawal attempts a client may make, and after how many days `storybank purge` deletes
    # rejected and withdrawn stories. The .example address is a placeholder: `serve` warns about it.
    "CONTACT_EMAIL": "privacy@storybank.example",
    "WITHDRAWAL_LIMIT": "10 per hour",
    "RETENTION_DAYS": 90,
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
    folder = Path(app.instance_path)
    # The command line passes CREATE_INSTANCE=False: only `storybank init` makes the folder, so a
    # command run in the wrong place says so instead of leaving an empty instance behind.
    if app.config.get("CREATE_INSTANCE", True):
        folder.mkdir(parents=True, exist_ok=True)
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"] or (
        "sqlite:///" + str(folder / "storybank.sqlite")
    )
    if not app.config.get("SECRET_KEY"):
        # Without a folder (a command before init) no session outlives the process: a passing key will do.
        app.config["SECRET_KEY"] = _instance_secret_key(folder) if folder.is_dir() else secrets.token_hex(32)


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
