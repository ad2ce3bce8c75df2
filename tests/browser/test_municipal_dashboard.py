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
