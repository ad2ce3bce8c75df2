"""Editing the plan in the browser: a new roadmap gets its passport, a passport's risks
become rows of the risk list."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..models import Passport, Risk, Roadmap


@transaction.atomic
def save_roadmap(roadmap: Roadmap) -> Roadmap:
    """Save a roadmap; a new one gets an empty passport with the usual headings. A roadmap
    set to «завершена» by hand is closed today (its reminders stop)."""
    if roadmap.status == Roadmap.Status.COMPLETED and roadmap.closed_on is None:
        roadmap.closed_on = timezone.localdate()
    elif roadmap.status != Roadmap.Status.COMPLETED:
        roadmap.closed_on = None
    roadmap.save()
    Passport.objects.get_or_create(roadmap=roadmap)
    return roadmap


def sync_risks(passport: Passport) -> int:
    """Each line of the passport's «Риски» becomes (or renames) the risk of that number.

    Owners, mitigation and watch indicators entered on the risks stay; a risk whose line
    was removed from the passport stays too (it may have history) — ИМЦ deletes it from
    the list explicitly. Returns how many risks were created."""
    created = 0
    existing = {r.number: r for r in Risk.objects.filter(roadmap=passport.roadmap_id)}
    for number, text in enumerate(passport.risks, 1):
        title = text.strip().rstrip(";").strip()
        risk = existing.get(number)
        if risk is None:
            Risk.objects.create(roadmap_id=passport.roadmap_id, number=number, title=title)
            created += 1
        elif risk.title != title:
            risk.title = title
            risk.save(update_fields=["title", "updated_at"])
    return created


@transaction.atomic
def save_passport(passport: Passport) -> Passport:
    """Save an edited passport and bring the risk list in line with it."""
    passport.save()
    sync_risks(passport)
    return passport
