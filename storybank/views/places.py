"""The transformatiekaart and its places."""

from flask import Blueprint, abort, render_template, request

from ..services import places
from ..services.stories import parse_group
from ..vocabulary import AUDIENCES

bp = Blueprint("places", __name__)


@bp.get("/")
def index():
    return render_template("index.html", places=places.list_places())


@bp.get("/plaats/<slug>")
def place(slug: str):
    ignored = []
    group = parse_group(request.args.get("groep"), ignored)
    found = places.get_place(slug, group)
    if found is None:
        abort(404)
    audience = request.args.get("rol")
    return render_template(
        "place.html",
        place=found,
        ignored=ignored,
        selected_audience=audience if audience in AUDIENCES else next(iter(AUDIENCES)),
        tab=audience if audience in AUDIENCES else None,
    )
