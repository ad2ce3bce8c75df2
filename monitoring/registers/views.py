"""One set of views for every register, driven by the registry.

``/monitoring/registers/<slug>/…`` — the slug picks the registry entry; the entry gives
the model, form, filters, columns, Excel resource and notes. Rows are reached through
``for_user`` (another school's record is a 404), the school of what is saved is set by
the server, and a record of a half-year ИМЦ has accepted cannot be changed by any view.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import TemplateView

from monitoring.dataversion import bump
from monitoring.history import create_with_history

from ..bounds import id_param
from ..models import AcademicYear, Enrollment, School, Student
from ..views_generic import (
    ImportTemplateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectImportView,
    ObjectListView,
    PortalPermissionMixin,
    integrity_message,
)
from .base import identity_of
from .locks import lock_message
from .registry import Register, registry


class RegisterMixin:
    """Resolve the register from the URL before anything else (permissions need the model)."""

    url_base = "monitoring:register"
    register: Register

    def setup(self, request, *args, **kwargs):
        # In ``setup``, not ``dispatch``: a list export rebuilt by a background job sets
        # the view up without dispatching a request.
        super().setup(request, *args, **kwargs)
        self.register = registry.get_or_404(kwargs["slug"])
        self.model = self.register.model
        self.title = self.register.full_title

    def url(self, action: str, *args: Any) -> str:
        return reverse(f"monitoring:register_{action}", args=[self.register.slug, *args])

    @classmethod
    def crumb(cls, request, kwargs: dict[str, Any]) -> str | None:
        """The breadcrumb of a register's page: its title, or the record it names."""
        try:
            entry = registry.get(kwargs["slug"])
        except KeyError:
            return None
        if "pk" not in kwargs:
            return entry.full_title
        record = entry.model.objects.for_user(request.user).filter(pk=kwargs["pk"]).first()
        return str(record) if record is not None else None

    @cached_property
    def many_schools(self) -> bool:
        user = self.request.user
        return user.sees_all_schools or len(user.school_ids) > 1

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        parent = registry.get(self.register.parent) if self.register.parent else None
        context.update(
            register=self.register,
            parent_register=parent,
            companions=registry.companions(self.register),
        )
        return context


class SchoolChoiceMixin:
    """Which school a new record belongs to: the coordinator's only school, or one the
    user picks (from those ``for_user`` allows) before the form is shown."""

    def chosen_school(self) -> School | None:
        fixed = self.only_school()
        if fixed is not None or not self.register.school_scoped:
            return fixed
        return self.requested_school()

    def requested_school(self) -> School | None:
        """The school the request names (``?school=`` on the way to the form, the form's
        ``school_id`` when posted), if it is one of the user's choices."""
        pk = id_param(self.request.GET.get("school") or self.request.POST.get("school_id"))
        return None if pk is None else self.school_choices().filter(pk=pk).first()

    def school_picker(self) -> HttpResponse:
        return render(self.request, "registers/choose_school.html", {
            "title": self.register.full_title, "register": self.register,
            "schools": self.school_choices(), "list_url": self.url("list"),
        })


class RegisterListView(RegisterMixin, ObjectListView):
    template_name = "registers/record_list.html"
    importable = True

    def get_filterset_class(self):
        return self.register.filterset

    @property
    def columns(self):
        return self.register.list_columns(many_schools=self.many_schools)

    @property
    def resource_class(self):
        return self.register.resource

    @property
    def export_filename(self) -> str:
        return f"{self.register.title}.xlsx"

    def get_queryset(self):
        queryset = super().get_queryset().select_related(*self.register.list_related())
        if self.register.annotate is not None:
            # An aggregate drops Meta.ordering (GROUP BY): keep the list's order explicit.
            queryset = self.register.annotate(queryset).order_by(*self.model._meta.ordering)
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["mass_url"] = (self.url_or_none("mass", "add")
                               if self.register.mass_fields else None)
        context["subtitle"] = self.register.description
        return context


class RegisterDetailView(RegisterMixin, ObjectDetailView):
    template_name = "registers/record_detail.html"

    @property
    def fields(self):
        return self.register.detail_fields()

    def get_queryset(self):
        related = [*self.register.list_related()]
        if self.register.school_scoped:
            related += ["academic_year", "period", "author"]
        return super().get_queryset().select_related(*related)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        locked = self.register.school_scoped and self.object.is_locked()
        if locked:
            context.update(edit_url=None, delete_url=None,
                           lock_notice=lock_message(self.object.school, self.object.period,
                                                     self.request.user))
        context["history"] = history_of(self.object)
        context["extra_template"] = self.register.detail_template
        if self.register.detail_context is not None:
            context.update(self.register.detail_context(self.object))
        return context


def history_of(record, limit: int = 30) -> list[dict[str, Any]]:
    """The record's changes, newest first, each naming who made it and what it changed."""
    entries = list(record.history.select_related("history_user").order_by("-history_date",
                                                                           "-history_id")[:limit + 1])
    labels = {f.name: f.verbose_name for f in record._meta.fields}
    rows = []
    for newer, older in zip(entries, [*entries[1:], None], strict=False):
        if len(rows) == limit:
            break
        changed = []
        if older is not None and newer.history_type == "~":
            changed = [str(labels.get(c.field, c.field)) for c in newer.diff_against(older).changes
                       if c.field not in {"updated_at"}]
        rows.append({
            "when": newer.history_date,
            "who": newer.history_user or "система",
            "what": {"+": "создана", "~": "изменена", "-": "удалена"}[newer.history_type],
            "changed": changed,
            "reason": newer.history_change_reason or "",
        })
    return rows


class LockedRecordMixin:
    """Refuse to open the change or delete page of a record in an accepted half-year."""

    def locked_response(self) -> HttpResponse | None:
        obj = self.object
        if self.register.school_scoped and obj.pk and obj.is_locked():
            messages.error(self.request, lock_message(obj.school, obj.period, self.request.user))
            return HttpResponseRedirect(obj.get_absolute_url())
        return None


@method_decorator(sensitive_post_parameters(), name="dispatch")
class RegisterEditView(RegisterMixin, SchoolChoiceMixin, LockedRecordMixin, ObjectEditView):
    """Create (after the school is known) or edit a record; the lock is checked both on
    opening the page and by the form on saving."""

    def get_form_class(self):
        return self.register.form

    def get(self, request, *args, **kwargs):
        return self._handle(request, super().get, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._handle(request, super().post, *args, **kwargs)

    def _handle(self, request, handler, *args, **kwargs):
        if "pk" in self.kwargs:
            self.object = self.get_object()
            refused = self.locked_response()
            if refused is not None:
                return refused
        elif self.register.school_scoped and self.chosen_school() is None:
            return self.school_picker()
        return handler(request, *args, **kwargs)

    def get_object(self, queryset=None):
        if "pk" in self.kwargs:
            return super().get_object(queryset)
        instance = self.model()
        if self.register.school_scoped:
            instance.school = self.chosen_school()
        return instance

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super(ObjectEditView, self).get_form_kwargs()
        school = self.object.school if self.register.school_scoped and self.object.school_id else None
        kwargs.update(school=school, user=self.request.user)
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        # Links such as «Добавить статус» pre-fill the form from the query string.
        form_fields = set(self.register.form_fields)
        return {k: v for k, v in self.request.GET.items() if k in form_fields}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if "pk" not in self.kwargs:
            context["title"] = f"Новая запись: {self.register.title}"
            if self.register.school_scoped and self.object.school_id:
                context["subtitle"] = f"ОО: {self.object.school}"
        return context


class RegisterDeleteView(RegisterMixin, LockedRecordMixin, ObjectDeleteView):
    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.locked_response() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.locked_response() or super().post(request, *args, **kwargs)


@method_decorator(sensitive_post_parameters(), name="dispatch")
class RegisterImportView(RegisterMixin, ObjectImportView):
    @property
    def resource_class(self):
        return self.register.resource

    @property
    def school_scoped(self) -> bool:
        return self.register.school_scoped

    @property
    def notes(self):
        return self.register.template_notes

    def make_resource(self, school):
        return self.resource_class(user=self.request.user, school=school,
                                   academic_year=self.academic_year())

    def render_page(self, **context: Any) -> HttpResponse:
        context.setdefault("register", self.register)
        return super().render_page(**context)


class RegisterTemplateView(RegisterMixin, ImportTemplateView):
    @property
    def resource_class(self):
        return self.register.resource

    @property
    def template_title(self) -> str:
        return f"Шаблон реестра: {self.register.full_title}"

    @property
    def template_filename(self) -> str:
        return f"Шаблон — {self.register.title}.xlsx"

    @property
    def notes(self):
        return self.register.template_notes


@method_decorator(sensitive_post_parameters(), name="dispatch")
class RegisterMassView(RegisterMixin, SchoolChoiceMixin, PortalPermissionMixin, TemplateView):
    """Mass entry: the register's fields once, and a tick for each student of a class.

    Step 1 (GET): the class; step 2 (GET with ``klass``): the form and the class's
    students, all ticked; POST: one record per ticked student, in one transaction, with
    history; students who already have the same record are skipped and named."""

    template_name = "registers/mass_entry.html"
    permission_action = "add"

    def school_choices(self):
        return School.objects.for_user(self.request.user).filter(is_active=True)

    def only_school(self) -> School | None:
        if self.request.user.sees_all_schools:
            return None
        schools = list(self.school_choices()[:2])
        return schools[0] if len(schools) == 1 else None

    def get(self, request, *args, **kwargs):
        if self.register.mass_form is None:
            messages.info(request, "В этом реестре записи вносятся по одной или загрузкой из Excel.")
            return HttpResponseRedirect(self.url("list"))
        self.school = self.chosen_school()
        if self.school is None:
            return self.school_picker()
        return self.render_page(self.make_form())

    def post(self, request, *args, **kwargs):
        if self.register.mass_form is None:
            return HttpResponseRedirect(self.url("list"))
        self.school = self.chosen_school()
        if self.school is None:
            return self.school_picker()
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render_page(form)
        try:
            created, skipped = self.save_records(form)
        except IntegrityError:
            # A second click (or a colleague) saved some of these students between this
            # request's check and its save. Once more: they are found and skipped.
            try:
                created, skipped = self.save_records(form)
            except IntegrityError as exc:
                form.add_error(None, integrity_message(self.model, exc))
                return self.render_page(form)
        if created:
            messages.success(request, f"Добавлено записей: {len(created)}.")
        if skipped:
            names = ", ".join(s.short_name for s in skipped[:10])
            more = f" и ещё {len(skipped) - 10}" if len(skipped) > 10 else ""
            messages.info(request, f"Уже были записаны и пропущены: {names}{more}.")
        return HttpResponseRedirect(self.url("list"))

    # -- the class and its students
    @cached_property
    def year(self) -> AcademicYear:
        return AcademicYear.objects.current()

    def classes(self) -> list[str]:
        pairs = (Enrollment.objects.filter(student__school=self.school, academic_year=self.year,
                                           student__status=Student.Status.STUDYING)
                 .values_list("grade", "class_letter").annotate(n=Count("pk"))
                 .order_by("grade", "class_letter"))
        return [f"{grade}{letter}" for grade, letter, _ in pairs]

    def chosen_class(self) -> str:
        klass = (self.request.POST.get("klass") or self.request.GET.get("klass") or "").strip()
        return klass if klass in self.classes() else ""

    def class_students(self, klass: str):
        if not klass:
            return Student.objects.none()
        # The class as the list of classes shows it, letter exactly as stored.
        digits, letter = re.fullmatch(r"(\d+)(.*)", klass).groups()
        grade = int(digits)
        return (Student.objects.filter(school=self.school, status=Student.Status.STUDYING,
                                       enrollments__academic_year=self.year,
                                       enrollments__grade=grade, enrollments__class_letter=letter)
                .order_by("last_name", "first_name", "middle_name"))

    def make_form(self, data=None):
        klass = self.chosen_class()
        students = self.class_students(klass)
        initial = {k: v for k, v in self.request.GET.items() if k in set(self.register.mass_fields)}
        if data is None:
            initial["students"] = list(students.values_list("pk", flat=True))
        form = self.register.mass_form(data, school=self.school, user=self.request.user,
                                       class_students=students, initial=initial,
                                       instance=self.model(school=self.school))
        form.klass = klass
        return form

    def render_page(self, form) -> HttpResponse:
        return render(self.request, self.template_name, {
            "title": f"Записать класс: {self.register.full_title}",
            "register": self.register, "form": form, "school": self.school,
            "classes": self.classes(), "klass": form.klass, "year": self.year,
            "list_url": self.url("list"), "many_schools": self.many_schools,
        })

    @transaction.atomic
    def save_records(self, form) -> tuple[list, list[Student]]:
        base = form.save(commit=False)
        values = {name: getattr(base, name) for name in self.register.mass_fields}
        students = list(form.cleaned_data["students"])
        enrollments = {e.student_id: e for e in Enrollment.objects.filter(
            student__in=students, academic_year_id=base.academic_year_id)}
        existing = {identity_of(r) for r in self.model.objects.filter(
            school=self.school, student__in=students)}
        created, skipped = [], []
        for student in students:
            record = self.model(school=self.school, student=student, author=self.request.user,
                                **values)
            record.assign_period(base.period)
            if hasattr(record, "event_id") and record.event_id:
                record.date = record.event.date
            if identity_of(record) in existing:
                skipped.append(student)
                continue
            record.take_snapshot(enrollments.get(student.pk))
            record.derive()
            created.append(record)
        if created:
            create_with_history(created, self.model, batch_size=500, user=self.request.user,
                                reason="запись класса одной формой")
            bump()  # bulk_create sends no post_save
        return created, skipped


class RegisterIndexView(LoginRequiredMixin, TemplateView):
    """All registers on one page, with the number of records the user sees this year."""

    template_name = "registers/index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        year = AcademicYear.objects.current()
        rows = []
        for entry in registry:
            if not user.has_perm(entry.permission("view")):
                continue
            objects = entry.model.objects.for_user(user)
            count = (objects.filter(academic_year=year).count() if entry.school_scoped
                     else objects.filter(year__in=[year.start_year, year.start_year + 1]).count())
            rows.append({"entry": entry, "count": count,
                         "url": reverse("monitoring:register_list", args=[entry.slug])})
        context.update(
            title="Реестры мониторинга", year=year,
            registers=[r for r in rows if r["entry"].is_register],
            companions={r["entry"].parent: [] for r in rows},
            municipal=[r for r in rows if r["entry"].kind == "municipal"],
        )
        for row in rows:
            if row["entry"].parent:
                context["companions"][row["entry"].parent].append(row)
        return context
