"""A story in another language gets a notice; Dutch, Frisian and dialect stories do not."""

from pathlib import Path

import pytest

from nlp.language import language_of, other_language_notice

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "stories"


def test_no_corpus_story_is_told_it_is_not_dutch():
    texts = [path.read_text(encoding="utf-8").split("---", 2)[2] for path in sorted(CORPUS.glob("*.md"))]
    assert len(texts) > 50
    assert [t[:60] for t in texts if other_language_notice(t)] == []


@pytest.mark.parametrize(("text", "name"), [
    ("My eldest son waited eight months for help, and nobody at the municipality called us back.", "het Engels"),
    ("Mein ältester Sohn hat acht Monate auf Hilfe gewartet, und niemand von der Gemeinde rief zurück.", "het Duits"),
])
def test_a_story_in_another_language_gets_a_dutch_notice(text, name):
    notice = other_language_notice(text)
    assert notice is not None and f"in {name} geschreven" in notice


@pytest.mark.parametrize("text", [
    "Ich bin al twintig jaor mèt kinder bezig, mer zoeget as toen höb ich nog noets gezeen.",  # Limburgs-like
    "Ik wurkje al tsien jier yn it wykteam en ik seach de wachtlisten groeien.",  # Frisian
    "Kort.",  # too short to say
])
def test_dialects_frisian_and_short_texts_get_no_notice(text):
    assert other_language_notice(text) is None


def test_too_short_to_say():
    assert language_of("Hallo daar") is None
