"""The share form's preview numbers people across title, text and the teller's own role words."""

import pytest

from storybank.services import intake

pytestmark = pytest.mark.slow  # the anonymiser loads deduce


def test_a_person_in_the_title_has_the_number_they_have_in_the_text(app, deduce):
    submission = intake.Submission(
        title="Gesprek met Sanne Bakker", narrator_role="anders", narrator_role_other="buurvrouw van Joost de Vries",
        month=3, year=2025,
        text="Joost de Vries belde me. Een week later sprak ik Sanne Bakker, de moeder, op het wijkteam.")
    with app.app_context():
        result = intake.preview(submission)
    assert result.text.text.startswith("[persoon 1] belde me.") and "sprak ik [persoon 2]" in result.text.text
    assert result.title.text == "Gesprek met [persoon 2]"
    assert result.role_other.text.endswith("[persoon 1]")  # the role words name Joost de Vries too
