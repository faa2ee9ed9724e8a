"""The anonymisation benchmarks: the probe scorer, and a small generated benchmark with a recall floor."""

import json

import pytest

from bench.anon_generated import Generator
from bench.anon_probes import ProbeError, read_probes, score
from nlp.identifiers import Span

PROBE = {"id": "p1", "text": "Kasia belde Kasia's zus op 06-12345678 in Lopik.",
         "identifiers": [{"kind": "persoon", "value": "Kasia"}, {"kind": "persoon", "value": "Kasia"},
                         {"kind": "telefoonnummer", "value": "06-12345678"}],
         "quasi": [{"kind": "plaats", "value": "Lopik"}]}


def fake_find_spans(text):
    """Replaces the first 'Kasia', the phone number and the word 'zus'; flags Lopik."""
    return [Span("persoon", 0, 5), Span("persoon", 20, 23), Span("telefoonnummer", 27, 38), Span("plaats", 42, 47)]


def test_the_scorer_counts_occurrences_in_reading_order():
    result = score(read_probes([json.dumps(PROBE)]), fake_find_spans, lambda kind: kind != "plaats")
    assert result["recall_per_kind"]["persoon"] == {"found": 1, "marked": 2, "recall": 0.5}
    assert result["recall_per_kind"]["telefoonnummer"]["recall"] == 1.0
    assert result["recall"] == round(2 / 3, 3) and result["precision"] == round(2 / 3, 3)
    assert result["ordinary_words_replaced"] == 1 and result["quasi_flag_rate"] == 1.0


def test_the_scorer_refuses_a_value_listed_more_often_than_it_occurs():
    probe = dict(PROBE, identifiers=[{"kind": "persoon", "value": "Lopik"}] * 2)
    with pytest.raises(ProbeError, match="line 1"):
        read_probes([json.dumps(probe)])


def test_generated_texts_cover_every_kind_and_are_valid_probes():
    records = Generator(seed=7).texts(120)
    kinds = {item["kind"] for record in records for item in record["identifiers"]}
    assert kinds == {"persoon", "handle", "e-mail", "telefoonnummer", "url", "bsn", "iban", "kenteken", "postcode",
                     "adres", "geboortedatum", "dossiernummer"}
    assert len(read_probes([json.dumps(r) for r in records])) == 120


@pytest.mark.slow
def test_recall_on_a_small_generated_benchmark(deduce):
    from nlp.anonymise import find_spans, is_replaced

    result = score(read_probes([json.dumps(r) for r in Generator(seed=11).texts(150)]), find_spans, is_replaced)
    assert result["recall"] >= 0.95, result["recall_per_kind"]
    for kind in ("bsn", "iban", "e-mail"):
        assert result["recall_per_kind"][kind]["recall"] == 1.0, kind
    assert result["precision"] >= 0.97
