"""An optional read replica for the heavy reading pages (the next step past one machine).

With ``DATABASE_REPLICA_URL`` set, settings add a ``replica`` database alias
(``DATABASE_REPLICA_ALIAS``). Reads go there only inside :func:`replica_reads`: around
GET requests of the views named in ``REPLICA_READ_VIEWS`` (dashboards, register
summaries, the labour market — :class:`ReplicaReadsMiddleware`) and around the builder of
a report job (``reports.jobs.run_job``). Everything else — every write, every form, the
session, the signed-in user and the login throttle — stays on the primary, so a page that
saves and then shows what it saved never reads a replica that is behind.

The flag is a context variable: each thread of a gthread worker (gunicorn.conf.py) and
each job thread has its own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)

#: apps whose rows are read from the primary always: the session and the signed-in user a
#: request starts with, the login throttle, content types and permissions
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "axes", "contenttypes", "admin"})


def replica_alias() -> str | None:
    """The replica's alias, or None when no replica is configured."""
    return getattr(settings, "DATABASE_REPLICA_ALIAS", None) or None


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside go to the replica (when there is one); writes still to the primary."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def reading_replica() -> bool:
    return _replica_reads.get()


class ReplicaRouter:
    """Reads of the marked work to the replica, everything else to the primary."""

    def db_for_read(self, model, **hints) -> str | None:
        alias = replica_alias()
        if alias is None or not _replica_reads.get():
            return None
        meta = model._meta
        if meta.app_label in PRIMARY_ONLY_APPS or meta.label == settings.AUTH_USER_MODEL:
            return None
        return alias

    def db_for_write(self, model, **hints) -> str | None:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # The replica is a copy of the primary: rows of both may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool | None:
        # The replica receives the schema from the primary by replication.
        return db != replica_alias() if replica_alias() not in (None, "default") else None


def replica_view(request) -> bool:
    """Whether the request is a read of a page whose queries may go to the replica."""
    match = getattr(request, "resolver_match", None)
    return (request.method in ("GET", "HEAD") and match is not None
            and match.view_name in settings.REPLICA_READ_VIEWS)


class ReplicaReadsMiddleware:
    """Runs the views of ``REPLICA_READ_VIEWS`` (GET) with their reads on the replica.

    The flag is set once the URL is resolved (``process_view``) and cleared when the
    response has been made — a template response is rendered inside, so its lazy querysets
    read the replica too. Last in MIDDLEWARE: the session, the user and every other
    middleware's reads happen before it, on the primary."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            token = request.__dict__.pop("_replica_reads_token", None)
            if token is not None:
                _replica_reads.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if replica_alias() is not None and replica_view(request):
            request._replica_reads_token = _replica_reads.set(True)
        return None
