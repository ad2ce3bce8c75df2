"""Every page and form of every role, with a script in every text field of the database.

The demo district (one student per class) is loaded, then every free-text field of every
model — names, titles, comments, file names, reference lists — is overwritten with markup
that would run if a template printed it unescaped (the stored XSS the audit found: a file
name in a form's help_text). Each role then opens every page it can reach
(tests/pagewalk.py): no page may answer 5xx, and no HTML may carry the markup raw."""

from __future__ import annotations

import io
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat
from django.test import Client

from monitoring.demo import build_demo

from .. import pagewalk

# The image comes last: a value shown as a file name keeps only what follows the last «/».
HOSTILE = "\"'><script>alert(1)</script><img src=x onerror=alert(1)>"
RAW_MARKERS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
# Text the portal parses or puts in URLs: overwriting it would break the data, not test
# escaping (they are validated on input: codes, numbers, periods, deadlines, logins).
STRUCTURAL = {"code", "period_code", "number", "username", "password", "slug", "deadline_text",
              "deadline_kind", "indicator_code", "watch_indicator", "kind", "status", "format",
              "okso", "inn", "class_letter", "mimetype", "content_type", "hostname", "file",
              "lease_owner", "search_text", "history_type", "history_change_reason"}


def poison_every_text_field() -> int:
    """Overwrite every free-text column with HOSTILE + the row's id; returns the column count."""
    columns = 0
    for model in apps.get_models():
        if model._meta.app_label not in {"monitoring", "roadmap", "reports"} and \
                model is not get_user_model():
            continue
        for field in model._meta.concrete_fields:
            if (not isinstance(field, models.CharField | models.TextField)
                    or isinstance(field, models.SlugField | models.EmailField | models.URLField)
                    or field.choices or field.name in STRUCTURAL or field.primary_key
                    or (field.max_length or 1000) < len(HOSTILE) + 12):
                continue
            model._default_manager.update(
                **{field.name: Concat(Value(HOSTILE), Cast("pk", models.CharField()))})
            columns += 1
    return columns


@pytest.fixture
def hostile_district(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_reference_data", stdout=io.StringIO())
    build_demo(students_per_class=1)
    for app_config in apps.get_app_configs():
        if app_config.name in {"roadmap", "reports"}:
            import_module(f"{app_config.name}.demo").build_demo(stdout=io.StringIO())
    assert poison_every_text_field() > 40


def walk(client: Client, user, include_admin: bool = False) -> tuple[int, list[str]]:
    urls, _ = pagewalk.urls(user, include_admin)
    problems = []
    for url in urls:
        response = client.get(url)
        if response.status_code >= 500:
            problems.append(f"{url}: {response.status_code}")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        for marker in RAW_MARKERS:
            if marker in html:
                at = html.index(marker)
                problems.append(f"{url}: unescaped «{html[max(0, at - 80):at + 40]}»")
    return len(urls), problems


def test_every_page_escapes_hostile_data_and_none_fails(hostile_district):
    counts, problems = {}, []
    for username in ["koordinator", "imc", "nachalnik", "admin", None]:
        client = Client()
        user = AnonymousUser()
        if username is not None:
            user = get_user_model().objects.get(username=username)
            client.force_login(user)
        counts[username], found = walk(client, user, include_admin=username == "admin")
        problems += [f"{username or 'аноним'}: {problem}" for problem in found]
    assert not problems, "\n".join(problems)
    # Each role really walked the portal (the admin also the admin's lists).
    assert counts[None] >= 3 and min(counts[u] for u in counts if u) > 60, counts
    assert counts["admin"] > counts["imc"] + 30, counts
