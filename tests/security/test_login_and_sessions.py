"""Signing in and staying signed in: throttling with lockout and an audit (django-axes),
idle sessions end, nothing a signed-in user sees is cached, the admin is the
administrator's only."""

from __future__ import annotations

import time

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.test import Client

from nogliki_portal.security import LAST_ACTIVITY, POLL_HEADER

from ..conftest import PASSWORD, client_for


def attempt(client: Client, username: str, password: str):
    return client.post("/login/", {"username": username, "password": password},
                       REMOTE_ADDR="10.1.2.3")


def test_thirty_wrong_passwords_lock_the_account_and_the_right_one_is_then_refused(
    coordinator_a, coordinator_b, settings
):
    client = Client()
    answers = [attempt(client, "coord_a", f"wrong-{n}").status_code for n in range(30)]
    # Wrong passwords are answered on the login page; from the limit on, with a lockout.
    assert answers[0] == 200 and answers[-1] == 429
    assert answers.index(429) == settings.AXES_FAILURE_LIMIT - 1

    right = attempt(client, "coord_a", PASSWORD)
    assert right.status_code == 429
    page = right.content.decode()
    assert "Слишком много неудачных попыток входа" in page
    assert "заблокирован на 30 минут" in page
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # still not signed in

    # A colleague behind the same school address still signs in: the login is locked,
    # not the address.
    assert attempt(Client(), "coord_b", PASSWORD).status_code == 302

    # The audit: every failure is kept with the login and the address.
    assert AccessFailureLog.objects.filter(username="coord_a", ip_address="10.1.2.3").count() >= 10
    assert AccessAttempt.objects.get(username="coord_a").failures_since_start >= 10


def test_a_successful_login_is_audited_and_resets_the_counter(coordinator_a):
    client = Client()
    for n in range(3):
        attempt(client, "coord_a", f"wrong-{n}")
    response = attempt(client, "coord_a", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert AccessLog.objects.filter(username="coord_a", ip_address="10.1.2.3").exists()
    assert not AccessAttempt.objects.filter(username="coord_a").exists()


def test_an_idle_session_ends_and_the_progress_poll_does_not_keep_it_alive(
    client_a, settings
):
    settings.SESSION_IDLE_MINUTES = 30
    assert client_a.get("/").status_code == 200
    session = client_a.session
    session[LAST_ACTIVITY] = time.time() - 29 * 60
    session.save()
    # A page polling by itself is not the user's activity: the clock is not reset.
    client_a.get("/health/", headers={POLL_HEADER: "1"})
    assert client_a.session[LAST_ACTIVITY] < time.time() - 28 * 60
    session = client_a.session
    session[LAST_ACTIVITY] = time.time() - 31 * 60
    session.save()

    response = client_a.get("/monitoring/students/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=%2Fmonitoring%2Fstudents%2F"
    assert client_a.get("/").status_code == 302  # signed out for good
    login_page = client_a.get("/login/").content.decode()
    assert "Сеанс завершён: портал не использовался больше 30 минут." in login_page


def test_pages_and_files_of_a_signed_in_user_are_never_cached(client_a, student_a, client):
    for url in ["/", f"/monitoring/students/{student_a.pk}/",
                "/monitoring/students/?export=xlsx"]:
        response = client_a.get(url)
        assert response.status_code == 200, url
        cache = response["Cache-Control"]
        assert "no-store" in cache and "private" in cache, (url, cache)
    # The public pages and the vendored assets stay cacheable.
    assert "no-store" not in client.get("/parents/").get("Cache-Control", "")


def test_every_page_carries_a_content_security_policy_without_inline_script(client_a):
    policy = client_a.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "http" not in policy  # nothing from another site, no CDN


def test_the_admin_is_the_administrators_only(imc, head, portal_admin):
    imc.is_staff = True  # as the old demo data made them
    imc.save()
    for user in (imc, head):
        response = client_for(user).get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
        assert client_for(user).get("/admin/monitoring/student/").status_code == 302
    assert client_for(portal_admin).get("/admin/").status_code == 200
