"""One page for a calendar year: each link of the management chain and its gaps.

monitoring (data accepted) → indicators (targets met) → analysis (notes and yearly
reports approved into the registry) → recommendations (drafted, published) → decisions
(answering them) → effect (measured a year later) → meetings (6.1–6.3 with protocols).
Each link lists what exists and what is missing, with links to where it is fixed.
A fixed number of queries whatever the data size."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from monitoring.models import Period, School
from monitoring.registers.submissions import Submission
from roadmap.models import Decision, Document, GeneratedKind, Meeting, Roadmap
from roadmap.services import meeting_rules

from .chain import answer_days, overdue_answers
from .indicators.scope import parse_span
from .indicators.service import evaluate
from .models import Recommendation
from .text import format_decimal


@dataclass
class Gap:
    text: str
    url: str = ""


@dataclass
class Link:
    key: str
    title: str
    figures: list[tuple[str, str]] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    url: str = ""

    @property
    def ok(self) -> bool:
        return not self.gaps


@dataclass
class ChainYear:
    year: int
    on: dt.date
    links: list[Link]

    @property
    def gap_count(self) -> int:
        return sum(len(link.gaps) for link in self.links)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _periods(year: int) -> list[Period]:
    """The half-years that end in the calendar year and have begun by today."""
    today = timezone.localdate()
    found = []
    for start, half in ((year - 1, Period.Half.SECOND), (year, Period.Half.FIRST)):
        period = Period.objects.filter(academic_year__start_year=start, half=half).select_related(
            "academic_year").first()
        if period is not None and period.starts_on <= today:
            found.append(period)
    return found


def _monitoring(periods: list[Period]) -> Link:
    link = Link("monitoring", "Мониторинг: данные ОО приняты ИМЦ",
                url=reverse("monitoring:submission_list"))
    schools = list(School.objects.filter(is_active=True).order_by("short_name"))
    accepted = {
        (row["period"], row["school"])
        for row in Submission.objects.filter(period__in=periods, state=Submission.State.ACCEPTED)
        .values("period", "school")
    }
    for period in periods:
        missing = [s.short_name for s in schools if (period.pk, s.pk) not in accepted]
        link.figures.append((str(period), f"принято {len(schools) - len(missing)} из {len(schools)}"))
        if missing:
            link.gaps.append(Gap(f"{period}: не приняты данные {len(missing)} ОО — "
                                 + ", ".join(missing[:12]) + ("…" if len(missing) > 12 else ""),
                                 reverse("monitoring:submission_list") + f"?period={period.code}"))
    return link


def _indicators(year: int) -> tuple[Link, list]:
    link = Link("indicators", "Показатели: цели достигнуты",
                url=reverse("reports:municipal_dashboard") + f"?period={year}")
    evaluation = evaluate(parse_span(str(year)), schools=[], history=False)
    missed, no_target, achieved = [], 0, 0
    for item in evaluation.municipal():
        if item.status is None:
            no_target += 1
        elif item.status.value == "achieved":
            achieved += 1
        else:
            missed.append(item)
    link.figures += [("достигнуто", str(achieved)), ("не достигнуто или близко", str(len(missed))),
                     ("цель не задана", str(no_target))]
    for item in missed:
        unit = item.definition.unit
        link.gaps.append(Gap(
            f"«{item.definition.name}»: {format_decimal(item.value)} {unit} при цели "
            f"{format_decimal(item.target)} {unit}", link.url))
    return link, missed


def _analysis(year: int, periods: list[Period]) -> Link:
    link = Link("analysis", "Анализ: справки и отчёты утверждены в реестр документов",
                url=reverse("roadmap:document_list"))
    academic = f"{year - 1}/{year}"
    wanted = [(GeneratedKind.HALF_YEAR_NOTE, p.code) for p in periods if p.ends_on < timezone.localdate()]
    wanted += [(GeneratedKind.MONITORING_REPORT, academic), (GeneratedKind.CLUSTER_ANALYSIS, academic)]
    documents = {
        (d.generated_kind, d.period_code): d
        for d in Document.objects.filter(
            generated_kind__in=[k for k, _ in wanted], period_code__in=[c for _, c in wanted],
            school__isnull=True).exclude(status=Document.Status.DRAFT)
    }
    for kind, code in wanted:
        label = f"{GeneratedKind(kind).label} ({code})"
        document = documents.get((kind, code))
        if document is not None:
            link.figures.append((label, document.reference))
        else:
            link.gaps.append(Gap(f"Нет в реестре: {label} — сформируйте документ и утвердите "
                                 "его в реестр на странице задания", reverse("reports:job_list")))
    return link


def _recommendations(year: int, periods: list[Period], missed: list) -> Link:
    link = Link("recommendations", "Адресные рекомендации (4.3)",
                url=reverse("reports:recommendation_list"))
    codes = [p.code for p in periods] + [f"{year - 1}/{year}", str(year)]
    rows = Recommendation.objects.filter(period_code__in=codes)
    counts = rows.aggregate(published=Count("pk", filter=Q(status=Recommendation.Status.PUBLISHED)),
                            drafts=Count("pk", filter=Q(status=Recommendation.Status.DRAFT)))
    link.figures += [("опубликовано", str(counts["published"])), ("черновиков", str(counts["drafts"]))]
    covered = set(rows.values_list("indicator_code", flat=True))
    for item in missed:
        if item.definition.code not in covered:
            link.gaps.append(Gap(f"Нет рекомендаций по недостигнутому показателю "
                                 f"«{item.definition.name}»",
                                 reverse("reports:municipal_dashboard") + f"?period={year}"))
    if counts["drafts"]:
        link.gaps.append(Gap(f"Не опубликованы черновики: {counts['drafts']}",
                             reverse("reports:recommendation_list") + "?status=draft"))
    return link


def _decisions(year: int) -> Link:
    link = Link("decisions", "Управленческие решения (5.1) в ответ на рекомендации",
                url=reverse("roadmap:decision_list"))
    decisions = list(Decision.objects.filter(date__year=year)
                     .annotate(answers=Count("answered_recommendations"),
                               targets=Count("indicators")).order_by("date"))
    link.figures += [("решений", str(len(decisions))),
                     ("отвечают на рекомендации", str(sum(1 for d in decisions if d.answers)))]
    for decision in decisions:
        if not decision.targets:
            link.gaps.append(Gap(f"Решение от {decision.date:%d.%m.%Y} «{_short(decision.title)}»: "
                                 "не указаны целевые показатели", decision.get_absolute_url()))
        if decision.order_id is None:
            link.gaps.append(Gap(f"Решение от {decision.date:%d.%m.%Y} «{_short(decision.title)}»: "
                                 "нет приказа", decision.get_absolute_url()))
    overdue = list(overdue_answers())
    if overdue:
        link.gaps.append(Gap(
            f"Рекомендации без ответа дольше {answer_days()} дней: {len(overdue)}",
            reverse("reports:recommendation_list") + "?answer=overdue"))
    return link


def _effect(year: int, on: dt.date) -> Link:
    link = Link("effect", "Эффект решений (раздел VI): вычислен по показателям",
                url=reverse("reports:decision_effectiveness"))
    checked = Decision.objects.filter(checked_on__year=year).exclude(effect="")
    by_effect = dict(checked.values("effect").annotate(n=Count("pk")).values_list("effect", "n"))
    for value, label in Decision.Effect.choices:
        link.figures.append((label, str(by_effect.get(value, 0))))
    due = Decision.objects.filter(date__lte=on - dt.timedelta(days=365), effect="",
                                  date__year__gte=year - 1, date__year__lte=year)
    for decision in due.order_by("date"):
        what = ("эффект не определён: недостаточно данных по целевым показателям"
                if decision.conclusion else "прошёл год, эффект не проверен")
        link.gaps.append(Gap(f"Решение от {decision.date:%d.%m.%Y} «{_short(decision.title)}»: "
                             f"{what}", link.url + f"#decision-{decision.pk}"))
    return link


def _meetings(year: int, on: dt.date) -> Link:
    link = Link("meetings", "Совещания по анализу эффективности (6.1–6.3)",
                url=reverse("roadmap:meeting_list"))
    roadmap = Roadmap.objects.in_force(dt.date(year, 12, 31) if year < on.year else on)
    if roadmap is not None and year in roadmap.years:
        for rule in meeting_rules(roadmap, on):
            check = next(c for c in rule.years if c.year == year)
            link.figures.append((f"{rule.measure.number}", f"проведено {check.held} из {check.required}"))
            if check.held < check.required and (check.past or year < on.year):
                link.gaps.append(Gap(f"{rule.measure.number}: проведено с протоколом {check.held} "
                                     f"из {check.required}", link.url))
            for title in check.missing_procedures:
                if check.past or year < on.year:
                    link.gaps.append(Gap(f"{rule.measure.number}: оценочная процедура {title} "
                                         f"рассмотрена реже {check.required} раз в год", link.url))
    unprotocolled = Meeting.objects.filter(date__year=year, status=Meeting.Status.HELD,
                                           protocol__isnull=True).order_by("date")
    for meeting in unprotocolled:
        link.gaps.append(Gap(f"Совещание {meeting.date:%d.%m.%Y} «{_short(meeting.topic)}»: нет "
                             "протокола — не засчитано", meeting.get_absolute_url()))
    return link


def chain_for_year(year: int, on: dt.date | None = None) -> ChainYear:
    on = on or timezone.localdate()
    periods = _periods(year)
    indicators, missed = _indicators(year)
    links = [
        _monitoring(periods),
        indicators,
        _analysis(year, periods),
        _recommendations(year, periods, missed),
        _decisions(year),
        _effect(year, on),
        _meetings(year, on),
    ]
    return ChainYear(year, on, links)
