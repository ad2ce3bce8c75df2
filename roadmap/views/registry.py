"""The documents registry, the protected download, and the checklist of required documents."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView

from monitoring.views_generic import (
    Col,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ObjectViewMixin,
)

from .. import services
from ..filetypes import FORMATS
from ..filters import DocumentFilterSet
from ..forms import DocumentForm, RequiredDocumentForm
from ..models import Document, RequiredDocument, Roadmap
from ..resources import DocumentResource
from .base import ChildObjectMixin, RoadmapTabsMixin, ServiceSaveMixin, parse_on


def _file_label(document: Document) -> str:
    if not document.file:
        return "нет файла"
    return FORMATS[document.file_format].label if document.file_format else "файл"


def _measure_numbers(document: Document) -> str:
    return ", ".join(m.number for m in document.measures.all())


class DocumentMixin:
    model = Document
    url_base = "roadmap:document"
    title = "Реестр документов"


class DocumentListView(RoadmapTabsMixin, DocumentMixin, ObjectListView):
    template_name = "roadmap/object_list.html"
    tab = "documents"
    filterset_class = DocumentFilterSet
    resource_class = DocumentResource
    export_filename = "Реестр документов.xlsx"
    columns = [
        Col("Наименование", "title", link=True),
        Col("Вид", "kind"),
        Col("Номер", "number"),
        Col("Дата", lambda d: d.date.strftime("%d.%m.%Y"), order="date"),
        Col("ОО", lambda d: d.school.short_name if d.school_id else "муниципальный",
            order="school__short_name"),
        Col("Статус", "status"),
        Col("Мероприятия", _measure_numbers),
        Col("Файл", _file_label),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("school").prefetch_related("measures")


class DocumentDetailView(RoadmapTabsMixin, DocumentMixin, ObjectDetailView):
    template_name = "roadmap/document_detail.html"
    tab = "documents"
    fields = [
        Col("Вид документа", "kind"),
        Col("Номер", "number"),
        Col("Дата", lambda d: d.date.strftime("%d.%m.%Y")),
        Col("Статус", "status"),
        Col("Утратил силу с", lambda d: d.repealed_on.strftime("%d.%m.%Y") if d.repealed_on else ""),
        Col("ОО", lambda d: d.school.short_name if d.school_id else "муниципальный документ"),
        Col("Файл", lambda d: f"{d.download_name} ({_file_label(d)}, "
                              f"{(d.file_size or 0) / 1024:.0f} КБ)" if d.file else "не приложен"),
        Col("Добавил", "uploaded_by"),
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        document = self.object
        context.update(
            measures=document.measures.select_related("roadmap"),
            executions=document.executions.select_related("measure")
            if self.request.user.has_perm("roadmap.view_execution") else [],
        )
        return context


class DocumentEditView(DocumentMixin, ServiceSaveMixin, ObjectEditView):
    form_class = DocumentForm

    def save_object(self, form):
        return services.save_document(
            form.save(commit=False), measures=form.cleaned_data["measures"],
            user=self.request.user, replaced_file=form.replaced_file,
        )


class DocumentDeleteView(DocumentMixin, ObjectDeleteView):
    def form_valid(self, form):
        stored = self.object.file.name if self.object.file else ""
        storage = self.object.file.storage if stored else None
        response = super().form_valid(form)
        if stored and not Document.objects.filter(pk=self.object.pk).exists():
            # The row is gone: remove the file too, it must not outlive its registry entry.
            storage.delete(stored)
        return response


class DocumentDownloadView(DocumentMixin, ObjectViewMixin, View):
    """The only way to a document's file: through ``for_user`` (a coordinator gets only
    approved municipal documents and those of his school; anything else is a 404)."""

    def get(self, request, *args: Any, **kwargs: Any) -> FileResponse:
        document = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        if not document.file:
            raise Http404("У документа нет файла.")
        file_format = FORMATS.get(document.file_format)
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404("Файл документа не найден в хранилище.") from exc
        response = FileResponse(
            handle, as_attachment=True, filename=document.download_name,
            content_type=file_format.content_type if file_format else "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class ChecklistView(RoadmapTabsMixin, ObjectViewMixin, DetailView):
    """The indicator «наличие необходимого и достаточного состава нормативных документов»:
    the checklist with what is present and what is missing on a date."""

    model = Roadmap
    url_base = "roadmap:roadmap"
    title = "Обязательные документы"
    template_name = "roadmap/checklist.html"
    tab = "checklist"

    def get_permission_required(self) -> list[str]:
        return ["roadmap.view_requireddocument"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.roadmap = self.object
        context = super().get_context_data(**kwargs)
        on = parse_on(self.request.GET.get("on"))
        user = self.request.user
        context.update(
            title=f"Обязательные документы: {self.object}",
            completeness=services.normative_documents_completeness(self.object, on),
            on=on,
            can_add=user.has_perm("roadmap.add_requireddocument"),
            can_change=user.has_perm("roadmap.change_requireddocument"),
            can_delete=user.has_perm("roadmap.delete_requireddocument"),
        )
        return context


class RequiredDocumentMixin(ChildObjectMixin):
    model = RequiredDocument
    url_base = "roadmap:requireddocument"
    title = "Обязательные документы"
    parent_model = Roadmap
    parent_kwarg = "roadmap_pk"
    parent_attr = "roadmap"

    def url(self, action: str, *args: Any) -> str:
        if action == "list":
            return reverse("roadmap:checklist", args=[self.parent.pk])
        return super().url(action, *args)


class RequiredDocumentEditView(RequiredDocumentMixin, ObjectEditView):
    form_class = RequiredDocumentForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["roadmap"] = self.parent
        return kwargs


class RequiredDocumentDeleteView(RequiredDocumentMixin, ObjectDeleteView):
    pass
