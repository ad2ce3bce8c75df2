"""Production settings (DEBUG=0) for the load test, but with static files collected
without a manifest: the vendored Chart.js names a source map that is not vendored, which
the manifest storage refuses. What is measured — pages, queries, workers — is unchanged."""

from nogliki_portal.settings import *  # noqa: F403

STORAGES = {**STORAGES,  # noqa: F405
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}}
