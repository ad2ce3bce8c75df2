"""What ``python -m bench`` measures: each work of the portal beside its raw floor.

Every work is measured the way a user meets it — a page through the Django test client
as the role that opens it, a command as a process, a note through the services its job
calls — and each run of it is paired with a run of its floor on the same data, in
alternating order, so that a noisy neighbour slows both. A work returns a :class:`Row`
of medians; ``bench/__main__.py`` prints the table."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ._django import ROOT
from .floors import run_dashboard_floor


@dataclass
class Row:
    work: str
    portal: float | None = None
    floor: float | None = None
    queries: int | None = None
    note: str = ""
    floor_label: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.portal is None or not self.floor:
            return None
        return self.portal / self.floor


def paired(runs: int, portal: Callable[[], Any], floor: Callable[[], Any] | None
           ) -> tuple[float, float | None, list[Any]]:
    """Medians of ``runs`` timed runs of the portal and its floor, interleaved."""
    portal_times, floor_times, results = [], [], []
    for run in range(runs):
        order = [("portal", portal), ("floor", floor)]
        if run % 2:
            order.reverse()
        for name, work in order:
            if work is None:
                continue
            started = time.perf_counter()
            result = work()
            elapsed = time.perf_counter() - started
            if name == "portal":
                portal_times.append(elapsed)
                results.append(result)
            else:
                floor_times.append(elapsed)
    return (statistics.median(portal_times),
            statistics.median(floor_times) if floor_times else None, results)


class World:
    """The measured database's cast and spans, looked up once."""

    def __init__(self) -> None:
        from django.contrib.auth.models import Group
        from django.test import Client

        from monitoring.models import Student, User
        from monitoring.roles import Role
        from reports.indicators.views import DYNAMICS_SPANS, default_span

        def first(role: Role) -> User:
            group = Group.objects.get(name=str(role))
            return User.objects.filter(groups=group, is_active=True).order_by("pk").first()

        self.imc = first(Role.IMC)
        self.coordinator = first(Role.COORDINATOR)
        self.school = self.coordinator.schools.order_by("pk").first()
        self.span = default_span()
        spans = [self.span]
        for _ in range(DYNAMICS_SPANS - 1):
            spans.insert(0, spans[0].previous())
        self.dynamics = spans
        self.students = Student.objects.count()
        self.small = self.students < 1000

        def client(user: User) -> Client:
            result = Client(HTTP_HOST="127.0.0.1")
            result.force_login(user)
            return result

        self.imc_client = client(self.imc)
        self.coordinator_client = client(self.coordinator)

    def schools_measured(self) -> list[tuple[Any, Any, str]]:
        """(school, client, label): the coordinator's own school, and one of the median
        size (opened by ИМЦ) when the region has more schools than the demo."""
        from django.db.models import Count

        from monitoring.models import School

        own = (self.school, self.coordinator_client,
               f"{self.school.short_name}, {self.school.students.count()} об-ся")
        sizes = list(School.objects.filter(is_active=True).annotate(n=Count("students"))
                     .order_by("n", "pk").values_list("pk", "n"))
        if len(sizes) < 20:
            return [own]
        pk, n = sizes[len(sizes) // 2]
        median = School.objects.get(pk=pk)
        return [own, (median, self.imc_client, f"{median.short_name}, {n} об-ся (медиана)")]


def _get(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Django keeps the last 9,000 queries: a full log would count 0 (both ends at 9,000).
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


# ---------------------------------------------------------------- dashboards


def _after_a_write(client, url: str) -> int:
    """The page as the first user after a write sees it: the data version changed (what
    any saved record does), so no figure of the cache is read — computed afresh."""
    from monitoring.dataversion import bump

    bump()
    return _get(client, url)


def municipal_dashboard(world: World, runs: int) -> list[Row]:
    url = "/reports/dashboard/"
    portal, floor, queries = paired(
        runs, lambda: _after_a_write(world.imc_client, url),
        lambda: run_dashboard_floor(world.dynamics))
    # Warm: the same page again with the data unchanged (every user after the first).
    warm, _, warm_queries = paired(runs, lambda: _get(world.imc_client, url), None)
    return [
        Row("Панель муниципалитета (ИМЦ), после записи (расчёт заново)", portal, floor,
            max(queries),
            floor_label=f"один SQL: те же годовые счёты за {len(world.dynamics)} полугодий"),
        Row("Панель муниципалитета, повторный запрос (из кэша)", warm, None, max(warm_queries),
            note=f"{portal / max(warm, 1e-9):.0f}× быстрее расчёта" if warm else ""),
    ]


def school_dashboard(world: World, runs: int) -> list[Row]:
    """A coordinator's page after a write: the school's own figures (the municipal column
    comes by a second request, computed once for every school); then the same after the
    worker's pass (``warm_dashboards``), which is how the page is met most of the day.
    Measured for the coordinator's school (one of the largest) and a school of the
    median size."""
    from monitoring.dataversion import bump
    from reports.indicators.warm import warm_dashboards

    rows: list[Row] = []
    for school, client, label in world.schools_measured():
        url = f"/reports/dashboard/school/{school.pk}/"
        cold, floor, queries = paired(
            runs, lambda url=url, client=client: _after_a_write(client, url),
            lambda school=school: run_dashboard_floor(world.dynamics[-3:], school.pk))
        municipal_column = []
        for _ in range(runs):
            _after_a_write(client, url)
            municipal_column.append(paired(1, lambda url=url, client=client: _get(
                client, url + "?part=municipal"), None))
        column_time = statistics.median(t for t, _, _ in municipal_column)
        column_queries = max(q for _, _, results in municipal_column for q in results)
        warmed = []
        for _ in range(runs):
            bump()
            warm_dashboards()
            warmed.append(paired(1, lambda url=url, client=client: _get(client, url), None))
        warm_time = statistics.median(t for t, _, _ in warmed)
        warm_queries = max(q for _, _, results in warmed for q in results)
        rows += [
            Row(f"Панель ОО после записи — {label}", cold, floor, max(queries),
                floor_label="тот же SQL по одной ОО, 3 полугодия",
                note="свои показатели ОО; муниципальный столбец — вторым запросом"),
            Row(f"  муниципальный столбец панели ОО (?part=municipal) — {label}",
                column_time, None, column_queries,
                note="один расчёт на все ОО до следующей записи"),
            Row(f"Панель ОО после прохода воркера (warm_dashboards) — {label}", warm_time,
                None, warm_queries, note="всё из кэша"),
        ]
    return rows


# --------------------------------------------------------------- the command


def _manage(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, env=os.environ.copy())
    return time.perf_counter() - started


def indicators_command(world: World, runs: int) -> Row:
    year = world.span.end.year - (1 if world.span.end.month < 12 else 0)
    floor_code = (
        "import os, sys, django; sys.path.insert(0, '.');"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'nogliki_portal.settings');"
        "django.setup(); from django.db import connection; from bench.floors import run_dashboard_floor;"
        "from reports.indicators.scope import parse_span;"
        f"run_dashboard_floor([parse_span('{year}')])"
    )

    def floor() -> None:
        subprocess.run([sys.executable, "-c", floor_code], cwd=ROOT, check=True,
                       env=os.environ.copy())

    portal, floor_time, _ = paired(
        runs, lambda: _manage("indicators", "--year", str(year), "--format", "csv"), floor)
    return Row(f"Команда indicators --year {year}", portal, floor_time,
               floor_label="запуск Django + тот же SQL за год")


# ---------------------------------------------------------------- the note


def note(world: World, runs: int) -> list[Row]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from monitoring.models import Period
    from reports.notes.collect import collect_note_data
    from reports.notes.render import render_note_docx, render_note_xlsx

    from .note_floor import docx_floor, xlsx_floor

    period = Period.objects.get_by_code(world.span.code)
    collected: dict[str, Any] = {}

    def collect() -> int:
        from monitoring.dataversion import bump

        bump()  # the figures computed afresh, as for a note ordered after a write
        connection.queries_log.clear()  # a full log (9,000) would count 0
        with CaptureQueriesContext(connection) as queries:
            collected["data"] = collect_note_data(period, None)
        return len(queries)

    collect_time, _, queries = paired(runs, collect, None)
    data = collected["data"]
    docx_time, docx_floor_time, _ = paired(runs, lambda: render_note_docx(data),
                                           lambda: docx_floor(data))
    xlsx_time, xlsx_floor_time, _ = paired(runs, lambda: render_note_xlsx(data),
                                           lambda: xlsx_floor(data))
    tables = data.all_tables()
    cells = sum(len(t.columns) * (len(t.rows) + 1) for t in tables)
    charts = len(data.general_charts) + sum(1 for s in data.monitoring if s.chart is not None)
    shape = f"{len(tables)} таблиц, {cells} ячеек, {charts} диаграмм"
    return [
        Row(f"Справка за полугодие {period.code}, сбор данных", collect_time, None, max(queries)),
        Row("Справка: DOCX", docx_time, docx_floor_time,
            floor_label=f"python-docx той же формы ({shape})"),
        Row("Справка: XLSX", xlsx_time, xlsx_floor_time,
            floor_label="openpyxl write-only, те же таблицы"),
        Row("Справка DOCX + XLSX целиком", collect_time + docx_time + xlsx_time,
            (docx_floor_time or 0) + (xlsx_floor_time or 0), max(queries),
            floor_label="сумма пределов"),
    ]


# ------------------------------------------------------------- a list export


def list_export(world: World, runs: int, slug: str = "diagnostics") -> Row:
    from monitoring.registers.registry import registry

    from .export_floor import export_floor

    entry = registry.get(slug)
    year = world.span.start.year if world.span.start.month >= 9 else world.span.start.year - 1
    from monitoring.models import AcademicYear

    academic_year = AcademicYear.objects.get(start_year=year)
    rows = entry.model.objects.filter(academic_year=academic_year).count()
    url = f"/monitoring/registers/{slug}/?academic_year={academic_year.pk}&export=xlsx"
    # The workbook as the request builds it: above EXPORT_INLINE_MAX_ROWS the page hands
    # the same build (export_workbook) to a report job; measured here without the queue.
    from django.test import override_settings

    with override_settings(EXPORT_INLINE_MAX_ROWS=0):
        portal, floor, queries = paired(runs, lambda: _get(world.imc_client, url),
                                        lambda: export_floor(entry, academic_year.pk))
    return Row(f"Выгрузка списка «{entry.title}» за {academic_year}: "
               f"{rows:,} строк".replace(",", " "), portal, floor, max(queries),
               floor_label="SQL + openpyxl write-only")


def import_file(world: World, runs: int) -> Row:
    from . import import_register

    if world.small:
        import_register.ROWS = 500  # the CI smoke: the path, not the figure
    return import_register.measure(runs, place=import_register.rolled_back)


WORKS: dict[str, Callable[[World, int], Row | list[Row]]] = {
    "dashboard": municipal_dashboard,
    "school": school_dashboard,
    "indicators": indicators_command,
    "note": note,
    "export": list_export,
    "import": import_file,
}

