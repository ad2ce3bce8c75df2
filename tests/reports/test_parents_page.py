"""The public page for parents: open to anyone, never a person's name."""

from __future__ import annotations

from django.test import Client

from reports import public
from reports.models import Recommendation

from .test_job_pages import finished_job


def test_anyone_reads_published_general_advice_and_approved_notes(
    db, head, imc, school_a, contingent
):
    Recommendation.objects.create(audience="parents", status="published",
                                  text="Поговорите с ребёнком о профессиях будущего.")
    Recommendation.objects.create(audience="students", status="published",
                                  text="Пройдите диагностику «Билета в будущее».")
    Recommendation.objects.create(audience="parents", status="draft", text="Черновик ИМЦ")
    Recommendation.objects.create(audience="heads", status="published", text="Руководителям ОО")
    Recommendation.objects.create(audience="parents", status="published", school=school_a,
                                  text="Только для родителей школы А")
    approved = finished_job(None, head)
    approved.approved = True
    approved.save()
    not_approved = finished_job(None, head)
    school_note = finished_job(school_a, head)
    school_note.approved = True  # not municipal: never public, even if flagged
    school_note.save()

    anonymous = Client()
    response = anonymous.get("/parents/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Поговорите с ребёнком о профессиях будущего." in page
    assert "Пройдите диагностику «Билета в будущее»." in page
    for hidden in ["Черновик ИМЦ", "Руководителям ОО", "Только для родителей школы А"]:
        assert hidden not in page
    public_file = approved.files.get()
    assert f"/parents/notes/{public_file.pk}/" in page
    assert f"/parents/notes/{not_approved.files.get().pk}/" not in page
    # Only the approved municipal note downloads without a login.
    assert anonymous.get(f"/parents/notes/{public_file.pk}/").status_code == 200
    assert anonymous.get(f"/parents/notes/{not_approved.files.get().pk}/").status_code == 404
    assert anonymous.get(f"/parents/notes/{school_note.files.get().pk}/").status_code == 404
    assert anonymous.get(f"/reports/files/{public_file.pk}/").status_code == 302  # login

    # No student's name anywhere on the public page.
    for group in contingent.values():
        for student in group:
            assert student.last_name not in page and student.full_name not in page
    # No labour-market data yet: the section is left out, not shown empty.
    assert "Рынок труда" not in page


def test_labour_market_section_appears_when_there_is_data(db, monkeypatch):
    monkeypatch.setattr("reports.views.labour_market", lambda: [
        public.LabourMarketItem("Оператор по добыче нефти и газа", "целевое обучение",
                                "3 места", "ООО «Нефтяник»"),
    ])
    page = Client().get("/parents/").content.decode()
    assert "Рынок труда" in page and "Оператор по добыче нефти и газа" in page
    assert public.labour_market() == []
