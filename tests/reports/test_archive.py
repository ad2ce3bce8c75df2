"""What is kept: a generated note or report approved into the documents registry (never
purged, cited, downloaded under the registry's rules, closing 4.1), a closed academic year
whose later corrections show as corrections, the pre-conference note marked «предварительные
данные», and the hotline answers published for parents."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document as WordDocument

from monitoring.models import Period
from monitoring.registers import catalogs as c
from monitoring.registers import records as r
from reports import archive, jobs
from reports.models import IndicatorSnapshot, ReportJob, YearClosure
from reports.notes.collect import collect_note_data
from roadmap.models import Document, HotlineQuestion, InformationWork, Meeting, Roadmap
from roadmap.services import build_board, load_roadmap_file

from .conftest import PERIOD, docx_text, registered


def word(text: str) -> bytes:
    document = WordDocument()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def finished(kind: str, period: str, school=None, user=None) -> ReportJob:
    job = ReportJob.objects.create(kind=kind, period_code=period, school=school,
                                   requested_by=user)
    with registered(kind, lambda job, progress: [("docx", "Отчёт.docx", word("Текст отчёта"))]):
        jobs.run_job(job.pk)
    job.refresh_from_db()
    return job


def test_a_yearly_report_approved_into_the_registry_is_kept_cited_and_closes_4_1(
        client_imc, client_a, client_b, head, school_a, settings):
    load_roadmap_file()
    job = finished(ReportJob.Kind.MONITORING_REPORT, "2021/2022", user=head)
    page = client_imc.get(job.get_absolute_url()).content.decode()
    assert "Утвердить в реестр документов" in page
    url = reverse("reports:job_registry", args=[job.pk])
    assert client_a.post(url, {"date": "26.09.2022"}).status_code == 403
    assert "Введите дату в виде дд.мм.гггг." in client_imc.post(
        url, {"date": "26/09"}, follow=True).content.decode()
    response = client_imc.post(url, {"number": "15-АО", "date": "26.09.2022", "title": ""},
                               follow=True)
    assert "Документ утверждён в реестр: Отчёт № 15-АО от 26.09.2022" in response.content.decode()
    client_imc.post(url, {"number": "16", "date": "27.09.2022"})  # a double click
    document = Document.objects.get()
    assert (document.kind, document.generated_kind, document.period_code, document.status) == (
        "report", "monitoring_report", "2021/2022", "approved")
    assert "Аналитический отчёт по мониторингу за год — 2021/2022" in document.title
    job.refresh_from_db()
    assert job.document == document

    # Kept for ever: the purge a year later leaves the job, its files and the document.
    ReportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.make_aware(dt.datetime(2022, 9, 1, 10)))
    settings.REPORT_RETENTION_DAYS = 365
    assert jobs.purge_old_reports(dt.date(2024, 9, 1)) == 0
    assert ReportJob.objects.filter(pk=job.pk).exists()
    # Downloaded under the registry's rules: a municipal approved document, every school.
    download = client_a.get(document.download_url)
    assert download.status_code == 200
    assert "Текст отчёта" in docx_text(b"".join(download.streaming_content))
    # It closes measure 4.1 for 2022, the year of the academic year it reports on.
    roadmap = Roadmap.objects.get()
    row = next(row for row in build_board(roadmap, dt.date(2022, 10, 1)).measure_rows
               if row.measure.number == "4.1")
    states = {o.key: (o.state.value, o.closed_on) for o in row.occurrences}
    assert states["2022"] == ("done", dt.date(2022, 9, 26))
    assert states["2021"][0] == "overdue"
    # And it can be cited as the material of a meeting.
    form = client_imc.get(reverse("roadmap:meeting_add")).context["form"]
    assert document in form.fields["notes"].queryset


def test_a_school_note_in_the_registry_stays_with_its_school(client_a, client_b, client_imc,
                                                              school_a, coordinator_a):
    job = finished(ReportJob.Kind.HALF_YEAR_NOTE, PERIOD, school=school_a, user=coordinator_a)
    document = archive.approve_into_registry(job, number="", date=dt.date(2023, 1, 25))
    assert document.school == school_a and document.kind == "note"
    assert client_a.get(document.download_url).status_code == 200
    assert client_b.get(document.download_url).status_code == 404


def test_closing_a_year_freezes_its_values_and_later_corrections_show(
        world, client_imc, client_head, client_a, imc):
    url = reverse("reports:archive")
    assert client_a.get(url).status_code == 403
    page = client_imc.get(url).content.decode()
    assert "Закрыть учебный год" in page
    assert client_head.post(url, {"year": "2022/2023"}).status_code == 403
    response = client_imc.post(url, {"year": "2022/2023"}, follow=True)
    assert "2022/2023 учебный год закрыт" in response.content.decode()
    closure = YearClosure.objects.get()
    assert closure.closed_by == imc
    frozen = IndicatorSnapshot.objects.get(closure=closure, span_code="2022/2023-1",
                                           indicator_code="diagnostics_share", school=None)
    assert frozen.value is not None and frozen.numerator == 3
    # every span of the year, every school and the municipality
    assert {s.span_code for s in closure.snapshots.all()} == {"2022/2023", "2022/2023-1",
                                                              "2022/2023-2"}
    assert closure.snapshots.filter(school__isnull=False).exists()
    again = client_imc.post(url, {"year": "2022/2023"}, follow=True).content.decode()
    assert "2022/2023 учебный год уже закрыт." in again
    assert YearClosure.objects.count() == 1
    page = client_head.get(url, {"year": "2022/2023"}).content.decode()
    assert "После закрытия значения не менялись." in page

    # A school adds a diagnostic it forgot: the live value changes, the frozen one does not.
    s6 = world["s6"]
    method = c.DiagnosticMethod.objects.first()
    r.Diagnostic.objects.create(school=s6.school, student=s6, method=method,
                                date=dt.date(2022, 11, 3))
    frozen.refresh_from_db()
    assert frozen.numerator == 3
    page = client_head.get(url, {"year": "2022/2023"}).content.decode()
    rows = page.split('id="corrections"')[1]
    row = rows.split('data-indicator="diagnostics_share" data-span="2022/2023-1"')[1].split("</tr>")[0]
    assert "муниципалитет" in row and "исправлено" in row
    corrections = [x for x in archive.corrections(closure)
                   if x.indicator_code == "diagnostics_share" and x.span_code == "2022/2023-1"
                   and x.school == "муниципалитет"]
    assert corrections[0].current > corrections[0].frozen


def test_a_year_not_over_cannot_be_closed(client_imc, db):
    today = timezone.localdate()
    start = today.year if today.month >= 9 else today.year - 1
    response = client_imc.post(reverse("reports:archive"), {"year": f"{start}/{start + 1}"},
                               follow=True)
    assert "учебный год ещё не закончился" in response.content.decode()
    assert not YearClosure.objects.exists()


def test_the_pre_conference_note_counts_up_to_the_agreed_day_and_says_so(
        world, client_imc, django_capture_on_commit_callbacks, settings):
    settings.PRECONFERENCE_NOTE_DAY = "15.08"
    method = c.DiagnosticMethod.objects.first()
    s6 = world["s6"]
    r.Diagnostic.objects.create(school=s6.school, student=s6, method=method,
                                date=dt.date(2023, 8, 10))
    s4 = world["s4"]
    r.Diagnostic.objects.create(school=s4.school, student=s4, method=method,
                                date=dt.date(2023, 8, 25))
    page = client_imc.post(reverse("reports:job_list"), {
        "kind": "half_year_note", "period": "2022/2023-1", "formats": ["docx"],
        "preliminary": "on"}).content.decode()
    assert "Предварительная справка строится только за II полугодие" in page
    with django_capture_on_commit_callbacks(execute=True):
        client_imc.post(reverse("reports:job_list"), {
            "kind": "half_year_note", "period": "2022/2023-2", "formats": ["docx"],
            "preliminary": "on"})
    job = ReportJob.objects.get()
    assert job.status == "done", job.message
    assert job.preliminary_as_of == dt.date(2023, 8, 15)
    record = job.files.get()
    assert "(предварительные данные)" in record.filename
    text = docx_text(record.file.read())
    assert "Предварительные данные на 15.08.2023" in text
    # the diagnostic of 10 August counts, the one of 25 August (after the cut) does not
    period = Period.objects.get_by_code("2022/2023-2")
    cut = collect_note_data(period, as_of=dt.date(2023, 8, 15))
    full = collect_note_data(period)
    assert cut.preliminary == "Предварительные данные на 15.08.2023" and full.preliminary == ""

    def diagnosed(data) -> int:
        section = next(s for s in data.monitoring if "диагностик" in s.title)
        return section.table.rows[-1][1]  # the total row

    assert (diagnosed(cut), diagnosed(full)) == (1, 2)


def test_hotline_answers_marked_for_publication_reach_the_parents_page(client, client_imc, db):
    roadmap_data = {
        "kind": "hotline", "date": "25.05.2024", "date_end": "14.06.2024",
        "title": "«Горячая линия» по поступлению", "audience": "students_parents", "reach": 30,
        "questions-TOTAL_FORMS": 2, "questions-INITIAL_FORMS": 0,
        "questions-0-question": "Когда начинается приём в колледжи?",
        "questions-0-answer": "С 20 июня.", "questions-0-times_asked": 4,
        "questions-0-is_published": "on",
        "questions-1-question": "Нужна ли медицинская справка?", "questions-1-times_asked": 1,
        "questions-1-is_published": "on",
    }
    page = client_imc.post(reverse("roadmap:information_add"), roadmap_data).content.decode()
    assert "Опубликовать можно только вопрос с ответом." in page
    assert not InformationWork.objects.exists()
    roadmap_data.pop("questions-1-is_published")
    assert client_imc.post(reverse("roadmap:information_add"), roadmap_data).status_code == 302
    assert HotlineQuestion.objects.count() == 2
    public = client.get(reverse("parents")).content.decode()
    assert "Когда начинается приём в колледжи?" in public and "С 20 июня." in public
    assert "Нужна ли медицинская справка?" not in public


@pytest.mark.parametrize("value", ["31.13", "15-08", "1.9"])
def test_a_wrong_pre_conference_day_stops_the_portal_with_a_russian_message(value, monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import nogliki_portal.settings as portal_settings

    monkeypatch.setenv("PRECONFERENCE_NOTE_DAY", value)
    with pytest.raises(ImproperlyConfigured, match="ожидается день и месяц II полугодия"):
        importlib.reload(portal_settings)
    monkeypatch.delenv("PRECONFERENCE_NOTE_DAY")
    importlib.reload(portal_settings)


def test_meetings_count_only_with_a_protocol_in_the_chain(client_head, imc):
    load_roadmap_file()
    Meeting.objects.create(date=dt.date(2022, 4, 1), topic="Совещание без протокола",
                           kind="heads", status="held")
    chain = client_head.get(reverse("reports:chain"), {"year": 2022}).content.decode()
    meetings = chain.split('id="chain-meetings"')[1].split("</ol>")[0]
    assert "Совещание 01.04.2022 «Совещание без протокола»: нет протокола — не засчитано" in meetings
    assert "6.1: проведено с протоколом 0 из 2" in meetings


def test_build_note_makes_the_pre_conference_note_never_offered_to_parents(tmp_path, world,
                                                                            settings):
    from django.core.management import CommandError, call_command

    settings.PRECONFERENCE_NOTE_DAY = "15.08"
    out = tmp_path / "note.docx"
    call_command("build_note", "--period", "2022/2023-2", "--preliminary", "--out", str(out),
                 stdout=io.StringIO())
    assert "Предварительные данные на 15.08.2023" in docx_text(out.read_bytes())
    job = ReportJob.objects.get()
    assert job.status == "done" and not job.can_be_approved  # preliminary: not for the public
    with pytest.raises(CommandError, match="только за II полугодие"):
        call_command("build_note", "--period", "2022/2023-1", "--preliminary",
                     "--out", str(out), stdout=io.StringIO())
