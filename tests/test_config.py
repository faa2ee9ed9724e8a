"""Configuration from code defaults, STORYBANK_* variables and the instance folder."""

import re
from pathlib import Path

import pytest

from storybank import create_app
from storybank.config import DEFAULTS, SETTINGS, markdown_table


def test_instance_folder_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYBANK_INSTANCE", str(tmp_path / "data"))
    app = create_app({"TESTING": True})
    assert app.instance_path == str(tmp_path / "data")
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'data' / 'storybank.sqlite'}"


def test_database_url_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYBANK_DATABASE_URL", f"sqlite:///{tmp_path / 'elders.db'}")
    app = create_app({"TESTING": True, "INSTANCE": str(tmp_path / "instance")})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'elders.db'}"


def test_secret_key_is_generated_once_and_kept(tmp_path):
    settings = {"TESTING": True, "INSTANCE": str(tmp_path / "instance")}
    first = create_app(settings).config["SECRET_KEY"]
    second = create_app(settings).config["SECRET_KEY"]
    assert len(first) == 64 and first == second
    key_file = Path(tmp_path / "instance" / "secret_key")
    assert key_file.stat().st_mode & 0o077 == 0


def test_secret_key_from_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYBANK_SECRET_KEY", "from-env")
    app = create_app({"TESTING": True, "INSTANCE": str(tmp_path / "instance")})
    assert app.config["SECRET_KEY"] == "from-env"
    assert not (tmp_path / "instance" / "secret_key").exists()


# -- one home for defaults ----------------------------------------------------------------------

STORYBANK = Path(__file__).resolve().parent.parent / "storybank"


def test_every_setting_has_a_one_line_meaning():
    for key, setting in SETTINGS.items():
        assert key.isupper() and setting.meaning.strip(), key
        assert "\n" not in setting.meaning and "|" not in setting.meaning, key


def test_the_app_starts_with_every_default_of_config_py(tmp_path):
    app = create_app({"TESTING": True, "INSTANCE": str(tmp_path / "instance")})
    overridden = {"INSTANCE", "SECRET_KEY", "TESTING"}
    for key, value in DEFAULTS.items():
        if key not in overridden:
            assert app.config[key] == value, key


@pytest.mark.parametrize("source", sorted(STORYBANK.rglob("*.py")), ids=lambda path: path.name)
def test_no_module_keeps_a_default_of_its_own(source):
    """Defaults live in storybank/config.py only: no config.setdefault, no config.get with a fallback."""
    text = source.read_text(encoding="utf-8")
    assert not re.search(r"config\.setdefault\(", text)
    assert not re.search(r"config\.get\(\s*[\"'][A-Z_]+[\"']\s*,", text)


@pytest.mark.parametrize(("variable", "value", "key", "expected"), [
    ("STORYBANK_SEARCH_RETRY_SECONDS", "[1, 5]", "SEARCH_RETRY_SECONDS", [1, 5]),
    ("STORYBANK_SQLITE_BUSY_TIMEOUT", "3", "SQLITE_BUSY_TIMEOUT", 3),
    ("STORYBANK_MODEL_CHECK_SECONDS", "60", "MODEL_CHECK_SECONDS", 60),
    ("STORYBANK_SEARCH_DERIVATION", "false", "SEARCH_DERIVATION", False),
])
def test_a_moved_default_is_still_overridden_by_its_variable(tmp_path, monkeypatch, variable, value, key, expected):
    monkeypatch.setenv(variable, value)
    app = create_app({"TESTING": True, "INSTANCE": str(tmp_path / "instance"), "SEARCH_ENABLED": False})
    assert app.config[key] == expected


def test_a_test_mapping_still_wins_over_a_default(tmp_path):
    app = create_app({"TESTING": True, "INSTANCE": str(tmp_path / "instance"), "SEARCH_AUTO_REBUILD": False})
    assert app.config["SEARCH_AUTO_REBUILD"] is False


def test_the_table_lists_every_setting_with_its_variable():
    table = markdown_table()
    for key in SETTINGS:
        assert f"| `STORYBANK_{key}` |" in table
