"""ИМЦ orders the half-year note, watches its progress bar, downloads the DOCX; the head
follows a job — in a real browser against the live server."""

from __future__ import annotations

import re

import pytest
from docx import Document

from reports import jobs
from reports.models import ReportJob

from ..reports.conftest import PERIOD, enrol, media_root  # noqa: F401 (fixture)
from ..reports.test_worker import report_worker, wait_for  # noqa: F401 (fixture)
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def bar_value(page) -> int:
    return int(page.get_by_role("progressbar").get_attribute("aria-valuenow"))


def test_imc_orders_a_note_watches_the_progress_and_downloads_the_docx(
    request, page, imc, school_a, school_b, tmp_path, settings
):
    enrol(school_a, 2022, 7, "Незримова")
    enrol(school_b, 2022, 10, "Неведомов", "Пётр")
    if settings.CELERY_BROKER_URL:
        request.getfixturevalue("report_worker")  # a real worker builds it in the background
    else:
        settings.REPORT_RUNNER = "thread"  # `make run`: a thread of the web process builds it

    login(page, "imc")
    # The way there: the quick action on the home page, or the «Анализ» menu.
    page.locator("nav").get_by_role("button", name="Анализ").or_(
        page.locator("nav").get_by_role("link", name="Анализ")).first.click()
    page.locator("nav").get_by_role("link", name="Справки и отчёты").click()
    page.wait_for_url("**/reports/")
    page.get_by_label("Документ").select_option(ReportJob.Kind.HALF_YEAR_NOTE)
    page.get_by_label("Период").select_option(PERIOD)
    page.get_by_label("ОО").select_option(label="Муниципалитет (все ОО)")
    pdf = page.get_by_label("PDF")
    if pdf.count():
        pdf.uncheck()  # LibreOffice is tested elsewhere; keep the browser test quick
    page.get_by_role("button", name="Сформировать").click()
    page.wait_for_url(re.compile(r".*/reports/jobs/\d+/$"))
    job = ReportJob.objects.get()
    assert page.get_by_role("heading", name="Информационно-аналитическая справка за полугодие")
    page.evaluate("window.__sameDocument = true")

    # The bar moves (a worker, or a thread of the web process without a broker) and ends
    # at 100 % with the links; the page is never reloaded.
    seen = set()

    def done():
        seen.add(bar_value(page))
        return page.get_by_role("link", name="Word (DOCX)").count() > 0

    assert wait_for(done, timeout=90, interval=0.1), f"no link; bar values seen: {seen}"
    assert min(seen) < 100, f"the page opened on a finished job: {seen}"
    assert bar_value(page) == 100 and "100 %" in page.locator("#job-percent").inner_text()
    assert page.locator("#job-status").inner_text() == "готово"
    assert page.evaluate("window.__sameDocument") is True

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Word (DOCX)").click()
    download = download_info.value
    assert download.suggested_filename == "Справка I полугодие 2022-2023, муниципалитет.docx"
    target = tmp_path / "note.docx"
    download.save_as(target)
    document = Document(str(target))
    assert any(p.text == "Информационно-аналитическая справка" for p in document.paragraphs)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "Школа А" in cells and "Школа Б" in cells
    assert not any("Незримова" in c or "Неведомов" in c for c in cells)
    job.refresh_from_db()
    assert job.status == "done"


def test_the_progress_bar_follows_a_job_without_reloading(page, head):
    """A job waiting for a busy worker: the page shows 0 %, then follows it to the end."""
    job = ReportJob.objects.create(kind=ReportJob.Kind.HALF_YEAR_NOTE, period_code=PERIOD,
                                   requested_by=head, params={"formats": ["docx"]})
    login(page, "head")
    page.goto(f"/reports/jobs/{job.pk}/")
    assert bar_value(page) == 0
    assert page.locator("#job-status").inner_text() == "в очереди"
    page.evaluate("window.__sameDocument = true")

    ReportJob.objects.filter(pk=job.pk).update(status="running", progress=35,
                                               message="Формирование документа Word")
    assert wait_for(lambda: bar_value(page) == 35, timeout=15, interval=0.1)
    assert page.locator("#job-message").inner_text() == "Формирование документа Word"
    assert page.locator("#job-status").inner_text() == "выполняется"

    ReportJob.objects.filter(pk=job.pk).update(status="queued", progress=0)
    jobs.run_job(job.pk)  # the worker's part, done here
    assert wait_for(lambda: page.get_by_role("link", name="Word (DOCX)").count() > 0,
                    timeout=15, interval=0.1)
    assert bar_value(page) == 100
    assert page.evaluate("window.__sameDocument") is True


def test_a_failed_job_shows_the_reason_and_the_restart_button_live(page, imc):
    job = ReportJob.objects.create(kind=ReportJob.Kind.HALF_YEAR_NOTE, period_code=PERIOD,
                                   requested_by=imc)
    login(page, "imc")
    page.goto(f"/reports/jobs/{job.pk}/")
    assert not page.get_by_role("button", name="Перезапустить").is_visible()
    jobs.mark_failed(job.pk, "Не удалось сформировать документ: нет связи с базой.")
    page.get_by_text("Не удалось сформировать документ: нет связи с базой.").wait_for()
    assert page.locator("#job-status").inner_text() == "ошибка"
    assert page.get_by_role("button", name="Перезапустить").is_visible()
