"""What share of the identifiers the anonymiser missed does the safety net mark ("is dit een naam?")?

    python -m bench.anon_safety_net FILE [FILE ...]

For each labelled probe text (bench/anon_probes.py format): anonymise it as the share form does,
find the identifiers whose characters were not all replaced, and count those that a suspect mark
of ``nlp.suspects`` overlaps in the anonymised text. A missed identifier survives in the output
unchanged, so it is located there by its value (the k-th listing is the k-th occurrence).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from bench.anon_probes import read_probes


def safety_net(probes: list[dict]) -> dict:
    from nlp.anonymise import anonymise, find_spans, is_replaced
    from nlp.suspects import find_suspects

    missed, marked, by_kind = 0, 0, Counter()
    for probe in probes:
        text = probe["text"]
        covered = {i for s in find_spans(text) if is_replaced(s.kind) for i in range(s.start, s.end)}
        result = anonymise(text)
        suspects = find_suspects(result.text, result.findings)
        for kind, start, end in probe["gold"]:
            if {i for i in range(start, end) if not text[i].isspace()} <= covered:
                continue
            missed += 1
            value = text[start:end]
            at = result.text.find(value)
            hit = at >= 0 and any(s.start < at + len(value) and at < s.end for s in suspects)
            marked += hit
            by_kind[kind, hit] += 1
    return {"missed": missed, "marked": marked, "share": round(marked / missed, 3) if missed else None,
            "per_kind": {f"{k} {'marked' if h else 'unmarked'}": n for (k, h), n in sorted(by_kind.items())}}


def main(argv: list[str] | None = None) -> int:
    for name in argv if argv is not None else sys.argv[1:]:
        probes = read_probes(Path(name).read_text(encoding="utf-8").splitlines())
        print(name, safety_net(probes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
