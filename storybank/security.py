"""Response headers that keep Storybank's pages to themselves.

The site runs no JavaScript and loads nothing from elsewhere, so its content
security policy can forbid everything but its own stylesheet and images.
Pages that carry a teller's words before moderation (the share form and its
preview, which holds the typed text in hidden fields) and everything an adviser
sees, and the withdrawal form (which echoes the codes typed into it), are never kept in a browser's or a proxy's cache.
"""

from __future__ import annotations

from flask import request, session

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self' data:",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
])
PRIVATE_PATHS = ("/deel-je-verhaal", "/intrekken", "/beheer", "/inzichten")


def init_app(app) -> None:
    @app.after_request
    def add_security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")  # search words stay on this site
        # Flask-Login keeps a signed-in adviser's id under "_user_id"; reading the session, not
        # current_user, keeps this working when the database is what failed.
        if request.path.startswith(PRIVATE_PATHS) or session.get("_user_id"):
            headers["Cache-Control"] = "no-store"
        return response
