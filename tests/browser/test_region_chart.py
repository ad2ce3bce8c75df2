"""A chart of 60 schools in a real browser: the 10 highest and the 10 lowest are drawn,
the dashed line of the average per school is painted, and the caption says so."""

from __future__ import annotations

import pytest

from ..reports.test_region_charts import region  # noqa: F401 - 60 schools
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_register_summary_of_60_schools_draws_20_and_the_average(page, region, imc):  # noqa: F811
    login(page, "imc")
    page.goto("/reports/registers/diagnostics/?period=2022/2023-1")
    page.wait_for_selector("#by-school[data-drawn='1']")
    note = page.locator(".chart-note").first.inner_text()
    assert "В среднем по ОО: 3" in note
    assert "Показаны 10 ОО с наибольшим и 10 с наименьшим значением из 60." in note
    # The reference line is painted: the canvas holds pixels of its dark red.
    red = page.evaluate("""() => {
        const c = document.getElementById('by-school');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) {
            if (d[i] > 150 && d[i + 1] < 40 && d[i + 2] < 40 && d[i + 3] > 200) n++;
        }
        return n;
    }""")
    assert red > 20
