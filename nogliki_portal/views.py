"""The home page: each role lands on what it works with."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

from monitoring.models import AcademicYear, Period, School, Staff, Student, WorkerHeartbeat
from monitoring.registers import services as submissions


def _school_rows(schools):
    return schools.annotate(
        student_count=Count(
            "students", filter=Q(students__status=Student.Status.STUDYING), distinct=True
        ),
        ovz_count=Count(
            "students",
            filter=Q(students__status=Student.Status.STUDYING, students__has_ovz=True),
            distinct=True,
        ),
        staff_count=Count("staff", filter=Q(staff__is_working=True), distinct=True),
    ).order_by("short_name")


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
        # What each school owes for the half-year, and «Сдать данные» (monitoring/registers).
        context.update(submissions.home_context(user, context["schools"]))
        template = "home/coordinator.html"
    elif user.sees_all_schools:
        students = Student.objects.for_user(user).filter(status=Student.Status.STUDYING)
        context.update(submissions.home_context(user, list(schools)))
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


def health(request):
    """For the load balancer and the administrator: is the database up, is a worker alive."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:
        database = "error"
    beat = WorkerHeartbeat.objects.filter(eager=False).first() if database == "ok" else None
    worker = None
    if beat is not None:
        age = (timezone.now() - beat.seen_at).total_seconds()
        worker = {"last_seen": beat.seen_at.isoformat(), "seconds_ago": int(age)}
    status = 200 if database == "ok" else 503
    return JsonResponse({"database": database, "worker": worker}, status=status)
