"""The pattern model on small data: Dutch processing, fitting, scores, reasons."""

import numpy as np
import pytest
from sklearn.base import clone

from nlp.dutch import fold, processor
from nlp.evaluation import pattern_metrics
from nlp.model import PatternModel

TRAIN = [
    ("De regels en formulieren maakten dat we weken wachtten op een beschikking.", ["stroperigheid"]),
    ("Drie handtekeningen en een aanvraag voor iets kleins: de administratie is een moeras.", ["stroperigheid"]),
    ("Het loket stuurde ons van formulier naar formulier, maanden lang.", ["stroperigheid"]),
    ("Jongeren uit de wijk bedachten zelf wat er in het buurthuis moest komen.", ["participatie"]),
    ("De bewoners stemden over het wijkbudget en kwamen met eigen initiatieven.", ["participatie"]),
    ("Ouders dachten mee over het beleid en werden echt gehoord door de gemeente.", ["participatie"]),
    ("Over de tarieven werd eindeloos onderhandeld; het budget was op en de aanbieder bezuinigde.", ["spanning"]),
    ("Het contract met de aanbieder ging vooral over geld, productie en het budgetplafond.", ["spanning"]),
    ("De inkoop en de aanbesteding zetten de aanbieders tegenover elkaar, alles draaide om kosten.", ["spanning"]),
]
LEXICONS = {"stroperigheid": ["regels, formulieren, wachten"], "participatie": ["bewoners, jongeren, wijk"],
            "spanning": ["tarieven, budget, contract"]}


@pytest.fixture(scope="module")
def model():
    texts, labels = zip(*TRAIN)
    return PatternModel(calibration_folds=3).fit(texts, labels, lexicons=LEXICONS, calibrate_on=len(texts))


def test_dutch_terms_are_folded_lemmatised_stemmed_without_stop_words():
    assert processor().terms(["De gemeenten kochten eh gewoon jeugdhulp in, financiën!"]) == [
        ["gemeent", "kop", "jeugdhulp", "financien"]]
    assert fold("Creëren") == "creeren"


def test_init_only_stores_parameters_and_fit_returns_self():
    estimator = PatternModel(lexicon_weight=2)
    assert estimator.get_params()["lexicon_weight"] == 2 and not hasattr(estimator, "classes_")
    assert clone(estimator).get_params() == estimator.get_params()
    texts, labels = zip(*TRAIN)
    assert estimator.fit(texts, labels, calibrate_on=len(texts)) is estimator


def test_new_stories_go_to_the_right_pattern(model):
    ranked = model.rank("We wachtten maanden op een beschikking door alle regels en formulieren.")
    assert ranked[0][0] == "stroperigheid"
    assert model.rank("De jongeren en bewoners in de wijk namen zelf het initiatief.")[0][0] == "participatie"
    assert model.rank("Het budget en de tarieven in het contract zorgden voor ruzie.")[0][0] == "spanning"


def test_scores_are_probabilities_and_cover_every_pattern(model):
    scores = model.predict_scores(["De regels van het loket.", "Iets heel anders over het weer."])
    assert scores.shape == (2, 3) and ((scores >= 0) & (scores <= 1)).all()
    assert scores[0].max() > scores[1].max()


def test_reasons_name_words_and_sentences_from_the_story(model):
    text = "Het was een mooie dag. Toen kwamen de formulieren en de regels, en wachtten we weken op de beschikking."
    reasons = model.explain(text, "stroperigheid")
    assert {"formulieren", "regels"} & set(reasons["words"])
    assert reasons["sentences"][0].startswith("Toen kwamen de formulieren")


def test_metrics_count_any_gold_pattern_as_a_hit():
    classes = ["a", "b", "c"]
    scores = np.array([[0.9, 0.1, 0.0], [0.2, 0.7, 0.1], [0.5, 0.1, 0.4]])
    report = pattern_metrics([["a"], ["a", "b"], ["c"]], scores, classes, threshold=0.45)
    assert report["top1"] == round(2 / 3, 3) and report["top3"] == 1.0 and report["n"] == 3
    assert report["confusion"]["c"]["a"] == 1 and report["per_pattern"]["c"]["recall"] == 0.0


def test_reason_words_are_written_as_the_teller_wrote_them(model):
    """Lemmas and stems stay inside the model: the adviser reads 'bezuinigde', not 'bezuin'."""
    text = "De aanbieder bezuinigde op alles. Later bezuinigde hij opnieuw, want het budget was op."
    words = model.explain(text, "spanning")["words"]
    assert "bezuinigde" in words
    assert all(part in text.lower() for word in words for part in word.split())
