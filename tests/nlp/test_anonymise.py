"""The anonymiser end to end, with deduce."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nlp.anonymise import anonymise, find_spans, is_replaced, reidentification_warnings
from nlp.evaluation import evaluate_anonymiser, read_labelled

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def report(deduce):
    return evaluate_anonymiser(read_labelled(DATA / "anonymisation.txt"), find_spans, is_replaced)


def test_labelled_set_is_large_enough_and_covers_every_kind(report):
    assert report["sentences"] >= 60
    assert set(report["recall_per_kind"]) >= {"persoon", "e-mail", "telefoonnummer", "bsn", "iban", "adres",
                                              "postcode", "kenteken", "geboortedatum"}


def test_recall_on_direct_identifiers_is_at_least_098(report):
    assert report["recall"] >= 0.98, report["misses"]


def test_precision_is_at_least_09(report):
    assert report["precision"] >= 0.9, report["false_alarms"]


def test_held_out_sentences(deduce):
    held_out = evaluate_anonymiser(read_labelled(DATA / "anonymisation_holdout.txt"), find_spans, is_replaced)
    assert held_out["recall"] >= 0.95 and held_out["precision"] >= 0.9


def test_story_with_every_kind_keeps_none_of_them(deduce):
    text = ("Mijn collega Joost de Vries belde mevrouw Jansen op 06-12345678. Ze mailde terug via "
            "jansen@example.org. Haar BSN is 123456782 en ze woont op de Kerkstraat 12, 3701 AB. "
            "De auto 12-ABC-3 staat op NL91ABNA0417164300. Joost vond het goed.")
    result = anonymise(text)
    for secret in ("Joost", "Vries", "Jansen", "12345678", "jansen@", "123456782", "Kerkstraat", "3701",
                   "12-ABC-3", "NL91", "0417"):
        assert secret not in result.text
    assert result.text.startswith("Mijn collega [persoon 1] belde mevrouw [persoon 2] op [telefoonnummer].")
    assert result.text.endswith("[persoon 1] vond het goed.")


def test_findings_point_at_placeholders_and_keep_no_original(deduce):
    result = anonymise("Bel Kees op 06-12345678.")
    for finding in result.replacements:
        assert result.text[finding.start:finding.end].startswith("[")
    assert "Kees" not in json.dumps(result.as_dict())


def test_places_are_flagged_not_replaced(deduce):
    result = anonymise("In Lopik kende iedereen de wethouder.")
    assert result.text == "In Lopik kende iedereen de wethouder."
    assert [(f.kind, result.text[f.start:f.end]) for f in result.flags] == [("plaats", "Lopik")]


def test_reidentification_warning_for_rare_role_and_place(deduce):
    result = anonymise("Als wethouder in Lopik zag ik het van dichtbij.")
    warnings = reidentification_warnings(result, narrator_role="Wethouder", rare_role=True)
    assert warnings and "Lopik" in warnings[0] and "(wethouder)" in warnings[0]
    # The text itself names the rare role, so even a parent's story gets a warning (since issue 9).
    assert "wethouder" in reidentification_warnings(result, narrator_role="Ouder")[0]
    assert reidentification_warnings(anonymise("Als moeder in Lopik zag ik het van dichtbij."),
                                     narrator_role="Ouder") == []


@pytest.mark.slow
def test_loading_deduce_leaves_logging_alone():
    """In a fresh interpreter: under pytest the root logger already has handlers, which makes
    deduce's logging.basicConfig(stream=sys.stdout, level=DEBUG) a no-op and the check empty."""
    code = ("import logging; from nlp.anonymise import load_deduce; load_deduce(); "
            "root = logging.getLogger(); print(len(root.handlers), logging.getLevelName(root.level))")
    result = subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True,
                            timeout=600, cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "WARNING"]


def test_cli_prints_json(deduce):
    """In this process (deduce is loaded once); the command in a process of its own, through
    storybank's entry point, is tests/nlp/test_batch.py's jsonl test."""
    from click.testing import CliRunner

    from storybank.cli import anonymise_command

    result = CliRunner().invoke(anonymise_command, input="Mail naar a.b@example.org graag.")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["text"] == "Mail naar [e-mail] graag."
    assert data["findings"] == [{"kind": "e-mail", "start": 10, "end": 18, "original_length": 15, "replaced": True}]


def test_chat_like_text_keeps_no_name_anywhere(deduce):
    text = ("ik ben jayden en mn moeder heet xiomara. volg me op @jayden_2009 of mail jayden2009@example.com. "
            "kasia nowak van het wijkteam zei dat jayden best mocht, en Jaydens school vond het ook.")
    result = anonymise(text).text
    for secret in ("jayden", "xiomara", "kasia", "nowak"):
        assert secret not in result.lower()
    assert result.startswith("ik ben [persoon 1] en mn moeder heet [persoon 2]. volg me op [account]")
    assert "[persoon 3] van het wijkteam zei dat [persoon 1] best mocht, en [persoon 1] school" in result


def test_anonymising_twice_changes_nothing(deduce):
    once = anonymise("Mevrouw Jansen belde Grzegorz op 06-12345678 over Kevins dossiernummer 2023-0456.").text
    assert anonymise(once).text == once
