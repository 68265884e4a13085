"""The trainer dashboard driven in a kernel (no browser): controls, verdicts, language, server."""

from __future__ import annotations

import itertools
import re
import socket

import ipywidgets as W
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from crmsim import ScenarioError
from crmsim.analysis import luxury_verdicts
from crmsim.scenario import preset, preset_names
from crmsim.views.dashboard import Dashboard, dashboard_from_environment, voila_arguments
from crmsim.views.dashboard.app import PRESENTATION_SCALE, environment_options
from crmsim.views.dashboard.server import (
    DEFAULT_IDLE_MINUTES,
    NOTEBOOK,
    check_port,
    host_is_allowed,
    serve,
)


@pytest.fixture(scope="module")
def board():
    return Dashboard(preset="classroom", lang="en")


def test_starts_on_key_accounts_with_three_verdicts(board):
    assert board.controls["segment"].value == "key accounts"
    assert board.controls["level"].value == "partnership"  # the planned level
    assert list(board.verdicts["level"]) == ["preferred", "partnership", "alliance"]
    items = board.view.status.value.count("<li")
    assert items == 3
    assert "partnership" in board.view.status.value and "key accounts" in board.view.status.value


def test_verdicts_are_the_library_verdicts_with_the_sliders_applied():
    board = Dashboard(preset="classroom", lang="en")
    board.controls["switching_cost"].value = 0.1
    board.controls["mutual_importance"].value = 0.2
    scenario = preset("classroom").with_segment("key accounts", switching_cost=0.1,
                                                mutual_importance=0.2)
    expected = luxury_verdicts(scenario, segments=["key accounts"])
    assert board.verdicts[["level", "verdict"]].values.tolist() == \
        expected[["level", "verdict"]].values.tolist()
    assert board.verdicts["luxury_ratio"].tolist() == pytest.approx(
        expected["luxury_ratio"].tolist())


def test_the_four_conditions_and_the_size_are_sliders_and_move_the_map():
    board = Dashboard(preset="classroom", lang="en")
    for name in ("mutual_importance", "mutual_need", "customer_power", "switching_cost",
                 "annual_wallet"):
        assert name in board.controls, name
    fmap = board.view.fmap
    board.controls["mutual_need"].value = 0.1
    assert board.view.fmap is not fmap  # the map holds the chosen mutual need
    assert dict(board.view.fmap.fixed)["segment:key accounts.mutual_need"] == 0.1


def test_the_map_shows_the_alliance_region_of_a_strategic_pair_where_the_verdict_says_it_pays():
    board = Dashboard(preset="b2b_supplier", lang="en")
    wallet = board.controls["annual_wallet"]
    assert wallet.max >= 7  # 10 million a year: beyond every preset's largest accounts
    board.controls["segment"].value = "important customers"
    best = board.verdicts.set_index("level")
    assert best.loc["alliance", "verdict"] == "pays"
    assert board.view.fmap.region("alliance").any()


def test_slider_changes_chart_and_verdict_text():
    board = Dashboard(preset="classroom", lang="en")
    image, text = board.view.image.value, board.view.status.value
    board.controls["mutual_importance"].value = 0.1
    assert board.view.image.value != image
    assert board.view.status.value != text


def test_segment_choice_loads_that_segments_values(board):
    board.controls["segment"].value = "ordinary customers"
    seg = preset("classroom").segment("ordinary customers")
    assert board.controls["switching_cost"].value == pytest.approx(seg.switching_cost)
    assert board.controls["level"].value == "transactional"
    assert set(board.verdicts["segment"]) == {"ordinary customers"}
    board.controls["segment"].value = "key accounts"


def test_reset_restores_the_preset_values():
    board = Dashboard(preset="classroom", lang="en")
    board.controls["customer_power"].value = 0.95
    board.controls["reset"].click()
    seg = preset("classroom").segment("key accounts")
    assert board.controls["customer_power"].value == pytest.approx(seg.customer_power)
    assert board.controls["segment"].value == "key accounts"


def test_preset_picker_switches_scenario():
    board = Dashboard(preset="classroom", lang="en")
    board.controls["preset"].value = "dell"
    names = [s.name for s in preset("dell").segments]
    assert list(board.controls["segment"].options) == [(n, n) for n in names]  # (label, value)
    assert set(board.verdicts["segment"]) <= set(names)


def test_language_toggle_keeps_values_and_translates():
    board = Dashboard(preset="classroom", lang="en")
    board.controls["switching_cost"].value = 0.3
    english = board.view.status.value
    board.controls["language"].value = "zh"
    assert board.controls["switching_cost"].value == pytest.approx(0.3)
    assert "合作伙伴关系" in board.view.status.value and english != board.view.status.value
    assert "转移成本" in board.controls["switching_cost"].description
    # a later slider move (a widget callback, outside any language block) stays Chinese
    board.controls["mutual_importance"].value = 0.4
    assert "合作伙伴关系" in board.view.status.value
    assert "重置" in board.controls["reset"].description


def test_chinese_dashboard_names_preset_segments_in_chinese_and_keeps_the_values():
    board = Dashboard(preset="classroom", lang="zh")
    segment = board.controls["segment"]
    assert ("大客户", "key accounts") in segment.options
    assert segment.value == "key accounts" and segment.label == "大客户"
    assert "对大客户而言" in board.view.status.value  # the verdict panel
    assert set(board.verdicts["segment"]) == {"key accounts"}  # data keep the name
    titles = [ax.get_title() for ax in board.view.axes]
    assert titles[0].startswith("大客户（") and "大客户的最佳关系层次" in titles[2]
    board.controls["preset"].value = "dell"
    assert ("T型客户", "T-type") in board.controls["segment"].options
    board.controls["language"].value = "en"
    assert board.controls["segment"].label == board.controls["segment"].value


def test_the_preset_picker_names_presets_in_the_dashboards_language_and_keeps_its_choice():
    board = Dashboard(preset="dell", lang="zh")
    picker = board.controls["preset"]
    assert ("课堂示例", "classroom") in picker.options and picker.label == "戴尔"
    rebuilt = []
    board.observe(lambda change: rebuilt.append(change), names="children")
    board.controls["language"].value = "en"  # new labels; the same preset, rebuilt once
    assert picker.value == "dell" and picker.label == "Dell"
    assert ("B2B supplier", "b2b_supplier") in picker.options
    assert len(rebuilt) == 1
    assert [s.name for s in board.view.scenario.segments] == [
        s.name for s in preset("dell").segments
    ]
    picker.value = "broker"  # the picker still switches the scenario
    assert [s.name for s in board.view.scenario.segments] == [
        s.name for s in preset("broker").segments
    ]


def test_presentation_mode_scales_fonts():
    board = Dashboard(preset="classroom", lang="en")
    assert "crmsim-presentation" not in board._dom_classes
    board.controls["presentation"].value = True
    assert board.view.style_scale == PRESENTATION_SCALE
    assert "crmsim-presentation" in board._dom_classes
    title = board.view.axes[1].title.get_fontsize()
    board.controls["presentation"].value = False
    assert board.view.axes[1].title.get_fontsize() < title


def _presentation_areas(board) -> list[list[str]]:
    """The grid areas of the presentation layout, row by row (the rule that applies last)."""
    css = next(child.value for child in board.children
               if isinstance(child, W.HTML) and "<style>" in child.value)
    rules = re.findall(r"\.crmsim-presentation \.crmsim-explorer \{[^}]*?"
                       r"grid-template-areas:([^;]*);", css)
    return [row.split() for row in re.findall(r'"([^"]*)"', rules[-1])]


def test_presentation_shows_controls_verdicts_and_discovery_beside_the_charts():
    """On a 1280 x 720 projector the charts fill the right half from the top, so everything a
    trainer uses must be in the left column beside them: the controls, the verdicts and the
    discovery button first; the intro sentence and the table may follow below the fold."""
    board = Dashboard(preset="classroom", lang="zh", presentation=True)
    rows = _presentation_areas(board)
    beside_chart = [left for left, right in rows if right == "chart"]
    assert rows[0] == ["controls", "chart"]  # nothing spans the page above them
    assert beside_chart[:3] == ["controls", "verdicts", "discovery"]
    assert beside_chart.index("intro") > beside_chart.index("discovery")
    assert "discovery discovery" not in [" ".join(row) for row in rows]


def _overlapping_ticks(ax) -> list[tuple[str, str]]:
    """Neighbouring x tick labels of ``ax`` (within its limits, as drawn) whose boxes meet."""
    renderer = ax.figure.canvas.get_renderer()
    low, high = sorted(ax.get_xlim())
    shown = [(tick.get_loc(), tick.label1) for tick in ax.xaxis.get_major_ticks()
             if low <= tick.get_loc() <= high and tick.label1.get_visible()]
    boxes = [(label.get_text(), label.get_window_extent(renderer))
             for _loc, label in sorted(shown, key=lambda pair: pair[0])]
    return [(a, b) for (a, box_a), (b, box_b) in itertools.pairwise(boxes)
            if box_a.x1 >= box_b.x0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_presentation_map_ticks_do_not_run_together(lang):
    view = Dashboard(preset="classroom", lang=lang, presentation=True).view
    view.figure.canvas.draw()
    map_ax = view.axes[2]
    assert len([t for t in map_ax.get_xticks() if 0 <= t <= 1]) >= 2  # still an axis
    assert _overlapping_ticks(map_ax) == []


def test_the_tick_overlap_check_catches_five_steps_on_a_small_map():
    """The fixed five steps the map had before run together on the presentation map."""
    from matplotlib.ticker import MaxNLocator

    view = Dashboard(preset="classroom", lang="en", presentation=True).view
    map_ax = view.axes[2]
    map_ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
    map_ax.set_position([0.7, 0.1, 0.12, 0.3])  # as narrow as the map was two by two
    map_ax.figure.set_layout_engine("none")
    view.figure.canvas.draw()
    assert _overlapping_ticks(map_ax)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_map_title_keeps_the_marker_with_its_meaning(lang):
    board = Dashboard(preset="classroom", lang=lang, presentation=True)
    for view in (board.view, Dashboard(preset="classroom", lang=lang).view):
        lines = view.axes[2].get_title().splitlines()
        marked = [line for line in lines if "○" in line]
        assert len(marked) == 1
        assert ("○\u00a0=\u00a0now" if lang == "en" else "○\u00a0=\u00a0当前") in marked[0]


def test_presentation_value_label_keeps_its_bracketed_unit_on_one_line():
    """The Chinese y label of the bars breaks before the bracket, not inside it, and still
    fits the panel's height."""
    view = Dashboard(preset="classroom", lang="zh", presentation=True).view
    view.figure.canvas.draw()
    bars = view.axes[1]
    assert bars.get_ylabel().splitlines() == ["每位客户的价值", "（现值，货币单位）"]
    renderer = view.figure.canvas.get_renderer()
    label = bars.yaxis.label.get_window_extent(renderer)
    assert label.height <= bars.get_window_extent(renderer).height


def test_presentation_occupancy_spans_the_top_with_its_legend_beside_it():
    view = Dashboard(preset="classroom", lang="en", presentation=True).view
    view.figure.canvas.draw()
    occupancy, value, fmap = (ax.get_position() for ax in view.axes)
    assert len(view.figure.axes) == 3  # no panel left holding only a legend
    assert occupancy.y0 > max(value.y1, fmap.y1)  # across the top
    assert occupancy.x0 < value.x1 and occupancy.x1 > fmap.x0  # over the bars and the map
    renderer = view.figure.canvas.get_renderer()
    states = view.axes[0].get_legend().get_window_extent(renderer)
    chart = view.axes[0].get_window_extent(renderer)
    assert states.x0 >= chart.x1 and states.y0 < chart.y1 and states.y1 > chart.y0  # beside
    (levels,) = view.figure.legends
    assert [t.get_text() for t in levels.get_texts()] == list(view.result.summary["level"])
    assert levels.get_window_extent(renderer).y1 <= min(
        ax.get_window_extent(renderer).y0 for ax in view.axes[1:])  # under the bars and map


def test_readouts_keep_room_from_the_slider_handle():
    css = Dashboard(preset="classroom", lang="en").children[0].value
    assert re.search(r"\.crmsim-dashboard \.widget-slider \.widget-readout \{[^}]*margin-left",
                     css)


def test_environment_and_query_string_options():
    env = {"CRMSIM_DASHBOARD_PRESET": "dell", "CRMSIM_LANG": "en",
           "QUERY_STRING": "lang=zh-CN&presentation=1"}
    assert environment_options(env) == {"preset": "dell", "lang": "zh-CN",
                                         "presentation": True}
    board = dashboard_from_environment(env)
    assert board.toolbar_controls["preset"].value == "dell"
    assert board.lang == "zh"
    # an unknown preset in a URL falls back to the default rather than failing the page
    board = dashboard_from_environment({"QUERY_STRING": "preset=nope"})
    assert board.toolbar_controls["preset"].value == "classroom"


def test_every_preset_builds():
    for name in preset_names():
        board = Dashboard(preset=name, lang="en")
        assert len(board.verdicts) == len(preset(name).levels) - 1


def test_voila_arguments_binds_loopback_and_serves_the_packaged_notebook():
    cmd = voila_arguments(port=9999, open_browser=False)
    assert str(NOTEBOOK) in cmd and NOTEBOOK.exists()
    assert "--Voila.ip=127.0.0.1" in cmd and "--port=9999" in cmd and "--no-browser" in cmd
    assert "--no-browser" not in voila_arguments(port=9999)


def test_check_port_rejects_bad_and_busy_ports():
    with pytest.raises(ScenarioError, match="from 1 to 65535; received 70000"):
        check_port(70000)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(ScenarioError, match=f"port {port} on 127.0.0.1 is already in use"):
            check_port(port)


def test_voila_arguments_cull_idle_disconnected_kernels_and_preheat_none():
    cmd = voila_arguments(port=9999, idle_minutes=DEFAULT_IDLE_MINUTES)
    assert "--MappingKernelManager.cull_idle_timeout=600" in cmd
    assert "--MappingKernelManager.cull_interval=60" in cmd
    assert "--MappingKernelManager.cull_connected=False" in cmd
    assert "--VoilaConfiguration.preheat_kernel=False" in cmd
    short = voila_arguments(port=9999, idle_minutes=0.05)
    assert "--MappingKernelManager.cull_idle_timeout=3" in short
    assert "--MappingKernelManager.cull_interval=1" in short


@pytest.mark.parametrize("minutes", [0, -1, float("nan"), float("inf"), True, "5"])
def test_idle_minutes_must_be_a_positive_number(minutes):
    with pytest.raises(ScenarioError, match="--idle-minutes must be a number above 0"):
        voila_arguments(port=9999, idle_minutes=minutes)


@pytest.mark.parametrize("cap", [0, -3, 2.5, True])
def test_max_kernels_must_be_a_whole_number_of_at_least_one(cap):
    with pytest.raises(ScenarioError, match="--max-kernels must be a whole number of at least 1"):
        serve(max_kernels=cap, open_browser=False)  # refused before any port is opened


@pytest.mark.parametrize(("host", "ip", "allowed"), [
    ("127.0.0.1:8866", "127.0.0.1", True),
    ("localhost:8866", "127.0.0.1", True),
    ("LOCALHOST.", "127.0.0.1", True),
    ("[::1]:8866", "127.0.0.1", True),
    ("evil.example:8866", "127.0.0.1", False),
    ("evil.example", "0.0.0.0", False),
    ("127.0.0.1.evil.example", "127.0.0.1", False),
    ("localhost.evil.example:8866", "127.0.0.1", False),
    ("", "127.0.0.1", False),
    ("192.168.1.5:8866", "192.168.1.5", True),
    ("192.168.1.6:8866", "192.168.1.5", False),
    ("192.168.1.5:8866", "0.0.0.0", True),
    ("[fe80::1]:8866", "::", True),
    ("[fe80::1]:8866", "fe80::1", True),
    (f"{socket.gethostname()}:8866", "0.0.0.0", True),
    (f"{socket.gethostname()}:8866", "127.0.0.1", False),
])
def test_host_is_allowed_only_for_the_bound_address(host, ip, allowed):
    assert host_is_allowed(host, ip) is allowed


def test_the_map_at_the_marked_point_agrees_with_the_bars_and_the_verdicts():
    """The map keeps the scenario's staff and the other segments' levels, as the bars and
    the verdicts do: around the point marked "now" its best level is the bars' best level
    (with managers unlimited the map put this point in the alliance region while the
    verdicts, with the preset's two managers, called alliance luxurious)."""
    board = Dashboard(preset="classroom", lang="en")
    c = board.controls
    c["switching_cost"].value, c["mutual_importance"].value = 0.9, 0.95
    c["mutual_need"].value, c["customer_power"].value = 0.8, 0.55
    c["annual_wallet"].value = 10**6.05
    fmap = board.view.fmap
    rows = np.argsort(abs(fmap.y - 0.9))[:2]  # the grid points around the marked point
    cols = np.argsort(abs(fmap.x - 0.95))[:2]
    around = {fmap.best_level[r, k] for r in rows for k in cols}
    summary = board.view.result.summary
    bars_best = summary.loc[summary["value_per_customer"].idxmax(), "level"]
    assert around == {bars_best}
    assert bars_best != "alliance"
    assert board.verdicts.set_index("level").loc["alliance", "verdict"] == "luxurious"
