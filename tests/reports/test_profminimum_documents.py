"""Register 11 «Профминимум» in the half-year note and the yearly report, on the golden
district's 2023/2024 (tests/reports/golden.py): figures worked out by hand."""

from __future__ import annotations

import io

import openpyxl

from monitoring.models import Period
from reports import jobs
from reports.models import ReportJob
from reports.notes.collect import collect_note_data

from .conftest import docx_text


def _section(data):
    return next(s for s in data.monitoring if s.title == "Профминимум")


def test_the_half_year_note_gives_hours_by_direction_and_the_level(golden):
    data = collect_note_data(Period.objects.get_by_code("2023/2024-1"), None)
    section = _section(data)
    hours, levels = section.extra_tables
    # I half-year: a1 60 h of lessons + 1 h diagnostic, b2 36 h «Россия — мои горизонты»,
    # a4 44 h of class hours: 141 h of 3 students; a year earlier there was no профминимум.
    assert hours.rows[-1] == ["Всего", 47.0, None, None]
    assert ["урочная деятельность", 20.0, None, None] in hours.rows
    # Since 1 September only a1 reached A's 60 h; b2 has 36 of B's 40, a4 44 of A's 60.
    assert levels.rows == [["ООШ В", "не внесён (базовый)", 0, 0, None, None],
                           ["СОШ А", "основной", 2, 1, 50.0, None],
                           ["СОШ Б", "не внесён (базовый)", 1, 0, 0.0, None],
                           ["Итого", "", 3, 1, 33.3, None]]
    text = " ".join(section.paragraphs)
    assert ("За I полугодие 2023/2024 уч. г. на одного обучающегося 6–11 классов "
            "пришлось 47 ч профминимума (в том же полугодии год назад профминимум ещё не "
            "вводился).") in text
    assert "освоили 33,3 % обучающихся 6–11 классов." in text
    assert "Уровни на учебный год: основной — 1 школа; не внесли уровень 2 школы" in text
    assert "Годовой объём часов оценивается по итогам учебного года" in text


def test_a_note_before_the_model_says_so_and_has_no_tables(golden):
    data = collect_note_data(Period.objects.get_by_code("2022/2023-1"), None)
    assert all(s.title != "Профминимум" or not s.extra_tables for s in data.monitoring)


def test_the_yearly_report_has_the_year_by_direction_and_by_school(golden, imc):
    job = jobs.create_job(ReportJob.Kind.MONITORING_REPORT, "2023/2024", None, imc,
                          {"formats": ["docx", "xlsx"], "register": "profminimum"})
    jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE, job.message
    files = {f.format: f.file.read() for f in job.files.all()}
    text = docx_text(files["docx"])
    assert ("За 2023/2024 учебный год на одного обучающегося 6–11 классов пришлось 48,3 ч "
            "профминимума (в прошлом учебном году профминимум ещё не вводился).") in text
    assert "освоили 66,7 % обучающихся 6–11 классов" in text
    assert "Освоили уровень своей ОО: 2 обучающихся." in text
    assert "Всего | 48,3 | — | —" in text
    # The monitoring is judged by its indicators in the report's table of the year.
    assert ("Доля обучающихся 6–11 классов, освоивших профминимум на уровне, выбранном ОО | % "
            "| 66,7") in text
    book = openpyxl.load_workbook(io.BytesIO(files["xlsx"]))
    sheet = book["11. Уровень по ОО"]
    assert [c.value for c in sheet[sheet.max_row]][:5] == ["Итого", None, 3, 2, 66.7]
    for person in golden.people:
        assert person.full_name not in text


def test_the_note_counts_each_span_of_hours_once(golden):
    """Eight directions × two seasons in the hours table, the level, the indicators: the
    note is collected under one data version, so each statement over register 11 runs
    once (at region size the repeats were 7.5 s of a 19 s collection)."""
    from collections import Counter

    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        collect_note_data(Period.objects.get_by_code("2023/2024-2"), None)
    over_register_11 = Counter(q["sql"] for q in queries.captured_queries
                               if "monitoring_profminimumhours" in q["sql"])
    assert over_register_11
    assert max(over_register_11.values()) == 1, over_register_11.most_common(1)
