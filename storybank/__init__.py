"""Storybank: collect, mine and publish transformation stories."""

from __future__ import annotations

from flask import Flask

from . import database
from .config import TEMPLATES_DIR, ConfigError, check_rate_limit_storage, configure, instance_path  # noqa: F401
from .extensions import csrf, db, limiter, login_manager


def create_app(test_config: dict | None = None) -> Flask:
    """The app; raises ConfigError (with what to set) for settings it cannot run with."""
    app = Flask(
        __name__,
        instance_path=instance_path(test_config),
        template_folder=str(TEMPLATES_DIR),
    )
    configure(app, test_config)
    db.init_app(app)
    database.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    check_rate_limit_storage(app, limiter.storage)
    login_manager.init_app(app)

    from . import anonymity, cli, errors, search, security, templating
    from .services import advisers  # noqa: F401  (registers the login user loader)
    from .views import about, api, beheer, insights, places, rights, share, stories, tips
    from .views import search as search_view

    for view in (places, stories, tips, search_view, share, about, rights, api, beheer, insights):
        app.register_blueprint(view.bp)
    errors.init_app(app)
    anonymity.guard_sessions()  # the one session hook: free text is stored only anonymised
    search.init_app(app)
    cli.init_app(app)
    templating.init_app(app)
    security.init_app(app)
    return app
