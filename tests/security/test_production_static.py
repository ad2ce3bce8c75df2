"""The static files build with the production storage (DEBUG=0), as the Dockerfile and
.ci/production-smoke build them, and the pages render against that manifest."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def test_collectstatic_with_debug_off_builds_every_vendored_asset(client, db, tmp_path,
                                                                   settings):
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "collectstatic-test-only-key",
           "ALLOWED_HOSTS": "127.0.0.1", "STATIC_ROOT": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "nogliki_portal.settings"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput"],
                            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in ["vendor/bootstrap/css/bootstrap.min.css",
                 "vendor/bootstrap/js/bootstrap.bundle.min.js",
                 "vendor/chartjs/chart.umd.min.js",
                 "vendor/bootstrap-icons/bootstrap-icons.min.css",
                 "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
                 "portal/portal.js", "portal/charts.js", "portal/jobs.js"]:
        assert name in manifest, name
        assert (tmp_path / manifest[name]).is_file()
        if name.endswith((".css", ".js")):  # compressed for whitenoise (fonts already are)
            assert (tmp_path / f"{manifest[name]}.gz").is_file()

    # The pages render against this manifest (what /health/ checks in production).
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    settings.STATIC_ROOT = tmp_path
    response = client.get("/health/")
    assert response.json()["pages"] == "ok", response.json()
    page = client.get("/login/").content.decode()
    assert f'/static/{manifest["vendor/bootstrap/css/bootstrap.min.css"]}' in page
