"""Sentence frames for the generated anonymisation benchmark (bench/anon_generated.py).

Written for this benchmark by the Storybank team: first-person Dutch as people
in the social domain tell it, with slots {kind} or {kind:tag} (the same tag is
the same person). FRAMES are written prose, CHAT_FRAMES the lowercase of app
messages, FILLER has no identifier (it keeps the precision honest).
"""

FRAMES = [
    "Ik ben {voornaam:a} en ik werk nu vier jaar in het wijkteam.",
    "Mijn naam is {naam:a}, ik ben moeder van drie kinderen.",
    "De vader, {voornaam:b}, kwam pas na een half jaar naar het gesprek.",
    "Vader, {voornaam:b}, zat er de hele tijd zwijgend bij.",
    "Toen belde mevrouw {achternaam:c} van de school, ze maakte zich zorgen.",
    "Ik heb met {voornaam:a} afgesproken dat we het samen zouden uitzoeken.",
    "Haar dochter {voornaam:d} was toen net veertien.",
    "Mijn zoon heet {voornaam:d} en hij zit in de tweede klas.",
    "De jongen heette {voornaam:d}, maar iedereen noemde hem anders.",
    "Meneer {achternaam:c} van de woningcorporatie wilde eerst de huurschuld zien.",
    "{naam:b} stond ineens voor de deur van ons kantoor.",
    "Samen met {voornaam:a} ben ik naar de rechtbank gegaan.",
    "{voornaam:d} vertelde dat {voornaam:d}'s fiets was gestolen.",
    "Ik weet nog dat {naam:e} huilend aan de telefoon hing.",
    "Ze gaf me haar nummer, {telefoonnummer}, voor als er iets zou gebeuren.",
    "Je kunt me bereiken op {telefoonnummer}, ook in het weekend.",
    "Het nummer van de moeder was {telefoonnummer} en ze nam nooit op.",
    "Ze mailde me vanaf {e-mail} met een foto van de brief.",
    "Stuur het maar naar {e-mail}, dat lees ik elke dag.",
    "Hij volgde haar op Instagram als {handle} en stuurde berichtjes.",
    "Op TikTok heet ze {handle}, daar staat alles op.",
    "Zijn profiel staat op {url}, daar zag ik dat hij een baan had.",
    "Ze stuurde me de link {url} zodat ik kon zien wie hij was.",
    "Zijn BSN is {bsn}, dat stond gewoon in de mail.",
    "Het burgerservicenummer van het kind, {bsn}, stond op de beschikking.",
    "Op het formulier stond {bsn} bij de vader, zonder uitleg.",
    "De toeslag ging naar rekening {iban} en daarna was het geld op.",
    "Ze gaf me haar rekeningnummer {iban} voor de bewindvoerder.",
    "De auto met kenteken {kenteken} stond elke avond voor de deur.",
    "Ik heb het kenteken opgeschreven: {kenteken}.",
    "Het gezin woonde op de {adres}, drie hoog zonder lift.",
    "We zijn verhuisd naar de {adres} in een andere wijk.",
    "Mijn adres is {adres}, {postcode}, dat mag erbij.",
    "De postcode is {postcode}, dat is net buiten ons gebied.",
    "Ze is geboren op {geboortedatum} en was toen nog heel klein.",
    "Mijn geboortedatum is {geboortedatum}, dat weet u al.",
    "Hij is van {geboortedatum}, dus bijna achttien.",
    "Mijn dochter, die op {geboortedatum} is geboren, kreeg geen plek.",
    "Het dossiernummer is {dossiernummer}, daar moet u naar vragen.",
    "In zaak {dossiernummer} is nog steeds niets besloten.",
    "Ons kenmerk was {dossiernummer}, zo staat het in elke brief.",
    "Haar cliëntnummer is {dossiernummer}, zei de consulent.",
    "Ik heb {voornaam:a} en {voornaam:f} allebei gebeld, maar niemand nam op.",
    "Oma {voornaam:f} paste op de kinderen als het thuis niet ging.",
    "De mentor, meneer {achternaam:g}, zag als eerste dat er iets mis was.",
    "Juf {voornaam:f} zei dat {voornaam:d} niet meer at op school.",
    "Collega {naam:g} nam de casus van me over toen ik ziek werd.",
]

CHAT_FRAMES = [
    "ik ben {voornaam:a} en ik ben 17",
    "ik heet {voornaam:a} en ik woon bij mijn tante",
    "mn moeder heet {voornaam:b} en ze werkt nachten",
    "ik had gister contact met {voornaam:c} van het jongerenwerk",
    "{naam:a} zei dat het niet mocht",
    "ik heb met {naam:c} gepraat en die snapte het wel",
    "mijn zus {voornaam:d} mag niet meer bij ons komen",
    "volg me op {handle} als je wil",
    "mijn insta is {handle} trouwens",
    "mail maar naar {e-mail}",
    "bel me op {telefoonnummer} als je er bent",
    "mn nummer is {telefoonnummer}",
    "ik woon op de {adres} met mijn broertje",
    "postcode is {postcode} als je het wil weten",
    "mijn bsn is {bsn} staat op mijn pas",
    "kenteken van die auto was {kenteken} ik heb het gezien",
    "ik ben geboren op {geboortedatum}",
    "ik ben van {geboortedatum} dus nog geen 18",
    "mijn dossiernummer is {dossiernummer} zeggen ze",
    "check {url} daar staat alles",
    "de begeleider {voornaam:e} kwam te laat",
    "met {voornaam:e} is het gewoon chill",
]

FILLER = [
    "Het duurde maanden voordat iemand echt luisterde.",
    "We hebben toen besloten om het anders aan te pakken.",
    "De regels waren duidelijk, maar ze pasten niet bij dit gezin.",
    "Niemand wist precies wie er verantwoordelijk was.",
    "Achteraf denk ik dat we eerder hadden moeten ingrijpen.",
    "Het gesprek aan de keukentafel maakte het verschil.",
    "Ik was moe, maar ik wilde het niet opgeven.",
    "De wachtlijst was lang en de zorgen werden groter.",
    "Gelukkig kwam er na de zomer eindelijk ruimte.",
    "Dat had ik in al die jaren nog nooit meegemaakt.",
    "ja dus toen dacht ik laat maar",
    "echt niemand snapte wat ik bedoelde",
    "het ging eigenlijk best goed daarna",
    "ik had gewoon geen zin meer in al die gesprekken",
]

_UNITS = ["een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]
WORD_DAYS = (_UNITS + ["tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien",
                       "negentien", "twintig"] + [f"{u}entwintig" for u in _UNITS[:8]])
WORD_YEARS = {2000 + n: f"tweeduizend{word}" for n, word in enumerate(["", *_UNITS, "tien", "elf", "twaalf"])}
WORD_YEARS.update({1980 + n: f"negentien{u}entachtig" if n else "negentientachtig"
                   for n, u in enumerate(["", *_UNITS])})
