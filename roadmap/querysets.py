"""Which roadmap rows a user sees — the roadmap's counterpart of ``monitoring.querysets``.

Three rules, each in one class, reached through ``Model.objects.for_user(user)``:

* the plan itself (roadmaps, sections, measures, schedules, executions) is read by every
  portal role; a coordinator sees only roadmaps that are no longer drafts;
* documents: the department sees all; a coordinator only approved («утверждён») documents
  that are municipal or of his own school;
* everything else (meetings, decisions, information work, risks, reminders) is the
  department's working material: municipal roles only.

Model permissions (``roadmap/roles.py``) decide what a role may do; these querysets decide
which rows it may do it to. A row outside the set is a 404, whatever the URL.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone

if TYPE_CHECKING:
    from monitoring.models import User

DRAFT = "draft"  # Roadmap.Status.DRAFT, repeated here to keep this module free of models
APPROVED_ROADMAP = "approved"  # Roadmap.Status.APPROVED
APPROVED_DOCUMENT = "approved"  # Document.Status.APPROVED


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


class PlanQuerySet(models.QuerySet):
    """Rows of a roadmap: readable by every role; drafts only by the department."""

    #: the lookup from this model to its Roadmap ("" for the roadmap itself)
    roadmap_lookup = "roadmap"

    def for_user(self, user: User) -> PlanQuerySet:
        if not _active(user):
            return self.none()
        if user.sees_all_schools:
            return self
        if user.is_coordinator:
            prefix = f"{self.roadmap_lookup}__" if self.roadmap_lookup else ""
            return self.exclude(**{f"{prefix}status": DRAFT})
        return self.none()

    def of_roadmap(self, roadmap) -> PlanQuerySet:
        return self.filter(**{self.roadmap_lookup or "pk": roadmap.pk})


class RoadmapQuerySet(PlanQuerySet):
    roadmap_lookup = ""

    def in_force(self, on: date | None = None):
        """The roadmap in force on ``on`` (today): not a draft, its years include that year,
        and not closed by then (a roadmap closed by the next one's approval stops that
        day). With no such roadmap, the latest one begun before — its plan and targets
        carry on until the next is approved. None when there is none at all."""
        on = on or timezone.localdate()
        plans = self.exclude(status=DRAFT)
        covering = plans.filter(year_start__lte=on.year, year_end__gte=on.year).exclude(
            closed_on__lte=on
        ).order_by("-year_start", "-pk").first()
        if covering is not None:
            return covering
        return plans.filter(year_start__lte=on.year).order_by("-year_start", "-pk").first()

    def current(self, on: date | None = None):
        """The roadmap opened by default: the one in force on ``on`` (today), else the latest
        approved, else the latest of any status; None if none."""
        in_force = self.in_force(on)
        if in_force is not None:
            return in_force
        for candidates in (
            self.filter(status=APPROVED_ROADMAP),
            self,
        ):
            roadmap = candidates.order_by("-year_start", "-pk").first()
            if roadmap is not None:
                return roadmap
        return None


class MeasureChildQuerySet(PlanQuerySet):
    roadmap_lookup = "measure__roadmap"


class DocumentQuerySet(models.QuerySet):
    def for_user(self, user: User) -> DocumentQuerySet:
        if not _active(user):
            return self.none()
        if user.sees_all_schools:
            return self
        if user.is_coordinator:
            return self.filter(
                Q(school__isnull=True) | Q(school__in=user.school_ids),
                status=APPROVED_DOCUMENT,
            )
        return self.none()

    def approved(self) -> DocumentQuerySet:
        return self.filter(status=APPROVED_DOCUMENT)


class MunicipalQuerySet(models.QuerySet):
    """The department's working records: municipal roles only."""

    def for_user(self, user: User) -> MunicipalQuerySet:
        if _active(user) and user.sees_all_schools:
            return self
        return self.none()
