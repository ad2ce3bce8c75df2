"""The everyday screens: the home pages as inboxes, periods people can read and pick,
recommendations and jobs without codes, figures the way documents print them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone

from monitoring.models import Period
from monitoring.registers.submissions import Submission
from reports.indicators.periods import label_of, latest_span_with_data, span_choices
from reports.indicators.service import definitions
from reports.models import Recommendation, RecommendationAck, ReportJob
from roadmap.models import Meeting, MeetingKind, MeetingLevel


def render(text: str, **context) -> str:
    return Template("{% load portal periods %}" + text).render(Context(context))


def test_figures_print_as_documents_do():
    assert render("{{ v|num }}", v=83.3) == "83,3"
    assert render("{{ v|num }}", v=60.0) == "60"
    assert render("{{ v|num }}", v=None) == "—"
    assert render("{{ v|signed }}", v=-14.2) == "\u221214,2"  # a real minus, not a hyphen
    assert render("{{ v|signed }}", v=3.5) == "+3,5"
    assert render("{{ v|signed }}", v=0) == "0"
    assert render("{{ v|signed }}", v=None) == ""


def test_periods_have_russian_names():
    assert label_of("2025/2026-1") == "I полугодие 2025/26"
    assert label_of("2025/2026-2") == "II полугодие 2025/26"
    assert label_of("2025/2026") == "2025/26 учебный год"
    assert label_of("2025") == "2025 год"
    assert render("{{ c|period_label }}", c="2022/2023-1") == "I полугодие 2022/23"


def test_the_period_picker_groups_half_years_academic_and_calendar_years():
    groups = dict(span_choices(dt.date(2026, 11, 30), first=2024))
    assert list(groups) == ["Полугодия", "Учебные годы", "Календарные годы"]
    assert groups["Полугодия"][0] == ("2026/2027-1", "I полугодие 2026/27")  # newest first
    assert ("2024/2025-1", "I полугодие 2024/25") in groups["Полугодия"]
    assert "2026/2027-2" not in dict(groups["Полугодия"])  # not begun yet
    assert dict(groups["Учебные годы"])["2025/2026"] == "2025/26 учебный год"
    assert dict(groups["Календарные годы"])["2026"] == "2026 год"
    # An older period from a bookmark is still offered.
    older = dict(span_choices(dt.date(2026, 11, 30), first=2024, extra="2020/2021-2"))
    assert "2020/2021-2" in dict(older["Полугодия"])


def test_a_page_opens_on_the_latest_half_year_with_data(world, school_a):
    from monitoring.registers.records import Admission, Diagnostic

    # The world's records are in 2022/2023-1 (diagnostics) and July 2023 (admissions).
    today = dt.date(2024, 3, 1)  # the last finished half-year, 2023/2024-1, has nothing
    assert latest_span_with_data([Diagnostic.objects.all()], today).code == "2022/2023-1"
    assert latest_span_with_data([Admission.objects.all()], today).code == "2022/2023-2"
    # Nothing at all: the last finished half-year.
    assert latest_span_with_data([], today).code == "2023/2024-1"


def test_register_summary_without_a_period_is_not_an_empty_page(world, client_imc, school_a):
    html = client_imc.get("/reports/registers/diagnostics/").content.decode()
    assert "I полугодие 2022/23" in html  # the half-year of the world's diagnostics
    assert '<option value="2022/2023-1" selected>' in html


def test_every_indicator_has_a_short_name_for_tables_and_charts():
    for definition in definitions():
        assert definition.short_name != definition.name or len(definition.name) <= 28, definition.code
        assert len(definition.short_name) <= 28, definition.short_name


def test_matrix_headers_are_short_with_units_and_full_names_in_titles(world, client_head):
    html = client_head.get("/reports/dashboard/?period=2022/2023-1").content.decode()
    matrix = html.split('id="schools-matrix"')[1]
    assert '<abbr title="Охват обучающихся профориентационной диагностикой">Диагностика</abbr>' in matrix
    assert "…" not in matrix.split("</thead>")[0]  # no header cut in the middle of a word
    assert "Полные названия показателей" in html


def test_a_target_without_data_is_not_called_missing_target(world, client_imc):
    from reports import reference
    from reports.models import Indicator, Target

    reference.load()
    Target.objects.create(indicator=Indicator.objects.get(code="normative_documents"), year=2022,
                          value=100)
    html = client_imc.get("/reports/dashboard/?period=2022/2023-1").content.decode()
    row = html.split('data-code="normative_documents"')[1].split("</tr>")[0]
    assert "цель не задана" not in row and "нет данных" in row


def test_recommendation_shows_names_not_codes_and_one_school_is_not_asked(
        client_a, school_a, imc):
    recommendation = Recommendation.objects.create(
        school=school_a, audience="heads", text="Провести диагностику 8–9 классов.",
        period_code="2022/2023-1", source="rule", indicator_code="diagnostics_share",
        status="published", published_at=timezone.now(), author=imc)
    html = client_a.get(recommendation.get_absolute_url()).content.decode()
    assert "Охват обучающихся профориентационной диагностикой" in html
    assert "(diagnostics_share)" not in html and "2022/2023-1" not in html
    assert "I полугодие 2022/23" in html
    # The school is not a choice for a coordinator of one school.
    assert f'<input type="hidden" name="school" value="{school_a.pk}"' in html
    assert "Отметка Школа А" in html


def test_job_page_shows_start_end_and_attempts_only_when_known(client_head, head):
    job = ReportJob.objects.create(kind="half_year_note", period_code="2022/2023-1",
                                   requested_by=head)
    html = client_head.get(job.get_absolute_url()).content.decode()
    assert '<tr id="job-started-row" hidden>' in html
    assert '<tr id="job-finished-row" hidden>' in html and 'id="job-attempts-row" hidden' in html
    started = timezone.now()
    ReportJob.objects.filter(pk=job.pk).update(status="done", progress=100, attempts=1,
                                               started_at=started, finished_at=started)
    html = client_head.get(job.get_absolute_url()).content.decode()
    assert '<tr id="job-started-row" hidden>' not in html
    assert timezone.localtime(started).strftime("%d.%m.%Y %H:%M") in html
    assert "I полугодие 2022/23" in html


# ------------------------------------------------------------------ home pages as inboxes


@pytest.fixture
def published(school_a, school_b, imc):
    def make(school, text, audience="heads"):
        return Recommendation.objects.create(school=school, audience=audience, text=text,
                                             status="published", published_at=timezone.now(),
                                             author=imc)
    return make


def test_coordinator_home_lists_what_the_school_owes_first(client_a, school_a, school_b,
                                                           published, coordinator_a):
    mine = published(school_a, "Рекомендация для школы А")
    everyone = published(None, "Рекомендация для всех ОО", audience="teachers")
    published(school_b, "Рекомендация для школы Б")
    Recommendation.objects.create(school=school_a, audience="heads", text="Черновик для А")
    html = client_a.get("/").content.decode()
    assert html.index('id="what-i-owe"') < html.index('id="answers"') < html.index('id="dues"')
    answers = html.split('id="answers"')[1].split("</section>")[0]
    assert "Рекомендация для школы А" in answers and "Рекомендация для всех ОО" in answers
    assert "школы Б" not in answers and "Черновик" not in answers
    assert answers.count("Ознакомиться") == 2
    # «Ознакомлен» moves it to «отметить выполнение»; «выполнено» removes it.
    RecommendationAck.objects.create(recommendation=mine, school=school_a, status="acknowledged")
    RecommendationAck.objects.create(recommendation=everyone, school=school_a, status="done")
    answers = client_a.get("/").content.decode().split('id="answers"')[1].split("</section>")[0]
    assert "Отметить выполнение" in answers and "Рекомендация для всех ОО" not in answers


def test_coordinator_home_shows_dates_ahead(client_a, school_a):
    today = timezone.localdate()
    Meeting.objects.create(date=today + dt.timedelta(days=10), topic="Итоги полугодия",
                           kind=MeetingKind.HEADS, level=MeetingLevel.MUNICIPAL,
                           status=Meeting.Status.PLANNED)
    Meeting.objects.create(date=today + dt.timedelta(days=90), topic="Слишком нескоро",
                           kind=MeetingKind.HEADS, level=MeetingLevel.MUNICIPAL,
                           status=Meeting.Status.PLANNED)
    dues = client_a.get("/").content.decode().split('id="dues"')[1].split("</section>")[0]
    assert "Итоги полугодия" in dues and "Слишком нескоро" not in dues
    assert "Сдать данные за" in dues


def test_imc_home_lists_submissions_waiting_and_unanswered_recommendations(
        client_imc, school_a, school_b, published):
    old = Period.objects.for_date(timezone.localdate()).previous().previous()
    Submission.objects.create(school=school_a, period=old, state=Submission.State.SUBMITTED,
                              submitted_at=timezone.now())
    recommendation = published(None, "Рекомендация всем ОО")
    RecommendationAck.objects.create(recommendation=recommendation, school=school_a,
                                     status="acknowledged")
    html = client_imc.get("/").content.decode()
    waiting = html.split('id="review-summary"')[1].split("</section>")[0]
    # Submitted long ago, past its half-year's deadline: still waiting for ИМЦ.
    assert "Школа А" in waiting and label_of(old.code) in waiting
    unanswered = html.split('id="unanswered"')[1].split("</section>")[0]
    assert "Рекомендация всем ОО" in unanswered and "не отметили: Школа Б" in unanswered


def test_imc_home_lists_overdue_roadmap_dates(client_imc, db):
    from roadmap import reference

    reference.load()  # the approved 2021–2023 roadmap, nothing executed
    overdue = client_imc.get("/").content.decode().split('id="overdue"')[1].split("</section>")[0]
    assert "Мероприятие 1.1" in overdue


def test_dashboard_chart_data_use_period_names(world, client_head):
    import json
    import re

    html = client_head.get("/reports/dashboard/?period=2022/2023-1").content.decode()
    data = json.loads(re.search(r'<script id="dynamics-data" type="application/json">(.*?)</script>',
                                html, re.S).group(1))
    assert data["labels"][-1] == "I полугодие 2022/23" and data["unit"] == "%"
    assert data["labels"][0] == "II полугодие 2019/20"  # six half-years back
