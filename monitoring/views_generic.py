"""Generic views shared by every list the portal keeps (NetBox's idea, in small).

A concrete view is a few declarative lines: the model, the filter set, the columns, the
form, the import resource. Rows are always reached through
``Model.objects.for_user(user)``, so another school's record is a 404 on every URL.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import DeleteView, DetailView, UpdateView
from django_filters.views import FilterView

from . import importing
from .models import AcademicYear, School
from .sorting import (
    clean_sort,
    sort_columns,
    sort_headers,
    with_ordering,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(filename: str) -> str:
    from urllib.parse import quote

    return quote(filename)


SAVED_TWICE = ("Эти данные уже сохранены — вероятно, форма была отправлена дважды (двойной "
               "щелчок или вторая вкладка). Второй раз они не записаны: откройте список и "
               "проверьте.")


def integrity_message(model: type, exc: IntegrityError) -> str:
    """The Russian message of the uniqueness rule a save broke (the database names it),
    or a plain one: a double submit must read as a note, never as a server error."""
    cause = getattr(exc, "__cause__", None)
    name = getattr(getattr(cause, "diag", None), "constraint_name", None) or ""
    # SQLite names the columns instead: «UNIQUE constraint failed: t.school_id, t.last_name».
    failed = set(re.findall(r"\.(\w+)", str(exc).split(":", 1)[-1]))
    for constraint in model._meta.constraints:
        columns = {model._meta.get_field(f).column for f in getattr(constraint, "fields", ())}
        if constraint.name and (constraint.name == name or constraint.name in str(exc)
                                or (columns and columns == failed)):
            message = str(getattr(constraint, "violation_error_message", "") or "")
            if message and "%(" not in message:
                return message
    return SAVED_TWICE


@dataclass(frozen=True)
class Col:
    """A list column: a header, how to get the cell from an object, and how to sort by it.

    ``order`` names the database fields (or annotations) the column sorts by; when it is
    not given and ``value`` is a path of model fields («school.short_name»), the column
    sorts by that path. A column computed in Python from several things has no order."""

    header: str
    value: str | Callable[[Any], Any]
    link: bool = False
    order: str | tuple[str, ...] | None = None

    def cell(self, obj: Any) -> Any:
        if callable(self.value):
            return self.value(obj)
        result: Any = obj
        for part in self.value.split("."):
            result = getattr(result, part, None)
            if result is None:
                return ""
        if hasattr(obj, f"get_{self.value}_display"):
            return getattr(obj, f"get_{self.value}_display")()
        if isinstance(result, bool):
            return "да" if result else "нет"
        return result

    def ordering(self, model: type) -> tuple[str, ...]:
        """The fields this column sorts by on ``model``; () when it cannot be sorted."""
        if self.order is not None:
            return (self.order,) if isinstance(self.order, str) else tuple(self.order)
        if callable(self.value) or not _is_field_path(model, self.value):
            return ()
        return (self.value.replace(".", "__"),)


def _is_field_path(model: type, path: str) -> bool:
    """Whether «a.b.c» is a chain of concrete model fields (not properties)."""
    for part in path.split("."):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if field.many_to_many or field.one_to_many:
            return False
        model = field.related_model
        if model is None and part != path.split(".")[-1]:
            return False
    return True


class ScopedQuerysetMixin:
    """The one place views get their rows: only what ``for_user`` lets this user see."""

    model: type

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user)


class PortalPermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Requires the model permission for ``permission_action`` (view/add/change/delete)."""

    permission_action = "view"
    raise_exception = True

    def get_permission_required(self) -> list[str]:
        meta = self.model._meta
        return [f"{meta.app_label}.{self.permission_action}_{meta.model_name}"]

    def handle_no_permission(self):
        if not self.request.user.is_authenticated:
            return redirect_to_login(self.request.get_full_path())
        raise PermissionDenied("Недостаточно прав для этого действия.")


class ObjectViewMixin(ScopedQuerysetMixin, PortalPermissionMixin):
    #: URL names, e.g. "monitoring:student"; views derive _list, _add, _edit … from it.
    url_base: str = ""
    title: str = ""

    def url(self, action: str, *args: Any) -> str:
        return reverse(f"{self.url_base}_{action}", args=args)

    def url_or_none(self, action: str, permission: str, *args: Any) -> str | None:
        """The URL of an action, or None when the user may not do it (or it has no page)."""
        meta = self.model._meta
        if not self.request.user.has_perm(f"{meta.app_label}.{permission}_{meta.model_name}"):
            return None
        try:
            return self.url(action, *args)
        except NoReverseMatch:
            return None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title or self.model._meta.verbose_name_plural.capitalize(),
            verbose_name=self.model._meta.verbose_name,
            list_url=self.url("list"),
        )
        return context


#: Builds an export longer than EXPORT_INLINE_MAX_ROWS outside the request: called with the
#: request, the list view and the number of rows; returns the response (a redirect to the
#: job's page). ``reports`` registers its report jobs here (monitoring imports no higher
#: app); without a handler every export is built in the request.
LargeExportHandler = Callable[[Any, "ObjectListView", int], HttpResponse]
_large_export_handler: LargeExportHandler | None = None


def register_large_export(handler: LargeExportHandler | None) -> LargeExportHandler | None:
    """Set (or with None, remove) the handler of long exports; returns the previous one."""
    global _large_export_handler
    previous, _large_export_handler = _large_export_handler, handler
    return previous


class ObjectListView(ObjectViewMixin, FilterView):
    """A filtered, paginated list with export to Excel of everything the filter selects."""

    template_name = "generic/object_list.html"
    columns: list[Col] = []
    paginate_by = 50
    resource_class: type | None = None
    export_filename = "список.xlsx"
    importable = False

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx" and self.resource_class is not None:
            return self.export(request)
        return super().get(request, *args, **kwargs)

    def sort_columns(self) -> dict[str, tuple[str, ...]]:
        return sort_columns(self.model, self.columns)

    def get_filterset(self, filterset_class):
        # Every list sorts by its columns, whatever filter set it declares (the registers'
        # are built from the registry): the «sort» OrderingFilter is added here, once.
        ordered = with_ordering(filterset_class, tuple(self.sort_columns().items()))
        return super().get_filterset(ordered)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["request"] = self.request
        if kwargs.get("data") is not None:
            kwargs["data"] = clean_sort(kwargs["data"], self.sort_columns())
        return kwargs

    def export(self, request) -> HttpResponse:
        """Everything the filter selects, as Excel: in the request up to
        ``EXPORT_INLINE_MAX_ROWS`` rows; a longer list is built in the background when a
        handler is registered (``reports`` registers its report jobs) and the user is
        sent to the job's page."""
        objects = self.export_queryset()
        limit = settings.EXPORT_INLINE_MAX_ROWS
        if _large_export_handler is not None and limit:
            rows = objects.count()
            if rows > limit:
                return _large_export_handler(request, self, rows)
        return xlsx_response(self.export_workbook(objects), self.export_download_name())

    def export_queryset(self):
        """The rows the list's filter selects (none for an invalid filter), scoped to the
        user like the list itself."""
        filterset = self.get_filterset(self.get_filterset_class())
        return filterset.qs if filterset.is_valid() else self.get_queryset().none()

    def export_workbook(self, objects, progress: Callable[[int], None] | None = None) -> bytes:
        resource = self.resource_class(user=self.request.user)
        rows = importing.export_queryset(resource, objects)
        return importing.export_xlsx(resource, rows.iterator(chunk_size=2000), self.title,
                                     progress=progress)

    def export_download_name(self) -> str:
        stamp = timezone.localdate().strftime("%d.%m.%Y")
        return self.export_filename.replace(".xlsx", f" {stamp}.xlsx")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        objects = context["object_list"]
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            total=context["paginator"].count if context.get("paginator") else len(objects),
            headers=sort_headers(self.request, [
                (c.header, (c.ordering(self.model) or (None,))[0]) for c in self.columns]),
            rows=[(obj, [c.cell(obj) for c in self.columns]) for obj in objects],
            link_columns=[c.link for c in self.columns],
            add_url=self.url_or_none("add", "add"),
            import_url=self.url_or_none("import", "add") if self.importable else None,
            template_url=self.url("template") if self.importable else None,
            exportable=self.resource_class is not None,
            export_query=(query.urlencode() + "&" if query else "") + "export=xlsx",
            page_query=query.urlencode(),
        )
        return context


class ObjectDetailView(ObjectViewMixin, DetailView):
    template_name = "generic/object_detail.html"
    fields: list[Col] = []

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=str(self.object),
            properties=[(c.header, c.cell(self.object)) for c in self.fields],
            edit_url=self.url_or_none("edit", "change", self.object.pk),
            delete_url=self.url_or_none("delete", "delete", self.object.pk),
        )
        return context


class SchoolAssignmentMixin:
    """The school of what is saved is decided by the server.

    A coordinator of one school never sees a school field; a coordinator of several
    schools (or an ИМЦ specialist) picks from the schools ``for_user`` allows, and the
    form refuses any other id."""

    def school_choices(self):
        return School.objects.for_user(self.request.user).filter(is_active=True)

    def only_school(self) -> School | None:
        if self.request.user.sees_all_schools:
            return None
        schools = list(self.school_choices()[:2])
        return schools[0] if len(schools) == 1 else None


class ObjectEditView(SchoolAssignmentMixin, ObjectViewMixin, UpdateView):
    """Create (no pk in the URL) or edit an object."""

    template_name = "generic/object_form.html"
    form_class: type[forms.ModelForm]

    def get_permission_required(self) -> list[str]:
        self.permission_action = "change" if "pk" in self.kwargs else "add"
        return super().get_permission_required()

    def get_object(self, queryset=None):
        if "pk" not in self.kwargs:
            return self.model()
        return super().get_object(queryset)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["schools"] = self.school_choices()
        kwargs["fixed_school"] = self.only_school()
        return kwargs

    def form_valid(self, form):
        try:
            # The form checked for a duplicate; the database decides when two requests
            # race (a double click on «Сохранить»): the second gets a message, not a 500.
            with transaction.atomic():
                response = super().form_valid(form)
        except IntegrityError as exc:
            form.add_error(None, integrity_message(self.model, exc))
            return self.form_invalid(form)
        verb = "сохранены" if "pk" in self.kwargs else "добавлены"
        messages.success(self.request, f"Данные «{self.object}» {verb}.")
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if "pk" in self.kwargs:
            context["title"] = f"Изменение: {self.object}"
            context["cancel_url"] = self.object.get_absolute_url()
        else:
            context["title"] = f"Добавить: {self.model._meta.verbose_name}"
            context["cancel_url"] = self.url("list")
        return context


class ObjectDeleteView(ObjectViewMixin, DeleteView):
    template_name = "generic/object_confirm_delete.html"
    permission_action = "delete"

    def get_success_url(self) -> str:
        return self.url("list")

    def form_valid(self, form):
        name = str(self.object)
        try:
            response = super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                f"«{name}» нельзя удалить: на эту запись ссылаются другие данные портала.",
            )
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(self.request, f"«{name}» удалено.")
        return response


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Файл: .xlsx, .xls, .ods или .csv",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv"}),
        error_messages={"required": "Выберите файл для загрузки."},
    )
    school = forms.ModelChoiceField(
        label="ОО", queryset=School.objects.none(), required=True,
        error_messages={"invalid_choice": "Выберите ОО из списка."},
    )

    def __init__(self, *args: Any, schools=None, fixed_school=None, needs_school: bool = True,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fixed_school = fixed_school
        self.needs_school = needs_school
        if fixed_school is not None or not needs_school:
            del self.fields["school"]
        else:
            self.fields["school"].queryset = schools

    def chosen_school(self) -> School | None:
        if not self.needs_school:
            return None  # municipal lists (labour market) belong to no school
        return self.fixed_school or self.cleaned_data["school"]


class ObjectImportView(SchoolAssignmentMixin, ObjectViewMixin, View):
    """Upload → preview (every row new / changed / unchanged / error) → confirm → saved.

    The checked table is kept on the server between the two steps, so the file is read
    once, and the confirmation re-checks everything inside one transaction."""

    template_name = "generic/object_import.html"
    permission_action = "add"
    resource_class: type[importing.PortalResource]
    notes: tuple[str, ...] = ()
    #: False for lists that belong to no school: no school is chosen or checked
    school_scoped = True

    def academic_year(self) -> AcademicYear:
        return AcademicYear.objects.current()

    def make_resource(self, school: School) -> importing.PortalResource:
        return self.resource_class(
            user=self.request.user, school=school, academic_year=self.academic_year()
        )

    def form(self, data=None, files=None) -> ImportUploadForm:
        if not self.school_scoped:
            return ImportUploadForm(data, files, needs_school=False)
        return ImportUploadForm(
            data, files, schools=self.school_choices(), fixed_school=self.only_school()
        )

    def render_page(self, **context: Any) -> HttpResponse:
        context.setdefault("form", self.form())
        context.update(
            title=f"Загрузка из Excel: {self.model._meta.verbose_name_plural}",
            list_url=self.url("list"),
            template_url=self.url("template"),
            academic_year=self.academic_year(),
            limit_mb=settings.UPLOAD_MAX_MB,
            notes=self.notes,
        )
        return render(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        return self.render_page()

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self.confirm(request)
        form = self.form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(form=form)
        school = form.chosen_school()
        resource = self.make_resource(school)
        try:
            table = importing.read_table(form.cleaned_data["file"], resource)
        except importing.ImportFileError as exc:
            form.add_error("file", str(exc))
            return self.render_page(form=form)
        report = importing.run_import(resource, table, commit=False)
        token = None if report.has_errors else importing.stash_table(request.user, table)
        return self.render_page(form=form, report=report, token=token, school=school)

    def confirm(self, request):
        token = request.POST.get("token", "")
        table = importing.unstash_table(request.user, token)
        if self.school_scoped:
            school = self.school_choices().filter(pk=request.POST.get("school")).first()
        else:
            school = None
        if table is None or (self.school_scoped and school is None):
            messages.error(request, "Проверка файла устарела. Загрузите файл ещё раз.")
            return HttpResponseRedirect(self.url("import"))
        report = importing.run_import(self.make_resource(school), table, commit=True)
        if not report.committed:
            return self.render_page(report=report, token=None, school=school)
        importing.drop_table(request.user, token)
        messages.success(request, f"Файл «{table.filename}» загружен. {report.summary()}")
        return HttpResponseRedirect(self.url("list"))


class ImportTemplateView(ObjectViewMixin, View):
    resource_class: type[importing.PortalResource]
    template_title = ""
    template_filename = "шаблон.xlsx"
    notes: tuple[str, ...] = ()

    def get(self, request, *args, **kwargs):
        resource = self.resource_class(user=request.user)
        content = importing.template_xlsx(resource, self.template_title or self.title, self.notes)
        return xlsx_response(content, self.template_filename)
