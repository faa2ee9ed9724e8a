"""The controlled vocabulary: one definition of a narrator role's label and the "Een ... vertelt" line."""

import pytest

from storybank.models import Story
from storybank.search.postgres import story_additions
from storybank.vocabulary import NARRATOR_ROLES, RARE_ROLES, narrator_line, role_label

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


# -- rare roles: the vocabulary says which, the anonymiser (nlp) only gets the label and a yes/no ------------

def test_rare_roles_are_narrator_roles():
    """nlp/quasi.py once listed "burgemeester", "directeur", "huisarts" and "gemeentesecretaris":
    no story has those keys, so they never matched."""
    assert RARE_ROLES and RARE_ROLES <= set(NARRATOR_ROLES)


PLACE_TEXT = "In Lopik zag ik van dichtbij hoe het misging."  # no role word: only the role can warn


def preview_warnings(role):
    from storybank.services import intake

    submission = intake.Submission(title="Van dichtbij", narrator_role=role, text=PLACE_TEXT, month=3, year=2025)
    return intake.preview(submission).warnings


def test_a_wethouder_story_with_a_place_gets_the_warning(deduce):
    warnings = preview_warnings("wethouder")
    assert any(w.startswith("De rol van de verteller (wethouder) samen met Lopik") for w in warnings)


@pytest.mark.parametrize("role", sorted(RARE_ROLES))
def test_every_rare_role_can_warn_with_its_label(deduce, role):
    label = role_label(role)
    expected = f"De rol van de verteller ({label[:1].lower() + label[1:]}) samen met Lopik"
    assert any(w.startswith(expected) for w in preview_warnings(role))
    from storybank.services.moderation import review_view

    story = Story(narrator_role=role, text=PLACE_TEXT)
    assert any(w.startswith(expected) for w in review_view(story)[1])


@pytest.mark.parametrize("role", sorted(set(NARRATOR_ROLES) - RARE_ROLES))
def test_other_roles_get_no_warning(deduce, role):
    assert preview_warnings(role) == []
