"""Near-duplicate detection."""

from nlp.dedupe import near_duplicates

STORY = ("Ik had een groepje jongens dat elke avond bij de supermarkt hing. Volgens het protocol moest ik een "
         "traject starten, maar ik heb gevraagd wat ze eigenlijk wilden: een plek om te zitten.")


def test_the_same_story_with_small_edits_is_found():
    edited = STORY.replace("elke avond", "iedere avond").replace("[persoon 1]", "[persoon 2]") + " Dat werkte."
    found = near_duplicates(edited, [(1, STORY), (2, "Een heel ander verhaal over tarieven en contracten.")])
    assert [key for key, _ in found] == [1] and found[0][1] >= 0.8


def test_stories_on_the_same_theme_are_not_duplicates():
    other = ("Bij de supermarkt stonden vaak jongeren. De wijkagent sprak ze aan en de gemeente zocht samen met "
             "de buurt naar een andere plek, zodat de klachten minder werden.")
    assert near_duplicates(other, [(1, STORY)]) == []


def test_no_candidates_no_duplicates():
    assert near_duplicates(STORY, []) == []
