"""One person keeps one number across a story's fields, and a name typed into an anonymised
story never takes the number of someone already in it."""

import pytest

from nlp.anonymise import anonymise
from nlp.people import PersonNumbering

pytestmark = pytest.mark.slow  # the anonymiser loads deduce


def test_one_person_keeps_one_number_in_title_and_text(deduce):
    numbering = PersonNumbering()
    text = anonymise("Mijn collega Joost de Vries belde. Later belde Sanne Bakker ook.", numbering=numbering)
    title = anonymise("Wachten met Sanne Bakker", numbering=numbering)
    assert "[persoon 2]" in text.text and title.text == "Wachten met [persoon 2]"


def test_a_name_typed_into_an_anonymised_text_gets_a_new_number(deduce):
    result = anonymise("[persoon 1] belde [persoon 2]. Daarna belde mijn collega Joost de Vries.")
    assert result.text.endswith("mijn collega [persoon 3].")


def test_numbering_after_placeholders_counts_every_field():
    numbering = PersonNumbering.after_placeholders("Titel met [persoon 4]", "tekst met [persoon 2]", None)
    assert numbering.number("Joost de Vries") == 5 and numbering.number("De Vries") == 5
