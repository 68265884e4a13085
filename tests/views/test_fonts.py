"""Chinese figures render with real glyphs: no 'Glyph ... missing from font(s)' warning.

Matplotlib warns at *draw* time when a character has no glyph in the font it picked (the
character is then drawn as an empty box, "tofu"). Every public plotting function is drawn
in zh mode and the warnings are checked; a companion test shows that the same check does
catch tofu when only DejaVu Sans is available.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

import crmsim.views.luxury_plots as lp
import crmsim.views.plots as pl
from crmsim import Scenario, Segment, Staff, preset
from crmsim.analysis import (
    assess_comparison,
    assess_levels,
    break_even,
    compare_levels,
    frontier_check,
    frontier_map,
    portfolio,
    replicate,
    sobol_indices,
    sweep,
    tornado,
)
from crmsim.language import use_language
from crmsim.views import (
    CJK_FONT_ENV_VAR,
    CJK_FONT_FAMILY,
    FONT_STACK_CSS,
    cjk_font,
    cjk_font_path,
    classroom_style,
    font_face_css,
    font_rc,
    has_chinese_glyphs,
)

CJK = re.compile(r"[\u4e00-\u9fff]")
KEY = Scenario(
    segments=(
        Segment(
            name="key",
            n_customers=10,
            annual_wallet=600_000.0,
            mutual_importance=0.9,
            switching_cost=0.9,
        ),
    ),
    horizon_months=12,
)
SMALL = Scenario(segments=(Segment(name="s", n_customers=10),), horizon_months=12)


def glyph_warnings(fig) -> list[str]:
    """Draw ``fig`` (as Jupyter or savefig would) and return the missing-glyph warnings."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png", dpi=40)
    return [str(w.message) for w in caught if "missing from" in str(w.message)]


def figure_texts(fig) -> list[str]:
    """Every non-empty text drawn on ``fig`` (titles, labels, ticks, legends, notes)."""
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


@pytest.fixture(scope="module")
def drawings():
    """Small inputs for every public plotting function (data are language-independent)."""
    cmp = compare_levels(SMALL, engine="analytic")
    values = assess_levels(
        SMALL, engine="simpy", n_replications=2, seed=1, executor="serial", progress_bar=False
    ).values
    verdicts = assess_levels(KEY).verdicts
    fmap = frontier_map(KEY, n_points=5)
    check = frontier_check(
        KEY, fmap, [(0.5, 0.9)], n_replications=2, executor="serial", progress_bar=False
    )
    runs = replicate(SMALL, n_replications=2, seed=1, executor="serial", progress_bar=False)
    swept = sweep(
        SMALL,
        {"segment:s.switching_cost": [0.2, 0.8]},
        n_replications=2,
        executor="serial",
        progress_bar=False,
    )
    two = Scenario(
        segments=(*KEY.segments, Segment(name="r", n_customers=20)),
        staff=Staff(n_account_managers=1),
        horizon_months=12,
    )
    bounds = {"mutual_importance": (0.3, 1.0), "switching_cost": (0.0, 1.0)}
    classroom = compare_levels(preset("classroom"), engine="analytic")
    return {
        "plot_occupancy": lambda: pl.plot_occupancy(cmp.occupancy),
        "plot_value_by_level": lambda: pl.plot_value_by_level(
            values, interval=("value_per_customer_low", "value_per_customer_high")
        ),
        "plot_cumulative_profit": lambda: pl.plot_cumulative_profit(cmp.cash_flows),
        # per-segment panels are titled with segment names: a preset's, which have Chinese
        "plot_value_by_segment": lambda: pl.plot_value_by_segment(
            classroom.summary, verdicts=assess_comparison(classroom).verdicts),
        "plot_cumulative_profit_by_segment": lambda: pl.plot_cumulative_profit_by_segment(
            classroom.cash_flows),
        "plot_occupancy_by_level": lambda: pl.plot_occupancy_by_level(cmp.occupancy),
        "plot_verdicts": lambda: lp.plot_verdicts(verdicts),
        "plot_luxury_ratio": lambda: lp.plot_luxury_ratio(verdicts),
        "plot_frontier": lambda: lp.plot_frontier(fmap),
        "plot_frontier_check": lambda: lp.plot_frontier_check(check),
        "plot_break_even": lambda: lp.plot_break_even(
            break_even(KEY, parameter="mutual_importance", n_scan=5)
        ),
        "plot_replications": lambda: lp.plot_replications(runs),
        "plot_sweep": lambda: lp.plot_sweep(swept, "segment:s.switching_cost"),
        "plot_tornado": lambda: lp.plot_tornado(tornado(KEY, parameters=bounds)),
        "plot_sobol": lambda: lp.plot_sobol(sobol_indices(KEY, bounds, n_base=8)),
        "plot_portfolio": lambda: lp.plot_portfolio(portfolio(two)),
    }


# every public function that makes a figure (the others shape data for one, or restack the
# areas of a figure already drawn, adding no text)
PLOTTING = sorted(name for name in {*pl.__all__, *lp.__all__} if name.startswith("plot_"))


def test_every_public_plotting_function_is_drawn_here(drawings):
    assert set(drawings) == set(PLOTTING)


@pytest.mark.parametrize("name", PLOTTING)
def test_zh_figures_have_chinese_text_and_no_missing_glyphs(drawings, name):
    with use_language("zh"):
        fig = drawings[name]()
    # drawn outside the language block, as a notebook's inline backend does after the cell
    assert glyph_warnings(fig) == []
    title = fig.axes[0].get_title()
    assert CJK.search(title), f"{name}: title {title!r} is not Chinese"
    # a grid of stacked panels labels its value axis once, for the figure
    labels = fig.axes[0].get_xlabel() + fig.axes[0].get_ylabel() + fig.get_supylabel()
    assert CJK.search(labels), name
    plt.close(fig)


def test_the_glyph_check_catches_tofu_when_only_dejavu_is_available():
    with plt.rc_context({"font.family": ["DejaVu Sans"]}):
        fig, ax = plt.subplots(figsize=(2, 1))
        ax.set_title("合作伙伴关系是奢侈的")
    found = glyph_warnings(fig)
    assert found and "DejaVu Sans" in found[0]
    plt.close(fig)


def test_zh_figures_in_a_classroom_style_block_also_render(drawings):
    with use_language("zh"), classroom_style(scale=1.3):
        fig = drawings["plot_occupancy"]()
        assert glyph_warnings(fig) == []
    plt.close(fig)


def test_en_figures_keep_english_text_and_the_users_fonts(drawings):
    assert font_rc("en") == {}
    with use_language("en"):
        fig = drawings["plot_verdicts"]()
    texts = " ".join(figure_texts(fig))
    assert not CJK.search(texts)
    assert fig.axes[0].get_ylabel() == "present value per customer (currency)"
    assert fig.axes[0].title.get_fontfamily() == list(matplotlib.rcParams["font.family"])
    plt.close(fig)


def test_zh_figures_use_the_shipped_font(drawings):
    from matplotlib.font_manager import findfont

    assert cjk_font() == CJK_FONT_FAMILY and has_chinese_glyphs(CJK_FONT_FAMILY)
    rc = font_rc("zh")
    assert rc["font.family"][0] == CJK_FONT_FAMILY and rc["font.sans-serif"][0] == CJK_FONT_FAMILY
    assert rc["font.family"][-1] == "DejaVu Sans"  # Latin fallback for arrows, ≥, ×
    assert not has_chinese_glyphs("DejaVu Sans")
    with use_language("zh"):
        fig = drawings["plot_verdicts"]()
    title = fig.axes[0].title
    assert CJK.search(title.get_text())
    assert findfont(title.get_fontproperties()) == str(cjk_font_path())
    plt.close(fig)


def test_the_shipped_font_has_every_chinese_character_of_crmsim_and_its_course():
    from pathlib import Path

    from fontTools.ttLib import TTFont

    root = Path(__file__).resolve().parents[2]
    cmap = TTFont(cjk_font_path()).getBestCmap()
    used: set[str] = set()
    for pattern in (
        "crmsim/**/*.py",
        "notebooks/**/*.py",
        "notebooks/**/*.ipynb",
        "docs/**/*.md",
        "exercises/**/*.py",
    ):
        for path in root.glob(pattern):
            used.update(re.findall(r"[\u3400-\u9fff]", path.read_text(encoding="utf-8")))
    assert len(used) > 300
    lacking = "".join(sorted(ch for ch in used if ord(ch) not in cmap))
    assert lacking == "", f"rebuild the font with tools/make_cjk_font.py: it lacks {lacking}"


def test_the_shipped_font_is_small_renamed_and_carries_its_licence():
    from fontTools.ttLib import TTFont

    path = cjk_font_path()
    assert path.stat().st_size < 3_000_000
    font = TTFont(path)
    assert font["name"].getDebugName(1) == CJK_FONT_FAMILY
    assert "glyf" in font and "CFF " not in font  # TrueType outlines: every backend embeds them
    licence = (path.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Reserved Font Name" in licence


def test_embedded_font_face_keeps_only_the_page_characters():
    import base64

    from fontTools.ttLib import TTFont

    css = font_face_css(embed=True, text="转移成本 switching cost")
    data = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", css).group(1))
    font = TTFont(io.BytesIO(data))
    assert font.flavor == "woff"
    assert {chr(c) for c in font.getBestCmap()} == set("转移成本 switchingcost")
    whole = font_face_css(embed=True)
    assert len(css) < 20_000 < 1_000_000 < len(whole)
    assert f'font-family: "{CJK_FONT_FAMILY}"' in css and "unicode-range:" in css
    assert FONT_STACK_CSS.startswith(f'"{CJK_FONT_FAMILY}", ')


def test_served_font_face_points_to_its_url_and_needs_one():
    css = font_face_css(embed=False, url="/crmsim/font.ttf")
    assert 'src: url("/crmsim/font.ttf") format("truetype")' in css
    with pytest.raises(ValueError, match="needs the url"):
        font_face_css(embed=False)


def test_environment_variable_selects_a_font_file_and_ignores_fonts_without_glyphs(monkeypatch):
    import matplotlib.font_manager as fm

    cjk_font.cache_clear()
    try:
        monkeypatch.setenv(CJK_FONT_ENV_VAR, str(cjk_font_path()))
        assert cjk_font() == CJK_FONT_FAMILY
        cjk_font.cache_clear()
        monkeypatch.setenv(CJK_FONT_ENV_VAR, "DejaVu Sans")  # no Chinese glyphs: skipped
        assert cjk_font() == CJK_FONT_FAMILY
    finally:
        cjk_font.cache_clear()
    assert any(f.name == cjk_font() for f in fm.fontManager.ttflist)


def test_importing_crmsim_registers_no_font():
    code = (
        "import crmsim, crmsim.views.fonts, crmsim.views.style, crmsim.views.plots\n"
        "import crmsim.views.luxury_plots\n"
        "import matplotlib.font_manager as fm\n"
        "path = str(crmsim.views.fonts.cjk_font_path())\n"
        "print(any(f.fname == path for f in fm.fontManager.ttflist))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_feedback_marks_are_text_the_shipped_font_draws():
    from fontTools.ttLib import TTFont

    from crmsim.classroom.feedback import Feedback, Note, Outcome

    cmap = TTFont(cjk_font_path()).getBestCmap()
    shown = [Feedback("q", outcome, "why.")._repr_markdown_() for outcome in Outcome]
    shown.append(Note("Solution", "x = 1")._repr_markdown_())
    for text in shown:
        lacking = [ch for ch in text if ord(ch) not in cmap]
        assert lacking == [], f"{text!r}: no glyph for {lacking} (an emoji?)"
    marks = {text.split(" ")[0] for text in shown[:-1]}
    assert len(marks) == len(Outcome)  # one distinct mark per outcome


def test_the_mark_check_catches_an_emoji():
    from fontTools.ttLib import TTFont

    cmap = TTFont(cjk_font_path()).getBestCmap()
    assert ord("✅") not in cmap and ord("💡") not in cmap and ord("✓") in cmap
