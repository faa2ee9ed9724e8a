"""Friendly error pages in the site's own style; never a traceback."""

from flask import current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from . import changes
from .lifecycle import LifecycleError

MESSAGES = {
    400: ("Dat verzoek begrijpen we niet", "Er ging iets mis met wat er werd verstuurd."),
    404: ("Deze plek staat niet op de kaart",
          "De pagina die u zoekt bestaat niet (meer). Misschien is de link verouderd."),
    405: ("Dat kan hier niet", "Deze pagina kan niet op deze manier worden gebruikt."),
    413: ("Dat is te veel in één keer",
          "Wat u verstuurde is groter dan wij aannemen (een verhaal mag hoogstens 10.000 tekens zijn). Er is niets "
          "opgeslagen. Ga terug in uw browser: daar staat uw tekst nog, zodat u die kunt inkorten."),
    429: ("Even rustig aan",
          "U heeft in korte tijd veel verstuurd. Wacht een uur en probeer het dan opnieuw; er is niets verloren gegaan "
          "van wat al was verstuurd."),
    503: ("Even niet beschikbaar", "Dit onderdeel wordt bijgewerkt. Probeer het over een paar minuten opnieuw."),
    500: ("Er ging iets mis bij ons",
          "Het probleem ligt niet bij u. Probeer het over een paar minuten opnieuw."),
}


def render_error(error: HTTPException):
    code = error.code or 500
    if request.path.startswith("/api/"):
        return json_error(error, code)
    title, text = MESSAGES.get(code, (error.name, error.description))
    return render_template("error.html", code=code, title=title, text=text), code


# The API's own words for the errors Werkzeug raises (its descriptions are English).
API_MESSAGES = {
    404: "Niet gevonden: deze URL of dit verhaal bestaat niet (meer). /api/v1/ noemt alle endpoints.",
    405: "Deze methode kan hier niet: de API is alleen te lezen (GET).",
    413: "Het verzoek is te groot.",
    429: "Te veel verzoeken in korte tijd. Probeer het later opnieuw.",
    503: "De zoekindex wordt opnieuw opgebouwd. Probeer het over een paar minuten opnieuw.",
}


def json_error(error: HTTPException, code: int):
    """API errors keep one shape: {"error": {"status", "message"[, "problems"]}}, in Dutch."""
    if code >= 500 and code != 503:
        message = MESSAGES[500][1]
    elif getattr(error, "problems", None) or code not in API_MESSAGES:
        message = error.description  # our own errors (InvalidParameters) speak Dutch already
    else:
        message = API_MESSAGES[code]
    body = {"status": code, "message": message}
    if getattr(error, "problems", None):
        body["problems"] = error.problems
    return jsonify({"error": body}), code


def refuse_oversized_bodies() -> None:
    """Refuse a body over the limit before anything reads it, on every URL (the API answers 413
    as JSON, like its other errors); Werkzeug's own check only fires when a form is read."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit and (request.content_length or 0) > limit:
        raise RequestEntityTooLarge(MESSAGES[413][1])


def render_refusal(error: LifecycleError):
    """A change the story's lifecycle refuses (storybank.lifecycle): 409 with its Dutch reason,
    wherever it was asked for. Nothing was changed, so the session's work is dropped."""
    changes.rollback()
    if request.path.startswith("/api/"):
        return jsonify({"error": {"status": error.status_code, "message": error.message}}), error.status_code
    return render_template("error.html", code=error.status_code, title="Dat kan niet met dit verhaal",
                           text=error.message), error.status_code


def init_app(app) -> None:
    # Unhandled exceptions reach this handler as InternalServerError (500) once
    # Flask has logged them; in tests they propagate so failures stay visible.
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(LifecycleError, render_refusal)
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_oversized_bodies)
