"""The worker computes the dashboards' figures after a change, before anyone asks."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring.registers import records as r
from reports import reference
from reports.indicators.warm import warm_dashboards

from .world import student, world  # noqa: F401 - the hand-built district


@pytest.fixture
def catalogue(db):
    reference.load()


def _queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_after_warming_the_dashboards_read_every_figure_from_the_cache(
        world, catalogue, client_a, client_imc, school_a):  # noqa: F811
    # The period the dashboards open with: the latest half-year with records.
    period = "?period=2022/2023-2"
    school_url = reverse("reports:school_dashboard", args=[school_a.pk]) + period
    cold, _ = _queries(client_a, school_url)
    r.Diagnostic.objects.create(school=school_a, student=student(school_a, "Новикова", 8, "Ж"),
                                date=r.Diagnostic.objects.first().date,
                                method=r.Diagnostic.objects.first().method)
    assert warm_dashboards() is not None
    assert warm_dashboards() is None  # once per data version
    # The coordinator's page: the school's figures and the municipality's at once, none
    # computed — a handful of queries (the user, the targets, the version) instead of the
    # hundreds of a computation.
    warm, html = _queries(client_a, school_url)
    assert warm < cold / 4, (warm, cold)
    assert 'id="municipal-status"' not in html
    municipal, _ = _queries(client_imc, reverse("reports:municipal_dashboard") + period)
    assert municipal < cold / 4, (municipal, cold)
    # A change makes the next run compute again.
    r.Diagnostic.objects.filter(school=school_a).first().delete()
    assert warm_dashboards() is not None


def test_the_command_and_the_beat_schedule(world, catalogue, capsys):  # noqa: F811
    call_command("warm_dashboards")
    assert "Показатели рассчитаны за" in capsys.readouterr().out
    call_command("warm_dashboards")
    assert "уже рассчитаны" in capsys.readouterr().out
    entry = settings.CELERY_BEAT_SCHEDULE["reports-warm-dashboards"]
    assert entry["task"] == "reports.warm_dashboards"
