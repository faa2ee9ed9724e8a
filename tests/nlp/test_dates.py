"""nlp/dates.py: which dates a text holds, and which of them are dates of birth."""

import pytest

from nlp.dates import find_dates


def dates(text):
    return [(kind, text[start:end]) for kind, start, end in find_dates(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Op 3-4-2009 was er een gesprek.", [("datum", "3-4-2009")]),
    ("Op 03/04/09 belde ze.", [("datum", "03/04/09")]),
    ("Op 2009-04-03 kwam het besluit.", [("datum", "2009-04-03")]),
    ("Het is van 12-03-2011.", [("datum", "12-03-2011")]),  # 'Het' is no name: no birthday
])
def test_an_exact_date_is_only_a_date(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Hij is geboren op 3-4-2009 in het ziekenhuis.", [("geboortedatum", "3-4-2009")]),
    ("Op 12 mei 2020 is hij geboren.", [("geboortedatum", "12 mei 2020")]),  # said after the date
    ("Ze is van drie april tweeduizendnegen.", [("geboortedatum", "drie april tweeduizendnegen")]),
    ("Sanne is van 12-03-2011 en woont hier.", [("geboortedatum", "12-03-2011")]),
    ("tomek is van 3 mei 2013", [("geboortedatum", "3 mei 2013")]),  # a listed first name, in lowercase
    ("Femke (03-2-2015) gaat naar school.", [("geboortedatum", "03-2-2015")]),  # a name, then its date
])
def test_a_date_said_to_be_a_birthday_is_a_date_of_birth(text, expected):
    assert dates(text) == expected


def test_every_date_in_a_list_after_geboren_is_a_date_of_birth():
    text = "De kinderen, geb. resp. 03-02-2013 en 27-10-2016, wonen thuis."
    assert dates(text) == [("geboortedatum", "03-02-2013"), ("geboortedatum", "27-10-2016")]


def test_a_list_ends_where_other_words_come_between():
    text = "Geboren op 03-02-2013. Het gesprek was op 27-10-2016."
    assert dates(text) == [("geboortedatum", "03-02-2013"), ("datum", "27-10-2016")]


@pytest.mark.parametrize("text", [
    "Op 12 mei gingen we.",  # a day without a year
    "In april 2009 begon het.",  # a month alone
    "Het gesprek was op de twaalfde mei.",
    "Versie 1.2.3 van het formulier.",  # no year
    "Zaaknummer 12-03-20115 werd genoemd.",  # digits run on: a number, not a date
])
def test_what_is_no_exact_date_is_left_alone(text):
    assert dates(text) == []


def test_positions_point_into_the_text_without_the_article():
    text = "Het gesprek was op de derde april 2010."
    [(kind, start, end)] = find_dates(text)
    assert (kind, start, end) == ("datum", text.index("derde"), len(text) - 1)
