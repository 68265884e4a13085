"""A hostile visitor of ``crmsim dashboard``: many page loads, closed tabs, a foreign Host.

Each test starts the real server (``python -m crmsim dashboard``) on a free port in its own
process group, with a small kernel cap and, where culling is checked, a short idle timeout;
the server and everything it started are killed in a ``finally`` block. Kernels are counted
as the server's ``ipykernel`` child processes; memory is the RSS of the server and its
children.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

psutil = pytest.importorskip("psutil")
pytest.importorskip("voila")

pytestmark = pytest.mark.slow

MAX_KERNELS = 3
IDLE_MINUTES = 0.05  # 3 s: the cull check runs every second
PAGE_LOADS = 10
NEAR_START_MB = 100  # less than one kernel (about 200 MB): every kernel's memory came back
CHROMIUM = os.environ.get("CRMSIM_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Dashboard:
    """``crmsim dashboard`` in its own process group; its log goes to a file."""

    def __init__(self, log: Path, *, idle_minutes: float) -> None:
        self.port = _free_port()
        self.log = log
        self._log_file = log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "crmsim", "dashboard", "--no-browser",
             "--port", str(self.port), "--max-kernels", str(MAX_KERNELS),
             "--idle-minutes", str(idle_minutes)],
            stdout=self._log_file, stderr=subprocess.STDOUT, start_new_session=True)
        self.server = psutil.Process(self.process.pid)

    def wait_listening(self, timeout: float = 60.0) -> None:
        """Wait until the port accepts connections (no page is requested: no kernel starts)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text(errors="replace")
            with contextlib.suppress(OSError), socket.create_connection(
                    ("127.0.0.1", self.port), timeout=1):
                return
            time.sleep(0.2)
        raise AssertionError(f"the dashboard did not listen within {timeout:.0f} s")

    def get(self, path: str = "/", host: str | None = None) -> tuple[int, str]:
        """GET ``path`` (with another ``Host`` header if given); the status and the body."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.putrequest("GET", path, skip_host=host is not None)
            if host is not None:
                connection.putheader("Host", host)
            connection.endheaders()
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def kernels(self) -> int:
        """The server's live kernels (its ``ipykernel`` child processes)."""
        count = 0
        for child in self.server.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if "ipykernel" in " ".join(child.cmdline()):
                    count += 1
        return count

    def memory_mb(self) -> float:
        """RSS of the server and all its children, in MB."""
        total = self.server.memory_info().rss
        for child in self.server.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += child.memory_info().rss
        return total / 2 ** 20

    def wait_kernels(self, at_most: int, timeout: float) -> int:
        """Wait until at most ``at_most`` kernels run; return the count reached."""
        deadline = time.monotonic() + timeout
        while (count := self.kernels()) > at_most and time.monotonic() < deadline:
            time.sleep(0.25)
        return count

    def stop(self) -> list[int]:
        """SIGTERM the server (it shuts its kernels down), then SIGKILL its group and every
        process it started (kernels run in sessions of their own); return the pids that
        outlived the SIGTERM."""
        started = self.server.children(recursive=True)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=15)
        _, alive = psutil.wait_procs(started, timeout=5)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        for process in alive:
            with contextlib.suppress(psutil.Error):
                process.kill()
        self.process.wait()
        self._log_file.close()
        return [process.pid for process in alive]


@contextlib.contextmanager
def dashboard(log: Path, *, idle_minutes: float):
    server = Dashboard(log, idle_minutes=idle_minutes)
    try:
        server.wait_listening()
        yield server
    finally:
        outlived = server.stop()
    assert not outlived, f"processes of the dashboard outlived it: {outlived}"


def test_page_loads_are_capped_culled_and_give_their_memory_back(tmp_path):
    with dashboard(tmp_path / "server.log", idle_minutes=IDLE_MINUTES) as server:
        time.sleep(1.0)  # let the server settle before measuring
        start_mb = server.memory_mb()
        peak = 0
        stop_sampling = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not stop_sampling.is_set():
                peak = max(peak, server.kernels())
                time.sleep(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:  # two visitors at a time, five pages each
            with ThreadPoolExecutor(max_workers=2) as visitors:
                answers = list(visitors.map(lambda _: server.get("/"), range(PAGE_LOADS)))
        finally:
            stop_sampling.set()
            sampler.join()

        statuses = [status for status, _ in answers]
        assert set(statuses) <= {200, 503}, statuses
        assert statuses.count(200) >= MAX_KERNELS, statuses
        for status, body in answers:
            if status == 503:
                assert "Too many open dashboard pages (3, the limit)" in body
            else:
                assert "crmsim-dashboard" in body  # the notebook ran: a real page
        assert peak <= MAX_KERNELS, f"{peak} kernels ran at once; the cap is {MAX_KERNELS}"
        # nobody is connected: every kernel is culled once idle for IDLE_MINUTES
        assert server.wait_kernels(0, timeout=IDLE_MINUTES * 60 + 10) == 0
        assert server.get("/")[0] == 200  # a page is served again once kernels were freed
        assert server.wait_kernels(0, timeout=IDLE_MINUTES * 60 + 10) == 0
        time.sleep(1.0)
        end_mb = server.memory_mb()
        assert end_mb <= start_mb + NEAR_START_MB, (start_mb, end_mb)
        assert "Culling 'idle' kernel" in server.log.read_text(errors="replace")


def test_a_foreign_host_header_is_refused(tmp_path):
    with dashboard(tmp_path / "server.log", idle_minutes=IDLE_MINUTES) as server:
        for path in ("/", "/api/kernels", "/voila/api/shutdown/x", "/voila/static/x.js"):
            status, _ = server.get(path, host=f"evil.example:{server.port}")
            assert status == 403, path
        assert server.get("/", host="evil.example")[0] == 403
        assert server.kernels() == 0  # a refused page started no kernel
        script = "/voila/templates/lab/static/voila.js"
        assert server.get(script, host=f"evil.example:{server.port}")[0] == 403
        for host in ("127.0.0.1", "localhost", "[::1]"):
            assert server.get(script, host=f"{host}:{server.port}")[0] == 200, host


def test_leaving_browser_pages_shuts_their_kernels_down(tmp_path):
    """Culling is off in practice (60 minutes): only the page's shutdown beacon frees a kernel.

    The page is left by navigating away, which runs its ``beforeunload`` beacon as a closing
    tab does (Playwright's ``page.close`` does not wait for the beacon to go out).
    """
    if not Path(CHROMIUM).exists():
        if os.environ.get("CRMSIM_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")

    def visit_and_leave(server) -> None:
        # in a thread of its own: Playwright's sync API refuses a thread whose asyncio loop
        # runs already (the browser tests' session-wide Playwright, in the same worker)
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                 args=["--no-sandbox", "--disable-gpu",
                                                       "--disable-dev-shm-usage"])
            try:
                for _ in range(3):
                    page = browser.new_page()
                    page.goto(f"http://127.0.0.1:{server.port}/")
                    page.locator(".crmsim-dashboard .crmsim-verdicts li").first.wait_for(
                        timeout=60_000)
                    assert server.kernels() == 1
                    page.goto("about:blank")
                    page.close()
                    assert server.wait_kernels(0, timeout=10) == 0, \
                        "leaving the page left its kernel running"
            finally:
                browser.close()

    with dashboard(tmp_path / "server.log", idle_minutes=60) as server:
        with ThreadPoolExecutor(max_workers=1) as thread:
            thread.submit(visit_and_leave, server).result()
        log = server.log.read_text(errors="replace")
        assert "403 POST /voila/api/shutdown" not in log
        assert "Culling 'idle' kernel" not in log
