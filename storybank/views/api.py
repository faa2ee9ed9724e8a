"""Read-only JSON API, versioned under /api/v1/. Errors are JSON too (see errors.py)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, redirect, request, url_for
from werkzeug.exceptions import BadRequest

from .. import search
from ..services import places, stories
from ..vocabulary import AUDIENCES
from .search import parse_search_args

bp = Blueprint("api", __name__, url_prefix="/api/v1")


class InvalidParameters(BadRequest):
    def __init__(self, problems: list[str]):
        super().__init__("Ongeldige parameters: " + "; ".join(problems))
        self.problems = problems


def _page_number() -> int:
    page = request.args.get("pagina", "1")
    if not page.isdigit() or int(page) < 1:
        raise InvalidParameters([f"ongeldige pagina ‘{page}’"])
    return int(page)


def _pagination(page: int, per_page: int, total: int, pages: int) -> dict:
    return {"page": page, "per_page": per_page, "total": total, "pages": pages}


def story_json(story, *, full: bool = False) -> dict:
    data = {
        "slug": story.slug,
        "title": story.title,
        "narrator": story.narrator_label,
        "narrator_role": story.narrator_role,
        "month": story.month,
        "year": story.year,
        "patterns": [{"slug": p.slug, "name": p.name} for p in story.patterns],
        "url": url_for("stories.story", slug=story.slug, _external=True),
        "api_url": url_for("api.story", slug=story.slug, _external=True),
    }
    if full:
        data["text"] = story.text
    else:
        data["excerpt"] = story.excerpt()
    return data


ENDPOINTS = [
    ("api.search_stories_and_tips", "Zoeken in verhalen en reistips",
     ["q", "patroon", "rol", "jaar", "soort", "sorteer", "pagina"]),
    ("api.story_list", "Gepubliceerde verhalen, nieuwste eerst", ["patroon", "rol", "groep", "jaar", "pagina"]),
    ("api.story", "Eén gepubliceerd verhaal met de volledige tekst", []),
    ("api.patterns", "Alle plaatsen met hun reistips en aantal verhalen", []),
]


@bp.get("/")
def index():
    """What the API offers, so a client (or a person) can start here."""
    return jsonify({
        "version": "v1",
        "endpoints": [
            {"url": url_for(endpoint, _external=True, **({"slug": "<slug>"} if endpoint == "api.story" else {}))
             .replace("%3Cslug%3E", "<slug>"), "description": description, "parameters": parameters}
            for endpoint, description, parameters in ENDPOINTS
        ],
        "errors": "JSON: {\"error\": {\"status\", \"message\", \"problems\"}}",
    })


@bp.get("/zoek")
def search_stories_and_tips():
    search_request, problems = parse_search_args(request.args)
    if problems:
        raise InvalidParameters(problems)
    try:
        outcome = search.search(search_request)
    except search.IndexUnavailable:
        abort(503)
    results = []
    for hit in outcome.hits:
        if hit.kind == "story":
            entry = {"kind": "story", **story_json(hit.item)}
        else:
            tip = hit.item
            entry = {"kind": "tip", "audience": tip.audience, "pattern": tip.pattern.slug,
                     "title": f"{tip.pattern.place_name}: {tip.pattern.name}", "text": tip.text,
                     "url": url_for("places.place", slug=tip.pattern.slug, rol=tip.audience, _external=True)}
        entry["snippet_html"] = str(hit.snippet) if hit.snippet else None
        results.append(entry)
    return jsonify({
        "query": request.args.get("q", ""),
        "results": results,
        "facets": {name: dict(values) for name, values in outcome.facets.items()},
        "suggestion": outcome.suggestion,
        "notices": outcome.notices,
        "pagination": _pagination(outcome.page, outcome.per_page, outcome.total, outcome.pages),
    })


@bp.get("/verhalen")
def story_list():
    filters, problems = stories.StoryFilters.from_args(request.args)
    if problems:
        raise InvalidParameters(problems)
    result = stories.list_published(filters, page=_page_number(),
                                    per_page=current_app.config["STORIES_PER_PAGE"])
    return jsonify({
        "stories": [story_json(story) for story in result.stories],
        "pagination": _pagination(result.page, result.per_page, result.total, result.pages),
    })


@bp.get("/verhalen/<slug>")
def story(slug: str):
    found = stories.get_published(slug)
    if found is None:
        moved = stories.current_address(slug)  # an address from before the adviser retitled it
        if moved is None:
            abort(404)
        return redirect(url_for("api.story", slug=moved), 301)
    return jsonify(story_json(found, full=True))


@bp.get("/patronen")
def patterns():
    return jsonify({"patterns": [
        {
            "slug": place.pattern.slug,
            "name": place.pattern.name,
            "place": place.pattern.place_name,
            "status": place.pattern.status,
            "summary": place.pattern.summary,
            "description": place.pattern.description,
            "story_count": place.story_count,
            "tips": [{"audience": audience, "label": label, "text": place.pattern.tip_for(audience).text}
                     for audience, label in AUDIENCES.items() if place.pattern.tip_for(audience)],
            "url": url_for("places.place", slug=place.pattern.slug, _external=True),
        }
        for place in places.list_places()
    ]})
