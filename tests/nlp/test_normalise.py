"""nlp.normalise: every disguise in the evasion table becomes the plain form, and every character
of the result knows where in the original it came from."""

import unicodedata

import pytest

from nlp.normalise import normalise

ZWSP, SHY, NBSP, RLO, PDF = "\u200b", "\u00ad", "\u00a0", "\u202e", "\u202c"


@pytest.mark.parametrize(("typed", "plain"), [
    (f"bel 06{ZWSP}1234{ZWSP}5678", "bel 0612345678"),
    (f"bel 06{SHY}12345678", "bel 0612345678"),
    (f"bel 06{NBSP}12345678", "bel 06 12345678"),
    ("bel 06\n12345678 gauw", "bel 06 12345678 gauw"),
    ("bel 06/1234/5678", "bel 06 1234 5678"),
    ("bel 06·12·34·56·78", "bel 06 12 34 56 78"),
    (f"IBAN NL91{ZWSP}ABNA0417164300", "IBAN NL91ABNA0417164300"),
    (f"BSN 1234{ZWSP}56782", "BSN 123456782"),
    (f"Wil{SHY}lemijn", "Willemijn"),
    (f"pieter{ZWSP}.jansen@example.nl", "pieter.jansen@example.nl"),
    (unicodedata.normalize("NFD", "José Müller"), "José Müller"),
    (f"mijn buurman {RLO}nesnaJ{PDF} belde", "mijn buurman Jansen belde"),
    ("mail naam [at] domein [punt] nl", "mail naam@domein.nl"),
    ("mail naam at domein dot nl", "mail naam@domein.nl"),
    ("mail naam (apenstaartje) domein.nl", "mail naam@domein.nl"),
    ("mail naam＠domein.nl", "mail naam@domein.nl"),
    ("bel 06-1two345678", "bel 06-12345678"),
    ("mail pieter&#46;jansen@example.nl", "mail pieter.jansen@example.nl"),
    ("bel ０６１２３４５６７８", "bel 0612345678"),
])
def test_a_disguise_becomes_the_plain_form(typed, plain):
    assert normalise(typed).text == plain


@pytest.mark.parametrize("ordinary", [
    "Op 12/03/2020 belde de school; 3 van de 4 gezinnen wachtten nog.",
    "Wij waren at home, zei hij in het Engels.",
    "8. Telefoon: 06-84736215\n9. E-mail: staat hieronder",
    "Telefoon: 050 530 17 64 / 06 12 34 56 78",  # two numbers side by side stay two
    "bij het CIZ onder nummer 2024/08/5533",  # a case number keeps its slashes
    "‼️GEZOCHT‼️ hij post stapels geld 🤦‍♂️",  # symbols and emoji joiners keep their form
    "Zeven gezinnen, een wethouder en twee scholen.",
    "De begroting van 1.200.000 euro ging in 2019 - 2020 op.",
])
def test_ordinary_text_stays_as_it_is(ordinary):
    assert normalise(ordinary).text == ordinary
    assert not normalise(ordinary).changed


def test_every_character_maps_back_to_the_original_including_hidden_ones():
    typed = f"bel 06{ZWSP}1234{ZWSP}5678 of mail naam [at] domein [punt] nl"
    normal = normalise(typed)
    number = normal.text.index("0612345678")
    start, end = normal.original_span(number, number + len("0612345678"))
    assert typed[start:end] == f"06{ZWSP}1234{ZWSP}5678"
    address = normal.text.index("naam@domein.nl")
    start, end = normal.original_span(address, address + len("naam@domein.nl"))
    assert typed[start:end] == "naam [at] domein [punt] nl"
