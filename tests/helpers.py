"""Plain helpers for tests that call them with their own clients and apps (not a test module, not
conftest.py). Anything that needs a fixture's state is a fixture in tests/conftest.py instead."""

import re
from pathlib import Path

from storybank.anonymity import curated
from storybank.extensions import db
from storybank.models import Story

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = PROJECT_ROOT / "corpus"
DATA = Path(__file__).resolve().parent / "data"

# -- the share form ----------------------------------------------------------------------------

STORY = ("Mijn collega Joost de Vries belde me op een vrijdagmiddag. Mevrouw Jansen, de moeder, was "
         "bereikbaar op 06-12345678 en mailde vanaf jansen.moeder@example.org. Haar BSN 123456782 stond "
         "zomaar in het verslag, en ze woont op de Kerkstraat 12, 3701 AB. Het duurde weken voordat "
         "iemand besloot wat er moest gebeuren, terwijl het gezin al die tijd wachtte op hulp.")
SECRETS = ("Joost", "Vries", "Jansen", "06-12345678", "jansen.moeder", "123456782", "Kerkstraat", "3701 AB")


def form_data(**overrides):
    data = {"title": "Wachten op een besluit", "narrator_role": "jeugdprofessional", "month": "3", "year": "2024",
            "text": STORY, "consent": "y", "places": ["stroperigheid"], "preview": "1"}
    data.update(overrides)
    return data


def preview(client, **overrides):
    """Post the share form for a preview; the page's HTML."""
    response = client.post("/deel-je-verhaal", data=form_data(**overrides))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def confirm(client, html, **overrides):
    """Confirm what the preview page ``html`` showed (its fingerprint); the response."""
    fingerprint = re.search(r'name="fingerprint" type="hidden" value="([0-9a-f]+)"', html)[1]
    data = form_data(**overrides)
    data.pop("preview")
    data.update(confirm="1", fingerprint=fingerprint)
    return client.post("/deel-je-verhaal", data=data)


# -- advisers ----------------------------------------------------------------------------------

def review_version(client, story_id):
    """The version the review page's form carries (every adviser action must send it back)."""
    html = client.get(f"/beheer/verhaal/{story_id}").get_data(as_text=True)
    return re.search(r'name="version" value="(\d+)"', html)[1]


def publish(client, story_id, *patterns, exemplary=(), title=None, text=None):
    """An adviser's client publishes the story on these places."""
    data = {"action": "publish", "patterns": list(patterns), "exemplary": list(exemplary),
            "version": review_version(client, story_id)}
    if title:
        data["title"] = title
    if text:
        data["text"] = text
    return client.post(f"/beheer/verhaal/{story_id}", data=data)


# -- rows made by hand ------------------------------------------------------------------------

def commit_rows():
    """Commit fixture rows made by hand and tell search about every story among them, as the
    services do for their own changes through storybank.changes (tests skip the lifecycle here).
    Call it inside the app's context."""
    from storybank import changes

    session = db.session()
    for story in (*session.new, *session.dirty, *session.deleted):
        if isinstance(story, Story):
            if story.id is None:
                changes.touch_new_story(story)
            else:
                changes.touch_story(story.id)
    changes.commit()


def add_story(**fields) -> int:
    """A story row made by hand, published unless ``status`` says otherwise, committed through
    ``commit_rows`` so that search hears of it; returns its id. Call it inside the app's context."""
    values = dict(narrator_label="Een ouder vertelt", narrator_role="ouder", month=3, year=2025,
                  status="published", source="form")
    values.update(fields)
    with curated():  # fixture rows, not typed text
        story = Story(**values)
        db.session.add(story)
        commit_rows()
    return story.id


# -- rows for the command-line tests (on an app that `storybank init` filled) -----------------------

def add_submission(app, slug="ingestuurd"):
    with app.app_context(), curated():  # fixture rows, not typed text
        db.session.add(Story(slug=slug, title="t", narrator_label="Een ouder vertelt", narrator_role="ouder",
                             month=1, year=2024, text="x", source="form"))
        db.session.commit()


def has_submission(app, slug="ingestuurd"):
    with app.app_context():
        return db.session.scalar(db.select(Story).where(Story.slug == slug)) is not None


# Stories about something none of our ten places is about (summer football and swimming lessons):
# what the pattern model leaves unexplained and the clusters gather.
UNPLACED_STORIES = [
    "De zomervakantie duurde zes weken en de sportclub bleef open. De trainer zette elke ochtend pionnen uit op "
    "het veld en liet de kinderen passen, koppen en op doel schieten. Na de lunch speelden ze een wedstrijd.",
    "Op het voetbalkamp in de zomervakantie was het warm. De trainer had grote flessen water klaarstaan, de "
    "keepers oefenden duiken in het gras en aan het eind van de week kreeg iedere speler een medaille.",
    "In de laatste week van de zomervakantie speelde de sportclub een toernooi op drie velden. Ouders stonden "
    "langs de lijn, de scheidsrechter floot twintig wedstrijden en de trainer deelde bekers uit.",
    "Zwemles in de zomervakantie bij het zwembad: de badmeester liet de kinderen drijven, watertrappelen en "
    "onder water een ring opduiken. Wie dat kon, mocht van de hoge duikplank springen.",
    "Het zwembad gaf in de zomervakantie elke ochtend zwemles. De badmeester legde matten in het ondiepe bad en "
    "oefende de schoolslag, eerst met plankjes en daarna zonder, tot iedereen een baan kon zwemmen.",
    "De badmeester van het zwembad hield in de zomervakantie examens voor het zwemdiploma. De kinderen zwommen "
    "met kleren aan, klommen uit het water en maakten een rol onder een zeil door.",
]
