"""Our own identifier rules, without deduce."""

import pytest

from nlp import identifiers as rules


def kinds(text):
    return [(s.kind, text[s.start:s.end]) for s in rules.resolve_overlaps(rules.find_structured(text))
            if s.kind not in ("datum", "plaats", "organisatie")]


@pytest.mark.parametrize("number", [
    "06-12345678", "06 12345678", "0612345678", "06 1234 5678", "06-1234 5678", "06 11 22 33 44",
    "010-1234567", "030 123 4567", "(030) 123 45 67", "0343-123456", "+31 6 12345678", "+31612345678",
    "+31 (0)6 12345678", "+31 (0)20 1234567", "0031 6 12345678", "0031-30-1234567", "+31 30 123 4567",
    "0800-1234", "0900-1234567",
])
def test_dutch_phone_numbers_in_every_format(number):
    assert kinds(f"Bel {number} vandaag.") == [("telefoonnummer", number)]


@pytest.mark.parametrize("text", ["In 2019 waren er 1234 aanmeldingen.", "Het kostte 250000 euro.",
                                  "Om 09.30 uur begon het.", "Beleidsplan 2021-2024 is klaar."])
def test_ordinary_numbers_are_not_identifiers(text):
    assert kinds(text) == []


@pytest.mark.parametrize(("digits", "valid"), [("123456782", True), ("398259793", True),
                                               ("123456789", False), ("000000000", False)])
def test_bsn_uses_the_eleven_test(digits, valid):
    assert (kinds(f"nummer {digits} stond erin") == [("bsn", digits)]) is valid


def test_a_labelled_bsn_is_replaced_even_if_mistyped():
    assert kinds("BSN: 123456789 stond erin") == [("bsn", "123456789")]


@pytest.mark.parametrize(("iban", "valid"), [("NL91ABNA0417164300", True), ("NL91 ABNA 0417 1643 00", True),
                                             ("NL37INGB6204661099", True), ("NL91ABNA0417164301", False)])
def test_iban_uses_the_mod97_check_and_is_kept_whole(iban, valid):
    assert (kinds(f"Rekening {iban} van de moeder.") == [("iban", iban)]) is valid


@pytest.mark.parametrize("plate", ["12-ABC-3", "AB-12-CD", "1-ABC-23", "XT-901-B", "99-XX-99", "AB-123-C"])
def test_licence_plates(plate):
    assert kinds(f"De auto {plate} stond er.") == [("kenteken", plate)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Ze woont aan de Kerkstraat 12 sinds kort.", ("adres", "Kerkstraat 12")),
    ("Het huis op Van Goghlaan 3a is verkocht.", ("adres", "Van Goghlaan 3a")),
    ("Adres: Burgemeester de Withstraat 10 bis.", ("adres", "Burgemeester de Withstraat 10 bis")),
    ("Een kamer aan de Singel 40-2 kwam vrij.", ("adres", "Singel 40-2")),
    ("Postcode 3701 AB hoort erbij.", ("postcode", "3701 AB")),
    ("E-mail: a.b@example.org graag.", ("e-mail", "a.b@example.org")),
])
def test_addresses_postcodes_and_email(text, expected):
    assert kinds(text) == [expected]


def test_dates_of_birth_are_replaced_other_dates_only_flagged():
    spans = rules.resolve_overlaps(rules.find_structured("Geboren op 3 april 2009; gesprek op 12-05-2023."))
    assert [s.kind for s in spans] == ["geboortedatum", "datum"]


@pytest.mark.parametrize(("text", "name"), [
    ("Ik sprak mevrouw Van der Meer gisteren.", "Van der Meer"),
    ("Toen zei wethouder Bakker nee.", "Bakker"),
    ("De heer P. van den Berg kwam.", "P. van den Berg"),
    ("Collega Joost de Vries belde.", "Joost de Vries"),
])
def test_titled_names_keep_the_title(text, name):
    spans = rules.find_titled_names(text)
    assert name in [text[s.start:s.end] for s in spans]


def test_titled_rule_leaves_departments_alone():
    assert rules.find_titled_names("De wethouder Jeugd en de collega vond het goed.") == []


def test_person_numbering_recognises_the_same_person():
    numbering = rules.PersonNumbering()
    assert [numbering.number(n) for n in ("Joost de Vries", "Emma", "De Vries", "Joost", "emma")] == [1, 2, 1, 1, 2]
