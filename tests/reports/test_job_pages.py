"""The reports pages as each role uses them: ordering, progress, downloads, scoping."""

from __future__ import annotations

import io
import os

import pytest
from docx import Document

from monitoring.models import User
from reports import jobs
from reports.models import ReportFile, ReportJob
from reports.renderers.pdf import UNAVAILABLE

from ..conftest import client_for
from .conftest import PERIOD, registered

NOTE = ReportJob.Kind.HALF_YEAR_NOTE


def finished_job(school, user, fmt: str = "docx", content: bytes = b"content") -> ReportJob:
    """A done job with one file, as run_job leaves it."""
    job = ReportJob.objects.create(kind=NOTE, period_code=PERIOD, school=school,
                                   requested_by=user)
    with registered(NOTE, lambda job, progress: [(fmt, f"Справка.{fmt}", content)]):
        jobs.run_job(job.pk)
    job.refresh_from_db()
    return job


def test_imc_orders_a_municipal_note_and_the_head_downloads_it(
    django_capture_on_commit_callbacks, client_imc, client_head, contingent
):
    page = client_imc.get("/reports/")
    assert page.status_code == 200
    assert "Заказать документ" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_imc.post("/reports/", {
            "kind": NOTE, "period": PERIOD, "school": "", "formats": ["docx", "xlsx"],
        })
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/jobs/{job.pk}/"
    assert job.school is None and job.params == {"formats": ["docx", "xlsx"]}

    detail = client_head.get(f"/reports/jobs/{job.pk}/").content.decode()
    assert 'role="progressbar"' in detail and 'aria-valuenow="100"' in detail
    assert "portal/jobs.js" in detail
    docx = job.files.get(format="docx")
    assert f"/reports/files/{docx.pk}/" in detail

    download = client_head.get(f"/reports/files/{docx.pk}/")
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert "filename*=utf-8''" in download["Content-Disposition"].lower()
    document = Document(io.BytesIO(b"".join(download.streaming_content)))
    assert any("Информационно-аналитическая справка" in p.text for p in document.paragraphs)


def test_status_json_feeds_the_progress_bar(client_head, head):
    job = ReportJob.objects.create(kind=NOTE, period_code=PERIOD, requested_by=head)
    ReportJob.objects.filter(pk=job.pk).update(status="running", progress=40,
                                               message="Формирование DOCX")
    data = client_head.get(f"/reports/jobs/{job.pk}/status/").json()
    assert data == {"id": job.pk, "status": "running", "status_label": "выполняется",
                    "progress": 40, "message": "Формирование DOCX", "attempts": 0,
                    "started": "", "finished_at": "",
                    "finished": False, "restartable": False, "files": []}
    done = finished_job(None, head)
    data = client_head.get(f"/reports/jobs/{done.pk}/status/").json()
    assert data["finished"] and data["status_label"] == "готово"
    assert data["files"] == [{"format": "docx", "label": "Word (DOCX)",
                              "filename": "Справка.docx", "size": "1 КБ",
                              "url": f"/reports/files/{done.files.get().pk}/"}]


def test_a_failed_job_shows_its_reason_and_restarts(
    django_capture_on_commit_callbacks, client_imc, period
):
    def broken(job, progress):
        raise jobs.JobError("нет данных за полугодие.")

    with registered(NOTE, broken), django_capture_on_commit_callbacks(execute=True):
        client_imc.post("/reports/", {"kind": NOTE, "period": PERIOD, "formats": ["docx"]})
    job = ReportJob.objects.get()
    page = client_imc.get(job.get_absolute_url()).content.decode()
    assert "Не удалось сформировать документ: нет данных за полугодие." in page
    assert "Перезапустить" in page and 'id="job-restart" method="post"' in page

    with registered(NOTE, lambda job, progress: [("docx", "ok.docx", b"ok")]), \
            django_capture_on_commit_callbacks(execute=True):
        response = client_imc.post(f"/reports/jobs/{job.pk}/restart/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "done" and job.files.get().filename == "ok.docx"
    # A done job cannot be restarted.
    client_imc.post(f"/reports/jobs/{job.pk}/restart/")
    job.refresh_from_db()
    assert job.status == "done"


def test_the_head_reads_jobs_but_neither_orders_nor_restarts_them(
    django_capture_on_commit_callbacks, client_head, head, imc, period
):
    page = client_head.get("/reports/").content.decode()
    assert "Заказать документ" not in page
    with django_capture_on_commit_callbacks(execute=True):
        ordered = client_head.post("/reports/", {"kind": NOTE, "period": PERIOD,
                                                 "formats": ["docx"]})
    assert ordered.status_code == 403 and not ReportJob.objects.exists()

    failed = ReportJob.objects.create(kind=NOTE, period_code=PERIOD, requested_by=imc)
    jobs.mark_failed(failed.pk, "Не удалось сформировать документ: сбой.")
    detail = client_head.get(failed.get_absolute_url()).content.decode()
    assert "сбой" in detail and f'action="/reports/jobs/{failed.pk}/restart/" hidden>' in detail
    assert client_head.get(f"/reports/jobs/{failed.pk}/status/").json()["restartable"] is False
    assert client_head.post(f"/reports/jobs/{failed.pk}/restart/").status_code == 403
    failed.refresh_from_db()
    assert failed.status == "failed"


def test_a_coordinator_sees_and_downloads_only_own_school(
    client_a, client_b, coordinator_a, head, school_a, school_b
):
    job_a = finished_job(school_a, coordinator_a)
    municipal = finished_job(None, head)
    file_a = job_a.files.get()

    listing = client_b.get("/reports/").content.decode()
    assert f"/reports/jobs/{job_a.pk}/" not in listing
    assert f"/reports/jobs/{municipal.pk}/" not in listing
    for url in [f"/reports/jobs/{job_a.pk}/", f"/reports/jobs/{job_a.pk}/status/",
                f"/reports/files/{file_a.pk}/", f"/reports/files/{municipal.files.get().pk}/"]:
        assert client_b.get(url).status_code == 404, url
    assert client_b.post(f"/reports/jobs/{job_a.pk}/restart/").status_code == 404

    assert f"/reports/jobs/{job_a.pk}/" in client_a.get("/reports/").content.decode()
    assert client_a.get(f"/reports/files/{file_a.pk}/").status_code == 200


def test_a_coordinator_orders_only_for_own_school(
    django_capture_on_commit_callbacks, client_a, school_a, school_b, period
):
    form = client_a.get("/reports/").context["form"]
    assert list(form.fields["school"].queryset) == [school_a]
    assert "Муниципалитет" not in client_a.get("/reports/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        foreign = client_a.post("/reports/", {"kind": NOTE, "period": PERIOD,
                                              "school": school_b.pk, "formats": ["docx"]})
        municipal = client_a.post("/reports/", {"kind": NOTE, "period": PERIOD, "school": "",
                                                "formats": ["docx"]})
    assert foreign.status_code == municipal.status_code == 400
    assert "Выберите ОО из списка." in foreign.content.decode()
    assert "Выберите свою ОО." in municipal.content.decode()
    assert not ReportJob.objects.exists()


def test_users_without_a_role_and_anonymous_visitors_get_nothing(client, head, db):
    job = finished_job(None, head)
    response = client.get("/reports/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get(f"/reports/files/{job.files.get().pk}/").status_code == 302
    nobody = client_for(User.objects.create_user("nobody", password="x-12345-y"))
    assert nobody.get("/reports/").status_code == 403
    assert nobody.get(f"/reports/files/{job.files.get().pk}/").status_code == 403


def test_pdf_option_says_when_libreoffice_is_missing(client_imc, settings):
    settings.SOFFICE_PATH = "/nonexistent/soffice"
    page = client_imc.get("/reports/")
    form = page.context["form"]
    assert [value for value, _ in form.fields["formats"].choices] == ["docx", "xlsx"]
    assert UNAVAILABLE in page.content.decode()


def test_only_imc_publishes_a_finished_municipal_note(client_imc, client_head, imc, head,
                                                       school_a):
    job = finished_job(None, head)
    assert client_head.post(f"/reports/jobs/{job.pk}/approve/", {"approve": "1"}).status_code == 403
    assert "Опубликовать для родителей" in client_imc.get(job.get_absolute_url()).content.decode()
    client_imc.post(f"/reports/jobs/{job.pk}/approve/", {"approve": "1"})
    job.refresh_from_db()
    assert job.approved and job.approved_by == imc and job.approved_at
    school_job = finished_job(school_a, imc)
    client_imc.post(f"/reports/jobs/{school_job.pk}/approve/", {"approve": "1"})
    school_job.refresh_from_db()
    assert not school_job.approved
    client_imc.post(f"/reports/jobs/{job.pk}/approve/", {"approve": "0"})
    job.refresh_from_db()
    assert not job.approved and job.approved_by is None


def test_a_file_removed_from_disk_is_a_404_not_a_crash(client_head, head):
    job = finished_job(None, head)
    record = job.files.get()
    jobs.job_workdir(job).joinpath("half_year_note.docx").unlink()
    assert client_head.get(f"/reports/files/{record.pk}/").status_code == 404


@pytest.mark.parametrize("user_fixture", ["coordinator_a", "imc", "head"])
def test_navigation_shows_reports_to_every_role(request, user_fixture):
    page = client_for(request.getfixturevalue(user_fixture)).get("/").content.decode()
    assert 'href="/reports/"' in page and "Справки и отчёты" in page


def test_files_are_deleted_with_the_job_row_only_through_the_service(head):
    job = finished_job(None, head)
    path = job.files.get().file.path
    jobs.delete_job_files(job)
    assert not ReportFile.objects.filter(job=job).exists()
    assert not os.path.exists(path)


def test_status_lists_files_only_once_the_job_is_done(head, client_head):
    """A worker commits the files and the «done» status together, but the status URL reads
    them in two queries: files of a job still shown as running are not listed."""
    job = finished_job(None, head)
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING, progress=95)
    state = client_head.get(f"/reports/jobs/{job.pk}/status/").json()
    assert (state["progress"], state["files"]) == (95, [])
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.DONE, progress=100)
    state = client_head.get(f"/reports/jobs/{job.pk}/status/").json()
    assert state["progress"] == 100 and len(state["files"]) == 1
