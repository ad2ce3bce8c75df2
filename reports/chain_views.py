"""Screens of the management chain and the archive: the year's chain on one page, answering
a recommendation (by a decision or closing it with a reason), filing a generated document
in the registry, closing an academic year and its corrections."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from monitoring.models import AcademicYear
from roadmap.models import Decision

from . import archive, chain
from .chain_page import chain_for_year
from .models import Recommendation, ReportJob, YearClosure


def _require(user, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied("Недостаточно прав для этого действия.")


def _year(value: str | None, default: int) -> int:
    try:
        return min(max(int(value or default), 2000), 2100)
    except ValueError:
        return default


class ChainView(LoginRequiredMixin, TemplateView):
    """For a year, each link of the chain with its gaps (the department's screen)."""

    template_name = "reports/chain.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        if not user.sees_all_schools:
            raise PermissionDenied("Цепочка управления — экран отдела образования и ИМЦ.")
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        year = _year(self.request.GET.get("year"), today.year)
        context.update(
            title=f"Цепочка управления за {year} год",
            chain=chain_for_year(year, today),
            year=year,
            years=range(2021, today.year + 1),
        )
        return context


# ------------------------------------------------------------- answering recommendations


class AnswerForm(forms.Form):
    decision = forms.ModelChoiceField(
        label="Управленческое решение", queryset=Decision.objects.none(), required=False,
        empty_label="— выберите решение —",
        error_messages={"invalid_choice": "Решение не найдено."},
    )
    reason = forms.CharField(label="Причина, по которой решение не требуется", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args: Any, user=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = Decision.objects.for_user(user).order_by("-date", "-pk")
        self.fields["decision"].widget.attrs["class"] = "form-select"
        self.fields["reason"].widget.attrs["class"] = "form-control"


class RecommendationAnswerView(LoginRequiredMixin, View):
    """ИМЦ answers a published recommendation by a decision, closes it with a reason, or
    takes the answer back («action»: answer / close / reopen)."""

    def post(self, request, pk: int):
        _require(request.user, "reports.change_recommendation")
        recommendation = get_object_or_404(Recommendation.objects.for_user(request.user), pk=pk)
        form = AnswerForm(request.POST, user=request.user)
        action = request.POST.get("action")
        try:
            if not form.is_valid():
                raise ValidationError(" ".join(e for errors in form.errors.values() for e in errors))
            if action == "answer":
                decision = form.cleaned_data["decision"]
                if decision is None:
                    raise ValidationError("Выберите решение, которое отвечает на рекомендацию.")
                chain.answer_with_decision(recommendation, decision, request.user)
                messages.success(request, f"Рекомендация связана с решением «{decision.title}».")
            elif action == "close":
                chain.close_recommendation(recommendation, form.cleaned_data["reason"], request.user)
                messages.success(request, "Рекомендация закрыта с указанием причины.")
            elif action == "reopen":
                chain.reopen_recommendation(recommendation)
                messages.success(request, "Ответ снят: рекомендация снова ждёт решения.")
            else:
                raise ValidationError("Неизвестное действие.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(recommendation.get_absolute_url())


# ------------------------------------------------------------------- documents registry


class RegistryForm(forms.Form):
    number = forms.CharField(label="Номер", max_length=60, required=False)
    date = forms.DateField(label="Дата документа", input_formats=["%d.%m.%Y", "%Y-%m-%d"],
                           error_messages={"invalid": "Введите дату в виде дд.мм.гггг.",
                                           "required": "Укажите дату документа."})
    title = forms.CharField(label="Наименование", max_length=1000, required=False)


class JobRegistryView(LoginRequiredMixin, View):
    """«Утвердить в реестр документов»: a finished note or report becomes a registry
    document (kept for ever, citable, downloadable under the registry's permissions)."""

    def post(self, request, pk: int):
        _require(request.user, "reports.change_reportjob")
        _require(request.user, "roadmap.add_document")
        job = get_object_or_404(ReportJob.objects.for_user(request.user), pk=pk)
        form = RegistryForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return HttpResponseRedirect(job.get_absolute_url())
        data = form.cleaned_data
        try:
            document = archive.approve_into_registry(
                job, number=data["number"], date=data["date"], title=data["title"],
                user=request.user)
        except archive.ArchiveError as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(job.get_absolute_url())
        messages.success(request, f"Документ утверждён в реестр: {document.reference}.")
        return HttpResponseRedirect(job.get_absolute_url())


# ---------------------------------------------------------------------------- archive


class ArchiveView(LoginRequiredMixin, TemplateView):
    """Academic years, closed or open; «Закрыть учебный год»; a closed year's corrections."""

    template_name = "reports/archive.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        if not user.sees_all_schools:
            raise PermissionDenied("Архив показателей — экран отдела образования и ИМЦ.")
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        closures = {c.academic_year: c for c in YearClosure.objects.select_related("closed_by")}
        years = []
        for item in AcademicYear.objects.filter(start_year__lte=today.year).order_by("-start_year"):
            code = f"{item.start_year}/{item.start_year + 1}"
            years.append({"code": code, "closure": closures.get(code),
                          "over": archive.year_is_over(code, today)})
        chosen = self.request.GET.get("year") or next(
            (y["code"] for y in years if y["closure"]), "")
        closure = closures.get(chosen)
        context.update(
            title="Архив: закрытые учебные годы",
            years=years,
            chosen=chosen,
            closure=closure,
            corrections=archive.corrections(closure) if closure else [],
            can_close=user.has_perm("reports.add_yearclosure"),
        )
        return context

    def post(self, request, *args, **kwargs):
        _require(request.user, "reports.add_yearclosure")
        code = request.POST.get("year", "")
        try:
            closure = archive.close_year(code, request.user)
        except (ValidationError, ValueError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            return HttpResponseRedirect(reverse("reports:archive"))
        messages.success(request, f"{closure.academic_year} учебный год закрыт: значения "
                                  f"показателей заморожены на {timezone.localdate():%d.%m.%Y}.")
        return HttpResponseRedirect(closure.get_absolute_url())
