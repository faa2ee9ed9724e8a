"""Score the anonymiser on labelled probe texts (JSON Lines), e.g. a blind set written by others.

    python -m bench.anon_probes FILE [--json]

Each line: ``{"id", "text", "identifiers": [{"kind", "value"}], "quasi": [{"kind", "value"}]}``
where every value occurs verbatim in the text and repeated values are listed in
reading order (the k-th listing of a value is its k-th occurrence). Kinds:
persoon, handle, e-mail, telefoonnummer, url, bsn, iban, kenteken, postcode,
adres, geboortedatum, dossiernummer.

An identifier is *found* when its whole span (every non-space character) is
replaced by placeholders, of any kind. Precision counts replacements that
overlap an identifier. A quasi-identifier is *flagged* when any finding covers
part of it. *Ordinary words replaced* counts the words inside replacements
that overlap no identifier and no quasi-identifier.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

KINDS = ("persoon", "handle", "e-mail", "telefoonnummer", "url", "bsn", "iban", "kenteken", "postcode", "adres",
         "geboortedatum", "dossiernummer")


class ProbeError(ValueError):
    pass


def locate(text: str, items: list[dict], line: int) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each labelled value: the k-th listing of a value is its k-th occurrence."""
    seen: Counter = Counter()
    located = []
    for item in items:
        value = item["value"]
        occurrences = _occurrences(text, value)
        if seen[value] >= len(occurrences):
            raise ProbeError(f"line {line}: {value!r} occurs {len(occurrences)} time(s), listed more often")
        start = occurrences[seen[value]]
        seen[value] += 1
        located.append((item["kind"], start, start + len(value)))
    return located


def _occurrences(text: str, value: str) -> list[int]:
    # A whole word, or a name with its possessive ("Kevins", "Kevin's" are listed as "Kevin").
    bounded = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(value)}(?=(?:s|'s|’s)?(?!\w))", text)]
    return bounded or [m.start() for m in re.finditer(re.escape(value), text)]


def score(probes: list[dict], find_spans, is_replaced) -> dict:
    found, marked, flagged, quasi_total = Counter(), Counter(), 0, 0
    replaced = correct = ordinary_words = words = 0
    misses, false_alarms = [], []
    for probe in probes:
        text = probe["text"]
        gold, quasi = probe["gold"], probe["quasi"]
        spans = find_spans(text)
        covered = set()
        for span in spans:
            if is_replaced(span.kind):
                covered.update(range(span.start, span.end))
        for kind, start, end in gold:
            marked[kind] += 1
            if {i for i in range(start, end) if not text[i].isspace()} <= covered:
                found[kind] += 1
            else:
                misses.append({"id": probe["id"], "kind": kind, "length": end - start})
        for _, start, end in quasi:
            quasi_total += 1
            flagged += any(s.start < end and start < s.end for s in spans)
        words += len(re.findall(r"\w+", text))
        for span in (s for s in spans if is_replaced(s.kind)):
            replaced += 1
            if any(span.start < end and start < span.end for _, start, end in gold):
                correct += 1
            elif not any(span.start < end and start < span.end for _, start, end in quasi):
                ordinary_words += len(re.findall(r"\w+", text[span.start:span.end]))
                false_alarms.append({"id": probe["id"], "kind": span.kind,
                                     "words": len(re.findall(r"\w+", text[span.start:span.end]))})
    return {
        "texts": len(probes), "words": words,
        "identifiers": sum(marked.values()),
        "recall": _ratio(sum(found.values()), sum(marked.values())),
        "recall_per_kind": {k: {"found": found[k], "marked": marked[k], "recall": _ratio(found[k], marked[k])}
                            for k in sorted(marked)},
        "precision": _ratio(correct, replaced),
        "replacements": replaced,
        "quasi_flag_rate": _ratio(flagged, quasi_total), "quasi": quasi_total,
        "ordinary_words_replaced": ordinary_words,
        "misses": misses, "false_alarms": false_alarms,
    }


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 1.0


def read_probes(lines) -> list[dict]:
    probes = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text = record["text"]
            probes.append({"id": record.get("id", number), "text": text,
                           "gold": locate(text, record.get("identifiers") or [], number),
                           "quasi": locate(text, record.get("quasi") or [], number)})
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise ProbeError(f"line {number}: not a probe record ({error})") from None
    return probes


def report_table(result: dict) -> str:
    rows = [f"{result['texts']} texts, {result['words']} words, {result['identifiers']} identifiers", "",
            "| kind | marked | found | recall |", "| --- | --- | --- | --- |"]
    for kind, row in result["recall_per_kind"].items():
        rows.append(f"| {kind} | {row['marked']} | {row['found']} | {row['recall']:.3f} |")
    rows.append(f"| **all** | **{result['identifiers']}** | | **{result['recall']:.3f}** |")
    rows += ["", f"precision {result['precision']:.3f} ({result['replacements']} replacements)",
             f"quasi-identifiers flagged {result['quasi_flag_rate']:.3f} of {result['quasi']}",
             f"ordinary words replaced {result['ordinary_words_replaced']}"]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.anon_probes", description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args(argv)
    try:
        probes = read_probes(args.file.read_text(encoding="utf-8").splitlines())
    except ProbeError as error:
        print(f"{args.file}: {error}", file=sys.stderr)
        return 2
    from nlp.anonymise import find_spans, is_replaced

    result = score(probes, find_spans, is_replaced)
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else report_table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
