"""Security controls of the whole portal: pages with personal data are never cached, an
idle session ends, a locked-out login gets a Russian answer, the admin is the
administrator's only.

Login throttling itself is django-axes (settings ``AXES_*``), the Content-Security-Policy
is django-csp (``CONTENT_SECURITY_POLICY``); this module only adapts them to the portal."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import urlencode

#: The session key holding the time of the user's last own request (epoch seconds).
LAST_ACTIVITY = "portal_last_activity"
#: Requests a page makes by itself (the job page's progress poll) send this header: they
#: are not the user's activity and must not keep an abandoned session alive.
POLL_HEADER = "X-Portal-Poll"


class NoStoreMiddleware:
    """Every response to a signed-in user — pages, JSON, downloaded Excel and Word files
    with students' data — is ``no-store``: the browser's cache, a shared computer's
    back button and a proxy keep nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


class IdleTimeoutMiddleware:
    """Ends a session nobody has used for SESSION_IDLE_MINUTES (the absolute lifetime is
    SESSION_COOKIE_AGE). The next request lands on the login page with a Russian note."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_ACTIVITY)
            idle = settings.SESSION_IDLE_MINUTES * 60
            if last is not None and now - float(last) > idle:
                logout(request)
                messages.info(request, (
                    f"Сеанс завершён: портал не использовался больше "
                    f"{settings.SESSION_IDLE_MINUTES} минут. Войдите снова."
                ))
                if request.headers.get(POLL_HEADER) or request.method != "GET":
                    return HttpResponse("Сеанс завершён. Войдите снова.", status=401,
                                        content_type="text/plain; charset=utf-8")
                login = reverse(settings.LOGIN_URL)
                return HttpResponseRedirect(f"{login}?{urlencode({'next': request.path})}")
            # Written at most once a minute: a session write on every page would cost every
            # page a query, and a minute is far below the idle limit.
            if not request.headers.get(POLL_HEADER) and (last is None or now - float(last) > 60):
                request.session[LAST_ACTIVITY] = now
        return self.get_response(request)


@receiver(user_logged_in, dispatch_uid="portal-idle-clock-starts-at-login")
def _start_idle_clock(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY] = time.time()


def lockout_response(request: HttpRequest, original_response: Any = None,
                     credentials: dict | None = None) -> HttpResponse:
    """What django-axes answers once a login is locked: the login page again, with the
    reason in Russian and no hint whether the password was right."""
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    lockout = (
        f"Слишком много неудачных попыток входа: вход под этим именем временно "
        f"заблокирован на {minutes} минут. Попробуйте позже или обратитесь к "
        f"администратору портала."
    )
    form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
    return render(request, "registration/login.html",
                  {"form": form, "lockout": lockout, "next": request.POST.get("next", "")},
                  status=429)


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address for the login audit. Behind the proxy (PROXY_COUNT hops) it is
    the address the proxy appended to X-Forwarded-For; the rest of that header is what
    the client claimed and is not trusted."""
    hops = settings.PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                 if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")


def portal_admin_only(request: HttpRequest) -> bool:
    """Django admin is the administrator's tool (users, schools, reference lists); ИМЦ
    and the head work in the portal's own pages, which keep the school scoping."""
    user = request.user
    return bool(user.is_active and user.is_staff and getattr(user, "is_portal_admin", False))
