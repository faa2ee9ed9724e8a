"""Dutch families and compounds for search: what a reader expects to meet, and what must stay apart."""

import pytest

from nlp.findability import Findability, findability


@pytest.fixture(scope="module")
def words():
    return findability()


@pytest.mark.parametrize(("word", "base"), [
    ("inkoper", "inkoop"), ("inkopers", "inkoop"), ("ingekocht", "inkoop"),  # the table
    ("financiering", "financien"), ("financiële", "financien"), ("financieel", "financien"),
    ("participatie", "participeren"),  # -atie -> -eren
    ("leider", "leiden"), ("begeleider", "begeleiden"),  # agent nouns -> their verb
    ("lijstje", "lijst"),  # diminutive
    ("kinderen", "kind"), ("scholieren", "school"), ("tarieven", "tarief"),  # what Snowball stems apart
])
def test_a_derived_word_brings_its_base(words, word, base):
    assert base in words.query_words(word)
    assert base in words.index_words(word)


@pytest.mark.parametrize(("word", "parts"), [
    ("jeugdhulpaanbieder", {"jeugdhulp", "jeugd", "hulp", "aanbieder"}),
    ("inkoopafdeling", {"inkoop", "afdeling"}),
    ("beleidsmedewerker", {"beleid", "medewerker"}),  # the linking -s- goes
    ("kinderopvang", {"opvang"}),
    ("keukentafelgesprek", {"keukentafel", "keuken", "tafel", "gesprek"}),
    ("wachtlijsten", {"wacht", "lijsten"}),
])
def test_a_compound_brings_its_parts_to_the_index_not_to_a_query(words, word, parts):
    assert parts <= set(words.index_words(word))
    assert not parts & set(words.query_words(word))


@pytest.mark.parametrize("word", ["medewerker", "ontwikkeling", "samenwerking", "overleg", "onderzoek",
                                  "verantwoordelijkheid", "gemeente", "verhaal", "aanbesteding", "kinderen"])
def test_common_words_and_derivations_are_not_split(words, word):
    assert set(words.parts(word)) == set()


def test_a_base_is_never_the_word_again_or_its_own_stem(words):
    assert words.query_words("inkoop") == ()
    assert words.query_words("financien") == ()
    assert words.query_words("ouders") == ()  # ouder: Snowball joins those already
    assert "veilig" not in words.query_words("veiligheid")  # nor this: same stem


def test_accents_are_folded_first(words):
    assert words.index_words("Financiële") == words.index_words("financiele")


def test_a_table_of_our_own_can_be_given():
    tiny = Findability(families={"zeilen": ["zeiler", "zeilers"]}, zipf={"zeil": 4.0, "boot": 4.5})
    assert tiny.query_words("zeilers") == ("zeilen",)
    assert set(tiny.index_words("zeilboot")) == {"zeil", "boot"}
    assert tiny.index_words("zeilboten") == ()  # "boten" is no word this table knows


def test_text_words_collects_each_extra_word_once(words):
    extra = words.text_words("De inkoper en de inkopers van de inkoopafdeling.")
    assert extra.count("inkoop") == 1 and "afdeling" in extra
