"""The consultant's report (``crmsim run``): the analysis drawn and written as one folder.

:func:`write_report` runs :func:`crmsim.analysis.report.analyse_for_report` and writes:

``report.html``
    Self-contained (figures embedded as base64 PNG, no external files): occupancy, cash
    flows, profit by level with confidence intervals, luxury verdicts, frontier map,
    tornado and break-evens per segment, the assumptions as a table, and the manifest.
``manifest.json``
    crmsim version, scenario hash, seed and its entropy, every parameter, and for each
    figure the function and arguments that made it and the CSV holding its numbers.
``scenario.toml``
    The scenario as run; ``crmsim run scenario.toml --seed ENTROPY --replications N``
    reproduces every figure.
``*.csv``
    The tables behind the figures (:meth:`crmsim.analysis.report.ReportAnalysis.tables`).

What comes from where is said in :mod:`crmsim.analysis.report`; this module only draws,
renders and writes.

Atomic output: everything is written into a hidden temporary folder next to the target
(``.NAME.crmsim-tmp-PID-*``), which replaces the target only when complete. An interrupted
run (Ctrl-C, SIGTERM, an error) leaves the previous report untouched and removes the
temporary folder; after a hard kill (SIGKILL, power loss) the next run removes it, and puts
the previous report back if the kill came between the two renames that replace it.

One run per folder: a run holds :func:`crmsim.common.files.folder_lock` on the target
(``.NAME.crmsim-lock``, with its pid and host) from start to publication; a second run into
the same folder stops at once with one sentence naming the first one's pid, and touches
nothing. Leftovers are cleaned only when the pid in their name is no longer running.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import io
import json
import os
import platform
import shutil
import signal
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from crmsim.analysis.experiments import workers_executor
from crmsim.analysis.report import ReportAnalysis, analyse_for_report
from crmsim.common.checks import check_int
from crmsim.common.errors import ScenarioError
from crmsim.common.files import folder_lock, process_alive
from crmsim.common.numbers import format_number
from crmsim.common.text import csv_safe
from crmsim.language.translate import html_lang, level_label, segment_label, tr, use_language
from crmsim.scenario.scenario import Scenario

__all__ = [
    "ReportOutput",
    "read_manifest",
    "scenario_hash",
    "write_report",
]

_TMP_TAG = ".crmsim-tmp-"
_OLD_TAG = ".crmsim-old-"


@dataclass(frozen=True, slots=True)
class ReportOutput:
    """What :func:`write_report` wrote.

    Attributes
    ----------
    out_dir : Path
        The report folder.
    files : tuple of Path
        The files in it.
    manifest : dict
        The manifest (also in ``manifest.json`` and embedded in ``report.html``).
    analysis : ReportAnalysis
        The numbers behind the report (e.g. ``analysis.best``: the best level per segment).
    """

    out_dir: Path
    files: tuple[Path, ...]
    manifest: dict[str, Any]
    analysis: ReportAnalysis


# --------------------------------------------------------------------------------------
# manifest helpers
# --------------------------------------------------------------------------------------


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 of the scenario's canonical JSON (its file layout, keys sorted).

    Examples
    --------
    >>> from crmsim import Scenario
    >>> scenario_hash(Scenario()) == scenario_hash(Scenario())
    True
    """
    from crmsim.scenario.toml_io import scenario_to_dict

    text = json.dumps(scenario_to_dict(scenario), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------------------
# atomic folder output
# --------------------------------------------------------------------------------------


def _owner_gone(entry: Path, tag: str) -> bool:
    """Whether the run that made ``entry`` (``.NAME<tag>PID-HEX``) is no longer running."""
    pid, _, rest = entry.name.partition(tag)[2].partition("-")
    if not (pid.isdigit() and rest):  # made before names carried the pid
        return True
    return int(pid) != os.getpid() and not process_alive(int(pid))


def _recover(out: Path) -> None:
    """Undo what a hard-killed earlier run left behind next to ``out`` (dead owners only)."""
    parent = out.parent
    if not parent.is_dir():
        return
    for entry in parent.iterdir():
        if entry.name.startswith(f".{out.name}{_TMP_TAG}"):
            if _owner_gone(entry, _TMP_TAG):
                shutil.rmtree(entry, ignore_errors=True)
        elif entry.name.startswith(f".{out.name}{_OLD_TAG}") and _owner_gone(entry, _OLD_TAG):
            if out.exists():
                shutil.rmtree(entry, ignore_errors=True)
            else:  # killed between the two renames: put the previous report back
                os.rename(entry, out)


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None:  # pragma: no cover - Windows
        yield
        return
    old = mask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, old)


def _publish(tmp: Path, out: Path) -> None:
    """Move the finished folder ``tmp`` to ``out``, replacing a previous report."""
    with _signals_blocked():
        if out.exists():
            old = out.parent / f".{out.name}{_OLD_TAG}{os.getpid()}-{uuid.uuid4().hex[:8]}"
            os.rename(out, old)
            try:
                os.rename(tmp, out)
            except BaseException:
                os.rename(old, out)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, out)


@contextlib.contextmanager
def _staging(out: Path) -> Iterator[Path]:
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists() and not out.is_dir():
        raise ScenarioError(f"--out must be a folder; received the file '{out}'.")
    with folder_lock(out):
        if out.exists() and any(out.iterdir()) and not (out / "manifest.json").exists():
            raise ScenarioError(
                f"--out '{out}' holds files that are not a crmsim report; expected an empty "
                "or new folder, or an earlier report (which is replaced)."
            )
        _recover(out)
        tmp = out.parent / f".{out.name}{_TMP_TAG}{os.getpid()}-{uuid.uuid4().hex[:12]}"
        tmp.mkdir()  # honours the umask, unlike tempfile.mkdtemp
        try:
            yield tmp
            _publish(tmp, out)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise


# --------------------------------------------------------------------------------------
# figures
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Figure:
    """One figure of the report: its key, caption, PNG and how it was made."""

    key: str
    title: str
    png: str
    recipe: dict[str, Any]


def _png(fig) -> str:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _profit_ci_figure(values: pd.DataFrame):
    from crmsim.views.plots import plot_value_by_level

    fig = plot_value_by_level(values, interval=("value_per_customer_low",
                                                "value_per_customer_high"))
    fig.axes[0].set_title(tr("report.profit_ci.title"))
    return fig


def _occupancy_figure(comparison):
    import matplotlib.pyplot as plt

    from crmsim.views.plots import plot_occupancy

    levels = comparison.levels
    fig, axes = plt.subplots(1, len(levels), figsize=(4.2 * len(levels), 4.2), sharey=True,
                             layout="constrained", squeeze=False)
    for ax, level in zip(axes[0], levels, strict=True):
        plot_occupancy(comparison.level_frame("occupancy", level), title=level_label(level),
                       ax=ax)
        if ax is not axes[0][-1]:
            ax.get_legend().remove()
    fig.suptitle(tr("report.occupancy.title"))
    return fig


def _figures(analysis: ReportAnalysis, progress: bool) -> list[_Figure]:
    """Draw every figure of the report from ``analysis`` (in the current language)."""
    from tqdm.auto import tqdm

    from crmsim.views.luxury_plots import (
        plot_break_even,
        plot_frontier,
        plot_tornado,
        plot_verdicts,
    )
    from crmsim.views.plots import plot_cumulative_profit
    from crmsim.views.style import classroom_style

    analytic = {"function": "crmsim.analysis.compare.compare_levels",
                "arguments": {"engine": "analytic"}}
    simpy = {"function": "crmsim.analysis.luxury.assess_levels",
             "arguments": {"engine": "simpy", "n_replications": analysis.n_replications,
                           "seed": analysis.seed}}
    figures: list[_Figure] = []
    n_figures = 3 + 4 * len(analysis.break_evens)
    with classroom_style(), tqdm(total=n_figures, desc="figures", disable=not progress) as bar:

        def add(key: str, title: str, fig, how: dict[str, Any], csv: str) -> None:
            figures.append(_Figure(key, title, _png(fig), {**how, "csv": csv}))
            bar.update()

        add("occupancy", tr("plots.occupancy.title"), _occupancy_figure(analysis.comparison),
            analytic, "occupancy.csv")
        add("cash_flows", tr("report.figure.cash_flows"),
            plot_cumulative_profit(analysis.cash_flows), analytic, "cash_flows.csv")
        add("profit_by_level", tr("report.figure.profit_by_level"),
            _profit_ci_figure(analysis.values), simpy, "values.csv")
        for fmap, result in zip(analysis.frontier_maps, analysis.break_evens, strict=True):
            name, level = result.segment, result.level
            shown = segment_label(name)
            add(f"verdicts[{name}]", tr("report.figure.verdicts", segment=shown),
                plot_verdicts(analysis.verdicts, segment=name), simpy, "verdicts.csv")
            add(f"frontier[{name}]", tr("report.figure.frontier", segment=shown),
                plot_frontier(fmap),
                {"function": "crmsim.analysis.frontier.frontier_map",
                 "arguments": {"segment": name, "n_points": analysis.frontier_points}},
                "frontier.csv")
            swing = analysis.tornado[analysis.tornado["segment"] == name]
            add(f"tornado[{name}]", tr("report.figure.tornado", segment=shown,
                                       level=level_label(level)),
                plot_tornado(swing, level=level),
                {"function": "crmsim.analysis.sensitivity.tornado",
                 "arguments": {"segment": name, "level": level, "output": "extra_profit"}},
                "tornado.csv")
            add(f"break_even[{name}]", tr("report.figure.break_even", statement=result.statement),
                plot_break_even(result),
                {"function": "crmsim.analysis.break_even_points.break_even",
                 "arguments": {"segment": name, "level": level,
                               "parameter": result.parameter}},
                "break_even.csv")
    return figures


# --------------------------------------------------------------------------------------
# the report
# --------------------------------------------------------------------------------------


def write_report(
    scenario: Scenario,
    out_dir: str | os.PathLike[str],
    *,
    n_replications: int = 30,
    seed: int | None = None,
    workers: int = 1,
    progress: bool = True,
    frontier_points: int = 21,
    source: str | os.PathLike[str] | None = None,
    command: str | None = None,
    lang: str | None = None,
) -> ReportOutput:
    """Run ``scenario`` and write the report folder ``out_dir`` atomically.

    Parameters
    ----------
    scenario : Scenario
    out_dir : path
        The report folder; an earlier report there is replaced only once the new one is
        complete.
    n_replications : int
        SimPy replications (at least 2, for confidence intervals).
    seed : int, optional
        Root seed; None draws fresh entropy (recorded in the manifest).
    workers : int
        Processes for the replications (1: in this process).
    progress : bool
        Show tqdm progress bars.
    frontier_points : int
        Grid points per axis of the frontier maps.
    source : path, optional
        The scenario file, whose SHA-256 is recorded too.
    command : str, optional
        The command line, recorded in the manifest.
    lang : {"en", "zh"}, optional
        Language of the headings, figures and statements (default: the current display
        language, :mod:`crmsim.language.translate`); tables keep their English column
        names. Recorded in the manifest.

    Returns
    -------
    ReportOutput
        The folder, its files, the manifest and the :class:`ReportAnalysis` drawn.
    """
    from crmsim.scenario.toml_io import scenario_to_toml

    n_replications = check_int("--replications", n_replications, low=2)
    workers = check_int("--workers", workers, low=1)
    frontier_points = check_int("frontier_points", frontier_points, low=3)
    if seed is not None:
        seed = check_int("--seed", seed, low=0)
    _use_agg()
    out = Path(out_dir)
    with use_language(lang) as language, _staging(out) as tmp:
        with workers_executor(workers) as executor:
            analysis = analyse_for_report(scenario, n_replications=n_replications, seed=seed,
                                          executor=executor, progress=progress,
                                          frontier_points=frontier_points)
        figures = _figures(analysis, progress)
        tables = analysis.tables()
        manifest = _manifest(analysis, figures, tables, workers=workers, language=language,
                             source=source, command=command)
        files = []
        for key, frame in tables.items():
            csv_safe(frame).to_csv(tmp / f"{key}.csv", index=False)
            files.append(out / f"{key}.csv")
        (tmp / "scenario.toml").write_text(scenario_to_toml(scenario), encoding="utf-8")
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str),
                                           encoding="utf-8")
        (tmp / "report.html").write_text(_html(analysis, figures, tables, manifest),
                                         encoding="utf-8")
        files += [out / "scenario.toml", out / "manifest.json", out / "report.html"]
    return ReportOutput(out, tuple(files), manifest, analysis)


def _manifest(analysis: ReportAnalysis, figures: list[_Figure],
              tables: dict[str, pd.DataFrame], *, workers: int, language: str,
              source: str | os.PathLike[str] | None, command: str | None) -> dict[str, Any]:
    from crmsim.common.version import __version__
    from crmsim.scenario.toml_io import scenario_to_dict

    scenario, seed, n = analysis.scenario, analysis.seed, analysis.n_replications
    return {
        "crmsim_version": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "command": command,
        "scenario_name": scenario.name,
        "scenario_sha256": scenario_hash(scenario),
        "source_file": None if source is None else os.fspath(source),
        "source_file_sha256": (None if source is None else
                               hashlib.sha256(Path(source).read_bytes()).hexdigest()),
        "seed": seed,
        "seed_entropy": int(np.random.SeedSequence(seed).entropy),
        "n_replications": n,
        "workers": workers,
        "language": language,
        "reproduce": ("crmsim " + ("" if language == "en" else f"--lang {language} ")
                      + f"run scenario.toml --replications {n} --seed {seed}"),
        "figures": {fig.key: fig.recipe for fig in figures},
        "tables": sorted(f"{k}.csv" for k in tables),
        "parameters": scenario_to_dict(scenario),
    }


def _use_agg() -> None:
    import matplotlib

    if matplotlib.get_backend().lower() not in ("agg",
                                                 "module://matplotlib_inline.backend_inline"):
        matplotlib.use("Agg")


_CSS = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;
color:#222}h1,h2{border-bottom:1px solid #ddd}img{max-width:100%}
table.table{border-collapse:collapse;font-size:0.85em;margin:0.5em 0}
table.table td,table.table th{border:1px solid #ccc;padding:2px 6px;text-align:right}
figure{margin:1.5em 0}figcaption{font-weight:bold}pre{background:#f6f6f6;padding:1em;
overflow:auto;font-size:0.8em}
"""


def _table_html(frame: pd.DataFrame, max_rows: int = 60) -> str:
    shown = frame if len(frame) <= max_rows else frame.head(max_rows)
    note = "" if len(frame) <= max_rows else f"<p>First {max_rows} of {len(frame)} rows.</p>"
    return shown.to_html(index=False, float_format=lambda v: format_number(v, digits=4),
                         border=0, classes="table", na_rep="") + note


def _html(analysis: ReportAnalysis, figures: list[_Figure], tables: dict[str, pd.DataFrame],
          manifest: dict[str, Any]) -> str:
    from crmsim.analysis.luxury import verdict_text

    e = html.escape
    scenario, verdicts = analysis.scenario, analysis.verdicts
    title = e(tr("report.title", name=scenario.name))
    parts = [
        "<!DOCTYPE html>", f'<html lang="{html_lang()}"><head><meta charset="utf-8">',
        f"<title>{title}</title><style>{_CSS}</style></head><body>",
        f"<h1>{title}</h1>",
        f"<p>{e(scenario.description)}</p>" if scenario.description else "",
        "<p>" + tr("report.meta", version=e(str(manifest["crmsim_version"])),
                   n=manifest["n_replications"], seed=manifest["seed"],
                   sha=f"<code>{manifest['scenario_sha256'][:16]}…</code>",
                   created=e(manifest["created"]),
                   command=f"<code>{e(manifest['reproduce'])}</code>") + "</p>",
        f"<h2>{e(tr('report.best'))}</h2>", _table_html(analysis.best),
        f"<h2>{e(tr('report.verdicts'))}</h2>",
        f"<p>{e(tr('report.verdicts.explain'))}</p>",
    ]
    if len(verdicts):
        parts += ["<ul>", *(f"<li>{e(verdict_text(row))}</li>" for _, row in verdicts.iterrows()),
                  "</ul>", _table_html(verdicts)]
    else:
        parts.append(f"<p>{e(tr('report.one_level'))}</p>")
    sides = analysis.both_sides[["segment", "level", "firm_extra", "customer_gain",
                                 "customer_gain_share", "win_win"]]
    parts += [f"<h2>{e(tr('report.both_sides'))}</h2>",
              f"<p>{e(tr('report.both_sides.explain'))}</p>", _table_html(sides)]
    if "break_even" in tables:
        parts += [f"<h2>{e(tr('report.break_evens'))}</h2>", "<ul>"]
        parts += [f"<li>{e(s)}</li>" for s in tables["break_even"]["statement"]]
        parts += ["</ul>"]
    parts.append(f"<h2>{e(tr('report.figures'))}</h2>")
    for fig in figures:
        parts.append(
            f'<figure id="fig-{e(fig.key)}"><figcaption>{e(fig.title)}</figcaption>'
            f'<img alt="{e(fig.title)}" src="data:image/png;base64,{fig.png}"></figure>'
        )
    parts += [f"<h2>{e(tr('report.values'))}</h2>", _table_html(analysis.values),
              f"<h2>{e(tr('report.assumptions'))}</h2>",
              _table_html(analysis.assumptions, max_rows=10_000),
              f"<h2>{e(tr('report.manifest'))}</h2>",
              "<p>" + tr("report.manifest.note", file="<code>manifest.json</code>") + "</p>",
              f"<pre>{e(json.dumps(manifest, indent=2, default=str))}</pre>",
              '<script type="application/json" id="crmsim-manifest">',
              json.dumps(manifest, default=str).replace("<", "\\u003c").replace(">", "\\u003e"),
              "</script></body></html>"]
    return "\n".join(parts)


def read_manifest(report_html: str | os.PathLike[str]) -> dict[str, Any]:
    """The manifest embedded in a ``report.html``."""
    text = Path(report_html).read_text(encoding="utf-8")
    start = text.index('id="crmsim-manifest">') + len('id="crmsim-manifest">')
    end = text.index("</script>", start)
    return json.loads(text[start:end])
