"""A story's status, and the only code that changes it.

::

    share form, import
          |
          v            publish (adviser, >= 1 place)
      submitted  ----------------------------------->  published  --+
          ^   \\                                         |  ^   ^    | edit and publish again
          |    \\ reject (reason)              unpublish |  |   +----+ (a new title: a new address,
          |     v                                       |  |           the old one redirects)
          |   rejected  ------- publish ----------------|--+
          +---------------------------------------------+
                      (back to the queue)

      submitted | published | rejected  --withdraw (teller: reference + secret)-->  withdrawn  (final)
      rejected | withdrawn  --purge (after the retention period)-->  the row is deleted

Every change of status goes through :func:`transition`, which

- refuses what the table below does not allow, with a Dutch message (:class:`TransitionRefused`,
  answered with HTTP 409 by the site) and without changing anything;
- refuses a change drawn from an older version of the story than the one stored (the version the
  adviser's form carried; ``None`` only for the system's own actors: the CLI, an import, the corpus);
- writes the audit entry in the same transaction;
- notes which search documents change (``storybank.changes``): only when the story is or was
  public, so a change to a story nobody can see never touches the search index.

It does not commit: the caller commits through :func:`storybank.changes.commit`, together with any
edits it made, so a refused transition or a failed commit leaves nothing half done.

``published_query`` is the one definition of "public": pages, search, exports, insights and
training all read published stories through it (SQL written by hand uses :data:`PUBLISHED`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from . import changes
from .models import Story, StoryPattern
from .vocabulary import STORY_STATUS_LABELS, STORY_STATUSES

SUBMITTED, PUBLISHED, REJECTED, WITHDRAWN = STORY_STATUSES
PUBLIC = frozenset({PUBLISHED})
# Where an adviser may still edit title, text and places: not after the teller withdrew the story.
EDITABLE = frozenset({SUBMITTED, PUBLISHED, REJECTED})


@dataclass(frozen=True)
class Rule:
    """One allowed change: from which statuses, to which one, and how the audit log names it."""

    sources: frozenset[str]
    target: str | None  # None: the row is deleted (purge)
    audit: str | None  # None: the caller logs one summary (a purge deletes many rows at once)
    verb: str  # Dutch, for the refusal: "Dit verhaal kan niet worden <verb>"


RULES: dict[str, Rule] = {
    # Publishing a published story is "save and keep it published" (the review form's button).
    "publish": Rule(frozenset({SUBMITTED, REJECTED, PUBLISHED}), PUBLISHED, "published", "gepubliceerd"),
    "unpublish": Rule(frozenset({PUBLISHED}), SUBMITTED, "unpublished", "gedepubliceerd"),
    "reject": Rule(frozenset({SUBMITTED, PUBLISHED}), REJECTED, "rejected", "afgewezen"),
    "withdraw": Rule(frozenset({SUBMITTED, PUBLISHED, REJECTED}), WITHDRAWN, "withdrawn", "ingetrokken"),
    "purge": Rule(frozenset({REJECTED, WITHDRAWN}), None, None, "opgeschoond"),
}


class LifecycleError(ValueError):
    """A change the lifecycle refuses; ``message`` is Dutch and meant for the person who asked."""

    status_code = 409

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TransitionRefused(LifecycleError):
    """The story's current status does not allow this change."""

    def __init__(self, story: Story, action: str):
        self.story_id, self.action, self.current = story.id, action, story.status
        super().__init__(refusal(action, story.status))


class StaleVersion(LifecycleError):
    """The actor saw an older version of the story than the one stored now."""

    def __init__(self, story: Story, seen: int | None):
        self.story_id, self.seen, self.stored = story.id, seen, story.version
        super().__init__("Dit verhaal is veranderd sinds u het opende. Open het opnieuw en kijk wat er veranderd is; "
                         "er is niets opgeslagen.")


def refusal(action: str, status: str) -> str:
    """Why ``action`` cannot happen to a story in ``status``, in the words an adviser reads."""
    verb = RULES[action].verb if action in RULES else "bewerkt"  # "edit" is no transition, but refused alike
    if status == WITHDRAWN:
        return ("De verteller heeft dit verhaal ingetrokken; de tekst is gewist en het verhaal kan niet meer worden "
                f"{verb}. Er is niets veranderd.")
    if action == "unpublish":
        return "Dit verhaal is niet gepubliceerd, dus het kan niet worden gedepubliceerd. Er is niets veranderd."
    if action == "reject" and status == REJECTED:
        return "Dit verhaal is al afgewezen. Er is niets veranderd."
    if action == "purge":
        return "Alleen afgewezen en ingetrokken verhalen worden opgeschoond. Er is niets veranderd."
    label = STORY_STATUS_LABELS.get(status, status)
    return f"Een verhaal met status ‘{label}’ kan niet worden {verb}. Er is niets veranderd."


def allowed(action: str, status: str) -> bool:
    return status in RULES[action].sources


def require(story: Story, action: str) -> None:
    """Refuse ``action`` now when the story's status does not allow it (``transition`` checks the
    same; a caller that validates a form first asks here, so the refusal comes before form errors)."""
    if not allowed(action, story.status):
        raise TransitionRefused(story, action)


def transition(story: Story, action: str, *, seen_version: int | None, adviser=None,
               detail: str | None = None) -> str:
    """Move ``story`` by ``action`` (a key of RULES); returns the status it had before.

    The caller commits (``changes.commit()``). ``seen_version`` is the version the actor's view
    was drawn from; ``None`` only for the system's own actors.
    """
    from .services import audit  # audit imports the anonymiser; keep this module light to import

    rule = RULES[action]
    require(story, action)
    check_version(story, seen_version)
    before = story.status
    if PUBLISHED in (before, rule.target):
        changes.touch_story(story.id)
    if rule.audit:
        audit.record(rule.audit, adviser=adviser, story=story, detail=detail)
    if rule.target is None:
        return before
    story.status = rule.target
    if rule.target == PUBLISHED:
        story.rejection_reason = None
        if story.published_at is None or before != PUBLISHED:
            story.published_at = datetime.now(timezone.utc)
    return before


def check_version(story: Story, seen_version: int | None) -> None:
    if seen_version is not None and seen_version != story.version:
        raise StaleVersion(story, seen_version)


def check_editable(story: Story, *, seen_version: int | None) -> None:
    """Before an adviser's edit: the story still holds words to edit, and is the version they saw.
    An edit of a public story changes what search shows, so its document is noted."""
    if story.status not in EDITABLE:
        raise TransitionRefused(story, "edit")
    check_version(story, seen_version)
    if story.status in PUBLIC:
        changes.touch_story(story.id)


def admit(story: Story, *, published: bool = False) -> None:
    """A new story's first status: submitted (form, import), or published for the curated corpus,
    whose texts the team wrote and reviewed. Call before the story is first flushed."""
    story.status = PUBLISHED if published else SUBMITTED
    if published:
        story.published_at = story.published_at or datetime.now(timezone.utc)
        changes.touch_new_story(story)


def is_public(story: Story) -> bool:
    return story.status in PUBLIC


def published():
    """The SQL condition "this story is public", for queries that join stories into something else."""
    return Story.status == PUBLISHED


def published_query(*, with_places: bool = False):
    """Published stories: the one rule for what leaves moderation (pages, search, exports,
    insights, training). ``with_places`` loads each story's places in the same round trip."""
    query = select(Story).where(published())
    if with_places:
        query = query.options(selectinload(Story.assignments).selectinload(StoryPattern.pattern))
    return query
