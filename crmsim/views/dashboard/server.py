"""Serve the dashboard with Voilà, bound to 127.0.0.1 unless asked otherwise.

:func:`serve` runs Voilà on the packaged :data:`NOTEBOOK` in this process and passes the
dashboard's options through ``CRMSIM_*`` environment variables (Voilà's kernels inherit the
server's environment). Code cells are never shown, and a browser tab opens unless
``open_browser=False``.

Examples
--------
>>> args = voila_arguments(port=8866, ip="127.0.0.1", open_browser=False)
>>> "--port=8866" in args, "--Voila.ip=127.0.0.1" in args, "--no-browser" in args
(True, True, True)
"""

from __future__ import annotations

import errno
import os
import socket
from importlib import resources
from pathlib import Path

from crmsim.common.errors import ScenarioError

__all__ = ["DEFAULT_IP", "DEFAULT_PORT", "NOTEBOOK", "check_port", "serve", "voila_arguments"]

DEFAULT_PORT = 8866
"""Voilà's usual port."""

DEFAULT_IP = "127.0.0.1"
"""Only this machine can reach the dashboard unless another address is chosen."""

NOTEBOOK = Path(str(resources.files("crmsim.views.dashboard") / "dashboard.ipynb"))
"""The notebook Voilà renders (one cell building the dashboard)."""


def check_port(port: int, ip: str = DEFAULT_IP) -> None:
    """Raise :class:`~crmsim.ScenarioError` unless ``port`` is valid and free on ``ip``."""
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        raise ScenarioError(f"--port must be a whole number from 1 to 65535; received {port!r}.")
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((ip, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ScenarioError(f"port {port} on {ip} is already in use; choose another "
                                    "with --port.") from None
            raise ScenarioError(f"cannot listen on {ip}:{port}: {exc.strerror}.") from None


def voila_arguments(*, port: int = DEFAULT_PORT, ip: str = DEFAULT_IP,
                    open_browser: bool = True, notebook: Path = NOTEBOOK) -> list[str]:
    """Voilà's command-line arguments that serve ``notebook``."""
    args = [str(notebook), f"--port={port}", f"--Voila.ip={ip}", "--Voila.port_retries=0",
            "--theme=light", "--VoilaConfiguration.show_tracebacks=False"]
    if not open_browser:
        args.append("--no-browser")
    return args


def serve(*, port: int = DEFAULT_PORT, ip: str = DEFAULT_IP, open_browser: bool = True,
          preset: str | None = None, lang: str | None = None,
          presentation: bool = False) -> int:
    """Run the dashboard server in this process until it is stopped (Ctrl+C); return 0.

    Voilà runs in this process (no child to leave behind); its kernels inherit the
    ``CRMSIM_*`` variables that carry the dashboard's options.

    Parameters
    ----------
    port : int
        Port to listen on (must be free: the server does not wander to another one, so the
        address printed is the address served).
    ip : str
        Address to bind; the default keeps the dashboard private to this machine.
    open_browser : bool
        Open a browser tab once the server is up.
    preset, lang, presentation
        The dashboard's starting preset, language and presentation mode.
    """
    from voila.app import Voila

    from crmsim.language.translate import normalise_language
    from crmsim.scenario.presets import preset_names

    check_port(port, ip)
    if preset is not None and preset not in preset_names():
        raise ScenarioError(f"--preset must be one of {', '.join(preset_names())}; "
                            f"received {preset!r}.")
    options = {"CRMSIM_DASHBOARD_PRESET": preset,
               "CRMSIM_LANG": None if lang is None else normalise_language(lang,
                                                                          source="--lang"),
               "CRMSIM_DASHBOARD_PRESENTATION": "1" if presentation else None}
    os.environ.update({name: value for name, value in options.items() if value is not None})
    Voila.launch_instance(argv=voila_arguments(port=port, ip=ip, open_browser=open_browser))
    return 0
