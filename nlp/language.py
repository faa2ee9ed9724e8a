"""Which language a story is written in, so a teller who writes in another language is told that
Storybank collects Dutch stories and that the anonymiser knows Dutch best.

py3langid (BSD, its model ships in the 4.6 MB wheel, nothing is downloaded) classifies the whole
text; short texts are fine for it (docs/anonymisation.md has the measurement). Frisian and Dutch
dialects (classified as Dutch, Frisian or Afrikaans) are not "another language" here.
"""

from __future__ import annotations

import threading

DUTCH_LIKE = frozenset({"nl", "fy", "af", "li"})
MIN_LETTERS = 40  # below this a title or a few words say too little
NAMES = {
    "en": "het Engels", "de": "het Duits", "fr": "het Frans", "es": "het Spaans", "it": "het Italiaans",
    "pt": "het Portugees", "pl": "het Pools", "tr": "het Turks", "ar": "het Arabisch", "ro": "het Roemeens",
    "bg": "het Bulgaars", "uk": "het Oekraïens", "ru": "het Russisch", "so": "het Somalisch", "ti": "het Tigrinya",
}

_classify = None
_lock = threading.Lock()


def language_of(text: str) -> str | None:
    """The ISO 639-1 code of the text's language, or None when the text is too short to say."""
    global _classify
    if sum(c.isalpha() for c in text) < MIN_LETTERS:
        return None
    with _lock:
        if _classify is None:
            import py3langid

            _classify = py3langid.classify
    return _classify(text)[0]


def other_language_notice(text: str) -> str | None:
    """A Dutch notice when the text is not Dutch (nor Frisian or a dialect), else None."""
    code = language_of(text)
    if code is None or code in DUTCH_LIKE:
        return None
    name = NAMES.get(code, "een andere taal dan het Nederlands")
    return (f"Uw verhaal lijkt in {name} geschreven. Storybank verzamelt Nederlandstalige verhalen, en het "
            "onherkenbaar maken van namen en gegevens werkt het best in het Nederlands: lees de tekst hieronder "
            "extra goed na, of vertel het verhaal in het Nederlands.")
