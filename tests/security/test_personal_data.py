"""A student's name and birth date never reach a log line or an error e-mail, a deleted
student's history is anonymised, and retention removes what is no longer needed."""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import sys
import time

from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.utils import timezone
from django.utils.log import AdminEmailHandler

from monitoring.models import Sex, Student
from monitoring.privacy import ANONYMOUS_NAME
from nogliki_portal.privacy import HIDDEN, PersonalDataLogFilter

from ..conftest import make_student

SURNAME, BIRTH = "Секретникова", dt.date(2011, 3, 14)


def duplicate_student_error(school) -> tuple:
    """The real exception a double click on «Сохранить» raised: the unique key of the
    student in the school (PostgreSQL names the values in its DETAIL line)."""
    make_student(school, last=SURNAME, birth=BIRTH)
    try:
        with transaction.atomic():
            Student.objects.create(school=school, last_name=SURNAME, first_name="Анна",
                                   middle_name="Сергеевна", birth_date=BIRTH, sex=Sex.FEMALE)
    except IntegrityError:
        return sys.exc_info()
    raise AssertionError("the unique constraint did not fire")


def test_log_lines_and_tracebacks_carry_no_student_data(school_a):
    exc_info = duplicate_student_error(school_a)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(PersonalDataLogFilter())
    logger = logging.getLogger("tests.personal_data")
    logger.addHandler(handler)
    try:
        logger.error("Ошибка при сохранении: %s", exc_info[1], exc_info=exc_info)
    finally:
        logger.removeHandler(handler)
    text = stream.getvalue()
    assert "IntegrityError" in text and "Traceback" in text  # the error is still there
    assert SURNAME not in text and "2011-03-14" not in text, text


def test_the_admins_error_mail_for_an_unexpected_500_names_nobody(school_a, settings):
    settings.ADMINS = [("Администратор", "it@example.ru")]
    exc_info = duplicate_student_error(school_a)
    request = RequestFactory().post(
        "/monitoring/students/add/?q=" + SURNAME,
        {"last_name": SURNAME, "first_name": "Анна", "birth_date": "14.03.2011"},
    )
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1,
                               "Internal Server Error: %s", (request.path,), exc_info)
    record.request = request
    record.status_code = 500
    handler = AdminEmailHandler(include_html=True)
    handler.addFilter(PersonalDataLogFilter())
    handler.emit(record)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    bodies = [message.body] + [content for content, _ in message.alternatives]
    for body in bodies:
        assert "IntegrityError" in body  # the administrator still learns what failed
        assert SURNAME not in body and "14.03.2011" not in body and "2011-03-14" not in body
    assert HIDDEN in message.body


def test_deleting_a_student_anonymises_the_change_history(
    school_a, django_capture_on_commit_callbacks
):
    student = make_student(school_a, last=SURNAME, birth=BIRTH)
    student.first_name = "Анастасия"
    student.save()
    with django_capture_on_commit_callbacks(execute=True):
        pk = student.pk
        student.delete()
    rows = Student.history.filter(id=pk)
    assert rows.count() == 3  # created, changed, deleted: who and when stay for the audit
    assert set(rows.values_list("last_name", flat=True)) == {ANONYMOUS_NAME}
    assert not rows.exclude(first_name="").exists()
    assert not rows.filter(birth_date=BIRTH).exists()


def test_retention_purges_old_history_and_abandoned_import_previews(
    school_a, coordinator_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.HISTORY_RETENTION_DAYS = 365
    settings.IMPORT_PREVIEW_RETENTION_HOURS = 24
    old = make_student(school_a, last="Староверова")
    Student.history.filter(id=old.pk).update(
        history_date=timezone.now() - dt.timedelta(days=400))
    recent = make_student(school_a, last="Новикова")
    previews = tmp_path / "import-previews" / str(coordinator_a.pk)
    previews.mkdir(parents=True)
    abandoned, fresh = previews / f"{'a' * 32}.json", previews / f"{'b' * 32}.json"
    abandoned.write_text('{"rows": [["Староверова"]]}', encoding="utf-8")
    fresh.write_text("{}", encoding="utf-8")
    two_days_ago = time.time() - 48 * 3600
    os.utime(abandoned, (two_days_ago, two_days_ago))

    out = io.StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert "Проверка без изменений" in out.getvalue()
    assert Student.history.filter(id=old.pk).exists() and abandoned.exists()

    call_command("purge_personal_data", stdout=out)
    assert "Удалено записей истории изменений: 1" in out.getvalue()
    assert not Student.history.filter(id=old.pk).exists()
    assert Student.history.filter(id=recent.pk).exists()
    assert Student.objects.filter(pk=old.pk).exists()  # the student himself stays
    assert not abandoned.exists() and fresh.exists()
