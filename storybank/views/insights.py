"""/inzichten: pictures of the collection for advisers, drawn server-side as SVG."""

from flask import Blueprint, render_template
from flask_login import login_required

from ..services import insights

bp = Blueprint("insights", __name__)


@bp.get("/inzichten")
@login_required
def index():
    return render_template(
        "insights.html", per_quarter=insights.stories_per_quarter(), roles=insights.roles_by_pattern(),
        agreement=insights.teller_model_agreement(), counts=insights.status_counts(),
    )
