"""Each roadmap's staff-training targets per year and staff group (measure 5.2), edited by
ИМЦ, and the plan-schedule checked against them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import TemplateView

from roadmap.models import Roadmap, TrainingGroup
from roadmap.services.training import plan_check, save_training_targets, targets_of


def _plain(value: float | None) -> float | int | None:
    """30.0 → 30: a whole percent is shown without «,0»."""
    return int(value) if value is not None and value == int(value) else value


class TargetsForm(forms.Form):
    """A roadmap's coverage targets: one field per year and staff group, «%» or empty."""

    def __init__(self, *args: Any, roadmap: Roadmap, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.roadmap = roadmap
        current = targets_of(roadmap)
        self.rows = []
        for group, label in TrainingGroup.choices:
            names = []
            for year in roadmap.years:
                name = f"t_{group}_{year}"
                self.fields[name] = forms.DecimalField(
                    label=f"{label}, {year}", required=False, min_value=0, max_value=100,
                    max_digits=4, decimal_places=1, initial=_plain(current.get((year, group))),
                    # «%%»: Django fills these messages with %-formatting (limit_value).
                    error_messages={
                        "invalid": f"{label}, {year} г.: введите число процентов, например 60.",
                        "min_value": f"{label}, {year} г.: цель — от 0 до 100 %%.",
                        "max_value": f"{label}, {year} г.: цель — от 0 до 100 %%.",
                        "max_decimal_places": f"{label}, {year} г.: не больше одного знака "
                                              "после запятой.",
                        "max_digits": f"{label}, {year} г.: цель — от 0 до 100 %%.",
                        "max_whole_digits": f"{label}, {year} г.: цель — от 0 до 100 %%.",
                    },
                    widget=forms.TextInput(attrs={"class": "form-control form-control-sm text-end",
                                                  "inputmode": "decimal"}),
                    localize=True,
                )
                names.append(name)
            self.rows.append((label, [self[n] for n in names]))

    def values(self) -> dict[tuple[int, str], Any]:
        return {(year, group): self.cleaned_data[f"t_{group}_{year}"]
                for group in TrainingGroup.values for year in self.roadmap.years}


class TrainingTargetsView(LoginRequiredMixin, TemplateView):
    """A roadmap's training targets per year and staff group, and the plan-schedule check.

    Every roadmap period has its own targets: the 2021–2023 plan's 25/60/100 % are preloaded
    from its file, a copied roadmap starts from its source's, ИМЦ edits them here."""

    template_name = "reports/training_targets.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("roadmap.view_trainingtarget"):
            raise PermissionDenied("Недостаточно прав для этого действия.")
        return super().dispatch(request, *args, **kwargs)

    def roadmap(self) -> Roadmap:
        roadmaps = Roadmap.objects.for_user(self.request.user)
        if "pk" in self.kwargs:
            return get_object_or_404(roadmaps, pk=self.kwargs["pk"])
        roadmap = roadmaps.current()
        if roadmap is None:
            raise Http404("Дорожных карт пока нет.")
        return roadmap

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        roadmap = kwargs.get("roadmap") or self.roadmap()
        user = self.request.user
        context.update(
            roadmap=roadmap,
            form=kwargs.get("form") or TargetsForm(roadmap=roadmap),
            checks=plan_check(roadmap, timezone.localdate()),
            can_edit=user.has_perm("roadmap.change_trainingtarget"),
            roadmaps=Roadmap.objects.for_user(user).order_by("-year_start"),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("roadmap.change_trainingtarget"):
            raise PermissionDenied("Недостаточно прав для этого действия.")
        roadmap = self.roadmap()
        form = TargetsForm(request.POST, roadmap=roadmap)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(roadmap=roadmap, form=form),
                                           status=400)
        changed = save_training_targets(roadmap, form.values())
        messages.success(request, f"Цели охвата обучением сохранены (изменено: {changed}).")
        return redirect("reports:training_targets", pk=roadmap.pk)
