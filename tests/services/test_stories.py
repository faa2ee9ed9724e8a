"""storybank/services/stories.py: browsing published stories with filters, one story, its neighbours."""

import pytest
from werkzeug.datastructures import MultiDict

from storybank.extensions import db
from storybank.models import Story
from storybank.services.stories import (
    StoryFilters,
    filter_choices,
    get_published,
    list_published,
    more_from_same_places,
)
from storybank.vocabulary import AUDIENCE_ROLES, NARRATOR_ROLES


@pytest.fixture
def context(app):
    with app.app_context():
        yield


def test_known_filters_are_kept_and_unknown_ones_reported_and_dropped(context):
    filters, ignored = StoryFilters.from_args(MultiDict({"patroon": "samenspel", "rol": "ouder", "jaar": "2020",
                                                         "groep": "gemeenten"}))
    assert filters == StoryFilters("samenspel", "ouder", 2020, "gemeenten") and ignored == []
    assert filters.active and filters.args() == {"patroon": "samenspel", "rol": "ouder", "jaar": 2020,
                                                 "groep": "gemeenten"}
    filters, ignored = StoryFilters.from_args(MultiDict({"patroon": "maanland", "rol": "astronaut", "jaar": "20",
                                                         "groep": "iedereen"}))
    assert filters == StoryFilters() and not filters.active
    assert [problem.split(" ‘")[0] for problem in ignored] == ["onbekende plaats", "onbekende rol", "ongeldig jaar",
                                                                "onbekende groep"]


def test_the_list_holds_only_published_stories_newest_first_in_pages(context, corpus):
    hidden = corpus.stories[0].slug
    db.session.scalar(db.select(Story).where(Story.slug == hidden)).status = "submitted"
    db.session.commit()
    first = list_published(StoryFilters(), page=1, per_page=10)
    assert first.total == len(corpus.stories) - 1 and first.pages == -(-first.total // 10)
    everything = [s for page in range(1, first.pages + 1) for s in list_published(StoryFilters(), page=page,
                                                                                      per_page=10).stories]
    assert len(everything) == first.total and hidden not in {s.slug for s in everything}
    keys = [(-s.year, -s.month, s.title) for s in everything]
    assert keys == sorted(keys)
    assert list_published(StoryFilters(), page=999, per_page=10).page == first.pages  # past the end: the last page


@pytest.mark.parametrize("filters", [StoryFilters(pattern="samenspel"), StoryFilters(role="inkoper"),
                                     StoryFilters(year=2020), StoryFilters(group="professionals"),
                                     StoryFilters(pattern="spanning", group="gemeenten")])
def test_each_filter_keeps_exactly_the_stories_it_names(context, corpus, filters):
    def wanted(entry):
        return ((not filters.pattern or filters.pattern in entry.patterns)
                and (not filters.role or entry.narrator_role == filters.role)
                and (not filters.year or entry.year == filters.year)
                and (not filters.group or entry.narrator_role in AUDIENCE_ROLES[filters.group]))

    expected = {e.slug for e in corpus.stories if wanted(e)}
    result = list_published(filters, per_page=200)
    assert expected and {s.slug for s in result.stories} == expected and result.total == len(expected)


def test_only_a_published_story_can_be_read(context, corpus):
    slug = corpus.stories[1].slug
    assert get_published(slug).slug == slug
    db.session.scalar(db.select(Story).where(Story.slug == slug)).status = "rejected"
    db.session.commit()
    assert get_published(slug) is None and get_published("bestaat-niet") is None


def test_more_from_the_same_places_shares_a_place_and_leaves_the_story_out(context, corpus):
    story = get_published(corpus.stories[2].slug)
    places = {a.pattern.slug for a in story.assignments}
    more = more_from_same_places(story, limit=5)
    assert 0 < len(more) <= 5 and story.id not in {s.id for s in more}
    assert all(places & {a.pattern.slug for a in s.assignments} for s in more)
    keys = [(-s.year, -s.month, s.id) for s in more]
    assert keys == sorted(keys)


def test_filter_choices_offer_only_what_published_stories_have(context, corpus):
    choices = filter_choices()
    assert [key for key, _ in choices["roles"]] == [r for r in NARRATOR_ROLES if r in {e.narrator_role
                                                                                       for e in corpus.stories}]
    assert choices["years"] == sorted({e.year for e in corpus.stories}, reverse=True)
    assert [p.slug for p in choices["patterns"]] == [e.slug for e in sorted(corpus.patterns,
                                                                            key=lambda e: e.journey_order)]
