"""/beheer/opkomend (emerging clusters, promotion) and /inzichten."""

import re

import pytest

from storybank.anonymity import curated
from storybank.cli import cli
from storybank.extensions import db
from storybank.models import Pattern, Story
from tests.helpers import UNPLACED_STORIES


@pytest.fixture
def trained(trained_app):
    return trained_app


def test_clusters_group_unexplained_stories_with_keywords(trained, adviser_client, submit_story):
    for number, text in enumerate(UNPLACED_STORIES):
        submit_story(title=f"Zomer {number}", text=text)
    html = adviser_client.get("/beheer/opkomend").get_data(as_text=True)
    groups = re.findall(r"Groep \d+: (\d+) verhalen", html)
    assert groups and sum(map(int, groups)) >= 4
    assert re.search(r"Kernwoorden:</strong> [^<]*(zwem|voetbal|zomervakantie|badmeester)", html)
    output = trained.test_cli_runner().invoke(cli, ["clusters"]).output
    assert output.startswith("cluster 1:") and "keywords:" in output


def test_promoting_a_cluster_puts_an_emerging_place_on_the_map(trained, deduce, adviser_client, submit_story):
    ids = [submit_story(title=f"Zwem {n}", text=text) for n, text in enumerate(UNPLACED_STORIES[3:])]
    response = adviser_client.post("/beheer/opkomend", data={
        "story_ids": [str(i) for i in ids], "name": "Zomer zonder vangnet", "place": "Het Zwembad",
        "description": "Kinderen die in de vakantie buiten beeld raken. Scholen zijn dicht en clubs nemen het over."})
    assert response.status_code == 302 and response.headers["Location"].endswith("/plaats/zomer-zonder-vangnet")
    html = adviser_client.get("/").get_data(as_text=True)
    assert '<a class="place emerging" href="/plaats/zomer-zonder-vangnet"' in html
    place = adviser_client.get("/plaats/zomer-zonder-vangnet").get_data(as_text=True)
    assert "Opkomend patroon" in place and "nog geen reistips" in place
    with trained.app_context():
        pattern = db.session.scalar(db.select(Pattern).where(Pattern.slug == "zomer-zonder-vangnet"))
        assert pattern.status == "emerging" and len(pattern.assignments) == 3


def test_promotion_needs_a_name_place_and_description(trained, adviser_client):
    adviser_client.post("/beheer/opkomend", data={"story_ids": ["1"], "name": "", "place": "", "description": ""})
    assert "Vul een naam" in adviser_client.get("/beheer/opkomend").get_data(as_text=True)


def test_insights_need_a_login(client):
    assert client.get("/inzichten").status_code == 302


def test_insights_show_svg_charts_with_real_counts(trained, adviser_client, corpus, submit_story):
    submit_story(title="Wachtend")
    html = adviser_client.get("/inzichten").get_data(as_text=True)
    assert html.count("<svg class=\"chart heatmap\"") == 2
    assert "<strong>1</strong> verhalen wachten" in html
    quarter_cells = re.findall(r"<title>Stroperigheid · \d{4} K\d: (\d+)</title>", html)
    assert sum(map(int, quarter_cells)) == sum("stroperigheid" in s.patterns for s in corpus.stories)
    # The one submission chose "participatie": the agreement chart counts it, whatever the model said.
    assert re.search(r"<title>Participatie: [01] van 1</title>", html)


def test_agreement_counts_teller_choices_against_the_model(trained, adviser_client):
    with trained.app_context(), curated():  # fixture rows, not typed text
        story = Story(slug="met-keuze", title="Formulieren", narrator_label="Een ouder vertelt", narrator_role="ouder",
                      month=1, year=2025, status="submitted", source="form", teller_places=["stroperigheid"],
                      text="De formulieren, de regels en het wachten op een beschikking duurden maanden. " * 3)
        db.session.add(story)
        db.session.commit()
    html = adviser_client.get("/inzichten").get_data(as_text=True)
    assert "<title>Stroperigheid: 1 van 1</title>" in html
