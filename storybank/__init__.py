"""Storybank: collect, mine and publish transformation stories."""

from __future__ import annotations

from flask import Flask

from .config import PROJECT_ROOT, configure, instance_path
from .extensions import csrf, db, limiter, login_manager


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=instance_path(test_config),
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    configure(app, test_config)
    db.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)

    from . import cli, errors, search, security, templating
    from .services import advisers  # noqa: F401  (registers the login user loader)
    from .services import duplicates
    from .views import about, api, beheer, insights, places, search as search_view, share, stories, tips

    for view in (places, stories, tips, search_view, share, about, api, beheer, insights):
        app.register_blueprint(view.bp)
    errors.init_app(app)
    duplicates.listen()
    search.init_app(app)
    cli.init_app(app)
    templating.init_app(app)
    security.init_app(app)
    return app
