"""A published story's address (``/verhaal/<slug>``), made only from reviewed text.

A story has no address until an adviser publishes it; then its slug is made from the title as
published. When an adviser publishes it again under another title, the story moves to the new
title's address and the old one is kept in ``story_address``, so links and bookmarks keep working
(a permanent redirect). The title the teller first typed never becomes an address, and when the
teller withdraws the story every address it had is erased with its words.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from nlp.dutch import fold

from ..extensions import db
from ..models import Story, StoryAddress

MAX_LENGTH = 60
FALLBACK = "verhaal"


def slug_base(title: str) -> str:
    """'Vier loketten, één gezin' -> 'vier-loketten-een-gezin'."""
    base = re.sub(r"[^a-z0-9]+", "-", fold(title))
    return base.strip("-")[:MAX_LENGTH].strip("-") or FALLBACK


def _taken(slug: str, story_id: int | None) -> bool:
    """In use by another story, as its address or as one of its old addresses."""
    other = db.session.scalar(select(Story.id).where(Story.slug == slug))
    if other is not None and other != story_id:
        return True
    owner = db.session.scalar(select(StoryAddress.story_id).where(StoryAddress.slug == slug))
    return owner is not None and owner != story_id


def _fits(slug: str, base: str) -> bool:
    """Is ``slug`` the address this title would get (the base, or the base with a number)?"""
    return slug == base or re.fullmatch(re.escape(base) + r"-\d+", slug) is not None


def assign(story: Story) -> str:
    """Give a story that is being published the address of its (reviewed) title; returns it.

    A corpus story keeps the address of its file (``corpus/stories/<slug>.md``): the team wrote
    and reviewed it, and ``storybank init`` finds the story by it."""
    if story.source == "corpus" and story.slug:
        return story.slug
    base = slug_base(story.title)
    if story.slug is not None and _fits(story.slug, base):
        return story.slug
    slug, number = base, 1
    while _taken(slug, story.id):
        number += 1
        slug = f"{base}-{number}"
    with db.session.no_autoflush:
        returning = next((a for a in story.old_addresses if a.slug == slug), None)
        if returning is not None:  # back to a title it had before: that address is its own again
            story.old_addresses.remove(returning)
        if story.slug is not None:
            story.old_addresses.append(StoryAddress(slug=story.slug))
    story.slug = slug
    return slug


def moved_to(slug: str) -> Story | None:
    """The story that had this address before it was retitled."""
    return db.session.scalar(select(Story).join(StoryAddress, StoryAddress.story_id == Story.id)
                             .where(StoryAddress.slug == slug))


def forget(story: Story) -> None:
    """Erase every address of a story (the teller withdrew it)."""
    story.slug = None
    story.old_addresses = []
