"""Figures and a small HTML page for scenario discovery (:mod:`crmsim.analysis.discovery`).

* :func:`plot_trajectory`: a box's peeling trajectory, coverage against density, coloured by
  the number of traits restricted: pick a simpler or a purer box;
* :func:`plot_box`: the sampled points on the box's two most significant traits, the points
  with the verdict coloured, the box drawn solid and the texts' rule drawn dotted;
* :func:`discovery_html`: the page ``crmsim discover`` writes (every user text escaped).

Figures use :func:`crmsim.views.style.classroom_style` and speak the current display
language.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from crmsim import Scenario, Segment
>>> from crmsim.analysis.discovery import discover
>>> found = discover(Scenario(segments=(Segment(name="key", annual_wallet=6e5),)),
...                  n_points=300)
>>> fig = plot_trajectory(found)
>>> fig.axes[0].get_xlabel(), fig.axes[0].get_ylabel()
('coverage (share of all points where it holds)', 'density (share of the box where it holds)')
"""

from __future__ import annotations

import base64
import io

import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

from crmsim.analysis.discovery import (
    Discovery,
    DiscoveryBox,
    RuleComparison,
    box_text,
    textbook_box,
)
from crmsim.common.errors import ScenarioError
from crmsim.common.numbers import format_number
from crmsim.language.translate import (
    html_lang,
    level_label,
    parameter_label,
    segment_label,
    tr,
)
from crmsim.views.style import classroom_style, level_colour

__all__ = ["discovery_html", "figure_png", "plot_box", "plot_trajectory"]


def _box(discovery: Discovery, box: int | DiscoveryBox) -> DiscoveryBox:
    if isinstance(box, DiscoveryBox):
        return box
    if not discovery.boxes:
        raise ScenarioError(box_text(discovery))
    numbers = [b.number for b in discovery.boxes]
    if box not in numbers:
        raise ScenarioError(f"box must be one of {numbers}; received {box!r}.")
    return discovery.boxes[numbers.index(box)]


def _fonts(ax) -> None:
    """Give the axes' own texts the current style's fonts (axes made outside the style)."""
    family = plt.rcParams["font.family"]
    sizes = ("axes.titlesize", "axes.labelsize", "axes.labelsize")
    for text, size in zip((ax.title, ax.xaxis.label, ax.yaxis.label), sizes, strict=True):
        text.set_fontfamily(family)
        text.set_fontsize(plt.rcParams[size])


def _colour(discovery: Discovery) -> str:
    levels = discovery.values.levels
    return level_colour(discovery.level, levels.index(discovery.level))


def _question(discovery: Discovery) -> str:
    return tr(
        f"discovery.question.{discovery.outcome}",
        level=level_label(discovery.level),
        segment=segment_label(discovery.segment),
    )


def plot_trajectory(discovery: Discovery, box: int | DiscoveryBox = 1, *, ax=None):
    """Coverage against density along a box's peeling trajectory.

    Each dot is one step (darker: more traits restricted); the reported box is ringed. Left
    and up is purer, right is simpler and covers more.
    """
    chosen = _box(discovery, box)
    t = chosen.trajectory
    with classroom_style():
        if ax is None:
            fig, ax = plt.subplots(figsize=(8, 5.5), layout="constrained")
        else:
            fig = ax.figure
        ax.plot(t["coverage"], t["density"], color="0.7", lw=1.5, zorder=1)
        n_max = max(1, int(t["n_restricted"].max()))
        cmap = plt.get_cmap("viridis_r", n_max + 1)
        dots = ax.scatter(
            t["coverage"],
            t["density"],
            c=t["n_restricted"],
            cmap=cmap,
            vmin=-0.5,
            vmax=n_max + 0.5,
            s=45,
            zorder=2,
        )
        ax.scatter(
            [chosen.coverage],
            [chosen.density],
            s=260,
            facecolor="none",
            edgecolor=_colour(discovery),
            lw=3,
            zorder=3,
            label=tr("discovery.plot.reported", step=chosen.step),
        )
        bar = fig.colorbar(dots, ax=ax, ticks=range(n_max + 1))
        bar.set_label(tr("discovery.plot.n_restricted"))
        ax.set_xlabel(tr("discovery.plot.coverage"))
        ax.set_ylabel(tr("discovery.plot.density"))
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(-0.02, 1.02)
        ax.legend(loc="lower left")
        _fonts(ax)
        ax.set_title(
            tr(
                "discovery.plot.trajectory_title",
                question=_question(discovery),
                number=chosen.number,
            )
        )
    return fig


def _axes_paths(discovery: Discovery, chosen: DiscoveryBox) -> tuple[str, str]:
    sampled = [p for p, _, _ in discovery.ranges]
    order = list(chosen.restricted) + [p for p in sampled if p not in chosen.restricted]
    if len(order) < 2:
        raise ScenarioError(
            f"a box figure needs at least two sampled traits; received {len(order)}."
        )
    return order[0], order[1]


def plot_box(
    discovery: Discovery,
    box: int | DiscoveryBox = 1,
    *,
    x: str | None = None,
    y: str | None = None,
    ax=None,
):
    """The sampled points on two traits (default: the box's two most significant ones).

    Points with the verdict are coloured in the level's colour, the others grey; the box is
    drawn solid and, where both traits are conditions of the texts' rule, the rule's box
    dotted (:func:`crmsim.analysis.discovery.textbook_box`). Other traits vary freely, so
    some points of either kind fall on both sides of the lines.
    """
    chosen = _box(discovery, box)
    px, py = _axes_paths(discovery, chosen)
    px, py = x or px, y or py
    points = discovery.values.points
    limits = {p: (lo, hi) for p, lo, hi in chosen.ranges}
    sampled = {p: (lo, hi) for p, lo, hi in discovery.ranges}
    for p in (px, py):
        if p not in limits:
            raise ScenarioError(f"'{p}' was not sampled; expected one of {list(limits)}.")
    colour = _colour(discovery)
    with classroom_style():
        if ax is None:
            fig, ax = plt.subplots(figsize=(8, 6.5), layout="constrained")
        else:
            fig = ax.figure
        cases = discovery.cases
        ax.scatter(
            points.loc[~cases, px],
            points.loc[~cases, py],
            s=10,
            color="0.75",
            label=tr("discovery.plot.not_case"),
            zorder=1,
        )
        ax.scatter(
            points.loc[cases, px],
            points.loc[cases, py],
            s=14,
            color=colour,
            label=tr(
                "discovery.plot.case",
                level=level_label(discovery.level),
                outcome=tr(f"discovery.outcome.{discovery.outcome}"),
            ),
            zorder=2,
        )
        (x0, x1), (y0, y1) = limits[px], limits[py]
        ax.add_patch(
            Rectangle(
                (x0, y0),
                x1 - x0,
                y1 - y0,
                fill=False,
                ec="black",
                lw=3,
                zorder=3,
                label=tr("discovery.plot.box", number=chosen.number),
            )
        )
        rule = textbook_box(discovery.segment)
        if px in rule and py in rule:
            (rx0, rx1), (ry0, ry1) = rule[px], rule[py]
            ax.add_patch(
                Rectangle(
                    (rx0, ry0),
                    rx1 - rx0,
                    ry1 - ry0,
                    fill=False,
                    ec="0.2",
                    lw=2.5,
                    ls=":",
                    zorder=3,
                    label=tr("discovery.plot.rule"),
                )
            )
        ax.set_xlim(*_pad(sampled[px]))
        ax.set_ylim(*_pad(sampled[py]))
        ax.set_xlabel(parameter_label(px, unit=True))
        ax.set_ylabel(parameter_label(py, unit=True))
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
        _fonts(ax)
        ax.set_title(
            tr(
                "discovery.plot.box_title",
                number=chosen.number,
                density=f"{format_number(100 * chosen.density, digits=2)} %",
                coverage=f"{format_number(100 * chosen.coverage, digits=2)} %",
            )
        )
    return fig


def _pad(span: tuple[float, float]) -> tuple[float, float]:
    low, high = span
    margin = 0.02 * (high - low)
    return low - margin, high + margin


def figure_png(fig) -> bytes:
    """The figure as PNG bytes (then closed).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> figure_png(plt.figure(figsize=(1, 1)))[:4]
    b'\\x89PNG'
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    return buffer.getvalue()


_PAGE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head><meta charset="utf-8"><title>{{ title }}</title>
<style>
body { font-family: system-ui, "Noto Sans CJK SC", sans-serif; max-width: 64rem;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #ccc; padding: .3rem .6rem; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
img { max-width: 100%; }
.note { color: #555; }
</style></head>
<body>
<h1>{{ title }}</h1>
<p><b>{{ question }}</b></p>
<p class="note">{{ sample }}</p>
<h2>{{ h_boxes }}</h2>
{% for sentence in box_sentences %}<p>{{ sentence }}</p>
{% endfor %}
{% if boxes %}<table>
<tr>{% for h in box_headers %}<th>{{ h }}</th>{% endfor %}</tr>
{% for row in boxes %}<tr>{% for cell in row %}
<td{% if loop.index > 1 %} class="n"{% endif %}>{{ cell }}</td>{% endfor %}</tr>
{% endfor %}</table>{% endif %}
{% for image in images %}
<p><img alt="{{ image.alt }}" src="data:image/png;base64,{{ image.data }}"></p>
{% endfor %}
{% if rule %}<h2>{{ h_rule }}</h2>
<p>{{ rule }}</p>
<table>{% for name, value in rule_rows %}<tr><td>{{ name }}</td><td class="n">{{ value }}</td></tr>
{% endfor %}</table>{% endif %}
<h2>{{ h_files }}</h2>
<ul>{% for f in files %}<li>{{ f }}</li>{% endfor %}</ul>
</body></html>
"""


def discovery_html(
    discovery: Discovery,
    comparison: RuleComparison | None = None,
    *,
    title: str = "",
    images: dict[str, bytes] | None = None,
    files: tuple[str, ...] = (),
) -> str:
    """The discovery as a small HTML page in the current language (jinja2, autoescaped).

    Parameters
    ----------
    discovery : Discovery
    comparison : RuleComparison, optional
        The texts' rule beside the model (:func:`crmsim.analysis.discovery.compare_with_rule`).
    title : str
        Page title (default: the question).
    images : mapping alt text → PNG bytes, optional
        Figures embedded in the page.
    files : tuple of str
        File names listed at the end.

    Examples
    --------
    >>> from crmsim import Scenario, Segment
    >>> from crmsim.analysis.discovery import discover
    >>> found = discover(Scenario(segments=(Segment(name="<b>key</b>", annual_wallet=6e5),)),
    ...                  n_points=100)
    >>> page = discovery_html(found)
    >>> "<b>key</b>" in page, "&lt;b&gt;key&lt;/b&gt;" in page
    (False, True)
    """
    import jinja2

    def pct(x: float) -> str:
        return f"{format_number(100 * x, digits=2)} %"

    question = _question(discovery)
    headers = [
        tr("discovery.html.box"),
        tr("discovery.html.coverage"),
        tr("discovery.html.density"),
        tr("discovery.html.mass"),
        tr("discovery.html.points"),
    ]
    headers += [parameter_label(p, unit=True) for p, _, _ in discovery.ranges]
    rows = []
    for box in discovery.boxes:
        row = [
            str(box.number),
            pct(box.coverage),
            pct(box.density),
            pct(box.mass),
            format_number(box.n_points),
        ]
        for p, lo, hi in box.ranges:
            row.append(
                f"{format_number(lo, digits=3)} – {format_number(hi, digits=3)}"
                if p in box.restricted
                else "·"
            )
        rows.append(row)
    rule_rows = []
    if comparison is not None:
        frame = comparison.to_frame()
        rule_rows = [
            (tr(f"discovery.html.measure.{m}"), pct(v))
            for m, v in zip(frame["measure"], frame["value"], strict=True)
        ]
    env = jinja2.Environment(autoescape=True)
    return env.from_string(_PAGE).render(
        lang=html_lang(),
        title=title or question,
        question=question,
        sample=tr(
            "discovery.html.sample",
            n=format_number(len(discovery.cases)),
            seed=discovery.seed,
            share=pct(discovery.share),
        ),
        h_boxes=tr("discovery.html.h_boxes"),
        box_sentences=[box_text(discovery, b) for b in discovery.boxes] or [box_text(discovery)],
        box_headers=headers,
        boxes=rows,
        images=[
            {"alt": alt, "data": base64.b64encode(png).decode("ascii")}
            for alt, png in (images or {}).items()
        ],
        h_rule=tr("discovery.html.h_rule"),
        rule=comparison.text() if comparison is not None else "",
        rule_rows=rule_rows,
        h_files=tr("discovery.html.h_files"),
        files=list(files),
    )
