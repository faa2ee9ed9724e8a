"""nlp/suspects.py: the words of an anonymised text that look like names but were not replaced."""

import pytest

from nlp.anonymise import Finding
from nlp.suspects import find_suspects


def suspects(text, findings=()):
    return [(suspect.word, text[suspect.start:suspect.end]) for suspect in find_suspects(text, findings)]


@pytest.mark.parametrize(("text", "word"), [
    ("Gisteren kwam Shurandy binnen bij het wijkteam.", "Shurandy"),  # capitalised mid-sentence, no Dutch word
    ("Shurandy kwam binnen bij het wijkteam.", "Shurandy"),  # at a sentence start, unknown in Dutch
    ("Vandaag sprak ik met shurandy over zijn school.", "shurandy"),  # lowercase after 'met'
    ("Mijn zoon dewayne wilde niet naar school.", "dewayne"),  # lowercase after a role
    ("Het was een mooie dag in de Storm van het leven.", "Storm"),  # a name that is also a word, capitalised
])
def test_a_word_that_looks_like_a_name_is_a_suspect(text, word):
    assert suspects(text) == [(word, word)]


@pytest.mark.parametrize("text", [
    "De moeder belde Bureau Jeugdzorg en Veilig Thuis.",  # institutions
    "Toen zei de Marokkaanse buurvrouw dat het goed was.",  # a nationality
    "Het gesprek met de Hulpverleningsplannen-commissie duurde lang.",  # a Dutch compound
    "Wij gingen met de GGD praten.",  # an abbreviation
    "Daarna belde [persoon 1] met de gemeente.",  # a placeholder
    "Vandaag sprak ik met de storm over zijn school.",  # lowercase, and a Dutch word
])
def test_ordinary_words_institutions_and_placeholders_are_not_suspects(text):
    assert suspects(text) == []


def test_a_finding_is_never_a_suspect_too():
    text = "Gisteren kwam Shurandy binnen met Xiomara."
    assert [word for word, _ in suspects(text)] == ["Shurandy", "Xiomara"]
    flagged = Finding("plaats", text.index("Xiomara"), len(text) - 1, len("Xiomara"), False)
    assert suspects(text, [flagged]) == [("Shurandy", "Shurandy")]


def test_positions_are_those_of_the_word_in_the_text():
    text = "Op maandag zei Shurandy dat hij kwam; met xiomara ging het later."
    found = find_suspects(text)
    assert [(s.start, s.end) for s in found] == [(text.index("Shurandy"), text.index("Shurandy") + 8),
                                                 (text.index("xiomara"), text.index("xiomara") + 7)]
