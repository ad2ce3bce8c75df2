"""The production stage's walk (run by ``.ci/production-smoke``): every role logs in over
HTTP, as a browser behind the HTTPS proxy would (``X-Forwarded-Proto: https``), and opens
every page it can reach; the vendored assets must be served, a note ordered by ИМЦ must
be built by the Celery worker, and /health/ must be green.

    python -m tests.production_walk --base http://127.0.0.1:8101 --host portal.test

Prints the pages per role and the number of server errors; exits non-zero on any 5xx, a
missing asset, a failed login or a job that is not built."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import sys
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nogliki_portal.settings")

DEMO_PASSWORD = "demo-nogliki-2024"
ROLES = ["koordinator", "koordinator2", "imc", "nachalnik", "admin", None]


class Visitor:
    """One browser: its cookies, the proxy's headers, no redirects followed."""

    def __init__(self, base: str, host: str) -> None:
        parsed = urllib.parse.urlsplit(base)
        self.address = (parsed.hostname, parsed.port or 80)
        self.host = host
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None,
                headers: dict | None = None) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection(*self.address, timeout=180)
        sent = {"Host": self.host, "X-Forwarded-Proto": "https",
                "X-Forwarded-For": "198.51.100.7", "User-Agent": "nogliki-production-smoke"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body, doseq=True).encode()
            sent.update({"Content-Type": "application/x-www-form-urlencoded",
                         "Origin": f"https://{self.host}",
                         "Referer": f"https://{self.host}{path}"})
        sent.update(headers or {})
        try:
            connection.request(method, path, body=data, headers=sent)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response.status, {k.lower(): v for k, v in response.getheaders()}, content

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict):
        status, _, page = self.get(path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert status == 200 and token, f"no form at {path}: {status}"
        return self.request("POST", path, {**data, "csrfmiddlewaretoken": token[1].decode()})

    def login(self, username: str) -> None:
        status, _headers, page = self.post("/login/", {"username": username,
                                                      "password": DEMO_PASSWORD})
        if status != 302:
            raise SystemExit(f"вход {username} не удался: {status} {page[:300]!r}")


def check_assets(visitor: Visitor) -> list[str]:
    """Every stylesheet, script and font the pages load is served with 200."""
    _, _, page = visitor.get("/login/")
    urls = set(re.findall(rb'(?:href|src)="(/static/[^"]+)"', page))
    failures, checked = [], set()
    while urls:
        url = urls.pop().decode()
        if url in checked:
            continue
        checked.add(url)
        status, _headers, content = visitor.get(url)
        if status != 200:
            failures.append(f"{url}: {status}")
            continue
        if url.endswith(".css"):
            base = url.rsplit("/", 1)[0]
            for ref in re.findall(rb'url\(["\']?([^)"\'?#]+)', content):
                if not ref.startswith((b"data:", b"http")):
                    urls.add(urllib.parse.urljoin(base + "/", ref.decode()).encode())
    names = " ".join(sorted(checked))
    for vendored in ("bootstrap.min", "bootstrap.bundle.min", "bootstrap-icons", ".woff2"):
        if vendored not in names:
            failures.append(f"не загружен вендорный файл {vendored}")
    print(f"Статические файлы: проверено {len(checked)}, ошибок {len(failures)}")
    return failures


def walk(base: str, host: str, threads: int) -> int:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    from tests import pagewalk

    failures: list[str] = check_job(base, host)
    print(complete_the_demo())
    server_errors = 0
    counts: dict[str, Counter] = {}
    for username in ROLES:
        visitor = Visitor(base, host)
        if username:
            visitor.login(username)
            user = get_user_model().objects.get(username=username)
        else:
            user = AnonymousUser()
        urls, unfilled = pagewalk.urls(user, include_admin=username == "admin")

        def fetch(url: str, visitor: Visitor = visitor) -> tuple[str, int]:
            return url, visitor.get(url)[0]

        with ThreadPoolExecutor(threads) as pool:
            results = list(pool.map(fetch, urls))
        role = username or "аноним"
        counts[role] = Counter(status for _, status in results)
        for url, status in results:
            if status >= 500:
                server_errors += 1
                failures.append(f"{role}: {url} → {status}")
            elif status == 404:
                print(f"  404 {role}: {url}")
        spread = ", ".join(f"{status}: {n}" for status, n in sorted(counts[role].items()))
        print(f"{role:13} страниц: {len(results):4}  ({spread})"
              + (f"; без объектов: {', '.join(unfilled)}" if unfilled else ""))
    print(f"Всего страниц: {sum(sum(c.values()) for c in counts.values())}; "
          f"ошибок сервера (5xx): {server_errors}")
    failures += check_assets(Visitor(base, host))
    failures += check_health(base, host)
    for failure in failures:
        print(f"ОШИБКА: {failure}", file=sys.stderr)
    return 1 if failures else 0


def complete_the_demo() -> str:
    """One object of each kind the demo district lacks (a decision, information work, a
    recommendation…), so that every object page is walked. Required fields get plain
    values: the first choice, the first related row, today."""
    import datetime as dt

    from django.apps import apps
    from django.db import models

    made = []
    for label in ["roadmap.Decision", "roadmap.InformationWork", "roadmap.ScheduleDate",
                  "reports.Recommendation"]:
        model = apps.get_model(label)
        if model.objects.exists():
            continue
        values = {}
        for field in model._meta.concrete_fields:
            if field.primary_key or field.has_default() or field.null or (
                    field.blank and not isinstance(field, models.ForeignKey)) \
                    or getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                continue
            if isinstance(field, models.ForeignKey):
                values[field.name] = field.related_model._default_manager.order_by("pk").first()
            elif field.choices:
                values[field.name] = field.choices[0][0]
            elif isinstance(field, models.DateField):
                values[field.name] = dt.date.today()
            elif isinstance(field, models.IntegerField | models.DecimalField):
                values[field.name] = 1
            else:
                values[field.name] = "Проверка производственной конфигурации"
        model.objects.create(**values)
        made.append(model._meta.verbose_name)
    return "Добавлено для обхода: " + (", ".join(made) or "ничего")


def check_job(base: str, host: str) -> list[str]:
    """ИМЦ orders a note; the worker builds it (before the walk: its pages are walked)."""
    from monitoring.models import Period

    imc = Visitor(base, host)
    imc.login("imc")
    period = Period.objects.current().previous().code
    status, headers, _ = imc.post("/reports/", {"kind": "half_year_note", "period": period,
                                                "school": "", "formats": ["docx", "xlsx"]})
    if status != 302:
        return [f"заказ справки: {status}"]
    job_url = headers["location"]
    deadline, state = time.monotonic() + 240, {}
    while time.monotonic() < deadline:
        status, _, content = imc.get(f"{job_url}status/", headers={"X-Portal-Poll": "1"})
        state = json.loads(content) if status == 200 else {}
        if state.get("finished"):
            break
        time.sleep(1)
    if state.get("status") != "done":
        return [f"справка не сформирована построителем: {state}"]
    failures = []
    for file in state["files"]:
        status, headers, content = imc.get(file["url"])
        if status != 200 or not content.startswith(b"PK") or \
                "no-store" not in headers.get("cache-control", ""):
            failures.append(f"файл {file['url']}: {status}")
    print(f"Справка {period}: сформирована фоновым обработчиком, файлов {len(state['files'])}")
    return failures


def check_health(base: str, host: str) -> list[str]:
    """/health/ reports the database, the broker, the worker and the pages green."""
    deadline, health = time.monotonic() + 120, {}
    while time.monotonic() < deadline:
        status, _, content = Visitor(base, host).get("/health/")
        health = json.loads(content)
        if status == 200 and (health.get("worker") or {}).get("ok"):
            break
        time.sleep(2)
    print(f"/health/: {json.dumps(health, ensure_ascii=False)}")
    if not (health.get("status") == "ok" and health.get("broker") == "ok"
            and (health.get("worker") or {}).get("ok")):
        return [f"/health/ не в порядке: {health}"]
    return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--host", required=True)
    parser.add_argument("--threads", type=int, default=3)
    args = parser.parse_args()
    sys.exit(walk(args.base, args.host, args.threads))


if __name__ == "__main__":
    main()
