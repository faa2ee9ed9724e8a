"""Response headers: a strict content security policy everywhere, no caching of private pages."""

import pytest


@pytest.mark.parametrize("url", ["/", "/plaats/samenspel", "/verhalen", "/api/v1/patronen", "/bestaat-niet"])
def test_every_response_carries_the_security_headers(client, url):
    headers = client.get(url).headers
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy and "script-src" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_public_pages_may_be_cached_but_the_share_form_and_beheer_may_not(client):
    assert "no-store" not in client.get("/plaats/samenspel").headers.get("Cache-Control", "")
    assert client.get("/deel-je-verhaal").headers["Cache-Control"] == "no-store"
    assert client.get("/beheer/inloggen").headers["Cache-Control"] == "no-store"


def test_a_signed_in_adviser_gets_no_cached_pages_anywhere(adviser_client):
    assert adviser_client.get("/plaats/samenspel").headers["Cache-Control"] == "no-store"


def test_the_session_cookie_stays_on_this_site(client):
    client.get("/deel-je-verhaal")  # the CSRF token is kept in the session
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
