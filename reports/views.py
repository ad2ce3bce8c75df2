"""Pages of the reports app: report jobs (order, progress, downloads), targeted
recommendations, and the public page for parents.

Every row is reached through ``for_user`` (a coordinator of school B gets a 404 on school
A's job and file); downloads go through a view that checks this, never a media URL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView, UpdateView

from monitoring.bounds import id_param
from monitoring.models import School
from monitoring.sorting import SortableListMixin
from monitoring.views_generic import PortalPermissionMixin
from roadmap.models import HotlineQuestion

from . import jobs, outbox
from . import recommendations as services
from .archive import registry_title
from .chain import answer_days, overdue_answers
from .chain_views import AnswerForm
from .forms import AcknowledgementForm, RecommendationForm, ReportRequestForm
from .models import Recommendation, RecommendationAck, ReportFile, ReportJob
from .public import labour_market
from .renderers.pdf import UNAVAILABLE, pdf_available


def file_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} МБ".replace(".", ",")
    return f"{max(1, round(size / 1024))} КБ"


def file_response(record: ReportFile) -> FileResponse:
    try:
        handle = record.file.open("rb")
    except FileNotFoundError:
        raise Http404("Файл отчёта не найден: возможно, он удалён по сроку хранения.") from None
    return FileResponse(handle, as_attachment=True, filename=record.filename)


# --------------------------------------------------------------------------- report jobs


class JobMixin(PortalPermissionMixin):
    model = ReportJob

    @staticmethod
    def recovered(job: ReportJob) -> ReportJob:
        """Without a broker there is no beat to sweep: the job's own page hands over a job
        the web process lost (a restart killed the thread building it)."""
        if settings.REPORT_RUNNER == "thread" and not job.is_finished and outbox.recover_job(job):
            job.refresh_from_db()
        return job

    def jobs(self):
        return (ReportJob.objects.for_user(self.request.user)
                .select_related("school", "requested_by", "document")
                .prefetch_related("files"))


class JobListView(JobMixin, SortableListMixin, ListView):
    """The jobs this user may see, newest first, and the form to order a document."""

    template_name = "reports/job_list.html"
    paginate_by = 20
    sort_columns = [("Документ", ("kind",)), ("Период", ("period_code",)),
                    ("Охват", ("school__short_name",)),
                    ("Заказал", ("requested_by__last_name", "requested_by__username")),
                    ("Создано", ("created_at",)), ("Состояние", ("status",)), ("Файлы", None)]

    def get_queryset(self):
        return self.sort(self.jobs())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["title"] = "Отчёты и справки"
        context["headers"] = self.headers()
        context["page_query"] = self.page_query()
        if user.has_perm("reports.add_reportjob"):
            context["form"] = kwargs.get("form") or ReportRequestForm(user=user)
        context["pdf_unavailable"] = None if pdf_available() else UNAVAILABLE
        return context

    def post(self, request, *args, **kwargs):
        """Order a document; it is built after the transaction commits."""
        if not request.user.has_perm("reports.add_reportjob"):
            raise PermissionDenied("Недостаточно прав для заказа документов.")
        form = ReportRequestForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                job = jobs.request_job(
                    form.cleaned_data["kind"], form.cleaned_data["period"],
                    form.cleaned_data["school"], request.user, form.job_params(),
                )
            except jobs.JobError as exc:
                form.add_error(None, str(exc))
            else:
                if job.message == outbox.BROKER_DOWN:
                    messages.warning(request, f"Задание «{job}» поставлено в очередь, "
                                              f"построитель недоступен: документ будет "
                                              f"сформирован, как только он заработает.")
                else:
                    messages.success(request, f"Задание «{job}» принято.")
                return HttpResponseRedirect(job.get_absolute_url())
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _moment(value) -> str:
    """A job's time as the page shows it (дд.мм.гггг чч:мм, local time); "" when unknown."""
    return date_format(timezone.localtime(value), "d.m.Y H:i") if value else ""


def job_state(job: ReportJob, user) -> dict[str, Any]:
    """What the job page shows and the status URL returns; the page fills «Начато»,
    «Завершено» and «Попыток» from it as the job goes, and shows only what is known."""
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": job.get_status_display(),
        "progress": job.progress,
        "message": job.message,
        "attempts": job.attempts,
        "started": _moment(job.started_at),
        "finished_at": _moment(job.finished_at),
        "finished": job.is_finished,
        "restartable": jobs.can_restart(job) and user.has_perm("reports.add_reportjob"),
        "files": [
            {"format": f.format, "label": f.get_format_display(), "filename": f.filename,
             "size": file_size(f.size), "url": f.get_absolute_url()}
            # Only a finished job's files: the job row and its files are two reads, and a
            # worker may commit between them; the page must not show links beside 95 %.
            for f in (job.files.all() if job.status == ReportJob.Status.DONE else [])
        ],
    }


class JobDetailView(JobMixin, DetailView):
    template_name = "reports/job_detail.html"
    context_object_name = "job"

    def get_queryset(self):
        return self.jobs()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        job, user = self.recovered(self.object), self.request.user
        context.update(
            title=str(job),
            state=job_state(job, user),
            can_approve=job.can_be_approved and user.has_perm("reports.change_reportjob"),
            can_register=(job.status == ReportJob.Status.DONE and job.document_id is None
                          and job.kind != ReportJob.Kind.LIST_EXPORT
                          and user.has_perm("reports.change_reportjob")
                          and user.has_perm("roadmap.add_document")),
            registry_title=registry_title(job),
            pdf_unavailable=None if pdf_available() else UNAVAILABLE,
        )
        return context


class JobStatusView(JobMixin, View):
    """JSON for the progress bar (static/portal/jobs.js polls it every second)."""

    def get(self, request, pk: int):
        job = self.recovered(get_object_or_404(self.jobs(), pk=pk))
        response = JsonResponse(job_state(job, request.user))
        response["Cache-Control"] = "no-store"
        return response


class JobRestartView(JobMixin, View):
    permission_action = "add"

    def post(self, request, pk: int):
        job = get_object_or_404(self.jobs(), pk=pk)
        if not jobs.can_restart(job):
            messages.error(request, "Перезапустить можно только задание с ошибкой "
                                    "или зависшее задание.")
            return HttpResponseRedirect(job.get_absolute_url())
        jobs.restart_job(job)
        messages.success(request, "Задание поставлено в очередь повторно.")
        return HttpResponseRedirect(job.get_absolute_url())


class JobApproveView(JobMixin, View):
    """ИМЦ publishes a municipal note for parents (or withdraws it)."""

    permission_action = "change"

    def post(self, request, pk: int):
        job = get_object_or_404(self.jobs(), pk=pk)
        approve = request.POST.get("approve") == "1"
        if approve and not job.can_be_approved:
            messages.error(request, "Опубликовать можно только готовую справку по муниципалитету.")
            return HttpResponseRedirect(job.get_absolute_url())
        ReportJob.objects.filter(pk=job.pk).update(
            approved=approve, approved_by=request.user if approve else None,
            approved_at=timezone.now() if approve else None,
        )
        messages.success(request, "Справка опубликована на странице для родителей." if approve
                         else "Справка снята с публикации.")
        return HttpResponseRedirect(job.get_absolute_url())


class FileDownloadView(PortalPermissionMixin, View):
    """A job's file, only for a user who may see the job (404 otherwise)."""

    model = ReportFile

    def get(self, request, pk: int):
        record = get_object_or_404(ReportFile.objects.for_user(request.user), pk=pk)
        return file_response(record)


# ---------------------------------------------------------------------- recommendations


class RecommendationMixin(PortalPermissionMixin):
    model = Recommendation

    def recommendations(self):
        return Recommendation.objects.for_user(self.request.user).select_related(
            "school", "author", "decision", "answered_by")

    def own_schools(self):
        return School.objects.filter(pk__in=self.request.user.school_ids, is_active=True)

    def marks_of(self, recommendation: Recommendation):
        """The schools' marks this user may see: all for municipal roles, own otherwise."""
        return RecommendationAck.objects.for_user(self.request.user).filter(
            recommendation=recommendation
        ).select_related("school", "acknowledged_by", "done_by")


class RecommendationListView(RecommendationMixin, SortableListMixin, ListView):
    template_name = "reports/recommendation_list.html"
    paginate_by = 30
    sort_columns = [("Рекомендация", ("text",)), ("Адресат", ("audience",)),
                    ("ОО", ("school__short_name",)), ("Период", ("period_code",)),
                    ("Состояние", ("status",)), ("Отметки ОО", None)]

    def get_queryset(self):
        queryset = self.recommendations().prefetch_related(Prefetch(
            "acks", queryset=RecommendationAck.objects.for_user(self.request.user)
            .select_related("school"),
        ))
        audience = self.request.GET.get("audience")
        if audience in Recommendation.Audience.values:
            queryset = queryset.filter(audience=audience)
        status = self.request.GET.get("status")
        if status in Recommendation.Status.values:
            queryset = queryset.filter(status=status)
        answer = self.request.GET.get("answer")
        if answer == "awaiting":
            queryset = queryset.awaiting_answer()
        elif answer == "overdue":
            queryset = queryset.filter(pk__in=overdue_answers().values("pk"))
        elif answer == "answered":
            queryset = queryset.filter(Q(decision__isnull=False) | Q(closed_at__isnull=False))
        school = id_param(self.request.GET.get("school"))
        if school is not None:
            queryset = queryset.filter(Q(school_id=school) | Q(school__isnull=True))
        return self.sort(queryset)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            title="Адресные рекомендации",
            audiences=Recommendation.Audience.choices,
            statuses=Recommendation.Status.choices if user.sees_all_schools else [],
            answers=[("awaiting", "ждут решения"), ("overdue", f"без ответа дольше {answer_days()} дней"),
                     ("answered", "отвечены или закрыты")] if user.sees_all_schools else [],
            schools=School.objects.for_user(user).filter(is_active=True).order_by("short_name"),
            can_add=user.has_perm("reports.add_recommendation"),
            query=self.request.GET,
            headers=self.headers(),
            page_query=self.page_query(),
        )
        return context


class RecommendationDetailView(RecommendationMixin, DetailView):
    template_name = "reports/recommendation_detail.html"
    context_object_name = "recommendation"

    def get_queryset(self):
        return self.recommendations()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user, recommendation = self.request.user, self.object
        schools = self.own_schools()
        if recommendation.school_id:
            schools = schools.filter(pk=recommendation.school_id)
        can_mark = (recommendation.status == Recommendation.Status.PUBLISHED
                    and user.has_perm("reports.change_recommendationack") and schools.exists())
        from .indicators.service import definitions

        overdue = (recommendation.expects_answer and not recommendation.is_answered
                   and recommendation.published_at is not None
                   and recommendation.published_at < timezone.now() - timedelta(days=answer_days()))
        can_answer = (user.has_perm("reports.change_recommendation")
                      and recommendation.status == Recommendation.Status.PUBLISHED
                      and recommendation.expects_answer)
        context.update(
            title="Рекомендация",
            indicator=next((d for d in definitions() if d.code == recommendation.indicator_code),
                           None),
            overdue=overdue,
            answer_days=answer_days(),
            answer_form=AnswerForm(user=user) if can_answer else None,
            marks=self.marks_of(recommendation),
            ack_form=AcknowledgementForm(schools=schools, initial={
                "school": schools.first(),
                "status": RecommendationAck.Status.ACKNOWLEDGED,
            }) if can_mark else None,
            can_edit=user.has_perm("reports.change_recommendation"),
        )
        return context


class RecommendationEditView(RecommendationMixin, UpdateView):
    """ИМЦ writes or edits a recommendation (the author is whoever saves it first)."""

    template_name = "reports/recommendation_form.html"
    form_class = RecommendationForm

    def get_permission_required(self) -> list[str]:
        self.permission_action = "change" if "pk" in self.kwargs else "add"
        return super().get_permission_required()

    def get_object(self, queryset=None):
        if "pk" not in self.kwargs:
            return Recommendation(source=Recommendation.Source.MANUAL)
        return get_object_or_404(self.recommendations(), pk=self.kwargs["pk"])

    def form_valid(self, form):
        if form.instance.author_id is None:
            form.instance.author = self.request.user
        messages.success(self.request, "Рекомендация сохранена.")
        return super().form_valid(form)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = "Изменение рекомендации" if self.object.pk else "Новая рекомендация"
        return context


class RecommendationPublishView(RecommendationMixin, View):
    permission_action = "change"

    def post(self, request, pk: int):
        recommendation = get_object_or_404(self.recommendations(), pk=pk)
        publish = request.POST.get("publish") == "1"
        services.publish(recommendation, publish)
        messages.success(request, "Рекомендация опубликована." if publish
                         else "Рекомендация возвращена в черновики.")
        return HttpResponseRedirect(recommendation.get_absolute_url())


class RecommendationAckView(RecommendationMixin, View):
    """A coordinator marks a published recommendation for own school."""

    model = RecommendationAck
    permission_action = "change"

    def post(self, request, pk: int):
        recommendation = get_object_or_404(
            Recommendation.objects.for_user(request.user).published(), pk=pk
        )
        schools = self.own_schools()
        if recommendation.school_id:
            schools = schools.filter(pk=recommendation.school_id)
        form = AcknowledgementForm(request.POST, schools=schools)
        if not form.is_valid():
            raise PermissionDenied("Отметку может поставить только координатор своей ОО.")
        services.acknowledge(recommendation, form.cleaned_data["school"], request.user,
                             form.cleaned_data["status"], form.cleaned_data["comment"])
        messages.success(request, "Отметка сохранена.")
        return HttpResponseRedirect(recommendation.get_absolute_url())


# ------------------------------------------------------------------------ public page


class ParentsPageView(TemplateView):
    """Open to everyone, no login: published general recommendations for parents and
    students, the municipal notes ИМЦ approved, the labour market when there is data.
    Nothing on it names a person."""

    template_name = "reports/parents.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        public = Recommendation.objects.public().order_by("audience", "-published_at")
        hotline = (HotlineQuestion.objects.filter(is_published=True).exclude(answer="")
                   .select_related("work").order_by("-work__date", "pk")[:30])
        context.update(
            hotline=hotline,
            title="Профориентация: родителям и обучающимся",
            for_parents=[r for r in public if r.audience == Recommendation.Audience.PARENTS],
            for_students=[r for r in public if r.audience == Recommendation.Audience.STUDENTS],
            notes=ReportJob.objects.public_notes().prefetch_related("files")
            .order_by("-period_code", "-approved_at"),
            labour_market=labour_market(),
        )
        return context


class PublicNoteDownloadView(View):
    """A file of an approved municipal note — the only files anyone may download."""

    def get(self, request, pk: int):
        record = get_object_or_404(
            ReportFile.objects.select_related("job"),
            pk=pk, job__in=ReportJob.objects.public_notes(),
        )
        return file_response(record)
