"""Serve the dashboard with Voilà, bound to 127.0.0.1 unless asked otherwise.

:func:`serve` runs Voilà on the packaged :data:`NOTEBOOK` in this process and passes the
dashboard's options through ``CRMSIM_*`` environment variables (Voilà's kernels inherit the
server's environment). Code cells are never shown, and a browser tab opens unless
``open_browser=False``.

Every page view runs the notebook in its own kernel (about 200 MB). The server frees them:

* a page that closes asks for its kernel's shutdown (Voilà's ``beforeunload`` beacon, which
  carries the ``_xsrf`` cookie this server sets on the page);
* a kernel that is idle and has no page connected for ``idle_minutes`` is culled (a closed
  tab whose beacon was lost, a page fetched by a script);
* at most ``max_kernels`` kernels run at once: a page beyond the cap gets a "503: too many
  open dashboard pages" page, in English and Chinese (:func:`too_many_pages_html`), instead
  of a new kernel.

A page whose server has stopped says so, in English and Chinese, at its top
(:func:`stopped_banner_html`): its controls no longer respond, and it tells how to start again.

The pages load nothing from the internet: crmsim's page template (:data:`PAGE_TEMPLATES`)
drops the links to an icon font and a diagram library on public CDNs that Voilà's page has, a
Content-Security-Policy header (:data:`CONTENT_SECURITY_POLICY`) keeps the browser to this
server for anything else, and Chinese text is drawn with the font crmsim ships, embedded in
the page.

Requests whose ``Host`` header names another machine are refused with 403, so a web page
cannot reach the dashboard through DNS rebinding (see :func:`host_is_allowed`).

Examples
--------
>>> args = voila_arguments(port=8866, ip="127.0.0.1", open_browser=False)
>>> "--port=8866" in args, "--Voila.ip=127.0.0.1" in args, "--no-browser" in args
(True, True, True)
>>> "--MappingKernelManager.cull_idle_timeout=600" in args
True
"""

from __future__ import annotations

import errno
import functools
import html
import ipaddress
import math
import os
import socket
from importlib import resources
from pathlib import Path

from crmsim.common.errors import ScenarioError

__all__ = ["CONTENT_SECURITY_POLICY", "DEFAULT_IDLE_MINUTES", "DEFAULT_IP", "DEFAULT_MAX_KERNELS",
           "DEFAULT_PORT", "NOTEBOOK", "PAGE_TEMPLATES", "STOPPED_CHECK_SECONDS", "check_port",
           "host_is_allowed", "serve", "stopped_banner_html", "too_many_pages_html",
           "voila_arguments"]

DEFAULT_PORT = 8866
"""Voilà's usual port."""

DEFAULT_IP = "127.0.0.1"
"""Only this machine can reach the dashboard unless another address is chosen."""

DEFAULT_MAX_KERNELS = 10
"""Pages (kernels) served at once; each kernel holds about 200 MB."""

DEFAULT_IDLE_MINUTES = 10.0
"""A kernel idle with no page connected for this long is shut down."""

STOPPED_CHECK_SECONDS = 4
"""A page asks its server this often whether it still answers; two unanswered asks in a row
show :func:`stopped_banner_html`."""

_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
"""Host names that always mean this machine."""

_WILDCARD_ADDRESSES = frozenset({"", "0.0.0.0", "::"})
"""Bind addresses that listen on every interface."""

PAGE_TEMPLATES = Path(str(resources.files("crmsim.views.dashboard") / "voila"))
"""crmsim's Voilà page template (Voilà's page without its links to public CDNs)."""

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "frame-ancestors 'self'",
    "base-uri 'self'",
    "form-action 'self'",
])
"""What the dashboard's pages may load: this server's own files, inline styles and scripts, and
``data:`` images and fonts (the charts, the embedded Chinese font); nothing from elsewhere."""

NOTEBOOK = Path(str(resources.files("crmsim.views.dashboard") / "dashboard.ipynb"))
"""The notebook Voilà renders (one cell building the dashboard)."""


def host_is_allowed(host: str, ip: str = DEFAULT_IP) -> bool:
    """Whether a request's ``Host`` header names the dashboard bound to ``ip``.

    Allowed: the loopback names (``localhost``, ``127.0.0.1``, ``[::1]``) and ``ip`` itself;
    when ``ip`` listens on every interface (``0.0.0.0``, ``::``), also any IP address and this
    machine's host name. Any other name is refused: a page on ``evil.example`` whose name was
    re-pointed at this machine (DNS rebinding) still sends ``Host: evil.example``.

    Examples
    --------
    >>> host_is_allowed("127.0.0.1:8866"), host_is_allowed("[::1]:8866")
    (True, True)
    >>> host_is_allowed("evil.example:8866"), host_is_allowed("evil.example", ip="0.0.0.0")
    (False, False)
    >>> host_is_allowed("192.168.1.5:8866", ip="192.168.1.5")
    True
    >>> host_is_allowed("192.168.1.5:8866", ip="0.0.0.0"), host_is_allowed("10.0.0.9")
    (True, False)
    """
    name = host.strip().lower()
    if name.startswith("["):  # [::1]:8866
        name = name[1:].partition("]")[0]
    elif name.count(":") == 1:  # 127.0.0.1:8866, localhost:8866
        name = name.partition(":")[0]
    name = name.rstrip(".")
    bound = ip.strip("[]").lower()
    if name in _LOOPBACK_NAMES or name == bound:
        return True
    if bound not in _WILDCARD_ADDRESSES:
        return False
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return name in _machine_names()
    return True


@functools.cache
def _machine_names() -> frozenset[str]:
    """This computer's host names: short, fully qualified and mDNS (``NAME.local``)."""
    names = {socket.gethostname().lower(), socket.getfqdn().lower()}
    return frozenset(names | {f"{name.partition('.')[0]}.local" for name in names})


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


def _idle_seconds(idle_minutes: float) -> int:
    """``idle_minutes`` as whole seconds (at least 1); a clear error unless it is positive.

    Examples
    --------
    >>> _idle_seconds(10), _idle_seconds(0.05)
    (600, 3)
    """
    if isinstance(idle_minutes, bool) or not isinstance(idle_minutes, (int, float)) \
            or not math.isfinite(idle_minutes) or idle_minutes <= 0:
        raise ScenarioError(f"--idle-minutes must be a number above 0; received {idle_minutes!r}.")
    return max(1, round(idle_minutes * 60))


def voila_arguments(*, port: int = DEFAULT_PORT, ip: str = DEFAULT_IP,
                    open_browser: bool = True, notebook: Path = NOTEBOOK,
                    idle_minutes: float = DEFAULT_IDLE_MINUTES) -> list[str]:
    """Voilà's command-line arguments that serve ``notebook``.

    Kernels idle with no page connected for ``idle_minutes`` are culled (checked every tenth
    of that, at most every minute); no kernel is started ahead of a page (no pre-heated pool).
    """
    timeout = _idle_seconds(idle_minutes)
    args = [str(notebook), f"--port={port}", f"--Voila.ip={ip}", "--Voila.port_retries=0",
            "--theme=light", "--VoilaConfiguration.show_tracebacks=False",
            "--VoilaConfiguration.preheat_kernel=False",
            f"--MappingKernelManager.cull_idle_timeout={timeout}",
            f"--MappingKernelManager.cull_interval={min(60, max(1, timeout // 10))}",
            "--MappingKernelManager.cull_connected=False",
            "--MappingKernelManager.cull_busy=False"]
    if not open_browser:
        args.append("--no-browser")
    return args


def too_many_pages_html(max_kernels: int) -> str:
    """The page served when ``max_kernels`` pages are open: what to do, in English and Chinese.

    A standalone page: the Chinese font is embedded (just the page's characters), no styles or
    scripts are loaded.

    Examples
    --------
    >>> page = too_many_pages_html(10)
    >>> "Too many open dashboard pages" in page and "打开的仪表板页面太多" in page
    True
    >>> "@font-face" in page and "http" not in page.replace("http-equiv", "")
    True
    """
    from crmsim.language.translate import tr, use_language
    from crmsim.views.fonts import FONT_STACK_CSS, font_face_css

    parts = {}
    for lang in ("en", "zh"):
        with use_language(lang):
            parts[lang] = {key: tr(f"dash.{key}", limit=max_kernels)
                           for key in ("busy_title", "busy", "busy_reload")}
    text = "".join(value for texts in parts.values() for value in texts.values())
    blocks = "".join(
        f"<section lang='{'zh-CN' if lang == 'zh' else 'en'}'>"
        f"<h1>{html.escape(texts['busy_title'])}</h1><p>{html.escape(texts['busy'])}</p></section>"
        for lang, texts in parts.items())
    reload = " · ".join(html.escape(texts["busy_reload"]) for texts in parts.values())
    return (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>503 · {html.escape(parts['en']['busy_title'])}</title>"
        f"<style>{font_face_css(embed=True, text=text + '503 ·')}\n"
        f"body {{ font-family: {FONT_STACK_CSS}; max-width: 46em; margin: 8vh auto; "
        "padding: 0 1.5em; line-height: 1.6; color: #222; font-size: 20px; }\n"
        "h1 { font-size: 1.5em; margin: 0.4em 0; } section { margin-bottom: 1.6em; }\n"
        "a { font-size: 1.1em; }</style></head>"
        f"<body><p><b>503</b></p>{blocks}<p><a href=''>{reload}</a></p></body></html>"
    )


def stopped_banner_html() -> str:
    """A notice for the top of every dashboard page, shown once its server stops answering.

    The page asks the server for a small file of Voilà's every
    :data:`STOPPED_CHECK_SECONDS` seconds; when two asks in a row get no answer at all (any
    HTTP answer means the server runs), the notice appears and stays: the page's kernel is
    gone with the server, so the page must be reloaded. It says so in the server's language,
    then in the other one, with the Chinese font embedded (just its characters), since the
    server can no longer send anything.

    Examples
    --------
    >>> banner = stopped_banner_html()
    >>> "The dashboard has stopped" in banner and "仪表板已停止运行" in banner
    True
    >>> 'id="crmsim-stopped"' in banner and "hidden" in banner and "@font-face" in banner
    True
    """
    from crmsim.language.translate import get_language, tr, use_language
    from crmsim.views.fonts import FONT_STACK_CSS, font_face_css

    texts = {}
    for lang in sorted(("en", "zh"), key=lambda lang: lang != get_language()):  # its own first
        with use_language(lang):
            texts[lang] = tr("dash.stopped")
    lines = "".join(f"<p lang='{'zh-CN' if lang == 'zh' else 'en'}'>{html.escape(text)}</p>"
                    for lang, text in texts.items())
    return (
        f"<style>{font_face_css(embed=True, text=''.join(texts.values()))}\n"
        "#crmsim-stopped { position: fixed; top: 0; left: 0; right: 0; z-index: 10000; "
        f"font-family: {FONT_STACK_CSS}; background: #b42318; color: #fff; font-size: 20px; "
        "line-height: 1.5; padding: 0.6em 1.2em; box-shadow: 0 2px 8px rgba(0,0,0,.35); }\n"
        "#crmsim-stopped[hidden] { display: none; } #crmsim-stopped p { margin: 0.15em 0; }"
        "</style>"
        f'<div id="crmsim-stopped" role="alert" hidden>{lines}</div>'
        "<script>(() => {\n"
        "  const banner = document.getElementById('crmsim-stopped');\n"
        "  const base = document.body.dataset.baseUrl || '/voila/';\n"
        "  const probe = base + 'static/voila.js';\n"
        "  let missed = 0;\n"
        "  const timer = setInterval(() => {\n"
        "    fetch(probe, {method: 'HEAD', cache: 'no-store'})\n"
        "      .then(() => { missed = 0; }, () => { missed += 1; })\n"
        "      .then(() => {\n"
        "        if (missed >= 2) { banner.hidden = false; clearInterval(timer); }\n"
        "      });\n"
        f"  }}, {STOPPED_CHECK_SECONDS * 1000});\n"
        "})();</script>"
    )


def _check_max_kernels(max_kernels: int) -> None:
    """Raise :class:`~crmsim.ScenarioError` unless ``max_kernels`` is a whole number ≥ 1."""
    if isinstance(max_kernels, bool) or not isinstance(max_kernels, int) or max_kernels < 1:
        raise ScenarioError(f"--max-kernels must be a whole number of at least 1; "
                            f"received {max_kernels!r}.")


def serve(*, port: int = DEFAULT_PORT, ip: str = DEFAULT_IP, open_browser: bool = True,
          preset: str | None = None, lang: str | None = None,
          presentation: bool = False, max_kernels: int = DEFAULT_MAX_KERNELS,
          idle_minutes: float = DEFAULT_IDLE_MINUTES) -> int:
    """Run the dashboard server in this process until it is stopped (Ctrl+C); return 0.

    Voilà runs in this process (no child to leave behind); its kernels inherit the
    ``CRMSIM_*`` variables that carry the dashboard's options, and all of them are shut down
    when the server stops.

    Parameters
    ----------
    port : int
        Port to listen on (must be free: the server does not wander to another one, so the
        address printed is the address served).
    ip : str
        Address to bind; the default keeps the dashboard private to this machine. Requests
        naming another host are refused (:func:`host_is_allowed`).
    open_browser : bool
        Open a browser tab once the server is up.
    preset, lang, presentation
        The dashboard's starting preset, language and presentation mode.
    max_kernels : int
        Pages served at once; one more gets a "too many open pages" answer (503).
    idle_minutes : float
        A kernel idle with no page connected for this long is shut down.
    """
    from crmsim.language.translate import normalise_language
    from crmsim.scenario.presets import preset_names

    _check_max_kernels(max_kernels)
    arguments = voila_arguments(port=port, ip=ip, open_browser=open_browser,
                                idle_minutes=idle_minutes)
    check_port(port, ip)
    if preset is not None and preset not in preset_names():
        raise ScenarioError(f"--preset must be one of {', '.join(preset_names())}; "
                            f"received {preset!r}.")
    options = {"CRMSIM_DASHBOARD_PRESET": preset,
               "CRMSIM_LANG": None if lang is None else normalise_language(lang,
                                                                          source="--lang"),
               "CRMSIM_DASHBOARD_PRESENTATION": "1" if presentation else None}
    os.environ.update({name: value for name, value in options.items() if value is not None})
    _guarded_voila(max_kernels).launch_instance(argv=arguments)
    return 0


def _guarded_voila(max_kernels: int) -> type:
    """Voilà's app, refusing foreign hosts, capping kernels and setting the XSRF cookie.

    Built on call so that this module imports without the ``dashboard`` extra.
    """
    from jinja2 import ChoiceLoader, DictLoader
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
    from markupsafe import Markup
    from tornado.routing import Matcher, Rule
    from tornado.web import HTTPError, RequestHandler
    from voila.app import Voila

    class CappedKernelManager(AsyncMappingKernelManager):
        """Refuses a new kernel (503) while ``max_kernels`` run or start."""

        starting = 0

        async def start_kernel(self, *args, **kwargs):
            if len(self.list_kernel_ids()) + self.starting >= max_kernels:
                raise HTTPError(503, reason=f"Too many open dashboard pages ({max_kernels}, "
                                "the limit): close a dashboard tab, or wait a few minutes for "
                                "idle pages to be freed, then reload this page")
            self.starting += 1
            try:
                return await super().start_kernel(*args, **kwargs)
            finally:
                self.starting -= 1

    def set_xsrf_cookie(request_handler, notebook, cwd):
        """Voilà's pre-launch hook: give the page the ``_xsrf`` cookie its shutdown beacon sends.

        Without it the beacon's POST fails the XSRF check (403) and the kernel outlives the
        page. Reading ``xsrf_token`` sets the cookie before the page's headers go out.
        """
        request_handler.xsrf_token  # noqa: B018  (the property sets the cookie)
        return notebook

    class ForeignHost(Matcher):
        """Matches requests whose ``Host`` header is not the dashboard's."""

        def __init__(self, ip: str) -> None:
            self.ip = ip

        def match(self, request):
            return None if host_is_allowed(request.host or "", self.ip) else {}

    class RefuseForeignHost(RequestHandler):
        """403 for every request that names another host (DNS rebinding)."""

        def prepare(self) -> None:
            raise HTTPError(403, reason="Host not allowed")

    class DashboardVoila(Voila):
        """Voilà with a kernel cap, the XSRF cookie for the shutdown beacon, a Host check and
        the notice that the server has stopped."""

        def initialize(self, argv=None):
            super().initialize(argv)
            self.voila_configuration.multi_kernel_manager_class = CappedKernelManager
            self.voila_configuration.prelaunch_hook = set_xsrf_cookie
            # the page template's filter for the notice that the server has stopped (the
            # pages are rendered by Voilà's exporter, whose templates see its own filters)
            banner = Markup(stopped_banner_html())
            self.config.VoilaExporter.filters = {"crmsim_stopped_banner": lambda _: banner}
            headers = {**self.tornado_settings.get("headers", {}),
                       "Content-Security-Policy": CONTENT_SECURITY_POLICY}
            self.tornado_settings = {**self.tornado_settings, "headers": headers}

        def setup_template_dirs(self):
            """Voilà's template folders, crmsim's page first (no links to public CDNs)."""
            super().setup_template_dirs()
            self.template_paths.insert(0, str(PAGE_TEMPLATES))

        def init_settings(self):
            """Voilà's settings, with the bilingual page for the 503 answer of the cap."""
            settings = super().init_settings()
            env = settings["voila_jinja2_env"]
            env.loader = ChoiceLoader([DictLoader({"503.html": "{{ crmsim_busy_page }}"}),
                                       env.loader])
            env.globals["crmsim_busy_page"] = Markup(too_many_pages_html(max_kernels))
            return settings

        def listen(self):
            self.app.default_router.rules.insert(0, Rule(ForeignHost(self.ip),
                                                         RefuseForeignHost))
            super().listen()

    return DashboardVoila
