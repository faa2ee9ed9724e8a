"""`storybank anonymise --jsonl`: many records, one process, bad lines reported and skipped."""

import json
import os
import subprocess
import sys

from nlp.batch import BadLine, anonymise_jsonl

LINES = [
    json.dumps({"id": 7, "text": "Bel Kasia op 06-12345678.", "title": "Over Kasia", "told": "2024-03"}),
    "{dit is geen json",
    "",
    "[1, 2]",
    json.dumps({"title": "zonder tekst"}),
    json.dumps({"text": "ik heet shurandy", "tags": ["met Grzegorz", "x"], "score": 3}),
]


def test_every_free_text_field_is_anonymised_and_codes_are_kept(deduce):
    results = list(anonymise_jsonl(LINES))
    first, last = results[0], results[-1]
    assert first["text"] == "Bel [persoon 1] op [telefoonnummer]." and first["title"] == "Over [persoon 1]"
    assert (first["id"], first["told"]) == (7, "2024-03")
    assert [f["kind"] for f in first["findings"]["text"]] == ["persoon", "telefoonnummer"]
    assert last["text"] == "ik heet [persoon 1]" and last["tags"] == ["met [persoon 1]", "x"] and last["score"] == 3
    records = json.dumps([r for r in results if not isinstance(r, BadLine)])
    assert "Kasia" not in records and "Grzegorz" not in records


def test_bad_lines_are_reported_with_their_number(deduce):
    bad = [r for r in anonymise_jsonl(LINES) if isinstance(r, BadLine)]
    assert [(b.line, b.message.split(" (")[0]) for b in bad] == [
        (2, "not JSON"), (4, "expected a JSON object"), (5, "'text' is missing or not a string")]


def test_the_command_streams_jsonl_in_one_process(deduce, tmp_path):
    env = {k: v for k, v in os.environ.items() if k.startswith(("HOME", "XDG", "STORYBANK_DEDUCE", "PATH"))}
    result = subprocess.run([sys.executable, "-c", "from storybank.cli import main; main()", "anonymise", "--jsonl"],
                            input="\n".join(LINES) + "\n", capture_output=True, text=True, timeout=600,
                            env={**env, "STORYBANK_INSTANCE": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 2 and out[0]["text"] == "Bel [persoon 1] op [telefoonnummer]."
    assert "skipped line 2: not JSON" in result.stderr and "2 anonymised, 3 skipped" in result.stderr
