"""The load of `make loadtest`: people of each role doing their usual work on the portal.

Run by bench/loadtest.py, which builds the dataset, creates the accounts and writes the
plan this file reads (LOAD_PLAN: accounts with their password, report and review
targets). Each simulated person signs in once with an account of their own and then
works with a pause of one to four seconds between pages:

- ministry staff read the national and provincial dashboards and the BLK-K lists behind them;
- managers open their programmes, fill in the report form and send it;
- mentors open their review queue and a report, then approve it or return it with a note;
- everyone searches the directory.

Only 127.0.0.1 is ever addressed. The run stops by itself at locust's --run-time, or
after LOAD_MAX_REQUESTS requests, whichever comes first.
"""

import itertools
import json
import os
import random
import re
import threading
from urllib.parse import urlsplit

import gevent
from locust import HttpUser, between, events, task

PLAN = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115 - read once at import
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "60000"))
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
SEARCH_TERMS = ["Uji 1", "Uji 27", "Lembaga Uji 3", "Al-Fakhriyah", "Uji 4", "Uji 512", "pesantren", ""]
LEVELS = ["", "", "tumbuh", "berkembang", "mandiri"]
NARRATIVES = [
    "Pelatihan menjahit angkatan kedua selesai; 16 peserta lulus uji kompetensi.",
    "Kerja sama dengan bengkel setempat ditandatangani; magang dimulai bulan depan.",
    "Unit produksi menerima pesanan seragam dari dua sekolah.",
]


class RequestBudget:
    """Ends the run after a fixed number of requests, whatever --run-time still allows."""

    def __init__(self, limit):
        self.limit, self.sent, self.environment = limit, 0, None
        self.lock = threading.Lock()

    def attach(self, environment, **kwargs):
        target = urlsplit(environment.host or "")
        if target.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit(f"The load test addresses only this machine, not {environment.host!r}.")
        self.environment = environment

    def count(self, **kwargs):
        with self.lock:
            self.sent += 1
            reached = self.sent == self.limit
        if reached and self.environment is not None and self.environment.runner is not None:
            # Quit from a greenlet of its own: this hook runs inside a simulated user's greenlet.
            gevent.spawn(self.environment.runner.quit)


budget = RequestBudget(MAX_REQUESTS)
events.init.add_listener(budget.attach)
events.request.add_listener(budget.count)


class Person(HttpUser):
    """A signed-in person with an account of their own from the plan."""

    abstract = True
    wait_time = between(1, 4)
    role = ""
    _next_account = None

    def on_start(self):
        accounts = PLAN["accounts"][self.role]
        self.account = accounts[next(type(self)._next_account) % len(accounts)]
        self.client.headers["Accept-Language"] = "id"
        page = self.client.get("/accounts/login/", name="sign in (form)")
        response = self.client.post(
            "/accounts/login/",
            {"username": self.account["username"], "password": PLAN["password"], "csrfmiddlewaretoken": token(page)},
            name="sign in",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"{self.account['username']} could not sign in ({response.status_code})")

    @task(2)
    def search_the_directory(self):
        query = {"q": random.choice(SEARCH_TERMS), "province": random.choice(PLAN["provinces"])}
        level = random.choice(LEVELS)
        if level:
            query["level"] = level
        self.client.get("/blkk/", params=query, name="directory search")

    def post_form(self, url, fields, name, expected=302):
        """Send a form the way a browser does: with the CSRF token of the page that showed it."""
        with self.client.post(url, fields, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != expected:
                response.failure(f"expected {expected}, got {response.status_code}")
        return response


def token(page):
    found = TOKEN.search(page.text)
    return found.group(1) if found else ""


class MinistryStaff(Person):
    weight = 2
    role = "ministry"
    _next_account = itertools.count()

    @task(4)
    def national_dashboard(self):
        self.client.get("/dashboard/", name="dashboard: national")

    @task(3)
    def province_dashboard(self):
        self.client.get(f"/dashboard/provinces/{random.choice(PLAN['provinces'])}/", name="dashboard: province")

    @task(1)
    def blkk_list_behind_a_number(self):
        query = {"province": random.choice(PLAN["provinces"]), "level": random.choice(LEVELS[2:])}
        self.client.get("/dashboard/blkk/", params=query, name="dashboard: BLK-K list")


class Manager(Person):
    weight = 3
    role = "manager"
    _next_account = itertools.count()

    @task(1)
    def my_programmes(self):
        self.client.get("/my-programmes/", name="my programmes")

    @task(2)
    def send_a_report(self):
        implementation = random.choice(self.account["implementations"])
        url = f"/implementations/{implementation}/report/"
        form = self.client.get(url, name="report form")
        version = VERSION.search(form.text)
        if form.status_code != 200 or version is None:
            return
        fields = {
            "status": "in_progress",
            "progress": str(random.randint(5, 95)),
            "narrative": random.choice(NARRATIVES),
            "version": version.group(1),
            "csrfmiddlewaretoken": token(form),
        }
        self.post_form(url, fields, "report: send")


class Mentor(Person):
    weight = 2
    role = "mentor"
    _next_account = itertools.count()

    def on_start(self):
        super().on_start()
        self.reports = list(self.account["reports"])
        random.shuffle(self.reports)

    @task(2)
    def review_queue(self):
        self.client.get("/review/", name="review queue")

    @task(3)
    def review_a_report(self):
        if not self.reports:
            return
        report = self.reports.pop()
        page = self.client.get(f"/reports/{report}/", name="report page")
        if page.status_code != 200:
            return
        approve = random.random() < 0.8
        fields = {
            "decision": "approve" if approve else "return",
            "note": "" if approve else "Lengkapi daftar hadir dan foto kegiatan.",
            "csrfmiddlewaretoken": token(page),
        }
        self.post_form(f"/reports/{report}/review/", fields, "review: approve or return")
