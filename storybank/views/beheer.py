"""/beheer: the advisers' side. Everything here needs a logged-in adviser."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from .. import changes, lifecycle
from ..extensions import db, limiter, login_manager
from ..forms import LoginForm
from ..models import Pattern
from ..services import advisers, audit, conflicts, emerging, moderation
from ..services import patterns as pattern_model

# Where a login may send the adviser back to: adviser pages only, as a plain local path.
RETURN_PREFIXES = ("/beheer", "/inzichten")


def safe_next(target: str | None) -> str | None:
    """The `next` of a login, if it is one of our adviser pages; never another site or a header trick."""
    if not target or not target.startswith(RETURN_PREFIXES) or target.startswith("//"):
        return None
    if any(ch == "\\" or ord(ch) < 32 for ch in target):  # no backslash tricks, no header injection
        return None
    return target


bp = Blueprint("beheer", __name__, url_prefix="/beheer")
login_manager.login_view = "beheer.login"
login_manager.login_message = "Log in als adviseur om verder te gaan."


@bp.route("/inloggen", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            adviser = advisers.authenticate(
                form.email.data, form.password.data,
                attempts=current_app.config["LOGIN_ATTEMPTS"], lock_minutes=current_app.config["LOGIN_LOCK_MINUTES"])
        except advisers.LoginLocked:
            flash("Te veel mislukte pogingen. Dit account is tijdelijk geblokkeerd; probeer het later opnieuw.", "error")
            return render_template("beheer/login.html", form=form), 429
        if adviser is None:
            flash("Deze combinatie van e-mailadres en wachtwoord kennen we niet.", "error")
        else:
            login_user(adviser)
            return redirect(safe_next(request.args.get("next")) or url_for("beheer.index"))
    return render_template("beheer/login.html", form=form)


@bp.post("/uitloggen")
@login_required
def logout():
    advisers.end_sessions(current_user)  # a copy of the session cookie opens nothing any more
    logout_user()
    return redirect(url_for("places.index"))


@bp.get("/")
@login_required
def index():
    return render_template("beheer/queue.html", stories=moderation.queue(), counts=moderation.queue_counts(),
                           published=moderation.published())


@bp.route("/verhaal/<int:story_id>", methods=["GET", "POST"])
@login_required
def review(story_id: int):
    story = moderation.get_story(story_id)
    if story is None:
        abort(404)
    if request.method == "GET":
        return _review_page(story)
    action = request.form.get("action", "")
    slugs = request.form.getlist("patterns")
    if action.startswith("accept:"):  # one click on a suggestion: add its place and save
        action, accepted = "save", action.partition(":")[2]
        slugs += [accepted] if accepted not in slugs else []
    exemplary = set(request.form.getlist("exemplary"))
    choices = [moderation.Choice(slug, slug in exemplary) for slug in slugs]
    fields = dict(title=request.form.get("title", story.title), text=request.form.get("text", story.text),
                  choices=choices)
    base = conflicts.Base.from_form(request.form)
    try:
        if action == "publish":
            moderation.publish(story, current_user, **fields, base=base)
            flash(f"‘{story.title}’ is gepubliceerd.", "success")
            return redirect(url_for("beheer.index"))
        if action == "reject":
            moderation.reject(story, current_user, reason=request.form.get("reason", ""), base=base)
            flash(f"‘{story.title}’ is afgewezen.", "success")
            return redirect(url_for("beheer.index"))
        if action == "unpublish":
            moderation.unpublish(story, current_user, base=base)
            flash(f"‘{story.title}’ staat niet meer op de site en is terug in de wachtrij.", "success")
        elif action == "save":
            made = moderation.save(story, current_user, **fields, base=base)
            flash("Opgeslagen: " + ", ".join(made) if made else "Er was niets veranderd.", "success")
        else:
            abort(400)
    except conflicts.EditConflict as conflict:
        changes.rollback()
        story = moderation.get_story(story_id)
        typed = dict(title=fields["title"], text=fields["text"], slugs=slugs, exemplary=exemplary,
                     reason=request.form.get("reason", ""))
        return _review_page(story, conflict=conflict, typed=conflicts.merge(typed, base, story)), 409
    except lifecycle.LifecycleError as error:  # a forbidden change or an unknown version: nothing changed
        changes.rollback()
        flash(error.message, "error")
        return _review_page(moderation.get_story(story_id)), error.status_code
    except moderation.ModerationError as error:
        changes.rollback()
        flash(str(error), "error")
    return redirect(url_for("beheer.review", story_id=story.id))


def _review_page(story, *, conflict=None, typed=None):
    """The review page; after a conflict, with the other adviser's changes and what this one typed."""
    withdrawn = story.status == lifecycle.WITHDRAWN
    segments, warnings = moderation.review_view(story) if not withdrawn else ([], [])
    patterns = list(db.session.scalars(select(Pattern).order_by(Pattern.journey_order)))
    return render_template("beheer/review.html", story=story, segments=segments, warnings=warnings,
                           patterns=patterns, chosen={a.pattern.slug: a for a in story.assignments},
                           suggestions=pattern_model.suggest(story.title, story.text) if not withdrawn else [],
                           clear_score=emerging.LOW_SCORE, model=(pattern_model.load() or {}).get("meta"),
                           conflict=conflict, typed=typed)


@bp.get("/logboek")
@login_required
def audit_log():
    return render_template("beheer/audit.html", events=audit.recent())


@bp.route("/opkomend", methods=["GET", "POST"])
@login_required
def emerging_patterns():
    if request.method == "POST":
        try:
            pattern = emerging.promote(
                [int(i) for i in request.form.getlist("story_ids") if i.isdigit()],
                name=request.form.get("name", ""), place_name=request.form.get("place", ""),
                description=request.form.get("description", ""), adviser=current_user)
        except emerging.PromotionError as error:
            changes.rollback()
            flash(str(error), "error")
        else:
            flash(f"‘{pattern.name}’ staat nu als opkomende plaats op de kaart.", "success")
            return redirect(url_for("places.place", slug=pattern.slug))
        return redirect(url_for("beheer.emerging_patterns"))
    return render_template("beheer/emerging.html", clusters=emerging.clusters(),
                           has_model=pattern_model.load() is not None)
