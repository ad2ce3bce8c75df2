"""Analysis: report jobs built in the background (and, later, indicators and targets)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from monitoring.constraints import unique_per_school_or_municipality
from monitoring.querysets import SchoolScopedQuerySet


class ReportJobQuerySet(SchoolScopedQuerySet):
    """Jobs a user may see: a coordinator only the jobs of own schools (never the municipal
    ones), ИМЦ and the head every job — the scoping of every other school record."""

    def for_user(self, user) -> ReportJobQuerySet:
        """Scoped as every school record; a list export only for the user who asked (it
        holds what their filter selected, which a colleague's scope may not cover)."""
        scoped = super().for_user(user)
        return scoped.exclude(Q(kind=ReportJob.Kind.LIST_EXPORT) & ~Q(requested_by=user.pk))

    def public_notes(self) -> ReportJobQuerySet:
        """Municipal half-year notes ИМЦ approved for parents: the only jobs anonymous
        visitors may download."""
        return self.filter(
            kind=ReportJob.Kind.HALF_YEAR_NOTE, school__isnull=True, approved=True,
            status=ReportJob.Status.DONE,
        )


class ReportFileQuerySet(SchoolScopedQuerySet):
    school_lookup = "job__school"

    def for_user(self, user) -> ReportFileQuerySet:
        scoped = super().for_user(user)
        return scoped.exclude(Q(job__kind=ReportJob.Kind.LIST_EXPORT)
                              & ~Q(job__requested_by=user.pk))


class ReportJob(models.Model):
    """A document the portal builds in the background (Saleor's Job idea).

    Created by a request, handed to Celery by primary key after the transaction commits;
    the task only loads the job and calls the builder service. Output files appear only
    when complete (written aside, then moved into place)."""

    class Kind(models.TextChoices):
        HALF_YEAR_NOTE = "half_year_note", "Информационно-аналитическая справка за полугодие"
        MONITORING_REPORT = "monitoring_report", "Аналитический отчёт по мониторингу за год"
        CLUSTER_ANALYSIS = "cluster_analysis", "Комплексный (кластерный) анализ за год"
        LIST_EXPORT = "list_export", "Выгрузка списка в Excel"

    class Status(models.TextChoices):
        QUEUED = "queued", "в очереди"
        RUNNING = "running", "выполняется"
        DONE = "done", "готово"
        FAILED = "failed", "ошибка"

    kind = models.CharField("вид", max_length=32, choices=Kind.choices)
    period_code = models.CharField(
        "период", max_length=16, help_text="Полугодие «2022/2023-1» или учебный год «2022/2023»."
    )
    school = models.ForeignKey(
        "monitoring.School", models.CASCADE, null=True, blank=True, related_name="report_jobs",
        verbose_name="ОО", help_text="Пусто — по муниципалитету.",
    )
    params = models.JSONField("параметры", default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
        related_name="report_jobs", verbose_name="заказал",
    )
    status = models.CharField(
        "состояние", max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField("готовность, %", default=0)
    message = models.TextField("сообщение", blank=True)
    attempts = models.PositiveSmallIntegerField("попыток", default=0)
    created_at = models.DateTimeField("создано", auto_now_add=True)
    started_at = models.DateTimeField("начато", null=True, blank=True)
    finished_at = models.DateTimeField("завершено", null=True, blank=True)
    # A municipal note ИМЦ approved is published on the parents' page and kept forever.
    approved = models.BooleanField(
        "одобрено для публикации", default=False,
        help_text="Одобренная ИМЦ справка по муниципалитету доступна родителям и не удаляется.",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
        related_name="approved_report_jobs", verbose_name="одобрил",
    )
    approved_at = models.DateTimeField("одобрено", null=True, blank=True)
    # The outbox: the row is the truth, the broker's message only a wake-up call. Empty
    # while the job has not been handed to a worker (the broker was down); beat hands it
    # over again (reports.outbox.recover_jobs).
    published_at = models.DateTimeField("передано построителю", null=True, blank=True)
    # The lease of the worker building the job: renewed while it works; a lapsed lease (or
    # a dead owner process on this host) means the worker vanished and the job is rebuilt.
    lease_owner = models.CharField("построитель", max_length=200, blank=True)
    lease_expires_at = models.DateTimeField("аренда до", null=True, blank=True)
    # Approved into the documents registry: kept for ever, cited and downloaded there.
    document = models.OneToOneField(
        "roadmap.Document", models.SET_NULL, null=True, blank=True, related_name="report_job",
        verbose_name="документ реестра",
        help_text="Справка или отчёт, утверждённые в реестр документов, не удаляются по сроку.",
    )

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        verbose_name = "задание на отчёт"
        verbose_name_plural = "задания на отчёты"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        scope = self.school.short_name if self.school_id else "муниципалитет"
        return f"{self.get_kind_display()} — {self.period_code}, {scope}"

    def get_absolute_url(self) -> str:
        return reverse("reports:job_detail", args=[self.pk])

    @property
    def scope_label(self) -> str:
        return self.school.short_name if self.school_id else "муниципалитет"

    @property
    def requester_label(self) -> str:
        """Who ordered it: a user, the beat schedule, or the command line."""
        if self.requested_by_id:
            return str(self.requested_by)
        if self.params.get("auto"):
            return "автоматически (по расписанию)"
        return self.params.get("source") or "—"

    @property
    def period_label(self) -> str:
        """The half-year or year of a document; what a list export holds."""
        from .text import period_label

        if self.kind == self.Kind.LIST_EXPORT:
            rows = self.params.get("rows")
            return f"{self.params.get('title', 'список')}" + (f", строк: {rows}" if rows else "")
        return period_label(self.period_code)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def preliminary_as_of(self):
        """The cut-off date of a pre-conference note («предварительные данные»), or None."""
        import datetime as dt

        value = (self.params or {}).get("preliminary_as_of")
        return dt.date.fromisoformat(value) if value else None

    @property
    def can_be_approved(self) -> bool:
        """Only a finished municipal half-year note may be published to parents — and not a
        pre-conference one: preliminary figures are for the conference, not the public."""
        return (self.kind == self.Kind.HALF_YEAR_NOTE and self.school_id is None
                and self.status == self.Status.DONE and not self.preliminary_as_of)


class ReportFile(models.Model):
    """One output of a job: the DOCX, the PDF or the XLSX appendix."""

    class Format(models.TextChoices):
        DOCX = "docx", "Word (DOCX)"
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel (XLSX)"

    job = models.ForeignKey(ReportJob, models.CASCADE, related_name="files", verbose_name="задание")
    format = models.CharField("формат", max_length=8, choices=Format.choices)
    file = models.FileField("файл", upload_to="reports/%Y/%m/")
    filename = models.CharField("имя файла для скачивания", max_length=255)
    size = models.PositiveIntegerField("размер, байт", default=0)
    created_at = models.DateTimeField("создан", auto_now_add=True)

    objects = ReportFileQuerySet.as_manager()

    class Meta:
        verbose_name = "файл отчёта"
        verbose_name_plural = "файлы отчётов"
        ordering = ["format"]
        constraints = [
            models.UniqueConstraint(fields=["job", "format"], name="reportfile_one_per_format")
        ]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("reports:file_download", args=[self.pk])


# ---------------------------------------------------------------- indicators and targets


class Indicator(models.Model):
    """An indicator's passport, as municipal documents describe one.

    How it is computed lives in code (``reports.indicators``); the catalogue is synced
    into this table by ``load_reference_data`` so that ИМЦ can keep the passport fields a
    methodologist owns (base value, method of collection, responsible) and the targets."""

    code = models.SlugField("код", max_length=64, unique=True)
    name = models.CharField("наименование", max_length=500)
    unit = models.CharField("единица измерения", max_length=16)
    group = models.CharField("раздел", max_length=255)
    numerator = models.TextField("числитель")
    denominator = models.TextField("знаменатель", blank=True)
    source = models.CharField("источник данных", max_length=255)
    higher_is_better = models.BooleanField("лучше, когда больше", default=True)
    expectation = models.CharField("ожидание дорожной карты", max_length=255, blank=True)
    observation_unit = models.CharField(
        "единица наблюдения", max_length=100, default="обучающийся"
    )
    collection_method = models.TextField(
        "метод и периодичность сбора", blank=True,
        default="Ввод и загрузка данных ОО на портале; сдача данных за каждое полугодие.",
    )
    base_year = models.PositiveSmallIntegerField("базовый год", null=True, blank=True)
    base_value = models.DecimalField(
        "базовое значение", max_digits=9, decimal_places=2, null=True, blank=True
    )
    responsible = models.ForeignKey(
        "monitoring.Staff", models.SET_NULL, null=True, blank=True, related_name="indicators",
        verbose_name="ответственный",
    )
    order = models.PositiveSmallIntegerField("порядок", default=0)
    is_active = models.BooleanField("используется", default=True)

    class Meta:
        verbose_name = "показатель"
        verbose_name_plural = "показатели"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reports:indicator_catalogue") + f"#indicator-{self.code}"


class Target(models.Model):
    """The value an indicator should reach in a calendar year (municipality or one ОО)."""

    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="targets", verbose_name="показатель"
    )
    year = models.PositiveSmallIntegerField("год")
    school = models.ForeignKey(
        "monitoring.School", models.CASCADE, null=True, blank=True, related_name="targets",
        verbose_name="ОО", help_text="Пусто — целевое значение муниципалитета.",
    )
    value = models.DecimalField("целевое значение", max_digits=9, decimal_places=2)
    comment = models.CharField("основание", max_length=255, blank=True)

    class Meta:
        verbose_name = "целевое значение"
        verbose_name_plural = "целевые значения"
        ordering = ["indicator__order", "year", "school__short_name"]
        constraints = unique_per_school_or_municipality(
            ["indicator", "year"],
            municipal_name="target_one_municipal_per_year",
            school_name="target_one_per_school_year",
            municipal_message="Целевое значение муниципалитета на этот год уже задано.",
            school_message="Целевое значение этой ОО на этот год уже задано.",
        )

    def __str__(self) -> str:
        scope = self.school.short_name if self.school_id else "муниципалитет"
        return f"{self.indicator.code} {self.year} ({scope}): {self.value}"


# ============================================================================================
# Targeted recommendations (roadmap 4.3): drafted from indicator gaps or written by ИМЦ,
# published per school and audience, acknowledged and later marked done by the school.
# ============================================================================================


class RecommendationQuerySet(models.QuerySet):
    def for_user(self, user) -> RecommendationQuerySet:
        """ИМЦ and the head see every recommendation; a coordinator only published ones,
        addressed to own schools or to every school (no school) — not the department's
        own tasks."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_all_schools:
            return self
        if user.is_coordinator:
            return self.filter(
                Q(school__isnull=True) | Q(school__in=user.school_ids),
                status=Recommendation.Status.PUBLISHED,
            ).exclude(audience=Recommendation.Audience.DEPARTMENT)
        return self.none()

    def published(self) -> RecommendationQuerySet:
        return self.filter(status=Recommendation.Status.PUBLISHED)

    def awaiting_answer(self) -> RecommendationQuerySet:
        """Published recommendations to those who decide (not to parents or students) that
        no management decision answers yet and nobody closed with a reason."""
        return self.published().exclude(audience__in=Recommendation.NO_ANSWER_AUDIENCES).filter(
            decision__isnull=True, closed_at__isnull=True,
        )

    def public(self) -> RecommendationQuerySet:
        """What the parents' page shows: published, general, for parents or students."""
        return self.published().filter(
            school__isnull=True,
            audience__in=[Recommendation.Audience.PARENTS, Recommendation.Audience.STUDENTS],
        )


class Recommendation(models.Model):
    """An addressed recommendation: to the department itself, or to the heads, teachers,
    parents or students of one school, or of every school when ``school`` is empty.

    A rule drafts one recommendation per school (or the municipality) and period: two
    conditional constraints hold it, NULL never being equal to NULL."""

    class Audience(models.TextChoices):
        DEPARTMENT = "department", "отдел образования (ИМЦ)"
        HEADS = "heads", "руководители ОО"
        TEACHERS = "teachers", "педагоги"
        PARENTS = "parents", "родители"
        STUDENTS = "students", "обучающиеся"

    class Source(models.TextChoices):
        RULE = "rule", "по правилу (отставание показателя)"
        MANUAL = "manual", "вручную"

    class Status(models.TextChoices):
        DRAFT = "draft", "черновик"
        PUBLISHED = "published", "опубликовано"

    school = models.ForeignKey(
        "monitoring.School", models.CASCADE, null=True, blank=True,
        related_name="recommendations", verbose_name="ОО",
        help_text="Пусто — общая рекомендация для всех ОО.",
    )
    audience = models.CharField("адресат", max_length=16, choices=Audience.choices)
    period_code = models.CharField(
        "период", max_length=16, blank=True, help_text="Полугодие или учебный год, по итогам которого дана рекомендация."
    )
    text = models.TextField("текст рекомендации")
    source = models.CharField(
        "источник", max_length=16, choices=Source.choices, default=Source.MANUAL
    )
    rule_code = models.CharField("код правила", max_length=64, blank=True)
    indicator_code = models.CharField("код показателя", max_length=64, blank=True)
    status = models.CharField(
        "состояние", max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
        related_name="recommendations", verbose_name="автор",
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)
    published_at = models.DateTimeField("опубликовано", null=True, blank=True)
    # The chain's next link (reports.chain): a management decision that answers the
    # recommendation, or a closure with the reason none is needed.
    decision = models.ForeignKey(
        "roadmap.Decision", models.SET_NULL, null=True, blank=True,
        related_name="answered_recommendations", verbose_name="ответ: управленческое решение",
    )
    closed_reason = models.TextField("закрыта без решения: причина", blank=True)
    answered_at = models.DateTimeField("дан ответ", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="кто дал ответ",
    )
    closed_at = models.DateTimeField("закрыта", null=True, blank=True)

    objects = RecommendationQuerySet.as_manager()

    #: audiences that act on a recommendation themselves: no management decision expected
    NO_ANSWER_AUDIENCES = ("parents", "students")

    class Meta:
        verbose_name = "адресная рекомендация"
        verbose_name_plural = "адресные рекомендации"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "audience"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(closed_reason=""),
                name="recommendation_closed_with_reason",
                violation_error_message="Закрыть рекомендацию можно только с указанием причины.",
            ),
            models.CheckConstraint(
                condition=Q(decision__isnull=True) | Q(closed_at__isnull=True),
                name="recommendation_answer_or_closure",
                violation_error_message="Рекомендация либо отвечена решением, либо закрыта "
                                        "с причиной — не то и другое сразу.",
            ),
            models.UniqueConstraint(
                fields=["rule_code", "period_code"],
                condition=Q(school__isnull=True) & ~Q(rule_code=""),
                name="recommendation_one_municipal_per_rule",
                violation_error_message="Рекомендация по этому правилу за период уже есть.",
            ),
            models.UniqueConstraint(
                fields=["school", "rule_code", "period_code"],
                condition=Q(school__isnull=False) & ~Q(rule_code=""),
                name="recommendation_one_per_school_rule",
                violation_error_message="Рекомендация ОО по этому правилу за период уже есть.",
            ),
        ]

    def __str__(self) -> str:
        scope = self.school.short_name if self.school_id else "все ОО"
        return f"{self.get_audience_display()} ({scope}): {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("reports:recommendation_detail", args=[self.pk])

    @property
    def scope_label(self) -> str:
        return self.school.short_name if self.school_id else "все ОО"

    @property
    def expects_answer(self) -> bool:
        return self.audience not in self.NO_ANSWER_AUDIENCES

    @property
    def is_answered(self) -> bool:
        return self.decision_id is not None or self.closed_at is not None


class RecommendationAck(models.Model):
    """A school's answer to a recommendation: «ознакомлен», later «выполнено», with a comment."""

    class Status(models.TextChoices):
        ACKNOWLEDGED = "acknowledged", "ознакомлен"
        DONE = "done", "выполнено"

    recommendation = models.ForeignKey(
        Recommendation, models.CASCADE, related_name="acks", verbose_name="рекомендация"
    )
    school = models.ForeignKey(
        "monitoring.School", models.CASCADE, related_name="recommendation_acks",
        verbose_name="ОО",
    )
    status = models.CharField("отметка", max_length=16, choices=Status.choices)
    comment = models.TextField("комментарий", blank=True)
    acknowledged_at = models.DateTimeField("ознакомлен", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="ознакомился",
    )
    done_at = models.DateTimeField("выполнено", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="отметил выполнение",
    )

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "отметка ОО о рекомендации"
        verbose_name_plural = "отметки ОО о рекомендациях"
        ordering = ["school__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "school"], name="recommendationack_one_per_school"
            )
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.get_status_display()}"


# ============================================================================================
# The archive: a closed academic year's indicator values, frozen.
# ============================================================================================


class YearClosure(models.Model):
    """«Закрыть учебный год»: ИМЦ freezes the year's indicator values (one closure a year)."""

    academic_year = models.CharField("учебный год", max_length=9, unique=True,
                                     help_text="Например, 2022/2023.")
    closed_at = models.DateTimeField("закрыт", auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="закрыл",
    )

    class Meta:
        verbose_name = "закрытый учебный год"
        verbose_name_plural = "закрытые учебные годы"
        ordering = ["-academic_year"]

    def __str__(self) -> str:
        return f"{self.academic_year} учебный год, закрыт {self.closed_at:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("reports:archive") + f"?year={self.academic_year}"


class IndicatorSnapshot(models.Model):
    """An indicator's value for a span of a closed year, as it stood at the closure."""

    closure = models.ForeignKey(YearClosure, models.CASCADE, related_name="snapshots",
                                verbose_name="закрытие года")
    span_code = models.CharField("период", max_length=16)
    indicator_code = models.CharField("показатель", max_length=64)
    school = models.ForeignKey(
        "monitoring.School", models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name="ОО", help_text="Пусто — муниципалитет.",
    )
    value = models.DecimalField("значение", max_digits=12, decimal_places=1, null=True)
    numerator = models.DecimalField("числитель", max_digits=14, decimal_places=2, null=True)
    denominator = models.DecimalField("знаменатель", max_digits=14, decimal_places=2, null=True)
    target = models.DecimalField("цель", max_digits=9, decimal_places=2, null=True)

    class Meta:
        verbose_name = "значение показателя на закрытие года"
        verbose_name_plural = "значения показателей на закрытие года"
        ordering = ["closure", "span_code", "indicator_code"]
        constraints = unique_per_school_or_municipality(
            ["closure", "span_code", "indicator_code"],
            municipal_name="snapshot_one_municipal",
            school_name="snapshot_one_per_school",
            municipal_message="Значение муниципалитета уже заморожено.",
            school_message="Значение этой ОО уже заморожено.",
        )

    def __str__(self) -> str:
        return f"{self.indicator_code} {self.span_code}: {self.value}"
