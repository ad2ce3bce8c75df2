"""Daily reminders: one e-mail per responsible person per day, in Russian, about occurrences
due within 14 days and those overdue (locmem outbox, no mocks)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core import mail

from monitoring.models import Staff
from roadmap import services, tasks
from roadmap.models import Execution, ReminderLog, Roadmap

from .conftest import measure


def with_emails():
    for staff in Staff.objects.filter(school__isnull=True):
        staff.email = f"{staff.pk}@nogliki-edu.example"
        staff.save()


def test_each_person_gets_one_email_listing_measures_and_dates(approved):
    with_emails()
    summary = services.send_deadline_reminders(date(2021, 5, 20))
    by_person = {m.to[0]: m for m in mail.outbox}
    # Саматова's 6.2 and 6.3 are not due before the end of June: she gets nothing
    assert sorted(summary.sent) == ["Боброва Л.В.", "Дискулцу Л.Ю.", "Ренкевич Л.М."]
    assert len(mail.outbox) == 3
    bobrova = Staff.objects.get(last_name="Боброва")
    message = by_person[bobrova.email]
    assert message.subject == "Дорожная карта: сроки мероприятий на 20.05.2021"
    body = message.body
    assert "Скоро срок (в ближайшие 14 дней):" in body
    assert "— 2.1 «Разработка и утверждение показателей" in body
    assert "(срок: Май 2021) — до 31.05.2021" in body
    assert "— 2.3 «Описание методов сбора информации" in body
    assert "Просрочено:" not in body  # nothing of hers is overdue yet
    assert f"{settings.SITE_ROOT}/roadmap/measures/" in body
    diskultsu = by_person[Staff.objects.get(last_name="Дискулцу").email].body
    assert "Просрочено:" in diskultsu and "— 1.1 «Разработка и утверждение дорожной карты" in diskultsu
    assert "(срок: Ежегодно по необходимости — 2021 год) — до 31.12.2021" not in diskultsu
    services.send_deadline_reminders(date(2021, 12, 20))
    december = mail.outbox[-4:]
    bodies = " ".join(m.body for m in december)
    assert "(срок: Ежегодно по необходимости — 2021 год) — до 31.12.2021" in bodies


def test_at_most_one_email_per_person_per_day(approved):
    with_emails()
    services.send_deadline_reminders(date(2021, 5, 20))
    sent = len(mail.outbox)
    again = services.send_deadline_reminders(date(2021, 5, 20))
    assert len(mail.outbox) == sent and again.sent == [] and len(again.already_sent) == 3
    assert ReminderLog.objects.filter(date=date(2021, 5, 20)).count() == 3
    services.send_deadline_reminders(date(2021, 5, 21))
    assert len(mail.outbox) == sent * 2


def test_nothing_due_nothing_sent_and_done_measures_are_quiet(approved):
    with_emails()
    assert services.send_deadline_reminders(date(2020, 12, 1)).sent == []
    assert mail.outbox == []
    Execution.objects.create(measure=measure(approved, "5.3"), occurrence_key="2021-05",
                             date=date(2021, 5, 15), status="done")
    services.send_deadline_reminders(date(2021, 5, 20))
    renkevich = Staff.objects.get(last_name="Ренкевич")
    assert renkevich.email not in {m.to[0] for m in mail.outbox}


def test_people_without_email_and_inactive_roadmaps_are_skipped(approved):
    summary = services.send_deadline_reminders(date(2021, 5, 20))
    assert mail.outbox == [] and len(summary.without_email) == 3
    with_emails()
    Roadmap.objects.filter(pk=approved.pk).update(status=Roadmap.Status.COMPLETED)
    assert services.send_deadline_reminders(date(2021, 5, 22)).sent == []


def test_the_beat_task_calls_the_service(approved, settings):
    with_emails()
    assert settings.CELERY_BEAT_SCHEDULE["roadmap-deadline-reminders"]["task"] == (
        "roadmap.send_deadline_reminders"
    )
    # apply(): run here whatever the broker (the worker test covers the transport itself)
    result = tasks.send_deadline_reminders.apply().get()
    # today the 2021–2023 roadmap is long overdue: each person hears about it once
    assert sorted(result["sent"]) == sorted(
        s.short_name for s in Staff.objects.filter(school__isnull=True)
    )
    assert tasks.send_deadline_reminders.apply().get()["sent"] == []
