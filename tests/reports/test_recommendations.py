"""Targeted recommendations: drafted from gaps, published by ИМЦ, marked by schools."""

from __future__ import annotations

from reports.models import Recommendation, RecommendationAck
from reports.recommendations import GENERAL_RULES, Gap, draft_recommendations, rules_for


def test_gaps_draft_recommendations_per_audience(school_a, imc):
    drafts = draft_recommendations([
        Gap(school_a, "diagnostics_share", "Охват диагностикой", 45.0, 60.0),
        (None, "unknown_indicator", "Доля выпускников, вернувшихся в округ", 3.5, 10),
    ], period_code="2022/2023-1", author=imc)
    by_audience = {(d.school_id, d.audience): d for d in drafts}
    assert set(by_audience) == {(school_a.pk, "heads"), (school_a.pk, "parents"),
                                (school_a.pk, "students"), (None, "heads")}
    heads = by_audience[(school_a.pk, "heads")]
    assert "охват составляет 45 при целевом 60" in heads.text
    assert heads.status == "draft" and heads.source == "rule" and heads.author == imc
    assert heads.rule_code == "diagnostics.heads" and heads.indicator_code == "diagnostics_share"
    general = by_audience[(None, "heads")]
    assert general.text.startswith(
        "Проанализировать причины отставания по показателю «Доля выпускников, вернувшихся в "
        "округ» (3,5 при целевом 10)")
    # Idempotent: the same gaps again make nothing new.
    assert draft_recommendations([Gap(school_a, "diagnostics_share", "Охват", 45, 60)],
                                 period_code="2022/2023-1") == []
    assert Recommendation.objects.count() == 4


def test_indicator_codes_with_a_suffix_find_their_rules():
    assert rules_for("training_school_admin") == rules_for("training_teacher")
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
