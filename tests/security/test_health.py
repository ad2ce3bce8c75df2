"""/health/ tells the load balancer and the administrator what is wrong."""

from __future__ import annotations

from monitoring.models import WorkerHeartbeat


def test_health_reports_database_broker_worker_and_pages(client, db, settings):
    WorkerHeartbeat.objects.create(hostname="w1", pid=42)
    response = client.get("/health/")
    data = response.json()
    assert response.status_code == 200 and data["status"] == "ok"
    assert data["database"] == "ok" and data["pages"] == "ok"
    assert data["worker"]["ok"] is True and data["worker"]["seconds_ago"] >= 0
    assert data["broker"] == ("ok" if settings.CELERY_BROKER_URL else "нет")
    assert "no-store" in response["Cache-Control"]


def test_health_fails_when_a_page_cannot_render(client, db, settings):
    # The production storage without a built manifest: every {% static %} would fail.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
    settings.STATIC_ROOT = settings.BASE_DIR / "no-such-staticfiles"
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["pages"] == "error" and response.json()["status"] == "error"
