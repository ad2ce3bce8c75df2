"""The data version: one number that every write to the portal's data raises.

Computed figures (the indicators) are cached under it (``reports.indicators.cache``), so
a cached figure is never older than the data and nothing waits for a rebuild: the first
request after a write computes afresh, the next ones read the cache.

The number is a row in the database (:class:`monitoring.models.DataVersion`), set to a
new random value by an ``UPDATE`` in the writer's own transaction — a rolled-back write
leaves it as it was (and its number never comes back), and every process (gunicorn
workers, Celery) reads the same number whatever the cache backend. What changes it:

* ``post_save``, ``post_delete`` and ``m2m_changed`` of every model of the three apps
  (``monitoring``, ``roadmap``, ``reports``) except the ones below that hold no data the
  figures are computed from (accounts, jobs, heartbeats, change history) — so a new
  register or list is covered the day it is added;
* :func:`bump` called explicitly by the paths that write around the signals: imports
  (``monitoring.history.create_with_history``), the generators (``seed_region`` by ``COPY``,
  ``seed_demo``), a new roadmap's copied lists and every ``QuerySet.update`` of data."""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from functools import cache
from typing import TypeVar

from django.apps import apps as global_apps
from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")

#: the apps whose models hold the data indicators are computed from
DATA_APPS = ("monitoring", "roadmap", "reports")

#: models of those apps whose writes change no figure (and are written often)
IGNORED = frozenset({
    "monitoring.user", "monitoring.workerheartbeat", "monitoring.dataversion",
    "roadmap.reminderlog", "reports.reportjob", "reports.reportfile",
    "reports.recommendationack",
})


def current() -> int:
    """The version now (one query; 0 before anything was written)."""
    from .models import DataVersion

    value = DataVersion.objects.filter(pk=1).values_list("value", flat=True).first()
    return value or 0


def remembered(name: str, parts: tuple, compute: Callable[[], T], timeout: int = 3600) -> T:
    """``compute()`` kept in the cache under the data version: read again until any write
    changes the data (one query for the version). For what pages show of the data and
    recompute on every request — a home page's counts, the roadmap's dates ahead; the
    indicators have their own per-evaluation cache (``reports.indicators.cache``)."""
    from django.core.cache import cache as django_cache

    digest = hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()
    key = f"{name}:{current()}:{digest}"
    found = django_cache.get(key)
    if found is None:
        found = compute()
        django_cache.set(key, found, timeout)
    return found


_deferred: ContextVar[bool] = ContextVar("data_version_deferred", default=False)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Writes inside change the version not one by one: the caller calls :func:`bump` once
    when the whole of them is saved (an import of thousands of rows)."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def bump() -> None:
    """Change the version: every cached figure computed before is no longer read."""
    from .models import DataVersion

    if _deferred.get():
        return

    # A new random number, not the next one: a write rolled back after figures were
    # cached under its version must never come back as the version of other data.
    value = secrets.randbits(62)
    if not DataVersion.objects.filter(pk=1).update(value=value):
        DataVersion.objects.update_or_create(pk=1, defaults={"value": value})


@cache
def is_data(model) -> bool:
    """Whether writes to ``model`` change data the figures are computed from."""
    meta = model._meta
    if meta.apps is not global_apps:
        return False  # a migration's historical model: the version table may not exist yet
    return (meta.app_label in DATA_APPS and meta.label_lower not in IGNORED
            and not meta.object_name.startswith("Historical"))


def _on_write(sender, **kwargs) -> None:
    if is_data(sender):
        bump()


def _on_m2m(sender, action: str, instance, **kwargs) -> None:
    if action.startswith("post_") and is_data(type(instance)):
        bump()


def connect() -> None:
    """Called from ``MonitoringConfig.ready``."""
    post_save.connect(_on_write, dispatch_uid="data-version-save")
    post_delete.connect(_on_write, dispatch_uid="data-version-delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="data-version-m2m")

