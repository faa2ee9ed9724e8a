"""The teller's rights: the privacy statement and withdrawing a story."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for

from ..extensions import db, limiter
from ..forms import WithdrawForm
from ..services import withdrawal

bp = Blueprint("rights", __name__)


@bp.get("/privacy")
def privacy():
    return render_template("privacy.html", retention_days=current_app.config["RETENTION_DAYS"])


@bp.route("/intrekken", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["WITHDRAWAL_LIMIT"], methods=["POST"])
def withdraw():
    form = WithdrawForm()
    refused = False
    if request.method == "GET":
        form.reference.data = request.args.get("referentie", "")[:40]  # the receipt links here with it
    elif form.validate_on_submit():
        try:
            story = withdrawal.withdraw(form.reference.data, form.secret.data)
        except withdrawal.WithdrawalRefused:
            db.session.rollback()
            refused = True
        else:
            session["withdrawn"] = story.reference
            return redirect(url_for("rights.withdrawn"))
    return render_template("withdraw.html", form=form, refused=refused)


@bp.get("/intrekken/ingetrokken")
def withdrawn():
    reference = session.pop("withdrawn", None)
    if reference is None:
        return redirect(url_for("rights.withdraw"))
    return render_template("withdrawn.html", reference=reference)
