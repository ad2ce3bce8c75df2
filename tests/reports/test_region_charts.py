"""Charts that stay readable at the size of a region: one bar per school up to 25 schools,
above that the 10 highest and the 10 lowest with the municipal value (or the average per
school) as a line — in the documents (the picture's description says what is drawn) and on
the pages (the data behind the chart)."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from django.urls import reverse
from docx import Document

from monitoring.documents.tables import (
    AVERAGE_PER_SCHOOL,
    SCHOOL_CHART_EXTREMES,
    SCHOOL_CHART_LIMIT,
    ChartSpec,
)
from monitoring.models import School
from monitoring.registers import catalogs as c
from monitoring.registers import records as r
from reports.notes.collect import collect_note_data
from reports.notes.render import render_note_docx

from .world import D, student

SCHOOLS = 60


def school_chart(count: int, **extra) -> ChartSpec:
    return ChartSpec("Охват по ОО", [f"ОО {i:02d}" for i in range(count)],
                     [("Сейчас", [float(i) for i in range(count)]),
                      ("Год назад", [1.0] * count)], kind="barh", per_school=True, **extra)


def test_up_to_the_limit_every_school_is_drawn():
    spec = school_chart(SCHOOL_CHART_LIMIT)
    assert spec.readable() is spec


def test_above_the_limit_the_highest_and_the_lowest_with_the_average():
    spec = school_chart(SCHOOLS).readable()
    assert len(spec.categories) == 2 * SCHOOL_CHART_EXTREMES
    assert spec.categories[:3] == ["ОО 59", "ОО 58", "ОО 57"]
    assert spec.categories[-1] == "ОО 00" and "ОО 30" not in spec.categories
    # Every series follows its school; the reference is the average of all 60, not of 20.
    assert spec.series[1][1] == [1.0] * 20 and spec.series[0][1][0] == 59.0
    assert spec.reference == (AVERAGE_PER_SCHOOL, pytest.approx(29.5))
    assert spec.note == "10 ОО с наибольшим и 10 с наименьшим значением из 60"
    assert spec.note in spec.title


def test_a_given_municipal_value_is_kept_and_schools_without_a_value_left_out():
    def shares(count: int, every: int) -> ChartSpec:
        return ChartSpec("Доля", [f"ОО {i}" for i in range(count)],
                         [("Доля", [None if i % every == 0 else float(i) for i in range(count)])],
                         per_school=True, reference=("Муниципалитет", 41.5)).readable()

    spec = shares(40, 4)
    assert spec.reference == ("Муниципалитет", 41.5)
    assert None not in spec.series[0][1] and len(spec.categories) == 20
    assert spec.note == "10 ОО с наибольшим и 10 с наименьшим значением из 40; без данных — 10"
    # 20 schools with a value of 30: all of them, and the chart says it left out the rest.
    few = shares(30, 3)
    assert len(few.categories) == 20 and few.note == "ОО с данными: 20 из 30"
    data = spec.chart_data("%")
    assert data["reference"] == {"label": "Муниципалитет", "value": 41.5}
    assert len(data["labels"]) == 20 and data["note"] == spec.note


def test_a_chart_of_other_categories_is_not_cut():
    spec = ChartSpec("Специальности", [f"С {i}" for i in range(40)], [("Число", [1.0] * 40)])
    assert spec.readable() is spec


@pytest.fixture
def region(municipality):
    """60 schools, school i with i % 5 + 1 students, each diagnosed once in 2022/2023-1."""
    method = c.DiagnosticMethod.objects.get_or_create(name="Опросник Климова")[0]
    schools = School.objects.bulk_create(
        School(municipality=municipality, code=f"r{i:02d}", name=f"СОШ № {i} полностью",
               short_name=f"СОШ № {i}") for i in range(1, SCHOOLS + 1))
    for school in School.objects.filter(pk__in=[s.pk for s in schools]):
        number = int(school.code[1:])
        for k in range(number % 5 + 1):
            pupil = student(school, f"Ученик{k}", 5 + k, "М")
            r.Diagnostic.objects.create(school=school, student=pupil, date=D, method=method)
    return schools


def pictures(content: bytes) -> list[str]:
    """The descriptions of the DOCX's pictures (what each chart shows)."""
    xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()
    return re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', xml)


def test_a_note_of_60_schools_draws_at_most_20_schools_per_chart(region, period):
    data = collect_note_data(period, None)
    content = render_note_docx(data)
    described = pictures(content)
    assert len(described) >= 2  # the contingent and the diagnostics at least
    for text in described:
        assert "из 60" in text and AVERAGE_PER_SCHOOL in text
        shown = re.findall(r"СОШ № \d+ — ", text)
        assert len(shown) == 2 * SCHOOL_CHART_EXTREMES
    diagnostics = next(t for t in described if t.startswith("Охват профориентационной"))
    # The five schools with 5 students each lead; those with one student close the chart.
    assert re.search(r"СОШ № 4 — 5\b", diagnostics) and "СОШ № 5 — 1" in diagnostics
    # The caption under each picture says which schools it shows.
    captions = [p.text for p in Document(io.BytesIO(content)).paragraphs
                if p.text.startswith("Рисунок ")]
    assert len(captions) == len(described)
    assert all("10 ОО с наибольшим и 10 с наименьшим значением из 60" in t for t in captions)


def test_the_register_summary_page_sends_at_most_20_schools(region, client_imc):
    url = reverse("reports:register_dashboard", args=["diagnostics"]) + "?period=2022/2023-1"
    html = client_imc.get(url).content.decode()
    data = json.loads(re.search(r'<script id="school-data" type="application/json">(.*?)'
                                r"</script>", html, re.S).group(1))
    assert len(data["labels"]) == 2 * SCHOOL_CHART_EXTREMES
    assert data["note"] == "10 ОО с наибольшим и 10 с наименьшим значением из 60"
    assert data["reference"]["label"] == AVERAGE_PER_SCHOOL
    assert data["series"][0]["data"][0] == 5 and data["series"][0]["data"][-1] == 1
