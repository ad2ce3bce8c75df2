"""Real processes for the job tests: a Celery worker (optionally with beat), gunicorn, a
Redis server on a port of its own — started against this test's database and media
directory, and always stopped, with their children, at the end."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path

from django.conf import settings

from ..test_worker import database_url


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout: float = 90, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    return None


def children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc: no extra package needed)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may contain spaces: the parent pid follows the closing ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def descendants(pid: int) -> list[int]:
    result = []
    for child in children(pid):
        result += [child, *descendants(child)]
    return result


def kill_tree(process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    """Kill a process and everything it started, as the OOM killer or `docker kill` would."""
    victims = [process.pid, *descendants(process.pid)]
    for pid in victims:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=30)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            kill_tree(process)
    # Whatever it left behind (a LibreOffice of a killed pool child) goes too.
    for pid in descendants(process.pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def app_env(media_root, queue: str, broker: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of a portal process sharing this test's database and files."""
    env = {**os.environ, "DATABASE_URL": database_url(), "DEBUG": "1",
           "SECRET_KEY": settings.SECRET_KEY, "MEDIA_ROOT": str(media_root),
           "CELERY_QUEUE": queue, "DJANGO_SETTINGS_MODULE": "nogliki_portal.settings",
           "CELERY_BROKER_URL": broker or settings.CELERY_BROKER_URL, **extra}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


@contextlib.contextmanager
def celery_worker(env: dict[str, str], name: str, *, beat_schedule: Path | None = None,
                  wait: bool = True) -> Iterator[subprocess.Popen]:
    """`celery worker` (prefork, one child) on the queue of ``env``; with ``beat_schedule``
    beat runs inside it (the sweep that re-publishes and rebuilds jobs)."""
    command = [sys.executable, "-m", "celery", "-A", "nogliki_portal", "worker",
               "--pool=prefork", "--concurrency=1", "-Q", env["CELERY_QUEUE"],
               "--loglevel=WARNING", "--without-gossip", "--without-mingle",
               "-n", f"{name}@%h"]
    if beat_schedule is not None:
        command += ["-B", "-s", str(beat_schedule)]
    process = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)
    try:
        if wait:
            from nogliki_portal.celery import app

            destination = [f"{name}@{os.uname().nodename}"]
            answered = wait_for(lambda: process.poll() is not None
                                or app.control.ping(destination=destination, timeout=1), 60, 0)
            assert answered and process.poll() is None, "celery worker did not start"
        yield process
    finally:
        stop(process)


def delete_queue(queue: str) -> None:
    """Leave nothing of a test's own queue on the shared Redis."""
    from nogliki_portal.celery import app

    with app.connection_for_write() as connection:
        channel = connection.default_channel
        channel.queue_delete(queue)
        channel.exchange_delete(queue)
        client = getattr(channel, "client", None)  # Redis: kombu's binding bookkeeping
        if client is not None:
            client.delete(f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")


@contextlib.contextmanager
def redis_server(port: int) -> Iterator[subprocess.Popen]:
    """A throwaway Redis on ``port``: the broker that «comes back»."""
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"], stdout=subprocess.DEVNULL,
    )
    try:
        def answers():
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                return True
            return False

        assert wait_for(answers, 30, 0.1), "redis-server did not start"
        yield process
    finally:
        stop(process)


@contextlib.contextmanager
def gunicorn(env: dict[str, str], port: int) -> Iterator[str]:
    """The portal under gunicorn on ``port``; yields its base URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "nogliki_portal.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "1", "--threads", "4", "--timeout", "120"],
        env=env, cwd=settings.BASE_DIR,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        def answers():
            assert process.poll() is None, "gunicorn exited on start"
            with contextlib.suppress(OSError):
                return urllib.request.urlopen(f"{base}/login/", timeout=2).status == 200
            return False

        assert wait_for(answers, 60, 0.2), "gunicorn did not answer"
        yield base
    finally:
        stop(process)


class Browser:
    """Just enough of a browser for another process's portal: cookies, CSRF, redirects."""

    def __init__(self, base: str, session_key: str) -> None:
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.session_key = session_key

    def _request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        headers = {"Cookie": f"sessionid={self.session_key}"}
        body = None
        if data is not None:
            token = next((c.value for c in self.jar if c.name == "csrftoken"), "")
            headers.update({"X-CSRFToken": token, "Referer": f"{self.base}/",
                            "Cookie": f"sessionid={self.session_key}; csrftoken={token}"})
            body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(f"{self.base}{path}", data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.url, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.url, error.read().decode()

    def get(self, path: str) -> tuple[int, str, str]:
        return self._request(path)

    def post(self, path: str, data: dict) -> tuple[int, str, str]:
        return self._request(path, data)
