"""Targeted recommendations: drafted from gaps, published by ИМЦ, marked by schools."""

from __future__ import annotations

import pytest

from reports.models import Recommendation, RecommendationAck
from reports.recommendations import GENERAL_RULES, Gap, draft_recommendations, rules_for


def test_gaps_draft_recommendations_per_audience_and_level(school_a, imc):
    drafts = draft_recommendations([
        Gap(school_a, "diagnostics_share", "Охват диагностикой", 45.0, 60.0),
        Gap(None, "diagnostics_share", "Охват диагностикой", 52.5, 60.0),
        (None, "unknown_indicator", "Выпускники, вернувшиеся в округ", 3, 10, "чел."),
    ], period_code="2022/2023", author=imc)
    by_audience = {(d.school_id, d.audience): d for d in drafts}
    # A school's gap goes to its head; the district's to the department, and general
    # advice to parents and students is given once for the whole district.
    assert set(by_audience) == {(school_a.pk, "heads"), (None, "department"), (None, "parents"),
                                (None, "students")}
    heads = by_audience[(school_a.pk, "heads")]
    assert "охват 45 % при целевом 60 %" in heads.text
    assert heads.status == "draft" and heads.source == "rule" and heads.author == imc
    assert heads.rule_code == "diagnostics.heads" and heads.indicator_code == "diagnostics_share"
    department = [d for d in drafts if d.audience == "department"]
    assert {d.rule_code for d in department} == {"diagnostics.department", "general.department"}
    general = next(d for d in department if d.rule_code == "general.department")
    assert general.text.startswith(
        "Проанализировать причины отставания по показателю «Выпускники, вернувшиеся в "
        "округ» (3 чел. при целевом 10 чел.)")
    # Idempotent: the same gaps again make nothing new.
    assert draft_recommendations([Gap(school_a, "diagnostics_share", "Охват", 45, 60)],
                                 period_code="2022/2023") == []
    assert Recommendation.objects.count() == 5


def test_the_departments_own_gaps_never_go_to_schools(school_a):
    drafts = draft_recommendations([
        Gap(None, "normative_documents", "Нормативные документы", 85.7, 100),
        Gap(None, "measures_on_time", "Мероприятия в срок", 87.5, 90),
        Gap(None, "training_department", "Обучение сотрудников отдела", 50, 60),
    ], period_code="2022")
    assert {d.audience for d in drafts} == {"department"} and len(drafts) == 3
    assert all(d.school_id is None for d in drafts)
    assert "85,7 % при целевом 100 %" in drafts[0].text


def test_one_rule_gives_one_draft_per_school_however_many_indicators_call_it(school_a):
    # Four training indicators short at one school: one advice to its head and one to its
    # teachers — not four identical ones each.
    gaps = [Gap(school_a, code, code, 40.0, 60.0) for code in (
        "training_teacher", "training_class_teacher", "training_specialist", "training_tutor")]
    drafts = draft_recommendations(gaps, period_code="2022")
    assert sorted(d.rule_code for d in drafts) == ["training.heads", "training.teachers"]
    texts = [d.text for d in Recommendation.objects.all()]
    assert len(texts) == len(set(texts))


def test_the_database_refuses_a_second_draft_of_the_same_rule(school_a):
    from django.db import IntegrityError, transaction

    Recommendation.objects.create(school=school_a, audience="heads", text="Первый",
                                  rule_code="diagnostics.heads", period_code="2022")
    Recommendation.objects.create(audience="department", text="Муниципальный",
                                  rule_code="diagnostics.department", period_code="2022")
    for school in (school_a, None):
        with pytest.raises(IntegrityError), transaction.atomic():
            Recommendation.objects.create(
                school=school, audience="heads", text="Второй", period_code="2022",
                rule_code="diagnostics.heads" if school else "diagnostics.department")
    # Written by hand (no rule): as many as ИМЦ wishes.
    Recommendation.objects.create(school=school_a, audience="heads", text="Вручную 1")
    Recommendation.objects.create(school=school_a, audience="heads", text="Вручную 2")


def test_indicator_codes_with_a_suffix_find_their_rules():
    assert rules_for("training_class_teacher") == rules_for("training_teacher")
    assert rules_for("something_else") is GENERAL_RULES


def test_imc_writes_and_publishes_coordinator_sees_and_marks(
    client_imc, client_a, client_b, client_head, school_a, school_b, coordinator_a, imc
):
    response = client_imc.post("/reports/recommendations/add/", {
        "school": school_a.pk, "audience": "heads", "period_code": "",
        "text": "Назначить ответственного за профориентацию.",
    })
    rec = Recommendation.objects.get()
    assert response.status_code == 302 and rec.author == imc and rec.status == "draft"
    general = Recommendation.objects.create(audience="teachers", text="Общая для всех ОО")

    # Drafts are ИМЦ's own business.
    assert client_a.get(f"/reports/recommendations/{rec.pk}/").status_code == 404
    assert "Назначить ответственного" not in client_a.get("/reports/recommendations/").content.decode()

    client_imc.post(f"/reports/recommendations/{rec.pk}/publish/", {"publish": "1"})
    client_imc.post(f"/reports/recommendations/{general.pk}/publish/", {"publish": "1"})
    rec.refresh_from_db()
    assert rec.status == "published" and rec.published_at

    listing = client_a.get("/reports/recommendations/").content.decode()
    assert "Назначить ответственного" in listing and "Общая для всех ОО" in listing
    # School B sees the general one, not school A's.
    assert client_b.get(f"/reports/recommendations/{rec.pk}/").status_code == 404
    assert client_b.get(f"/reports/recommendations/{general.pk}/").status_code == 200
    # The coordinator may not edit or publish.
    assert client_a.get(f"/reports/recommendations/{rec.pk}/edit/").status_code == 403
    assert client_a.post(f"/reports/recommendations/{rec.pk}/publish/",
                         {"publish": "0"}).status_code == 403

    client_a.post(f"/reports/recommendations/{rec.pk}/mark/",
                  {"school": school_a.pk, "status": "acknowledged", "comment": ""})
    ack = RecommendationAck.objects.get()
    assert ack.school == school_a and ack.status == "acknowledged"
    assert ack.acknowledged_by == coordinator_a and ack.acknowledged_at and not ack.done_at
    client_a.post(f"/reports/recommendations/{rec.pk}/mark/",
                  {"school": school_a.pk, "status": "done", "comment": "Приказ № 12 от 01.02.2023"})
    ack.refresh_from_db()
    assert ack.status == "done" and ack.done_by == coordinator_a
    assert ack.comment == "Приказ № 12 от 01.02.2023"

    # School B cannot mark school A's recommendation, nor the general one for school A.
    assert client_b.post(f"/reports/recommendations/{rec.pk}/mark/",
                         {"school": school_a.pk, "status": "done"}).status_code == 404
    assert client_b.post(f"/reports/recommendations/{general.pk}/mark/",
                         {"school": school_a.pk, "status": "done"}).status_code == 403
    # ИМЦ and the head read the marks; the head cannot mark or edit.
    detail = client_head.get(f"/reports/recommendations/{rec.pk}/").content.decode()
    assert "Приказ № 12 от 01.02.2023" in detail and "Сохранить отметку" not in detail
    assert client_head.post(f"/reports/recommendations/{rec.pk}/mark/",
                            {"school": school_a.pk, "status": "done"}).status_code == 403
    assert "Приказ № 12" in client_imc.get(f"/reports/recommendations/{rec.pk}/").content.decode()


def test_the_departments_tasks_are_not_shown_to_coordinators(client_a, client_imc, school_a):
    Recommendation.objects.create(audience="department", text="Утвердить положение",
                                  status="published")
    Recommendation.objects.create(audience="heads", text="Провести диагностику",
                                  status="published")
    listing = client_a.get("/reports/recommendations/").content.decode()
    assert "Провести диагностику" in listing and "Утвердить положение" not in listing
    assert "Утвердить положение" in client_imc.get("/reports/recommendations/").content.decode()
