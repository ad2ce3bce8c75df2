"""The optional read replica: DATABASE_REPLICA_URL adds a «replica» alias; reads of the
dashboards (GET) and of report jobs go there, writes and every other page to the primary.

The routing is tested with the test database standing in for both (the replica alias set
to «default», as two aliases of one database would be): what is checked is which reads
the router sends to the replica, and that the pages still answer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from monitoring.models import School, Student
from nogliki_portal import db_router
from nogliki_portal.db_router import ReplicaRouter, replica_reads
from reports import jobs
from reports.models import ReportJob

from ..test_settings_env import run


@pytest.fixture
def replica(settings, monkeypatch):
    """The replica alias configured (pointing at the test database), and a record of every
    read the router sent to it: (model label, alias)."""
    settings.DATABASE_REPLICA_ALIAS = "default"
    routed: list[str] = []
    original = ReplicaRouter.db_for_read

    def spy(self, model, **hints):
        alias = original(self, model, **hints)
        if alias is not None:
            routed.append(model._meta.label)
        return alias

    monkeypatch.setattr(ReplicaRouter, "db_for_read", spy)
    return routed


def test_without_a_replica_everything_reads_the_primary(settings):
    settings.DATABASE_REPLICA_ALIAS = None
    with replica_reads():
        assert ReplicaRouter().db_for_read(School) is None


def test_reads_go_to_the_replica_only_inside_replica_reads(settings):
    settings.DATABASE_REPLICA_ALIAS = "replica"
    router = ReplicaRouter()
    assert router.db_for_read(Student) is None
    with replica_reads():
        assert router.db_for_read(Student) == "replica"
        assert router.db_for_write(Student) == "default"
        # The session, the signed-in user and the login throttle: always the primary.
        from django.contrib.sessions.models import Session

        from monitoring.models import User
        assert router.db_for_read(Session) is None and router.db_for_read(User) is None
    assert router.db_for_read(Student) is None
    assert router.allow_migrate("replica", "monitoring") is False
    assert router.allow_migrate("default", "monitoring") is True


def test_the_dashboard_reads_the_replica_and_a_form_does_not(replica, client_imc, school_a):
    response = client_imc.get(reverse("reports:register_dashboard", args=["diagnostics"]))
    assert response.status_code == 200
    assert "monitoring.School" in replica
    assert not db_router.reading_replica()  # cleared after the response
    replica.clear()
    assert client_imc.get("/monitoring/schools/").status_code == 200
    assert client_imc.get(reverse("reports:job_list")).status_code == 200
    assert replica == []


def test_a_report_job_builder_reads_the_replica(replica, imc, school_a):
    seen: list[bool] = []

    def builder(job, progress):
        seen.append(db_router.reading_replica())
        list(School.objects.all())
        return [("xlsx", "список.xlsx", b"x")]

    previous = jobs.register_builder(ReportJob.Kind.LIST_EXPORT, builder)
    try:
        job = ReportJob.objects.create(kind=ReportJob.Kind.LIST_EXPORT, period_code="",
                                       requested_by=imc, params={})
        job = jobs.run_job(job.pk)
    finally:
        jobs.register_builder(ReportJob.Kind.LIST_EXPORT, previous)
    assert job.status == ReportJob.Status.DONE and seen == [True]
    assert "monitoring.School" in replica and "reports.ReportJob" not in replica


PROBE = ("import django; django.setup(); from django.conf import settings as s; "
         "r = s.DATABASES.get('replica', {}); "
         "print(s.DATABASE_REPLICA_ALIAS, r.get('HOST'), r.get('NAME'), "
         "(r.get('TEST') or {}).get('MIRROR'))")


def test_database_replica_url_adds_the_alias():
    out = run(PROBE, DEBUG="1", DATABASE_URL="postgres://u:p@db.example:5432/portal",
              DATABASE_REPLICA_URL="postgres://u:p@replica.example:5432/portal")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["replica", "replica.example", "portal", "default"]
    out = run(PROBE, DEBUG="1")
    assert out.stdout.split() == ["None", "None", "None", "None"]
