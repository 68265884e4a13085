"""The trainer dashboard: a Voilà app over :class:`crmsim.dashboard.app.Dashboard`.

``crmsim dashboard`` serves :data:`NOTEBOOK` with Voilà on 127.0.0.1 (see
:mod:`crmsim.dashboard.server`); in JupyterLab, ``Dashboard()`` shows the same widgets in a
notebook.
"""

from crmsim.dashboard.app import Dashboard, DashboardView, dashboard_from_environment
from crmsim.dashboard.server import NOTEBOOK, serve, voila_arguments

__all__ = ["NOTEBOOK", "Dashboard", "DashboardView", "dashboard_from_environment", "serve",
           "voila_arguments"]
