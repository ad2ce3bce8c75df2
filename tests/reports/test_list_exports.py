"""Long list exports as report jobs: above EXPORT_INLINE_MAX_ROWS the «Excel» button sends
the user to a job page, the job writes the same workbook for the same user and filter (a
coordinator's job holds only their school), and only the user who asked sees it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from monitoring.models import Role
from reports import jobs
from reports.models import ReportJob

from ..conftest import client_for, make_user, read_xlsx

URL = "/monitoring/registers/diagnostics/"
SCHOOL_A = ["Второй Тест", "Первая Тест"]  # s2, s1 of the world (tests/reports/world.py)
EVERYONE = ["Второй Тест", "Первая Тест", "Пятый Тест"]


def students_in(content: bytes) -> list[str]:
    sheet = read_xlsx(content).active
    header = [cell.value for cell in sheet[1]]
    column = next(i for i, name in enumerate(header) if name and "ФИО" in name)
    return sorted(row[column] for row in sheet.iter_rows(min_row=2, values_only=True))


def download(client, job: ReportJob) -> bytes:
    record = job.files.get(format="xlsx")
    response = client.get(f"/reports/files/{record.pk}/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_a_list_up_to_the_threshold_is_exported_in_the_request(world, client_imc, settings):
    settings.EXPORT_INLINE_MAX_ROWS = 3
    response = client_imc.get(URL + "?export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert len(students_in(response.content)) == 3
    assert not ReportJob.objects.exists()


def test_a_longer_list_becomes_a_job_the_user_follows_and_downloads(
    world, client_imc, imc, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_MAX_ROWS = 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client_imc.get(URL + "?export=xlsx")
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/jobs/{job.pk}/"
    assert job.kind == ReportJob.Kind.LIST_EXPORT and job.requested_by == imc
    assert job.school is None and job.status == ReportJob.Status.DONE

    page = client_imc.get(response["Location"]).content.decode()
    assert "Выгрузка списка в Excel" in page and "строк: 3" in page
    assert "3 строки: файл Excel формируется в фоне" in page
    assert f"/reports/files/{job.files.get().pk}/" in page
    assert "Утвердить в реестр документов" not in page
    # The same workbook as in the request: every row the list shows.
    assert students_in(download(client_imc, job)) == EVERYONE


def test_the_filter_of_the_page_is_kept(world, client_imc, school_a, settings,
                                        django_capture_on_commit_callbacks):
    settings.EXPORT_INLINE_MAX_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        client_imc.get(URL + f"?school={school_a.pk}&export=xlsx&page=2")
    job = ReportJob.objects.get()
    assert job.params["query"] == f"school={school_a.pk}&export=xlsx"
    assert students_in(download(client_imc, job)) == SCHOOL_A


def test_a_coordinators_job_exports_only_their_school_and_only_they_see_it(
    world, client_a, coordinator_a, school_a, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_MAX_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.get(URL + "?export=xlsx")
    job = ReportJob.objects.get()
    assert response["Location"] == f"/reports/jobs/{job.pk}/" and job.school == school_a
    assert students_in(download(client_a, job)) == SCHOOL_A  # not s5 of school B

    colleague = client_for(make_user("coord_a2", Role.COORDINATOR, [school_a]))
    assert colleague.get(f"/reports/jobs/{job.pk}/").status_code == 404
    assert colleague.get(f"/reports/files/{job.files.get().pk}/").status_code == 404
    assert f"/reports/jobs/{job.pk}/" not in colleague.get("/reports/").content.decode()


def test_the_job_reports_the_rows_written_as_progress(
    world, client_imc, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from monitoring.importing import export

    settings.EXPORT_INLINE_MAX_ROWS = 2
    monkeypatch.setattr(export, "PROGRESS_EVERY", 1)
    seen: list[tuple[int, str]] = []
    original = jobs.Progress.__call__

    def spy(self, percent, message=""):
        seen.append((percent, message))
        return original(self, percent, message)

    monkeypatch.setattr(jobs.Progress, "__call__", spy)
    with django_capture_on_commit_callbacks(execute=True):
        client_imc.get(URL + "?export=xlsx")
    messages = [m for _, m in seen]
    assert "Выгружено строк: 1 из 3" in messages and "Выгружено строк: 3 из 3" in messages
    percents = [p for p, _ in seen]
    assert percents == sorted(percents) and percents[-1] < 100


def test_a_list_export_is_not_offered_on_the_order_form(client_imc, db):
    page = client_imc.get(reverse("reports:job_list")).content.decode()
    assert "Выгрузка списка в Excel" not in page
    assert ReportJob.Kind.LIST_EXPORT not in dict(jobs.available_kinds())


@pytest.mark.parametrize("path", ["/no/such/list/", "/reports/"])
def test_a_job_for_an_address_without_a_list_fails_with_the_reason(imc, path):
    job = ReportJob.objects.create(kind=ReportJob.Kind.LIST_EXPORT, period_code="",
                                   requested_by=imc, params={"path": path, "query": ""})
    job = jobs.run_job(job.pk)
    assert job.status == ReportJob.Status.FAILED and path in job.message


def test_a_job_whose_user_lost_access_to_the_list_fails_with_the_reason(world, db):
    from monitoring.models import User

    nobody = User.objects.create_user("nobody", password="Пароль-без-роли-1")
    job = ReportJob.objects.create(kind=ReportJob.Kind.LIST_EXPORT, period_code="",
                                   requested_by=nobody, params={"path": URL, "query": ""})
    job = jobs.run_job(job.pk)
    assert job.status == ReportJob.Status.FAILED
    assert "больше нет доступа к этому списку" in job.message and not job.files.exists()


def test_a_job_for_a_register_that_is_gone_fails_with_the_reason(imc):
    path = "/monitoring/registers/no-such-register/"
    job = ReportJob.objects.create(kind=ReportJob.Kind.LIST_EXPORT, period_code="",
                                   requested_by=imc, params={"path": path, "query": ""})
    job = jobs.run_job(job.pk)
    assert job.status == ReportJob.Status.FAILED and "больше не существует" in job.message


def test_a_list_export_is_purged_after_a_day_other_documents_after_a_year(imc, settings):
    import datetime as dt

    from django.utils import timezone

    settings.LIST_EXPORT_RETENTION_HOURS = 24
    now = timezone.now()
    export = ReportJob.objects.create(kind=ReportJob.Kind.LIST_EXPORT, period_code="",
                                      requested_by=imc, status=ReportJob.Status.DONE)
    fresh = ReportJob.objects.create(kind=ReportJob.Kind.LIST_EXPORT, period_code="",
                                     requested_by=imc, status=ReportJob.Status.DONE)
    note = ReportJob.objects.create(kind=ReportJob.Kind.HALF_YEAR_NOTE, period_code="2022/2023-1",
                                    requested_by=imc, status=ReportJob.Status.DONE)
    ReportJob.objects.filter(pk__in=[export.pk, note.pk]).update(
        created_at=now - dt.timedelta(hours=25))
    ReportJob.objects.filter(pk=fresh.pk).update(created_at=now - dt.timedelta(hours=23))
    assert jobs.purge_old_reports(now=now) == 1
    assert set(ReportJob.objects.values_list("pk", flat=True)) == {fresh.pk, note.pk}
