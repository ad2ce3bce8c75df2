"""Browser tests: Debian's Chromium driven by Playwright against the live test server.

CI installs Chromium and sets REQUIRE_BROWSER=1, so a missing browser fails the run there;
on a developer's machine without Chromium these tests are deselected with the reason
(see ``pytest_collection_modifyitems`` in tests/conftest.py)."""

from __future__ import annotations

import os

import pytest

from ..conftest import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself (fixtures) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--headless", "--no-sandbox", "--disable-background-networking",
                  "--disable-gpu", "--disable-component-update", "--disable-sync",
                  "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="ru-RU", base_url=live_server.url,
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    # Every browser test also proves the Content-Security-Policy holds: a script or style
    # the policy blocks (an inline handler, a CDN) is reported by Chromium and fails here.
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    context.close()
    assert not violations, "CSP violations:\n" + "\n".join(violations)


def login(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url("**/")
