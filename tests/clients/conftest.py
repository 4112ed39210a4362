"""Fixtures of the client-compatibility suite.

The suite runs real Python clients (redis-py, django-redis, channels_redis) against one server
process started for the whole session. Nothing is built here: the server is the already-built
KvServer host (env KVSERVER_DLL, default src/KvServer/bin/Release/net10.0/KvServer.dll), or a
real redis-server when KVSERVER_TARGET=redis, so the same tests can be proven on Redis first.

Tests never flush the server (FLUSHALL would race other tests and is not what the clients do):
every test works under its own unique key prefix instead.
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import redis

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DLL = REPO_ROOT / "src/KvServer/bin/Release/net10.0/KvServer.dll"
STARTUP_TIMEOUT_S = 30.0
SHUTDOWN_TIMEOUT_S = 10.0


class ServerProcess:
    """One server process on 127.0.0.1, owned (started and stopped by PID) by the session."""

    def __init__(self, target, argv, port, workdir):
        self.target = target
        self.host = "127.0.0.1"
        self.port = port
        self.url = f"redis://{self.host}:{port}"
        self.workdir = workdir
        self.log_path = os.path.join(workdir, "server.log")
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            argv, cwd=workdir, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT
        )

    @property
    def pid(self):
        return self.proc.pid

    def log_tail(self, limit=4000):
        self._log.flush()
        with open(self.log_path, "rb") as f:
            data = f.read()
        return data[-limit:].decode("utf-8", "replace")

    def wait_ready(self):
        """Waits, bounded, until the server answers PING with +PONG."""
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        last_error = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.target} exited with code {self.proc.returncode} before answering PING:\n"
                    + self.log_tail()
                )
            try:
                with socket.create_connection((self.host, self.port), timeout=1.0) as s:
                    s.settimeout(2.0)
                    s.sendall(b"PING\r\n")
                    if s.recv(64).startswith(b"+PONG"):
                        return
            except OSError as e:
                last_error = e
            time.sleep(0.1)
        raise RuntimeError(
            f"{self.target} did not answer PING within {STARTUP_TIMEOUT_S}s ({last_error}):\n"
            + self.log_tail()
        )

    def stop(self):
        """Stops the process by its PID: SIGTERM, then SIGKILL if it does not exit in time."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(SHUTDOWN_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(SHUTDOWN_TIMEOUT_S)
        self._log.close()


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_argv(target, port):
    common = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    if target == "redis":
        return [os.environ.get("REDIS_SERVER", "redis-server")] + common
    if target != "kvserver":
        raise pytest.UsageError(f"KVSERVER_TARGET must be 'kvserver' or 'redis', not {target!r}")
    dll = Path(os.environ.get("KVSERVER_DLL", DEFAULT_DLL))
    if not dll.is_absolute():
        dll = REPO_ROOT / dll
    if not dll.is_file():
        raise pytest.UsageError(
            f"{dll} not found: build it first (dotnet build -c Release src/KvServer) or set KVSERVER_DLL"
        )
    return ["dotnet", str(dll)] + common


@pytest.fixture(scope="session")
def server():
    target = os.environ.get("KVSERVER_TARGET", "kvserver")
    port = int(os.environ.get("KVSERVER_PORT", "0")) or _free_port()
    argv = _server_argv(target, port)
    workdir = tempfile.mkdtemp(prefix="kvserver-clients-")
    try:
        proc = ServerProcess(target, argv, port, workdir)
    except OSError:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    try:
        proc.wait_ready()
        yield proc
    finally:
        proc.stop()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(autouse=True)
def _server_still_running(request, server):
    """Fails the test that was running when the server died, with the end of its log."""
    yield
    if server.proc.poll() is not None:
        pytest.fail(
            f"{server.target} exited with code {server.proc.returncode} during this test:\n"
            + server.log_tail()
        )


@pytest.fixture
def prefix():
    """A key prefix no other test (or earlier run) uses."""
    return f"clients:{uuid.uuid4().hex[:12]}:"


def make_client(server, **kwargs):
    kwargs.setdefault("socket_timeout", 10)
    kwargs.setdefault("socket_connect_timeout", 5)
    return redis.Redis(host=server.host, port=server.port, **kwargs)


@pytest.fixture
def r(server):
    """A plain RESP2 redis-py client returning bytes."""
    client = make_client(server)
    yield client
    client.close()
    client.connection_pool.disconnect()


@pytest.fixture
def r2(server):
    """A second, independent client (another connection) for concurrent modifications."""
    client = make_client(server)
    yield client
    client.close()
    client.connection_pool.disconnect()


@pytest.fixture(scope="session")
def django_configured(server):
    """Configures Django once, in-process: django-redis as the default cache and cache sessions."""
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            DEBUG=False,
            SECRET_KEY="client-compatibility-tests",
            USE_TZ=True,
            INSTALLED_APPS=["django.contrib.sessions"],
            DATABASES={},
            CACHES={
                "default": {
                    "BACKEND": "django_redis.cache.RedisCache",
                    "LOCATION": f"{server.url}/0",
                    "KEY_PREFIX": f"clients_{uuid.uuid4().hex[:12]}_sessions",
                    "OPTIONS": {
                        "CLIENT_CLASS": "django_redis.client.DefaultClient",
                        "SOCKET_CONNECT_TIMEOUT": 5,
                        "SOCKET_TIMEOUT": 10,
                    },
                }
            },
            SESSION_ENGINE="django.contrib.sessions.backends.cache",
            SESSION_CACHE_ALIAS="default",
        )
        django.setup()
    return settings
