"""Section VI: a decision's target indicators measured before and after it."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from reports import reference
from reports.indicators.effectiveness import windows
from roadmap.models import Decision, DecisionIndicator, Roadmap
from roadmap.services import load_roadmap_file


def make_decision(**extra) -> Decision:
    load_roadmap_file()
    reference.load()
    decision = Decision.objects.create(
        roadmap=Roadmap.objects.get(), date=dt.date(2023, 1, 20),
        title="О повышении охвата профориентационной диагностикой",
        checked_on=dt.date(2023, 2, 10), **extra,
    )
    DecisionIndicator.objects.create(decision=decision, indicator_code="diagnostics_share")
    DecisionIndicator.objects.create(decision=decision, indicator_code="no_such_code")
    return decision


def test_windows_are_the_half_years_around_the_decision():
    window = windows(dt.date(2023, 1, 20), dt.date(2023, 9, 15))
    assert (window.before.code, window.after.code) == ("2022/2023-1", "2022/2023-2")


def test_imc_measures_a_decision_before_and_after(world, client_imc, client_head):
    decision = make_decision()
    url = reverse("reports:decision_effectiveness")
    assert client_head.post(url, {"decision": decision.pk}).status_code == 403
    response = client_imc.post(url, {"decision": decision.pk}, follow=True)
    page = response.content.decode()
    assert "Нет в каталоге показателей: no_such_code" in page
    row = DecisionIndicator.objects.get(indicator_code="diagnostics_share")
    # Before: 2022/2023-1 — 3 of 5 pupils of grades 6–11 (60 %); after (checked in
    # February 2023): the same half-year is the last finished one, so the «after» span is
    # the current one, 2022/2023-2, with no diagnostics yet.
    assert float(row.value_before) == 60.0
    assert float(row.value_after) == 0.0
    assert "ухудшение" in row.conclusion
    assert row.indicator_title == "Охват обучающихся профориентационной диагностикой"
    html = client_head.get(url).content.decode()
    assert "код не найден в каталоге" in html and "60" in html


def test_coordinators_do_not_see_decisions(client_a, db):
    assert client_a.get(reverse("reports:decision_effectiveness")).status_code == 403
