"""What every page needs: the site name, the role's navigation, the current half-year."""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse

# (title, url name, permission or None, icon); items whose permission the user lacks or
# whose page does not exist are left out, so each role sees only what it can open. A group
# (title, icon, [items]) becomes a drop-down menu, shown when any of its items is.
NAVIGATION: list = [
    ("Главная", "home", None, "house"),
    ("ОО", "building", [
        ("Школы", "monitoring:school_list", "monitoring.view_school", "building"),
        ("Обучающиеся", "monitoring:student_list", "monitoring.view_student", "people"),
        ("Сотрудники", "monitoring:staff_list", "monitoring.view_staff", "person-badge"),
    ]),
    "registers",
    ("Дорожная карта", "kanban", [
        ("Дорожная карта на дату", "roadmap:current", "roadmap.view_roadmap", "kanban"),
        ("Документы", "roadmap:document_list", "roadmap.view_document", "file-earmark-text"),
        ("Совещания", "roadmap:meeting_list", "roadmap.view_meeting", "people"),
        ("Повышение квалификации", "reports:training_overview", "roadmap.view_trainingcourse",
         "mortarboard"),
    ]),
    ("Анализ", "speedometer2", [
        ("Показатели", "reports:municipal_dashboard", "reports.view_indicator", "speedometer2"),
        ("Справки и отчёты", "reports:job_list", "reports.view_reportjob", "file-earmark-text"),
        ("Рекомендации", "reports:recommendation_list", "reports.view_recommendation",
         "lightbulb"),
        ("Рынок труда", "reports:labour_market", "reports.view_indicator", "briefcase"),
        ("Эффективность решений", "reports:decision_effectiveness", "roadmap.view_decision",
         "clipboard-check"),
    ]),
]


def _item(user, title: str, url_name: str, permission: str | None, icon: str) -> dict | None:
    if permission and not user.has_perm(permission):
        return None
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return None
    return {"title": title, "url": url, "icon": icon}


def navigation_for(user) -> list[dict]:
    items = []
    for entry in NAVIGATION:
        if entry == "registers":
            registers = register_navigation(user)
            if registers:
                items.append(registers)
        elif isinstance(entry[2], list):
            title, icon, members = entry
            children = [c for c in (_item(user, *m) for m in members) if c]
            if len(children) == 1:
                items.append(children[0])
            elif children:
                items.append({"title": title, "url": children[0]["url"], "icon": icon,
                              "index_title": children[0]["title"], "children": children[1:]})
        else:
            item = _item(user, *entry)
            if item:
                items.append(item)
    return items


def register_navigation(user) -> dict | None:
    """«Реестры»: the ten registers (from the registry), the labour market, submissions."""
    from .registers.registry import registry

    children = [
        {"title": entry.full_title, "url": reverse("monitoring:register_list", args=[entry.slug]),
         "icon": entry.icon}
        for entry in registry.registers() if user.has_perm(entry.permission("view"))
    ]
    if not children:
        return None
    children.append({"divider": True})
    children += [
        {"title": entry.title, "url": reverse("monitoring:register_list", args=[entry.slug]),
         "icon": entry.icon}
        for entry in registry.municipal() if user.has_perm(entry.permission("view"))
    ]
    if user.has_perm("monitoring.view_submission"):
        children.append({"title": "Сдача данных за полугодие",
                         "url": reverse("monitoring:submission_list"), "icon": "send-check"})
    return {"title": "Реестры", "url": reverse("monitoring:register_index"),
            "index_title": "Все реестры", "icon": "journal-text", "children": children}


def portal(request) -> dict:
    context = {"SITE_NAME": settings.SITE_NAME}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["nav_items"] = navigation_for(user)
    return context
