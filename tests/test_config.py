"""Configuration from code defaults, STORYBANK_* variables and the instance folder."""

from pathlib import Path

from storybank import create_app


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
