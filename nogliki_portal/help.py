"""The help section: a Markdown page per role kept in the repository (``help/*.md``), and
each register's instructions taken from the registry — the same description, columns and
notes the Excel template carries, so the help never drifts from what the portal does."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import markdown
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.generic import TemplateView

from monitoring.importing import column_guide
from monitoring.models import Staff
from monitoring.registers.registry import Register, registry

HELP_DIR = Path(settings.BASE_DIR) / "help"

#: slug → (title, who it is for); the files are help/<slug>.md
PAGES = {
    "coordinator": "Координатору ОО",
    "imc": "Специалисту ИМЦ",
    "head": "Начальнику отдела образования",
    "admin": "Администратору портала",
}


def page_for(user) -> str:
    """The help page of the user's role."""
    if user.is_portal_admin:
        return "admin"
    if user.is_head:
        return "head"
    if user.is_imc:
        return "imc"
    return "coordinator"


@lru_cache(maxsize=16)
def _render(path: Path, mtime: float) -> str:
    text = path.read_text(encoding="utf-8")
    # The files are the project's own (reviewed like code), so their HTML is trusted; the
    # first heading is the page's title and is shown by the template instead.
    body = "\n".join(line for line in text.splitlines() if not line.startswith("# "))
    return markdown.markdown(body, extensions=["tables", "sane_lists", "toc"],
                             output_format="html")


def render_page(slug: str) -> SafeString:
    if slug not in PAGES:
        raise Http404("Такой страницы справки нет.")
    path = HELP_DIR / f"{slug}.md"
    return mark_safe(_render(path, path.stat().st_mtime))


def contacts() -> list[Staff]:
    """Whom to call: the department's working staff (the ИМЦ and the department)."""
    return list(Staff.objects.filter(school__isnull=True, is_working=True)
                .order_by("last_name", "first_name"))


def visible_registers(user) -> list[Register]:
    return [e for e in registry if user.has_perm(e.permission("view"))]


class HelpMixin(LoginRequiredMixin):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            pages=[{"slug": slug, "title": title, "url": reverse("help_page", args=[slug]),
                    "own": slug == page_for(user)} for slug, title in PAGES.items()],
            registers=[{"entry": e, "url": reverse("help_register", args=[e.slug])}
                       for e in visible_registers(user)],
            contacts=contacts(),
        )
        return context


class HelpPageView(HelpMixin, TemplateView):
    """A role's page; /help/ opens the page of the user's own role."""

    template_name = "help/page.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        slug = kwargs.get("slug") or page_for(self.request.user)
        context.update(slug=slug, title=PAGES.get(slug, ""), body=render_page(slug))
        return context


class RegisterHelpView(HelpMixin, TemplateView):
    """How to fill one register: from its registry entry and its Excel resource."""

    template_name = "help/register.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        try:
            entry = registry.get(kwargs["slug"])
        except KeyError:
            raise Http404("Нет такого реестра.") from None
        if not user.has_perm(entry.permission("view")):
            raise Http404("Нет такого реестра.")
        model_fields = {f.name: f for f in entry.model._meta.fields}
        form_fields = [model_fields[name] for name in entry.form_fields if name in model_fields]
        parent = registry.get(entry.parent) if entry.parent else None
        context.update(
            title=f"Как заполнять: {entry.full_title}",
            entry=entry,
            parent=parent,
            companions=registry.companions(entry),
            fields=[{"label": f.verbose_name, "help": f.help_text, "required": not f.blank}
                    for f in form_fields],
            columns=column_guide(entry.resource(user=user)),
            mass_fields=[str(model_fields[n].verbose_name) for n in entry.mass_fields or ()
                         if n in model_fields],
            list_url=reverse("monitoring:register_list", args=[entry.slug]),
            template_url=reverse("monitoring:register_template", args=[entry.slug]),
            summary_url=(reverse("reports:register_dashboard", args=[entry.slug])
                         if entry.school_scoped else None),
        )
        return context
