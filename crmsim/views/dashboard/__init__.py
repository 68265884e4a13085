"""The trainer dashboard: a Voilà app over :class:`crmsim.views.dashboard.app.Dashboard`.

``crmsim dashboard`` serves :data:`NOTEBOOK` with Voilà on 127.0.0.1 (see
:mod:`crmsim.views.dashboard.server`); in JupyterLab, ``Dashboard()`` shows the same widgets in a
notebook.
"""

from crmsim.views.dashboard.app import Dashboard, DashboardView, dashboard_from_environment
from crmsim.views.dashboard.server import NOTEBOOK, serve, voila_arguments

__all__ = ["NOTEBOOK", "Dashboard", "DashboardView", "dashboard_from_environment", "serve",
           "voila_arguments"]
