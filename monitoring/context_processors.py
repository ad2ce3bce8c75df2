"""What every page needs: the site name, the role's navigation, the current half-year."""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse

# (title, url name, permission or None, icon); items whose permission the user lacks or
# whose page does not exist are left out, so each role sees only what it can open.
NAVIGATION: list[tuple[str, str, str | None, str]] = [
    ("Главная", "home", None, "house"),
    ("Школы", "monitoring:school_list", "monitoring.view_school", "building"),
    ("Обучающиеся", "monitoring:student_list", "monitoring.view_student", "people"),
    ("Сотрудники", "monitoring:staff_list", "monitoring.view_staff", "person-badge"),
    ("Дорожная карта", "roadmap:current", "roadmap.view_roadmap", "kanban"),
    ("Документы", "roadmap:document_list", "roadmap.view_document", "file-earmark-text"),
    ("Совещания", "roadmap:meeting_list", "roadmap.view_meeting", "people"),
    ("Показатели", "reports:municipal_dashboard", "reports.view_indicator", "speedometer2"),
    ("Отчёты", "reports:job_list", "reports.view_reportjob", "file-earmark-text"),
    ("Рекомендации", "reports:recommendation_list", "reports.view_recommendation", "lightbulb"),
]


def navigation_for(user) -> list[dict[str, str]]:
    items = []
    for title, url_name, permission, icon in NAVIGATION:
        if permission and not user.has_perm(permission):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"title": title, "url": url, "icon": icon})
    return items


def portal(request) -> dict:
    context = {"SITE_NAME": settings.SITE_NAME}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["nav_items"] = navigation_for(user)
    return context
