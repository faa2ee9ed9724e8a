"""What a word is: a name from somewhere in the world, an ordinary Dutch word, or unknown.

Two resources answer it, both light enough for every process:

- ``data/names.txt.gz``: ~286,000 first names and surnames from ~100
  countries, derived once from ``names-dataset`` by ``data/build_names.py``
  and gated there so that ordinary Dutch words are marked as such. About 30 MB
  once loaded, loaded lazily on first use.
- ``wordfreq``'s Dutch frequencies (Zipf scale: ordinary words 3-7, an
  unknown word 0), for deciding whether a word nobody listed is a Dutch word.
"""

from __future__ import annotations

import gzip
import threading
from functools import lru_cache
from pathlib import Path

NAMES_FILE = Path(__file__).resolve().parent / "data" / "names.txt.gz"

_names: dict[str, str] | None = None
_lock = threading.Lock()


def _load() -> dict[str, str]:
    global _names
    with _lock:
        if _names is None:
            codes = {}
            with gzip.open(NAMES_FILE, "rt", encoding="utf-8") as handle:
                for line in handle:
                    name, cls, kind = line.rstrip("\n").split("\t")
                    codes[name] = _CODES[cls + kind]
            _names = codes
        return _names


# One shared string per code keeps the table small.
_CODES = {code: code for code in ("NF", "NL", "NB", "AF", "AL", "AB")}


def name_code(word: str) -> str | None:
    """'N' or 'A' (see build_names.py) followed by F/L/B, or None for no listed name."""
    return (_names if _names is not None else _load()).get(word.lower())


def is_listed_name(word: str) -> bool:
    """A name that is not an ordinary Dutch word ('kasia', 'yilmaz', 'kevin')."""
    code = name_code(word)
    return code is not None and code[0] == "N"


def is_word_name(word: str) -> bool:
    """A name that is also an ordinary Dutch word ('roos', 'storm', 'bakker')."""
    code = name_code(word)
    return code is not None and code[0] == "A"


def can_be_first_name(word: str) -> bool:
    code = name_code(word)
    return code is not None and code[1] in "FB"


def can_be_surname(word: str) -> bool:
    code = name_code(word)
    return code is not None and code[1] in "LB"


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """How common the word is in Dutch (wordfreq's Zipf scale; 0 for unknown)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "nl")


def is_dutch_word(word: str, *, threshold: float = 3.0) -> bool:
    """Common enough in Dutch to be read as a word, not a name nobody listed."""
    return zipf(word) >= threshold or is_word_name(word)


def loaded() -> bool:
    return _names is not None


def preload() -> None:
    """Load the name table and wordfreq's Dutch list now (a server's warm-up)."""
    _load()
    zipf("en")
