"""Template globals and filters."""

import textwrap

from .vocabulary import (AUDIENCES, AUDIT_ACTION_LABELS, NARRATOR_ROLES, PLACES, STORY_SOURCE_LABELS,
                         STORY_STATUS_LABELS)

# Places that have their own landmark in templates/partials/map_icons.html (a new place gets a flag).
MAP_ICONS = frozenset(PLACES)


def wrap_lines(text: str, width: int = 34) -> list[str]:
    """Split text into lines for SVG, which cannot wrap text itself."""
    return textwrap.wrap(text, width)


def init_app(app) -> None:
    app.jinja_env.globals.update(AUDIENCES=AUDIENCES, NARRATOR_ROLES=NARRATOR_ROLES, MAP_ICONS=MAP_ICONS,
                                STORY_STATUS_LABELS=STORY_STATUS_LABELS, STORY_SOURCE_LABELS=STORY_SOURCE_LABELS,
                                AUDIT_ACTION_LABELS=AUDIT_ACTION_LABELS)
    app.jinja_env.filters["wrap_lines"] = wrap_lines
