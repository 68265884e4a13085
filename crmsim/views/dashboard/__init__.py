"""The trainer dashboard: a Voilà app over :class:`crmsim.views.dashboard.app.Dashboard`.

``crmsim dashboard`` serves :data:`NOTEBOOK` with Voilà on 127.0.0.1 (see
:mod:`crmsim.views.dashboard.server`); in JupyterLab, ``Dashboard()`` shows the same widgets in a
notebook.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submodules=["app", "server"],
    submod_attrs={
        "app": [
            "DISCOVERY_POINTS",
            "PRESENTATION_SCALE",
            "SEGMENT_SLIDERS",
            "Dashboard",
            "DashboardView",
            "dashboard_from_environment",
            "environment_options",
        ],
        "server": [
            "CONTENT_SECURITY_POLICY",
            "DEFAULT_IDLE_MINUTES",
            "DEFAULT_IP",
            "DEFAULT_MAX_KERNELS",
            "DEFAULT_PORT",
            "NOTEBOOK",
            "PAGE_TEMPLATES",
            "check_port",
            "host_is_allowed",
            "serve",
            "too_many_pages_html",
            "voila_arguments",
        ],
    },
)
