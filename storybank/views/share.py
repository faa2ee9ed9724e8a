"""/deel-je-verhaal: tell a story, see it anonymised, confirm it."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from sqlalchemy import select

from ..extensions import db, limiter
from ..forms import ShareStoryForm, choices
from ..models import Pattern
from ..services import intake, withdrawal

bp = Blueprint("share", __name__)


def _is_not_confirmation() -> bool:
    return "confirm" not in request.form


@bp.route("/deel-je-verhaal", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["PREVIEW_LIMIT"], methods=["POST"])
@limiter.limit(lambda: current_app.config["SUBMISSION_LIMIT"], methods=["POST"],
               exempt_when=_is_not_confirmation)
def share():
    form = ShareStoryForm()
    # The map names places, the stories name patterns: the form shows both.
    places = {p.slug: f"{p.place_name} · {p.name}"
              for p in db.session.scalars(select(Pattern).order_by(Pattern.journey_order))}
    form.places.choices = choices(places.items())
    if request.method == "GET" or form.edit.data or not form.validate_on_submit():
        return render_template("share.html", form=form)
    if form.website.data:
        return redirect(url_for("share.thanks"))  # a bot: pretend all went well, store nothing
    given = intake.parse_names(form.names.data) + intake.parse_names(request.form.get("replace"))
    form.names.data = intake.join_names(given)  # "is dit een naam?" -> vervang: one click, re-rendered
    submission = intake.Submission(
        title=form.title.data.strip(), narrator_role=form.narrator_role.data, text=form.text.data,
        month=int(form.month.data), year=form.year.data, narrator_role_other=form.narrator_role_other.data,
        organisation_type=form.organisation_type.data, teller_places=tuple(form.places.data or ()),
        given_names=intake.parse_names(form.names.data),
    )
    result = intake.preview(submission)
    form.fingerprint.data = result.fingerprint
    if form.confirm.data and request.form.get("fingerprint") == result.fingerprint:
        secret = withdrawal.new_secret()
        try:
            story = intake.store(submission, result, withdrawal_hash=withdrawal.secret_hash(secret))
        except intake.StorageUnavailable:
            # Nothing stored; the preview comes back with everything typed, ready to send again.
            return render_template("share_preview.html", form=form, preview=result, places=places,
                                   not_stored=True), 503
        # Shown once on the receipt page, then gone: only its hash is stored.
        session["receipt"] = {"reference": story.reference, "secret": secret}
        return redirect(url_for("share.thanks"))
    return render_template("share_preview.html", form=form, preview=result, places=places)


@bp.get("/deel-je-verhaal/bedankt")
def thanks():
    receipt = session.pop("receipt", None) or {}
    return render_template("share_thanks.html", reference=receipt.get("reference"), secret=receipt.get("secret"))
