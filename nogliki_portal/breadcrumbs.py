"""Breadcrumbs from the URL structure: every ancestor path of the current URL that is a
page of the portal becomes a crumb («Главная › Реестры › 4. Охват … › Запись»).

A crumb's title comes, in this order, from the table below (pages that are not generic
views), from the view's ``crumb()`` classmethod (the registers, whose title is in the
registry), from the object an ancestor URL names (read through ``for_user``: an object
the user may not see gives no crumb, never its name), or from the view's ``title``. Paths
that are not pages («/monitoring/», «/reports/jobs/») are simply skipped."""

from __future__ import annotations

from typing import Any

from django.urls import Resolver404, ResolverMatch, resolve

#: titles of pages that are not generic object views, by URL name
TITLES = {
    "home": "Главная",
    "help": "Справка",
    "parents": "Родителям и обучающимся",
    "monitoring:register_index": "Реестры",
    "monitoring:submission_list": "Сдача данных",
    "roadmap:current": "Дорожная карта",
    "roadmap:meeting_calendar": "Календарь",
    "reports:job_list": "Отчёты и справки",
    "reports:municipal_dashboard": "Показатели",
    "reports:school_dashboard": "Показатели ОО",
    "reports:indicator_catalogue": "Паспорта показателей",
    "reports:labour_market": "Рынок труда",
    "reports:decision_effectiveness": "Эффективность решений",
    "reports:targets": "Целевые значения",
    "reports:training_overview": "Повышение квалификации",
    "reports:recommendation_list": "Адресные рекомендации",
    "password_change": "Смена пароля",
}

#: the longest crumb; an object's name beyond it is cut with «…»
MAX_LENGTH = 48


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_LENGTH else text[: MAX_LENGTH - 1].rstrip() + "…"


def title_for(match: ResolverMatch, request) -> str | None:
    """The crumb of a resolved URL, or None when it is not one (or not for this user)."""
    if match.view_name in TITLES:
        return TITLES[match.view_name]
    view_class = getattr(match.func, "view_class", None)
    if view_class is None:
        return None
    if hasattr(view_class, "crumb"):
        title = view_class.crumb(request, match.kwargs)
        return _short(title) if title else None
    model = getattr(view_class, "model", None)
    if model is not None and "pk" in match.kwargs:
        manager = model.objects
        if not hasattr(manager, "for_user"):
            return None
        obj = manager.for_user(request.user).filter(pk=match.kwargs["pk"]).first()
        return _short(obj) if obj is not None else None
    title = getattr(view_class, "title", "")
    return _short(title) if title else None


def breadcrumbs(request) -> dict[str, Any]:
    """{"breadcrumbs": [(url, title), …ancestors], "breadcrumb_current": title or ""}."""
    parts = [p for p in request.path.split("/") if p]
    ancestors: list[tuple[str, str]] = []
    for depth in range(len(parts)):
        path = "/" + "".join(f"{p}/" for p in parts[:depth])
        try:
            match = resolve(path)
        except Resolver404:
            continue
        title = title_for(match, request)
        if title and (not ancestors or ancestors[-1][0] != path):
            ancestors.append((path, title))
    current = ""
    try:
        match = resolve(request.path)
    except Resolver404:
        match = None
    if match is not None and "pk" not in match.kwargs:
        # An object's page names itself in its own title; others are named here.
        current = title_for(match, request) or ""
    return {"breadcrumbs": ancestors, "breadcrumb_current": current}


def context(request) -> dict[str, Any]:
    """Context processor: breadcrumbs for signed-in users on every page but the home one."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or request.path == "/":
        return {"breadcrumbs": []}
    return breadcrumbs(request)
