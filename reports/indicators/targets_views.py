"""ИМЦ keeps the targets: a year's grid for the municipality, and per-school overrides."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import TemplateView

from monitoring.bounds import PortalBadRequest, check_number, check_year, year_param
from monitoring.models import School
from reports.models import Indicator, Target


def parse_value(text: str) -> Decimal | None:
    text = (text or "").strip().replace(",", ".").replace("%", "").replace("\xa0", "")
    if not text:
        return None
    # «NaN», «Infinity», «1e400»: a form error, not a 500 from the database.
    value = check_number(text, max_digits=9, decimal_places=2)
    if value < 0:
        raise ValueError("целевое значение не может быть отрицательным")
    return value


def grid_indicators():
    """The indicators whose targets are kept here: every active one but staff training,
    whose targets belong to each roadmap (``/reports/training/targets/``)."""
    return Indicator.objects.filter(is_active=True).exclude(code__startswith="training_")


class TargetPermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    raise_exception = True

    def get_permission_required(self):
        if self.request.method == "POST":
            return ["reports.change_target", "reports.add_target"]
        return ["reports.view_target"]


class TargetGridView(TargetPermissionMixin, TemplateView):
    """Municipal targets of every indicator for one year."""

    template_name = "reports/targets.html"

    def year(self) -> int:
        return year_param(self.request.GET.get("year") or self.request.POST.get("year"),
                          timezone.localdate().year)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = self.year()
        targets = {t.indicator_id: t for t in Target.objects.filter(year=year, school__isnull=True)}
        overrides = dict(
            Target.objects.filter(year=year, school__isnull=False)
            .values_list("indicator_id").annotate(n=Count("pk")).values_list("indicator_id", "n")
        )
        context.update(
            year=year, years=range(2021, timezone.localdate().year + 3),
            rows=[(i, targets.get(i.pk), overrides.get(i.pk, 0)) for i in grid_indicators()],
            can_edit=self.request.user.has_perm("reports.change_target"),
        )
        context.update(kwargs)
        return context

    def post(self, request, *args, **kwargs):
        year = self.year()
        errors = []
        with transaction.atomic():
            for indicator in grid_indicators():
                raw = request.POST.get(f"target-{indicator.code}", "")
                try:
                    value = parse_value(raw)
                except ValueError as exc:
                    errors.append(f"{indicator.name}: {exc}")
                    continue
                if value is None:
                    Target.objects.filter(indicator=indicator, year=year, school__isnull=True).delete()
                else:
                    Target.objects.update_or_create(
                        indicator=indicator, year=year, school=None, defaults={"value": value}
                    )
            if errors:
                transaction.set_rollback(True)
        if errors:
            return self.render_to_response(self.get_context_data(errors=errors))
        messages.success(request, f"Целевые значения на {year} год сохранены.")
        return redirect(f"{request.path}?year={year}")


class SchoolTargetsView(TargetPermissionMixin, TemplateView):
    """One indicator's targets per school for a year (blank = the municipal target).
    A coordinator sees only own schools' rows (for_user), like every school-data page."""

    template_name = "reports/targets_schools.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            check_year(kwargs["year"])
        except ValueError as exc:
            raise PortalBadRequest(str(exc)) from None
        return super().dispatch(request, *args, **kwargs)

    def schools(self):
        return School.objects.for_user(self.request.user).filter(is_active=True)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        indicator = get_object_or_404(Indicator, code=self.kwargs["code"])
        year = self.kwargs["year"]
        schools = list(self.schools())
        targets = {t.school_id: t for t in Target.objects.filter(
            indicator=indicator, year=year, school__in=schools)}
        municipal = Target.objects.filter(indicator=indicator, year=year,
                                          school__isnull=True).first()
        context.update(
            indicator=indicator, year=year, municipal=municipal,
            rows=[(s, targets.get(s.pk)) for s in schools],
            can_edit=self.request.user.has_perm("reports.change_target"),
        )
        context.update(kwargs)
        return context

    def post(self, request, *args, **kwargs):
        indicator = get_object_or_404(Indicator, code=kwargs["code"])
        year = kwargs["year"]
        errors = []
        with transaction.atomic():
            for school in self.schools():
                try:
                    value = parse_value(request.POST.get(f"school-{school.pk}", ""))
                except ValueError as exc:
                    errors.append(f"{school.short_name}: {exc}")
                    continue
                if value is None:
                    Target.objects.filter(indicator=indicator, year=year, school=school).delete()
                else:
                    Target.objects.update_or_create(
                        indicator=indicator, year=year, school=school, defaults={"value": value}
                    )
            if errors:
                transaction.set_rollback(True)
        if errors:
            return self.render_to_response(self.get_context_data(errors=errors))
        messages.success(request, f"Цели ОО по показателю «{indicator.name}» на {year} год сохранены.")
        return redirect(request.path)
