"""A simulated visitor for the load benchmarks: pages, searches, API calls and real submissions
through the two-step share form (the form, a preview, then a confirmation with the CSRF token and
the fingerprint from the preview page, then the receipt).

One client is one thread with its own keep-alive connection and session cookie, like a browser.
"""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from .synthetic import generate

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
FINGERPRINT = re.compile(r'name="fingerprint" type="hidden" value="([0-9a-f]+)"')
REFERENCE = re.compile(r'class="reference">(SB-[A-Z0-9]{6})<')
WORDS = ["wachtlijst", "gemeente", "jeugdhulp", "school", "ouders", "regels", "budget", "samenwerking",
         "wijkteam", "inkoop", "vertrouwen", "huisarts"]
ROLES = ["professionals", "coordinatoren", "ketenpartners", "gemeenten"]
NAMES = ["Petra Bakker", "Joost de Vries", "Fatima el Amrani", "Kees Jansen"]
# Share of each kind in the mix: one submission is four requests (form, preview, confirm, receipt).
MIX = [("page", 0.55), ("search", 0.2), ("api", 0.15), ("submit", 0.1)]


@dataclass
class Record:
    kind: str
    status: int
    started: float
    seconds: float


@dataclass
class Shared:
    """What every client needs to know of the site, read once, and what they all report."""

    places: list[str]
    stories: list[str]
    records: list[Record] = field(default_factory=list)
    references: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    texts: list = field(default_factory=list)

    def add(self, record: Record) -> None:
        with self.lock:
            self.records.append(record)


class Client:
    def __init__(self, base_url: str, shared: Shared, seed: int):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.shared, self.rng = shared, random.Random(seed)
        self.cookie, self.connection, self.last_page = None, None, ""

    def request(self, kind: str, method: str, path: str, form: dict | None = None) -> tuple[int, str, dict]:
        body = urlencode(form, doseq=True) if form is not None else None
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {}
        if self.cookie:
            headers["Cookie"] = self.cookie
        started = time.monotonic()
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            status, response_headers = response.status, dict(response.getheaders())
            if response.getheader("Connection", "").lower() == "close":
                self.close()
        except (OSError, http.client.HTTPException):
            self.close()
            status, text, response_headers = 0, "", {}  # no answer at all: refused, reset or timed out
            time.sleep(0.25)  # a server that is down is not hammered
        self.shared.add(Record(kind, status, started, time.monotonic() - started))
        self.last_page = text
        cookie = response_headers.get("Set-Cookie", "")
        if cookie.startswith("session="):
            self.cookie = cookie.split(";", 1)[0]
        return status, text, response_headers

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    # -- what a visitor does ------------------------------------------------------------------

    def page(self) -> None:
        rng = self.rng
        path = rng.choice([
            "/", f"/plaats/{rng.choice(self.shared.places)}", f"/verhaal/{rng.choice(self.shared.stories)}",
            "/verhalen", "/verhalen?pagina=2", f"/tips/{rng.choice(ROLES)}", "/over"])
        self.request("page", "GET", path)

    def search(self) -> None:
        words = " ".join(self.rng.sample(WORDS, self.rng.choice([1, 1, 2])))
        self.request("search", "GET", "/zoeken?" + urlencode({"q": words}))

    def api(self) -> None:
        rng = self.rng
        self.request("api", "GET", rng.choice([
            "/api/v1/verhalen", "/api/v1/patronen", f"/api/v1/verhalen/{rng.choice(self.shared.stories)}",
            "/api/v1/zoek?" + urlencode({"q": rng.choice(WORDS)})]))

    def submit(self, title: str | None = None, text: str | None = None) -> str | None:
        """One story through the two steps; the reference on the receipt, or None.

        Without ``title`` and ``text``: a synthetic story with a name and a phone number in it.
        """
        status, html, _ = self.request("form", "GET", "/deel-je-verhaal")
        token = CSRF.search(html)
        if status != 200 or not token:
            return None
        synthetic = self.shared.texts[self.rng.randrange(len(self.shared.texts))]
        if text is None:
            text = f"Mijn collega {self.rng.choice(NAMES)} belde me op 06-{self.rng.randint(10000000, 99999999)}. " \
                   + synthetic.text
        form = {"csrf_token": token[1], "title": title or synthetic.title[:200] or "Een verhaal",
                "narrator_role": "jeugdprofessional", "month": str(synthetic.month), "year": str(min(synthetic.year, 2025)),
                "text": text[:9000], "consent": "y", "places": list(synthetic.patterns), "preview": "1"}
        status, html, _ = self.request("preview", "POST", "/deel-je-verhaal", form)
        fingerprint, token = FINGERPRINT.search(html), CSRF.search(html)
        if status != 200 or not fingerprint or not token:
            return None
        form.pop("preview")
        form.update(csrf_token=token[1], fingerprint=fingerprint[1], confirm="1")
        status, _, headers = self.request("confirm", "POST", "/deel-je-verhaal", form)
        if status != 302:
            return None
        status, html, _ = self.request("receipt", "GET", urlsplit(headers.get("Location", "")).path or "/")
        reference = REFERENCE.search(html)
        if reference:
            with self.shared.lock:
                self.shared.references.add(reference[1])
            return reference[1]
        return None

    def run(self, until: float, kinds=MIX) -> None:
        actions = {"page": self.page, "search": self.search, "api": self.api, "submit": self.submit}
        names, weights = zip(*kinds)
        try:
            while time.monotonic() < until:
                actions[self.rng.choices(names, weights)[0]]()
        finally:
            self.close()


def site_facts(base_url: str) -> Shared:
    import json
    import urllib.request

    with urllib.request.urlopen(base_url + "/api/v1/patronen", timeout=60) as response:
        places = [p["slug"] for p in json.load(response)["patterns"]]
    with urllib.request.urlopen(base_url + "/api/v1/verhalen", timeout=60) as response:
        stories = [s["slug"] for s in json.load(response)["stories"]]
    return Shared(places=places, stories=stories, texts=list(generate(200, seed=4242, min_words=80, max_words=200)))


def run_clients(urls: list[str], shared: Shared, clients: int, seconds: float, kinds=MIX, seed: int = 1) -> float:
    """Run ``clients`` visitors spread over the servers for ``seconds``; returns the wall time."""
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=Client(urls[n % len(urls)], shared, seed * 1000 + n).run,
                                args=(until, kinds), daemon=True) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return time.monotonic() - started
