"""The consultant's report (``crmsim run``) and scenario comparison (``crmsim compare``).

:func:`write_report` runs a scenario and writes one folder:

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
    The tables behind the figures.

What comes from where: profit by level, the verdicts and the best level come from
``n_replications`` SimPy replications with common random numbers
(:func:`crmsim.analysis.luxury.assess_levels`; intervals are Student-t for values, paired bootstrap
for verdicts). Occupancy, cash flows, frontier map, tornado and break-evens are exact
expectations from the analytic engine (they need no seed).

Atomic output: everything is written into a hidden temporary folder next to the target
(``.NAME.crmsim-tmp-*``), which replaces the target only when complete. An interrupted
run (Ctrl-C, SIGTERM, an error) leaves the previous report untouched and removes the
temporary folder; after a hard kill (SIGKILL, power loss) the next run removes it.

:func:`compare_scenarios` runs two scenarios on the same seeds (common random numbers:
replication ``r`` of both uses child ``r`` of ``SeedSequence(seed)``) and gives the paired
differences in outcomes with confidence intervals.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
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
from crmsim.common.checks import check_int
from crmsim.common.errors import ScenarioError
from crmsim.language.translate import html_lang, level_label, segment_label, tr, use_language
from crmsim.scenario.scenario import Scenario

__all__ = [
    "ReportOutput",
    "assumptions_table",
    "scenario_hash",
    "write_report",
]

_TMP_TAG = ".crmsim-tmp-"
_OLD_TAG = ".crmsim-old-"


@dataclass(frozen=True, slots=True)
class ReportOutput:
    """What :func:`write_report` wrote: the folder, its files, and the manifest."""

    out_dir: Path
    files: tuple[Path, ...]
    manifest: dict[str, Any]


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


def _spec_rows(prefix: str, obj: object) -> list[dict[str, Any]]:
    rows = []
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        spec = f.metadata.get("crmsim") or {}
        value = getattr(obj, f.name)
        if f.name == "initial_mix":
            value = ", ".join(f"{k} {v:g}" for k, v in value)
        if value is None:
            value = "unlimited"
        rows.append({"parameter": f"{prefix}{f.name}", "value": value,
                     "unit": spec.get("unit", ""), "meaning": spec.get("doc", "")})
    return rows


def assumptions_table(scenario: Scenario) -> pd.DataFrame:
    """Every parameter of ``scenario``: parameter path, value, unit, meaning.

    Examples
    --------
    >>> from crmsim import Scenario
    >>> table = assumptions_table(Scenario())
    >>> table.set_index("parameter").loc["lifecycle.churn_new", "unit"]
    'per month'
    """
    rows = [r for r in _spec_rows("", scenario) if r["meaning"]]
    for key in ("lifecycle", "acquisition", "complaints", "staff"):
        rows += _spec_rows(f"{key}.", getattr(scenario, key))
    for seg in scenario.segments:
        rows += [r for r in _spec_rows(f"segments['{seg.name}'].", seg)
                 if not r["parameter"].endswith(".name")]
    for prog in scenario.programmes:
        rows += _spec_rows(f"programmes['{prog.name}'].", prog)
    for level in scenario.levels:
        rows += [r for r in _spec_rows(f"levels['{level.name}'].", level)
                 if not r["parameter"].endswith(".name")]
    rows += [{"parameter": f"plan['{s}']", "value": lv, "unit": "",
              "meaning": "relationship level of the segment"} for s, lv in scenario.plan]
    frame = pd.DataFrame(rows)
    frame["value"] = frame["value"].astype(str)
    return frame


# --------------------------------------------------------------------------------------
# atomic folder output
# --------------------------------------------------------------------------------------


def _recover(out: Path) -> None:
    """Undo what a hard-killed earlier run left behind next to ``out``."""
    parent = out.parent
    if not parent.is_dir():
        return
    for entry in parent.iterdir():
        if entry.name.startswith(f".{out.name}{_TMP_TAG}"):
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.name.startswith(f".{out.name}{_OLD_TAG}"):
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
            old = out.parent / f".{out.name}{_OLD_TAG}{uuid.uuid4().hex[:8]}"
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
    if out.exists() and any(out.iterdir()) and not (out / "manifest.json").exists():
        raise ScenarioError(
            f"--out '{out}' holds files that are not a crmsim report; expected an empty or "
            "new folder, or an earlier report (which is replaced)."
        )
    _recover(out)
    tmp = out.parent / f".{out.name}{_TMP_TAG}{uuid.uuid4().hex[:12]}"
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


def _step_level(scenario: Scenario, segment: str) -> str | None:
    """The level whose step is examined in tornado and break-even for ``segment``."""
    names = scenario.level_names
    if len(names) < 2:
        return None
    planned = dict(scenario.plan)[segment]
    if planned != names[0]:
        return planned
    return "partnership" if "partnership" in names else names[1]


# --------------------------------------------------------------------------------------
# the report
# --------------------------------------------------------------------------------------


def _table_html(frame: pd.DataFrame, max_rows: int = 60) -> str:
    shown = frame if len(frame) <= max_rows else frame.head(max_rows)
    note = "" if len(frame) <= max_rows else f"<p>First {max_rows} of {len(frame)} rows.</p>"
    return shown.to_html(index=False, float_format=lambda v: f"{v:,.4g}", border=0,
                         classes="table", na_rep="") + note


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
        language, :mod:`crmsim.language.translate`); tables keep their English column names. Recorded in
        the manifest.
    """
    from tqdm.auto import tqdm

    from crmsim.analysis.compare import compare_levels
    from crmsim.analysis.frontier import frontier_map
    from crmsim.analysis.luxury import assess_levels, break_even
    from crmsim.analysis.sensitivity import tornado
    from crmsim.common.version import __version__
    from crmsim.scenario.toml_io import scenario_to_dict, scenario_to_toml
    from crmsim.views.luxury_plots import (
        plot_break_even,
        plot_frontier,
        plot_tornado,
        plot_verdicts,
    )
    from crmsim.views.plots import plot_cumulative_profit
    from crmsim.views.style import classroom_style

    n_replications = check_int("--replications", n_replications, low=2)
    workers = check_int("--workers", workers, low=1)
    frontier_points = check_int("frontier_points", frontier_points, low=3)
    if seed is None:
        seed = int(np.random.SeedSequence().entropy)
    seed = check_int("--seed", seed, low=0)
    _use_agg()
    out = Path(out_dir)
    multi = len(scenario.level_names) >= 2
    segments = [seg.name for seg in scenario.segments]
    stages = 3 + (3 * len(segments) if multi else 0)
    figures: list[dict[str, Any]] = []
    tables: dict[str, pd.DataFrame] = {}
    recipe: dict[str, dict[str, Any]] = {}

    def figure(key: str, title: str, fig, how: dict[str, Any], csv: str | None) -> None:
        figures.append({"key": key, "title": title, "png": _png(fig)})
        recipe[key] = {**how, "csv": csv}

    with (use_language(lang) as language, _staging(out) as tmp,
          tqdm(total=stages, desc="report", disable=not progress) as bar):
        with workers_executor(workers) as executor:
            assessment = assess_levels(scenario, engine="simpy", n_replications=n_replications,
                                       seed=seed, executor=executor, progress_bar=progress)
        bar.update()
        comparison = compare_levels(scenario, engine="analytic")
        tables.update(values=assessment.values, verdicts=assessment.verdicts,
                      best=assessment.best, occupancy=comparison.occupancy,
                      cash_flows=comparison.cash_flows,
                      assumptions=assumptions_table(scenario))
        simpy_how = {"function": "crmsim.analysis.luxury.assess_levels",
                     "arguments": {"engine": "simpy", "n_replications": n_replications,
                                   "seed": seed}}
        with classroom_style():
            figure("occupancy", tr("plots.occupancy.title"), _occupancy_figure(comparison),
                   {"function": "crmsim.analysis.compare.compare_levels",
                    "arguments": {"engine": "analytic"}}, "occupancy.csv")
            figure("cash_flows", tr("report.figure.cash_flows"),
                   plot_cumulative_profit(comparison.cash_flows),
                   {"function": "crmsim.analysis.compare.compare_levels",
                    "arguments": {"engine": "analytic"}}, "cash_flows.csv")
            figure("profit_by_level", tr("report.figure.profit_by_level"),
                   _profit_ci_figure(assessment.values), simpy_how, "values.csv")
            bar.update()
            breaks, tornados, frontiers = [], [], []
            for name in segments:
                if not multi:
                    break
                level = _step_level(scenario, name)
                shown = segment_label(name)
                figure(f"verdicts[{name}]", tr("report.figure.verdicts", segment=shown),
                       plot_verdicts(assessment.verdicts, segment=name), simpy_how,
                       "verdicts.csv")
                fmap = frontier_map(scenario, segment=name, n_points=frontier_points)
                frame = fmap.frame()
                frame.insert(0, "segment", name)
                frontiers.append(frame)
                figure(f"frontier[{name}]", tr("report.figure.frontier", segment=shown),
                       plot_frontier(fmap),
                       {"function": "crmsim.analysis.frontier.frontier_map",
                        "arguments": {"segment": name, "n_points": frontier_points}},
                       "frontier.csv")
                bar.update()
                swing = tornado(scenario, segment=name, level=level, output="extra_profit")
                swing.insert(0, "segment", name)
                tornados.append(swing)
                figure(f"tornado[{name}]", tr("report.figure.tornado", segment=shown,
                                                 level=level_label(level)),
                       plot_tornado(swing, level=level),
                       {"function": "crmsim.analysis.sensitivity.tornado",
                        "arguments": {"segment": name, "level": level,
                                      "output": "extra_profit"}}, "tornado.csv")
                bar.update()
                result = break_even(scenario, segment=name, level=level,
                                    parameter="switching_cost")
                breaks.append({"segment": name, "level": level,
                               "cheaper_level": result.cheaper_level,
                               "parameter": result.parameter,
                               "break_even": "; ".join(f"{v:.4g}" for v in result.values),
                               "statement": result.statement})
                figure(f"break_even[{name}]",
                       tr("report.figure.break_even", statement=result.statement),
                       plot_break_even(result),
                       {"function": "crmsim.analysis.luxury.break_even",
                        "arguments": {"segment": name, "level": level,
                                      "parameter": "switching_cost"}}, "break_even.csv")
                bar.update()
        if multi:
            tables.update(frontier=pd.concat(frontiers, ignore_index=True),
                          tornado=pd.concat(tornados, ignore_index=True),
                          break_even=pd.DataFrame(breaks))
        manifest = {
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
            "n_replications": n_replications,
            "workers": workers,
            "language": language,
            "reproduce": ("crmsim " + ("" if language == "en" else f"--lang {language} ")
                          + f"run scenario.toml --replications {n_replications} --seed {seed}"),
            "figures": recipe,
            "tables": sorted(f"{k}.csv" for k in tables),
            "parameters": scenario_to_dict(scenario),
        }
        files = []
        for key, frame in tables.items():
            frame.to_csv(tmp / f"{key}.csv", index=False)
            files.append(out / f"{key}.csv")
        (tmp / "scenario.toml").write_text(scenario_to_toml(scenario), encoding="utf-8")
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str),
                                           encoding="utf-8")
        (tmp / "report.html").write_text(
            _html(scenario, assessment, figures, tables, manifest), encoding="utf-8")
        files += [out / "scenario.toml", out / "manifest.json", out / "report.html"]
        bar.update()
    return ReportOutput(out, tuple(files), manifest)


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


def _html(scenario, assessment, figures, tables, manifest) -> str:
    from crmsim.analysis.luxury import verdict_text

    e = html.escape
    title = e(tr("report.title", name=scenario.name))
    verdicts = assessment.verdicts
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
        f"<h2>{e(tr('report.best'))}</h2>", _table_html(assessment.best),
        f"<h2>{e(tr('report.verdicts'))}</h2>",
        f"<p>{e(tr('report.verdicts.explain'))}</p>",
    ]
    if len(verdicts):
        parts += ["<ul>", *(f"<li>{e(verdict_text(row))}</li>" for _, row in verdicts.iterrows()),
                  "</ul>", _table_html(verdicts)]
    else:
        parts.append(f"<p>{e(tr('report.one_level'))}</p>")
    if "break_even" in tables:
        parts += [f"<h2>{e(tr('report.break_evens'))}</h2>", "<ul>"]
        parts += [f"<li>{e(s)}</li>" for s in tables["break_even"]["statement"]]
        parts += ["</ul>"]
    parts.append(f"<h2>{e(tr('report.figures'))}</h2>")
    for fig in figures:
        parts.append(
            f'<figure id="fig-{e(fig["key"])}"><figcaption>{e(fig["title"])}</figcaption>'
            f'<img alt="{e(fig["title"])}" src="data:image/png;base64,{fig["png"]}"></figure>'
        )
    parts += [f"<h2>{e(tr('report.values'))}</h2>", _table_html(assessment.values),
              f"<h2>{e(tr('report.assumptions'))}</h2>",
              _table_html(tables["assumptions"], max_rows=10_000),
              f"<h2>{e(tr('report.manifest'))}</h2>",
              "<p>" + tr("report.manifest.note", file="<code>manifest.json</code>") + "</p>",
              f"<pre>{e(json.dumps(manifest, indent=2, default=str))}</pre>",
              '<script type="application/json" id="crmsim-manifest">',
              json.dumps(manifest, default=str).replace("</", "<\\/"),
              "</script></body></html>"]
    return "\n".join(parts)


def read_manifest(report_html: str | os.PathLike[str]) -> dict[str, Any]:
    """The manifest embedded in a ``report.html``."""
    text = Path(report_html).read_text(encoding="utf-8")
    start = text.index('id="crmsim-manifest">') + len('id="crmsim-manifest">')
    end = text.index("</script>", start)
    return json.loads(text[start:end])


__all__ += ["read_manifest"]


# --------------------------------------------------------------------------------------
# comparing two scenarios
# --------------------------------------------------------------------------------------
