"""A dashboard per register: counts by school, grade, ОВЗ and sex for a span."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import Http404
from django.views.generic import TemplateView

from monitoring.dataversion import remembered
from monitoring.importing import export_table_xlsx
from monitoring.models import School
from monitoring.registers.registry import registry
from monitoring.views_generic import xlsx_response

from ..renderers.base import ChartSpec
from .cache import computing
from .counting import persons
from .records import in_span
from .scope import SpanKind
from .views import DashboardMixin


def register_summary(entry, span, breakdown, schools: list[School]) -> dict[str, Any]:
    """Counts of one register in a span — four grouped queries whatever the data size,
    kept in the cache under the data version (every ИМЦ specialist opening the register
    after the first, and after the worker's pass — :func:`warm_register_summaries` —
    reads them).

    Students are counted by the indicators' method: a calendar year's are those of the
    academic year ending in it, and the total counts a person once across schools."""
    ids = [school.pk for school in schools]
    counted = remembered("register_summary",
                         (entry.slug, span.kind, span.start, span.end, breakdown, *ids),
                         lambda: _counts(entry, span, breakdown, ids))
    per_school = counted["per_school"]
    return {"rows": [(school, per_school.get(school.pk, {})) for school in schools],
            "total": counted["total"], "by_grade": counted["by_grade"],
            "by_sex": counted["by_sex"]}


def _counts(entry, span, breakdown, schools: list[int]) -> dict[str, Any]:
    model = entry.model
    if entry.per_student and span.kind == SpanKind.CALENDAR_YEAR:
        span = span.academic()
    records = model.objects.filter(in_span(model, span), school__in=schools)
    if not entry.per_student:
        return {"per_school": {row["school"]: row for row in records.order_by()
                               .values("school").annotate(records=Count("pk"))},
                "total": records.aggregate(records=Count("pk")), "by_grade": [], "by_sex": {}}
    records = records.filter(breakdown.on_record(grade="grade", ovz="has_ovz",
                                                 sex="student__sex"))
    with computing():  # the students who moved between schools, read once per version
        return {
            "per_school": {
                row["school"]: row for row in records.order_by().values("school").annotate(
                    records=Count("pk"), students=Count("student", distinct=True),
                    ovz=Count("student", distinct=True, filter=Q(has_ovz=True)),
                )
            },
            "total": records.aggregate(records=Count("pk"), students=persons(),
                                       ovz=persons(condition=Q(has_ovz=True))),
            "by_grade": list(records.order_by("grade").values("grade")
                             .annotate(students=persons())),
            "by_sex": {row["student__sex"]: row["students"] for row in
                       records.order_by().values("student__sex").annotate(students=persons())},
        }


def summary_schools(visible) -> list[School]:
    """The schools a summary lists, of those a user sees: the active ones, by name — the
    page and the worker's pass ask the same, so the pass computes what the page reads."""
    return list(visible.filter(is_active=True).order_by("short_name"))


def warm_register_summaries() -> None:
    """What ИМЦ opens each register's summary with — its latest half-year with data, every
    active school, no slice — computed ahead (the worker, ``warm_dashboards``)."""
    from .periods import latest_span_with_data
    from .scope import ALL

    schools = summary_schools(School.objects.all())
    for entry in registry:
        if entry.school_scoped:
            register_summary(entry, latest_span_with_data([entry.model.objects.all()]), ALL,
                             schools)


class RegisterDashboardView(DashboardMixin, TemplateView):
    template_name = "reports/dashboard_register.html"

    @classmethod
    def crumb(cls, request, kwargs: dict[str, Any]) -> str | None:
        try:
            return f"Сводка: {registry.get(kwargs['slug']).full_title}"
        except KeyError:
            return None

    def get(self, request, *args, **kwargs):
        try:
            entry = registry.get(kwargs["slug"])
        except KeyError:
            raise Http404("Нет такого реестра.") from None
        if not entry.school_scoped or not request.user.has_perm(entry.permission("view")):
            raise Http404("Нет такого реестра.")
        form, span, breakdown = self.scope([entry.model.objects.for_user(request.user)])
        schools = summary_schools(School.objects.for_user(request.user))
        summary = register_summary(entry, span, breakdown, schools)
        if request.GET.get("export") == "xlsx":
            return self.export(entry, span, breakdown, summary)
        return self.render_to_response(self.get_context_data(
            form=form, span=span, breakdown=breakdown, entry=entry, summary=summary,
            registers=[e for e in registry if e.school_scoped
                       and request.user.has_perm(e.permission("view"))],
            title=f"Сводка реестра: {entry.full_title}",
            # One bar per school up to the charts' limit, else the highest and the lowest.
            chart=ChartSpec(
                "", [s.short_name for s, _ in summary["rows"]],
                [("обучающихся" if entry.per_student else "записей",
                  [row.get("students" if entry.per_student else "records", 0)
                   for _, row in summary["rows"]])],
                per_school=True,
            ).readable().chart_data("чел." if entry.per_student else "записей"),
            grade_chart={"labels": [f"{r['grade']} кл." if r["grade"] else "не указан"
                                    for r in summary["by_grade"]],
                         "unit": "чел.", "x_title": "Класс на дату записи",
                         "series": [{"label": "обучающихся",
                                     "data": [r["students"] for r in summary["by_grade"]]}]},
        ))

    def export(self, entry, span, breakdown, summary) -> Any:
        if entry.per_student:
            sheets = {
                "По ОО": (["ОО", "Записей", "Обучающихся", "в т.ч. с ОВЗ"],
                          [[s.short_name, row.get("records", 0), row.get("students", 0),
                            row.get("ovz", 0)] for s, row in summary["rows"]]),
                "По классам": (["Класс", "Обучающихся"],
                               [[r["grade"] or "не указан", r["students"]]
                                for r in summary["by_grade"]]),
                "По полу": (["Пол", "Обучающихся"],
                            [["юноши", summary["by_sex"].get("М", 0)],
                             ["девушки", summary["by_sex"].get("Ж", 0)]]),
            }
        else:
            sheets = {"По ОО": (["ОО", "Записей"], [[s.short_name, row.get("records", 0)]
                                                    for s, row in summary["rows"]])}
        content = export_table_xlsx(sheets, title=f"{entry.full_title} — {span.label}, {breakdown.label}")
        return xlsx_response(content, f"Реестр {entry.slug} {span.code.replace('/', '-')}.xlsx")
