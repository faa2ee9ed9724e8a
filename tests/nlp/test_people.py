"""nlp/people.py: one person, one placeholder, whatever deduce and the rules found apart."""

import pytest

from nlp.identifiers import Span
from nlp.people import (
    PersonNumbering,
    drop_ordinary_words,
    drop_word_surnames,
    merge_adjacent,
    propagate,
    trim_person,
    unite_overlapping,
)


def person(text, word, priority=1, start=0):
    at = text.index(word, start)
    return Span("persoon", at, at + len(word), priority)


def shown(text, spans):
    return [(span.kind, text[span.start:span.end]) for span in spans]


@pytest.mark.parametrize(("swallowed", "name"), [
    ("collega Joost", "Joost"), ("mevrouw Jansen", "Jansen"), ("belde mijn buurvrouw Kasia", "Kasia"),
])
def test_role_words_deduce_swallowed_are_given_back(swallowed, name):
    text = f"Toen {swallowed} kwam."
    start, end = trim_person(text, text.index(swallowed), text.index(swallowed) + len(swallowed))
    assert text[start:end] == name


@pytest.mark.parametrize("piece", ["en zei hallo", "mijn collega"])
def test_a_span_with_no_capitalised_name_left_is_no_person(piece):
    assert trim_person(piece, 0, len(piece)) is None


def test_one_person_keeps_one_number_by_first_name_or_surname():
    numbering = PersonNumbering()
    numbers = [numbering.number(name) for name in ("Joost de Vries", "De Vries", "Joost", "Mevrouw Jansen",
                                                     "Jansen", "Kasia", "Joost")]
    assert numbers == [1, 1, 1, 2, 2, 3, 1]


def test_a_lone_word_surname_is_the_word_unless_it_is_a_name_elsewhere():
    text = "Bos en heide lagen er."
    assert drop_word_surnames(text, [person(text, "Bos")]) == []
    text = "Mevrouw Bos zei het. Later zei Bos nog iets."
    spans = [person(text, "Mevrouw Bos"), person(text, "Bos", start=20)]
    assert drop_word_surnames(text, spans) == spans
    strong = [person(text, "Bos", priority=2, start=20)]  # a rule (not deduce alone) found it: kept
    assert drop_word_surnames(text, strong) == strong


def test_an_ordinary_word_at_a_sentence_start_is_no_name():
    text = "Zomer zonder vangnet was het plan."
    assert drop_ordinary_words(text, [person(text, "Zomer")]) == []
    for text, name in (("Mohammed kwam binnen.", "Mohammed"), ("Joost zei het.", "Joost")):
        assert shown(text, drop_ordinary_words(text, [person(text, name)])) == [("persoon", name)]


def test_a_name_found_once_is_replaced_everywhere_but_not_the_word_it_also_is():
    text = "Kasia belde. Later zei kasia dat het goed ging."
    assert shown(text, propagate(text, [person(text, "Kasia", 2)])) == [("persoon", "Kasia"), ("persoon", "kasia")]
    text = "Roos belde. Ze gaf een roos."
    assert shown(text, propagate(text, [person(text, "Roos", 2)])) == [("persoon", "Roos")]


def test_a_name_inside_an_e_mail_address_is_replaced_where_it_stands_alone():
    text = "mail jayden2009@example.com, jayden kwam"
    address = Span("e-mail", 5, text.index(","), 3)
    assert shown(text, propagate(text, [address])) == [("e-mail", "jayden2009@example.com"), ("persoon", "jayden")]


def test_overlapping_person_spans_become_one():
    spans = [Span("persoon", 0, 10, 1), Span("persoon", 0, 4, 2), Span("e-mail", 20, 30, 3)]
    assert unite_overlapping(spans) == [Span("e-mail", 20, 30, 3), Span("persoon", 0, 10, 2)]


@pytest.mark.parametrize(("text", "parts", "expected"), [
    ("Kasia Nowak belde.", ["Kasia", "Nowak"], ["Kasia Nowak"]),
    ("Jan van der Berg belde.", ["Jan", "Berg"], ["Jan van der Berg"]),
    ("Kasia, Nowak belde.", ["Kasia", "Nowak"], ["Kasia", "Nowak"]),  # a comma: two people
    ("Kasia en Nowak belden.", ["Kasia", "Nowak"], ["Kasia", "Nowak"]),
    ("Kevin's fiets stond er.", ["Kevin"], ["Kevin's"]),  # the 's would point at the name
])
def test_first_name_and_surname_found_apart_are_one_person(text, parts, expected):
    assert [name for _, name in shown(text, merge_adjacent(text, [person(text, p, 2) for p in parts]))] == expected
