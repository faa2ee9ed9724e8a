"""Build nlp/data/names.txt.gz: first names and surnames from ~100 countries, gated for Dutch.

Run once, by hand, when the list should change (the output is committed):

    pip install 'names-dataset==3.3.1'      # or: pip install -e '.[data]'
    python -m nlp.data.build_names

``names-dataset`` takes ~13 s and ~1.9 GB to load, far too much for every
server process next to deduce, so the anonymiser reads only this compact
derivative. Each line is ``name<TAB>class<TAB>kind``, lowercase:

- class ``N``: a name that is not an ordinary Dutch word; found wherever it
  stands, capitalised or not ("kasia", "Grzegorz", "yilmaz").
- class ``A``: a name that is also an ordinary Dutch word ("roos", "storm",
  "bakker", "jan"); a name only with evidence (a capital mid-sentence next to
  another name, a cue such as "mijn dochter ..." or "ik heet ...").
- kind ``F`` first name, ``L`` surname, ``B`` both.

The gate: a token is an ordinary word when wordfreq gives it a Dutch Zipf
frequency of 5 or more (function words: "ben", "niks", "dus"), or of 4 or more
while it ranks below 500 in every country ("wilden", "viel"), when it is a
Dutch stop word or one of deduce's common words, or when spaCy's Dutch lemma
table knows it as a word form or a lemma ("storm", "pas", "zomer") and it is
in use (Zipf 2 or more).
"""

from __future__ import annotations

import gzip
import pickle
from pathlib import Path

import regex

OUTPUT = Path(__file__).resolve().parent / "names.txt.gz"
# Rank within a country (1 = most common there). Countries whose people live in
# the Netherlands in numbers get a deeper cut.
RANK_ANYWHERE, RANK_NEARBY = 2000, 6000
NEARBY = {"NL", "BE", "TR", "MA", "PL", "DE", "GB", "FR", "PT", "BR", "ES", "IT", "ID", "AF", "IQ", "SY", "DZ",
          "TN", "EG", "BG", "RO", "HU", "RS", "HR", "GH", "NG", "ET", "CO", "JM", "HT", "IN", "PH", "CN"}
LATIN = regex.compile(r"^\p{Latin}[\p{Latin}'-]*\p{Latin}$")
ORDINARY_ZIPF = 5.0  # this frequent in Dutch: a word whatever else it is ("ben", "niks")
IN_USE_ZIPF = 2.0  # a lemma-table word nobody writes in Dutch ("ecrin") is no ordinary word
COMMON_ZIPF, POPULAR_RANK = 4.0, 500  # common in Dutch and no popular name anywhere: a word ("wilden", "viel")


def _names(table: dict) -> dict[str, int]:
    """Lowercased name -> its best rank in any country, for names common enough somewhere."""
    keep: dict[str, int] = {}
    for name, info in table.items():
        ranks = info.get("rank") or {}
        if not ranks or len(name) < 3 or not LATIN.match(name):
            continue
        if any(rank <= (RANK_NEARBY if country in NEARBY else RANK_ANYWHERE) for country, rank in ranks.items()):
            key = name.lower()
            keep[key] = min(keep.get(key, 10**9), min(ranks.values()))
    return keep


def _dutch_words() -> set[str]:
    """Words that are Dutch vocabulary: stop words, deduce's common words, spaCy's lemmas."""
    import deduce
    import spacy_lookups_data
    import srsly
    from spacy.lang.nl.stop_words import STOP_WORDS

    lookups = Path(spacy_lookups_data.__file__).parent / "data" / "nl_lemma_lookup.json.gz"
    table = srsly.read_gzip_json(lookups)  # inflected form -> lemma
    words = {lemma.lower() for lemma in table.values()} | {form.lower() for form in table}
    whitelist = Path(deduce.__file__).parent / "data" / "lookup" / "src" / "whitelist"
    for name in ("lst_common_word", "lst_stop_word"):
        words |= {w.strip().lower() for w in (whitelist / name / "items.txt").read_text().splitlines() if w.strip()}
    return words | set(STOP_WORDS)


def build() -> dict[str, tuple[str, str]]:
    import names_dataset
    from wordfreq import zipf_frequency

    base = Path(names_dataset.__file__).parent / "v3"
    tables = {}
    for kind, file in (("F", "first_names.pkl.gz"), ("L", "last_names.pkl.gz")):
        with gzip.open(base / file, "rb") as handle:
            tables[kind] = _names(pickle.load(handle))  # the package's own data, not user input
    words = _dutch_words()
    entries = {}
    for name in tables["F"].keys() | tables["L"].keys():
        kind = "B" if name in tables["F"] and name in tables["L"] else ("F" if name in tables["F"] else "L")
        zipf = zipf_frequency(name, "nl")
        best = min(tables["F"].get(name, 10**9), tables["L"].get(name, 10**9))
        ordinary = ((name in words and zipf >= IN_USE_ZIPF) or zipf >= ORDINARY_ZIPF
                    or (zipf >= COMMON_ZIPF and best > POPULAR_RANK))
        entries[name] = ("A" if ordinary else "N", kind)
    return entries


def main() -> None:
    entries = build()
    lines = [f"{name}\t{cls}\t{kind}" for name, (cls, kind) in sorted(entries.items())]
    with gzip.GzipFile(OUTPUT, "wb", compresslevel=9, mtime=0) as handle:  # mtime 0: same input, same bytes
        handle.write(("\n".join(lines) + "\n").encode("utf-8"))
    classes = [cls for cls, _ in entries.values()]
    print(f"{OUTPUT}: {len(lines)} names ({classes.count('N')} N, {classes.count('A')} A), "
          f"{OUTPUT.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
