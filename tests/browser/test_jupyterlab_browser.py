"""A teaching notebook opened in JupyterLab runs and renders its widgets in the browser."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import time

import pytest

from .conftest import PYTHON, ROOT, free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOK = "01_lifecycle.ipynb"


@pytest.fixture
def jupyterlab(start_server, tmp_path):
    root = tmp_path / "notebooks"
    root.mkdir()
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, root / NOTEBOOK)
    token = secrets.token_hex(16)
    port = free_port()
    isolated = {  # no user settings, workspaces or news pop-ups leak into the test
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
    }
    # start the notebook's own kernel (Python 3) without asking, even when the list of
    # kernels arrives late on a busy machine
    tracker = tmp_path / "settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text('{"autoStartDefaultKernel": true}')
    server = start_server(
        [PYTHON, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class="
         "jupyterlab.NeverCheckForUpdate",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        port, env=isolated, ready_path=f"/api/status?token={token}")
    server.token = token
    return server


def test_notebook_renders_its_widgets_in_jupyterlab(page, jupyterlab):

    page.goto(f"{jupyterlab.url}/lab/tree/{NOTEBOOK}?token={jupyterlab.token}")
    notebook = page.locator(".jp-NotebookPanel")
    notebook.wait_for(state="visible", timeout=120_000)
    # wait for the kernel (on a busy machine JupyterLab may ask which kernel to start:
    # accept its proposal, Python 3), then Run ▸ Run All Cells, as a student would
    idle = page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")
    select = page.locator(".jp-Dialog").get_by_role("button", name="Select", exact=True)
    idle.or_(select).first.wait_for(state="attached", timeout=120_000)
    if select.count():
        select.click()
    idle.wait_for(state="attached", timeout=120_000)
    prompts = notebook.locator(".jp-CodeCell .jp-InputPrompt")
    started = notebook.locator(".jp-CodeCell .jp-InputPrompt",
                               has_text=re.compile(r"\[(\*|\d+)\]"))
    for _attempt in range(3):  # requests sent while the kernel connects can be dropped
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        deadline = time.monotonic() + 30  # every code cell queued or run, not only the first
        while time.monotonic() < deadline and started.count() < prompts.count():
            page.wait_for_timeout(250)
        if started.count() == prompts.count():
            break

    widget = notebook.locator(".jp-OutputArea-output .widget-slider").first
    widget.wait_for(state="visible", timeout=240_000)
    image = notebook.locator(".jp-OutputArea-output .widget-image").first
    image.wait_for(state="visible", timeout=60_000)
    assert image.get_attribute("src").startswith(("blob:", "data:image/png"))
    assert notebook.locator(".jp-OutputArea-output .widget-slider").count() >= 2
    # every cell ran: no error outputs
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(
        state="attached", timeout=240_000)
    assert notebook.locator("[data-mime-type='application/vnd.jupyter.stderr'] .jp-"
                            "RenderedText:has-text('Traceback')").count() == 0
    assert notebook.locator(".jp-OutputArea-output[data-mime-type="
                            "'application/vnd.jupyter.error']").count() == 0
