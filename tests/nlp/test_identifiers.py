"""Our own identifier rules, without deduce."""

import pytest

from nlp import identifiers as rules
from nlp import names, people


def kinds(text):
    return [(s.kind, text[s.start:s.end]) for s in rules.resolve_overlaps(rules.find_structured(text))
            if s.kind not in ("datum", "plaats", "organisatie")]


@pytest.mark.parametrize("number", [
    "06-12345678", "06 12345678", "0612345678", "06 1234 5678", "06-1234 5678", "06 11 22 33 44",
    "010-1234567", "030 123 4567", "(030) 123 45 67", "0343-123456", "+31 6 12345678", "+31612345678",
    "+31 (0)6 12345678", "+31 (0)20 1234567", "0031 6 12345678", "0031-30-1234567", "+31 30 123 4567",
    "0800-1234", "0900-1234567",
    # typed with an en or em dash between area code and number, as word processors make them
    "010 – 123 45 67", "0318 – 64 92 10", "06 — 41 22 83 90",
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


@pytest.mark.parametrize("bsn", ["123456782", "123 456 782", "1234.56.782", "12.34.56.782", "123-456-782",
                                 "12 34 56 782"])
def test_a_bsn_in_any_grouping_that_passes_the_eleven_test(bsn):
    assert kinds(f"Er stond {bsn} op de brief.") == [("bsn", bsn)]


@pytest.mark.parametrize("text", ["Het burgerservicenummer van de jongen was 111222333 zei ze.",
                                  "bsn-nummer: 111 222 333", "Zijn BSN, dat is 12345678 9, klopte niet."])
def test_any_nine_digits_a_few_words_after_a_bsn_label(text):
    assert [kind for kind, _ in kinds(text)] == ["bsn"]


@pytest.mark.parametrize("text", ["Het kostte 123.456.789 euro.", "Een bedrag van € 123456782."])
def test_amounts_are_not_a_bsn(text):
    assert kinds(text) == []


@pytest.mark.parametrize("plate", ["12-abc-3", "ab-12-cd", "12abc3", "xt901b", "AB12CD", "99xx99", "1abc23",
                                   "AB 12 CD", "9-XX-999", "999-xx-9", "x-99-xxx", "xxx-99-x"])
def test_plates_in_every_sidecode_any_case_with_or_without_dashes(plate):
    assert kinds(f"De auto {plate} stond er.") == [("kenteken", plate)]


@pytest.mark.parametrize(("text", "handle"), [("Volg @kasia.nowak_92 maar.", "@kasia.nowak_92"),
                                              ("Zijn account @jan_de_boer2009 is openbaar.", "@jan_de_boer2009")])
def test_social_media_handles(text, handle):
    assert kinds(text) == [("handle", handle)]


@pytest.mark.parametrize("url", ["https://example.org/profiel/123", "www.voorbeeld.nl", "linkedin.com/in/kasia-nowak-123",
                                 "instagram.com/kasia92", "facebook.com/jan.de.boer"])
def test_urls_with_or_without_a_scheme(url):
    assert kinds(f"Kijk op {url}, daar staat het.") == [("url", url)]


@pytest.mark.parametrize(("text", "number"), [
    ("Het dossiernummer is 2023-04567, zei ze.", "2023-04567"), ("Dat staat in zaak JZ-2024-0113.", "JZ-2024-0113"),
    ("Ons kenmerk: Z/21/123456.", "Z/21/123456"), ("Zijn cliëntnummer is C123456 geloof ik.", "C123456"),
    ("Het dossiernummer van de jongen is 2023/4471.", "2023/4471"), ("klantnummer 884213 bij de bank", "884213"),
])
def test_client_case_and_dossier_numbers_after_their_labels(text, number):
    assert kinds(text) == [("dossiernummer", number)]


@pytest.mark.parametrize("text", ["Het dossier van 2019 was dik.", "Het dossier had 300 pagina's.",
                                  "In die zaak waren 12 mensen betrokken."])
def test_numbers_near_a_label_that_are_no_identifiers(text):
    assert kinds(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("ik woon op de kerkstraat 12b sinds mei", ("adres", "kerkstraat 12b")),
    ("we zaten aan de hoofdstraat 12-3 toen", ("adres", "hoofdstraat 12-3")),
    ("postcode 3701 ab klopt", ("postcode", "3701 ab")),
    ("het was 3701ab geloof ik", ("postcode", "3701ab")),
])
def test_lowercase_addresses_and_postcodes(text, expected):
    assert kinds(text) == [expected]


@pytest.mark.parametrize("text", ["In 2019 en 2020 de hele tijd.", "Na de vergadering 3 weken later.",
                                  "In de kerkstraat 12 keer gebeld."])
def test_lowercase_numbers_and_words_that_are_no_address(text):
    assert kinds(text) == []


@pytest.mark.parametrize(("text", "date"), [
    ("Geboren op 3 april 2009 in het ziekenhuis.", "3 april 2009"),
    ("ik ben van 12 maart 2008 en woon hier", "12 maart 2008"),
    ("de jongen die op 5 mei 2010 is geboren", "5 mei 2010"),
    ("geboren op drie april tweeduizendnegen", "drie april tweeduizendnegen"),
    ("ze is jarig op de twaalfde mei", "twaalfde mei"),
    ("geboortedatum: 03/04/09", "03/04/09"),
    ("geboren 2009-04-03 in de stad", "2009-04-03"),
])
def test_dates_of_birth_in_numerals_and_in_words(text, date):
    assert kinds(text) == [("geboortedatum", date)]


def test_a_plan_is_not_a_birthday():
    spans = rules.resolve_overlaps(rules.find_structured("ik ben van plan om op 3 april 2023 te beginnen"))
    assert [s.kind for s in spans] == ["datum"]


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
    spans = names.find_titled_names(text)
    assert name in [text[s.start:s.end] for s in spans]


def test_titled_rule_leaves_departments_alone():
    assert names.find_titled_names("De wethouder Jeugd en de collega vond het goed.") == []


def test_person_numbering_recognises_the_same_person():
    numbering = people.PersonNumbering()
    assert [numbering.number(n) for n in ("Joost de Vries", "Emma", "De Vries", "Joost", "emma")] == [1, 2, 1, 1, 2]


@pytest.mark.parametrize(("text", "street"), [
    ("Ze woonde toen op de Burgemeester van Vlietstraat 14 bij haar oma.", "Burgemeester van Vlietstraat 14"),
    ("Het kantoor zit aan de Pr. Bernhardlaan 7 in het centrum.", "Pr. Bernhardlaan 7"),
    ("Zijn adres is J.P. Coenstraat 31, tweede verdieping.", "J.P. Coenstraat 31"),
    ("We gingen langs op de Kastanjelaan 14-hs met de wijkagent.", "Kastanjelaan 14-hs"),
    ("Haar flat is Vondelstraat 22-II, boven de bakker.", "Vondelstraat 22-II"),
    ("Het gezin woont Dorpsstraat 5 III sinds de verhuizing.", "Dorpsstraat 5 III"),
])
def test_streets_with_a_title_initials_or_a_floor_addition(text, street):
    assert kinds(text) == [("adres", street)]


@pytest.mark.parametrize(("text", "number"), [
    ("Het zaaknummer is 2023 / 04417, dat moet erbij.", "2023 / 04417"),
    ("Onder kenmerk JZ 2024 0113 staat de melding.", "JZ 2024 0113"),
    ("dossiernr 23/ 8812 graag vermelden", "23/ 8812"),
])
def test_case_numbers_with_spaces_inside(text, number):
    assert kinds(text) == [("dossiernummer", number)]


@pytest.mark.parametrize("text", ["In die zaak 2 of 3 keer gebeld.", "Het dossier 2019 en 2020 samen.",
                                  "Zaak 12 van de 40 was rond."])
def test_spaces_do_not_join_ordinary_numbers_to_a_case_number(text):
    assert kinds(text) == []


@pytest.mark.parametrize(("text", "date"), [
    ("Sanne is van 12-03-2011 en zit in groep 8.", "12-03-2011"),
    ("onze Mehmet is van 4 juni 2013 hoor", "4 juni 2013"),
    ("🎂 14 mei 2012, de dag dat alles veranderde", "14 mei 2012"),
    ("Gefeliciteerd lieverd 🎉🎂 vandaag 7 jaar! (21-09-2018)", "21-09-2018"),
])
def test_dates_of_birth_after_a_name_is_van_or_a_birthday_emoji(text, date):
    assert kinds(text) == [("geboortedatum", date)]


@pytest.mark.parametrize("text", ["Het besluit is van 12 maart 2021 en geldt nog.",
                                  "Dit is van 3 april 2019, het oude plan."])
def test_a_document_is_van_a_date_is_no_birthday(text):
    assert kinds(text) == []


@pytest.mark.parametrize("url", ["linktr.ee/sannevdb", "t.me/jaapie_22", "wa.me/31612345678", "tinyurl.com/kasia-cv"])
def test_short_link_domains(url):
    assert kinds(f"Alles staat op {url} zei ze.") == [("url", url)]


@pytest.mark.parametrize(("text", "number"), [
    ("Leerplichtdossier 2024-LP-0392 is geopend.", "2024-LP-0392"),
    ("De zaak staat onder OTS-nummer 2023/JZ/00518 bij de rechtbank.", "2023/JZ/00518"),
    ("bij het CAK onder nummer 2023/07/4410 aangemeld", "2023/07/4410"),
    ("Twee kinderen door elkaar gehaald: 2023-44108 en 2023-44180.", "2023-44108"),
])
def test_case_numbers_after_a_compound_label_or_in_their_own_shape(text, number):
    assert ("dossiernummer", number) in kinds(text)


@pytest.mark.parametrize("text", ["Het schooljaar 2023-2024 was zwaar.", "In 2021/2022 liep het mis.",
                                  "Ze belde onder nummer 3 van de wachtlijst."])
def test_school_years_and_small_numbers_are_no_case_numbers(text):
    assert kinds(text) == []


@pytest.mark.parametrize(("text", "date"), [
    ("ik word 16 vrijdag, ben van 3 juni 2009 dus", "3 juni 2009"),
    ("de kleine, tomek is van 3 mei 2013 geloof ik", "3 mei 2013"),
    ("Mijn zoon, Mahad, is van 12 april 2006.", "12 april 2006"),
])
def test_more_ways_to_say_a_date_is_a_birthday(text, date):
    assert ("geboortedatum", date) in kinds(text)


def test_a_plan_of_a_date_is_still_only_a_date():
    spans = rules.resolve_overlaps(rules.find_structured("het plan is van 3 april 2020 en loopt nog"))
    assert [s.kind for s in spans] == ["datum"]


@pytest.mark.parametrize(("text", "number"), [
    ("Dossiernr.: SHV-DH-24-00781\nAdres: onbekend", "SHV-DH-24-00781"),
    ("het staat onder WT-ROT-2024-03317 in het systeem", "WT-ROT-2024-03317"),
    ("ja die, JH-24-15521. moeder belde net", "JH-24-15521"),
    ("Amira Saleh (KN-302517) woont er ook", "KN-302517"),
    ("een afwijzing van onze factuur F2024-0613 kwam binnen", "F2024-0613"),
    ("toewijzingsnummer TW-884120, afgegeven door de consulent", "TW-884120"),
    ("de huisarts, AGB-code 01-052386, belde terug", "01-052386"),
    ("Ons kenmerk: GKB/BB/2024/3318", "GKB/BB/2024/3318"),
])
def test_organisation_codes_with_letter_groups_with_or_without_a_label(text, number):
    assert ("dossiernummer", number) in kinds(text)


@pytest.mark.parametrize("text", ["Sinds COVID-19 is alles anders.", "De GGZ-2024 agenda is rond.",
                                  "We werken met NEN-norm en ISO-kwaliteit.", "Het telefoonnummer is onbekend.",
                                  "Huisnummer 12 klopt niet."])
def test_short_codes_and_labels_without_a_number_are_left_alone(text):
    assert kinds(text) == []


@pytest.mark.parametrize(("text", "date"), [
    ("Kinderen: Femke (03-2-2015) en Stijn (27-8-2017)", "03-2-2015"),
    ("de kids? kenzo 02-04-2015 en de rest", "02-04-2015"),
    ("staat in het dossier. geb 2 sept 2011, woont nu hier", "2 sept 2011"),
])
def test_a_date_right_after_a_name_or_after_geb_is_a_birthday(text, date):
    assert ("geboortedatum", date) in kinds(text)


def test_a_date_after_an_ordinary_word_is_only_a_date():
    spans = rules.resolve_overlaps(rules.find_structured("Het overleg (03-2-2015) ging over geld."))
    assert [s.kind for s in spans] == ["datum"]


@pytest.mark.parametrize("text", ["Bel de gemeente via 14 0412 op werkdagen.", "Bel 14 020 voor een afspraak."])
def test_a_municipal_14_number(text):
    assert [k for k, _ in kinds(text)] == ["telefoonnummer"]


@pytest.mark.parametrize(("text", "expected"), [
    ("de kinderen (geb. resp. 03-02-2013 en 27-10-2016) wonen bij haar", ["03-02-2013", "27-10-2016"]),
    ("haar zoon (Ruben, 07-05-2011) zit nu thuis", ["07-05-2011"]),
])
def test_dates_listed_after_a_birthday_or_a_name_and_a_comma(text, expected):
    assert [v for k, v in kinds(text) if k == "geboortedatum"] == expected


def test_an_address_with_a_room_number():
    assert kinds("Adres: Ootmarsumsestraat 214 kamer 3, Almelo") == [("adres", "Ootmarsumsestraat 214 kamer 3")]


@pytest.mark.parametrize(("text", "number"), [("ze belde vanaf haar vaste nummer, 717 6235, elke dag", "717 6235"),
                                              ("tel 318 2264 (Statia)", "318 2264")])
def test_seven_digit_caribbean_numbers_after_a_phone_word(text, number):
    assert kinds(text) == [("telefoonnummer", number)]


def test_seven_digits_without_a_phone_word_stay():
    assert kinds("Er staan 717 6235 euro aan schulden open.") == []


@pytest.mark.parametrize(("text", "handle"), [
    ("ps mn snap is veranderd, nu ilias.rb07 als je me zoekt", "ilias.rb07"),
    ("jayden.mvrk • 2 u\nvandaag eindelijk 18", "jayden.mvrk"),
    ("zoek me op insta: noor_b.2009", "noor_b.2009"),
    # at the end of a sentence, or heading a post
    ("Jurick reageert soms op insta: jurick_bnr. Let op de vader.", "jurick_bnr"),
    ("Op Discord heet hij JDC_Gh0st, daar is hij sociaal", "JDC_Gh0st"),
    ("#careleaver\n💬 damian_vdl: broer trots op je", "damian_vdl"),
])
def test_usernames_without_an_at_sign(text, handle):
    assert ("handle", handle) in kinds(text)


@pytest.mark.parametrize("text", ["ik zit niet op insta want dat mag niet van mama", "tiktok staat vol met onzin.",
                                  "Versie 2.0 van het plan", "ok\ndoei"])
def test_platform_words_without_a_username(text):
    assert [k for k, _ in kinds(text) if k == "handle"] == []


@pytest.mark.parametrize(("text", "street"), [
    ("Adres: Kaya Gobernador N. Debrot 41, Kralendijk", "Kaya Gobernador N. Debrot 41"),
    ("Adres: Marshallaan 38bis, Utrecht", "Marshallaan 38bis"),
    ("Verblijfsadres: Langstraat 12 (boven), Venray", "Langstraat 12 (boven)"),
])
def test_more_addresses(text, street):
    assert ("adres", street) in kinds(text)


def test_a_date_on_someones_papers_is_their_birthday():
    assert ("geboortedatum", "01-12-2007") in kinds("in zijn papieren staat 01-12-2007, maar hij weet het niet")


def test_a_registration_number():
    assert ("dossiernummer", "1042-88391") in kinds("de bijstand loopt nog (registratie 1042-88391).")


@pytest.mark.parametrize(("text", "number"), [
    ("U kunt mij bellen op nul zes, een twee, vijf vijf, acht zeven, drie nul. Dank u.",
     "nul zes, een twee, vijf vijf, acht zeven, drie nul"),
    ("Mijn nummer is plus drie één, zes, twee acht, negen nul, een vier, vijf vijf. Bel maar.",
     "plus drie één, zes, twee acht, negen nul, een vier, vijf vijf"),
    ("bel nul zes twaalf vierendertig zesenvijftig achtenzeventig", "nul zes twaalf vierendertig zesenvijftig achtenzeventig"),
])
def test_phone_numbers_said_as_words(text, number):
    assert ("telefoonnummer", number) in kinds(text)


@pytest.mark.parametrize("text", ["Het werd nul komma nul, twee keer niks.", "We scoorden nul, drie, vier punten.",
                                  "In de Kerkstraat twaalf huizen verderop.", "Op de Dorpsstraat een paar keer."])
def test_counting_in_words_is_no_phone_number_or_address(text):
    assert kinds(text) == []


@pytest.mark.parametrize(("text", "street"), [("Ik ben thuis, Kanaalstraat honderdtwaalf, tweede etage.", "Kanaalstraat honderdtwaalf"),
                                              ("Wij wonen in de Jacob Catsstraat tweeënveertig.", "Jacob Catsstraat tweeënveertig")])
def test_house_numbers_said_as_words(text, street):
    assert ("adres", street) in kinds(text)
