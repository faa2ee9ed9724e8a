"""About the storytelling method and how anonymity is protected."""

from flask import Blueprint, render_template

bp = Blueprint("about", __name__)


@bp.get("/over")
def index():
    return render_template("about.html")
