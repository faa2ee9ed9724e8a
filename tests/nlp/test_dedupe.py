"""Near-duplicate detection: the exact similarity and the MinHash buckets that find candidates."""

import pytest

from nlp import dedupe
from nlp.dedupe import near_duplicates

STORY = ("Ik had een groepje jongens dat elke avond bij de supermarkt hing. [persoon 1] van de wijkraad belde "
         "mij erover. Volgens het protocol moest ik een traject starten, maar ik heb gevraagd wat ze eigenlijk "
         "wilden: een plek om te zitten. Dat hebben we samen met de buurt geregeld, en het werd rustiger.")
OTHER = ("Bij de supermarkt stonden vaak jongeren. De wijkagent sprak ze aan en de gemeente zocht samen met "
         "de buurt naar een andere plek, zodat de klachten minder werden. Een traject was niet nodig.")


def edited(text):
    """The same story, renumbered and lightly edited: every step must change the text."""
    for old, new in (("elke avond", "iedere avond"), ("[persoon 1]", "[persoon 2]"), ("hing.", "hing!")):
        assert old in text
        text = text.replace(old, new)
    return text + " Dat werkte."


def test_the_same_story_with_small_edits_is_found():
    found = near_duplicates(edited(STORY), [(1, STORY), (2, "Een heel ander verhaal over tarieven en contracten.")])
    assert [key for key, _ in found] == [1] and found[0][1] >= 0.8


def test_stories_on_the_same_theme_are_not_duplicates():
    assert dedupe.similarity(OTHER, STORY) < 0.5
    assert near_duplicates(OTHER, [(1, STORY)]) == []


def test_no_candidates_no_duplicates():
    assert near_duplicates(STORY, []) == []


def test_similarity_ignores_case_and_spacing():
    assert dedupe.similarity(STORY, "  " + STORY.upper().replace(" ", "\n  ")) == pytest.approx(1.0)


def test_buckets_are_the_same_in_every_process_and_fit_a_bigint():
    keys = dedupe.buckets(STORY)
    assert len(keys) == dedupe.BANDS == len(set(keys))
    assert all(-2**63 <= key < 2**63 for key in keys)
    # Stored buckets must stay valid: pinned values, computed once with the pinned datasketch.
    assert keys == dedupe.buckets(STORY) and list(keys[:2]) == PINNED_FIRST_BUCKETS


def test_an_edited_copy_shares_buckets_and_a_story_on_the_same_theme_hardly_any():
    keys = set(dedupe.buckets(STORY))
    assert len(keys & set(dedupe.buckets(edited(STORY)))) >= 5
    assert len(keys & set(dedupe.buckets(OTHER))) <= 1


PINNED_FIRST_BUCKETS = [8441733551438756260, -6989296686801208442]
