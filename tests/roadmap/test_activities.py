"""Meetings and their year calendar, management decisions with their effectiveness check,
information work with hotline questions, and risks — as ИМЦ enters them."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from roadmap.models import (
    Decision,
    DecisionAction,
    DecisionIndicator,
    DocumentKind,
    HotlineQuestion,
    InformationWork,
    Meeting,
    MeetingKind,
    Risk,
)

from ..conftest import make_staff
from .conftest import department_person, make_document, make_meeting, measure


def test_imc_records_a_meeting_that_closes_6_1(client_imc, imc, approved, school_a):
    protocol = make_document(kind=DocumentKind.PROTOCOL, title="Протокол совещания № 2",
                             day=date(2022, 4, 12))
    note = make_document(kind=DocumentKind.NOTE, title="Справка по итогам I полугодия",
                         day=date(2022, 2, 1))
    response = client_imc.post(reverse("roadmap:meeting_add"), {
        "date": "12.04.2022", "topic": "Анализ эффективности мер по итогам мониторинга",
        "kind": MeetingKind.HEADS, "level": "municipal", "status": "held",
        "participants": "руководители и заместители руководителей ОО", "participants_count": 14,
        "schools": [school_a.pk], "protocol": protocol.pk, "notes": [note.pk],
        "decisions_taken": "Подготовить адресные рекомендации",
        "measures": [measure(approved, "6.1").pk],
    })
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.author == imc and list(meeting.notes.all()) == [note]
    page = client_imc.get(meeting.get_absolute_url()).content.decode()
    assert "Протокол совещания № 2" in page and "Справка по итогам I полугодия" in page
    board = client_imc.get(measure(approved, "6.1").get_absolute_url(),
                           {"on": "2022-05-01"}).content.decode()
    assert "Совещание 12.04.2022" in board


def test_meeting_form_refuses_a_kind_the_measure_does_not_count(client_imc, approved):
    page = client_imc.post(reverse("roadmap:meeting_add"), {
        "date": "12.04.2022", "topic": "Совещание", "kind": MeetingKind.HEADS,
        "level": "school", "status": "held",
        "measures": [measure(approved, "6.2").pk, measure(approved, "6.3").pk],
    }).content.decode()
    assert "Мероприятие 6.2 засчитывает только совещания вида «августовское совещание / конференция»." in page
    assert "Мероприятие 6.3 засчитывает только совещания уровня «муниципальный»." in page
    assert not Meeting.objects.exists()


def test_a_future_meeting_can_only_be_planned(client_imc, approved):
    page = client_imc.post(reverse("roadmap:meeting_add"), {
        "date": "01.09.2099", "topic": "Конференция", "kind": MeetingKind.AUGUST,
        "level": "municipal", "status": "held",
    }).content.decode()
    assert "может быть только запланированным" in page


def test_august_conference_entered_in_the_browser_closes_6_2_once_it_has_a_protocol(
        client_imc, approved):
    data = {"date": "26.08.2022", "topic": "Августовская конференция", "kind": MeetingKind.AUGUST,
            "level": "municipal", "status": "held"}
    client_imc.post(reverse("roadmap:meeting_add"), data)
    meeting = Meeting.objects.get()
    assert list(meeting.measures.values_list("number", flat=True)) == ["6.2"]
    rules = client_imc.get(reverse("roadmap:meeting_list")).content.decode()
    row = rules.split('data-measure="6.2"')[1].split("</tr>")[0]
    # held, but without its resolution it does not count toward 6.2
    assert "проведено 0 из 1" in row.split('data-year="2022"')[1][:40]
    assert "без протокола (не засчитано): 1" in row
    detail = client_imc.get(meeting.get_absolute_url()).content.decode()
    assert "не засчитывается в мероприятия 6.1–6.3" in detail
    resolution = make_document(kind=DocumentKind.RESOLUTION, title="Резолюция конференции",
                               day=date(2022, 8, 26))
    client_imc.post(reverse("roadmap:meeting_edit", args=[meeting.pk]),
                    {**data, "protocol": resolution.pk})
    rules = client_imc.get(reverse("roadmap:meeting_list")).content.decode()
    row = rules.split('data-measure="6.2"')[1].split("</tr>")[0]
    assert "проведено 1 из 1" in row.split('data-year="2022"')[1][:40]
    assert "без протокола" not in row


def test_year_calendar_has_twelve_months_meetings_and_due_dates(client_head, approved):
    make_meeting(date(2022, 4, 12), [measure(approved, "6.1")], topic="Итоги мониторинга")
    page = client_head.get(reverse("roadmap:meeting_calendar"), {"year": 2022}).content.decode()
    assert page.count('id="month-') == 12
    april = page.split('id="month-4"')[1].split('id="month-5"')[0]
    assert "Итоги мониторинга" in april
    june = page.split('id="month-6"')[1].split('id="month-7"')[0]
    assert "Срок мероприятия 6.1" in june and "Срок мероприятия 6.3" in june
    assert "Календарь совещаний и сроков — 2022 год" in page


def test_decision_with_actions_and_catalogue_indicators_never_typed_values(client_imc, imc, approved):
    meeting = make_meeting(date(2022, 4, 12), [measure(approved, "6.1")])
    order = make_document(title="О мерах по итогам мониторинга", day=date(2022, 4, 20))
    bobrova = department_person("Боброва")
    teacher_b = make_staff(None, "Исполнителева", position="методист")
    data = {
        "roadmap": approved.pk, "measure": measure(approved, "5.1").pk, "date": "20.04.2022",
        "title": "Усилить профпробы в 8–9 классах", "order": order.pk,
        "basis_meeting": meeting.pk, "checked_on": "01.03.2023",
        "actions-TOTAL_FORMS": 2, "actions-INITIAL_FORMS": 0,
        "actions-0-text": "Договориться с предприятиями о профпробах",
        "actions-0-responsible": bobrova.pk, "actions-0-due": "01.09.2022",
        "actions-0-status": "done", "actions-0-done_on": "25.08.2022",
        "actions-1-text": "Семинар для классных руководителей",
        "actions-1-responsible": teacher_b.pk, "actions-1-due": "01.11.2022",
        "actions-1-status": "planned",
        "indicators-TOTAL_FORMS": 1, "indicators-INITIAL_FORMS": 0,
        "indicators-0-indicator_code": "no_such_code", "indicators-0-target": "40",
        # typed values are not taken: «до», «после» and the conclusion are computed
        "indicators-0-value_before": "18", "indicators-0-value_after": "31",
        "effect": "effective", "conclusion": "Эффективно, потому что я так написал",
    }
    page = client_imc.post(reverse("roadmap:decision_add"), data).content.decode()
    assert "Показателя с кодом «no_such_code» нет в каталоге показателей." in page
    assert not Decision.objects.exists()
    response = client_imc.post(reverse("roadmap:decision_add"),
                               {**data, "indicators-0-indicator_code": "ticket_share"})
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = Decision.objects.get()
    assert decision.author == imc and not decision.is_checked and decision.conclusion == ""
    assert list(decision.actions.values_list("text", flat=True)) == [
        "Договориться с предприятиями о профпробах", "Семинар для классных руководителей"]
    indicator = DecisionIndicator.objects.get()
    assert (indicator.indicator_code, indicator.target) == ("ticket_share", 40)
    assert indicator.value_before is None and indicator.value_after is None
    page = client_imc.get(decision.get_absolute_url()).content.decode()
    assert "Эффективность ещё не проверялась." in page and "ticket_share" in page


def test_decision_needs_a_basis_and_valid_actions(client_imc, approved):
    page = client_imc.post(reverse("roadmap:decision_add"), {
        "roadmap": approved.pk, "date": "20.04.2022", "title": "Решение",
        "actions-TOTAL_FORMS": 1, "actions-INITIAL_FORMS": 0,
        "actions-0-text": "Мера без срока",
        "indicators-TOTAL_FORMS": 0, "indicators-INITIAL_FORMS": 0,
    }).content.decode()
    assert "Укажите основание решения: совещание или аналитическую справку." in page
    assert "Обязательное поле." in page
    assert not Decision.objects.exists() and not DecisionAction.objects.exists()


def test_hotline_with_questions_and_no_personal_data(client_imc, approved):
    form = client_imc.get(reverse("roadmap:information_add")).content.decode()
    assert f'value="{measure(approved, "5.3").pk}" selected' in form  # 5.3 is proposed
    data = {
        "measure": measure(approved, "5.3").pk,
        "kind": "hotline", "date": "01.03.2022", "date_end": "15.03.2022",
        "title": "«Горячая линия» по поступлению в колледжи", "audience": "parents", "reach": 37,
        "questions-TOTAL_FORMS": 2, "questions-INITIAL_FORMS": 0,
        "questions-0-question": "Есть ли целевое обучение в нефтегазовом колледже?",
        "questions-0-answer": "Да, по договору с предприятием", "questions-0-times_asked": 5,
        "questions-1-question": "Перезвоните мне: +7 914 123-45-67",
        "questions-1-times_asked": 1,
    }
    page = client_imc.post(reverse("roadmap:information_add"), data).content.decode()
    assert "Уберите телефон или адрес эл. почты" in page
    assert not InformationWork.objects.exists()
    data["questions-1-question"] = "Когда подавать документы в СПО?"
    response = client_imc.post(reverse("roadmap:information_add"), data)
    assert response.status_code == 302
    work = InformationWork.objects.get()
    assert work.measure.number == "5.3"
    assert HotlineQuestion.objects.filter(work=work).count() == 2
    listing = client_imc.get(reverse("roadmap:information_list")).content.decode()
    assert "1 мероприятий, охват 37 чел." in listing


def test_questions_only_for_a_hotline(client_imc, approved):
    page = client_imc.post(reverse("roadmap:information_add"), {
        "kind": "booklet", "date": "01.03.2022", "title": "Буклет «Куда пойти учиться»",
        "audience": "students", "reach": 300,
        "questions-TOTAL_FORMS": 1, "questions-INITIAL_FORMS": 0,
        "questions-0-question": "Вопрос", "questions-0-times_asked": 1,
    }).content.decode()
    assert "Вопросы и ответы записываются только для «горячей линии»." in page


def test_risk_gets_an_owner_mitigation_and_a_watch_indicator(client_imc, approved):
    risk = Risk.objects.get(roadmap=approved, number=3)
    owner = department_person("Боброва")
    url = reverse("roadmap:risk_edit", args=[risk.pk])
    base = {"roadmap": approved.pk, "number": 3, "title": risk.title, "owner": owner.pk,
            "mitigation": "Договоры о целевом обучении с колледжами области"}
    page = client_imc.post(url, {**base, "indicator_code": "admitted_in_region"}).content.decode()
    assert "заполните код показателя, порог и направление вместе" in page
    # a code the catalogue does not know is refused, not saved and never computed
    page = client_imc.post(url, {**base, "indicator_code": "no_such_code", "threshold": "10",
                                 "direction": "below"}).content.decode()
    assert "Показателя с кодом «no_such_code» нет в каталоге показателей." in page
    response = client_imc.post(url, {**base, "indicator_code": "admitted_in_region",
                                     "threshold": "10", "direction": "below"})
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.is_triggered(7) is True and risk.is_triggered(12) is False
    listing = client_imc.get(reverse("roadmap:risk_list")).content.decode()
    assert "Боброва Л.В." in listing and "admitted_in_region" in listing
