"""Half-year submission of a school's register data, and the lock that acceptance sets.

A school's coordinator submits the half-year («Сдать данные»); an ИМЦ specialist accepts
it — which locks every record of that school dated in that half-year — or returns it
with a comment; ИМЦ may later unlock an accepted half-year (it goes back as returned).
Every transition is kept as a :class:`SubmissionEvent`: who, when, from what, to what,
and why.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from ..models import Period, School
from ..querysets import SchoolScopedQuerySet


class Submission(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "не сдано"
        SUBMITTED = "submitted", "сдано"
        ACCEPTED = "accepted", "принято"
        RETURNED = "returned", "возвращено"

    school = models.ForeignKey(
        School, models.PROTECT, related_name="submissions", verbose_name="ОО"
    )
    period = models.ForeignKey(
        Period, models.PROTECT, related_name="submissions", verbose_name="полугодие"
    )
    state = models.CharField("состояние", max_length=16, choices=State.choices,
                             default=State.DRAFT)
    comment = models.TextField("комментарий ИМЦ", blank=True)
    submitted_at = models.DateTimeField("сдано", null=True, blank=True)
    decided_at = models.DateTimeField("решение ИМЦ", null=True, blank=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "сдача данных за полугодие"
        verbose_name_plural = "сдача данных за полугодия"
        ordering = ["-period__academic_year__start_year", "-period__half", "school__short_name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "period"], name="submission_unique")
        ]
        indexes = [models.Index(fields=["period", "state"], name="submission_period_state")]
        permissions = [
            ("submit_data", "Сдавать данные ОО за полугодие"),
            ("review_data", "Принимать, возвращать и разблокировать данные ОО"),
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:submission_detail", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.state == self.State.ACCEPTED

    @property
    def state_label(self) -> str:
        if self.state == self.State.RETURNED:
            return "возвращено с комментарием"
        return self.get_state_display()

    @property
    def badge(self) -> str:
        """The Bootstrap colour of the state."""
        return {
            self.State.DRAFT: "secondary",
            self.State.SUBMITTED: "primary",
            self.State.ACCEPTED: "success",
            self.State.RETURNED: "warning",
        }[self.state]


class SubmissionEvent(models.Model):
    """One transition of a submission: the audit trail ИМЦ and the school both see."""

    submission = models.ForeignKey(
        Submission, models.CASCADE, related_name="events", verbose_name="сдача данных"
    )
    from_state = models.CharField("было", max_length=16, choices=Submission.State.choices)
    to_state = models.CharField("стало", max_length=16, choices=Submission.State.choices)
    action = models.CharField("действие", max_length=60)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
        verbose_name="кто",
    )
    at = models.DateTimeField("когда", auto_now_add=True)
    comment = models.TextField("комментарий", blank=True)

    class Meta:
        verbose_name = "переход сдачи данных"
        verbose_name_plural = "история сдачи данных"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} ({self.at:%d.%m.%Y %H:%M})"
