"""Template globals and filters."""

import textwrap

from flask import current_app

from .vocabulary import AUDIENCES, AUDIT_ACTION_LABELS, NARRATOR_ROLES, STORY_SOURCE_LABELS, STORY_STATUS_LABELS

# Places that have their own landmark in templates/partials/map_icons.html.
MAP_ICONS = frozenset({
    "ruimte", "verantwoordelijkheid", "rolopvatting", "spanning", "samenspel",
    "stroperigheid", "passende-organisatie", "nieuwe-werken", "participatie", "leiderschap",
})


def wrap_lines(text: str, width: int = 34) -> list[str]:
    """Split text into lines for SVG, which cannot wrap text itself."""
    return textwrap.wrap(text, width)


def init_app(app) -> None:
    app.jinja_env.globals.update(AUDIENCES=AUDIENCES, NARRATOR_ROLES=NARRATOR_ROLES, MAP_ICONS=MAP_ICONS,
                                STORY_STATUS_LABELS=STORY_STATUS_LABELS, STORY_SOURCE_LABELS=STORY_SOURCE_LABELS,
                                AUDIT_ACTION_LABELS=AUDIT_ACTION_LABELS)
    app.jinja_env.filters["wrap_lines"] = wrap_lines

    @app.context_processor
    def contact():
        # Read per request, so a test (or an operator) can change it without a new app.
        return {"contact_email": current_app.config["CONTACT_EMAIL"]}
