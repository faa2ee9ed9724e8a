"""Template globals and filters."""

import math
import textwrap
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app

from .vocabulary import (
    AUDIENCES,
    AUDIT_ACTION_LABELS,
    DUTCH_MONTHS,
    NARRATOR_ROLES,
    PLACES,
    STORY_SOURCE_LABELS,
    STORY_STATUS_LABELS,
)

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")

# Places that have their own landmark in templates/partials/map_icons.html (a new place gets a flag).
MAP_ICONS = frozenset(PLACES)


def wrap_lines(text: str, width: int = 34) -> list[str]:
    """Split text into lines for SVG, which cannot wrap text itself."""
    return textwrap.wrap(text, width)


def dutch_datetime(moment: datetime | str | None) -> str:
    """'25 november 2026, 12:34' in Dutch local time, for the adviser pages. Takes a datetime or an
    ISO string (the pattern model's metadata); a naive datetime is UTC (SQLite drops the zone)."""
    if not moment:
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    local = moment.astimezone(LOCAL_TIME)
    return f"{local.day} {DUTCH_MONTHS[local.month - 1]} {local.year}, {local:%H:%M}"


def score_points(score: float) -> int:
    """A model score in hundredths, rounded down: what the page shows and what it compares with the
    threshold, so a score shown as 0,35 is never also called "below 0,35"."""
    return math.floor(score * 100 + 1e-9)


def dutch_score(score: float) -> str:
    """0.349 -> '0,34': two decimals, rounded down (see score_points), with a decimal comma."""
    return f"{score_points(score) / 100:.2f}".replace(".", ",")


# The map's viewBox and its summaries ("tooltips"). SVG cannot wrap text or measure it on the
# server, so lines are cut by characters: at 14 px a character of the summary averages under 8 px
# and one of the bold title under 8.5 px, which the browser test checks against the real fonts.
MAP_WIDTH, MAP_HEIGHT, MAP_MARGIN = 1000, 640, 8
TOOLTIP_WIDTH, TOOLTIP_PADDING = 300, 14
TITLE_CHARS, SUMMARY_CHARS, LINE_HEIGHT = 30, 34, 18
LABEL_HALF_CHAR = 5  # half the width of a character of a place's label (17 px bold serif)


def tooltip_box(x: int, y: int, title: str, summary: str, footer: str, label: str = "") -> dict:
    """Where a place's summary goes: beside the place and its label (right of them when there is
    room, else left), vertically centred on it, and always wholly inside the map."""
    title_lines, lines = textwrap.wrap(title, TITLE_CHARS), textwrap.wrap(summary, SUMMARY_CHARS)
    height = 2 * TOOLTIP_PADDING + LINE_HEIGHT * (len(title_lines) + len(lines) + 1) + 6
    clearance = max(40, len(label) * LABEL_HALF_CHAR + 8)  # the label is centred under the icon
    right = x + clearance
    left = right if right + TOOLTIP_WIDTH <= MAP_WIDTH - MAP_MARGIN else x - clearance - TOOLTIP_WIDTH
    top = y - height // 2
    return {
        "x": min(max(left, MAP_MARGIN), MAP_WIDTH - MAP_MARGIN - TOOLTIP_WIDTH),
        "y": min(max(top, MAP_MARGIN), MAP_HEIGHT - MAP_MARGIN - height),
        "width": TOOLTIP_WIDTH, "height": height, "padding": TOOLTIP_PADDING, "line": LINE_HEIGHT,
        "title_lines": title_lines, "lines": lines, "footer": footer,
    }


def init_app(app) -> None:
    app.jinja_env.globals.update(AUDIENCES=AUDIENCES, NARRATOR_ROLES=NARRATOR_ROLES, MAP_ICONS=MAP_ICONS,
                                STORY_STATUS_LABELS=STORY_STATUS_LABELS, STORY_SOURCE_LABELS=STORY_SOURCE_LABELS,
                                AUDIT_ACTION_LABELS=AUDIT_ACTION_LABELS)
    app.jinja_env.filters["wrap_lines"] = wrap_lines
    app.jinja_env.globals["tooltip_box"] = tooltip_box
    app.jinja_env.filters["dutch_datetime"] = dutch_datetime
    app.jinja_env.filters["dutch_score"] = dutch_score
    app.jinja_env.filters["score_points"] = score_points

    @app.context_processor
    def contact():
        # Read per request, so a test (or an operator) can change it without a new app.
        return {"contact_email": current_app.config["CONTACT_EMAIL"]}
