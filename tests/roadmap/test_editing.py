"""ИМЦ builds a new roadmap (2024–2026) in the browser, without code."""

from __future__ import annotations

from django.urls import reverse

from monitoring.models import Staff
from roadmap.models import Measure, Passport, Risk, Roadmap, Section

from ..conftest import make_staff


def create_roadmap(client) -> Roadmap:
    response = client.post(reverse("roadmap:roadmap_add"), {
        "title": "Дорожная карта на 2024-2026 годы", "slug": "nogliki-2024-2026",
        "year_start": 2024, "year_end": 2026, "status": "draft",
        "plan_title": "План мероприятий", "explanatory_note": "Профминимум",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    return Roadmap.objects.get(slug="nogliki-2024-2026")


def test_new_roadmap_with_passport_sections_and_measures(client_imc, municipality):
    roadmap = create_roadmap(client_imc)
    assert Passport.objects.filter(roadmap=roadmap).exists()

    response = client_imc.post(reverse("roadmap:passport_edit", args=[roadmap.pk]), {
        "title": "Паспорт дорожной карты 2024–2026",
        "goal": "Внедрение единой модели профориентации",
        "tasks": "1. Обновить нормативную базу.\n2. Внедрить профминимум:\n- базовый уровень;\n- основной уровень;",
        "indicators": "доля обучающихся 6–11 классов в профминимуме;\nчисло профпроб.",
        "risks": "Нехватка педагогов-навигаторов;\nСлабая связь с работодателями",
        "reports_title": "Анализ:", "reports": "справки по полугодиям",
    })
    assert response.status_code == 302
    passport = Passport.objects.get(roadmap=roadmap)
    assert passport.tasks == [
        "1. Обновить нормативную базу.",
        {"text": "2. Внедрить профминимум:", "items": ["базовый уровень;", "основной уровень;"]},
    ]
    assert passport.analysis["reports"] == ["справки по полугодиям"]
    assert list(Risk.objects.filter(roadmap=roadmap).values_list("number", "title")) == [
        (1, "Нехватка педагогов-навигаторов"), (2, "Слабая связь с работодателями"),
    ]
    page = client_imc.get(reverse("roadmap:passport", args=[roadmap.pk])).content.decode()
    assert "основной уровень;" in page and "Внедрение единой модели профориентации" in page

    for number, title in (("II", "Показатели"), ("I", "Целеполагание")):
        client_imc.post(reverse("roadmap:section_add", args=[roadmap.pk]),
                        {"number": number, "title": title})
    assert list(roadmap.sections.values_list("number", flat=True)) == ["I", "II"]
    first = roadmap.sections.get(number="I")

    person = make_staff(None, "Навигаторова", position="методист ИМЦ")
    add = reverse("roadmap:measure_add", args=[roadmap.pk])
    for number, deadline in (("1.10", "2024-2026"), ("1.2", "Ежегодно"), ("1.9", "Сентябрь 2024")):
        response = client_imc.post(add, {
            "section": first.pk, "number": number, "text": f"Мероприятие {number}",
            "deadline_text": deadline, "responsible_text": "Навигаторова О.И.",
            "responsible": [person.pk], "result": "Приказ\n- пункт",
        })
        assert response.status_code == 302, response.content.decode()[:3000]
    assert list(roadmap.measures.values_list("number", flat=True)) == ["1.2", "1.9", "1.10"]
    measure = Measure.objects.get(roadmap=roadmap, number="1.9")
    assert measure.deadline["month"] == 9 and measure.result_items == ["Приказ", "пункт"]
    assert list(measure.responsible.all()) == [person]

    board = client_imc.get(roadmap.get_absolute_url(), {"on": "2024-09-20"}).content.decode()
    assert board.index('data-measure="1.2"') < board.index('data-measure="1.9"') < board.index(
        'data-measure="1.10"')
    assert "сентябрь 2024: скоро срок" in board


def test_measure_deadline_is_checked_by_the_parser(client_imc, municipality):
    roadmap = create_roadmap(client_imc)
    section = Section.objects.create(roadmap=roadmap, number="I", title="Цели")
    page = client_imc.post(reverse("roadmap:measure_add", args=[roadmap.pk]), {
        "section": section.pk, "number": "1.1", "text": "Разработка", "deadline_text": "Весна 2024",
    }).content.decode()
    assert "Не удалось распознать срок исполнения «Весна 2024»" in page
    page = client_imc.post(reverse("roadmap:measure_add", args=[roadmap.pk]), {
        "section": section.pk, "number": "2.1", "text": "Разработка", "deadline_text": "Май 2024",
    }).content.decode()
    assert "Мероприятия раздела I нумеруются «1.1», «1.2» …" in page
    assert not Measure.objects.exists()


def test_section_number_and_duplicates(client_imc, municipality):
    roadmap = create_roadmap(client_imc)
    page = client_imc.post(reverse("roadmap:section_add", args=[roadmap.pk]),
                           {"number": "7", "title": "Цели"}).content.decode()
    assert "Номер раздела — римская цифра" in page
    client_imc.post(reverse("roadmap:section_add", args=[roadmap.pk]), {"number": "i", "title": "A"})
    page = client_imc.post(reverse("roadmap:section_add", args=[roadmap.pk]),
                           {"number": "I", "title": "B"}).content.decode()
    assert "уже есть раздел с таким номером" in page
    assert roadmap.sections.count() == 1


def test_years_in_order(client_imc, municipality):
    page = client_imc.post(reverse("roadmap:roadmap_add"), {
        "title": "Карта", "slug": "x", "year_start": 2026, "year_end": 2024, "status": "draft",
    }).content.decode()
    assert "Последний год не может быть раньше первого." in page


def test_an_approved_roadmap_is_not_deleted(client_imc, approved):
    response = client_imc.post(reverse("roadmap:roadmap_delete", args=[approved.pk]), follow=True)
    assert "Удалить можно только проект дорожной карты" in response.content.decode()
    assert Roadmap.objects.filter(pk=approved.pk).exists()


def test_a_measure_with_executions_is_not_deleted(client_imc, approved):
    from datetime import date

    from roadmap.models import Execution

    item = Measure.objects.get(roadmap=approved, number="1.1")
    Execution.objects.create(measure=item, occurrence_key="2021-01", date=date(2021, 1, 20),
                             status="done")
    client_imc.post(reverse("roadmap:measure_delete", args=[item.pk]))
    assert Measure.objects.filter(pk=item.pk).exists()


def test_schedule_dates_of_4_3_entered_by_imc(client_imc, approved):
    item = Measure.objects.get(roadmap=approved, number="4.3")
    response = client_imc.post(reverse("roadmap:scheduledate_add", args=[item.pk]),
                               {"date": "15.03.2022", "note": "Рекомендации по итогам I полугодия"})
    assert response.status_code == 302
    page = client_imc.get(item.get_absolute_url(), {"on": "2022-03-10"}).content.decode()
    assert "по графику: 15.03.2022" in page and 'data-state="due_soon"' in page
    page = client_imc.post(reverse("roadmap:scheduledate_add", args=[item.pk]),
                           {"date": "15.03.2022"}).content.decode()
    assert "Эта дата уже есть в графике мероприятия." in page


def test_department_staff_named_in_the_roadmap_are_selectable(client_imc, approved):
    page = client_imc.get(reverse("roadmap:measure_edit", args=[
        Measure.objects.get(roadmap=approved, number="5.3").pk])).content.decode()
    renkevich = Staff.objects.get(last_name="Ренкевич")
    assert f'value="{renkevich.pk}" selected' in page
