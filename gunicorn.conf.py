"""gunicorn's settings for the portal (``gunicorn -c gunicorn.conf.py``; gunicorn also reads
this file by itself when started from the checkout). Every value can be changed by an
environment variable without editing the file; command-line options override it too.

Sizing for the target server — 2 cores shared with PostgreSQL, Redis and a Celery worker:

* ``workers`` = cores + 1 = 3 processes: the two cores are kept busy while one process
  waits (garbage collection, a page fault, start-up). The classic ``2 × cores + 1`` = 5 is
  for sync workers that need a process per concurrent request; each of our processes
  imports Django, openpyxl, python-docx and matplotlib (≈ 150–200 MB), so two more of them
  would cost 400 MB for no more CPU.
* ``threads`` = 4 per process (gunicorn's gthread worker): 12 requests in flight. A page
  spends most of its time waiting on PostgreSQL or Redis, with the GIL released, so a
  thread serves a coordinator's 30 ms page while another waits for a dashboard's queries:
  with three sync workers ten dashboard users held every worker and the light pages queued
  behind them for 50 s (issue 12). Heavy work does not run here at all: dashboards are
  cached, documents and long exports are report jobs built by the worker.
* 12 threads hold at most 12 PostgreSQL connections (``DB_CONN_MAX_AGE`` keeps one per
  thread), well under PostgreSQL's default 100 beside the worker's.
* ``timeout`` 120 s: a process that stops answering gunicorn (stuck in C code) is
  replaced; ``graceful_timeout`` 30 s lets requests in flight finish on a restart;
  ``max_requests`` recycles a process now and then so that fragmentation of a long-lived
  process never grows without bound (the jitter keeps the three from restarting at once).
* ``keepalive`` 75 s, longer than the idle timeout of the proxy or client in front (nginx
  60 s): a server that closes an idle connection at the moment the client reuses it
  resets that request («Connection reset by peer»; the load test met five at 5 s). With
  gthread an idle connection waits in the poller, not in a thread.
"""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cores() -> int:
    # The cores this process may use (a container's CPU set), not the host's.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


wsgi_app = "nogliki_portal.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{_int('PORT', 8000)}")
workers = _int("GUNICORN_WORKERS", _cores() + 1)
# More than one thread makes gunicorn use its gthread worker; 1 gives the sync worker.
threads = _int("GUNICORN_THREADS", 4)
timeout = _int("GUNICORN_TIMEOUT", 120)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Behind the HTTPS proxy on the same host: a kept-alive connection is cheap to hold.
keepalive = _int("GUNICORN_KEEPALIVE", 75)
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Heartbeat files in memory: a container's overlay filesystem can stall them for seconds.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
