"""The half-year note says what the dashboard says, for the same hand-built data."""

from __future__ import annotations

import io
import re

import openpyxl
from django.core.management import call_command
from django.urls import reverse

from reports import reference
from reports.models import Indicator, Target
from roadmap.services import load_roadmap_file

from .conftest import docx_text


def build(tmp_path, fmt: str, period: str = "2022/2023-1", **extra) -> bytes:
    target = tmp_path / f"note.{fmt}"
    call_command("build_note", period=period, format=fmt, out=str(target),
                 stdout=io.StringIO(), **extra)
    return target.read_bytes()


def test_note_figures_equal_the_dashboard(world, client_imc, tmp_path):
    load_roadmap_file()
    reference.load()
    Target.objects.create(indicator=Indicator.objects.get(code="ticket_share"), year=2023, value=40)
    text = docx_text(build(tmp_path, "docx"))

    # The diagnostics register: 2 students in A (1 with ОВЗ), 1 in B (with ОВЗ), 3 in all.
    assert "Школа А | 2 | 1 |" in text and "Школа Б | 1 | 1 |" in text and "Итого | 3 | 2 |" in text
    # The indicator table shows the dashboard's value for the same half-year.
    html = client_imc.get(reverse("reports:municipal_dashboard") + "?period=2022/2023-1").content.decode()
    dashboard = re.search(r'<tr data-code="diagnostics_share">.*?<td class="num">([\d,.]+)',
                          html, re.S).group(1)
    assert dashboard in {"60", "60,0"}
    assert re.search(r"Охват обучающихся профориентационной диагностикой \| % \| 60(,0)? \|", text)
    # The I half-year's 20 % is not judged against the year's 40 %: the year is not over.
    assert "Не достигнуто целевое значение показателя «Доля обучающихся 6–11 классов" not in text
    assert "будут оценены по итогам учебного года" in text or "будет оценено по итогам учебного года" in text
    # Admissions happen in summer: the I half-year says so and reports no decline.
    assert "учитывается во II полугодии" in text
    assert "по мониторингу «Поступление выпускников в ПОО и ВО»" not in text

    # The II half-year closes the academic year: its annual value is judged, and the
    # missed target becomes a conclusion and the department's recommendation (a municipal
    # gap is the department's to act on).
    second = docx_text(build(tmp_path, "docx", period="2022/2023-2"))
    assert ("Не достигнуто целевое значение показателя «Доля обучающихся 6–11 классов — "
            "участников проекта «Билет в будущее»» за 2022/2023 учебный год: 20 % при целевом "
            "40 %.") in second
    assert "Отделу образования (ИМЦ)" in second and "доля участников 20 % при целевом 40 %" in second
    # Numerals agree with nouns.
    assert "составило 3 обучающихся" in text or "составило 3 обучающихся." in text
    assert "1 обучающийся" in text or "1 обучающихся" not in text
    # No student's name anywhere.
    for student in world.values():
        assert student.full_name not in text and f"{student.last_name} Т" not in text


def test_note_xlsx_appendix_has_every_monitoring_table(world, tmp_path):
    book = openpyxl.load_workbook(io.BytesIO(build(tmp_path, "xlsx")))
    titles = [book[name]["A1"].value for name in book.sheetnames]
    assert any("Охват профориентационной диагностикой" in (t or "") for t in titles)
    assert any("Показатели" in (t or "") for t in titles)


def test_school_note_has_that_school_only(world, school_a, tmp_path):
    text = docx_text(build(tmp_path, "docx", school=school_a.code))
    assert "Школа А" in text and "Школа Б" not in text
