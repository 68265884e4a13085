"""``crmsim dashboard``: the trainer dashboard served by Voilà (the ``dashboard`` extra)."""

from __future__ import annotations

import argparse

from crmsim.cli.options import add_command
from crmsim.common.extras import require_extra
from crmsim.language.translate import get_language, tr

__all__ = ["add_commands"]


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``crmsim dashboard`` (its options are known without the extra installed)."""
    from crmsim.scenario.presets import preset_names
    from crmsim.views.dashboard.server import (
        DEFAULT_IDLE_MINUTES,
        DEFAULT_IP,
        DEFAULT_MAX_KERNELS,
        DEFAULT_PORT,
    )

    command = add_command(commands, "dashboard", ip=DEFAULT_IP)
    command.add_argument("--port", type=int, default=DEFAULT_PORT,
                         help=f"port to listen on (default: {DEFAULT_PORT})")
    command.add_argument("--ip", default=DEFAULT_IP,
                         help=f"address to bind (default: {DEFAULT_IP}, this machine only; "
                         "0.0.0.0 lets others on the network connect)")
    command.add_argument("--no-browser", action="store_true",
                         help="do not open a browser tab")
    command.add_argument("--preset", choices=preset_names(), default=None,
                         help="scenario shown first (default: classroom)")
    command.add_argument("--presentation", action="store_true",
                         help="start in presentation mode (large fonts)")
    command.add_argument("--max-kernels", type=int, default=DEFAULT_MAX_KERNELS,
                         help="dashboard pages served at once, each with its own kernel of "
                         f"about 200 MB (default: {DEFAULT_MAX_KERNELS})")
    command.add_argument("--idle-minutes", type=float, default=DEFAULT_IDLE_MINUTES,
                         help="shut down a page's kernel after this many minutes idle with no "
                         f"page connected (default: {DEFAULT_IDLE_MINUTES:g})")
    command.set_defaults(handler=_dashboard)


def _dashboard(args: argparse.Namespace) -> int:
    require_extra("crmsim dashboard", "dashboard")
    from crmsim.views.dashboard.server import DEFAULT_IP, check_port, serve

    check_port(args.port, args.ip)
    host = f"[{args.ip}]" if ":" in args.ip else args.ip
    print(tr("dash.cli.starting", url=f"http://{host}:{args.port}/"), flush=True)
    if args.ip != DEFAULT_IP:
        print(tr("dash.cli.public", ip=args.ip), flush=True)
    return serve(port=args.port, ip=args.ip, open_browser=not args.no_browser,
                 preset=args.preset, lang=args.lang or get_language(),
                 presentation=args.presentation, max_kernels=args.max_kernels,
                 idle_minutes=args.idle_minutes)
