"""The demo a newcomer learns from: people who sound real, a labour market that makes
sense, and the public page and the inboxes with something in them."""

from __future__ import annotations

import io
import re

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from monitoring.demo import DEMO_PASSWORD
from monitoring.models import Staff, User
from monitoring.registers.demo import EMPLOYER_SPECIALTIES, TAUGHT_AT
from monitoring.registers.labour import TargetedTrainingOffer
from monitoring.registers.records import Admission


def test_demo_reads_like_a_real_district(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", students_per_class=2, stdout=io.StringIO())
    # Names: no «Демоевич», no «Отдела Начальник».
    head = User.objects.get(username="nachalnik")
    assert str(head) == "Руденко Наталья Сергеевна"
    assert not Staff.objects.filter(middle_name__startswith="Демо").exists()
    assert not Staff.objects.filter(middle_name="").filter(school__isnull=False).exists()
    # The labour market: each employer offers targeted training in a specialty it needs, at
    # a college or university that teaches it; targeted admissions are sponsored the same way.
    offers = TargetedTrainingOffer.objects.select_related("employer", "specialty", "institution")
    assert offers.exists()
    for offer in offers:
        assert offer.specialty.code in EMPLOYER_SPECIALTIES[offer.employer.name], offer
        assert offer.institution.short_name in TAUGHT_AT[offer.specialty.code], offer
    for admission in Admission.objects.filter(basis="targeted").select_related(
            "target_employer", "specialty", "institution"):
        assert admission.specialty.code in EMPLOYER_SPECIALTIES[admission.target_employer.name]
        assert admission.institution.short_name in TAUGHT_AT[admission.specialty.code]
    # The public page shows published recommendations and an approved note.
    public = Client().get("/parents/").content.decode()
    assert "Рекомендаций пока нет" not in public and "Опубликованных справок пока нет" not in public
    link = re.search(r'href="(/parents/notes/\d+/)"', public)
    assert link and Client().get(link.group(1)).status_code == 200
    # The coordinator's inbox has something to answer and a date ahead.
    coordinator = Client()
    # Through the login page, as a person signs in (the lockout backend needs the request).
    signed_in = coordinator.post(reverse("login"), {"username": "koordinator",
                                                    "password": DEMO_PASSWORD})
    assert signed_in.status_code == 302
    home = coordinator.get("/").content.decode()
    assert "Отметить выполнение" in home and "Совещание с руководителями ОО" in home
