"""Controlled vocabularies shared by the corpus, the forms and the pages.

Keys are stable ASCII slugs (they appear in URLs, data files and the database);
values are the Dutch labels the site shows. Order is the order on screen.
"""

# The ten places of the map, in journey order: corpus/patterns.yaml describes them, each has its own
# landmark in templates/partials/map_icons.html, and the K2 site's headings map onto them
# (exchange/k2.py). The one list of their slugs; a test checks that the corpus agrees.
PLACES = (
    "ruimte", "verantwoordelijkheid", "rolopvatting", "spanning", "samenspel",
    "stroperigheid", "passende-organisatie", "nieuwe-werken", "participatie", "leiderschap",
)

AUDIENCES = {
    "professionals": "Professionals",
    "coordinatoren": "Coördinatoren",
    "ketenpartners": "Ketenpartners",
    "gemeenten": "Gemeenten",
}

NARRATOR_ROLES = {
    "wethouder": "Wethouder",
    "beleidsmedewerker": "Beleidsmedewerker",
    "raadslid": "Raadslid",
    "inkoper": "Inkoper of contractmanager",
    "afdelingshoofd": "Afdelingshoofd",
    "manager-jeugdteam": "Manager jeugdteam",
    "teamcoordinator": "Teamcoördinator",
    "bestuurder-zorgaanbieder": "Bestuurder zorgaanbieder",
    "manager-zorgaanbieder": "Manager zorgaanbieder",
    "staf": "Staf- of kwaliteitsmedewerker",
    "jeugdprofessional": "Jeugdprofessional",
    "wmo-consulent": "Wmo-consulent",
    "welzijnswerker": "Welzijnswerker",
    "procesbegeleider": "Procesbegeleider",
    "gedragswetenschapper": "Gedragswetenschapper",
    "leerkracht": "Leerkracht of intern begeleider",
    "eerstelijn": "Huisarts of wijkverpleegkundige",
    "ouder": "Ouder",
    "jongere": "Jongere",
    "vrijwilliger": "Vrijwilliger",
    "anders": "Anders",
}

# Narrator roles so rare in one place that the role, with a place, names the person: the
# anonymiser warns the adviser about them (nlp/quasi.py gets the label and whether it is rare).
RARE_ROLES = frozenset({"wethouder", "raadslid", "afdelingshoofd", "manager-jeugdteam", "bestuurder-zorgaanbieder",
                        "eerstelijn"})

# Which narrator roles count as each of the four audiences, for "what did gemeenten say here".
# Defined once here: the place pages, /verhalen and the API all filter through it. Parents, young
# people, volunteers and "anders" belong to none of the four; they show under "alle vertellers".
AUDIENCE_ROLES = {
    "professionals": ("jeugdprofessional", "wmo-consulent", "welzijnswerker", "procesbegeleider",
                      "gedragswetenschapper"),
    "coordinatoren": ("manager-jeugdteam", "teamcoordinator", "manager-zorgaanbieder"),
    "ketenpartners": ("bestuurder-zorgaanbieder", "staf", "leerkracht", "eerstelijn"),
    "gemeenten": ("wethouder", "beleidsmedewerker", "raadslid", "inkoper", "afdelingshoofd"),
}

ORGANISATION_TYPES = {
    "gemeente": "Gemeente",
    "jeugdteam": "Jeugdteam of wijkteam",
    "zorgaanbieder": "Zorgaanbieder",
    "welzijnsorganisatie": "Welzijnsorganisatie",
    "onderwijs": "Onderwijs",
    "ketenpartner": "Andere ketenpartner",
    "geen": "Geen organisatie (inwoner)",
}

DUTCH_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)

STORY_STATUSES = ("submitted", "published", "rejected", "withdrawn")
STORY_SOURCES = ("corpus", "form", "import")
# What advisers read for the stored codes above.
STORY_STATUS_LABELS = {"submitted": "wacht op beoordeling", "published": "gepubliceerd", "rejected": "afgewezen",
                       "withdrawn": "ingetrokken door de verteller"}
STORY_SOURCE_LABELS = {"corpus": "corpus", "form": "formulier", "import": "import"}
AUDIT_ACTION_LABELS = {
    "submitted": "ingestuurd", "edited": "bewerkt", "published": "gepubliceerd", "rejected": "afgewezen",
    "unpublished": "publicatie ingetrokken", "purged": "opgeschoond", "promoted": "patroon gemaakt",
    "withdrawn": "ingetrokken door de verteller",
}
PATTERN_STATUSES = ("active", "emerging")
ASSIGNMENT_SOURCES = ("model", "adviser")


def month_year(month: int, year: int) -> str:
    """'maart 2024': how the site dates a story (the month it was told)."""
    return f"{DUTCH_MONTHS[month - 1]} {year}"


def role_label(role: str, other: str | None = None) -> str:
    """The Dutch label of a narrator role ("Inkoper of contractmanager"); for "anders", the
    teller's own (anonymised) words when there are any. The one definition: pages, search and intake."""
    if role == "anders" and other and other.strip():
        return other.strip()
    return NARRATOR_ROLES.get(role, role)


def narrator_line(role: str, other: str | None = None) -> str:
    """'Een inkoper of contractmanager vertelt': the genre's way to introduce the teller."""
    label = role_label(role, other)
    return f"Een {label[:1].lower() + label[1:]} vertelt"


def audience_of(role: str) -> str | None:
    """The audience a narrator role belongs to, if any."""
    return next((audience for audience, roles in AUDIENCE_ROLES.items() if role in roles), None)
