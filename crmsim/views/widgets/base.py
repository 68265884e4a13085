"""What every explorer shares: the :class:`Explorer` box, a cache of analytic runs, options.

An explorer is an ``ipywidgets.VBox`` with controls on top and a figure and a table below;
it recomputes and redraws when a control changes. Subclasses (one per notebook theme, in
the sibling modules) implement ``compute()`` with library calls only and ``draw()``.

Examples
--------
>>> from crmsim.language.translate import use_language
>>> with use_language("zh"):
...     segment_options(["key accounts", "smb"])
[('大客户', 'key accounts'), ('smb', 'smb')]
>>> calls = []
>>> def double(x):
...     calls.append(x)
...     return 2 * x
>>> cache = ResultCache(size=2)
>>> cache(double, 21), cache(double, 21)
(42, 42)
>>> calls  # computed once
[21]
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, ClassVar

import ipywidgets as W
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import ScalarFormatter

from crmsim.analysis.compare import LevelComparison, compare_levels
from crmsim.common.numbers import format_numbers
from crmsim.engines.analytic import evaluate
from crmsim.engines.results import Results
from crmsim.language.translate import (
    display_frame,
    get_language,
    level_label,
    segment_label,
    tr,
    use_language,
)
from crmsim.scenario.scenario import Scenario
from crmsim.views.canvas import TextCachingCanvas, rgb_png
from crmsim.views.fonts import scoped_font_css, ui_font_css
from crmsim.views.style import classroom_style, number_ticks

__all__ = [
    "SLIDER_OPTIONS",
    "Explorer",
    "ResultCache",
    "cached_compare_levels",
    "cached_evaluate",
    "default_scenario",
    "font_style_html",
    "level_options",
    "segment_options",
    "wallet_slider",
]

SLIDER_OPTIONS: dict[str, Any] = {"continuous_update": False,
                                  "style": {"description_width": "initial"},
                                  "layout": W.Layout(width="420px")}
"""Keyword arguments every slider of the explorers and the dashboard shares: redraw on
release, the whole description visible, 420 px wide."""



def wallet_slider(value: float, description: str, max_exponent: float = 7.0) -> W.FloatLogSlider:
    """A slider of a segment's annual wallet, from 1,000 to ``10 ** max_exponent`` on a log
    scale, its readout rounded to three significant figures (1,120,000, not 1,122,018).

    Examples
    --------
    >>> slider = wallet_slider(600_000.0, "annual wallet")
    >>> slider.value, slider.min, slider.max, slider.readout_format
    (600000.0, 3.0, 7.0, ',.3r')
    """
    return W.FloatLogSlider(value=value, base=10, min=3, max=max_exponent, step=0.05,
                            readout_format=",.3r", description=description, **SLIDER_OPTIONS)


_DPI = 72

# layouts remembered per explorer (by the texts they made room for)
_PLACEMENTS_KEPT = 32

# zlib level of the PNGs shown: level 1 encodes in about two thirds of the time of the
# default 6 for files about 5 % larger (flat colours and text compress well either way)
_PNG_COMPRESS_LEVEL = 1


def default_scenario(name: str | None = None) -> Scenario:
    """The preset scenario ``name`` (default: the classroom preset).

    Examples
    --------
    >>> default_scenario().name
    'classroom'
    """
    from crmsim.scenario.presets import DEFAULT_PRESET, preset

    return preset(name or DEFAULT_PRESET)


class ResultCache:
    """A small least-recently-used cache of runs, keyed by function and (hashable) inputs.

    ``cache(fn, *args)`` returns ``fn(*args)``, computing it only when that function was not
    called with those arguments among the last ``size`` calls remembered. Pass a module-level
    function, not a new lambda per call (a new function is a new key).
    """

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._runs: OrderedDict = OrderedDict()

    def __call__(self, fn: Callable, *args: Hashable):
        key = (fn, *args)
        if key in self._runs:
            self._runs.move_to_end(key)
            return self._runs[key]
        value = fn(*args)
        self._runs[key] = value
        if len(self._runs) > self.size:
            self._runs.popitem(last=False)
        return value


_ANALYTIC_RUNS = ResultCache()


def _compare_analytic(scenario: Scenario) -> LevelComparison:
    return compare_levels(scenario, engine="analytic")


def cached_evaluate(scenario: Scenario) -> Results:
    """:func:`crmsim.engines.analytic.evaluate`, remembered for the last 64 scenarios."""
    return _ANALYTIC_RUNS(evaluate, scenario)


def cached_compare_levels(scenario: Scenario) -> LevelComparison:
    """:func:`crmsim.analysis.compare.compare_levels` (analytic), remembered like
    :func:`cached_evaluate`."""
    return _ANALYTIC_RUNS(_compare_analytic, scenario)


def level_options(scenario: Scenario) -> list[tuple[str, str]]:
    """Dropdown options (label in the display language, level name) for the levels."""
    return [(level_label(name, levels=scenario.levels), name) for name in scenario.level_names]


def font_style_html(selector: str, text: str = "") -> str:
    """A ``<style>`` element with the embedded Chinese web font and the font stack for
    ``selector`` (see :func:`crmsim.views.fonts.ui_font_css`); ``text``: other characters
    shown (a scenario's own names)."""
    return f"<style>{ui_font_css(text)}\n{scoped_font_css(selector)}</style>"


def segment_options(names: list[str]) -> list[tuple[str, str]]:
    """Dropdown options (label in the display language, segment name) for the segments."""
    return [(segment_label(name), name) for name in names]


class Explorer(W.VBox):
    """Controls on top, the figure and a table below; redraws when a control changes.

    Subclasses implement ``compute()`` (library calls only; sets ``result`` and ``data``)
    and ``draw()`` (draws ``result`` on ``figure``). ``update()`` runs both, renders the
    figure to ``image`` and the table to ``table_html``; ``last_redraw_seconds`` and
    ``n_redraws`` record what it did.

    A subclass may also implement ``refresh()``: update the artists ``draw()`` made to the
    new ``result`` in place (line data, bar heights, texts, limits) and return True, or
    return False when the figure has to be drawn anew (e.g. other levels or segments). A
    redraw then only re-renders the figure, without rebuilding its axes, ticks and legends;
    ``refresh()`` must leave the figure as ``draw()`` would have drawn it (the tests compare
    both). ``incremental = False`` (or ``redraw(full=True)``) always draws anew.

    Attributes
    ----------
    controls : dict
        The widgets a user (or a test) can change, by name.
    figure : matplotlib.figure.Figure
        The figure drawn on, reused on every redraw (a bare ``Figure``, not a pyplot
        figure, so nothing leaks).
    image : ipywidgets.Image
        The figure as PNG (works in JupyterLab, Voilà and a headless kernel alike).
    data : DataFrame
        The table last shown (English column names and codes), rendered in ``table_html``.
    result
        The last library result.
    live_controls : tuple of str
        The controls whose change redraws at once (the others wait for a button).
    n_full_draws : int
        How many redraws drew the figure anew (the others updated its artists).
    """

    title: str = ""
    title_key: str = ""  # catalogue key of the title (crmsim.language.catalogue), if any
    figsize: tuple[float, float] = (13.0, 5.0)
    # fixed margins rather than constrained layout: one layout pass less per redraw (an empty
    # dict: matplotlib's constrained layout places the panels)
    margins: ClassVar[dict] = {"left": 0.08, "right": 0.98,
                              "bottom": 0.13, "top": 0.9, "wspace": 0.3}
    width_ratios: tuple[float, ...] = (1.0,)
    rows: int = 1  # rows of panels; ``axes`` lists them row by row
    image_dpi: float = _DPI  # pixels per figure inch of the PNG shown
    style_scale: float = 1.0  # font scale of the figure (> 1 for presentation)
    # the explorer carries the Chinese web font (False where a container already does)
    carries_font: bool = True
    # update the drawn artists in place where ``refresh()`` can (False: always draw anew)
    incremental: bool = True
    _syncing: bool = False  # True while set_controls changes several controls

    def __init__(self, controls: dict[str, W.Widget], *, intro: str = "",
                 live: tuple[str, ...] | None = None, buttons: tuple[str, ...] = ()) -> None:
        self.controls = controls
        # the language the explorer was built in; callbacks redraw in it
        self.lang = getattr(self, "lang", None) or get_language()
        if self.title_key:
            self.title = tr(self.title_key)
        # drawn at the dpi of the PNG shown: the canvas renders once per redraw, at that size
        self.figure = Figure(figsize=self.figsize, dpi=self.image_dpi,
                             layout=None if self.margins else "constrained")
        self._canvas = TextCachingCanvas(self.figure)
        self._drawn = False  # the axes hold a drawing refresh() can update
        self._layout_key: tuple | None = None  # decorations at the last layout (if any)
        # where the layout engine placed the axes, by the decorations it made room for
        self._placements: OrderedDict[tuple, list] = OrderedDict()
        self.axes = self.make_axes()
        self.image = W.Image(format="png", layout=W.Layout(max_width="100%"))
        self.image.add_class("crmsim-chart")
        self.table_html = W.HTML()
        self.table_html.add_class("crmsim-table-box")
        self.status = W.HTML()
        self.result = None
        self.data = pd.DataFrame()
        self.n_redraws = 0
        self.n_full_draws = 0
        self.last_redraw_seconds = float("nan")
        header = W.HTML(f"<h3 style='margin:4px 0'>{self.title}</h3>"
                        + (f"<p style='margin:2px 0'>{intro}</p>" if intro else ""))
        header.add_class("crmsim-intro")
        # Chinese text (labels, options, the table) drawn with the shipped font on any machine
        # (a <style> applies wherever it sits: the widget holding it takes no room)
        fonts = W.HTML(font_style_html(".crmsim-explorer", self._names_shown())
                       if self.carries_font else "", layout=W.Layout(display="none"))
        names = live if live is not None else tuple(n for n in controls if n not in buttons)
        self.live_controls = tuple(names)
        for name in names:
            controls[name].observe(self._on_change, names="value")
        panel = W.GridBox(list(controls.values()),
                          layout=W.Layout(grid_template_columns="repeat(2, 440px)",
                                          grid_gap="2px 12px"))
        panel.add_class("crmsim-controls")
        super().__init__([header, panel, self.status, self.image, self.table_html, fonts])
        self.add_class("crmsim-explorer")
        self.update()

    def _names_shown(self) -> str:
        """Labels of the controls' options (segment and level names a scenario may spell in
        Chinese), for the embedded font."""
        texts = []
        for widget in self.controls.values():
            texts.extend(str(label) for label in getattr(widget, "_options_labels", ()))
            texts.append(str(getattr(widget, "description", "")))
        return "".join(texts)

    def make_axes(self) -> tuple:
        """The figure's panels, row by row: ``rows`` × ``width_ratios`` (a subclass may
        arrange them otherwise, e.g. one panel across a row)."""
        axes = self.figure.subplots(self.rows, len(self.width_ratios),
                                    width_ratios=self.width_ratios, squeeze=False)
        return tuple(axes.flat)

    # -- to implement -----------------------------------------------------------------
    def compute(self) -> None:  # pragma: no cover - abstract
        """Set ``result`` and ``data`` from the controls (library calls only)."""
        raise NotImplementedError

    def draw(self) -> None:  # pragma: no cover - abstract
        """Draw ``result`` on the (cleared) ``axes``."""
        raise NotImplementedError

    def refresh(self) -> bool:
        """Update the artists of the last ``draw()`` to ``result`` in place; False when the
        figure must be drawn anew (the default: always)."""
        return False

    # -- machinery --------------------------------------------------------------------
    def _on_change(self, _change=None) -> None:
        if not self._syncing:
            self.update()

    def set_controls(self, values: dict[str, object]) -> None:
        """Set several controls at once and redraw once, not once per control."""
        self._syncing = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._syncing = False
        self.update()

    def update(self) -> None:
        """Recompute from the controls and redraw figure and table."""
        start = time.perf_counter()
        with use_language(self.lang):
            try:
                self.compute()
            except Exception as exc:  # a user's impossible combination: say so, keep going
                self.status.value = ("<b style='color:#b00'>"
                                     + tr("widgets.cannot_compute", error=exc) + "</b>")
                raise
            self.redraw()
            self.table_html.value = self._table_html()
        self.last_redraw_seconds = time.perf_counter() - start

    def redraw(self, *, full: bool = False) -> None:
        """Show the current results: update the drawn artists (``refresh()``) or, when that
        cannot be done or ``full`` is true, draw the figure anew; then render it as PNG."""
        with use_language(self.lang), classroom_style(self.style_scale):
            if full or not (self.incremental and self._drawn and self.refresh()):
                self._draw_anew()
            self.image.value = self._png()
        self.n_redraws += 1

    def _draw_anew(self) -> None:
        self._drawn = False
        self._layout_key = None  # laid out anew (with a layout engine)
        self._placements.clear()
        for ax in self.axes:  # reuse the axes: clear and redraw
            ax.clear()
            ax.set_axis_on()
        self.draw()
        if self.margins:
            self.figure.subplots_adjust(**self.margins)
        self.readable_numbers(*self.figure.axes)
        self._drawn = True
        self.n_full_draws += 1

    def _decorations(self) -> tuple:
        """Every text the layout makes room for: titles, axis labels, tick labels, legends."""
        key = []
        for ax in self.figure.axes:
            legend = ax.get_legend()
            key.append((ax.get_visible(), ax.axison, ax.get_title(), ax.get_xlabel(),
                        ax.get_ylabel(),
                        tuple(t.get_text() for t in ax.xaxis.get_majorticklabels()),
                        tuple(t.get_text() for t in ax.yaxis.get_majorticklabels()),
                        None if legend is None else tuple(t.get_text()
                                                          for t in legend.get_texts())))
        suptitle = self.figure.get_suptitle()
        return (suptitle, *key)

    @staticmethod
    def readable_numbers(*axes) -> None:
        """Numbers on the y axes as people write them (``25,000``), category labels kept: for
        axes drawn anew (``redraw`` does it for the whole figure)."""
        for ax in axes:
            if ax.axison and isinstance(ax.yaxis.get_major_formatter(), ScalarFormatter):
                ax.yaxis.set_major_formatter(number_ticks())

    def _png(self) -> bytes:
        """The figure rendered once on its own canvas (shaped texts and glyphs remembered,
        :class:`crmsim.views.canvas.TextCachingCanvas`) and encoded as PNG (fast zlib level).

        A figure with a layout engine (matplotlib's constrained layout) keeps the panel
        positions of its last layout while every title, axis label and tick label reads as
        it did then: the layout would place the panels where they are. When they read as
        they did at an earlier layout (a slider moved back), the panels go where that layout
        placed them: the same texts give the same picture, without a layout pass.
        """
        engine = self.figure.get_layout_engine()
        if engine is None:
            self._canvas.draw()
            return rgb_png(self._canvas, compress_level=_PNG_COMPRESS_LEVEL)
        decorations = self._decorations() if self._drawn else None
        placed = self._placements.get(decorations) if decorations is not None else None
        if decorations is not None and decorations != self._layout_key and placed is None:
            placed, decorations = self._placement_read_alike(decorations)
        if decorations is not None and (decorations == self._layout_key or placed):
            if decorations != self._layout_key:
                self._place(placed)
                self._placements.move_to_end(decorations)
                self._layout_key = decorations
            self.figure.set_layout_engine("none")
            try:
                self._canvas.draw()
            finally:
                self.figure.set_layout_engine(engine)
        else:
            self._canvas.draw()
            self._layout_key = self._decorations()
            if self._placeable():
                self._placements[self._layout_key] = [ax.get_position(original=True).frozen()
                                                      for ax in self.figure.axes]
                if len(self._placements) > _PLACEMENTS_KEPT:
                    self._placements.popitem(last=False)
        return rgb_png(self._canvas, compress_level=_PNG_COMPRESS_LEVEL)

    def _placement_read_alike(self, decorations: tuple) -> tuple[list | None, tuple]:
        """A remembered placement at which the texts read as they did when it was laid out,
        and those texts; else None and ``decorations`` (the panels left where they are).

        How many ticks an axis shows depends on its length, so ``decorations`` read at the
        panels' current places may differ from those of a placement only in the tick
        labels: the panels are tried there.
        """
        def without_ticks(key: tuple) -> tuple:
            return tuple(k[:5] + k[7:] if isinstance(k, tuple) else k for k in key)

        here = [ax.get_position(original=True).frozen() for ax in self.figure.axes]
        for key, positions in reversed(self._placements.items()):
            if without_ticks(key) == without_ticks(decorations):
                self._place(positions)
                if self._decorations() == key:
                    return positions, key
        self._place(here)
        return None, decorations

    def _placeable(self) -> bool:
        """Whether the layout placed nothing but the axes (no figure titles or labels)."""
        fig = self.figure
        return not (fig.get_suptitle() or fig.get_supxlabel() or fig.get_supylabel())

    def _place(self, positions: list) -> None:
        """Put the axes where an earlier layout placed them (still laid out by the engine
        when their texts change)."""
        for ax, position in zip(self.figure.axes, positions, strict=True):
            ax.set_position(position)
            ax.set_in_layout(True)

    def display_table(self) -> pd.DataFrame:
        """``data`` as shown under the figure: headers and codes in the explorer's language.

        ``data`` itself keeps its English column names and codes (level names, verdicts).
        """
        with use_language(self.lang):
            return self._display_table()

    def _display_table(self) -> pd.DataFrame:
        table = display_frame(self.data)
        if self.lang == "zh" and "中文" in table:  # the labels are Chinese already
            table = table.drop(columns="中文")
        return table

    def _table_html(self) -> str:
        """The table as HTML, each column of numbers with one number of decimals
        (:func:`crmsim.common.numbers.format_numbers`: 4.1 beside 13.8, not 4.13)."""
        if self.data.empty:
            return ""
        table = self.display_table()
        for k in range(table.shape[1]):
            values = table.iloc[:, k]
            if pd.api.types.is_float_dtype(values):
                table.isetitem(k, ["–" if pd.isna(value) else text for value, text in
                                   zip(values, format_numbers(values), strict=True)])
        return table.to_html(index=False, border=0, classes="crmsim-table", na_rep="–")
