"""Row-level scoping: the one place that decides which school data a user sees.

Every model that belongs to a school uses :class:`SchoolScopedQuerySet`, and every view
reaches its rows through ``Model.objects.for_user(request.user)`` (see
``monitoring.views_generic.ScopedQuerysetMixin``), so a record of another school is
simply absent — a 404 — whatever the URL or id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models.functions import Coalesce

if TYPE_CHECKING:
    from .models import User


class SchoolScopedQuerySet(models.QuerySet):
    #: the lookup from this model to its School; models reaching the school through a
    #: relation (e.g. an enrollment → student → school) override it.
    school_lookup = "school"

    def for_user(self, user: User) -> SchoolScopedQuerySet:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_all_schools:
            return self
        if user.is_coordinator:
            return self.filter(**{f"{self.school_lookup}__in": user.school_ids})
        return self.none()

    def for_school(self, school) -> SchoolScopedQuerySet:
        return self.filter(**{self.school_lookup: school})


class SchoolQuerySet(models.QuerySet):
    def with_counts(self) -> SchoolQuerySet:
        """Each school with ``student_count`` (studying), ``ovz_count`` (of them with ОВЗ)
        and ``staff_count`` (working) — each a subquery of its own: counting over joins of
        students and staff would multiply them (a region's 120,000 students × 48 staff per
        school: 15 million rows, seconds on every home page)."""
        from .models import Staff, Student

        def count(model, **condition) -> Coalesce:
            rows = (model.objects.filter(school=models.OuterRef("pk"), **condition).order_by()
                    .values("school").annotate(n=models.Count("pk")).values("n"))
            return Coalesce(models.Subquery(rows), 0)

        studying = Student.Status.STUDYING
        return self.annotate(
            student_count=count(Student, status=studying),
            ovz_count=count(Student, status=studying, has_ovz=True),
            staff_count=count(Staff, is_working=True),
        )

    def for_user(self, user: User) -> SchoolQuerySet:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_all_schools:
            return self
        if user.is_coordinator:
            return self.filter(pk__in=user.school_ids)
        return self.none()


class StaffQuerySet(SchoolScopedQuerySet):
    def for_user(self, user: User) -> StaffQuerySet:
        # Department staff (no school) are visible to the municipal roles only.
        return super().for_user(user)

    def working(self) -> StaffQuerySet:
        return self.filter(is_working=True)
