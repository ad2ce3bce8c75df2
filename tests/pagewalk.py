"""Every page of the portal for a user: each URL pattern, filled with real ids of objects
that user may see.

Used twice: the hostile-string render test (tests/security/test_hostile_render.py) walks
it with Django's test client, and the production stage (``.ci/production-smoke``) walks it
over HTTP against gunicorn with DEBUG=0. A new URL pattern is walked without a change
here, as long as its view names its model (``model = …``) or its arguments are one of
those below; a pattern this module cannot fill is reported, never silently skipped."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

#: Patterns that only accept POST (a GET answers 405 by design) or end the session.
POST_ONLY = {
    "logout", "monitoring:submission_action", "monitoring:submission_submit",
    "reports:job_restart", "reports:job_approve", "reports:recommendation_publish",
    "reports:recommendation_mark", "reports:training_participant_remove",
    "reports:training_participants_add", "reports:draft_recommendations", "admin:logout",
}

#: The model behind a ``pk`` when the view does not name it.
PK_MODELS = {
    "monitoring:submission_detail": "monitoring.Submission",
    "reports:school_dashboard": "monitoring.School",
    "reports:file_download": "reports.ReportFile",
    "parents_note_download": "reports.ReportFile",
}
ARG_MODELS = {"roadmap_pk": "roadmap.Roadmap", "measure_pk": "roadmap.Measure"}


@dataclass(frozen=True)
class Pattern:
    name: str
    route: str
    view_class: type | None
    arguments: tuple[str, ...]


def patterns(include_admin: bool = False) -> list[Pattern]:
    found: list[Pattern] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str | None) -> None:
        for item in resolver.url_patterns:
            if isinstance(item, URLResolver):
                if str(item.pattern).startswith("admin/") and not include_admin:
                    continue
                inner = namespace
                if item.namespace:
                    inner = f"{namespace}:{item.namespace}" if namespace else item.namespace
                walk(item, prefix + str(item.pattern), inner)
            elif isinstance(item, URLPattern) and item.name:
                name = f"{namespace}:{item.name}" if namespace else item.name
                # Regex patterns (the admin's) name their arguments only as groups.
                arguments = tuple(item.pattern.converters) or tuple(
                    f"group{n}" for n in range(item.pattern.regex.groups))
                found.append(Pattern(name, prefix + str(item.pattern),
                                     getattr(item.callback, "view_class", None), arguments))

    walk(get_resolver(), "", None)
    return found


def visible(model: type[Model], user) -> Model | None:
    """The first object of ``model`` the user may see (any, when the model is not scoped;
    for an anonymous visitor, the files of notes published for parents)."""
    manager = model._default_manager
    if not user.is_authenticated:
        queryset = manager.all()
        if model._meta.label == "reports.ReportFile":
            queryset = queryset.filter(job__approved=True)
    elif hasattr(manager, "for_user"):
        queryset = manager.for_user(user)
    else:
        queryset = manager.all()
    return queryset.order_by("pk").first()


def _register_entries() -> list:
    from monitoring.registers.registry import registry

    return list(registry)


def fill(pattern: Pattern, user) -> Iterator[dict[str, object]]:
    """The argument sets for ``pattern``: one per register for register pages, one
    otherwise; nothing when no object exists for it."""
    args = set(pattern.arguments)
    if "slug" in args:
        for entry in _register_entries():
            kwargs: dict[str, object] = {"slug": entry.slug}
            if "pk" in args:
                obj = visible(entry.model, user)
                if obj is None:
                    continue
                kwargs["pk"] = obj.pk
            yield kwargs
        return
    kwargs = {}
    for arg in pattern.arguments:
        if arg == "pk":
            label = PK_MODELS.get(pattern.name)
            model = (apps.get_model(label) if label
                     else getattr(pattern.view_class, "model", None))
            obj = visible(model, user) if model is not None else None
        elif arg in ARG_MODELS:
            obj = visible(apps.get_model(ARG_MODELS[arg]), user)
        elif arg == "code":
            obj = apps.get_model("reports.Indicator").objects.order_by("order", "pk").first()
            kwargs[arg] = obj.code if obj else None
            continue
        elif arg == "year":
            kwargs[arg] = timezone.localdate().year
            continue
        else:
            obj = None
        if obj is None:
            return
        kwargs[arg] = obj.pk
    if None not in kwargs.values():
        yield kwargs


def urls(user, include_admin: bool = False) -> tuple[list[str], list[str]]:
    """(the URLs to GET for ``user``, the patterns that could not be filled)."""
    found, unfilled = [], []
    for pattern in patterns(include_admin):
        if pattern.name in POST_ONLY:
            continue
        if pattern.name.startswith("admin:") and pattern.arguments:
            continue  # the index, the changelists and the add forms are enough
        filled = list(fill(pattern, user))
        if not filled:
            unfilled.append(pattern.name)
        for kwargs in filled:
            found.append(reverse(pattern.name, kwargs=kwargs))
    return sorted(set(found)), unfilled
