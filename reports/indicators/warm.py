"""Figures computed ahead of the users: after the data changed, the worker computes what
the dashboards open with — the municipal dashboard's default period (every school and
the municipality, with history), its dynamics chart and each register's summary — so that the first ИМЦ specialist
and every coordinator after a change read them from the cache instead of computing them.

Nothing waits for it: a page asked before it is done computes what it needs as always
(a school's page its own school only). Beat runs :func:`warm_dashboards` every
``DASHBOARD_WARM_SECONDS``; it does nothing while the data version is unchanged, so a
day of steady writes costs one computation per interval at most."""

from __future__ import annotations

import logging
import time

from django.core.cache import cache as django_cache

from . import cache
from .cache import computing
from .registry import MUNICIPALITY
from .scope import ALL

log = logging.getLogger(__name__)

def warm_dashboards() -> float | None:
    """Compute the default dashboards' figures for the current data version, once per
    version (and day): the seconds it took, or None when they were computed already."""
    from .periods import latest_span_with_data
    from .register_views import warm_register_summaries
    from .service import evaluate
    from .views import DEFAULT_CHART, dynamics, register_records

    with computing():
        marker = cache.key_of(("warmed",))
        if not django_cache.add(marker, 1, cache.TIMEOUT):
            return None
        started = time.monotonic()
        try:
            span = latest_span_with_data(register_records())
            evaluate(span, ALL)
            dynamics(span, ALL, [DEFAULT_CHART], MUNICIPALITY)
            warm_register_summaries()
        except BaseException:
            django_cache.delete(marker)  # the next run tries again
            raise
    seconds = time.monotonic() - started
    log.info("Показатели панелей рассчитаны заранее за %.1f с (%s)", seconds, span.code)
    return seconds
