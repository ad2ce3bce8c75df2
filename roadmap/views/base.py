"""What the roadmap's views add to ``monitoring.views_generic``: the section tabs, objects
created under a parent (a measure under a roadmap, an execution under a measure), saving
through a service, and inline formsets (a decision's actions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from monitoring.bounds import PortalBadRequest, check_year

from ..models import Roadmap

#: (key, title, url name, takes the roadmap's pk, permission, icon)
TABS: list[tuple[str, str, str, bool, str, str]] = [
    ("board", "Доска", "roadmap:roadmap_detail", True, "roadmap.view_roadmap", "kanban"),
    ("passport", "Паспорт", "roadmap:passport", True, "roadmap.view_passport", "card-text"),
    ("documents", "Документы", "roadmap:document_list", False, "roadmap.view_document",
     "file-earmark-text"),
    ("checklist", "Обязательные документы", "roadmap:checklist", True,
     "roadmap.view_requireddocument", "ui-checks"),
    ("meetings", "Совещания", "roadmap:meeting_list", False, "roadmap.view_meeting", "people"),
    ("calendar", "Календарь", "roadmap:meeting_calendar", False, "roadmap.view_meeting",
     "calendar3"),
    ("decisions", "Решения", "roadmap:decision_list", False, "roadmap.view_decision",
     "clipboard-check"),
    ("information", "Информирование", "roadmap:information_list", False,
     "roadmap.view_informationwork", "megaphone"),
    ("risks", "Риски", "roadmap:risk_list", False, "roadmap.view_risk", "exclamation-triangle"),
    ("roadmaps", "Все дорожные карты", "roadmap:roadmap_list", False, "roadmap.view_roadmap",
     "collection"),
]


def parse_on(value: str | None) -> dt.date:
    """The «на дату» parameter (гггг-мм-дд or дд.мм.гггг); today when absent or wrong."""
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            day = dt.datetime.strptime((value or "").strip(), fmt).date()
        except ValueError:
            continue
        try:
            check_year(day.year, "Дата относится к году")
        except ValueError as exc:  # 01.01.9999: a Russian 400, not an overflow
            raise PortalBadRequest(str(exc)) from None
        return day
    return timezone.localdate()


def roadmap_tabs(user, roadmap: Roadmap | None, active: str) -> list[dict[str, Any]]:
    tabs = []
    for key, title, url_name, per_roadmap, permission, icon in TABS:
        if not user.has_perm(permission) or (per_roadmap and roadmap is None):
            continue
        url = reverse(url_name, args=[roadmap.pk] if per_roadmap else [])
        tabs.append({"key": key, "title": title, "url": url, "icon": icon,
                     "active": key == active})
    return tabs


class RoadmapTabsMixin:
    """The row of tabs over every roadmap page, for the page's roadmap or the current one."""

    tab = ""

    def tabs_roadmap(self) -> Roadmap | None:
        roadmap = getattr(self, "roadmap", None)
        if roadmap is None:
            roadmap = Roadmap.objects.for_user(self.request.user).current()
        return roadmap

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        roadmap = self.tabs_roadmap()
        context["tabs"] = roadmap_tabs(self.request.user, roadmap, self.tab)
        context["tabs_roadmap"] = roadmap
        return context


class ChildObjectMixin:
    """An object created under a parent: «add» URLs carry the parent's pk (``parent_kwarg``),
    the parent is found through ``for_user`` (a foreign one is a 404), and the parent's page
    stands in for the list page the generic views return to."""

    parent_model: type
    parent_kwarg: str
    parent_attr: str

    @cached_property
    def parent(self):
        if "pk" in self.kwargs:
            return getattr(self.object, self.parent_attr)
        return get_object_or_404(
            self.parent_model.objects.for_user(self.request.user),
            pk=self.kwargs[self.parent_kwarg],
        )

    def url(self, action: str, *args: Any) -> str:
        if action == "list":
            return self.parent.get_absolute_url()
        return super().url(action, *args)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if "pk" not in self.kwargs:
            setattr(obj, self.parent_attr, self.parent)
        return obj


class ServiceSaveMixin:
    """Edit views whose saving is a service call (``save_object``), not ``form.save()``."""

    def save_object(self, form):
        return form.save()

    def form_valid(self, form):
        self.object = self.save_object(form)
        verb = "сохранены" if "pk" in self.kwargs else "добавлены"
        messages.success(self.request, f"Данные «{self.object}» {verb}.")
        return HttpResponseRedirect(self.get_success_url())


class InlineFormsetsMixin(ServiceSaveMixin):
    """An edit view with inline formsets saved with the object in one transaction."""

    template_name = "roadmap/form_with_formsets.html"
    formset_classes: dict[str, tuple[str, type]] = {}  # prefix → (title, formset class)

    def formset_kwargs(self, prefix: str) -> dict[str, Any]:
        return {}

    def get_formsets(self) -> dict[str, Any]:
        if not hasattr(self, "_formsets"):
            data = self.request.POST if self.request.method == "POST" else None
            self._formsets = {
                prefix: cls(data, instance=self.object, prefix=prefix,
                            **self.formset_kwargs(prefix))
                for prefix, (_, cls) in self.formset_classes.items()
            }
        return self._formsets

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        formsets = self.get_formsets()
        context["formsets"] = [
            (self.formset_classes[prefix][0], formset) for prefix, formset in formsets.items()
        ]
        return context

    def post(self, request, *args: Any, **kwargs: Any):
        self.object = self.get_object()
        form = self.get_form()
        formsets = self.get_formsets()
        form_ok = form.is_valid()
        self.prepare_formsets(form, formsets)
        if form_ok and all(f.is_valid() for f in formsets.values()):
            with transaction.atomic():
                return self.form_valid(form)
        return self.render_to_response(self.get_context_data(form=form))

    def prepare_formsets(self, form, formsets: dict[str, Any]) -> None:
        """Hook: tell the formsets what the main form says before they are validated."""

    def save_object(self, form):
        obj = super().save_object(form)
        for formset in self.get_formsets().values():
            formset.instance = obj
            formset.save()
        return obj
