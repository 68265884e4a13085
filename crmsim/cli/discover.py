"""``crmsim discover``: where a level pays (or is luxurious) for a segment, found by PRIM.

``crmsim discover SCENARIO --segment NAME --level LEVEL`` samples the segment's traits (a
Latin hypercube), evaluates every level at every point with the analytic engine, finds PRIM
boxes of the verdict and sets the texts' rule beside them
(:mod:`crmsim.analysis.discovery`). It writes, atomically, into ``--out``:

``discovery.html``
    the question, the boxes in words and as a table, the two figures and the texts' rule;
``boxes.csv``, ``trajectories.csv``, ``points.csv``, ``rule.csv``
    the boxes, every box's peeling trajectory, every point with its values and verdict, and
    the rule's scores;
``parts/``
    the finished chunks of points: an interrupted run started again with the same options
    resumes where it stopped.

SCENARIO is a scenario TOML file or the name of a preset (``classroom``): the rule of every
command that takes a scenario (:func:`crmsim.cli.scenario_source.scenario_source`).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from crmsim.cli.options import add_command, invalid_value, positive_whole_number, show_progress
from crmsim.cli.scenario_source import scenario_help, scenario_source
from crmsim.common.extras import require_extra
from crmsim.language.translate import level_label, segment_label, tr

__all__ = ["add_commands", "parse_range"]


def parse_range(text: str) -> tuple[str, tuple[float, float] | None]:
    """``PATH=LOW:HIGH`` (or a bare ``PATH`` for its default range) as (path, range).

    Examples
    --------
    >>> parse_range("switching_cost=0.2:0.9"), parse_range("mutual_need")
    (('switching_cost', (0.2, 0.9)), ('mutual_need', None))
    >>> parse_range("switching_cost=high")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected PATH=LOW:HIGH with two numbers; received \
'switching_cost=high'
    """
    path, eq, bounds = text.partition("=")
    if not path.strip():
        raise invalid_value("cli.arg.range", text=text)
    if not eq:
        return path.strip(), None
    low, colon, high = bounds.partition(":")
    try:
        if not colon:
            raise ValueError
        return path.strip(), (float(low), float(high))
    except ValueError:
        raise invalid_value("cli.arg.range_numbers", text=text) from None


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``crmsim discover``."""
    command = add_command(commands, "discover")
    command.add_argument("scenario", help=scenario_help())
    command.add_argument(
        "--segment", default=None, help="the segment whose traits are sampled (needed with several)"
    )
    command.add_argument(
        "--level", default="partnership", help="the level asked about (default: partnership)"
    )
    command.add_argument(
        "--outcome",
        default="pays",
        choices=("pays", "luxurious", "best", "at_least"),
        help="the verdict looked for (default: pays)",
    )
    command.add_argument(
        "--range",
        dest="ranges",
        action="append",
        type=parse_range,
        default=None,
        metavar="PATH=LOW:HIGH",
        help="a trait and its range (repeat; a bare PATH takes its default "
        "range); default: mutual importance, mutual need, customer power, "
        "switching cost and annual wallet",
    )
    command.add_argument(
        "--points",
        type=positive_whole_number,
        default=2000,
        help="Latin-hypercube points (default: 2000)",
    )
    command.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    command.add_argument(
        "--out",
        type=Path,
        default=None,
        help="output folder (default: crmsim-discovery/<scenario>)",
    )
    command.add_argument(
        "--workers",
        type=positive_whole_number,
        default=1,
        help="processes evaluating the points (default: 1)",
    )
    command.add_argument("--no-progress", action="store_true", help="no progress bar")
    command.set_defaults(handler=_discover)


def _joined(frame):
    """The trajectories with each step's restricted traits as one text cell."""
    if "restricted" in frame:
        frame = frame.assign(restricted=frame["restricted"].map("; ".join))
    return frame


def _discover(args: argparse.Namespace) -> int:
    require_extra("crmsim discover", "discovery")
    from crmsim.analysis.discovery import box_text, compare_with_rule, discover
    from crmsim.analysis.experiments import workers_executor
    from crmsim.common.checks import check_choice
    from crmsim.common.errors import ScenarioError
    from crmsim.common.files import atomic_open, folder_lock, write_text_atomic
    from crmsim.common.text import csv_safe
    from crmsim.views.discovery_plots import (
        discovery_html,
        figure_png,
        plot_box,
        plot_trajectory,
    )

    if args.seed < 0:
        raise ScenarioError(f"--seed must be a whole number >= 0; received {args.seed}.")
    source = scenario_source("SCENARIO", args.scenario)
    scenario, stem = source.load(), source.stem
    segment = scenario.segment_name(args.segment, field="--segment")
    check_choice("--level", args.level, scenario.level_names)
    ranges = None if args.ranges is None else dict(args.ranges)
    out = args.out if args.out is not None else Path("crmsim-discovery") / stem
    started = time.perf_counter()
    print(
        tr(
            "cli.discover.start",
            name=scenario.name,
            segment=segment_label(segment),
            level=level_label(args.level),
            n=args.points,
            seed=args.seed,
        ),
        flush=True,
    )
    with folder_lock(out), workers_executor(args.workers) as executor:
        found = discover(
            scenario,
            segment=segment,
            level=args.level,
            outcome=args.outcome,
            ranges=ranges,
            n_points=args.points,
            seed=args.seed,
            executor=executor,
            progress_bar=show_progress(args),
            store=out / "parts",
        )
        comparison = None
        if scenario.level_names.index(args.level) > 0:
            comparison = compare_with_rule(found)
        tables = {
            "boxes.csv": found.to_frame(),
            "trajectories.csv": _joined(found.trajectories()),
            "points.csv": found.points_frame(),
        }
        if comparison is not None:
            tables["rule.csv"] = comparison.to_frame()
        for name, frame in tables.items():
            with atomic_open(out / name, "w", encoding="utf-8", newline="") as handle:
                csv_safe(frame).to_csv(handle, index=False)
        images = {}
        if found.boxes:
            import matplotlib

            matplotlib.use("Agg")
            images[tr("discovery.html.h_boxes")] = figure_png(plot_trajectory(found))
            if len(found.ranges) >= 2:
                images[tr("discovery.plot.box", number=1)] = figure_png(plot_box(found))
        page = out / "discovery.html"
        write_text_atomic(
            page,
            discovery_html(
                found,
                comparison,
                images=images,
                files=tuple(tables),
                title=tr("discovery.html.title", scenario=scenario.name),
            ),
        )
    for box in found.boxes or (None,):
        print(box_text(found, box))
    if comparison is not None:
        print(comparison.text())
    print(tr("cli.discover.wrote", page=page, n=len(tables), seconds=time.perf_counter() - started))
    return 0
