"""A generated anonymisation benchmark: spoken Dutch frames filled with identifiers from many countries.

    python -m bench.anon_generated --count 1000 > probes.jsonl   # the probe format of bench.anon_probes

The frames are first-person Dutch as wijkteam workers, parents and young people
speak it, some in chat-like lowercase; they were written for this benchmark and
share no sentence with the tests of the rules. Names, streets and e-mail
addresses come from Faker (nl_NL, tr_TR, pl_PL, ar_AA, en_GB, fr_FR, pt_BR);
BSN, IBAN, plates, phone numbers and case numbers from our own generators
below, in the groupings people type. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import string
import sys

from bench.anon_frames import CHAT_FRAMES, FILLER, FRAMES, WORD_DAYS, WORD_YEARS

LOCALES = ("nl_NL", "tr_TR", "pl_PL", "ar_AA", "en_GB", "fr_FR", "pt_BR")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")
SIDECODES = ("LL-DD-DD", "DD-DD-LL", "DD-LL-DD", "LL-DD-LL", "LL-LL-DD", "DD-LL-LL", "DD-LLL-D", "D-LLL-DD",
             "LL-DDD-L", "L-DDD-LL", "LLL-DD-L", "L-DD-LLL", "D-LL-DDD", "DDD-LL-D")
PLATE_LETTERS = "BDFGHJKLNPRSTVXZ"
BANKS = ("ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ")


class Generator:
    def __init__(self, seed: int = 20261125):
        from faker import Faker

        self.rng = random.Random(seed)
        self.fakers = {}
        for number, locale in enumerate(LOCALES):
            faker = Faker(locale)
            faker.seed_instance(seed + number)
            self.fakers[locale] = faker

    def faker(self, *, latin: bool = False):
        # Half the names Dutch, the rest from the other six locales (ar_AA writes Arabic script,
        # so addresses built from names, which are ASCII, take the Latin-script locales).
        others = [loc for loc in LOCALES[1:] if not (latin and loc == "ar_AA")]
        locale = "nl_NL" if self.rng.random() < 0.5 else self.rng.choice(others)
        return self.fakers[locale]

    # -- names and things Faker makes --------------------------------------------------

    def first(self) -> str:
        return self.faker().first_name().split()[0]

    def last(self) -> str:
        return self.faker().last_name()

    def full(self) -> str:
        faker = self.faker()
        return f"{faker.first_name().split()[0]} {faker.last_name()}"

    def email(self) -> str:
        faker = self.faker(latin=True)
        if self.rng.random() < 0.5:
            return faker.email()
        local = _ascii(f"{faker.first_name().split()[0]}.{faker.last_name()}".lower().replace(" ", ""))
        return f"{local}{self.rng.choice(['', str(self.rng.randint(1, 99))])}@{self.rng.choice(['gmail.com', 'hotmail.com', 'outlook.com', 'ziggo.nl', 'kpnmail.nl'])}"

    def handle(self) -> str:
        faker = self.faker(latin=True)
        if self.rng.random() < 0.5:
            return "@" + re.sub(r"[^a-z0-9._]", "", _ascii(faker.user_name()))
        name = _ascii(f"{faker.first_name().split()[0]}{self.rng.choice(['.', '_', ''])}{faker.last_name()}".lower())
        return "@" + re.sub(r"[^a-z0-9._]", "", name) + self.rng.choice(["", "_", str(self.rng.randint(1, 2010))])

    def url(self) -> str:
        faker = self.faker(latin=True)
        slug = _ascii(f"{faker.first_name().split()[0]}-{faker.last_name()}".lower()).replace(" ", "-")
        site = self.rng.choice([f"linkedin.com/in/{slug}", f"instagram.com/{slug.replace('-', '.')}",
                                f"facebook.com/{slug.replace('-', '.')}", f"tiktok.com/@{slug.replace('-', '')}",
                                faker.url().rstrip("/") + "/" + slug])
        return self.rng.choice(["", "https://", "www."]) + site if not site.startswith("http") else site

    def street(self, lowercase: bool = False) -> str:
        name = self.fakers["nl_NL"].street_name()
        number = str(self.rng.randint(1, 250)) + self.rng.choice(["", "", "a", "b", "-2", " bis", "A"])
        value = f"{name} {number}"
        return value.lower() if lowercase else value

    # -- our own generators ----------------------------------------------------------

    def bsn(self) -> str:
        while True:
            digits = [self.rng.randint(0, 9) for _ in range(8)]
            check = sum(d * w for d, w in zip(digits, range(9, 1, -1))) % 11
            if check < 10 and digits[0] != 0:
                value = "".join(map(str, digits + [check]))
                break
        style = self.rng.choice(["plain", "plain", "333", "dots", "4.2.3", "2s"])
        return {"plain": value, "333": f"{value[:3]} {value[3:6]} {value[6:]}",
                "dots": f"{value[:3]}.{value[3:6]}.{value[6:]}", "4.2.3": f"{value[:4]}.{value[4:6]}.{value[6:]}",
                "2s": f"{value[:2]} {value[2:4]} {value[4:6]} {value[6:]}"}[style]

    def iban(self) -> str:
        bank = self.rng.choice(BANKS)
        account = "".join(str(self.rng.randint(0, 9)) for _ in range(10))
        numeric = "".join(str(int(c, 36)) for c in bank + account + "NL00")
        value = f"NL{98 - int(numeric) % 97:02d}{bank}{account}"
        if self.rng.random() < 0.4:
            value = " ".join(value[i:i + 4] for i in range(0, len(value), 4))
        return value.lower() if self.rng.random() < 0.1 else value

    def plate(self) -> str:
        code = self.rng.choice(SIDECODES)
        value = "".join(self.rng.choice(PLATE_LETTERS) if c == "L" else str(self.rng.randint(0, 9)) if c == "D" else c
                        for c in code)
        if self.rng.random() < 0.3:
            value = value.replace("-", "")
        return value.lower() if self.rng.random() < 0.3 else value

    def phone(self) -> str:
        if self.rng.random() < 0.15:
            return self.rng.choice([self.fakers["en_GB"], self.fakers["fr_FR"], self.fakers["pl_PL"]]).phone_number()
        mobile = "6" + "".join(str(self.rng.randint(0, 9)) for _ in range(8))
        area = self.rng.choice(["20", "10", "30", "70", "40", "50", "343", "513", "172"])
        rest = "".join(str(self.rng.randint(0, 9)) for _ in range(9 - len(area)))
        return self.rng.choice([
            f"0{mobile[:1]}-{mobile[1:]}", f"0{mobile[:1]} {mobile[1:5]} {mobile[5:]}", f"0{mobile}",
            f"+31 {mobile[:1]} {mobile[1:]}", f"+31{mobile}", f"0031 {mobile[:1]} {mobile[1:]}",
            f"0{area}-{rest}", f"0{area} {rest[:3]} {rest[3:]}", f"(0{area}) {rest}",
            self.fakers["nl_NL"].phone_number(),
        ])

    def postcode(self) -> str:
        value = f"{self.rng.randint(1000, 9999)}{self.rng.choice(['', ' '])}" \
                f"{''.join(self.rng.choice(string.ascii_uppercase.replace('S', '')) for _ in range(2))}"
        return value.lower() if self.rng.random() < 0.3 else value

    def birth_date(self) -> str:
        day, month, year = self.rng.randint(1, 28), self.rng.randint(1, 12), self.rng.randint(1950, 2022)
        return self.rng.choice([
            f"{day} {MONTHS[month - 1]} {year}", f"{day}-{month}-{year}", f"{day:02d}-{month:02d}-{year}",
            f"{day:02d}/{month:02d}/{year}", f"{day}.{month}.{year}",
            f"{WORD_DAYS[day - 1]} {MONTHS[month - 1]} {WORD_YEARS.get(year, year)}",
        ])

    def case_number(self) -> str:
        year = self.rng.randint(2015, 2025)
        return self.rng.choice([
            f"{year}-{self.rng.randint(100, 99999):05d}", f"JZ-{year}-{self.rng.randint(1, 9999):04d}",
            f"Z/{year % 100}/{self.rng.randint(10000, 999999)}", f"C{self.rng.randint(100000, 9999999)}",
            f"{year}/{self.rng.randint(100, 9999)}", f"WMO{self.rng.randint(10000, 99999)}",
        ])

    # -- texts -----------------------------------------------------------------------

    def value(self, kind: str, lowercase: bool) -> str:
        makers = {"voornaam": self.first, "achternaam": self.last, "naam": self.full, "e-mail": self.email,
                  "handle": self.handle, "url": self.url, "bsn": self.bsn, "iban": self.iban, "kenteken": self.plate,
                  "telefoonnummer": self.phone, "postcode": self.postcode, "geboortedatum": self.birth_date,
                  "dossiernummer": self.case_number, "adres": lambda: self.street(lowercase)}
        value = makers[kind]()
        if lowercase and kind in ("voornaam", "achternaam", "naam"):
            value = value.lower()
        return value

    def text(self, number: int) -> dict:
        chat = self.rng.random() < 0.3
        frames = self.rng.sample(CHAT_FRAMES if chat else FRAMES, self.rng.randint(2, 3))
        fillers = self.rng.sample(FILLER, 2)
        sentences = frames + fillers
        self.rng.shuffle(sentences)
        identifiers, parts, people = [], [], {}
        for sentence in sentences:
            def fill(match: re.Match) -> str:
                slot = match[1]
                kind, _, tag = slot.partition(":")
                if tag and (kind, tag) in people:
                    value = people[kind, tag]
                else:
                    value = self.value(kind, lowercase=chat)
                    people[kind, tag] = value
                identifiers.append({"kind": "persoon" if kind in ("voornaam", "achternaam", "naam") else kind,
                                    "value": value})
                return value
            parts.append(re.sub(r"\{([\w:-]+)\}", fill, sentence))
        text = " ".join(parts)
        if chat:
            text = text[0].lower() + text[1:]
        return {"id": f"gen-{number}", "text": text, "identifiers": _in_reading_order(text, identifiers), "quasi": []}

    def texts(self, count: int) -> list[dict]:
        """``count`` probes; a text where a value hides inside another (a name in an address) is made again."""
        from bench.anon_probes import ProbeError, locate

        records = []
        for number in range(1, count + 1):
            while True:
                record = self.text(number)
                try:
                    locate(record["text"], record["identifiers"], number)
                except ProbeError:
                    continue
                records.append(record)
                break
        return records


def _ascii(value: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c)
                   and (c.isascii()))


def _in_reading_order(text: str, identifiers: list[dict]) -> list[dict]:
    """Sort listings by where they stand, so the k-th listing of a value is its k-th occurrence."""
    positions, seen = [], {}
    for item in identifiers:
        start = seen.get(item["value"], -1) + 1
        found = text.find(item["value"], start)
        seen[item["value"]] = found
        positions.append((found, item))
    return [item for _, item in sorted(positions, key=lambda pair: pair[0])]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.anon_generated", description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args(argv)
    for record in Generator(args.seed).texts(args.count):
        print(json.dumps(record, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
