"""Daily reminders to responsible persons about due and overdue occurrences."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from monitoring.models import Staff

from ..deadlines import DUE_SOON_DAYS, OccurrenceState
from ..models import ReminderLog, Roadmap
from .board import build_board

logger = logging.getLogger(__name__)

REMIND_STATES = (OccurrenceState.OVERDUE, OccurrenceState.DUE_SOON)


@dataclass(frozen=True)
class ReminderItem:
    number: str
    text: str
    deadline: str
    occurrence: str
    due: date
    state: OccurrenceState
    url: str

    def line(self) -> str:
        # «Май 2021» needs no «май 2021» after it; «Ежегодно» needs «2022 год».
        when = self.deadline if self.occurrence.lower() == self.deadline.lower() else (
            f"{self.deadline} — {self.occurrence}"
        )
        return f"— {self.number} «{self.text}» (срок: {when}) — до {self.due:%d.%m.%Y}\n  {self.url}"


@dataclass
class ReminderSummary:
    on: date
    sent: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)
    without_email: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"on": self.on.isoformat(), "sent": self.sent, "already_sent": self.already_sent,
                "without_email": self.without_email, "failed": self.failed}


def due_items_by_staff(on: date) -> dict[Staff, list[ReminderItem]]:
    """What each responsible person should hear about on ``on``: occurrences of active
    roadmaps that are due within :data:`DUE_SOON_DAYS` days or overdue."""
    items: dict[Staff, list[ReminderItem]] = defaultdict(list)
    for roadmap in Roadmap.objects.filter(status=Roadmap.Status.APPROVED):
        board = build_board(roadmap, on)
        for row in board.measure_rows:
            first_line = row.measure.text_lines[0] if row.measure.text_lines else ""
            short = first_line if len(first_line) <= 120 else first_line[:119] + "…"
            for occ in row.occurrences:
                if occ.state not in REMIND_STATES:
                    continue
                item = ReminderItem(
                    number=row.measure.number, text=short,
                    deadline=row.measure.deadline_text, occurrence=occ.occurrence.label,
                    due=occ.occurrence.due, state=occ.state,
                    url=settings.SITE_ROOT.rstrip("/") + row.measure.get_absolute_url(),
                )
                for person in row.measure.responsible.all():
                    if person.is_working:
                        items[person].append(item)
    return items


def reminder_text(staff: Staff, items: list[ReminderItem], on: date) -> tuple[str, str]:
    """Subject and body of a reminder, in Russian."""
    overdue = [i for i in items if i.state is OccurrenceState.OVERDUE]
    soon = [i for i in items if i.state is OccurrenceState.DUE_SOON]
    subject = f"Дорожная карта: сроки мероприятий на {on:%d.%m.%Y}"
    name = " ".join(p for p in (staff.first_name, staff.middle_name) if p and not p.endswith("."))
    lines = [f"Здравствуйте{', ' + name if name else ''}!", "",
             f"Напоминаем о мероприятиях дорожной карты, за которые вы отвечаете "
             f"(на {on:%d.%m.%Y}).", ""]
    if soon:
        lines += [f"Скоро срок (в ближайшие {DUE_SOON_DAYS} дней):"]
        lines += [i.line() for i in sorted(soon, key=lambda i: i.due)] + [""]
    if overdue:
        lines += ["Просрочено:"]
        lines += [i.line() for i in sorted(overdue, key=lambda i: i.due)] + [""]
    lines += [
        "Отметить выполнение и приложить документ можно на странице мероприятия по ссылке.",
        "",
        f"Письмо отправлено автоматически порталом «{settings.SITE_NAME}»; "
        "за один день приходит не больше одного такого письма.",
    ]
    return subject, "\n".join(lines)


def send_deadline_reminders(on: date) -> ReminderSummary:
    """Email each responsible person once a day about their due and overdue occurrences.

    The day's ReminderLog row is written first (unique per person and day), so a second
    run the same day — a retried task, a second beat — sends nothing twice; if the mail
    server refuses, the row is removed again so a later run can retry; the others are still sent."""
    summary = ReminderSummary(on=on)
    for staff, items in sorted(due_items_by_staff(on).items(), key=lambda p: p[0].last_name):
        if not staff.email:
            summary.without_email.append(staff.short_name)
            continue
        try:
            with transaction.atomic():
                log = ReminderLog.objects.create(
                    staff=staff, date=on, email=staff.email,
                    items=[f"{i.number}: {i.occurrence}, до {i.due:%d.%m.%Y} ({i.state.label})"
                           for i in items],
                )
        except IntegrityError:
            summary.already_sent.append(staff.short_name)
            continue
        subject, body = reminder_text(staff, items, on)
        try:
            send_mail(subject, body, None, [staff.email])
        except Exception:
            # One refused address must not stop the others; tomorrow's run retries it.
            log.delete()
            logger.exception("Напоминание для %s не отправлено", staff.short_name)
            summary.failed.append(staff.short_name)
            continue
        summary.sent.append(staff.short_name)
    return summary
