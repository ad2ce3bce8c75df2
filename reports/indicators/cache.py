"""Figures computed once and served from the cache until the data changes.

Every indicator's values for a (span, breakdown, scope) — and the parts several
indicators share, such as the enrolled students of an academic year — are kept in
Django's cache (Redis in production, ``CACHE_URL``; each process's memory otherwise)
under a key that names the data version (``monitoring.dataversion``: every write raises
it) and the day (a few figures depend on the date, such as the roadmap in force). A
figure is therefore never older than the data, and nothing is rebuilt in advance: the
first request after a write computes, the next ones read.

The service reads the version once per evaluation (:func:`computing`); outside one —
a test or a shell calling a compute function directly — nothing is cached."""

from __future__ import annotations

import contextlib
import hashlib
import re
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

from django.core.cache import cache
from django.utils import timezone

from monitoring import dataversion

T = TypeVar("T")

_SAFE = re.compile(r"[A-Za-z0-9_.:|/-]+")

#: how long an entry is kept at most; a write makes it unreachable at once anyway
TIMEOUT = 24 * 3600

_prefix: ContextVar[str | None] = ContextVar("indicator_cache_prefix", default=None)


@contextlib.contextmanager
def computing() -> Iterator[str]:
    """Read the data version (one query) and cache under it until the block ends; a
    nested block reuses the outer one's version."""
    outer = _prefix.get()
    if outer is not None:
        yield outer
        return
    prefix = f"ind:{dataversion.current()}:{timezone.localdate():%Y%m%d}"
    token = _prefix.set(prefix)
    try:
        yield prefix
    finally:
        _prefix.reset(token)


def key_of(parts: tuple[Any, ...]) -> str:
    """A cache key for a computation named by ``parts`` under the current version."""
    text = "|".join(map(str, parts))
    if len(text) > 180 or not _SAFE.fullmatch(text):  # spaces, Cyrillic: keys stay portable
        text = hashlib.sha1(text.encode()).hexdigest()
    return f"{_prefix.get()}:{text}"


def get_many(parts: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], Any]:
    if _prefix.get() is None or not parts:
        return {}
    keys = {key_of(p): p for p in parts}
    found = cache.get_many(list(keys))
    return {keys[k]: v for k, v in found.items()}


def set_many(values: dict[tuple[Any, ...], Any]) -> None:
    if _prefix.get() is None or not values:
        return
    cache.set_many({key_of(p): v for p, v in values.items()}, TIMEOUT)


def shared(parts: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()`` once per version for a part several indicators use."""
    if _prefix.get() is None:
        return compute()
    key = key_of(parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


#: how long a request computing figures keeps others waiting for them at most
FLIGHT_SECONDS = 120


@contextlib.contextmanager
def single_flight(parts: tuple[Any, ...]) -> Iterator[bool]:
    """Yield True to the request that computes ``parts`` first; another asking for the
    same meanwhile waits until that one is done (or ``FLIGHT_SECONDS``) and gets False —
    then reads what was computed, and computes only what is still missing. Shared by
    every process with Redis; within one process with the memory cache."""
    if _prefix.get() is None:
        yield True
        return
    lock = key_of(parts)
    if cache.add(lock, 1, FLIGHT_SECONDS):
        try:
            yield True
        finally:
            cache.delete(lock)
        return
    deadline = time.monotonic() + FLIGHT_SECONDS
    while cache.get(lock) is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    yield False
