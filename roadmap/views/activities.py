"""Meetings (list and year calendar), management decisions, information work, risks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Sum
from django.utils import timezone
from django.views.generic import TemplateView

from monitoring.views_generic import (
    Col,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ObjectViewMixin,
)

from .. import services
from ..filters import (
    DecisionFilterSet,
    InformationWorkFilterSet,
    MeetingFilterSet,
    RiskFilterSet,
)
from ..forms import (
    DecisionActionFormSet,
    DecisionForm,
    DecisionIndicatorFormSet,
    HotlineQuestionFormSet,
    InformationWorkForm,
    MeetingForm,
    RiskForm,
)
from ..models import Decision, InformationWork, Meeting, Risk, Roadmap
from ..resources import InformationWorkResource, MeetingResource
from .base import InlineFormsetsMixin, RoadmapTabsMixin, ServiceSaveMixin


def _day(obj) -> str:
    return obj.date.strftime("%d.%m.%Y")


def _measures(obj) -> str:
    return ", ".join(m.number for m in obj.measures.all())


# ------------------------------------------------------------------ meetings


class MeetingMixin:
    model = Meeting
    url_base = "roadmap:meeting"
    title = "Совещания"


class MeetingListView(RoadmapTabsMixin, MeetingMixin, ObjectListView):
    template_name = "roadmap/meeting_list.html"
    tab = "meetings"
    filterset_class = MeetingFilterSet
    resource_class = MeetingResource
    export_filename = "Совещания.xlsx"
    columns = [
        Col("Дата", _day, link=True, order="date"),
        Col("Вид", "kind"),
        Col("Уровень", "level"),
        Col("Тема", "topic"),
        Col("Участников", "participants_count"),
        Col("Состояние", "status"),
        Col("Протокол", lambda m: "есть" if m.protocol_id else (
            "нет — не засчитано" if m.status == Meeting.Status.HELD else "—")),
        Col("Мероприятия", _measures),
    ]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("measures")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        roadmap = context["tabs_roadmap"]
        context["rules"] = services.meeting_rules(roadmap) if roadmap else []
        context["calendar_url"] = self.url("calendar")
        return context


class MeetingCalendarView(RoadmapTabsMixin, MeetingMixin, ObjectViewMixin, TemplateView):
    """A year on one page: twelve month grids with meetings and the roadmap's due dates."""

    template_name = "roadmap/meeting_calendar.html"
    tab = "calendar"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        try:
            year = int(self.request.GET.get("year", ""))
        except ValueError:
            year = timezone.localdate().year
        year = min(max(year, 2000), 2100)
        meetings = list(self.get_queryset().filter(date__year=year).order_by("date", "pk"))
        roadmap = context["tabs_roadmap"]
        dues = []
        if roadmap is not None and self.request.user.has_perm("roadmap.view_roadmap"):
            board = services.build_board(roadmap, dt.date(year, 12, 31))
            dues = [(o.occurrence.due, row.measure.number) for row in board.measure_rows
                    for o in row.occurrences if o.occurrence.due.year == year]
        context.update(
            title=f"Календарь совещаний и сроков — {year} год",
            year=year,
            months=services.year_calendar(year, meetings, dues),
            weekdays=("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"),
            rules=services.meeting_rules(roadmap) if roadmap else [],
            add_url=self.url_or_none("add", "add"),
            today=timezone.localdate(),
        )
        return context


class MeetingDetailView(RoadmapTabsMixin, MeetingMixin, ObjectDetailView):
    template_name = "roadmap/meeting_detail.html"
    tab = "meetings"
    fields = [
        Col("Дата", _day),
        Col("Вид", "kind"),
        Col("Уровень", "level"),
        Col("Состояние", "status"),
        Col("Участники", "participants"),
        Col("Число участников", "participants_count"),
        Col("ОО-участники", lambda m: ", ".join(s.short_name for s in m.schools.all())),
        Col("Принятые решения", "decisions_taken"),
        Col("Автор", "author"),
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        meeting = self.object
        context.update(
            documents=[(label, doc) for label, doc in (
                ("Приказ о подготовке и проведении", meeting.order),
                ("Программа", meeting.program),
                ("Протокол / резолюция", meeting.protocol),
            ) if doc is not None],
            notes=meeting.notes.all(),
            measures=meeting.measures.select_related("roadmap"),
            decisions=meeting.decisions.all(),
        )
        return context


class MeetingEditView(MeetingMixin, ServiceSaveMixin, ObjectEditView):
    form_class = MeetingForm

    def save_object(self, form):
        data = form.cleaned_data
        return services.save_meeting(
            form.save(commit=False), measures=data["measures"], schools=data["schools"],
            notes=data["notes"], user=self.request.user,
        )


class MeetingDeleteView(MeetingMixin, ObjectDeleteView):
    pass


# ------------------------------------------------------------------ decisions


class DecisionMixin:
    model = Decision
    url_base = "roadmap:decision"
    title = "Управленческие решения"


class DecisionListView(RoadmapTabsMixin, DecisionMixin, ObjectListView):
    template_name = "roadmap/object_list.html"
    tab = "decisions"
    filterset_class = DecisionFilterSet
    columns = [
        Col("Решение", "title", link=True),
        Col("Дата", _day, order="date"),
        Col("Приказ", lambda d: d.order or "—"),
        Col("Основание", lambda d: d.basis_meeting or d.basis_note or "—"),
        Col("Мер", "action_count", order="action_count"),
        Col("Эффективность", lambda d: d.get_effect_display() or "ещё не проверена",
            order="effect"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related(
            "order", "basis_meeting", "basis_note"
        ).annotate(action_count=Count("actions")).order_by("-date", "-pk")


class DecisionDetailView(RoadmapTabsMixin, DecisionMixin, ObjectDetailView):
    template_name = "roadmap/decision_detail.html"
    tab = "decisions"
    fields = [
        Col("Дата решения", _day),
        Col("Дорожная карта", "roadmap"),
        Col("Мероприятие", "measure"),
        Col("Содержание", "description"),
        Col("Приказ", "order"),
        Col("Основание: совещание", "basis_meeting"),
        Col("Основание: аналитическая справка", "basis_note"),
        Col("Автор", "author"),
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            actions=self.object.actions.select_related("responsible"),
            indicators=self.object.indicators.all(),
        )
        return context


class DecisionEditView(DecisionMixin, InlineFormsetsMixin, ObjectEditView):
    form_class = DecisionForm
    formset_classes = {
        "actions": ("Меры по решению: что, кто, к какому сроку", DecisionActionFormSet),
        "indicators": ("Целевые показатели: до и после (раздел VI)", DecisionIndicatorFormSet),
    }

    def save_object(self, form):
        decision = form.save(commit=False)
        if decision.pk is None:
            decision.author = self.request.user
        decision.save()
        for formset in self.get_formsets().values():
            formset.instance = decision
            formset.save()
        return decision


class DecisionDeleteView(DecisionMixin, ObjectDeleteView):
    pass


# ------------------------------------------------------------------ information work


class InformationMixin:
    model = InformationWork
    url_base = "roadmap:information"
    title = "Информационно-разъяснительная работа"


class InformationListView(RoadmapTabsMixin, InformationMixin, ObjectListView):
    template_name = "roadmap/object_list.html"
    tab = "information"
    filterset_class = InformationWorkFilterSet
    resource_class = InformationWorkResource
    export_filename = "Информационно-разъяснительная работа.xlsx"
    columns = [
        Col("Тема", "title", link=True),
        Col("Дата", _day, order="date"),
        Col("Вид", "kind"),
        Col("Аудитория", "audience"),
        Col("Охват", "reach"),
        Col("ОО", lambda w: w.school.short_name if w.school_id else "муниципальное",
            order="school__short_name"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("school")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        totals = context["filter"].qs.aggregate(events=Count("pk"), reach=Sum("reach"))
        context["subtitle"] = (
            f"По выбранным условиям: {totals['events']} мероприятий, охват "
            f"{totals['reach'] or 0} чел."
        )
        return context


class InformationDetailView(RoadmapTabsMixin, InformationMixin, ObjectDetailView):
    template_name = "roadmap/information_detail.html"
    tab = "information"
    fields = [
        Col("Вид", "kind"),
        Col("Дата", lambda w: w.date.strftime("%d.%m.%Y")
            + (f" – {w.date_end:%d.%m.%Y}" if w.date_end else "")),
        Col("Аудитория", "audience"),
        Col("Охват, человек", "reach"),
        Col("Где", "place"),
        Col("ОО", lambda w: w.school.short_name if w.school_id else "муниципальное"),
        Col("Мероприятие дорожной карты", "measure"),
        Col("Описание", "description"),
        Col("Автор", "author"),
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(questions=self.object.questions.all(),
                       documents=self.object.documents.all())
        return context


class InformationEditView(InformationMixin, InlineFormsetsMixin, ObjectEditView):
    form_class = InformationWorkForm
    formset_classes = {
        "questions": ("Вопросы и ответы «горячей линии» (без персональных данных)",
                      HotlineQuestionFormSet),
    }

    def prepare_formsets(self, form, formsets: dict[str, Any]) -> None:
        formsets["questions"].work_kind = form.cleaned_data.get("kind") if form.is_valid() else None

    def save_object(self, form):
        work = form.save(commit=False)
        if work.pk is None:
            work.author = self.request.user
        work.save()
        form.save_m2m()
        for formset in self.get_formsets().values():
            formset.instance = work
            formset.save()
        return work


class InformationDeleteView(InformationMixin, ObjectDeleteView):
    pass


# ------------------------------------------------------------------ risks


class RiskMixin:
    model = Risk
    url_base = "roadmap:risk"
    title = "Риски"


class RiskListView(RoadmapTabsMixin, RiskMixin, ObjectListView):
    template_name = "roadmap/object_list.html"
    tab = "risks"
    filterset_class = RiskFilterSet
    columns = [
        Col("Риск", "title", link=True),
        Col("№", "number"),
        Col("Дорожная карта", lambda r: r.roadmap.years_label, order="roadmap__year_start"),
        Col("Ответственный", lambda r: r.owner.short_name if r.owner_id else "не назначен",
            order="owner__last_name"),
        Col("Меры по снижению", lambda r: r.mitigation or "—", order="mitigation"),
        Col("Показатель", lambda r: (
            f"{r.indicator_code}: {r.get_direction_display()} {r.threshold}"
            if r.indicator_code else "не задан"
        ), order="indicator_code"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("roadmap", "owner")


class RiskDetailView(RoadmapTabsMixin, RiskMixin, ObjectDetailView):
    template_name = "roadmap/object_detail.html"
    tab = "risks"
    fields = [
        Col("Дорожная карта", "roadmap"),
        Col("№", "number"),
        Col("Ответственный за риск", "owner"),
        Col("Меры по снижению риска", "mitigation"),
        Col("Код показателя", "indicator_code"),
        Col("Порог", "threshold"),
        Col("Когда риск наступает", "direction"),
        Col("Примечания", "notes"),
    ]


class RiskEditView(RiskMixin, ObjectEditView):
    form_class = RiskForm

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if "pk" not in self.kwargs:
            roadmap = Roadmap.objects.current()
            if roadmap is not None:
                initial["roadmap"] = roadmap.pk
                initial["number"] = roadmap.risks.count() + 1
        return initial


class RiskDeleteView(RiskMixin, ObjectDeleteView):
    pass
