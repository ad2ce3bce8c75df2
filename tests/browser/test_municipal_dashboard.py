"""The department head opens the municipal dashboard in a real browser."""

from __future__ import annotations

import pytest

from reports import reference
from reports.models import Indicator, Target

from ..reports.world import world  # noqa: F401 - the hand-built district
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_head_sees_a_drawn_chart_and_status_colours(page, world, head):  # noqa: F811
    reference.load()
    # Targets for 2023, judged on the academic year 2022/2023 that ends in it.
    Target.objects.create(indicator=Indicator.objects.get(code="diagnostics_share"), year=2023, value=50)
    Target.objects.create(indicator=Indicator.objects.get(code="ticket_share"), year=2023, value=40)
    login(page, "head")
    page.goto("/reports/dashboard/?period=2022/2023")
    page.wait_for_selector("#dynamics-chart[data-drawn='1']")
    # The chart really painted something: its image differs from an empty canvas.
    painted = page.evaluate("""() => {
        const c = document.getElementById('dynamics-chart');
        const blank = document.createElement('canvas');
        blank.width = c.width; blank.height = c.height;
        return c.toDataURL() !== blank.toDataURL();
    }""")
    assert painted
    achieved = page.locator("tr[data-code='diagnostics_share'] [data-status='achieved']")
    assert achieved.inner_text() == "достигнуто"
    assert achieved.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(25, 135, 84)"
    missed = page.locator("tr[data-code='ticket_share'] [data-status='missed']")
    assert missed.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(220, 53, 69)"
    # The schools × indicators table is coloured too.
    assert page.locator("#schools-matrix td.table-success").count() >= 1


def test_coordinator_sees_own_figures_then_the_municipal_column_fills_in(
        page, world, coordinator_a, school_a):  # noqa: F811
    reference.load()
    login(page, "coord_a")
    # Nobody has computed the municipal figures: the school's page asks for them itself.
    page.goto(f"/reports/dashboard/school/{school_a.pk}/?period=2022/2023-1")
    row = page.locator("tr[data-code='diagnostics_share'] td.num")
    assert row.nth(0).inner_text().startswith("66,7")
    page.wait_for_selector("#school-chart[data-drawn='1']")
    assert row.nth(1).inner_text().startswith("60")
    assert page.locator("#municipal-status").count() == 0
    assert page.locator("[data-municipal]").count() == 0
    # The chart has both series: the school's and the municipality's.
    labels = page.evaluate("() => Chart.getChart('school-chart').data.datasets.map(d => d.label)")
    assert labels == ["Школа А", "Муниципалитет"]
