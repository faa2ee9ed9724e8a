"""The controlled vocabulary: one definition of a narrator role's label and the "Een ... vertelt" line."""

import pytest

from storybank.models import Story
from storybank.search.postgres import story_additions
from storybank.vocabulary import NARRATOR_ROLES, narrator_line, role_label

# What the site showed for each role before the label had one definition (services/intake.py).
LINES = {
    "wethouder": "Een wethouder vertelt",
    "beleidsmedewerker": "Een beleidsmedewerker vertelt",
    "raadslid": "Een raadslid vertelt",
    "inkoper": "Een inkoper of contractmanager vertelt",
    "afdelingshoofd": "Een afdelingshoofd vertelt",
    "manager-jeugdteam": "Een manager jeugdteam vertelt",
    "teamcoordinator": "Een teamcoördinator vertelt",
    "bestuurder-zorgaanbieder": "Een bestuurder zorgaanbieder vertelt",
    "manager-zorgaanbieder": "Een manager zorgaanbieder vertelt",
    "staf": "Een staf- of kwaliteitsmedewerker vertelt",
    "jeugdprofessional": "Een jeugdprofessional vertelt",
    "wmo-consulent": "Een wmo-consulent vertelt",
    "welzijnswerker": "Een welzijnswerker vertelt",
    "procesbegeleider": "Een procesbegeleider vertelt",
    "gedragswetenschapper": "Een gedragswetenschapper vertelt",
    "leerkracht": "Een leerkracht of intern begeleider vertelt",
    "eerstelijn": "Een huisarts of wijkverpleegkundige vertelt",
    "ouder": "Een ouder vertelt",
    "jongere": "Een jongere vertelt",
    "vrijwilliger": "Een vrijwilliger vertelt",
    "anders": "Een anders vertelt",
}


def test_every_role_has_its_line():
    assert set(LINES) == set(NARRATOR_ROLES)
    assert {role: narrator_line(role) for role in NARRATOR_ROLES} == LINES


def test_anders_uses_the_tellers_own_words():
    assert role_label("anders", " Schoolarts ") == "Schoolarts"
    assert narrator_line("anders", "Schoolarts") == "Een schoolarts vertelt"
    assert role_label("anders", "  ") == role_label("anders") == "Anders"
    assert role_label("ouder", "Schoolarts") == "Ouder"  # other words count only for "anders"


@pytest.mark.parametrize(("role", "other"), [*((role, None) for role in NARRATOR_ROLES), ("anders", "Schoolarts")])
def test_the_page_and_both_search_backends_use_the_same_label(role, other):
    story = Story(narrator_role=role, narrator_role_other=other)
    assert story.narrator_role_label == role_label(role, other)
    terms, _ = story_additions("t", "", narrator_line(role, other), role, other, derivation=True)
    assert terms.startswith(role_label(role, other) + " ") or terms == role_label(role, other)
