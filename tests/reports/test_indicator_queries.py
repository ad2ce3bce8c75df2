"""What the indicators cost the database: the same number of queries at two sizes of a
generated region, the span indexes in the plans of the heaviest query, and JIT off."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring.models import School, User

#: queries of a dashboard computed afresh, and read again from the cache — the same on
#: PostgreSQL (ROLLUP) and SQLite (UNION ALL); a school's page asks its own five spans and
#: the municipal value of one (before: 326 on PostgreSQL, 404 on SQLite, and no cache);
#: 291/317 for the thirty indicators of 2021–2023, +56/+62 for the twelve of профминимум
#: (its hours read once per span for all eight hours indicators, levels once per year)
BUDGETS = {"municipal": 350, "school": 385, "warm": 15}


def region(**options) -> None:
    """seed_region into the test database (roles restored first: a transactional test run
    before may have flushed the groups the data migrations made)."""
    from django.apps import apps

    from monitoring.roles import sync_role_permissions

    sync_role_permissions(apps)
    call_command("seed_region", stdout=io.StringIO(), **options)


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_dashboards_run_the_same_queries_at_two_generated_sizes(db, settings):
    """The region generator at two sizes: the municipal and a school's dashboard, computed
    afresh (empty cache) and read again, cost the same number of queries — the figures
    are grouped queries, never a loop over schools or rows."""
    settings.DEBUG = True  # seed_region refuses a production database
    measured = []
    for schools, students, force in [(2, 120, False), (5, 600, True)]:
        region(schools=schools, students=students, years=2, force=force)
        assert School.objects.filter(is_active=True).count() == schools
        imc, coordinator = Client(), Client()
        imc.force_login(User.objects.get(username="imc1"))
        coordinator.force_login(user := User.objects.get(username="koord-r001"))
        own = reverse("reports:school_dashboard", args=[user.schools.get().pk])
        cache.clear()
        municipal = queries_of(imc, reverse("reports:municipal_dashboard"))
        warm = queries_of(imc, reverse("reports:municipal_dashboard"))
        cache.clear()
        school = queries_of(coordinator, own)
        measured.append({"municipal": municipal, "school": school, "warm": warm})
    assert measured[0] == measured[1], measured
    for page, count in measured[1].items():
        assert count <= BUDGETS[page], (page, measured[1])


#: the registers unique reach reads, by table: dated (a span index on date) or yearly (one
#: record a student a year, read by academic year and date)
REACH_TABLES = {
    "monitoring_employerinteraction": "r01_span_date",
    "monitoring_additionaleducation": "r02_span_year",
    "monitoring_diagnostic": "r04_span_date",
    "monitoring_competitionparticipation": "r06_span_date",
    "monitoring_technoclassparticipation": "r07_span_year",
    "monitoring_growthpointparticipation": "r08_span_year",
    "monitoring_projectoriaparticipation": "r09_span_date",
    "monitoring_ticketparticipation": "r10_span_date",
}


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="EXPLAIN и JIT — свойства PostgreSQL; SQLite их не имеет")
def test_the_heaviest_query_is_one_union_over_span_indexes_without_jit(db, settings):
    """Unique reach is the heaviest query: one statement reading each of the eight
    registers once (a union of student ids — no EXISTS per student), each register's span
    filter matches an index that carries what is counted, and the portal's connections run
    without JIT (settings: DATABASE_JIT)."""
    from reports.indicators.catalogue import unique_reach
    from reports.indicators.scope import ALL, parse_span

    settings.DEBUG = True
    region(schools=2, students=120, years=2)
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
    with CaptureQueriesContext(connection) as queries:
        unique_reach(parse_span(_last_academic_year()), ALL)
    reach = [q["sql"] for q in queries.captured_queries
             if "monitoring_employerinteraction" in q["sql"]]
    assert len(reach) == 1
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + reach[0])
        plan = cursor.fetchone()[0]
    scans = _relations(plan[0]["Plan"])
    assert {table: scans.count(table) for table in REACH_TABLES} == dict.fromkeys(REACH_TABLES, 1)
    assert "SubPlan" not in str(plan)

    with connection.cursor() as cursor:
        for table, index in REACH_TABLES.items():
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname = %s",
                           [table, index])
            definition = cursor.fetchone()[0]
            leading = "(date)" if index.endswith("_date") else "(academic_year_id, date)"
            assert f"{leading} INCLUDE (school_id, student_id, grade, has_ovz)" in definition
    # Which index the planner takes depends on the size: a generated test region is small
    # enough for any plan to be cheap, so the choice at region size is shown in the README
    # (EXPLAIN ANALYZE on 200 schools: a bitmap scan of each r0N_span_date).


def _relations(node: dict) -> list[str]:
    found = [node["Relation Name"]] if "Relation Name" in node else []
    for child in node.get("Plans", []):
        found += _relations(child)
    return found


def _last_academic_year() -> str:
    from monitoring.models import AcademicYear

    start = AcademicYear.objects.order_by("-start_year").values_list("start_year", flat=True)[1]
    return f"{start}/{start + 1}"


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="EXPLAIN — свойство PostgreSQL; SQLite его не имеет")
def test_the_same_day_probe_of_profminimum_reads_its_index_alone(db, settings):
    """An hour of another register (a diagnostic, a trial) is dropped where register 11
    holds the student's day in that direction: the level reached probes register 11 once
    per such record — tens of thousands in a region's year, 0.34 s of the municipal
    dashboard's 0.57 s query through the student index and a filter. The probe is
    answered from ``r11_same_day`` without reading the table."""
    from reports.indicators.profminimum import _reaching
    from reports.indicators.scope import ALL, parse_span

    settings.DEBUG = True
    region(schools=2, students=120, years=2)
    span = parse_span(_last_academic_year())
    sql, params = _reaching(span, ALL)
    with connection.cursor() as cursor:
        # A small test region makes any plan cheap: ask for the plan that reads no table
        # it can avoid, as the planner chooses at region size (EXPLAIN ANALYZE in the README).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0][0]["Plan"]
    # Which probes the planner sends to it depends on the tables' sizes (a test region's
    # are tiny); what it must do is answer a probe without reading the table.
    scans = _nodes(plan, "r11_same_day")
    assert scans and {node["Node Type"] for node in scans} == {"Index Only Scan"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'r11_same_day'")
        assert cursor.fetchone()[0].endswith("(student_id, date, direction)")


def _nodes(node: dict, index: str) -> list[dict]:
    found = [node] if node.get("Index Name") == index else []
    for child in node.get("Plans", []):
        found += _nodes(child, index)
    return found
