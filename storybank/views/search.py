"""/zoeken: search over stories and tips with facets."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, render_template, request, url_for
from sqlalchemy import select

from .. import search
from ..extensions import db
from ..models import Pattern
from ..services.stories import StoryFilters
from ..vocabulary import role_label

bp = Blueprint("search", __name__)

KIND_PARAMS = {"verhaal": "story", "tip": "tip"}
KIND_LABELS = {"story": ("verhaal", "Verhalen"), "tip": ("tip", "Reistips")}
PER_PAGE = 10


def parse_search_args(args) -> tuple[search.SearchRequest, list[str]]:
    """Read the search parameters; each invalid one is dropped and described."""
    filters, problems = StoryFilters.from_args(args)
    if filters.group:
        problems.append("‘groep’ filtert alleen op /verhalen; gebruik bij zoeken ‘rol’")
    kind = args.get("soort") or None
    if kind and kind not in KIND_PARAMS:
        problems.append(f"onbekende soort ‘{kind}’ (verhaal of tip)")
        kind = None
    sort = args.get("sorteer") or "relevantie"
    if sort not in search.SORTS:
        problems.append(f"onbekende sortering ‘{sort}’ (relevantie of datum)")
        sort = "relevantie"
    page = args.get("pagina", "1")
    if not page.isdigit() or int(page) < 1:
        problems.append(f"ongeldige pagina ‘{page}’")
        page = "1"
    return search.SearchRequest(
        text=args.get("q", ""), pattern=filters.pattern, role=filters.role, year=filters.year,
        kind=KIND_PARAMS.get(kind), sort=sort, page=int(page), per_page=PER_PAGE,
    ), problems


@dataclass(frozen=True)
class FacetEntry:
    label: str
    count: int
    url: str
    active: bool


@dataclass(frozen=True)
class Facet:
    title: str
    entries: list[FacetEntry]

    @property
    def active_count(self) -> int:
        return sum(entry.active for entry in self.entries)


def link_args(search_request: search.SearchRequest) -> dict:
    """The query string that reproduces this search (page excluded)."""
    return {
        "q": search_request.text or None,
        "patroon": search_request.pattern,
        "rol": search_request.role,
        "jaar": search_request.year,
        "soort": KIND_LABELS[search_request.kind][0] if search_request.kind else None,
        "sorteer": None if search_request.sort == "relevantie" else search_request.sort,
    }


def build_facets(outcome, args: dict, patterns: dict) -> list[Facet]:
    labels = {
        "soort": lambda value: KIND_LABELS[value][1],
        "patroon": lambda value: patterns[value].name if value in patterns else value,
        "rol": role_label,
        "jaar": str,
    }
    facets = []
    for title, name, param in (("Soort", "kind", "soort"), ("Plaats", "pattern", "patroon"),
                               ("Verteller", "role", "rol"), ("Jaar", "year", "jaar")):
        entries = []
        for value, count in outcome.facets[name]:
            param_value = KIND_LABELS[value][0] if param == "soort" else value
            active = str(args[param]) == param_value
            target = dict(args, **{param: None if active else param_value})
            entries.append(FacetEntry(labels[param](value), count, url_for("search.index", **target), active))
        facets.append(Facet(title, entries))
    return facets


@bp.get("/zoeken")
def index():
    search_request, ignored = parse_search_args(request.args)
    try:
        outcome = search.search(search_request)
    except search.IndexUnavailable:
        return render_template("search.html", unavailable=True, search_request=search_request), 503
    patterns = {p.slug: p for p in db.session.scalars(select(Pattern))}
    args = link_args(search_request)
    return render_template(
        "search.html", outcome=outcome, search_request=search_request, ignored=ignored,
        args=args, facets=build_facets(outcome, args, patterns),
    )
