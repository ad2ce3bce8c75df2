"""Loading a roadmap from its JSON transcription (``fixtures/roadmap-2021-2023.json``).

The file is the approved document, so loading restores it exactly: texts, deadlines,
responsible persons and results of the sections and measures, and the passport. Running
it again changes nothing — a row is saved only when one of its values differs, so the
``updated_at`` stamps stay as they were. What the portal's users add (executions, schedule
dates, risk owners, extra checklist lines) is never touched.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction

from monitoring.models import Municipality, Staff

from ..models import (
    DocumentKind,
    Measure,
    MeetingKind,
    MeetingLevel,
    Passport,
    ProductKind,
    RequiredDocument,
    Risk,
    Roadmap,
    Section,
    TrainingGroup,
    TrainingTarget,
)

DEFAULT_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "roadmap-2021-2023.json"

#: passport keys copied field by field from the file
PASSPORT_FIELDS = (
    "goal", "tasks", "expected_results", "indicators_intro", "indicators",
    "information_sources", "monitoring_intro", "monitoring_kinds", "analysis", "measures",
    "effectiveness_analysis", "risks", "headings",
)

_INITIALS_RE = re.compile(
    r"^(?P<last>[^\s.,]+)\s+(?P<first>[^\W\d_])\.\s*(?:(?P<middle>[^\W\d_])\.?)?$"
)


class RoadmapFileError(Exception):
    """The file cannot be loaded; the message says where and why, in Russian."""


@dataclass
class LoadReport:
    """What a load did: rows created and updated, by Russian noun."""

    roadmap: Roadmap
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def summary(self) -> str:
        roadmap = self.roadmap
        totals = (
            f"{roadmap.sections.count()} разделов, {roadmap.measures.count()} мероприятий"
        )
        if not self.changed:
            return f"{roadmap}: изменений нет ({totals})."
        parts = []
        if self.created:
            parts.append("создано: " + ", ".join(f"{k} — {v}" for k, v in self.created.items()))
        if self.updated:
            parts.append("обновлено: " + ", ".join(f"{k} — {v}" for k, v in self.updated.items()))
        return f"{roadmap}: " + "; ".join(parts) + f" ({totals})."


def split_initials(name: str) -> tuple[str, str, str]:
    """«Дискулцу Л.Ю.» → («Дискулцу», «Л», «Ю»); raises ValueError on other shapes."""
    match = _INITIALS_RE.match(" ".join(name.split()))
    if not match:
        raise ValueError(f"«{name}»: ожидается фамилия и инициалы, например «Иванова А.Б.»")
    return match["last"], match["first"].upper(), (match["middle"] or "").upper()


def department_staff(name: str, position: str) -> tuple[Staff, bool]:
    """The department employee «Фамилия И.О.», found by surname and initials or created.

    The document names people by initials only; when ИМЦ later completes the full name
    («Людмила Юрьевна»), the initials still match, so no duplicate appears."""
    last, first, middle = split_initials(name)
    for staff in Staff.objects.filter(school__isnull=True, last_name=last).order_by("pk"):
        if staff.first_name[:1].upper() != first:
            continue
        if middle and staff.middle_name[:1].upper() != middle:
            continue
        return staff, False
    municipality = Municipality.objects.order_by("pk").first()
    if municipality is None:
        # A fresh database: the department belongs to the municipality of the reference data.
        from monitoring import reference

        reference.load()
        municipality = Municipality.objects.order_by("pk").first()
    staff = Staff.objects.create(
        municipality=municipality, school=None, category=Staff.Category.DEPARTMENT,
        last_name=last, first_name=f"{first}.", middle_name=f"{middle}." if middle else "",
        position=position or "сотрудник отдела образования",
    )
    return staff, True


def _sync(obj: models.Model, values: dict[str, Any]) -> bool:
    """Set the values that differ; True when something changed (the caller saves)."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _upsert(model: type[models.Model], report: LoadReport, noun: str,
            lookup: dict[str, Any], values: dict[str, Any],
            create_only: dict[str, Any] | None = None) -> tuple[Any, bool]:
    """Find by ``lookup``; create with ``values`` or update the values that differ."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values, **(create_only or {}))
        obj.save()
        report.created[noun] += 1
        return obj, True
    if _sync(obj, values):
        obj.save()
        report.updated[noun] += 1
    return obj, False


def load_roadmap_file(path: Path | str = DEFAULT_FIXTURE) -> LoadReport:
    """Load (or restore) the roadmap described by a JSON file; idempotent."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RoadmapFileError(f"Файл «{path}» не найден.") from exc
    except json.JSONDecodeError as exc:
        raise RoadmapFileError(
            f"Файл «{path}» — не JSON: строка {exc.lineno}, позиция {exc.colno}."
        ) from exc
    return load_roadmap_data(data)


@transaction.atomic
def load_roadmap_data(data: dict[str, Any]) -> LoadReport:
    """Load a roadmap from its transcription (the structure of the fixture file)."""
    try:
        return _load(data)
    except KeyError as exc:
        raise RoadmapFileError(f"В файле нет обязательного поля {exc}.") from exc
    except ValidationError as exc:
        raise RoadmapFileError("; ".join(exc.messages)) from exc


def _load(data: dict[str, Any]) -> LoadReport:
    control = data.get("control", {})
    roadmap = Roadmap.objects.filter(slug=data["slug"]).first()
    report = LoadReport(roadmap=roadmap or Roadmap(slug=data["slug"]))
    roadmap, _ = _upsert(
        Roadmap, report, "дорожная карта", {"slug": data["slug"]},
        {
            "title": data["title"],
            "year_start": int(data["year_start"]),
            "year_end": int(data["year_end"]),
            "explanatory_note": data.get("explanatory_note", ""),
            "plan_title": data.get("plan_title", ""),
        },
        create_only={"status": data.get("status", Roadmap.Status.APPROVED)},
    )
    report.roadmap = roadmap

    passport_data = data.get("passport", {})
    passport_values = {"title": data.get("passport_title", "")}
    passport_values.update({k: passport_data[k] for k in PASSPORT_FIELDS if k in passport_data})
    _upsert(Passport, report, "паспорт", {"roadmap": roadmap}, passport_values)

    staff_cache: dict[str, Staff] = {}
    meeting_rules = control.get("measure_meetings", {})
    products = control.get("measure_products", {})
    for section_data in data["sections"]:
        section, _ = _upsert(
            Section, report, "раздел", {"roadmap": roadmap, "number": section_data["number"]},
            {"title": section_data["title"]},
        )
        for item in section_data["measures"]:
            _load_measure(roadmap, section, item, meeting_rules.get(item["number"], {}),
                          products.get(item["number"], ""), staff_cache, report)

    for number, text in enumerate(passport_data.get("risks", []), 1):
        _upsert(Risk, report, "риск", {"roadmap": roadmap, "number": number},
                {"title": text.strip().rstrip(";").strip()})

    measures = {m.number: m for m in roadmap.measures.all()}
    for order, item in enumerate(control.get("required_documents", []), 1):
        if item["kind"] not in DocumentKind.values:
            raise RoadmapFileError(f"Обязательный документ «{item['title']}»: неизвестный вид «{item['kind']}».")
        measure = measures.get(item.get("measure", ""))
        if item.get("measure") and measure is None:
            raise RoadmapFileError(
                f"Обязательный документ «{item['title']}»: нет мероприятия {item['measure']}."
            )
        _upsert(
            RequiredDocument, report, "обязательный документ",
            {"roadmap": roadmap, "kind": item["kind"], "title": item["title"]},
            {"title_pattern": item.get("title_pattern", ""), "measure": measure, "order": order},
        )
    _load_training_targets(roadmap, control.get("training_targets", {}), report)
    return report


def _load_training_targets(roadmap: Roadmap, data: dict[str, Any], report: LoadReport) -> None:
    """The coverage targets of measure 5.2 («2021 г. – не менее 25 % по каждой категории …»)
    for each group named; a target ИМЦ has already set is left as edited."""
    groups = data.get("groups", [])
    unknown = [g for g in groups if g not in TrainingGroup.values]
    if unknown:
        raise RoadmapFileError(f"Цели охвата обучением: неизвестные категории {', '.join(unknown)}.")
    for year, value in data.get("by_year", {}).items():
        if int(year) not in roadmap.years:
            raise RoadmapFileError(f"Цель охвата обучением на {year} год вне периода дорожной карты.")
        for group in groups:
            _, created = TrainingTarget.objects.get_or_create(
                roadmap=roadmap, year=int(year), group=group, defaults={"value": value},
            )
            if created:
                report.created["цель охвата обучением"] += 1


def _load_measure(roadmap: Roadmap, section: Section, item: dict[str, Any],
                  meetings: dict[str, Any], product: str, staff_cache: dict[str, Staff],
                  report: LoadReport) -> Measure:
    number = item["number"]
    kind, level = meetings.get("kind", ""), meetings.get("level", "")
    if (kind and kind not in MeetingKind.values) or (level and level not in MeetingLevel.values):
        raise RoadmapFileError(f"Мероприятие {number}: неизвестный вид или уровень совещаний.")
    if product and product not in ProductKind.values:
        raise RoadmapFileError(f"Мероприятие {number}: неизвестный продукт «{product}».")
    try:
        measure, created = _upsert(
            Measure, report, "мероприятие", {"roadmap": roadmap, "number": number},
            {
                "section": section,
                "text": item["text"],
                "deadline_text": item["deadline"],
                "responsible_text": item.get("responsible", ""),
                "result": item.get("result", ""),
                "meeting_kind": kind,
                "meeting_level": level,
                "per_procedure": bool(meetings.get("per_procedure", False)),
                "product": product,
            },
        )
    except ValidationError as exc:
        raise RoadmapFileError(f"Мероприятие {number}: {'; '.join(exc.messages)}") from exc

    people = []
    for person in item.get("responsible_people", []):
        name = person["name"]
        if name not in staff_cache:
            position = person.get("position") or (
                "специалист ИМЦ отдела образования"
                if "ИМЦ" in item.get("responsible", "") else ""
            )
            try:
                staff_cache[name], created = department_staff(name, position)
            except ValueError as exc:
                raise RoadmapFileError(f"Мероприятие {number}, ответственный {exc}") from exc
            if created:
                report.created["сотрудник отдела образования"] += 1
        people.append(staff_cache[name])
    wanted = {p.pk for p in people}
    if set(measure.responsible.values_list("pk", flat=True)) != wanted:
        measure.responsible.set(people)
        if not created:
            report.updated["ответственные"] += 1
    return measure
