"""Long list exports as report jobs.

A list's «Excel» button builds the file in the request up to ``EXPORT_INLINE_MAX_ROWS``
rows (``monitoring.views_generic.ObjectListView.export``). A longer list would hold a web
worker for tens of seconds (49,000 register rows: 5.7 s; 398,000: 30 s), so the request
only records a job — the list's address and filter, and who asked — and sends the user to
the job's page; the runner (a Celery worker, or a thread of the web process) sets the
same list view up for the same user and writes the same workbook, reporting the rows
written as progress. The rows are scoped exactly as on the page: the view's queryset is
``for_user`` of the user who asked, and the job and its file are seen only by that user."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import Resolver404, resolve

from monitoring.models import School
from monitoring.text import count_phrase, format_number, parse_forms

from .jobs import JobError, Output, Progress, schedule_job
from .models import ReportJob

ROWS = parse_forms("строка, строки, строк")


def start_list_export(request, view, rows: int) -> HttpResponse:
    """Record the export as a job, schedule it and send the user to its page."""
    user = request.user
    # The request's own query (its filter, sorting, ``export``: a filter set binds to it
    # as on the page); the page number does not limit an export.
    query = request.GET.copy()
    query.pop("page", None)
    # The job is the requester's alone (ReportJobQuerySet.for_user); its school only files
    # it among a coordinator's jobs — a coordinator never sees municipal jobs.
    school = None if user.sees_all_schools else (
        School.objects.filter(pk__in=user.school_ids).order_by("short_name").first())
    with transaction.atomic():
        job = ReportJob.objects.create(
            kind=ReportJob.Kind.LIST_EXPORT, period_code="", school=school, requested_by=user,
            params={"path": request.path, "query": query.urlencode(), "title": view.title,
                    "rows": rows, "filename": view.export_download_name()},
        )
        schedule_job(job)
    messages.info(request, f"В списке {count_phrase(rows, ROWS)}: файл Excel формируется в фоне "
                           f"и появится на этой странице.")
    return HttpResponseRedirect(job.get_absolute_url())


def list_view_for(job: ReportJob):
    """The list view of the job's address, set up for the user who asked, with the filter
    they had: the same queryset, columns and resource as on their page."""
    path, query = job.params.get("path", ""), job.params.get("query", "")
    try:
        match = resolve(path)
    except Resolver404:
        raise JobError(f"список «{path}» больше не существует.") from None
    view_class = getattr(match.func, "view_class", None)
    if view_class is None or not hasattr(view_class, "export_workbook"):
        raise JobError(f"по адресу «{path}» нет списка с выгрузкой.")
    user = job.requested_by
    if user is None or not user.is_active:
        raise JobError("пользователь, заказавший выгрузку, больше не работает в портале.")
    request = HttpRequest()
    request.method, request.path, request.path_info = "GET", path, path
    request.GET = QueryDict(query)
    request.user = user
    view = view_class(**match.func.view_initkwargs)
    try:
        view.setup(request, *match.args, **match.kwargs)
    except Http404:
        raise JobError(f"список «{path}» больше не существует.") from None
    # The permission the page checked when the export was asked for, checked again: the
    # user's role may have changed while the job waited.
    if hasattr(view, "has_permission") and not view.has_permission():
        raise JobError("у пользователя, заказавшего выгрузку, больше нет доступа к этому списку.")
    if view.resource_class is None:
        raise JobError("этот список не выгружается в Excel.")
    return view


def build_list_export(job: ReportJob, progress: Progress) -> list[Output]:
    """The builder of the kind ``list_export``: the list's workbook, with progress."""
    progress(2, "Подготовка выгрузки")
    view = list_view_for(job)
    objects = view.export_queryset()
    total = objects.count()

    def written(rows: int) -> None:
        percent = 5 + int(90 * rows / max(total, 1))
        progress(min(percent, 95), f"Выгружено строк: {format_number(rows)} из "
                                   f"{format_number(total)}")

    content = view.export_workbook(objects, progress=written)
    progress(97, "Сохранение файла")
    return [("xlsx", job.params.get("filename") or view.export_download_name(), content)]
