"""The users of ``make loadtest`` (locust): coordinators, ИМЦ specialists and heads, each
logging in with a generated account (``seed_region``) and walking the pages that role
opens most, with a few seconds of reading between pages. ``HealthUser`` is the baseline.

Run by ``bench/loadtest.py``, which sets the mix and the password in the environment.
Requests carry ``X-Forwarded-Proto: https`` as the HTTPS proxy in front of the portal
does; the portal's cookies are marked Secure, so they are kept here without the flag."""

from __future__ import annotations

import itertools
import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOADTEST_PASSWORD", "region-nogliki-2026")
PROXY = {"X-Forwarded-Proto": "https"}
REGISTERS = ["employers", "additional-education", "profile-study", "diagnostics", "admissions",
             "competitions", "technoclasses", "growth-points", "proektoria", "ticket-to-future"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_numbers = {role: itertools.count(1) for role in ("koord", "imc", "head")}


def _count(name: str) -> int:
    return int(os.environ.get(name, "0"))


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(2, 6)
    role = ""

    def username(self, number: int) -> str:
        return f"{self.role}{number}"

    def on_start(self) -> None:
        self.client.headers.update(PROXY)
        name = self.username(next(_numbers[self.role]))
        page = self.client.get("/login/", name="/login/")
        self._insecure_cookies(page)
        token = CSRF.search(page.text)
        host = self.host.split("://", 1)[-1].rstrip("/")
        with self.client.post(
            "/login/", name="/login/ (вход)", allow_redirects=False, catch_response=True,
            data={"username": name, "password": PASSWORD,
                  "csrfmiddlewaretoken": token[1] if token else ""},
            headers={"Referer": f"https://{host}/login/"},
        ) as response:
            if response.status_code != 302:
                response.failure(f"вход {name} не удался: {response.status_code}")
            self._insecure_cookies(response)

    def _insecure_cookies(self, response) -> None:
        # Secure cookies are not sent back over plain http by requests; the proxy would.
        for cookie in response.cookies:
            self.client.cookies.set(cookie.name, cookie.value)

    def page(self, url: str, name: str | None = None) -> None:
        self.client.get(url, name=name or url)


class Coordinator(PortalUser):
    fixed_count = _count("LOADTEST_COORDINATORS")
    role = "koord"
    school_url = ""

    def username(self, number: int) -> str:
        return f"koord-r{number:03d}"

    def on_start(self) -> None:
        super().on_start()
        # The municipal dashboard sends a coordinator to the own school's page.
        response = self.client.get("/reports/dashboard/", name="/reports/dashboard/ → ОО")
        self.school_url = response.url.split("://", 1)[-1].split("/", 1)[-1]

    @task(3)
    def home(self) -> None:
        self.page("/")

    @task(3)
    def register_list(self) -> None:
        self.page(f"/monitoring/registers/{random.choice(REGISTERS)}/",
                  "/monitoring/registers/[реестр]/")

    @task(1)
    def students(self) -> None:
        self.page("/monitoring/students/")

    @task(1)
    def school_dashboard(self) -> None:
        if self.school_url:
            self.page(f"/{self.school_url}", "/reports/dashboard/school/[ОО]/")

    @task(1)
    def add_form(self) -> None:
        self.page(f"/monitoring/registers/{random.choice(REGISTERS)}/add/",
                  "/monitoring/registers/[реестр]/add/")


class Specialist(PortalUser):
    fixed_count = _count("LOADTEST_IMC")
    role = "imc"

    @task(2)
    def dashboard(self) -> None:
        self.page("/reports/dashboard/")

    @task(2)
    def submissions(self) -> None:
        self.page("/monitoring/submissions/")

    @task(2)
    def register_list(self) -> None:
        self.page(f"/monitoring/registers/{random.choice(REGISTERS)}/",
                  "/monitoring/registers/[реестр]/")

    @task(1)
    def register_dashboard(self) -> None:
        self.page(f"/reports/registers/{random.choice(REGISTERS)}/", "/reports/registers/[реестр]/")

    @task(1)
    def home(self) -> None:
        self.page("/")


class Head(PortalUser):
    fixed_count = _count("LOADTEST_HEADS")
    role = "head"

    @task(3)
    def dashboard(self) -> None:
        self.page("/reports/dashboard/")

    @task(1)
    def reports(self) -> None:
        self.page("/reports/")

    @task(1)
    def roadmap(self) -> None:
        self.page("/roadmap/")

    @task(1)
    def training(self) -> None:
        self.page("/reports/training/")


class HealthUser(HttpUser):
    """The baseline: the same number of users on /health/, the cheapest page there is."""

    wait_time = between(2, 6)

    def on_start(self) -> None:
        self.client.headers.update(PROXY)

    @task
    def health(self) -> None:
        self.client.get("/health/", name="/health/")
