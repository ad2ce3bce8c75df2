"""The next period: a roadmap copied from the previous one, and approving it.

«Создать дорожную карту на основе…» copies everything a methodologist would otherwise
retype — passport, sections, measures with their deadlines re-based to the new years,
responsible people, meeting rules and products, schedule dates, the checklist of required
documents, risks with their owners and watch indicators, the per-year training targets —
into a draft. Approving a draft puts it in force and closes the roadmap in force until
then: its status becomes «завершена», its reminders stop (they go only to the roadmap
«утверждена»), and its board, executions and documents stay readable as history."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from monitoring.dataversion import bump

from ..models import (
    Document,
    Measure,
    Passport,
    RequiredDocument,
    Risk,
    Roadmap,
    ScheduleDate,
    Section,
    TrainingTarget,
)

_YEAR_RE = re.compile(r"\b(20\d\d)\b")


@dataclass(frozen=True)
class Rebase:
    """Moves a text, a deadline or a date from the source roadmap's years to the new ones."""

    source: Roadmap
    year_start: int
    year_end: int

    @property
    def offset(self) -> int:
        return self.year_start - self.source.year_start

    def span_text(self, text: str) -> str:
        """«на 2021-2023 годы» → «на 2024-2026 годы»: the roadmap's own span (with a hyphen,
        an en dash or spaces), nothing else — «2020 год» in a text stays a fact of 2020."""
        pattern = re.compile(rf"\b{self.source.year_start}(\s*[-–—]\s*){self.source.year_end}\b")
        return pattern.sub(lambda m: f"{self.year_start}{m[1]}{self.year_end}", text)

    def deadline(self, text: str) -> str:
        """A deadline is all about years: «Январь 2021» → «Январь 2024», «2021-2022» →
        «2024-2025»; a year past the new roadmap's last one is held at the last one."""
        def shift(match: re.Match) -> str:
            year = int(match[1])
            if not self.source.year_start <= year <= self.source.year_end:
                return match[1]
            return str(min(year + self.offset, self.year_end))
        return _YEAR_RE.sub(shift, text)

    def day(self, day: date) -> date | None:
        year = day.year + self.offset
        if year > self.year_end:
            return None
        try:
            return day.replace(year=year)
        except ValueError:  # 29 February
            return day.replace(year=year, day=28)

    def data(self, value: Any) -> Any:
        """The passport's JSON lists and dicts, every string re-based."""
        if isinstance(value, str):
            return self.span_text(value)
        if isinstance(value, list):
            return [self.data(item) for item in value]
        if isinstance(value, dict):
            return {key: self.data(item) for key, item in value.items()}
        return value


def default_copy_values(source: Roadmap) -> dict[str, Any]:
    """What the «на основе» form proposes: the next years, the title and code re-based."""
    length = source.year_end - source.year_start
    start = source.year_end + 1
    rebase = Rebase(source, start, start + length)
    slug = re.sub(rf"{source.year_start}-{source.year_end}", f"{start}-{start + length}",
                  source.slug)
    if slug == source.slug:
        slug = f"{source.slug}-{start}"
    return {"year_start": start, "year_end": start + length,
            "title": rebase.span_text(source.title), "slug": slug[:60]}


@transaction.atomic
def copy_roadmap(source: Roadmap, *, year_start: int, year_end: int, title: str, slug: str,
                 user=None) -> Roadmap:
    """A draft roadmap for ``year_start``–``year_end`` built from ``source``.

    Executions, meetings, decisions and documents are the old period's history and are not
    copied; the registry documents stay linked to the old measures. Raises ValidationError
    (Russian) when the code is taken or the years are wrong."""
    if year_start > year_end:
        raise ValidationError({"year_end": "Последний год не может быть раньше первого."})
    if Roadmap.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": f"Код «{slug}» уже занят другой дорожной картой."})
    rebase = Rebase(source, year_start, year_end)
    roadmap = Roadmap.objects.create(
        title=title, slug=slug, year_start=year_start, year_end=year_end,
        status=Roadmap.Status.DRAFT, source=source,
        explanatory_note=rebase.span_text(source.explanatory_note),
        plan_title=rebase.span_text(source.plan_title),
        training_counted_from=date(year_start, 1, 1),
    )
    _copy_passport(source, roadmap, rebase)
    measures = _copy_plan(source, roadmap, rebase)
    _copy_checklist(source, roadmap, measures)
    _copy_risks(source, roadmap)
    _copy_training_targets(source, roadmap, rebase)
    return roadmap


def _copy_passport(source: Roadmap, roadmap: Roadmap, rebase: Rebase) -> None:
    old = Passport.objects.filter(roadmap=source).first()
    if old is None:
        Passport.objects.create(roadmap=roadmap)
        return
    fields = {f.name: getattr(old, f.name) for f in Passport._meta.concrete_fields
              if f.name not in ("id", "roadmap", "updated_at")}
    Passport.objects.create(roadmap=roadmap, **rebase.data(fields))


def _copy_plan(source: Roadmap, roadmap: Roadmap, rebase: Rebase) -> dict[int, Measure]:
    """Sections, measures (deadline re-based, responsible, rules) and schedule dates;
    returns old measure pk → new measure."""
    sections = {}
    for section in Section.objects.filter(roadmap=source).order_by("order"):
        sections[section.pk] = Section.objects.create(
            roadmap=roadmap, number=section.number, title=rebase.span_text(section.title))
    copied: dict[int, Measure] = {}
    old_measures = list(Measure.objects.filter(roadmap=source).prefetch_related("responsible")
                        .order_by("position"))
    for old in old_measures:
        measure = Measure(
            section=sections[old.section_id], number=old.number,
            text=rebase.span_text(old.text), deadline_text=rebase.deadline(old.deadline_text),
            responsible_text=old.responsible_text, result=rebase.span_text(old.result),
            meeting_kind=old.meeting_kind, meeting_level=old.meeting_level,
            per_procedure=old.per_procedure, product=old.product,
        )
        measure.save()
        measure.responsible.set(list(old.responsible.all()))
        copied[old.pk] = measure
    schedule = []
    for item in ScheduleDate.objects.filter(measure__roadmap=source):
        day = rebase.day(item.date)
        if day is not None:
            schedule.append(ScheduleDate(measure=copied[item.measure_id], date=day, note=item.note))
    ScheduleDate.objects.bulk_create(schedule)
    return copied


def _copy_checklist(source: Roadmap, roadmap: Roadmap, measures: dict[int, Measure]) -> None:
    RequiredDocument.objects.bulk_create([
        RequiredDocument(roadmap=roadmap, kind=item.kind, title=item.title,
                         title_pattern=item.title_pattern, order=item.order,
                         measure=measures.get(item.measure_id))
        for item in RequiredDocument.objects.filter(roadmap=source)
    ])


def _copy_risks(source: Roadmap, roadmap: Roadmap) -> None:
    Risk.objects.bulk_create([
        Risk(roadmap=roadmap, number=risk.number, title=risk.title, owner_id=risk.owner_id,
             mitigation=risk.mitigation, indicator_code=risk.indicator_code,
             threshold=risk.threshold, direction=risk.direction, notes=risk.notes)
        for risk in Risk.objects.filter(roadmap=source)
    ])


def _copy_training_targets(source: Roadmap, roadmap: Roadmap, rebase: Rebase) -> None:
    """The source's targets year by year («the first year, the second …»); a longer new
    roadmap keeps the last target for its extra years."""
    by_position: dict[str, list] = {}
    for target in TrainingTarget.objects.filter(roadmap=source).order_by("year"):
        by_position.setdefault(target.group, []).append(target.value)
    rows = []
    for group, values in by_position.items():
        for index, year in enumerate(roadmap.years):
            rows.append(TrainingTarget(roadmap=roadmap, year=year, group=group,
                                       value=values[min(index, len(values) - 1)]))
    TrainingTarget.objects.bulk_create(rows)
    bump()  # bulk_create sends no post_save (the copied schedule, checklist and risks too)


class ApprovalError(Exception):
    """Why a roadmap cannot be approved, in Russian."""


@transaction.atomic
def approve_roadmap(roadmap: Roadmap, *, on: date, document: Document | None = None,
                    user=None) -> Roadmap | None:
    """Put a draft in force on ``on`` and close the roadmap in force until then.

    Returns the closed roadmap (None when there was none). The rows are locked, so two
    clicks or two people approving at once cannot leave two roadmaps «утверждена» (the
    database refuses that too: ``roadmap_one_in_force``)."""
    locked = Roadmap.objects.select_for_update().get(pk=roadmap.pk)
    if locked.status != Roadmap.Status.DRAFT:
        raise ApprovalError(f"{locked} уже не проект: утверждать нечего.")
    if not locked.measures.exists():
        raise ApprovalError("В дорожной карте нет мероприятий: утверждать нечего.")
    previous = (Roadmap.objects.select_for_update()
                .filter(status=Roadmap.Status.APPROVED).exclude(pk=locked.pk).first())
    if previous is not None and locked.year_start <= previous.year_start:
        raise ApprovalError(
            f"Новая дорожная карта должна начинаться позже действующей ({previous.years_label})."
        )
    if previous is not None:
        previous.status = Roadmap.Status.COMPLETED
        previous.closed_on = on
        previous.superseded_by = locked
        previous.save(update_fields=["status", "closed_on", "superseded_by", "updated_at"])
    locked.status = Roadmap.Status.APPROVED
    locked.approved_on = on
    if document is not None:
        locked.approving_document = document
    locked.save(update_fields=["status", "approved_on", "approving_document", "updated_at"])
    roadmap.refresh_from_db()
    return previous
