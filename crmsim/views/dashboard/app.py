"""The trainer dashboard: one segment, four levels, live plots and a verdict panel.

:class:`Dashboard` is an ``ipywidgets`` box, so it runs in JupyterLab, in a plain kernel
(tests drive its controls) and in Voilà (``crmsim dashboard``). The toolbar picks a preset
scenario, the language (English / 中文), presentation mode (large fonts) and resets every
slider to the preset's values. Below it, :class:`DashboardView` (an
:class:`crmsim.views.widgets.base.Explorer`) shows for the chosen segment, with every other segment
at its planned level:

* customers by lifecycle state at the chosen level (analytic engine);
* value per customer at each level;
* the luxury map over mutual importance × switching cost (with the scenario's account
  managers and complaint desk, the other segments at their planned levels, as for the
  verdicts), with the segment's current point marked;
* a verdict panel: each step up the ladder pays or is luxurious, with the luxury ratio
  (extra cost ÷ extra return);
* a button "where does it pay? (discovery)": scenario discovery
  (:func:`crmsim.analysis.discovery.discover`, :data:`DISCOVERY_POINTS` points, the segment
  alone with account managers unlimited) of where partnership pays, shown as the box figure
  and the box and the texts' rule in words (with the ``discovery`` extra; without it, one
  sentence saying which extra adds it).

Every number comes from :func:`crmsim.analysis.compare.compare_levels`,
:func:`crmsim.analysis.luxury.assess_comparison` and :func:`crmsim.analysis.frontier.frontier_map`.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> board = Dashboard(preset="classroom")
>>> board.controls["segment"].value
'key accounts'
>>> board.controls["switching_cost"].value = 0.1
>>> "partnership" in board.verdicts["level"].tolist()
True
"""

from __future__ import annotations

import html
import itertools
import textwrap
from collections.abc import Mapping
from typing import ClassVar

import ipywidgets as W
import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from crmsim.analysis.compare import compare_levels
from crmsim.analysis.frontier import frontier_map
from crmsim.analysis.luxury import assess_comparison, verdict_text
from crmsim.language.translate import (
    display_width,
    get_language,
    level_label,
    preset_label,
    segment_label,
    tr,
    use_language,
)
from crmsim.scenario.presets import DEFAULT_PRESET, preset, preset_names
from crmsim.scenario.scenario import Scenario
from crmsim.views.luxury_plots import plot_frontier, refresh_frontier
from crmsim.views.plots import (
    label_bars,
    plot_occupancy,
    plot_value_by_level,
    restack_occupancy,
)
from crmsim.views.style import classroom_style
from crmsim.views.widgets.base import (
    SLIDER_OPTIONS,
    Explorer,
    ResultCache,
    font_style_html,
    wallet_slider,
)

__all__ = ["DISCOVERY_POINTS", "PRESENTATION_SCALE", "SEGMENT_SLIDERS", "Dashboard",
           "DashboardView", "dashboard_from_environment", "environment_options"]

DISCOVERY_POINTS = 600
"""Latin-hypercube points of the dashboard's discovery (well under a second per segment)."""

_DISCOVERY_SEED = 0

PRESENTATION_SCALE = 1.45
"""Font scale of figures and controls in presentation mode."""

SEGMENT_SLIDERS = ("switching_cost", "mutual_importance", "mutual_need", "customer_power",
                   "annual_wallet")
"""Segment fields the dashboard's sliders change: the texts' four conditions and the size."""

# the wallet slider reaches 10**7 a year, beyond every preset's key accounts and the
# strategic pair of b2b_supplier (1.5 M, where alliance pays): costs grow with the account,
# so a student can check that size alone does not decide
_WALLET_MAX_EXPONENT = 7.0

_MAP_POINTS = 15  # the map keeps the scenario's staff: 15 × 15 × 4 levels through the month loop
_MAPS = ResultCache(size=32)
_VERDICT_COLOURS = {"pays": "#1b7837", "luxurious": "#b2182b", "too close to call": "#555"}

_CSS = """
<style>
.crmsim-dashboard .crmsim-verdicts { font-size: 1.05em; line-height: 1.5; }
.crmsim-dashboard .crmsim-table td, .crmsim-dashboard .crmsim-table th { padding: 2px 10px; }
.crmsim-dashboard .crmsim-table td { text-align: right; }
.crmsim-dashboard .crmsim-table td:first-child, .crmsim-dashboard .crmsim-table th:first-child {
  text-align: left; }
/* a Chinese header breaks before its bracketed unit, not inside it: 期末仍在购买 / （客户数） */
.crmsim-dashboard .crmsim-table th { word-break: keep-all; }
/* presentation mode: every widget's text larger (ipywidgets read these variables), controls as
   wide as their text; on the left the controls, the verdicts and the discovery button, on the
   right the charts, all within a projector's 1280 x 720 (the intro sentence and the table
   follow on the left) */
.crmsim-dashboard.crmsim-presentation {
  --jp-widgets-font-size: 20px; --jp-widgets-inline-height: 32px;
  --jp-widgets-inline-label-width: auto; --jp-widgets-slider-handle-size: 18px; }
.crmsim-dashboard.crmsim-presentation h2 { font-size: 26px; margin: 0 0 4px 0 !important; }
.crmsim-dashboard.crmsim-presentation h3:empty { display: none; }
.crmsim-dashboard :is(.widget-button, .widget-toggle-button) {
  width: auto !important; min-width: 5em; padding: 0 14px; white-space: nowrap; }
.crmsim-dashboard.crmsim-presentation .widget-dropdown { width: auto !important; }
.crmsim-dashboard.crmsim-presentation .widget-dropdown > select {
  flex: 0 0 auto; width: auto; max-width: 100%; }
.crmsim-dashboard.crmsim-presentation .crmsim-explorer {
  display: grid !important; column-gap: 24px; align-items: start; margin-top: 4px;
  grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
  grid-template-areas: "controls chart" "verdicts chart" "discovery chart" "intro chart"
                       "table chart";
  grid-template-rows: auto auto auto auto 1fr; }
.crmsim-dashboard.crmsim-presentation .crmsim-intro { grid-area: intro; margin-top: 12px; }
.crmsim-dashboard.crmsim-presentation .crmsim-controls {
  grid-area: controls; grid-template-columns: minmax(0, 1fr) !important; width: 100% !important;
  grid-gap: 2px !important; }
.crmsim-dashboard.crmsim-presentation .crmsim-controls > .widget-slider {
  width: auto !important; min-width: 0; }
/* two columns of controls wide enough that each condition's name with its Chinese term
   leaves the slider a usable track (presentation mode sets its own columns below) */
.crmsim-dashboard .crmsim-controls { grid-template-columns: repeat(2, 520px) !important; }
.crmsim-dashboard .crmsim-controls > .widget-slider { width: 500px !important; }
/* the readouts wide enough for "10,000,000" and clear of the slider's handle at its end */
.crmsim-dashboard .widget-slider .widget-readout {
  margin-left: 14px; min-width: 6.2em; max-width: none; overflow: visible; }
.crmsim-dashboard.crmsim-presentation .widget-readout { width: auto; text-align: right; }
.crmsim-dashboard.crmsim-presentation .widget-inline-hbox .widget-label { flex: 0 0 auto; }
/* presentation: a long name (a condition with its Chinese term) wraps onto a second line,
   before its bracketed term, rather than squeeze its slider's track: at most half the row */
.crmsim-dashboard.crmsim-presentation .crmsim-controls > .widget-slider {
  height: auto; min-height: var(--jp-widgets-inline-height); }
.crmsim-dashboard.crmsim-presentation .widget-slider .widget-label {
  flex: 0 1 auto; max-width: 50%; height: auto; white-space: normal; overflow: visible;
  line-height: 1.25; text-align: left; word-break: keep-all; }
.crmsim-dashboard.crmsim-presentation .crmsim-verdicts {
  grid-area: verdicts; font-size: 20px; line-height: 1.3; }
.crmsim-dashboard.crmsim-presentation .crmsim-verdicts li { margin-bottom: 2px; }
.crmsim-dashboard.crmsim-presentation .crmsim-chart {
  grid-area: chart; justify-self: center; width: auto; max-width: 100%;
  max-height: calc(100vh - 120px); object-fit: contain; }
.crmsim-dashboard.crmsim-presentation .crmsim-table-box { grid-area: table; }
.crmsim-dashboard.crmsim-presentation .crmsim-table { font-size: 20px; }
.crmsim-dashboard .crmsim-discovery { margin-top: 8px; }
.crmsim-dashboard .crmsim-discovery > .widget-button { align-self: flex-start; }
.crmsim-dashboard .crmsim-discovery p { margin: 4px 0; max-width: 70em; line-height: 1.45; }
.crmsim-dashboard .crmsim-discovery-figure {
  align-self: flex-start; width: auto; max-width: min(100%, 900px);
  max-height: calc(100vh - 40px); object-fit: contain; }
.crmsim-dashboard.crmsim-presentation .crmsim-discovery { grid-area: discovery; font-size: 20px; }
.crmsim-dashboard.crmsim-presentation .crmsim-discovery-figure { max-width: 100%; }
</style>
"""


_OPENING = "（《「『【〈(["
_CLOSING = "）》」』】〉，。、；：！？)]"
_BRACKETS = dict(zip(_OPENING, "）》」』】〉)]", strict=True))


def _wrap(text: str, width: int) -> str:
    """``text`` in lines of about ``width`` Latin letters (a Chinese character counts two),
    never broken at a non-breaking space (``"○\u00a0=\u00a0now"`` stays on one line).

    Chinese text may break between any two characters, except before closing and after
    opening punctuation; a bracketed part that fits on a line is kept on one, the line
    breaking before its opening bracket.

    Examples
    --------
    >>> print(_wrap("switching cost and mutual importance", 16))
    switching cost
    and mutual
    importance
    >>> print(_wrap("各关系层次中每位客户的价值", 16))
    各关系层次中每位
    客户的价值
    >>> print(_wrap("（按情景的人员；○\u00a0=\u00a0当前）", 16))
    （按情景的人员；
    ○\xa0=\xa0当前）
    >>> print(_wrap("每位客户的价值（现值，货币单位）", 18))
    每位客户的价值
    （现值，货币单位）
    >>> print(_wrap("价值（现值，货币单位）与成本", 18))
    价值
    （现值，货币单位）
    与成本
    >>> print(_wrap("价值（现值，货币单位）", 17))  # the bracketed part is too long for a line
    价值（现值，货币
    单位）
    >>> print(_wrap("价值（现值）与成本（货币单位）", 16))
    价值（现值）与成
    本（货币单位）
    """
    if display_width(text) == len(text):
        return textwrap.fill(text, width)
    lines: list[str] = []
    line = ""
    for piece, spaced in _bracketed(_pieces(text), width):
        joined = f"{line} {piece}" if spaced and line else line + piece
        if line and display_width(joined) > width:
            lines.append(line)
            line = piece
        else:
            line = joined
    return "\n".join([*lines, line])


def _pieces(text: str) -> list[tuple[str, bool]]:
    """``text`` cut where a line may break, each piece with whether a space precedes it: at
    spaces, and beside a Chinese character, but not after an opening bracket, before a
    closing mark, nor from a non-breaking space on to the next punctuation mark."""
    pieces = []
    for k, word in enumerate(text.split(" ")):
        spaced, held = k > 0, False
        piece = word[:1]
        for prev, ch in itertools.pairwise(word):
            held = prev == "\u00a0" or (held and prev not in _OPENING + _CLOSING)
            if (display_width(prev + ch) > 2 and not held and prev not in _OPENING
                    and ch not in _CLOSING + "\u00a0"):
                pieces.append((piece, spaced))
                piece, spaced = "", False
            piece += ch
        pieces.append((piece, spaced))
    return pieces


def _bracketed(pieces: list[tuple[str, bool]], width: int) -> list[tuple[str, bool]]:
    """``pieces`` (of :func:`_pieces`) with each bracketed part no wider than ``width`` joined
    into one piece, from its opening bracket to the bracket that closes it."""
    joined: list[tuple[str, bool]] = []
    k = 0
    while k < len(pieces):
        piece, spaced = pieces[k]
        end = _closing_piece(pieces, k) if piece[:1] in _BRACKETS else None
        if end is not None:
            group = piece + "".join(f" {p}" if s else p for p, s in pieces[k + 1 : end + 1])
            if display_width(group) <= width:
                joined.append((group, spaced))
                k = end + 1
                continue
        joined.append((piece, spaced))
        k += 1
    return joined


def _closing_piece(pieces: list[tuple[str, bool]], start: int) -> int | None:
    """Index of the piece holding the bracket that closes the one ``pieces[start]`` opens
    with, or None when it is not closed."""
    stack: list[str] = []
    for k in range(start, len(pieces)):
        for ch in pieces[k][0]:
            if ch in _BRACKETS:
                stack.append(_BRACKETS[ch])
            elif stack and ch == stack[-1]:
                stack.pop()
                if not stack:
                    return k
    return None


def _scenario_names() -> str:
    """Every preset's segment and level names, as shown (for the embedded font)."""
    names = []
    for name in preset_names():
        scenario = preset(name)
        names.extend([name, *(seg.name for seg in scenario.segments), *scenario.level_names])
        names.extend(level.label_zh for level in scenario.levels)
    return "".join(names)


def _luxury_map(scenario: Scenario, segment: str, fixed: tuple[tuple[str, float], ...]):
    return frontier_map(scenario, segment=segment, n_points=_MAP_POINTS, fixed=dict(fixed))


class DashboardView(Explorer):
    """The dashboard's body for one scenario (rebuilt when the preset or language changes).

    Parameters
    ----------
    scenario : Scenario
    values : mapping, optional
        Control values to start from (``segment``, ``level`` and the slider fields);
        defaults come from the scenario.
    scale : float
        Figure font scale (1 normal, :data:`PRESENTATION_SCALE` in presentation mode).
    """

    figsize = (18.0, 6.4)
    margins: ClassVar[dict] = {"left": 0.045, "right": 0.99, "bottom": 0.24, "top": 0.86,
                               "wspace": 0.3}
    width_ratios = (1.0, 0.9, 1.0)
    carries_font = False  # the Dashboard around it does

    def __init__(self, scenario: Scenario, values: Mapping[str, object] | None = None, *,
                 scale: float = 1.0) -> None:
        self.scenario = scenario
        self.style_scale = scale
        if scale > 1:  # presentation: beside the controls (see _CSS), see make_axes
            self.figsize = (9.0, 9.0)
            self.image_dpi = 1.5 * 72  # sharp when the screen shows it larger
            self.margins = {}  # constrained layout: room for the larger titles and labels
        self.verdicts = pd.DataFrame()
        self.fmap = None
        values = dict(values or {})
        names = [seg.name for seg in scenario.segments]
        segment = values.get("segment")
        if segment not in names:
            segment = "key accounts" if "key accounts" in names else names[-1]
        seg = scenario.segment(segment)
        level = values.get("level")
        if level not in scenario.level_names:
            level = scenario.level_of(segment).name
        style = {"description_width": "initial"}
        controls = {
            "segment": W.Dropdown(options=[(segment_label(n), n) for n in names],
                                  value=segment, description=tr("dash.segment"), style=style),
            "level": W.Dropdown(options=[(level_label(n), n) for n in scenario.level_names],
                                value=level, description=tr("dash.level"), style=style),
            **{field: W.FloatSlider(
                value=values.get(field, getattr(seg, field)), min=0, max=1, step=0.05,
                description=tr(f"dash.{field}"), **SLIDER_OPTIONS)
               for field in SEGMENT_SLIDERS if field != "annual_wallet"},
            "annual_wallet": wallet_slider(values.get("annual_wallet", seg.annual_wallet),
                                           tr("dash.annual_wallet"), _WALLET_MAX_EXPONENT),
        }
        controls["segment"].observe(self._segment_changed, names="value")
        live = ("level", *SEGMENT_SLIDERS)
        super().__init__(controls, live=live, intro=tr("dash.intro"))
        self.status.add_class("crmsim-verdicts")
        # where does it pay? scenario discovery on demand, under the charts
        self.discovery = None
        self.discovery_button = W.Button(description=tr("dash.discovery.button"),
                                         icon="search")
        self.discovery_button.add_class("crmsim-discovery-button")
        self.discovery_button.on_click(lambda _b: self.run_discovery())
        self.discovery_text = W.HTML()
        self.discovery_text.add_class("crmsim-discovery-text")
        self.discovery_image = W.Image(format="png", layout=W.Layout(display="none"))
        self.discovery_image.add_class("crmsim-discovery-figure")
        panel = W.VBox([self.discovery_button, self.discovery_text, self.discovery_image])
        panel.add_class("crmsim-discovery")
        self.children = (*self.children, panel)
        controls["segment"].observe(lambda _c: self._clear_discovery(), names="value")

    @property
    def presentation(self) -> bool:
        """Whether the view is drawn for presentation (large fonts, panels beside the
        controls)."""
        return self.style_scale > 1

    def make_axes(self) -> tuple:
        """The occupancy, value and map panels: side by side, or for presentation the
        occupancy across the top (its legend beside it) over the value bars and the map."""
        if not self.presentation:
            return super().make_axes()
        rows = self.figure.add_gridspec(2, 1, height_ratios=(1.0, 1.25))
        # the bottom row on its own grid: the map is not as narrow as the bars beside it
        value, fmap = rows[1].subgridspec(1, 2, width_ratios=(0.85, 1.15))
        return (self.figure.add_subplot(rows[0]), self.figure.add_subplot(value),
                self.figure.add_subplot(fmap))

    # -- controls ----------------------------------------------------------------------
    def _segment_changed(self, change) -> None:
        seg = self.scenario.segment(change["new"])
        self.set_controls({**{name: getattr(seg, name) for name in SEGMENT_SLIDERS},
                           "level": self.scenario.level_of(seg.name).name})

    def values(self) -> dict[str, object]:
        """Current control values (to rebuild the view in another language)."""
        return {name: widget.value for name, widget in self.controls.items()}

    @property
    def segment(self) -> str:
        """The segment shown."""
        return self.controls["segment"].value

    def scenario_now(self) -> Scenario:
        """The scenario with the chosen segment's sliders applied."""
        return self.scenario.with_segment(
            self.segment, **{name: self.controls[name].value for name in SEGMENT_SLIDERS})

    # -- computing (library calls only) ----------------------------------------------
    def compute(self) -> None:
        now = self.scenario_now()
        segment = self.segment
        cmp = compare_levels(now, engine="analytic", segments=[segment])
        self.result = cmp
        self.verdicts = assess_comparison(cmp).verdicts
        # the map's axes replace the sliders' switching cost and mutual importance, so it
        # depends on the preset segment and the three held values only (cached on those);
        # it keeps the scenario's staff and the other segments' levels, as the verdicts do,
        # so the point marked "now" has the best level the verdicts and the bars show
        fixed = (("mutual_need", float(self.controls["mutual_need"].value)),
                 ("customer_power", float(self.controls["customer_power"].value)),
                 ("annual_wallet", float(self.controls["annual_wallet"].value)))
        self.fmap = _MAPS(_luxury_map, self.scenario, segment, fixed)
        summary = cmp.summary
        value = summary["value_per_customer"].to_numpy()
        self.data = pd.DataFrame({
            "level": summary["level"],
            "value per customer": value,
            "extra vs level below": np.r_[np.nan, np.diff(value)],
            "buying at end": summary["buying_end"],
        })
        self.status.value = self.verdict_html()

    def verdict_html(self) -> str:
        """The verdict panel: one coloured sentence per step up the ladder."""
        items = []
        for row in self.verdicts.itertuples(index=False):
            colour = _VERDICT_COLOURS.get(row.verdict, "#333")
            text = html.escape(verdict_text(row._asdict()))
            items.append(f"<li style='color:{colour}'><b>{text}</b></li>")
        return (f"<b>{html.escape(tr('dash.verdicts'))}</b>"
                f"<ul style='margin:2px 0'>{''.join(items)}</ul>")

    # -- where does it pay? (scenario discovery) -----------------------------------------
    def discovery_level(self) -> str:
        """The level the discovery asks about: partnership, else the second level."""
        names = self.scenario.level_names
        return "partnership" if "partnership" in names[1:] else names[min(1, len(names) - 1)]

    def _clear_discovery(self) -> None:
        self.discovery = None
        self.discovery_text.value = ""
        self.discovery_image.layout.display = "none"

    def discovery_figure(self, found) -> Figure:
        """The box figure of ``found`` (a :class:`crmsim.analysis.discovery.Discovery` with
        boxes) in the view's style: its fonts as large as the charts' (presentation too)."""
        from crmsim.views.discovery_plots import plot_box

        fig = Figure(figsize=(8.5, 5.2), layout="constrained")
        with classroom_style(self.style_scale):
            plot_box(found, ax=fig.add_subplot())
        return fig

    def run_discovery(self) -> None:
        """Find where :meth:`discovery_level` pays for the segment (alone, account managers
        unlimited, :data:`DISCOVERY_POINTS` points) and show the box figure and the box and
        the texts' rule in words; without the ``discovery`` extra, say which extra adds it.
        """
        from crmsim.analysis.discovery import (
            box_text,
            compare_with_rule,
            discover,
            require_discovery_extra,
        )
        from crmsim.common.extras import MissingExtraError
        from crmsim.views.discovery_plots import figure_png

        button = self.discovery_button
        button.disabled = True
        self._clear_discovery()
        try:
            with use_language(self.lang):
                segment = self.segment
                try:
                    require_discovery_extra()
                except MissingExtraError as missing:
                    self.discovery_text.value = f"<p>{html.escape(str(missing))}</p>"
                    return
                if len(self.scenario.level_names) < 2:
                    self.discovery_text.value = (
                        f"<p>{html.escape(tr('report.discovery.no_level'))}</p>")
                    return
                self.discovery_text.value = "<p><i>{}</i></p>".format(html.escape(tr(
                    "dash.discovery.running", segment=segment_label(segment),
                    n=DISCOVERY_POINTS)))
                alone = self.scenario_now().segment_alone(segment, unlimited_staff=True)
                found = discover(alone, segment=segment, level=self.discovery_level(),
                                 n_points=DISCOVERY_POINTS, seed=_DISCOVERY_SEED)
                sentences = [box_text(found), compare_with_rule(found).text(),
                             tr("dash.discovery.note", n=DISCOVERY_POINTS,
                                seed=_DISCOVERY_SEED)]
                png = figure_png(self.discovery_figure(found)) if found.boxes else b""
                self.discovery = found
                *said, note = (html.escape(text) for text in sentences)
                self.discovery_text.value = (
                    "".join(f"<p>{text}</p>" for text in said)
                    + f"<p style='color:#57606a'>{note}</p>")
                if png:
                    self.discovery_image.value = png
                    self.discovery_image.layout.display = ""
        finally:
            button.disabled = False

    # -- drawing -----------------------------------------------------------------------
    def draw(self) -> None:
        ax1, ax2, _map = self.axes
        cmp = self.result
        plot_occupancy(self._occupancy(), ax=ax1, title=self._occupancy_title())
        if self.presentation:  # the states' legend beside the occupancy, across the top
            ax1.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False,
                       handlelength=1.2)
        else:  # legends under the plots: the panels keep their width at any font size
            ax1.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncols=4, frameon=False,
                       columnspacing=1.0, handlelength=1.2)
        plot_value_by_level(cmp.summary, ax=ax2)
        label_bars(ax2)  # a projected room reads the values off the bars, not the axis
        ax2.set_xlabel("")
        ax2.set_xticks([])  # one segment: the legend under the bars names the levels
        if self.presentation:  # the levels in one line under the bars and the map
            ax2.get_legend().remove()
            for legend in list(self.figure.legends):
                legend.remove()
            self.figure.legend(*ax2.get_legend_handles_labels(), loc="outside lower center",
                               ncols=4, frameon=False, handlelength=1.2, columnspacing=1.2)
        else:
            ax2.legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), ncols=2,
                       frameon=False)
        for k, ax in enumerate((ax1, ax2)):
            self._wrap_labels(ax, k)
        self._draw_map()
        self._drawn_levels = tuple(cmp.summary["level"])

    def refresh(self) -> bool:
        ax1, ax2, ax3 = self.axes
        summary = self.result.summary
        if tuple(summary["level"]) != self._drawn_levels:
            return False
        restack_occupancy(ax1, self._occupancy())
        ax1.set_title(self._occupancy_title())
        self._wrap_labels(ax1, 0)
        for bar, value in zip(ax2.patches, summary["value_per_customer"], strict=True):
            bar.set_height(value)
        ax2.relim()
        ax2.autoscale_view()
        if self.fmap is self._drawn_map:  # the same map (cached): only the point moves
            c = self.controls
            self._map_point.set_data([c["mutual_importance"].value],
                                     [c["switching_cost"].value])
        elif refresh_frontier(ax3, self.fmap):  # another map on the same grid
            c = self.controls
            self._map_point.set_data([c["mutual_importance"].value],
                                     [c["switching_cost"].value])
            self._map_texts()
            self._map_legend()
            self._drawn_map = self.fmap
        else:
            ax3.clear()
            self._draw_map()
            self.readable_numbers(ax3)
        return True

    def _occupancy(self) -> pd.DataFrame:
        return self.result.level_frame("occupancy", self.controls["level"].value)

    def _occupancy_title(self) -> str:
        return tr("dash.occupancy_title", segment=segment_label(self.segment),
                  level=level_label(self.controls["level"].value))

    def _draw_map(self) -> None:
        """The luxury map with the segment's point, on the third panel."""
        ax3 = self.axes[2]
        plot_frontier(self.fmap, ax=ax3)
        c = self.controls
        # over the dashed edges
        (self._map_point,) = ax3.plot([c["mutual_importance"].value],
                                      [c["switching_cost"].value], "o", ms=13, mfc="white",
                                      mec="black", mew=2.5, zorder=6)
        self._map_texts()
        self._map_legend()
        self._drawn_map = self.fmap

    def _map_legend(self) -> None:
        """For presentation, the levels' legend under the bars and the map names the map's
        colours too: the map's own legend goes (the map keeps its height)."""
        legend = self.axes[2].get_legend()
        if self.presentation and legend is not None:
            legend.remove()

    def _map_texts(self) -> None:
        """The map's own title, its labels wrapped to the panel."""
        ax3 = self.axes[2]
        ax3.set_title(tr("dash.map_title", segment=segment_label(self.segment)))
        self._wrap_labels(ax3, 2)

    def _wrap_labels(self, ax, panel: int) -> None:
        """Wrap the title and y label of ``panel`` (0, 1, 2) to the panel's width."""
        width = round(44 / self.style_scale)
        if not self.presentation:
            ax.set_title("\n".join(_wrap(line, width) for line in ax.get_title().splitlines()))
            ax.set_ylabel(_wrap(ax.get_ylabel(), round(1.4 * width)))
            return
        # for presentation the titles are as large as the axis labels (more on a line), the
        # occupancy's across the top, the bars' and the map's side by side below it; the
        # y labels wrap sooner on the shorter panels
        title_width = round((1.6, 0.75, 1.0)[panel] * width)
        ax.set_title("\n".join(_wrap(line, title_width) for line in ax.get_title().splitlines()),
                     fontsize=mpl.rcParams["axes.labelsize"])
        ax.set_ylabel(_wrap(ax.get_ylabel(), round(0.6 * width)))


class Dashboard(W.VBox):
    """Toolbar (preset, language, presentation mode, reset) over a :class:`DashboardView`.

    Parameters
    ----------
    preset : str, optional
        Preset scenario shown first (default: the classroom preset).
    lang : {"en", "zh"}, optional
        Language (default: the current language, see :func:`crmsim.set_language`).
    presentation : bool
        Start in presentation mode (large fonts).

    Attributes
    ----------
    controls : dict
        The toolbar's widgets and the view's, by name.
    view : DashboardView
        The current body; replaced when the preset, language or presentation mode changes.
    """

    def __init__(self, *, preset: str | None = None, lang: str | None = None,
                 presentation: bool = False) -> None:
        self.lang = lang or get_language()
        # the Chinese web font (embedded: no font needed on the machine, nothing downloaded)
        self._style = W.HTML(_CSS + font_style_html(".crmsim-dashboard", _scenario_names()),
                             layout=W.Layout(display="none"))
        self.title = W.HTML()
        self.toolbar_controls = {
            "preset": W.Dropdown(options=self._preset_options(), value=preset or DEFAULT_PRESET,
                                 style={"description_width": "initial"}),
            "language": W.ToggleButtons(options=[("English", "en"), ("中文", "zh")],
                                        value=self.lang),
            "presentation": W.ToggleButton(value=presentation, icon="desktop"),
            "reset": W.Button(icon="undo"),
        }
        t = self.toolbar_controls
        t["preset"].observe(self._preset_changed, names="value")
        t["language"].observe(self._language_changed, names="value")
        t["presentation"].observe(lambda _c: self._rebuild(keep_values=True), names="value")
        t["reset"].on_click(lambda _b: self.reset())
        toolbar = W.HBox(list(t.values()), layout=W.Layout(flex_flow="row wrap",
                                                           align_items="center",
                                                           grid_gap="8px"))
        self.view: DashboardView | None = None
        super().__init__([self._style, self.title, toolbar])
        self.add_class("crmsim-dashboard")
        self._rebuild(keep_values=False)

    @property
    def controls(self) -> dict[str, W.Widget]:
        """Every control by name: toolbar first, then the view's."""
        return {**self.toolbar_controls, **self.view.controls}

    @property
    def verdicts(self) -> pd.DataFrame:
        """The verdict rows behind the verdict panel."""
        return self.view.verdicts

    @property
    def scale(self) -> float:
        return PRESENTATION_SCALE if self.toolbar_controls["presentation"].value else 1.0

    def scenario(self) -> Scenario:
        """The preset scenario currently picked (before the sliders)."""
        return preset(self.toolbar_controls["preset"].value)

    def reset(self) -> None:
        """Back to the preset's own values for the current segment and level."""
        segment = self.view.segment if self.view is not None else None
        self._rebuild(keep_values=False, segment=segment)

    def _preset_changed(self, _change) -> None:
        self._rebuild(keep_values=False)

    def _preset_options(self) -> list[tuple[str, str]]:
        """The presets as (name shown in the dashboard's language, preset name)."""
        with use_language(self.lang):
            return [(preset_label(name), name) for name in preset_names()]

    def _language_changed(self, change) -> None:
        self.lang = change["new"]
        self._rebuild(keep_values=True)

    def _rebuild(self, *, keep_values: bool, segment: str | None = None) -> None:
        values = self.view.values() if keep_values and self.view is not None else {}
        if segment is not None:
            values = {"segment": segment}
        with use_language(self.lang):
            self._label_toolbar()
            view = DashboardView(self.scenario(), values, scale=self.scale)
        if self.scale > 1:
            self.add_class("crmsim-presentation")
        else:
            self.remove_class("crmsim-presentation")
        self.view = view
        self.children = (*self.children[:3], view)

    def _label_toolbar(self) -> None:
        t = self.toolbar_controls
        t["preset"].description = tr("dash.preset")
        picker, options = t["preset"], self._preset_options()
        if tuple(picker.options) != tuple(options):  # new labels, the same preset chosen
            chosen = picker.value
            picker.unobserve(self._preset_changed, names="value")
            picker.options, picker.value = options, chosen
            picker.observe(self._preset_changed, names="value")
        t["presentation"].description = tr("dash.presentation")
        t["reset"].description = tr("dash.reset")
        self.title.value = f"<h2 style='margin:4px 0'>{html.escape(tr('dash.title'))}</h2>"


def environment_options(environ: Mapping[str, str]) -> dict[str, object]:
    """Dashboard options from ``CRMSIM_*`` variables and Voilà's ``QUERY_STRING``, as given.

    The URL query wins over the variables. Values are passed on unchecked
    (:func:`dashboard_from_environment` checks them).

    Examples
    --------
    >>> environment_options({"CRMSIM_DASHBOARD_PRESET": "dell", "CRMSIM_LANG": "en",
    ...                      "QUERY_STRING": "lang=zh-CN&presentation=1"})
    {'preset': 'dell', 'lang': 'zh-CN', 'presentation': True}
    """
    from urllib.parse import parse_qs

    options: dict[str, object] = {}
    if environ.get("CRMSIM_DASHBOARD_PRESET"):
        options["preset"] = environ["CRMSIM_DASHBOARD_PRESET"]
    if environ.get("CRMSIM_LANG"):
        options["lang"] = environ["CRMSIM_LANG"]
    if environ.get("CRMSIM_DASHBOARD_PRESENTATION") == "1":
        options["presentation"] = True
    query = parse_qs(environ.get("QUERY_STRING", ""))
    if query.get("preset"):
        options["preset"] = query["preset"][-1]
    if query.get("lang"):
        options["lang"] = query["lang"][-1]
    if query.get("presentation"):
        options["presentation"] = query["presentation"][-1] in ("1", "true", "yes")
    return options


def dashboard_from_environment(environ: Mapping[str, str] | None = None) -> Dashboard:
    """The dashboard configured by the environment (how ``crmsim dashboard`` passes options).

    ``CRMSIM_DASHBOARD_PRESET``, ``CRMSIM_LANG`` and ``CRMSIM_DASHBOARD_PRESENTATION=1``
    set the preset, language and presentation mode; a URL query such as
    ``?preset=broker&lang=zh&presentation=1`` overrides them in Voilà.
    """
    import os

    from crmsim.language.translate import normalise_language

    options = environment_options(os.environ if environ is None else environ)
    if "lang" in options:
        options["lang"] = normalise_language(str(options["lang"]))
    if "preset" in options and options["preset"] not in preset_names():
        options.pop("preset")
    return Dashboard(**options)

