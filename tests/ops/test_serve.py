"""Serving for real: make run / make serve stop everything they started, safe settings, static files, CSP,
request logs, the favicon."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest
from django.conf import settings

from imr_archive import embedded_db

ROOT = Path(__file__).resolve().parents[2]
EMBEDDED = not os.environ.get("DATABASE_URL")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, proc: subprocess.Popen, timeout: float = 240) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"exited with {proc.returncode}"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer in {timeout} s")


def descendants(pid: int) -> list[psutil.Process]:
    return psutil.Process(pid).children(recursive=True)


def stop_group(proc: subprocess.Popen, sig: int) -> str:
    """Send sig to the process group, as a terminal does (Ctrl-C, closing it) or `kill -TERM -PGID`."""
    os.killpg(proc.pid, sig)
    out, _ = proc.communicate(timeout=90)
    return out


def assert_all_gone(procs: list[psutil.Process], data_dir: Path | None) -> None:
    gone, alive = psutil.wait_procs(procs, timeout=10)
    assert not [p for p in alive if p.status() != psutil.STATUS_ZOMBIE], alive
    if data_dir is not None:
        assert not embedded_db._server_processes(data_dir)


@pytest.fixture
def var_dir():
    """A private IMR_VAR_DIR (not under pytest's tmp_path: see test_embedded_db.private_dir)."""
    path = Path(tempfile.mkdtemp(prefix="imr-serve-test-"))
    yield path
    if EMBEDDED:
        embedded_db.stop(path / "pgdata")
    shutil.rmtree(path, ignore_errors=True)


def make_run(var_dir: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "IMR_VAR_DIR": str(var_dir), "PORT": str(port), "SAMPLE": "no", "WEB_CONCURRENCY": "2"}
    return subprocess.Popen(["make", "-s", "run"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)


@pytest.mark.slow
@pytest.mark.skipif(not EMBEDDED, reason="the embedded server is not in use")
def test_make_run_stops_everything_on_ctrl_c_sigterm_and_hangup(var_dir):
    port, data_dir = free_port(), var_dir / "pgdata"
    url = f"http://127.0.0.1:{port}/"
    for sig, expect in ((signal.SIGINT, "Started"), (signal.SIGTERM, "Started"), (signal.SIGHUP, "Reusing")):
        if expect == "Reusing":  # a server left running (make stop would stop it): make run says so
            subprocess.run([sys.executable, "manage.py", "embedded_db", "start"], cwd=ROOT, check=True,
                           env={**os.environ, "IMR_VAR_DIR": str(var_dir)}, capture_output=True)
        proc = make_run(var_dir, port)
        assert wait_for_http(url, proc) == 200
        started = descendants(proc.pid)
        assert any("gunicorn" in " ".join(p.cmdline()) for p in started)
        assert any("db_worker" in " ".join(p.cmdline()) for p in started)
        out = stop_group(proc, sig)
        assert proc.returncode in (0, 2, -sig, 128 + sig), out  # make reports the interrupted recipe
        assert f"{expect} the embedded PostgreSQL" in out, out
        assert "Stopped the embedded PostgreSQL" in out, out
        assert "Traceback" not in out, out
        assert_all_gone(started, data_dir)


@pytest.mark.slow
@pytest.mark.django_db
def test_serve_honours_database_url_host_port_and_web_concurrency(var_dir):
    """make serve against DATABASE_URL: two gunicorn workers, hashed static files, no sample, no embedded
    server of its own; SIGTERM stops it cleanly."""
    db = settings.DATABASES["default"]
    if EMBEDDED:
        database_url = f"postgresql://{db['USER']}@/{db['NAME']}?host={db['HOST']}"
    else:
        database_url = os.environ["DATABASE_URL"]
    port = free_port()
    env = {**os.environ, "IMR_VAR_DIR": str(var_dir), "DATABASE_URL": database_url, "HOST": "127.0.0.1",
           "PORT": str(port), "WEB_CONCURRENCY": "2"}
    proc = subprocess.Popen(["make", "-s", "serve"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        assert wait_for_http(f"http://127.0.0.1:{port}/", proc) == 200
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            html = response.read().decode()
            assert response.headers["X-Request-ID"]
        css = re.search(r'href="(/static/css/archive\.[0-9a-f]{12}\.css)"', html).group(1)
        request = urllib.request.Request(f"http://127.0.0.1:{port}{css}", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert "immutable" in response.headers["Cache-Control"]
        gunicorn = [p for p in descendants(proc.pid) if "gunicorn" in " ".join(p.cmdline())]
        assert len(gunicorn) == 3  # the arbiter and WEB_CONCURRENCY workers
        assert not (var_dir / "pgdata").exists()  # DATABASE_URL: no embedded server
        started = descendants(proc.pid)
    finally:
        out = stop_group(proc, signal.SIGTERM) if proc.poll() is None else proc.communicate()[0]
    assert "Traceback" not in out, out
    assert "Loading the real letters" not in out
    assert_all_gone(started, None)


@pytest.mark.slow
@pytest.mark.django_db
def test_make_dev_is_the_debug_server_and_stops_cleanly(var_dir):
    db = settings.DATABASES["default"]
    database_url = (f"postgresql://{db['USER']}@/{db['NAME']}?host={db['HOST']}" if EMBEDDED
                    else os.environ["DATABASE_URL"])
    port = free_port()
    env = {**os.environ, "IMR_VAR_DIR": str(var_dir), "DATABASE_URL": database_url, "PORT": str(port)}
    env.pop("DEBUG", None)
    proc = subprocess.Popen(["make", "-s", "dev"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        assert wait_for_http(f"http://127.0.0.1:{port}/", proc) == 200
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/no-such-page/", timeout=10)
        except urllib.error.HTTPError as error:
            assert error.code == 404 and b"URLconf" in error.read()  # DEBUG's page: only in make dev
        started = descendants(proc.pid)
        assert any("runserver" in " ".join(p.cmdline()) for p in started)
    finally:
        out = stop_group(proc, signal.SIGINT) if proc.poll() is None else proc.communicate()[0]
    assert "Traceback" not in out, out
    assert_all_gone(started, None)


def test_secret_key_is_generated_once_per_var_dir(var_dir):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    code = "from django.conf import settings; print(settings.SECRET_KEY)"

    def key(var: Path) -> str:
        return subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"], cwd=ROOT,
                              env={**env, "IMR_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "imr_archive.settings"},
                              capture_output=True, text=True, check=True).stdout.strip()

    first = key(var_dir)
    assert len(first) >= 50 and first == key(var_dir)
    assert (var_dir / "secret_key").stat().st_mode & 0o777 == 0o600
    assert key(var_dir / "other") != first


@pytest.mark.django_db
def test_static_files_are_hashed_compressed_and_cached_for_ever(client):
    html = client.get("/").content.decode()
    css = re.search(r'href="(/static/css/archive\.[0-9a-f]{12}\.css)"', html).group(1)
    response = client.get(css, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in response["Cache-Control"] and "immutable" in response["Cache-Control"]
    icon = re.search(r'rel="icon" href="(/static/favicon\.[0-9a-f]{12}\.svg)"', html).group(1)
    redirect = client.get("/favicon.ico")
    assert redirect.status_code == 302 and redirect["Location"] == icon
    assert client.get(icon).status_code == 200


@pytest.mark.django_db
def test_debug_is_off_by_default_and_an_unknown_page_is_a_plain_404(client):
    assert settings.DEBUG is False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Traceback" not in response.content and b"URLconf" not in response.content


@pytest.mark.django_db
def test_content_security_policy_forbids_inline_script(client, admin_client):
    for response in (client.get("/"), admin_client.get("/admin/")):
        policy = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert "unsafe-inline" not in policy


def test_templates_have_no_inline_script_or_style():
    """What the policy would block: inline <script>/<style>, style= and on*= attributes, javascript: URLs."""
    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>|<style\b|\sstyle=|"
                        r"\son[a-z]+=|javascript:", re.IGNORECASE)
    templates = [p for d in (ROOT / "templates", ROOT / "determinations" / "templates") if d.exists()
                 for p in d.rglob("*.html")]
    assert templates
    offenders = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p in templates for m in inline.finditer(p.read_text())]
    assert not offenders


@pytest.mark.django_db
def test_one_structured_log_line_per_request_with_its_id(client):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("imr_archive.requests")
    logger.addHandler(handler)
    try:
        first = client.get("/", HTTP_X_REQUEST_ID="proxy-id-1")
        second = client.get("/no-such-page/")
    finally:
        logger.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [(line["method"], line["path"], line["status"]) for line in lines] == [("GET", "/", 200),
                                                                                  ("GET", "/no-such-page/", 404)]
    assert lines[0]["request_id"] == first["X-Request-ID"] == "proxy-id-1"
    assert lines[1]["request_id"] == second["X-Request-ID"] and len(second["X-Request-ID"]) == 32
    assert all(isinstance(line["duration_ms"], float) for line in lines)
