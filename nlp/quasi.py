"""Quasi-identifiers: words that stay in a story but may, together, point at one person.

A school or a small organisation, an island or a country of origin, a small
village, an exact date, an age: none names anyone alone, and the story may need
it, so it is flagged for the adviser, not replaced. ``reidentification_warnings``
says when flags meet each other, a rare role or an exact date.
"""

from __future__ import annotations

import regex

from .identifiers import Span

# Countries and islands people in Dutch youth care often come from (Dutch spelling), and
# the islands of the Kingdom; an island of a few thousand people points at few families.
ISLANDS = ("Curaçao|Curacao|Aruba|Bonaire|Sint Maarten|Sint-Maarten|Saba|Sint Eustatius|Statia|Texel|Vlieland|"
           "Terschelling|Ameland|Schiermonnikoog|Urk|Marken|Goeree|Tholen|Schouwen")
COUNTRIES = ("Suriname|Marokko|Turkije|Polen|Syrië|Syrie|Eritrea|Somalië|Somalie|Afghanistan|Irak|Iran|Ethiopië|"
             "Ghana|Nigeria|Kaapverdië|Roemenië|Bulgarije|Hongarije|Litouwen|Letland|Oekraïne|Rusland|Servië|"
             "Bosnië|Kosovo|Albanië|Egypte|Algerije|Tunesië|Libië|Soedan|Jemen|Pakistan|India|China|Vietnam|"
             "Indonesië|Molukken|Filipijnen|Brazilië|Colombia|Venezuela|Dominicaanse Republiek|Kameroen|Congo|"
             "Angola|Guinee|Sierra Leone|Liberia|Koerdistan|Palestina|Libanon|Jordanië|Armenië|Georgië|Tsjetsjenië")
NATIONALITIES = {
    "surinaams", "surinaamse", "marokkaans", "marokkaanse", "turks", "turkse", "pools", "poolse", "syrisch", "syrische",
    "eritrees", "eritrese", "somalisch", "somalische", "afghaans", "afghaanse", "iraaks", "iraakse", "iraans",
    "iraanse", "antilliaans", "antilliaanse", "arubaans", "arubaanse", "curaçaos", "curaçaose", "kaapverdiaans",
    "kaapverdiaanse", "ghanees", "ghanese", "nigeriaans", "nigeriaanse", "bulgaars", "bulgaarse", "roemeens",
    "roemeense", "hongaars", "hongaarse", "koerdisch", "koerdische", "moluks", "molukse", "hindoestaans",
    "hindoestaanse", "javaans", "javaanse", "chinees", "chinese", "ethiopisch", "ethiopische", "egyptisch",
    "egyptische", "oekraïens", "oekraïense", "russisch", "russische", "braziliaans", "braziliaanse", "colombiaans",
    "colombiaanse", "dominicaans", "dominicaanse", "berbers", "berberse", "arabisch", "arabische", "nederlands",
    "nederlandse", "duits", "duitse", "belgisch", "belgische", "frans", "franse", "engels", "engelse", "spaans",
    "spaanse", "portugees", "portugese", "italiaans", "italiaanse", "litouws", "litouwse", "lets", "letse",
}
ORIGIN = regex.compile(rf"\b(?:{ISLANDS}|{COUNTRIES})\b")
NATIONALITY = regex.compile(rf"\b(?i:{'|'.join(sorted(NATIONALITIES, key=len, reverse=True))})\b")
# Schools and small organisations: "basisschool De Regenboog", "De Klimop", "'t Kompas", "It Fûgelnêst",
# "het Da Vinci College", "SBO De Wissel", "kinderopvang Ukkie".
SCHOOL_WORD = (r"(?i:basisschool|school|brede school|kindcentrum|ikc|sbo|so|vso|mavo|havo|vwo|lyceum|college|"
               r"gymnasium|praktijkonderwijs|mbo|roc|kinderopvang|peuterspeelzaal|kinderdagverblijf|bso|"
               r"buurthuis|wijkcentrum|jongerencentrum|voetbalclub|vereniging|moskee|kerk|gemeente|zorgboerderij|"
               r"woongroep|gezinshuis|instelling|praktijk|kliniek|opvang)")
NAME_WORDS = r"(?:\p{Lu}[\p{L}'’-]*|van|de|der|den|het|'t|op|aan|in)"
SMALL_ORGANISATION = regex.compile(
    rf"(?:\b{SCHOOL_WORD}\s+)?(?<![\p{{L}}])(?:De|Het|'t|’t|It|Op|In)\s+\p{{Lu}}[\p{{L}}'’-]+(?:\s+{NAME_WORDS}){{0,3}}"
    rf"|\b{SCHOOL_WORD}\s+\p{{Lu}}[\p{{L}}'’-]+(?:\s+\p{{Lu}}[\p{{L}}'’-]+){{0,3}}"
    rf"|\b\p{{Lu}}[\p{{L}}'’-]+(?:\s+\p{{Lu}}[\p{{L}}'’-]+){{0,2}}\s+(?:College|Lyceum|Gymnasium|School|Academie)\b")
# Villages and small towns the teller names: "in ons dorp X", "uit X" are left to deduce's place
# list; this rule catches "het dorp X" and "in X, een dorp van 800 inwoners".
VILLAGE = regex.compile(r"\b(?:dorp|dorpje|gehucht|buurtschap|kern)\s+(\p{Lu}[\p{L}'’-]+(?:[ -]\p{Lu}[\p{L}'’-]+)?)")
