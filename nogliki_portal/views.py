"""The home page: each role lands on what it works with."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache

from monitoring.bounds import PortalBadRequest
from monitoring.models import AcademicYear, Period, School, Staff, Student, WorkerHeartbeat
from reports import inbox

logger = logging.getLogger(__name__)


def _school_rows(schools):
    return schools.with_counts().order_by("short_name")


@login_required
def home(request):
    user = request.user
    context = {
        "period": Period.objects.current(),
        "academic_year": AcademicYear.objects.current(),
        "role_label": user.role_label,
    }
    schools = School.objects.for_user(user).filter(is_active=True)
    if user.is_coordinator and not user.sees_all_schools:
        context["schools"] = list(_school_rows(schools))
        # The school's inbox: data owed per half-year (and «Сдать данные»), recommendations
        # to answer, dates ahead (reports/inbox.py).
        context.update(inbox.coordinator_inbox(user, context["schools"]))
        template = "home/coordinator.html"
    elif user.sees_all_schools:
        students = Student.objects.for_user(user).filter(status=Student.Status.STUDYING)
        # The municipality's inbox: submissions to accept, recommendations unanswered,
        # roadmap dates overdue.
        context.update(inbox.municipal_inbox(user, list(schools)))
        context.update(
            schools=_school_rows(schools),
            totals=students.aggregate(
                students=Count("pk"), ovz=Count("pk", filter=Q(has_ovz=True)),
                disabled=Count("pk", filter=Q(is_disabled=True)),
            ),
            staff_by_category=list(
                Staff.objects.for_user(user).filter(is_working=True)
                .values("category").annotate(n=Count("pk")).order_by("category")
            ),
            category_labels=dict(Staff.Category.choices),
        )
        if user.has_perm("reports.view_recommendation"):
            from reports.chain import answer_days, overdue_answers

            # The chain's flag: recommendations nobody has answered by a decision in time.
            context["overdue_answers"] = overdue_answers().count()
            context["answer_days"] = answer_days()
        template = "home/municipal.html"
    else:
        template = "home/no_role.html"
    return render(request, template, context)


def favicon(request):
    """/favicon.ico, which some browsers ask for whatever the page says: the static icon.
    The address is looked up per request: with hashed static names it exists only after
    collectstatic."""
    return HttpResponsePermanentRedirect(static("portal/favicon.ico"))


def bad_request(request, exception=None):
    """The Russian 400 page; a reason written for the user (PortalBadRequest) is shown."""
    reason = str(exception) if isinstance(exception, PortalBadRequest) else ""
    return render(request, "400.html", {"reason": reason}, status=400)


def _check_broker() -> str:
    """«ok», «error» or «нет» (no broker configured: jobs run in the web process)."""
    if not settings.CELERY_BROKER_URL:
        return "нет"
    from .celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        logger.warning("Проверка состояния: брокер недоступен (%s)", exc)
        return "error"
    return "ok"


def _check_pages(request) -> str:
    """Render the login page as a visitor gets it: a missing static file in the manifest,
    a broken template or setting fails here, not on every user's first click."""
    try:
        render_to_string("registration/login.html", {"form": AuthenticationForm(request)},
                         request=request)
    except Exception:
        logger.exception("Проверка состояния: страница не отображается")
        return "error"
    return "ok"


@never_cache
def health(request):
    """For the load balancer and the administrator: the database, the broker, the last
    worker heartbeat, and whether a page renders. 503 when the database, the broker or
    page rendering fails; the worker's age is reported (``worker.ok``) for monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:
        logger.warning("Проверка состояния: база данных недоступна", exc_info=True)
        database = "error"
    broker = _check_broker()
    beat = WorkerHeartbeat.objects.filter(eager=False).first() if database == "ok" else None
    worker = None
    if beat is not None:
        age = (timezone.now() - beat.seen_at).total_seconds()
        worker = {"last_seen": beat.seen_at.isoformat(), "seconds_ago": int(age),
                  "ok": age <= 3 * settings.WORKER_HEARTBEAT_SECONDS}
    pages = _check_pages(request)
    healthy = database == "ok" and broker != "error" and pages == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "error", "database": database, "broker": broker,
         "worker": worker, "pages": pages, "runner": settings.REPORT_RUNNER},
        status=200 if healthy else 503,
    )
