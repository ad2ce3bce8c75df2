"""What the department does around the plan: meetings, management decisions and their
effectiveness checks, information work for parents, risks, and the reminder log."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from monitoring.models import School, Staff

from ..indicator_codes import validate_indicator_code
from ..querysets import MunicipalQuerySet
from .plan import MeetingKind, MeetingLevel
from .registry import normalize_search

INDICATOR_CODE_HELP = (
    "Показатель из каталога («Анализ → Показатели → Паспорта показателей»). Значения «до» и "
    "«после» рассчитывает страница «Эффективность решений»."
)


def register_procedures() -> dict[str, str]:
    """The assessment procedures (6.1 «по каждой оценочной процедуре»): the monitoring
    registers, slug → «N. Title», in the registry's order — a new register joins the list."""
    from monitoring.registers.registry import registry

    return {entry.slug: entry.full_title for entry in registry.registers()}


def validate_procedures(value) -> None:
    known = register_procedures()
    unknown = [slug for slug in value or [] if slug not in known]
    if not isinstance(value, list) or unknown:
        raise ValidationError(f"Неизвестные оценочные процедуры: {', '.join(map(str, unknown))}.")

# Hotline questions and answers are published as anonymous FAQ: refuse what looks like a
# phone number or an e-mail address (152-ФЗ: no personal data of children or parents).
_PHONE_RE = re.compile(r"(?:\+7|\b8)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}\b")
_EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")


def validate_no_personal_data(value: str) -> None:
    if _PHONE_RE.search(value) or _EMAIL_RE.search(value):
        raise ValidationError(
            "Уберите телефон или адрес эл. почты: вопросы и ответы «горячей линии» "
            "хранятся без персональных данных."
        )


class Meeting(models.Model):
    """A meeting where analysis is discussed and decisions are taken (passport 6, VI)."""

    class Status(models.TextChoices):
        PLANNED = "planned", "запланировано"
        HELD = "held", "проведено"
        CANCELLED = "cancelled", "отменено"

    date = models.DateField("дата")
    topic = models.CharField("тема", max_length=1000)
    kind = models.CharField("вид", max_length=16, choices=MeetingKind.choices)
    level = models.CharField(
        "уровень", max_length=16, choices=MeetingLevel.choices, default=MeetingLevel.MUNICIPAL
    )
    status = models.CharField(
        "состояние", max_length=16, choices=Status.choices, default=Status.HELD,
        help_text="Сроки мероприятий закрывают только проведённые совещания.",
    )
    participants = models.TextField(
        "участники", blank=True, help_text="Кто участвовал: категории, организации (без списка ФИО)."
    )
    participants_count = models.PositiveIntegerField("число участников", null=True, blank=True)
    schools = models.ManyToManyField(
        School, blank=True, related_name="roadmap_meetings", verbose_name="ОО-участники"
    )
    order = models.ForeignKey(
        "Document", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="приказ о подготовке и проведении",
    )
    program = models.ForeignKey(
        "Document", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="программа",
    )
    protocol = models.ForeignKey(
        "Document", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="протокол / резолюция",
    )
    notes = models.ManyToManyField(
        "Document", blank=True, related_name="discussed_at",
        verbose_name="рассмотренные документы (справки, отчёты)",
    )
    procedures = models.JSONField(
        "рассмотренные оценочные процедуры", default=list, blank=True,
        validators=[validate_procedures],
        help_text="Мониторинги, эффективность мер по которым рассмотрена (6.1 — по каждой "
                  "оценочной процедуре).",
    )
    decisions_taken = models.TextField("принятые решения", blank=True)
    measures = models.ManyToManyField(
        "Measure", blank=True, related_name="meetings", verbose_name="мероприятия дорожной карты",
        help_text="Проведённое совещание закрывает очередной срок каждого выбранного мероприятия "
                  "(6.1 и 6.3 — не менее 2 раз в год).",
    )
    search_text = models.TextField(editable=False, default="")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="автор",
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = MunicipalQuerySet.as_manager()

    class Meta:
        verbose_name = "совещание"
        verbose_name_plural = "совещания"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["date", "status"])]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.get_kind_display()}: {self.topic[:80]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = normalize_search(f"{self.topic} {self.participants}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("roadmap:meeting_detail", args=[self.pk])

    def clean(self) -> None:
        if self.status == self.Status.HELD and self.date and self.date > timezone.localdate():
            raise ValidationError(
                {"status": "Совещание с датой в будущем может быть только запланированным."}
            )

    @property
    def counts(self) -> bool:
        """Held and documented by a protocol: only such a meeting closes 6.1–6.3."""
        return self.status == self.Status.HELD and self.protocol_id is not None

    @property
    def procedure_titles(self) -> list[str]:
        known = register_procedures()
        return [known.get(slug, slug) for slug in self.procedures or []]


class Decision(models.Model):
    """A management decision (5.1): its order, its basis, its actions and later check (VI)."""

    class Effect(models.TextChoices):
        EFFECTIVE = "effective", "эффективно"
        PARTLY = "partly", "частично эффективно"
        NOT_EFFECTIVE = "not_effective", "неэффективно"

    roadmap = models.ForeignKey(
        "Roadmap", models.PROTECT, related_name="decisions", verbose_name="дорожная карта"
    )
    measure = models.ForeignKey(
        "Measure", models.SET_NULL, null=True, blank=True, related_name="decisions",
        verbose_name="мероприятие", help_text="Обычно 5.1 «Принятие конкретных мер, управленческих решений».",
    )
    date = models.DateField("дата решения")
    title = models.CharField("решение", max_length=1000)
    description = models.TextField("содержание", blank=True)
    order = models.ForeignKey(
        "Document", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="приказ", help_text="Приказ с перечнем мер из реестра документов.",
    )
    basis_meeting = models.ForeignKey(
        Meeting, models.SET_NULL, null=True, blank=True, related_name="decisions",
        verbose_name="основание: совещание",
    )
    basis_note = models.ForeignKey(
        "Document", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="основание: аналитическая справка",
    )
    # The later effectiveness check (section VI).
    checked_on = models.DateField("дата проверки эффективности", null=True, blank=True)
    check_meeting = models.ForeignKey(
        Meeting, models.SET_NULL, null=True, blank=True, related_name="effectiveness_checks",
        verbose_name="где рассмотрена эффективность",
    )
    # Proposed by the portal from the target indicators (reports.chain), never typed.
    effect = models.CharField(
        "вывод об эффективности", max_length=16, choices=Effect.choices, blank=True,
        editable=False,
    )
    conclusion = models.TextField("заключение", blank=True, editable=False)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="проверил эффективность", editable=False,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="автор",
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = MunicipalQuerySet.as_manager()

    class Meta:
        verbose_name = "управленческое решение"
        verbose_name_plural = "управленческие решения"
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}: {self.title[:90]}"

    def get_absolute_url(self) -> str:
        return reverse("roadmap:decision_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not self.basis_meeting_id and not self.basis_note_id:
            errors["basis_meeting"] = (
                "Укажите основание решения: совещание или аналитическую справку."
            )
        if self.measure_id and self.roadmap_id and self.measure.roadmap_id != self.roadmap_id:
            errors["measure"] = "Мероприятие из другой дорожной карты."
        if self.effect and not self.checked_on:
            errors["checked_on"] = "Укажите дату проверки эффективности."
        if self.checked_on and self.date and self.checked_on < self.date:
            errors["checked_on"] = "Эффективность проверяется после принятия решения."
        if errors:
            raise ValidationError(errors)

    @property
    def is_checked(self) -> bool:
        return bool(self.effect)


class DecisionAction(models.Model):
    """One action of a decision: what, who, by when, and how it stands."""

    class Status(models.TextChoices):
        PLANNED = "planned", "запланировано"
        IN_PROGRESS = "in_progress", "в работе"
        DONE = "done", "выполнено"
        FAILED = "failed", "не выполнено"

    decision = models.ForeignKey(
        Decision, models.CASCADE, related_name="actions", verbose_name="решение"
    )
    text = models.TextField("мера")
    responsible = models.ForeignKey(
        Staff, models.PROTECT, null=True, blank=True, related_name="decision_actions",
        verbose_name="ответственный",
    )
    due = models.DateField("срок")
    status = models.CharField(
        "статус", max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    done_on = models.DateField("выполнено", null=True, blank=True)

    objects = MunicipalQuerySet.as_manager()

    class Meta:
        verbose_name = "мера по решению"
        verbose_name_plural = "меры по решению"
        ordering = ["decision", "due", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        if self.status == self.Status.DONE and not self.done_on:
            raise ValidationError({"done_on": "Укажите дату выполнения."})


class DecisionIndicator(models.Model):
    """A target indicator of a decision, by code, with its value before and after."""

    decision = models.ForeignKey(
        Decision, models.CASCADE, related_name="indicators", verbose_name="решение"
    )
    indicator_code = models.CharField("показатель", max_length=60, help_text=INDICATOR_CODE_HELP,
                                      validators=[validate_indicator_code])
    # Filled by the computation (reports.indicators.effectiveness), never typed by hand.
    indicator_title = models.CharField("наименование показателя", max_length=500, blank=True,
                                       editable=False)
    value_before = models.DecimalField("до", max_digits=12, decimal_places=2, null=True,
                                       blank=True, editable=False)
    target = models.DecimalField("цель", max_digits=12, decimal_places=2, null=True, blank=True)
    value_after = models.DecimalField(
        "после", max_digits=12, decimal_places=2, null=True, blank=True, editable=False
    )
    conclusion = models.CharField("вывод", max_length=1000, blank=True, editable=False)

    objects = MunicipalQuerySet.as_manager()

    class Meta:
        verbose_name = "целевой показатель решения"
        verbose_name_plural = "целевые показатели решения"
        ordering = ["decision", "pk"]

    def __str__(self) -> str:
        return self.indicator_title or self.indicator_code

    @property
    def change(self):
        if self.value_before is None or self.value_after is None:
            return None
        return self.value_after - self.value_before


class InformationWork(models.Model):
    """Information work with students and parents (5.3)."""

    class Kind(models.TextChoices):
        BOOKLET = "booklet", "буклет / инфографика"
        PARENTS_ONLINE = "parents_online", "родительское собрание онлайн"
        PARENTS_OFFLINE = "parents_offline", "родительское собрание офлайн"
        ARTICLE = "article", "статья в СМИ"
        INTERVIEW = "interview", "интервью в СМИ"
        HOTLINE = "hotline", "«горячая линия»"

    class Audience(models.TextChoices):
        STUDENTS = "students", "обучающиеся"
        PARENTS = "parents", "родители (законные представители)"
        STUDENTS_PARENTS = "students_parents", "обучающиеся и родители"
        TEACHERS = "teachers", "педагоги"
        PUBLIC = "public", "жители округа"

    kind = models.CharField("вид", max_length=20, choices=Kind.choices)
    date = models.DateField("дата")
    date_end = models.DateField(
        "по", null=True, blank=True, help_text="Для «горячей линии» или публикации на срок."
    )
    title = models.CharField("тема / название", max_length=1000)
    audience = models.CharField("аудитория", max_length=20, choices=Audience.choices)
    reach = models.PositiveIntegerField(
        "охват, человек", null=True, blank=True,
        help_text="Участники, читатели, обратившиеся; для буклета — тираж или просмотры.",
    )
    place = models.CharField(
        "где", max_length=500, blank=True,
        help_text="Площадка, СМИ, сайт или ссылка на публикацию.",
    )
    school = models.ForeignKey(
        School, models.PROTECT, null=True, blank=True, related_name="information_work",
        verbose_name="ОО", help_text="Пусто — муниципальное мероприятие.",
    )
    measure = models.ForeignKey(
        "Measure", models.SET_NULL, null=True, blank=True, related_name="information_work",
        verbose_name="мероприятие", help_text="Обычно 5.3.",
    )
    documents = models.ManyToManyField(
        "Document", blank=True, related_name="information_work", verbose_name="документы"
    )
    description = models.TextField("описание", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="автор",
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = MunicipalQuerySet.as_manager()

    class Meta:
        verbose_name = "информационная работа"
        verbose_name_plural = "информационно-разъяснительная работа"
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.get_kind_display()}: {self.title[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("roadmap:information_detail", args=[self.pk])

    def clean(self) -> None:
        if self.date_end and self.date and self.date_end < self.date:
            raise ValidationError({"date_end": "Дата окончания раньше даты начала."})

    @property
    def is_hotline(self) -> bool:
        return self.kind == self.Kind.HOTLINE


class HotlineQuestion(models.Model):
    """A question asked on a hotline and the answer given — anonymous."""

    work = models.ForeignKey(
        InformationWork, models.CASCADE, related_name="questions", verbose_name="«горячая линия»"
    )
    question = models.TextField("вопрос", validators=[validate_no_personal_data])
    answer = models.TextField("ответ", blank=True, validators=[validate_no_personal_data])
    times_asked = models.PositiveSmallIntegerField("сколько раз задан", default=1)
    is_published = models.BooleanField(
        "опубликовать для родителей", default=False,
        help_text="Вопрос с ответом появится на открытой странице «Родителям и обучающимся».",
    )

    objects = MunicipalQuerySet.as_manager()

    class Meta:
        verbose_name = "вопрос «горячей линии»"
        verbose_name_plural = "вопросы «горячей линии»"
        ordering = ["work", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_published=False) | ~models.Q(answer=""),
                name="hotline_published_has_answer",
                violation_error_message="Опубликовать можно только вопрос с ответом.",
            )
        ]

    def __str__(self) -> str:
        return self.question[:80]

    def clean(self) -> None:
        if self.is_published and not (self.answer or "").strip():
            raise ValidationError({"is_published": "Опубликовать можно только вопрос с ответом."})


class Risk(models.Model):
    """A risk of the roadmap (passport 9), with its owner, mitigation and watch indicator."""

    class Direction(models.TextChoices):
        ABOVE = "above", "риск, если значение выше порога"
        BELOW = "below", "риск, если значение ниже порога"

    roadmap = models.ForeignKey(
        "Roadmap", models.CASCADE, related_name="risks", verbose_name="дорожная карта"
    )
    number = models.PositiveSmallIntegerField("№")
    title = models.CharField("риск", max_length=1000)
    owner = models.ForeignKey(
        Staff, models.SET_NULL, null=True, blank=True, related_name="roadmap_risks",
        verbose_name="ответственный за риск",
    )
    mitigation = models.TextField("меры по снижению риска", blank=True)
    indicator_code = models.CharField(
        "показатель", max_length=60, blank=True, help_text=INDICATOR_CODE_HELP,
        validators=[validate_indicator_code],
    )
    threshold = models.DecimalField(
        "порог", max_digits=12, decimal_places=2, null=True, blank=True
    )
    direction = models.CharField(
        "когда риск наступает", max_length=8, choices=Direction.choices, blank=True
    )
    notes = models.TextField("примечания", blank=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = MunicipalQuerySet.as_manager()

    class Meta:
        verbose_name = "риск"
        verbose_name_plural = "риски"
        ordering = ["roadmap", "number"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "number"], name="risk_unique_number",
                                    violation_error_message="Риск с таким номером уже есть.")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("roadmap:risk_detail", args=[self.pk])

    def clean(self) -> None:
        watched = [bool(self.indicator_code), self.threshold is not None, bool(self.direction)]
        if any(watched) and not all(watched):
            raise ValidationError(
                "Чтобы риск отслеживался по показателю, заполните код показателя, порог и "
                "направление вместе."
            )

    def is_triggered(self, value) -> bool | None:
        """Whether a value of the watched indicator signals the risk (None: not watched)."""
        if self.threshold is None or not self.direction or value is None:
            return None
        if self.direction == self.Direction.ABOVE:
            return value > self.threshold
        return value < self.threshold


class ReminderLog(models.Model):
    """The reminder e-mail sent to one person on one day: never two the same day."""

    staff = models.ForeignKey(
        Staff, models.CASCADE, related_name="roadmap_reminders", verbose_name="сотрудник"
    )
    date = models.DateField("дата")
    email = models.EmailField("адрес")
    items = models.JSONField("о чём напомнили", default=list)
    sent_at = models.DateTimeField("отправлено", auto_now_add=True)

    objects = MunicipalQuerySet.as_manager()

    class Meta:
        verbose_name = "напоминание о сроках"
        verbose_name_plural = "напоминания о сроках"
        ordering = ["-date", "staff"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "date"], name="reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.staff} — {self.date:%d.%m.%Y}"
