"""The read-only JSON API under /api/v1/."""

import pytest


def test_search_returns_results_facets_and_pagination(search_client):
    data = search_client.get("/api/v1/zoek?q=gemeenten&patroon=samenspel").get_json()
    assert data["results"] and all(r["kind"] in ("story", "tip") for r in data["results"])
    assert data["pagination"]["total"] == data["facets"]["pattern"]["samenspel"]
    assert set(data["facets"]) == {"pattern", "role", "year", "kind"}
    first = data["results"][0]
    assert "<mark>" in (first["snippet_html"] or "") and first["url"].startswith("http")


def test_search_filters_by_role_and_year(search_client, corpus):
    story = corpus.stories[0]
    data = search_client.get(f"/api/v1/zoek?rol={story.narrator_role}&jaar={story.year}").get_json()
    expected = sum(s.narrator_role == story.narrator_role and s.year == story.year for s in corpus.stories)
    assert data["pagination"]["total"] == expected


@pytest.mark.parametrize(("query", "problem"), [
    ("jaar=twintig", "ongeldig jaar"),
    ("patroon=maanland", "onbekende plaats"),
    ("rol=astronaut", "onbekende rol"),
    ("pagina=0", "ongeldige pagina"),
    ("soort=boek", "onbekende soort"),
    ("sorteer=willekeurig", "onbekende sortering"),
])
def test_search_rejects_bad_parameters_with_400(search_client, query, problem):
    response = search_client.get(f"/api/v1/zoek?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["status"] == 400 and any(problem in p for p in error["problems"])


def test_story_list_paginates(client, corpus):
    data = client.get("/api/v1/verhalen?pagina=2").get_json()
    assert data["pagination"] == {"page": 2, "per_page": 12, "total": len(corpus.stories),
                                  "pages": -(-len(corpus.stories) // 12)}
    assert len(data["stories"]) == 12 and "text" not in data["stories"][0]


def test_story_list_rejects_bad_filters(client):
    response = client.get("/api/v1/verhalen?jaar=ooit")
    assert response.status_code == 400
    assert response.get_json()["error"]["problems"] == ["ongeldig jaar ‘ooit’"]


def test_single_story_has_its_full_text(client, corpus):
    entry = corpus.stories[3]
    data = client.get(f"/api/v1/verhalen/{entry.slug}").get_json()
    assert data["text"] == entry.text and [p["slug"] for p in data["patterns"]] == list(entry.patterns)


@pytest.mark.parametrize("url", ["/api/v1/verhalen/bestaat-niet", "/api/v1/onbekend", "/api/v2/patronen"])
def test_unknown_api_urls_give_json_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.is_json and response.get_json()["error"]["status"] == 404


def test_patterns_include_tips_per_role(client):
    data = client.get("/api/v1/patronen").get_json()
    assert len(data["patterns"]) == 10
    assert all([t["audience"] for t in p["tips"]] == ["professionals", "coordinatoren", "ketenpartners", "gemeenten"]
               for p in data["patterns"])


def test_api_is_read_only(client):
    assert client.post("/api/v1/verhalen").status_code == 405
    assert client.post("/api/v1/verhalen").is_json


def test_cors_is_closed_by_default(client):
    response = client.get("/api/v1/patronen", headers={"Origin": "https://elders.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_search_api_says_when_the_index_is_unavailable(client):
    response = client.get("/api/v1/zoek?q=regels")
    assert response.status_code == 503 and response.get_json()["error"]["status"] == 503


@pytest.mark.parametrize("url", ["/api/v1/verhalen/bestaat-niet", "/api/v1/onbekend"])
def test_api_404s_speak_dutch(client, url):
    message = client.get(url).get_json()["error"]["message"]
    assert message.startswith("Niet gevonden") and "not found" not in message.lower()


def test_api_405_speaks_dutch(client):
    assert "alleen te lezen" in client.post("/api/v1/patronen").get_json()["error"]["message"]


def test_api_root_lists_every_endpoint_and_each_works(client, search_client):
    data = client.get("/api/v1/").get_json()
    urls = [endpoint["url"] for endpoint in data["endpoints"]]
    assert [url.split("/api/v1/")[1] for url in urls] == ["zoek", "verhalen", "verhalen/<slug>", "patronen"]
    assert "groep" in data["endpoints"][1]["parameters"]
    for url in urls:
        path = "/api/v1/" + url.split("/api/v1/")[1].replace("<slug>", "de-wachtlijst-op-tafel")
        assert search_client.get(path).status_code == 200, path
