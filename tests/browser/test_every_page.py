"""Every page of every role, at 1366 px and at 390 px, on the demo municipality.

Each page is opened once at 1366 px, checked, then narrowed to a phone's 390 px and checked
again: never wider than the window, no English words in the visible text, no inline script
or on* attribute, no error in the browser's console, no server error. Of the pages a role
may not open, its Russian 403 and 404 pages are checked the same way (once each).

With SCREENSHOTS_DIR set, a full-page screenshot of each page at each width is written
there (people look at them; they are kept out of the repository)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from monitoring.demo import DEMO_PASSWORD
from monitoring.models import User

from .pages import check_page, page_urls, watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["koordinator", "imc", "nachalnik", "admin"]
#: what someone who is not signed in can open (everything else sends them to the login)
PUBLIC = ["/login/", "/password/reset/", "/password/reset/sent/", "/parents/", "/help/",
          "/no-such-page/"]
WIDE, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}


def screenshot(page, who: str, width: int, url: str) -> None:
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        name = url.strip("/").replace("/", "_").replace("?", "_") or "home"
        page.screenshot(path=str(Path(folder) / f"{who}-{width}-{name}.png"), full_page=True)


def look_at(page, seen, who: str, url: str) -> list[str]:
    """Open ``url`` at 1366 px and then at 390 px; what is wrong at each width."""
    page.set_viewport_size(WIDE)
    seen.clear()
    response = page.goto(url, wait_until="load")
    status = response.status if response else None
    problems = [f"{url} (1366 px): {p}" for p in check_page(page, seen, status=status)]
    screenshot(page, who, 1366, url)
    page.set_viewport_size(PHONE)
    # Charts and tables re-lay themselves out on resize: give them a frame or two.
    page.wait_for_timeout(100)
    problems += [f"{url} (390 px): {p}" for p in check_page(page, seen, status=status)]
    screenshot(page, who, 390, url)
    return problems


def browsable(user, urls: list[str]) -> list[str]:
    """The pages the role opens, and of those it may not open only the first refused and
    the first not found: every 403 (404) page is the same template, looked at once per role.
    The status is asked with Django's test client, which is far quicker than the browser."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    kept, refused = [], set()
    for url in urls:
        status = client.get(url).status_code
        if status in (403, 404):
            if status in refused:
                continue
            refused.add(status)
        kept.append(url)
    return kept


@pytest.fixture
def demo(settings):
    from django.apps import apps

    from monitoring.roles import sync_role_permissions

    # An earlier transactional test may have flushed the roles the migrations made.
    sync_role_permissions(apps)
    settings.DEBUG = True  # seed_demo refuses to run in production mode
    call_command("seed_demo", students_per_class=2, stdout=io.StringIO())
    settings.DEBUG = False


def test_every_page_of_every_role_fits_a_phone_speaks_russian_and_has_no_errors(
        browser, live_server, demo):
    problems: list[str] = []
    checked = 0
    for who in ["аноним", *ROLES]:
        context = browser.new_context(locale="ru-RU", base_url=live_server.url, viewport=WIDE)
        page = context.new_page()
        page.set_default_timeout(60000)
        seen = watch(page)
        user = None
        if who != "аноним":
            user = User.objects.get(username=who)
            page.goto("/login/")
            page.get_by_label("Имя пользователя").fill(who)
            page.get_by_label("Пароль").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Войти").click()
            page.wait_for_url("**/")
        urls = PUBLIC if user is None else browsable(user, page_urls(user))
        for url in urls:
            problems += [f"{who}: {p}" for p in look_at(page, seen, who, url)]
            checked += 1
        context.close()
    assert checked > 200, checked  # every role, every page: not a handful
    assert not problems, "\n".join(problems)
