"""The next period: «Создать дорожную карту на основе…» and «Утвердить»."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import FormView

from monitoring.views_generic import PortalPermissionMixin

from .. import services
from ..forms import RoadmapApproveForm, RoadmapCopyForm
from ..models import Roadmap


class RoadmapActionMixin(PortalPermissionMixin):
    """A form about one roadmap (found through ``for_user``: someone else's is a 404)."""

    model = Roadmap
    template_name = "generic/object_form.html"

    @cached_property
    def roadmap(self) -> Roadmap:
        # Read only after the permission check of the mixin: no role, no lookup.
        return get_object_or_404(Roadmap.objects.for_user(self.request.user),
                                 pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.roadmap.get_absolute_url()
        return context


class RoadmapCopyView(RoadmapActionMixin, FormView):
    """A draft of the next roadmap copied from this one, deadlines re-based."""

    permission_action = "add"
    form_class = RoadmapCopyForm

    def get_initial(self) -> dict[str, Any]:
        return services.default_copy_values(self.roadmap)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=f"Создать дорожную карту на основе: {self.roadmap}",
            subtitle="В проект перейдут паспорт, разделы, мероприятия со сроками на новые годы, "
                     "ответственные, правила совещаний и продуктов, даты графика, перечень "
                     "обязательных документов, риски и цели охвата обучением по годам. "
                     "Исполнение, совещания и решения остаются в прежней дорожной карте.",
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            roadmap = services.copy_roadmap(
                self.roadmap, year_start=data["year_start"], year_end=data["year_end"],
                title=data["title"], slug=data["slug"], user=self.request.user,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            return self.form_invalid(form)
        except IntegrityError:
            # A double click: the first request created it, the second finds the code taken.
            form.add_error("slug", f"Код «{data['slug']}» уже занят другой дорожной картой.")
            return self.form_invalid(form)
        messages.success(self.request, f"Создан проект «{roadmap}» на основе «{self.roadmap}». "
                                       "Проверьте сроки и цели, затем утвердите.")
        return HttpResponseRedirect(roadmap.get_absolute_url())


class RoadmapApproveView(RoadmapActionMixin, FormView):
    """Put a draft in force; the roadmap in force until then is closed."""

    permission_action = "change"
    form_class = RoadmapApproveForm

    def get_initial(self) -> dict[str, Any]:
        return {"on": timezone.localdate(), "document": self.roadmap.approving_document_id}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        in_force = Roadmap.objects.filter(status=Roadmap.Status.APPROVED).exclude(
            pk=self.roadmap.pk).first()
        context.update(
            title=f"Утвердить: {self.roadmap}",
            subtitle=(f"Действующая «{in_force}» будет завершена с указанной даты: напоминания "
                      "по ней прекратятся, её исполнение и документы останутся доступны."
                      if in_force else "Дорожная карта вступит в действие с указанной даты."),
        )
        return context

    def form_valid(self, form):
        try:
            closed = services.approve_roadmap(
                self.roadmap, on=form.cleaned_data["on"], document=form.cleaned_data["document"],
                user=self.request.user,
            )
        except services.ApprovalError as exc:
            messages.error(self.request, str(exc))
            return HttpResponseRedirect(self.roadmap.get_absolute_url())
        except IntegrityError:
            messages.error(self.request, "Другая дорожная карта только что утверждена; "
                                         "обновите страницу.")
            return HttpResponseRedirect(self.roadmap.get_absolute_url())
        text = f"«{self.roadmap}» утверждена и действует с {form.cleaned_data['on']:%d.%m.%Y}."
        if closed is not None:
            text += f" «{closed}» завершена."
        messages.success(self.request, text)
        return HttpResponseRedirect(self.roadmap.get_absolute_url())
