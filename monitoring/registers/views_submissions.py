"""Half-year submissions: the school submits, ИМЦ accepts (locks), returns or unlocks.

Thin views over ``services``: the service decides what is allowed and records every
transition; a view checks the permission, calls it, and shows the outcome in Russian."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import TemplateView

from ..models import Period, School
from . import services
from .submissions import Submission


def _back(request, default: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


class SubmissionListView(LoginRequiredMixin, TemplateView):
    """Every school's state for a half-year (ИМЦ, head); a coordinator sees own schools."""

    template_name = "registers/submission_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if not user.has_perm("monitoring.view_submission"):
            raise PermissionDenied("Недостаточно прав для этого действия.")
        code = self.request.GET.get("period", "")
        try:
            # A page read creates nothing: ?period=1000/1001-1 is an error, not a new year.
            period = (Period.objects.get_by_code(code, create=False) if code
                      else services.review_period())
        except Period.DoesNotExist as exc:
            messages.error(self.request, str(exc))
            period = services.review_period()
        schools = School.objects.for_user(user).filter(is_active=True).order_by("short_name")
        halves = services.half_years(schools, period)
        current = Period.objects.current()
        # Every half-year that has begun, newest first (grouped by academic year on the page).
        choices = [p for p in Period.objects.select_related("academic_year")
                   .filter(academic_year__start_year__lte=current.academic_year.start_year)
                   .order_by("-academic_year__start_year", "-half")
                   if p.starts_on <= current.starts_on]
        context.update(
            title="Сдача данных за полугодие", period=period, halves=halves,
            period_choices=choices, totals=services.state_counts(halves),
            can_review=user.has_perm("monitoring.review_data"),
        )
        return context


class SubmissionDetailView(LoginRequiredMixin, TemplateView):
    template_name = "registers/submission_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if not user.has_perm("monitoring.view_submission"):
            raise PermissionDenied("Недостаточно прав для этого действия.")
        submission = get_object_or_404(
            Submission.objects.for_user(user).select_related("school", "period__academic_year"),
            pk=self.kwargs["pk"])
        half = services.half_years([submission.school], submission.period)[0]
        context.update(
            title=str(submission), submission=submission, half=half,
            events=submission.events.select_related("user"),
            can_review=user.has_perm("monitoring.review_data"),
            can_submit=user.has_perm("monitoring.submit_data") and half.can_submit,
        )
        return context


class SubmitView(LoginRequiredMixin, View):
    """«Сдать данные»: the coordinator submits the school's half-year."""

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("monitoring.submit_data"):
            raise PermissionDenied("Сдавать данные может координатор ОО.")
        school = School.objects.for_user(request.user).filter(pk=request.POST.get("school")).first()
        if school is None:
            raise Http404("Нет такой ОО.")
        try:
            period = Period.objects.get_by_code(request.POST.get("period", ""))
        except Period.DoesNotExist:
            raise Http404("Нет такого периода.") from None
        try:
            services.submit(school, period, request.user, comment=request.POST.get("comment", ""),
                            confirm_missing=bool(request.POST.get("confirm_missing")),
                            confirm_early=bool(request.POST.get("confirm_early")))
        except services.TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Данные ОО «{school}» за {period} сданы в ИМЦ.")
        return HttpResponseRedirect(_back(request, reverse("home")))


class SubmissionActionView(LoginRequiredMixin, View):
    """ИМЦ: accept (lock), return with a comment, or unlock a school's half-year."""

    actions = {
        "accept": (services.accept, "Данные ОО «{school}» за {period} приняты и закрыты для изменений."),
        "return": (services.return_for_correction, "Данные ОО «{school}» за {period} возвращены на доработку."),
        "unlock": (services.unlock, "Блокировка данных ОО «{school}» за {period} снята."),
    }

    def post(self, request, *args, **kwargs):
        submission = get_object_or_404(Submission.objects.for_user(request.user)
                                       .select_related("school", "period__academic_year"),
                                       pk=kwargs["pk"])
        if kwargs["action"] not in self.actions:
            raise Http404("Нет такого действия.")
        if not request.user.has_perm("monitoring.review_data"):
            raise PermissionDenied("Принимать и возвращать данные может специалист ИМЦ.")
        action, done = self.actions[kwargs["action"]]
        extra = {"confirm_early": bool(request.POST.get("confirm_early"))} if kwargs["action"] == "accept" else {}
        try:
            action(submission, request.user, request.POST.get("comment", ""), **extra)
        except services.TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done.format(school=submission.school,
                                                  period=submission.period))
        default = reverse("monitoring:submission_list") + f"?period={submission.period.code}"
        return HttpResponseRedirect(_back(request, default))
