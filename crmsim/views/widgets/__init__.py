"""Interactive explorers behind the teaching notebooks (ipywidgets 8, Voilà-friendly).

One builder per notebook, each in the module of its theme; each returns an
:class:`~crmsim.views.widgets.base.Explorer`, an ``ipywidgets.VBox`` that exposes

* ``controls`` — a dict of the widgets a user (or a test) can change;
* ``figure`` — the matplotlib :class:`~matplotlib.figure.Figure` it draws on (reused on
  every redraw; it is a bare ``Figure``, not a pyplot figure, so nothing leaks);
* ``image`` — an ``ipywidgets.Image`` holding the figure as PNG (works in JupyterLab,
  Voilà and a headless kernel alike);
* ``data`` — the table last shown (a pandas DataFrame), also rendered in ``table_html``;
* ``result`` — the last library result (e.g. :class:`crmsim.engines.results.Results`).

Labels, descriptions, option names, explanations, figures and table headers are in the
display language current when an explorer is built (:mod:`crmsim.language.translate`; every
builder also takes ``lang="en"`` or ``lang="zh"``); control values stay language-independent
(level names, segment names, codes), so code that sets ``controls[...].value`` works in
either language.

Views stay thin: every number comes from a crmsim library function (:func:`crmsim.evaluate`,
:func:`crmsim.engines.simulation.simulate`, :func:`crmsim.analysis.compare.compare_levels`,
:mod:`crmsim.analysis.teaching`, :mod:`crmsim.analysis.textbook_rule`); the explorers only
choose inputs and draw.

=================================  ==================  ======================================
builder                            module              notebook
=================================  ==================  ======================================
:func:`lifecycle_explorer`         ``lifecycle``       01: touch points and churn, the flow
:func:`customer_worth_explorer`    ``customer_worth``  02: the 500 → 100,000 arithmetic
:func:`clv_distribution_explorer`  ``customer_worth``  02: expected vs simulated CLV
:func:`levels_explorer`            ``levels``          03: one segment at the four levels
:func:`luxury_map_explorer`        ``luxury_map``      04: where partnership pays, the rule
:func:`segments_staff_explorer`    ``segments_staff``  05: a level per segment, few managers
:func:`retention_levers_explorer`  ``retention``       06: complaints, recovery, programmes
=================================  ==================  ======================================

``base`` holds what they share (:class:`~crmsim.views.widgets.base.Explorer`,
:class:`~crmsim.views.widgets.base.ResultCache`, the slider options), which the trainer
dashboard builds on too.
"""

from crmsim.views.widgets.base import (
    SLIDER_OPTIONS,
    Explorer,
    ResultCache,
    cached_compare_levels,
    cached_evaluate,
    default_scenario,
    font_style_html,
    level_options,
    segment_options,
    wallet_slider,
)
from crmsim.views.widgets.customer_worth import (
    ClvDistributionExplorer,
    CustomerWorthExplorer,
    clv_distribution_explorer,
    customer_worth_explorer,
)
from crmsim.views.widgets.levels import LevelsExplorer, levels_explorer
from crmsim.views.widgets.lifecycle import LifecycleExplorer, lifecycle_explorer
from crmsim.views.widgets.luxury_map import BREAK_EVEN_ALONG, LuxuryMapExplorer, luxury_map_explorer
from crmsim.views.widgets.retention import (
    PROGRAMME_CHOICES,
    RetentionLeversExplorer,
    retention_levers_explorer,
)
from crmsim.views.widgets.segments_staff import SegmentsStaffExplorer, segments_staff_explorer

__all__ = [
    "BREAK_EVEN_ALONG",
    "PROGRAMME_CHOICES",
    "SLIDER_OPTIONS",
    "ClvDistributionExplorer",
    "CustomerWorthExplorer",
    "Explorer",
    "LevelsExplorer",
    "LifecycleExplorer",
    "LuxuryMapExplorer",
    "ResultCache",
    "RetentionLeversExplorer",
    "SegmentsStaffExplorer",
    "cached_compare_levels",
    "cached_evaluate",
    "clv_distribution_explorer",
    "customer_worth_explorer",
    "default_scenario",
    "font_style_html",
    "level_options",
    "levels_explorer",
    "lifecycle_explorer",
    "luxury_map_explorer",
    "retention_levers_explorer",
    "segment_options",
    "segments_staff_explorer",
    "wallet_slider",
]
