"""Travel tips for one audience role across all places."""

from flask import Blueprint, abort, redirect, render_template, url_for

from ..services.tips import tips_for_audience
from ..vocabulary import AUDIENCES

bp = Blueprint("tips", __name__)


@bp.get("/tips")
def index():
    return redirect(url_for("tips.for_audience", audience=next(iter(AUDIENCES))))


@bp.get("/tips/<audience>")
def for_audience(audience: str):
    if audience not in AUDIENCES:
        # Accept the accented spelling people type ("coördinatoren").
        folded = audience.replace("ö", "o")
        if folded in AUDIENCES:
            return redirect(url_for("tips.for_audience", audience=folded), code=301)
        abort(404)
    return render_template("tips.html", audience=audience, tips=tips_for_audience(audience))
