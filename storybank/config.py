"""Configuration: defaults in code, overridden by ``STORYBANK_*`` environment
variables, overridden in turn by the mapping a test passes to ``create_app``."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

ENV_PREFIX = "STORYBANK"
# Templates and the default corpus ship inside the package (in a checkout, storybank/templates and
# storybank/corpus are links to the top-level folders), so an installed Storybank finds them too.
PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
PROJECT_ROOT = PACKAGE_DIR.parent  # the checkout: for benchmarks and tools, never for the app itself

DEFAULTS = {
    "CORPUS_DIR": str(PACKAGE_DIR / "corpus"),
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
    # The teller's rights: where to write (privacy page, receipt, footer, withdrawal page), how many
    # withdrawal attempts a client may make, and after how many days `storybank purge` deletes
    # rejected and withdrawn stories. The .example address is a placeholder: `serve` warns about it.
    "CONTACT_EMAIL": "privacy@storybank.example",
    "WITHDRAWAL_LIMIT": "10 per hour",
    "RETENTION_DAYS": 90,
}


log = logging.getLogger(__name__)
_said_limits_are_per_process = False


class ConfigError(RuntimeError):
    """A setting with which Storybank cannot run correctly; the message says what to set."""


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
        if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            # Several servers share one PostgreSQL database: a key generated per server would make
            # each refuse the others' sessions and CSRF tokens.
            raise ConfigError(
                "STORYBANK_SECRET_KEY must be set when the database is not SQLite: every server must sign "
                "sessions and CSRF tokens with the same key. Make one with: "
                "python -c 'import secrets; print(secrets.token_hex(32))'")
        # Without a folder (a command before init) no session outlives the process: a passing key will do.
        app.config["SECRET_KEY"] = _instance_secret_key(folder) if folder.is_dir() else secrets.token_hex(32)


def check_rate_limit_storage(app, storage) -> None:
    """Fail at start-up when shared rate-limit storage does not answer; say once when there is none."""
    global _said_limits_are_per_process
    uri = str(app.config["RATELIMIT_STORAGE_URI"])
    if uri.startswith("memory://"):
        if not _said_limits_are_per_process:
            _said_limits_are_per_process = True
            log.warning("rate limits are counted per process (memory://); when several processes serve, set "
                        "STORYBANK_RATELIMIT_STORAGE_URI to shared storage such as redis://host:6379/0")
        return
    if not app.config.get("RATELIMIT_ENABLED", True):
        return
    try:
        answers = storage.check()
    except Exception:  # noqa: BLE001 - any failure to reach the storage means the same here
        answers = False
    if not answers:
        shown = uri.split("@")[-1] if "@" in uri else uri  # never print a password
        raise ConfigError(f"the rate-limit storage STORYBANK_RATELIMIT_STORAGE_URI ({shown}) does not answer: "
                          "start it or correct the setting")


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
