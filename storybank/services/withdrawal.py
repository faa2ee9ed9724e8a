"""A teller withdraws a story with the reference code and the one-time secret from the receipt.

Only a hash of the secret is stored, so a copy of the database cannot withdraw anything.
Withdrawing works at any time, before or after publication (``storybank.lifecycle``: any status
but withdrawn leads to withdrawn, and nothing leads out of it): the story's words and addresses are
erased in the same transaction that takes it off the site, search is told after the commit when
the story was public, and the audit log keeps the event without text.
A wrong code and a wrong secret give the same answer, so nobody learns which codes exist.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import select

from .. import changes, lifecycle
from ..anonymity import clean
from ..extensions import db
from ..models import Story
from . import addresses
from .intake import REFERENCE_ALPHABET

WAS_PUBLISHED = "was gepubliceerd"
SECRET_GROUPS, GROUP_LENGTH = 4, 4  # 16 characters of 32: 80 bits, read aloud in four groups


class WithdrawalRefused(ValueError):
    """The reference and secret do not open a story (which of the two is wrong stays unsaid)."""


def new_secret() -> str:
    groups = ("".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(SECRET_GROUPS))
    return "-".join(groups)


def normalise_reference(text: str) -> str:
    """'sb-abc234', ' SB ABC234 ' and 'ABC234' are the same reference."""
    code = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    code = code.removeprefix("SB")
    return f"SB-{code}"


def normalise_secret(text: str) -> str:
    """Spaces, dashes and case do not matter when the secret is typed back."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def secret_hash(secret: str) -> str:
    """The secret has 80 random bits, so one SHA-256 is enough: no dictionary can guess it."""
    material = "storybank-withdrawal\n" + normalise_secret(secret)
    return hashlib.sha256(material.encode("ascii", "replace")).hexdigest()


def withdraw(reference: str, secret: str) -> Story:
    """Erase and withdraw the story these codes open; raise WithdrawalRefused otherwise."""
    reference = normalise_reference(reference)
    story = db.session.scalar(select(Story).where(Story.reference == reference,
                                                  Story.withdrawal_hash.is_not(None)))
    expected = story.withdrawal_hash if story is not None else "0" * 64
    if not hmac.compare_digest(expected, secret_hash(secret)) or story is None:
        raise WithdrawalRefused(reference)
    # The event, never the text; whether it was public tells `purge` to refresh the index and model.
    # The teller holds no version of the story: the secret is the authority, whatever advisers did.
    lifecycle.transition(story, "withdraw", seen_version=None,
                         detail=WAS_PUBLISHED if lifecycle.is_public(story) else None)
    erase(story)
    changes.commit()
    return story


def erase(story: Story) -> None:
    """Blank every word the teller gave (title, text, own role, findings, places) and every
    address made from the title; keep role, month and year, which say nothing on their own."""
    story.title = story.text = ""
    addresses.forget(story)
    story.narrator_label = clean("Een verteller vertelt")
    story.narrator_role_other = story.findings = story.content_hash = None
    story.teller_places = story.rejection_reason = story.near_duplicate_of_id = None
    story.dedupe_bands = []  # nothing left to be a near-duplicate of
    story.withdrawal_hash = None  # one time only
    story.published_at = None
    story.assignments = []
