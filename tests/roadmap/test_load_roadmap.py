"""`manage.py load_roadmap`: the approved roadmap in the database exactly as in the seed,
and a second run changes nothing."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from monitoring.models import Staff
from roadmap.deadlines import DeadlineKind
from roadmap.models import (
    Measure,
    Passport,
    RequiredDocument,
    Risk,
    Roadmap,
    Section,
)

from .conftest import measure
from .test_roadmap_fixture import (
    EXPECTED_DEADLINES,
    FIXTURE,
    PEOPLE,
    SEED,
    _lines,
    normalise,
    seed_rows,
)


def fixture_measures() -> dict[str, dict]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return {m["number"]: m for s in data["sections"] for m in s["measures"]}


def run_load(*args: str) -> str:
    out = io.StringIO()
    call_command("load_roadmap", *args, stdout=out)
    return out.getvalue()


def test_database_holds_the_seventeen_measures_of_the_seed(approved):
    rows = seed_rows(SEED.read_text(encoding="utf-8"))
    in_db = list(Measure.objects.filter(roadmap=approved).order_by("position"))
    assert [(m.number, m.deadline_text) for m in in_db] == EXPECTED_DEADLINES
    fixture = fixture_measures()
    for item in in_db:
        cells, segment = rows[item.number]
        # deadline and responsible: the cells of the seed's table row, word for word
        assert item.deadline_text == cells[2]
        assert normalise(item.responsible_text) == cells[3]
        # text and result: exactly the fixture's, and every line is in the seed's row
        assert item.text == fixture[item.number]["text"]
        assert item.result == fixture[item.number]["result"]
        assert item.result_items == fixture[item.number]["result_items"]
        for line in item.result_items:
            assert normalise(line) in segment, (item.number, line)
        assert normalise(_lines(item.text)[0])[:60] in segment
        # the responsible people are department staff, matched by surname and initials
        names = {s.short_name for s in item.responsible.all()}
        assert names == {p["name"] for p in fixture[item.number]["responsible_people"]}


def test_sections_passport_and_risks(approved):
    assert approved.status == Roadmap.Status.APPROVED
    assert (approved.year_start, approved.year_end) == (2021, 2023)
    assert list(Section.objects.filter(roadmap=approved).values_list("number", flat=True)) == [
        "I", "II", "III", "IV", "V", "VI"
    ]
    passport = Passport.objects.get(roadmap=approved)
    assert passport.goal.startswith("Создание целостной системы работы")
    assert len(passport.indicators) == 10 and len(passport.monitoring_kinds) == 10
    assert passport.tasks[1]["items"][3] == "проведение профориентации обучающихся с ОВЗ;"
    assert passport.analysis["venues"][3] == "августовское совещания (секции)"
    assert passport.heading("risks") == {"number": "9", "title": "Риски"}
    risks = list(Risk.objects.filter(roadmap=approved).values_list("number", "title"))
    assert risks[0] == (1, "Отсутствие мотивации возвращения в регион, муниципалитет после "
                           "получения образования")
    assert len(risks) == 4


def test_deadlines_are_stored_as_structure(approved):
    assert measure(approved, "1.1").deadline == {
        "kind": "month", "text": "Январь 2021", "year": 2021, "month": 1,
        "start_year": None, "end_year": None, "times": None,
    }
    assert measure(approved, "6.1").deadline_kind is DeadlineKind.TIMES_PER_YEAR
    assert measure(approved, "4.3").is_scheduled
    assert [o.key for o in measure(approved, "2.2").occurrences()] == ["2021-2022"]


def test_responsible_people_become_department_staff(approved):
    staff = {s.short_name: s for s in Staff.objects.filter(school__isnull=True)}
    assert set(staff) == set(PEOPLE)
    for name, position in PEOPLE.items():
        assert staff[name].category == Staff.Category.DEPARTMENT
        assert staff[name].position == (position or "специалист ИМЦ отдела образования")


def test_second_run_changes_nothing(approved):
    def snapshot():
        return {
            model.__name__: sorted(model.objects.values_list("pk", "updated_at"))
            for model in (Roadmap, Passport, Section, Measure, Staff)
        } | {"required": RequiredDocument.objects.count(), "risks": Risk.objects.count(),
             "responsible": Measure.responsible.through.objects.count()}

    before = snapshot()
    assert "изменений нет" in run_load()
    assert snapshot() == before


def test_known_person_is_matched_by_initials_not_duplicated(municipality):
    Staff.objects.create(
        municipality=municipality, school=None, category=Staff.Category.DEPARTMENT,
        last_name="Боброва", first_name="Людмила", middle_name="Викторовна",
        position="ведущий консультант", email="bobrova@example.ru",
    )
    run_load()
    bobrova = Staff.objects.get(last_name="Боброва")
    assert bobrova.first_name == "Людмила"
    assert bobrova.roadmap_measures.count() == 8


def test_restores_the_approved_text_but_keeps_the_portals_data(approved):
    item = measure(approved, "1.2")
    item.text = "Испорченный текст"
    item.save()
    risk = Risk.objects.get(roadmap=approved, number=1)
    risk.mitigation = "Целевое обучение с последующим трудоустройством в округе"
    risk.save()
    out = run_load()
    assert "обновлено: мероприятие — 1" in out
    item.refresh_from_db()
    assert item.text.startswith("Разработка Положения по развитию муниципальной системы")
    risk.refresh_from_db()
    assert risk.mitigation.startswith("Целевое обучение")


def test_reference_data_loads_the_roadmap_once(municipality):
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    assert "Дорожная карта 2021–2023: создано" in out.getvalue()
    assert Measure.objects.count() == 17
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    assert "уже загружена" in out.getvalue()
    assert Measure.objects.count() == 17


def test_file_of_another_roadmap(tmp_path, municipality):
    data = {
        "slug": "nogliki-2024-2026", "title": "Дорожная карта на 2024-2026 годы",
        "year_start": 2024, "year_end": 2026, "status": "draft",
        "sections": [{"number": "I", "title": "Целеполагание", "measures": [{
            "number": "1.1", "text": "Утверждение дорожной карты", "deadline": "Март 2024",
            "responsible": "Боброва Л.В.", "result": "Приказ",
            "responsible_people": [{"name": "Боброва Л.В.", "position": "ведущий консультант"}],
        }]}],
    }
    path = tmp_path / "roadmap.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert "создано" in run_load("--file", str(path))
    roadmap = Roadmap.objects.get(slug="nogliki-2024-2026")
    assert roadmap.status == Roadmap.Status.DRAFT
    assert roadmap.measures.get().occurrences()[0].key == "2024-03"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["sections"][0]["measures"][0].update(deadline="По мере сил"),
         "Мероприятие 1.1: Не удалось распознать срок исполнения «По мере сил»"),
        (lambda d: d.pop("slug"), "нет обязательного поля 'slug'"),
        (lambda d: d["sections"][0]["measures"][0]["responsible_people"][0].update(name="Д.Л.Ю"),
         "ожидается фамилия и инициалы"),
    ],
)
def test_a_broken_file_is_refused_and_nothing_is_saved(tmp_path, municipality, change, message):
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run_load("--file", str(path))
    assert not Roadmap.objects.exists() and not Measure.objects.exists()


def test_missing_file_is_explained(municipality):
    with pytest.raises(CommandError, match="не найден"):
        run_load("--file", "/nonexistent/roadmap.json")
