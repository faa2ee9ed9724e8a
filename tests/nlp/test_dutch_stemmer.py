"""nlp has its own Snowball stemmer: the same stems as before, and no search library behind it."""

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import spacy_lookups_data
from whoosh.lang.snowball.dutch import DutchStemmer

from nlp.dutch import processor, stem_word

ROOT = Path(__file__).resolve().parents[2]


def dutch_words() -> set[str]:
    """Every word form of spaCy's Dutch lemma table and of our corpus: about 320,000.

    All of them gave identical stems when this was written; Whoosh's pure-Python
    stemmer needs a minute for them, so the test takes every 8th (sorted) and
    every corpus word.
    """
    table = Path(spacy_lookups_data.__file__).parent / "data" / "nl_lemma_lookup.json.gz"
    lookup = json.loads(gzip.open(table).read())
    words = set(lookup) | set(lookup.values())
    words = set(sorted(words)[::8])
    for path in (ROOT / "corpus").rglob("*"):
        if path.is_file():
            words |= set(re.findall(r"\w+", path.read_text(encoding="utf-8").lower()))
    return words


def test_stems_are_identical_to_the_whoosh_stemmer_nlp_used_before():
    whoosh = DutchStemmer()
    words = dutch_words()
    assert len(words) > 40_000
    different = [word for word in words if stem_word(word) != whoosh.stem(word)]
    assert different == []


def test_known_stems():
    assert [stem_word(w) for w in ("gemeenten", "gemeente", "aanbieders", "regels")] == [
        "gemeent", "gemeent", "aanbieder", "regel"]
    assert processor().stem("jongeren") == "jonger"


@pytest.mark.slow  # a fresh interpreter
def test_nlp_does_not_import_the_search_library():
    code = ("import sys, nlp.dutch, nlp.model, nlp.cluster, nlp.dedupe, nlp.evaluation; "
            "nlp.dutch.stem_word('gemeenten'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('whoosh', 'flask', 'storybank')))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert found.stdout.strip() == "[]"
