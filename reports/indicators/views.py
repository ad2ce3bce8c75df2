"""Dashboards: the municipality against its targets, a school against the municipality."""

from __future__ import annotations

import functools
from typing import Any

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from monitoring.bounds import year_param
from monitoring.importing import export_table_xlsx
from monitoring.models import School
from monitoring.templatetags.portal import num
from monitoring.views_generic import xlsx_response

from ..renderers.base import ChartSpec
from .cache import computing, key_of, shared
from .periods import label_of, latest_span_with_data, span_choices
from .registry import MUNICIPALITY
from .scope import (
    GRADE_BAND_LABELS,
    Breakdown,
    Span,
    SpanKind,
    parse_user_span,
    span_for_date,
)
from .service import Evaluation, IndicatorValue, definitions, evaluate

#: how many spans back a dynamics chart reaches
DYNAMICS_SPANS = 6
#: the indicator whose dynamics the municipal dashboard opens with
DEFAULT_CHART = "unique_reach"


class ScopeForm(forms.Form):
    """The scope of a dashboard: a period picked from a grouped list (half-years, academic
    and calendar years) and the breakdown."""

    period = forms.CharField(label="Период", required=False, widget=forms.Select)
    ovz = forms.ChoiceField(label="ОВЗ", required=False,
                            choices=[("", "Все"), ("1", "с ОВЗ"), ("0", "без ОВЗ")])
    band = forms.ChoiceField(label="Классы", required=False,
                             choices=[("", "Все"), *GRADE_BAND_LABELS.items()])
    sex = forms.ChoiceField(label="Пол", required=False,
                            choices=[("", "Все"), ("М", "юноши"), ("Ж", "девушки")])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select form-select-sm"
            field.widget.attrs["class"] = css
        # An older period from a bookmark is still offered, so the select shows what is shown.
        self.fields["period"].widget.choices = span_choices(extra=self.data.get("period", ""))

    def clean_period(self) -> Span:
        code = self.cleaned_data["period"].strip()
        if not code:
            return default_span()
        try:
            return parse_user_span(code)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def breakdown(self) -> Breakdown:
        data = self.cleaned_data
        return Breakdown(
            ovz={"1": True, "0": False}.get(data.get("ovz") or ""),
            grade_band=data.get("band") or None,
            sex=data.get("sex") or None,
        )


def default_span() -> Span:
    """The last finished half-year: the current one is still being filled in."""
    current = span_for_date(timezone.localdate(), SpanKind.HALF)
    return current.previous()


def dynamics(span: Span, breakdown: Breakdown, codes: list[str], school_id: int | None
             ) -> tuple[list[str], dict[str, list[float | None]]]:
    """Values of the indicators over the last spans of the same kind, oldest first — kept
    whole under the data version: a page read again takes the chart in one cache read,
    not six evaluations of their figures."""
    spans = [span]
    for _ in range(DYNAMICS_SPANS - 1):
        spans.insert(0, spans[0].previous())

    def compute() -> tuple[list[str], dict[str, list[float | None]]]:
        series: dict[str, list[float | None]] = {code: [] for code in codes}
        for each in spans:
            # The municipality's line asks for no school: read from the figures of every
            # school where they are cached, else the municipal total alone is computed.
            evaluation = evaluate(each, breakdown, codes=codes, history=False,
                                  with_targets=False,
                                  schools=[] if school_id is MUNICIPALITY else None)
            for code in codes:
                series[code].append(evaluation.get(code, school_id).value)
        return [s.code for s in spans], series

    with computing():  # one data version for the whole chart
        return shared(("dynamics", span.code, breakdown, *codes, school_id), compute)


def value_row(item: IndicatorValue, target_label: bool = True) -> list[Any]:
    row = [item.definition.name, item.definition.unit, item.value]
    if target_label:
        row += [item.target, item.status.label if item.status else "цель не задана",
                item.change, item.change_year]
    return row


def register_records(school: School | None = None) -> list:
    """The ten registers' records (of one school): what «a period with data» looks at."""
    from monitoring.registers.registry import registry

    records = [entry.model.objects.all() for entry in registry.registers()]
    return [qs.filter(school=school) for qs in records] if school is not None else records


class DashboardMixin(LoginRequiredMixin):
    def scope(self, data_querysets=()) -> tuple[ScopeForm, Span, Breakdown]:
        """The form, the span and the breakdown asked; without a period, the latest
        half-year that has records in ``data_querysets`` — a page never opens empty."""
        data = self.request.GET.copy()
        if not data.get("period"):
            data["period"] = latest_span_with_data(data_querysets).code
        form = ScopeForm(data)
        if form.is_valid():
            return form, form.cleaned_data["period"], form.breakdown()
        return form, default_span(), Breakdown()


def _municipal_reference(value: float | None) -> tuple[str, float] | None:
    return None if value is None else ("Муниципалитет", value)


def chart_labels(spans_codes: list[str]) -> list[str]:
    return [label_of(code) for code in spans_codes]


class MunicipalDashboardView(DashboardMixin, TemplateView):
    """Every indicator against its target; schools × indicators; dynamics."""

    template_name = "reports/dashboard_municipal.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not user.sees_all_schools:
            # A coordinator sees the municipality only as an average beside the own school.
            schools = School.objects.for_user(user)
            if not schools.exists():
                raise PermissionDenied("Недостаточно прав для этого действия.")
            from django.shortcuts import redirect

            return redirect("reports:school_dashboard", pk=schools.order_by("pk").first().pk)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        with computing():  # the figures, the risks and the chart under one data version
            return self.respond(request)

    def respond(self, request):
        form, span, breakdown = self.scope(register_records())
        evaluation = evaluate(span, breakdown)
        chart_code = request.GET.get("chart") or DEFAULT_CHART
        if chart_code not in {d.code for d in evaluation.definitions}:
            raise Http404("Нет такого показателя.")
        if request.GET.get("export") == "xlsx":
            return self.export(evaluation, chart_code, breakdown)
        from .risks import risk_states

        chosen = evaluation.get(chart_code).definition
        context = self.get_context_data(
            form=form, evaluation=evaluation, span=span, breakdown=breakdown,
            chart_code=chart_code, chart_name=chosen.name, risks=risk_states(evaluation),
            matrix=matrix_groups(evaluation, request.GET.urlencode()),
            # The schools × indicators table (6,000 cells for 200 schools) is rendered once
            # per data version and query: most of a page read from the cache.
            matrix_version=key_of(("matrix",)),
        )
        labels, series = dynamics(span, breakdown, [chart_code], MUNICIPALITY)
        context["chart"] = {"labels": chart_labels(labels), "unit": chosen.unit,
                            "series": [{"label": chosen.short_name, "data": series[chart_code]}]}
        # One bar per school, up to the charts' limit (ChartSpec.readable): above it the
        # highest and the lowest, beside the municipal value.
        context["school_chart"] = ChartSpec(
            chosen.short_name, [s.short_name for s in evaluation.schools],
            [(chosen.short_name, [evaluation.get(chart_code, s.pk).value
                                  for s in evaluation.schools])],
            per_school=True, reference=_municipal_reference(evaluation.get(chart_code).value),
        ).readable().chart_data(chosen.unit)
        return self.render_to_response(context)

    def export(self, evaluation: Evaluation, chart_code: str, breakdown: Breakdown) -> HttpResponse:
        span = evaluation.span
        labels, series = dynamics(span, breakdown, [chart_code], MUNICIPALITY)
        name = evaluation.get(chart_code).definition.name
        sheets = {
            "Показатели": (["Показатель", "Ед.", "Значение", "Цель", "Статус",
                            "Изм. к пред. периоду", "Изм. за год"],
                           [value_row(v) for v in evaluation.municipal()]),
            "По ОО": (["ОО", *[d.name for d in evaluation.definitions]],
                      [[school.short_name, *[v.value for v in values]]
                       for school, values in evaluation.matrix()]),
            "Динамика": (["Период", name], [[lab, val] for lab, val in
                                           zip(labels, series[chart_code], strict=True)]),
        }
        content = export_table_xlsx(sheets, title=f"Показатели — {span.label}, {breakdown.label}")
        return xlsx_response(content, f"Показатели {span.code.replace('/', '-')}.xlsx")


class SchoolDashboardView(DashboardMixin, TemplateView):
    """A school's indicators beside the municipal value (other schools never shown).

    The school's own figures are computed for that school alone; the municipal values
    beside them are the region's work, done once for every school after a change of the
    data. Where they are not computed yet, the page comes with the school's figures and
    fetches the municipal column apart (``?part=municipal``: JSON) — a coordinator never
    waits for the region's figures to see the own ones. Without JavaScript a link asks
    for the page with them (``?municipal=1``)."""

    template_name = "reports/dashboard_school.html"

    def get(self, request, *args, **kwargs):
        school = get_object_or_404(School.objects.for_user(request.user), pk=kwargs["pk"])
        form, span, breakdown = self.scope(register_records(school))
        export = request.GET.get("export") == "xlsx"
        part = request.GET.get("part") == "municipal"
        complete = export or part or request.GET.get("municipal") == "1"
        # The municipal value only beside the school's: the region's history is not shown,
        # nor the change against a year earlier (the page shows the previous span's).
        evaluation = evaluate(span, breakdown, schools=[school], municipal_history=False,
                              municipal_if_cached=not complete, year_earlier=False)
        if part:
            shares = [d for d in evaluation.definitions if d.unit == "%"]
            return JsonResponse({
                "cells": {d.code: num(evaluation.get(d.code).value) for d in evaluation.definitions},
                "chart": self.chart(evaluation, school, shares),
            })
        if export:
            rows = [[own.definition.name, own.definition.unit, own.value,
                     evaluation.get(own.definition.code).value, own.target,
                     own.status.label if own.status else ""]
                    for own in evaluation.for_school(school.pk)]
            content = export_table_xlsx(
                {"Показатели ОО": (["Показатель", "Ед.", school.short_name,
                                    "Муниципалитет", "Цель", "Статус"], rows)},
                title=f"{school.short_name} — {span.label}",
            )
            return xlsx_response(content, f"Показатели {school.code} {span.code.replace('/', '-')}.xlsx")
        ready = evaluation.municipal_ready
        rows = [(own, evaluation.get(own.definition.code) if ready else None)
                for own in evaluation.for_school(school.pk)]
        shares = [d for d in evaluation.definitions if d.unit == "%"]
        return self.render_to_response(self.get_context_data(
            form=form, school=school, span=span, breakdown=breakdown, rows=rows,
            title=f"Показатели ОО: {school.short_name}", municipal_ready=ready,
            municipal_url=self.asking(part="municipal"), complete_url=self.asking(municipal="1"),
            chart=self.chart(evaluation, school, shares, municipal=ready),
        ))

    def asking(self, **params: str) -> str:
        """This page's query string with ``params`` instead of the municipal switches."""
        query = self.request.GET.copy()
        for name in ("part", "municipal", "export"):
            query.pop(name, None)
        query.update(params)
        return f"?{query.urlencode()}"

    @staticmethod
    def chart(evaluation: Evaluation, school: School, shares: list, municipal: bool = True
              ) -> dict[str, Any]:
        series = [{"label": school.short_name,
                   "data": [evaluation.get(d.code, school.pk).value for d in shares]}]
        if municipal:
            series.append({"label": "Муниципалитет",
                           "data": [evaluation.get(d.code).value for d in shares]})
        return {"labels": [d.short_name for d in shares], "full": [d.name for d in shares],
                "unit": "%", "series": series}


def matrix_groups(evaluation: Evaluation, query: str = "") -> list[dict[str, Any]]:
    """The schools × indicators table split by indicator group (one tab each), so a group's
    columns fit the screen: [{title, definitions, rows: [(school, values)]}]."""
    groups: dict[str, dict[str, Any]] = {}
    for index, definition in enumerate(evaluation.definitions):
        group = groups.setdefault(definition.group, {"title": definition.group,
                                                     "definitions": [], "columns": []})
        group["definitions"].append(definition)
        group["columns"].append(index)
    matrix = functools.cache(evaluation.matrix)
    for number, group in enumerate(groups.values(), 1):
        group["id"] = f"group-{number}"
        # Callables: the template asks for the rows only when the table is not cached.
        group["rows"] = functools.partial(
            lambda columns: [(school, [values[i] for i in columns]) for school, values in matrix()],
            group["columns"])
        group["body"] = functools.partial(lambda rows: matrix_rows(rows(), query), group["rows"])
    return list(groups.values())


def matrix_rows(rows: list, query: str) -> str:
    """The table's rows: 200 schools × 30 indicators are 6,000 cells, which the template
    language renders in seconds and Python in milliseconds — the same markup."""
    from django.urls import reverse
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    from monitoring.templatetags.portal import num

    lines = []
    for school, values in rows:
        url = escape(f"{reverse('reports:school_dashboard', args=[school.pk])}?{query}")
        cells = []
        for item in values:
            status = item.status
            shown = escape(num(item.value))
            title = f"{escape(item.definition.short_name)}: {shown} {escape(item.definition.unit)}"
            if item.target is not None:
                title += f", цель {escape(num(item.target))}"
            colour = f"table-{status.colour}" if status else ""
            cells.append(f'<td class="num {colour}" data-status="{status.value if status else "none"}" '
                         f'title="{title}">{shown}</td>')
        lines.append(f'<tr><th scope="row"><a href="{url}">{escape(school.short_name)}</a></th>\n'
                     f'        {"".join(cells)}\n      </tr>')
    return mark_safe("\n      ".join(lines))


class IndicatorCatalogueView(LoginRequiredMixin, TemplateView):
    """The indicator passports: what each counts, in words."""

    template_name = "reports/indicator_catalogue.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from reports.models import Indicator

        context = super().get_context_data(**kwargs)
        passports = {i.code: i for i in Indicator.objects.select_related("responsible")}
        context["items"] = [(d, passports.get(d.code)) for d in definitions()]
        return context


class LabourMarketView(LoginRequiredMixin, TemplateView):
    """Admissions by specialty against the demand and the targeted-training offers."""

    template_name = "reports/labour_market.html"

    def get(self, request, *args, **kwargs):
        from .labour import labour_market

        school = None
        if not request.user.sees_all_schools:
            school = School.objects.for_user(request.user).order_by("pk").first()
            if school is None:
                raise PermissionDenied("Недостаточно прав для этого действия.")
        if request.GET.get("year"):
            year = year_param(request.GET.get("year"), 0)
        else:
            year = latest_labour_year(school)
        market = labour_market(year, school)
        if request.GET.get("export") == "xlsx":
            header = ["Код ОКСО", "Специальность", "Поступило", "в т.ч. целевое",
                      "Потребность: муниципалитет", "Потребность: область", "Целевых мест",
                      "Дефицит подготовки", "Невостребованные целевые места"]
            rows = [[r.specialty.code, r.specialty.name, r.admitted, r.admitted_targeted,
                     r.demand_municipal, r.demand_regional, r.offers, r.gap, r.targeted_gap]
                    for r in market.rows]
            rows += [["", f"{r.profession} (без кода ОКСО)", None, None, r.demand_municipal,
                      r.demand_regional, None, r.gap, None] for r in market.uncoded]
            content = export_table_xlsx({"Рынок труда": (header, rows)},
                                        title=f"Поступление и потребность в кадрах, {year} год")
            return xlsx_response(content, f"Рынок труда {year}.xlsx")
        top = market.rows[:15]
        return self.render_to_response(self.get_context_data(
            market=market, year=year, school=school,
            years=range(2021, timezone.localdate().year + 1),
            chart={"labels": [r.specialty.name for r in top],
                   "full": [f"{r.specialty.code} {r.specialty.name}" for r in top],
                   "unit": "чел.",
                   "series": [{"label": "Поступило", "data": [r.admitted for r in top]},
                              {"label": "Потребность", "data": [r.demand for r in top]},
                              {"label": "Целевых мест", "data": [r.offers for r in top]}]},
        ))


def latest_labour_year(school: School | None) -> int:
    """The page opens on the latest year with admissions or demand (not an empty year)."""
    from django.db.models import Max

    from monitoring.registers.labour import SpecialistDemand
    from monitoring.registers.records import Admission

    admissions = Admission.objects.filter(school=school) if school else Admission.objects.all()
    last_admission = admissions.aggregate(last=Max("date"))["last"]
    last_demand = SpecialistDemand.objects.aggregate(last=Max("year"))["last"]
    today = timezone.localdate().year
    years = [y for y in (last_admission.year if last_admission else None, last_demand)
             if y is not None and y <= today]
    return max(years) if years else today - 1


class DraftRecommendationsView(LoginRequiredMixin, View):
    """ИМЦ turns the missed targets of a period into draft recommendations (4.3)."""

    def post(self, request, *args, **kwargs):
        from django.contrib import messages
        from django.shortcuts import redirect

        from reports.recommendations import draft_recommendations, gaps_of

        if not request.user.has_perm("reports.add_recommendation"):
            raise PermissionDenied("Недостаточно прав для этого действия.")
        try:
            span = parse_user_span(request.POST.get("period", ""))
        except ValueError as exc:
            messages.error(request, str(exc))
            return redirect("reports:municipal_dashboard")
        gaps = gaps_of(evaluate(span, history=False))
        created = draft_recommendations(gaps, period_code=span.code, author=request.user)
        if not gaps:
            messages.info(request, f"За {span.label} все оцениваемые целевые значения достигнуты "
                                   "(или год ещё не завершён): проектов рекомендаций нет.")
            return redirect("reports:recommendation_list")
        messages.success(
            request,
            f"Недостигнутых целей: {len(gaps)}; новых проектов рекомендаций: {len(created)} "
            "(по правилу — одна рекомендация каждому адресату; уже созданные не повторяются). "
            "Отредактируйте и опубликуйте их.",
        )
        return redirect("reports:recommendation_list")


class DecisionEffectivenessView(LoginRequiredMixin, TemplateView):
    """Section VI: each management decision's target indicators before and after it."""

    template_name = "reports/decision_effectiveness.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("roadmap.view_decision"):
            raise PermissionDenied("Недостаточно прав для этого действия.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from roadmap.models import Decision

        from .effectiveness import windows

        context = super().get_context_data(**kwargs)
        decisions = (Decision.objects.for_user(self.request.user)
                     .select_related("checked_by").prefetch_related("indicators").order_by("-date"))
        context["rows"] = [(d, windows(d.date, d.checked_on)) for d in decisions]
        context["can_measure"] = self.request.user.has_perm("roadmap.change_decisionindicator")
        context["catalogue"] = {d.code for d in definitions()}
        return context

    def post(self, request, *args, **kwargs):
        from django.contrib import messages
        from django.shortcuts import get_object_or_404, redirect

        from roadmap.models import Decision

        from ..chain import check_decision

        if not request.user.has_perm("roadmap.change_decisionindicator"):
            raise PermissionDenied("Недостаточно прав для этого действия.")
        decision = get_object_or_404(Decision.objects.for_user(request.user),
                                     pk=request.POST.get("decision"))
        # The conclusion is proposed from the computed figures, never typed (reports.chain).
        proposal, unknown = check_decision(decision, request.user)
        if unknown:
            messages.warning(request, "Нет в каталоге показателей: " + ", ".join(unknown)
                             + ". Исправьте коды в решении.")
        messages.success(request, f"Значения «до» и «после» рассчитаны: «{decision.title}». "
                                  + (f"Вывод: {Decision.Effect(proposal.effect).label}."
                                     if proposal.effect else proposal.text))
        return redirect(request.path + f"#decision-{decision.pk}")
