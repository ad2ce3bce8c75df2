"""Error pages in Russian: 403, 404 (with the reason when the portal wrote one), CSRF, 500.

Django's generic 404 texts («Не найден ни один … , соответствующий запросу», «No … matches
the given query») are ungrammatical or English and name a model, not what the user was
looking for: they are replaced by the page's own explanation. A reason the portal itself
raised («Файл отчёта не найден: возможно, он удалён по сроку хранения») is shown."""

from __future__ import annotations

from django.shortcuts import render

GENERIC_404 = ("Не найден ни один", "No ")
GENERIC_403 = ("", "403 Forbidden")


def _reason(exception, generic: tuple[str, ...]) -> str:
    args = getattr(exception, "args", ())
    reason = args[0] if args and isinstance(args[0], str) else ""
    if not reason or any(reason.startswith(prefix) for prefix in generic if prefix):
        return ""
    return reason


def page_not_found(request, exception=None):
    return render(request, "404.html", {"reason": _reason(exception, GENERIC_404),
                                        "title": "Страница не найдена"}, status=404)


def permission_denied(request, exception=None):
    return render(request, "403.html", {"reason": _reason(exception, GENERIC_403),
                                        "title": "Доступ запрещён"}, status=403)


def csrf_failure(request, reason: str = ""):
    """A form sent from a page open too long (or from another site): say what to do."""
    return render(request, "403_csrf.html", {"title": "Форма устарела"}, status=403)
