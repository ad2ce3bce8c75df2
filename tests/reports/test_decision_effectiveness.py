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


def test_windows_compare_the_same_half_year_a_year_apart():
    # Decided in January 2023: «before» is the autumn 2022/2023-1, «after» the autumn a
    # year later — not the spring just after it, a different season.
    early = windows(dt.date(2023, 1, 20), dt.date(2023, 9, 15))
    assert (early.before.code, early.after.code, early.complete) == (
        "2022/2023-1", "2023/2024-1", False)
    done = windows(dt.date(2023, 1, 20), dt.date(2024, 1, 15))
    assert (done.after.code, done.complete) == ("2023/2024-1", True)
    # Checked two years on: the latest autumn finished by then.
    late = windows(dt.date(2023, 1, 20), dt.date(2025, 3, 1))
    assert late.after.code == "2024/2025-1"


def test_imc_measures_a_decision_before_and_after(world, client_imc, client_head):
    decision = make_decision()
    url = reverse("reports:decision_effectiveness")
    assert client_head.post(url, {"decision": decision.pk}).status_code == 403
    response = client_imc.post(url, {"decision": decision.pk}, follow=True)
    page = response.content.decode()
    assert "Нет в каталоге показателей: no_such_code" in page
    row = DecisionIndicator.objects.get(indicator_code="diagnostics_share")
    # Before: 2022/2023-1 — 3 of 5 pupils of grades 6–11 (60 %); after: the autumn a year
    # later, 2023/2024-1, not finished by the check in February 2023 and with nobody
    # enrolled yet — no value, so no conclusion is drawn.
    assert float(row.value_before) == 60.0
    assert row.value_after is None and row.conclusion == ""
    assert row.indicator_title == "Охват обучающихся профориентационной диагностикой"
    html = client_head.get(url).content.decode()
    assert "код не найден в каталоге" in html and "60" in html


def test_coordinators_do_not_see_decisions(client_a, db):
    assert client_a.get(reverse("reports:decision_effectiveness")).status_code == 403
