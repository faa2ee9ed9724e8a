"""Names beyond Dutch lists: the world-wide list, context cues, lowercase, possessives, propagation."""

import gzip

import pytest

from nlp import lexicon, names, people
from nlp.identifiers import Span, resolve_overlaps


def found(text):
    spans = resolve_overlaps(names.find_names(text))
    spans = people.merge_adjacent(text, resolve_overlaps(people.propagate(text, spans)))
    return [text[s.start:s.end] for s in spans]


def test_the_name_list_is_compact_and_gated_for_dutch_words():
    assert lexicon.NAMES_FILE.stat().st_size < 3_000_000
    with gzip.open(lexicon.NAMES_FILE, "rt", encoding="utf-8") as handle:
        rows = dict(line.rstrip("\n").split("\t", 1) for line in handle)
    assert len(rows) > 100_000
    for name in ("kasia", "grzegorz", "nowak", "yilmaz", "boukhari", "xiomara", "kevin"):
        assert rows[name].startswith("N"), name
    for word in ("storm", "pas", "zomer", "ben", "niks", "wilden"):
        assert word not in rows or rows[word].startswith("A"), word


@pytest.mark.parametrize(("text", "name"), [
    ("We spraken gisteren met Grzegorz over de huur.", "Grzegorz"),      # mid-sentence, listed
    ("Xiomara belde me in paniek op.", "Xiomara"),                       # sentence start, rare in Dutch
    ("ik had contact met kasia over school", "kasia"),                   # lowercase, rare in Dutch
    ("Ik ben Shurandy en ik ben negentien.", "Shurandy"),                # 'ik ben X', no list has it
    ("De jongen heette Dewayne, zei de school.", "Dewayne"),            # 'heette X'
    ("ik heet shurandy en ik woon bij mijn tante", "shurandy"),          # lowercase after 'ik heet'
    ("Vader, Rinaldo, kwam te laat.", "Rinaldo"),                        # apposition after a role word
    ("Mijn dochter Roos is twaalf.", "Roos"),                            # a name that is also a word, after a cue
    ("ik sprak met kevin en zijn moeder", "kevin"),                      # lowercase after 'met'
])
def test_names_by_list_and_by_context(text, name):
    assert found(text) == [name]


@pytest.mark.parametrize(("text", "expected"), [
    ("ik heb met kasia nowak gesproken", ["kasia nowak"]),
    ("De heer Grzegorz Kowalczyk belde.", ["Grzegorz Kowalczyk"]),
    ("Gisteren kwam Yusuf langs met zijn zus Elif.", ["Yusuf", "Elif"]),
])
def test_first_name_and_surname_are_one_person(text, expected):
    assert found(text) == expected


def test_possessives_and_diminutives_count_as_the_name():
    assert found("Ik sprak Xiomara's moeder en daarna Xiomara zelf.") == ["Xiomara's", "Xiomara"]
    assert found("We belden met Grzegorzs school.") == ["Grzegorzs"]
    assert found("Ik ben de moeder van Kevintje. kevintje is lief.") == ["Kevintje", "kevintje"]


def test_a_name_found_once_is_found_everywhere_also_in_lowercase():
    text = "Ik heet Shurandy. Later zei shurandy dat het goed ging."
    assert found(text) == ["Shurandy", "shurandy"]


def test_a_name_seen_in_a_handle_is_found_in_the_text():
    text = "Volg @shurandy_m op insta, want shurandy post alles."
    spans = people.propagate(text, [Span("handle", 5, 16, 3)])
    assert [text[s.start:s.end] for s in spans if s.kind == "persoon"] == ["shurandy"]


def test_a_word_that_was_a_name_stays_a_word_in_lowercase():
    assert found("Mijn dochter Roos kreeg een roos.") == ["Roos"]


@pytest.mark.parametrize("text", [
    "Ik ben Turks en woon al twintig jaar hier.",
    "Bos en heide rond het dorp trekken veel wandelaars.",
    "We gingen met z'n allen de hort op.",
    "Het BSN stond in de brief, met name op de eerste pagina.",
    "Wilden ze dat echt? Viel het mee? Het lag eraan.",
    "Bij signaal A doe je B. Dat was soms knellend.",
    "We spraken met Jeugdzorg en met Veilig Thuis over Kerst.",
    "de vergadering met koffie en evaluatiemomenten",
])
def test_ordinary_words_are_not_names(text):
    assert found(text) == []
    assert not any(s.kind == "persoon" for s in names.find_titled_names(text))


@pytest.mark.parametrize(("text", "name"), [
    ("hey sander ik weet dat je het druk hebt", "sander"),                    # a greeting, lowercase
    ("Beste Ilse,\n\nDank voor je bericht.", "Ilse"),
    ("dat was het.\n\ngroetjes,\nelif", "elif"),                              # a sign-off
    ("goedemorgen juf, nadia hier (moeder van groep 3)", "nadia"),            # who writes the message
    ("Geachte heer Van der Linden,\n\nHierbij de stukken.", "Van der Linden"),
    ("ik heb dr. kamphuis gebeld over de medicatie", "kamphuis"),             # a title in lowercase
    ("Moeder, mevrouw Mei Chen, tekende het formulier.", "Mei Chen"),         # a month, then a surname
])
def test_names_after_greetings_titles_and_at_the_start_of_a_message(text, name):
    assert name in found(text) + [text[s.start:s.end] for s in names.find_titled_names(text)]


def test_a_name_joined_to_a_name_is_a_name():
    assert found("ik haal yusuf en sami morgen op") == ["yusuf", "sami"]


@pytest.mark.parametrize("text", ["hey jongens, het overleg is verzet", "Beste collega's,\n\nHet rooster is er.",
                                  "de hele dag gewerkt, echt waar", "Mevrouw Mei van het loket belde niet terug.",
                                  "Ik ging naar Utrecht en Amersfoort.", "toen belde mevrouw terug",
                                  "de juf zei dat het goed ging"])
def test_greetings_and_lists_without_names(text):
    assert found(text) == []


@pytest.mark.parametrize(("text", "name"), [
    ("wie doet vandaag de intake bij fam. de Vries? ik lig plat", "de Vries"),
    ("welke de Vries bedoel je, er zijn er zes", "de Vries"),
])
def test_a_surname_with_its_prefix_in_chat_text(text, name):
    assert name in [text[s.start:s.end] for s in names.find_particle_surnames(text)]


@pytest.mark.parametrize("text", ["We gingen naar de Gemeente en de Raad.", "uit Breda en van Tilburg", "in de Efteling"])
def test_prefixes_before_capitalised_words_that_are_no_surnames(text):
    assert names.find_particle_surnames(text) == []


def test_speaker_labels_and_lowercase_names_in_a_chat_log():
    text = "yvonne: dat zeggen ze altijd\nGijs: wij ook niet\nik zag marloes vanochtend nog, ruud zei niks"
    assert {"yvonne", "Gijs", "marloes", "ruud"} <= set(found(text))
    assert found("Adres: Dorpsstraat\nBetreft: de aanvraag\nAanwezig: het team") == []


@pytest.mark.parametrize(("text", "name"), [
    ("Met vriendelijke groet,\n\nJ.M.A. (Hans) Peeters, huisarts", "J.M.A. (Hans) Peeters"),
    ("Hoogachtend,\nnamens de burgemeester,\n\nJ.W. van Beek", "J.W. van Beek"),
    ("Met vriendelijke groet,\n\nM. Slot\nteamleider Wonen", "M. Slot"),
    ("Gegevens aanvrager\nNaam: Alsayed, Rania\nGeboortedatum: onbekend", "Alsayed, Rania"),
    ("ow en mevrouw van der linden van school vroeg het ook", "van der linden"),
])
def test_signatures_forms_and_lowercase_titled_surnames(text, name):
    assert name in [text[s.start:s.end] for s in names.find_titled_names(text)]


@pytest.mark.parametrize("text", ["Bij het gezin B. Dat was lastig.", "Naam: onbekend\nAdres: geen",
                                  "ik sprak mevrouw van de school gisteren"])
def test_initials_forms_and_titles_without_a_name(text):
    assert names.find_titled_names(text) == []


def test_a_username_without_an_at_sign_lends_its_name_to_the_text():
    text = "mn snap is nu jaouad.rb07, jaouad dus"
    spans = people.propagate(text, [Span("handle", text.index("jaouad.rb07"), text.index("jaouad.rb07") + 11, 2)])
    assert [text[s.start:s.end] for s in spans if s.kind == "persoon"] == ["jaouad"]


def test_a_title_abbreviation_without_its_full_stop():
    assert "schouten" in found("goedemiddag mw schouten, met de vader van E.")
