"""Real-browser tests: Playwright driving Debian's Chromium against local servers.

Chromium is found at ``$CRMSIM_CHROMIUM`` or on PATH (Debian's package ``chromium``).
Without it the tests are skipped, unless ``CRMSIM_REQUIRE_BROWSER=1`` (set by CI), which
turns a missing browser into a failure. A failing test leaves a full-page screenshot and the
server's log in ``$CRMSIM_TEST_ARTIFACTS`` (default ``test-artifacts/browser``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("CRMSIM_TEST_ARTIFACTS", ROOT / "test-artifacts")) / "browser"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def _unavailable(reason: str):
    if os.environ.get("CRMSIM_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (CRMSIM_REQUIRE_BROWSER=1 requires the browser tests to run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("CRMSIM_CHROMIUM") or shutil.which("chromium") \
        or shutil.which("chromium-browser")
    if not path:
        _unavailable("Chromium not found: install Debian's 'chromium' package "
                     "or set CRMSIM_CHROMIUM")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the Python package 'playwright' is not installed (pip install -e '.[test]')")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A child process serving HTTP on 127.0.0.1; its output goes to a log file."""

    def __init__(self, cmd: list[str], port: int, log: Path, env: dict | None = None,
                 ready_path: str = "/") -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log = log
        log.parent.mkdir(parents=True, exist_ok=True)
        self._log_file = log.open("wb")
        self.process = subprocess.Popen(cmd, stdout=self._log_file, stderr=subprocess.STDOUT,
                                        env={**os.environ, **(env or {})}, cwd=ROOT,
                                        start_new_session=True)
        self._wait(ready_path)

    def _wait(self, path: str, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}; "
                                   f"log:\n{self.log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(self.url + path, timeout=5):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        raise RuntimeError(f"server did not answer on {self.url}{path} in {timeout:.0f} s")

    def stop(self) -> None:
        """SIGTERM (the server shuts its kernels down), then SIGKILL whatever is left."""
        self.process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=20)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self._log_file.close()


@pytest.fixture
def start_server(request, tmp_path):
    servers: list[Server] = []

    def start(cmd, port, **kwargs) -> Server:
        server = Server(cmd, port, tmp_path / "server.log", **kwargs)
        servers.append(server)
        request.node.server_logs = [s.log for s in servers]
        return server

    yield start
    for server in servers:
        server.stop()


PYTHON = sys.executable


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = item.nodeid.replace("/", "_").replace("::", "__").replace("[", "_").replace("]", "")
    page = item.funcargs.get("page")
    if page is not None:
        try:
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        except Exception as exc:  # the page may be gone; the log still helps
            (ARTIFACTS / f"{name}.screenshot-error.txt").write_text(repr(exc))
    for k, log in enumerate(getattr(item, "server_logs", [])):
        if log.exists():
            shutil.copy(log, ARTIFACTS / f"{name}.server{k}.log")


DASHBOARD_LOAD_TIMEOUT_MS = 180_000
"""How long a dashboard page may take to show its verdicts (a fresh kernel on a loaded machine)."""


@pytest.fixture
def dashboard(start_server):
    """``crmsim dashboard`` on the classroom preset, on a free port of 127.0.0.1."""
    port = free_port()
    return start_server([PYTHON, "-m", "crmsim", "dashboard", "--no-browser",
                         "--port", str(port), "--preset", "classroom"], port)


def open_dashboard(page, url: str):
    """Load a dashboard page and wait for its verdicts; the dashboard's locator.

    Fails fast, with the page's text, when Voilà reports that the dashboard's cell failed.
    """
    page.goto(url)
    page.wait_for_function("() => document.querySelector('.crmsim-dashboard') || "
                           "document.body.innerText.includes('There was an error')",
                           timeout=DASHBOARD_LOAD_TIMEOUT_MS)
    board = page.locator(".crmsim-dashboard")
    assert board.count() == 1, f"the dashboard did not load: {page.inner_text('body')[:500]}"
    board.locator(".crmsim-verdicts li").first.wait_for(timeout=DASHBOARD_LOAD_TIMEOUT_MS)
    return board
