"""Configuration: defaults in code, overridden by ``STORYBANK_*`` environment
variables, overridden in turn by the mapping a test passes to ``create_app``."""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENV_PREFIX = "STORYBANK"
# Templates and the default corpus ship inside the package (in a checkout, storybank/templates and
# storybank/corpus are links to the top-level folders), so an installed Storybank finds them too.
PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
PROJECT_ROOT = PACKAGE_DIR.parent  # the checkout: for benchmarks and tools, never for the app itself

@dataclass(frozen=True)
class Setting:
    """One configuration key: its default and what it means (docs/configuration.md is made from these)."""

    default: Any
    meaning: str
    # How the docs show a default that depends on the machine or on other settings.
    shown: str | None = None
    # Read straight from the environment by code outside the app (nlp/ never imports storybank).
    environment_only: bool = False


# Every key Storybank reads, with its default; ``STORYBANK_<KEY>`` overrides any of them (values are
# read as JSON where they parse: `true`, `10`, `[1, 2]`), and a test's mapping overrides both.
SETTINGS: dict[str, Setting] = {
    # -- where things are -------------------------------------------------------------------------
    "INSTANCE": Setting(
        "instance", "Data folder: SQLite database, generated secret key, search index.", shown="`./instance`"),
    "DATABASE_URL": Setting(
        None, "SQLite (`sqlite:///path`) or PostgreSQL (`postgresql+psycopg://user:password@host:5432/storybank`).",
        shown="SQLite in the instance folder"),
    "SECRET_KEY": Setting(
        None, "Session and CSRF signing key; required when the database is not SQLite, so every server signs alike.",
        shown="generated once into `instance/secret_key` (SQLite only)"),
    "CORPUS_DIR": Setting(
        str(PACKAGE_DIR / "corpus"), "Where the curated patterns, tips and stories are read from.",
        shown="the corpus shipped in the package (`corpus/` of the checkout)"),
    "DEDUCE_CACHE": Setting(
        None, "deduce's 77 MB lookup cache, built once per machine (read by nlp/anonymise.py itself).",
        shown="`$XDG_CACHE_HOME/storybank/deduce`, else `~/.cache/storybank/deduce`", environment_only=True),
    "CREATE_INSTANCE": Setting(
        True, "Make the instance folder when it is missing; the `storybank` command passes false, so that only "
        "`init` makes one."),
    # -- the database -----------------------------------------------------------------------------
    "SQLITE_JOURNAL_MODE": Setting(
        "wal", "SQLite journal: WAL lets readers and the one writer work at once; `delete` only where WAL cannot "
        "work (a network share)."),
    "SQLITE_BUSY_TIMEOUT": Setting(10.0, "Seconds an SQLite writer waits for another writer before giving up."),
    "SQLALCHEMY_ENGINE_OPTIONS": Setting({}, "Extra options for SQLAlchemy's `create_engine` (pool sizes and such)."),
    "MODEL_CHECK_SECONDS": Setting(
        5, "How often, at most, a server asks the database whether a newer pattern model was trained."),
    # -- pages and limits -------------------------------------------------------------------------
    "STORIES_PER_PAGE": Setting(12, "Page size of `/verhalen` and the stories API."),
    # Flask-Limiter: one process can count in memory; several need shared storage (redis://...).
    "RATELIMIT_STORAGE_URI": Setting(
        "memory://", "Rate-limit counters: `memory://` counts per process; several processes need shared storage "
        "such as `redis://127.0.0.1:6379/0`."),
    "RATELIMIT_ENABLED": Setting(True, "Whether the per-client limits below apply at all (Flask-Limiter's key)."),
    "SUBMISSION_LIMIT": Setting("5 per hour", "Confirmed stories per client (Flask-Limiter syntax)."),
    "PREVIEW_LIMIT": Setting("30 per hour", "Previews of the share form per client."),
    "WITHDRAWAL_LIMIT": Setting("10 per hour", "Withdrawal attempts per client."),
    "LOGIN_ATTEMPTS": Setting(5, "Failed logins before an adviser account locks."),
    "LOGIN_LOCK_MINUTES": Setting(15, "How long a locked adviser account stays locked."),
    # Size limits (answered with a Dutch 413 page, nothing stored). The largest real post is the
    # review form: a 10,000-character text twice (typed and as opened), each at most 12 bytes a
    # character once percent-encoded; 512 KiB leaves room for that and refuses a 50 MB post unread.
    "MAX_CONTENT_LENGTH": Setting(512 * 1024, "Largest request body in bytes; a larger post gets a Dutch 413 page.",
                                  shown="`524288` (512 KiB)"),
    "MAX_FORM_MEMORY_SIZE": Setting(512 * 1024, "Largest form field in bytes.", shown="`524288` (512 KiB)"),
    "MAX_FORM_PARTS": Setting(200, "Most fields a form post may have."),
    # -- cookies ----------------------------------------------------------------------------------
    # The session cookie (adviser login, CSRF token) never goes to other sites; behind HTTPS set
    # STORYBANK_SESSION_COOKIE_SECURE=true so that it never travels unencrypted either.
    "SESSION_COOKIE_SAMESITE": Setting("Lax", "The session cookie is not sent along from other sites."),
    "SESSION_COOKIE_SECURE": Setting(
        False, "Set `true` behind HTTPS, so the session cookie is only sent encrypted."),
    # -- the teller's rights ----------------------------------------------------------------------
    # The .example address is a placeholder: `serve` warns about it.
    "CONTACT_EMAIL": Setting(
        "privacy@storybank.example", "Where tellers write about their story: privacy page, receipt, withdrawal "
        "page, every footer."),
    "RETENTION_DAYS": Setting(90, "Days after which `storybank purge` deletes rejected and withdrawn stories."),
    # -- search -----------------------------------------------------------------------------------
    "SEARCH": Setting(None, "The search backend, `whoosh` or `postgres`.",
                      shown="`postgres` on PostgreSQL, else `whoosh`"),
    "SEARCH_ENABLED": Setting(True, "Search at all; off, the search functions do nothing and `/zoeken` says so."),
    "SEARCH_DERIVATION": Setting(
        True, "Dutch word families and compound parts in search (nlp/findability.py); `false` only to measure "
        "without them."),
    "SEARCH_REBUILD_ON_START": Setting(True, "Rebuild a missing or broken index when the app starts."),
    "SEARCH_AUTO_REBUILD": Setting(True, "Rebuild a broken index in the background when a search finds it so."),
    "SEARCH_RETRY_SECONDS": Setting(
        (0.5, 2, 10, 30, 60), "Waits between retries of an index update that failed after a commit."),
}
DEFAULTS = {key: setting.default for key, setting in SETTINGS.items() if not setting.environment_only}


log = logging.getLogger(__name__)
_said_limits_are_per_process = False


class ConfigError(RuntimeError):
    """A setting with which Storybank cannot run correctly; the message says what to set."""


def instance_path(test_config: dict | None) -> str:
    """The data folder: database, search index, trained model and secret key."""
    folder = (test_config or {}).get("INSTANCE") or os.environ.get(f"{ENV_PREFIX}_INSTANCE")
    return str(Path(folder or SETTINGS["INSTANCE"].default).resolve())


def configure(app, test_config: dict | None) -> None:
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env(ENV_PREFIX)
    if test_config:
        app.config.from_mapping(test_config)
    folder = Path(app.instance_path)
    # The command line passes CREATE_INSTANCE=False: only `storybank init` makes the folder, so a
    # command run in the wrong place says so instead of leaving an empty instance behind.
    if app.config["CREATE_INSTANCE"]:
        folder.mkdir(parents=True, exist_ok=True)
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"] or _instance_database(folder)
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


def _instance_database(folder: Path) -> str:
    """The instance's SQLite file; opened read-only when the folder cannot be written.

    In WAL mode every reader needs a ``-shm`` file beside the database, so on a read-only
    folder (a disk remounted read-only, a full volume mounted so) even reading fails with
    "unable to open database file". Opened ``immutable`` it can be read without one: the
    pages keep working, and a teller who confirms a story is told it was not stored yet,
    with everything typed kept in the form (services/intake.py).
    """
    database = folder / "storybank.sqlite"
    if database.exists() and not os.access(folder, os.W_OK):
        log.warning("the instance folder %s cannot be written: serving read-only; nothing can be stored until "
                    "it is writable again", folder)
        return f"sqlite:///file:{database}?mode=ro&immutable=1&uri=true"
    return f"sqlite:///{database}"


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
    if not app.config["RATELIMIT_ENABLED"]:
        return
    try:
        answers = storage.check()
    except Exception:  # any failure to reach the storage means the same here
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


def _shown(setting: Setting) -> str:
    if setting.shown is not None:
        return setting.shown
    value = setting.default
    if isinstance(value, bool):
        value = str(value).lower()
    elif isinstance(value, tuple):
        value = list(value)
    return f"`{value}`"


def markdown_table() -> str:
    """The table of docs/configuration.md, made from SETTINGS (a test keeps the two equal)."""
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for key, setting in SETTINGS.items():
        rows.append(f"| `{ENV_PREFIX}_{key}` | {_shown(setting)} | {setting.meaning} |")
    return "\n".join(rows) + "\n"
