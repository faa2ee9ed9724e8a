"""Quasi-identifiers are flagged for the adviser, and warnings name the risky combinations."""

import pytest

from nlp import quasi


def flagged(text):
    return [(s.kind, text[s.start:s.end]) for s in quasi.find_quasi(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Mijn zoon zit op basisschool De Regenboog.", ("organisatie", "basisschool De Regenboog")),
    ("Er was geen plek bij 't Kompas.", ("organisatie", "'t Kompas")),
    ("Ze ging naar It Fûgelnêst in het noorden.", ("organisatie", "It Fûgelnêst")),
    ("Het Da Vinci College belde terug.", ("organisatie", "Het Da Vinci College")),
    ("Ze kwam op haar tiende van Curaçao.", ("herkomst", "Curaçao")),
    ("Het gezin komt uit Eritrea.", ("herkomst", "Eritrea")),
    ("Hij is Pools en spreekt weinig Nederlands.", ("herkomst", "Pools")),
    ("In het dorp Ee kent iedereen elkaar.", ("plaats", "Ee")),
    ("Een 14-jarige jongen stond voor de deur.", ("leeftijd", "14-jarige")),
])
def test_schools_organisations_origins_villages_and_ages_are_flagged(text, expected):
    assert expected in flagged(text)


@pytest.mark.parametrize("text", ["De Jeugdwet is daar duidelijk over.", "Het was drie jaar geleden.",
                                  "Dat is een goede vraag.", "Het waren er 12 van de 20."])
def test_ordinary_sentences_raise_no_flag(text):
    assert flagged(text) == []


def test_a_flag_with_a_rare_narrator_role_warns():
    warnings = quasi.reidentification_warnings([("organisatie", "De Klimop")], narrator_role="Wethouder",
                                               rare_role=True)
    assert warnings and "De Klimop" in warnings[0] and "(wethouder)" in warnings[0]
    assert quasi.reidentification_warnings([("organisatie", "De Klimop")], narrator_role="Ouder") == []


def test_the_warning_shows_the_label_it_is_given():
    warnings = quasi.reidentification_warnings([("plaats", "Lopik")], narrator_role="Huisarts of wijkverpleegkundige",
                                               rare_role=True)
    assert "De rol van de verteller (huisarts of wijkverpleegkundige) samen met Lopik" in warnings[0]
    assert quasi.reidentification_warnings([("plaats", "Lopik")], rare_role=True)[0].startswith(
        "De rol van de verteller samen met Lopik")


def test_nlp_keeps_no_list_of_the_apps_roles():
    assert not hasattr(quasi, "RARE_ROLES")
    # A role key means nothing here: only rare_role does.
    assert quasi.reidentification_warnings([("plaats", "Lopik")], narrator_role="wethouder") == []


def test_a_flag_with_a_rare_role_in_the_text_warns():
    text = "De enige huisarts op Saba wist het."
    assert "enige huisarts" in quasi.reidentification_warnings([("herkomst", "Saba")], narrator_role="Ouder",
                                                              text=text)[0]


def test_an_exact_date_with_a_flag_or_a_rare_role_warns():
    assert quasi.reidentification_warnings([("datum", "3 mei 2022"), ("herkomst", "Curaçao")], narrator_role="Ouder")
    assert quasi.reidentification_warnings([("datum", "3 mei 2022")], narrator_role="Raadslid", rare_role=True)
    assert quasi.reidentification_warnings([("datum", "3 mei 2022")], narrator_role="Ouder") == []
