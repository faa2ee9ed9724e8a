"""Published stories: the list with filters and a single story."""

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from ..services import stories

bp = Blueprint("stories", __name__)


@bp.get("/verhalen")
def index():
    filters, ignored = stories.StoryFilters.from_args(request.args)
    result = stories.list_published(
        filters,
        page=request.args.get("pagina", 1, type=int),
        per_page=current_app.config["STORIES_PER_PAGE"],
    )
    return render_template(
        "stories.html", result=result, filters=filters, ignored=ignored,
        choices=stories.filter_choices(),
    )


@bp.get("/verhaal/<slug>")
def story(slug: str):
    found = stories.get_published(slug)
    if found is None:
        moved = stories.current_address(slug)  # an address from before the adviser retitled it
        if moved is None:
            abort(404)
        return redirect(url_for("stories.story", slug=moved), 301)
    return render_template("story.html", story=found, more=stories.more_from_same_places(found))
