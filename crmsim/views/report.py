"""The consultant's report (``crmsim run``): the analysis drawn and written as one folder.

:func:`write_report` runs :func:`crmsim.analysis.report.analyse_for_report` and writes:

``report.html``
    Self-contained (figures embedded as base64 PNG, the Chinese font embedded as a subset, no
    external files), rendered from the jinja2 template ``templates/report.html.j2``: a
    summary paragraph, the best levels, luxury verdicts, both sides' gains and profit by
    level as tables with translated headings, formatted numbers (no exponent form; an
    infinite luxury ratio reads "no extra return"), the figures, and as appendices the
    assumptions and the manifest; print CSS makes it a clean PDF from the browser.
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
import io
import json
import math
import os
import platform
import shutil
import signal
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from crmsim.analysis.experiments import workers_executor
from crmsim.analysis.luxury import VerdictOptions
from crmsim.analysis.report import ReportAnalysis, analyse_for_report
from crmsim.common.checks import check_int
from crmsim.common.errors import ScenarioError
from crmsim.common.files import folder_lock, make_folder, process_alive
from crmsim.common.numbers import format_number
from crmsim.common.text import csv_safe
from crmsim.language.translate import (
    MONEY_COLUMNS,
    get_language,
    html_lang,
    level_label,
    money_label,
    preset_label,
    scenario_description,
    segment_label,
    tr,
    tr_markup,
    use_language,
    verdict_label,
)
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
    make_folder(out.parent)
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


def _figures(analysis: ReportAnalysis, progress: bool) -> list[_Figure]:
    """Draw every figure of the report from ``analysis`` (in the current language)."""
    import matplotlib.pyplot as plt
    from tqdm.auto import tqdm

    from crmsim.views.discovery_plots import plot_box
    from crmsim.views.luxury_plots import (
        plot_break_even,
        plot_frontier,
        plot_tornado,
        plot_verdicts,
    )
    from crmsim.views.plots import (
        plot_cumulative_profit_by_segment,
        plot_occupancy_by_level,
        plot_value_by_segment,
    )
    from crmsim.views.style import classroom_style

    analytic = {"function": "crmsim.analysis.compare.compare_levels",
                "arguments": {"engine": "analytic"}}
    simpy = {"function": "crmsim.analysis.luxury.assess_levels",
             "arguments": {"engine": "simpy", "n_replications": analysis.n_replications,
                           "seed": analysis.seed}}
    figures: list[_Figure] = []
    n_figures = 3 + 4 * len(analysis.break_evens) + sum(
        1 for found in analysis.discoveries if found.boxes)
    with classroom_style(), tqdm(total=n_figures, disable=not progress,
                                 bar_format="{desc}: {n_fmt}/{total_fmt} [{elapsed}]") as bar:

        def add(key: str, title: str, fig, how: dict[str, Any], csv: str) -> None:
            short = title if len(title) <= 50 else title[:49] + "…"
            bar.set_description_str(tr("report.step.figure", title=short))
            figures.append(_Figure(key, title, _png(fig), {**how, "csv": csv}))
            bar.update()

        add("profit_by_level", tr("report.figure.value_by_segment"),
            plot_value_by_segment(analysis.values, verdicts=analysis.verdicts,
                                  interval=("value_per_customer_low",
                                            "value_per_customer_high"),
                                  title=tr("report.profit_ci.title")),
            simpy, "values.csv")
        add("cash_flows", tr("report.figure.cash_flows"),
            plot_cumulative_profit_by_segment(analysis.cash_flows), analytic, "cash_flows.csv")
        add("occupancy", tr("plots.occupancy.title"),
            plot_occupancy_by_level(analysis.occupancy, title=tr("report.occupancy.title")),
            analytic, "occupancy.csv")
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
                 "arguments": {"segment": name, "level": level,
                               "output": str(swing["output"].iloc[0])}},
                "tornado.csv")
            add(f"break_even[{name}]", tr("report.figure.break_even", statement=result.statement),
                plot_break_even(result),
                {"function": "crmsim.analysis.break_even_points.break_even",
                 "arguments": {"segment": name, "level": level,
                               "parameter": result.parameter}},
                "break_even.csv")
        for found in analysis.discoveries:
            if not found.boxes:
                continue
            fig, ax = plt.subplots(figsize=(8.5, 5.2), layout="constrained")
            plot_box(found, ax=ax)
            add(f"discovery[{found.segment}]",
                tr("discovery.question.pays", level=level_label(found.level),
                   segment=segment_label(found.segment)),
                fig,
                {"function": "crmsim.analysis.discovery.discover",
                 "arguments": {"scenario": f"segment_alone({found.segment!r}, "
                                           "unlimited_staff=True)",
                               "segment": found.segment, "level": found.level,
                               "n_points": len(found.cases), "seed": found.seed},
                 "drawn_by": "crmsim.views.discovery_plots.plot_box"},
                "discovery.csv")
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
        Language of the report's text, tables and figures (default: the current display
        language, :mod:`crmsim.language.translate`); the CSV files keep their English column
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


def _money(value: float) -> str:
    """An amount in whole currency units, with thousands separators."""
    return format_number(round(float(value))) if np.isfinite(value) else "–"


def _ratio(value: float) -> str:
    """A luxury ratio to two significant figures; +inf (cost, no extra return) in words."""
    value = float(value)
    if math.isinf(value) and value > 0:
        return tr("report.no_return")
    if not math.isfinite(value):
        return tr("report.not_defined")
    return format_number(value, digits=2, significant=True)


def _interval(low: float, high: float) -> str:
    if not (np.isfinite(low) and np.isfinite(high)):
        return "–"
    return tr("report.interval", low=_money(low), high=_money(high))


def _share(value: float) -> str:
    return format_number(100.0 * float(value), digits=2) + "%" if np.isfinite(value) else "–"


def _yes_no(flag: object) -> str:
    return tr("cli.yes") if bool(flag) else tr("cli.no")


def _column(key: str, *, num: bool = False, shows: str | None = None) -> dict[str, Any]:
    """A table column headed ``report.col.<key>``; ``shows`` names the frame column whose
    numbers it shows, so that a column of money names the currency (``MONEY_COLUMNS``)."""
    label = tr(f"report.col.{key}")
    return {"label": money_label(label) if shows in MONEY_COLUMNS else label, "num": num}


_MAX_ROWS = 60


def _rows_note(frame: pd.DataFrame, file: str) -> str:
    if len(frame) <= _MAX_ROWS:
        return ""
    return tr("report.rows_shown", shown=_MAX_ROWS, n=len(frame), file=file)


def _unit(text: str) -> str:
    from crmsim.language.catalogue import MESSAGES

    return tr(f"unit.{text}") if f"unit.{text}" in MESSAGES else text


def _assumption_value(text: str, parameter: str = "", levels: tuple[object, ...] = ()) -> str:
    """A value of the assumptions table as shown: numbers formatted, yes/no, and the names
    crmsim knows (a plan's level, a field's choice such as a programme's kind) in the
    reader's language."""
    from crmsim.language.catalogue import MESSAGES

    if parameter.startswith("plan["):
        return level_label(text, levels=levels)
    choice = f"choice.{parameter.rpartition('.')[2]}.{text}"
    if choice in MESSAGES:
        return tr(choice)
    if text == "unlimited":
        return tr("report.unlimited")
    if text in ("True", "False"):
        return _yes_no(text == "True")
    try:
        value = float(text)
    except ValueError:
        return text
    return format_number(value, digits=6) if math.isfinite(value) else text


def _tables(analysis: ReportAnalysis) -> dict[str, dict[str, Any]]:
    """Every table of the report: translated headers, formatted cells (text, not numbers)."""
    from crmsim.language.translate import parameter_label

    seg, lvl = segment_label, level_label
    summary = analysis.summary
    best = {
        "columns": [_column("segment"), _column("customers", num=True),
                    _column("planned_level"), _column("best_level"),
                    _column("value_planned", num=True, shows="value_planned"),
                    _column("value_best", num=True, shows="value_best"),
                    _column("at_stake", num=True, shows="at_stake"), _column("call")],
        "rows": [[seg(r.segment), format_number(r.customers), lvl(r.planned_level),
                  lvl(r.best_level), _money(r.value_planned), _money(r.value_best),
                  _money(r.at_stake),
                  tr("report.clear") if r.clear else verdict_label("too close to call")]
                 for r in summary.itertuples()],
    }
    verdicts = {
        "columns": [_column("segment"), _column("step"),
                    _column("extra_cost", num=True, shows="extra_cost"),
                    _column("extra_return", num=True, shows="extra_return"),
                    _column("extra_profit", num=True, shows="extra_profit"),
                    _column("interval", num=True, shows="extra_profit_low"),
                    _column("luxury_ratio", num=True), _column("verdict")],
        "rows": [[seg(r.segment), f"{lvl(r.cheaper_level)} → {lvl(r.level)}",
                  _money(r.extra_cost), _money(r.extra_return), _money(r.extra_profit),
                  _interval(r.extra_profit_low, r.extra_profit_high), _ratio(r.luxury_ratio),
                  verdict_label(r.verdict)]
                 for r in analysis.verdicts.itertuples()],
    }
    both_sides = {
        "columns": [_column("segment"), _column("level"),
                    _column("firm_extra", num=True, shows="firm_extra"),
                    _column("customer_gain", num=True, shows="customer_gain"),
                    _column("gain_share", num=True), _column("win_win")],
        "rows": [[seg(r.segment), lvl(r.level), _money(r.firm_extra), _money(r.customer_gain),
                  _share(r.customer_gain_share), _yes_no(r.win_win)]
                 for r in analysis.both_sides.itertuples()],
    }
    values = analysis.values
    has_interval = "value_per_customer_low" in values
    values_table = {
        "columns": [_column("segment"), _column("level"),
                    _column("cost", num=True, shows="cost_per_customer"),
                    _column("return", num=True, shows="return_per_customer"),
                    _column("value", num=True, shows="value_per_customer")]
        + ([_column("interval", num=True, shows="value_per_customer_low")]
           if has_interval else []),
        "rows": [[seg(r.segment), lvl(r.level), _money(r.cost_per_customer),
                  _money(r.return_per_customer), _money(r.value_per_customer)]
                 + ([_interval(r.value_per_customer_low, r.value_per_customer_high)]
                    if has_interval else [])
                 for r in values.itertuples()],
    }
    english = get_language() == "en"
    shown = analysis.assumptions[~analysis.assumptions["parameter"].isin(["name", "description"])]
    assumptions = {
        "columns": [_column("parameter"), _column("value_set"), _column("unit")]
        + ([_column("meaning")] if english else []),
        "rows": [[{"text": parameter_label(r.parameter.replace("['", ".").replace("']", "")),
                   "code": r.parameter},
                  _assumption_value(r.value, r.parameter, analysis.scenario.levels),
                  _unit(r.unit)] + ([r.meaning] if english else [])
                 for r in shown.itertuples()],
    }
    tables = {"best": best, "verdicts": verdicts, "both_sides": both_sides,
              "profit": values_table, "assumptions": assumptions}
    for table in tables.values():
        table["note"] = ""
    for key, frame, file in (("verdicts", analysis.verdicts, "verdicts.csv"),
                             ("both_sides", analysis.both_sides, "both_sides.csv"),
                             ("profit", values, "values.csv")):
        tables[key]["note"] = _rows_note(frame, file)
        tables[key]["rows"] = tables[key]["rows"][:_MAX_ROWS]
    return tables


def _levels_for(levels: str, segment: str) -> str:
    """``"a;b;c"`` of ``segment`` as "a, b and c for segment" (translated)."""
    labels = [level_label(name) for name in levels.split(";")]
    listed = tr("report.list_sep").join(labels[:-1])
    return tr("report.summary.luxurious_item", segment=segment_label(segment),
              levels=listed + tr("report.and") + labels[-1] if listed else labels[-1])


def _summary(analysis: ReportAnalysis) -> str:
    """The opening paragraph: planned vs best level per segment, money at stake, luxury.

    Only what the replications called is stated as a verdict: "no step is luxurious" needs
    every step called, and the steps too close to call are named as such.
    """
    sentences, luxurious, too_close = [], [], []
    summary = analysis.summary
    for r in summary.itertuples():
        # a best level the replications cannot separate from the next is reported as a
        # result of these replications, not as advice, and its money is not counted
        words = {"segment": segment_label(r.segment), "n": format_number(r.customers),
                 "planned": level_label(r.planned_level)}
        if r.best_level == r.planned_level:
            sentences.append(tr("report.summary.keep" if r.clear else "report.summary.keep_unclear",
                                value=_money(r.value_best), **words))
        elif r.clear:
            sentences.append(tr("report.summary.move", best=level_label(r.best_level),
                                gain=_money(r.value_best - r.value_planned),
                                at_stake=_money(r.at_stake), **words))
        else:
            sentences.append(tr("report.summary.move_unclear", best=level_label(r.best_level),
                                gain=_money(r.value_best - r.value_planned), **words))
        if r.luxurious:
            luxurious.append(_levels_for(r.luxurious, r.segment))
        if r.too_close:
            too_close.append(_levels_for(r.too_close, r.segment))
    clear = summary[summary["clear"]] if len(summary) else summary
    total = float(clear["at_stake"].sum()) if len(clear) else 0.0
    if total > 0:
        sentences.append(tr("report.summary.total", total=_money(total),
                            months=analysis.scenario.horizon_months))
    elif len(summary) and len(clear) == len(summary):
        sentences.append(tr("report.summary.all_best"))
    if analysis.n_replications < VerdictOptions().min_replications:
        sentences.append(tr("report.summary.few_replications", n=analysis.n_replications,
                            least=VerdictOptions().min_replications))
    verdicts = analysis.verdicts
    if len(verdicts) and (verdicts["verdict"] == "too close to call").all():
        sentences.append(tr("report.summary.all_too_close"))
    elif len(verdicts):
        if luxurious:
            sentences.append(tr("report.summary.luxurious",
                                items=tr("report.items").join(luxurious)))
        else:
            sentences.append(tr("report.summary.no_luxury_called" if too_close
                                else "report.summary.no_luxury"))
        if too_close:
            sentences.append(tr("report.summary.too_close",
                                items=tr("report.items").join(too_close)))
    return (" " if get_language() == "en" else "").join(sentences)


def _discovery_section(analysis: ReportAnalysis, figures: list[_Figure]) -> dict[str, Any]:
    """The scenario-discovery section: intro, and per segment the box and the texts' rule
    in words, the rule's table and the box figure."""
    from crmsim.analysis.discovery import box_text
    from crmsim.analysis.report import DISCOVERY_LEVEL, DISCOVERY_POINTS

    if not analysis.discovery_installed:
        return {"note": tr("report.discovery.missing"), "intro": "", "segments": []}
    if not analysis.discoveries:
        return {"note": tr("report.discovery.no_level") if analysis.break_evens else "",
                "intro": "", "segments": []}
    by_key = {f.key: f for f in figures}
    segments = []
    for found, comparison in zip(analysis.discoveries, analysis.rule_comparisons,
                                 strict=True):
        frame = comparison.to_frame()
        segments.append({
            "title": segment_label(found.segment),
            "box": box_text(found),
            "rule": comparison.text(),
            "table": {
                "columns": [_column("measure"), _column("share_of_points", num=True)],
                "rows": [[tr(f"discovery.html.measure.{m}"), _share(v)]
                         for m, v in zip(frame["measure"], frame["value"], strict=True)],
                "note": "",
            },
            "figure": by_key.get(f"discovery[{found.segment}]"),
        })
    return {"note": "", "segments": segments,
            "intro": tr("report.discovery.explain", n=format_number(DISCOVERY_POINTS),
                        seed=analysis.seed, level=level_label(DISCOVERY_LEVEL))}


_MANIFEST_ROWS = ("scenario_name", "crmsim_version", "created", "seed", "seed_entropy",
                  "n_replications", "workers", "language", "scenario_sha256", "source_file",
                  "source_file_sha256", "command", "reproduce", "python", "numpy")


def _provenance(manifest: dict[str, Any]):
    """The line under the title: version, replications, seed, scenario hash, time and the
    command that reproduces the run, as markup.

    The command is code, each of its words kept whole, and so are the hash's name and the
    time: a line break after a hyphen would show ``--seed`` as ``-`` and ``-seed``.

    Examples
    --------
    >>> line = _provenance({"crmsim_version": "0.1", "n_replications": 10, "seed": 7,
    ...                     "scenario_sha256": "ab" * 32, "created": "2026-12-02T09:00:00",
    ...                     "reproduce": "crmsim run scenario.toml --seed 7"})
    >>> '<span class="whole">--seed</span>' in line, '<code class="command">' in line
    (True, True)
    """
    from markupsafe import Markup

    def whole(text: str) -> Markup:
        return Markup('<span class="whole">{}</span>').format(text)

    words = Markup(" ").join(whole(word) for word in manifest["reproduce"].split(" "))
    return tr_markup(
        "report.meta",
        version=manifest["crmsim_version"],
        n=manifest["n_replications"],
        seed=manifest["seed"],
        sha=whole(f"SHA-256 {manifest['scenario_sha256'][:16]}…"),
        created=whole(manifest["created"]),
        command=Markup('<code class="command">{}</code>').format(words),
    )


def _html(analysis: ReportAnalysis, figures: list[_Figure], tables: dict[str, pd.DataFrame],
          manifest: dict[str, Any]) -> str:
    """The report page: the template filled in, with the Chinese font embedded (subset)."""
    import jinja2

    from crmsim.analysis.luxury import verdict_text
    from crmsim.views.fonts import FONT_STACK_CSS, font_face_css

    scenario = analysis.scenario
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("crmsim.views", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
        lstrip_blocks=True)
    template = environment.get_template("report.html.j2")
    # a namespace, not a dict: a key such as "values" must not meet dict.values in the template
    text = SimpleNamespace(**{
        "summary": tr("report.summary"), "units": tr("report.summary.units"),
        "best": tr("report.best"), "verdicts": tr("report.verdicts"),
        "verdicts_explain": tr("report.verdicts.explain"), "one_level": tr("report.one_level"),
        "both_sides": tr("report.both_sides"),
        "both_sides_explain": tr("report.both_sides.explain"),
        "break_evens": tr("report.break_evens"), "figures": tr("report.figures"),
        "break_evens_explain": tr("report.break_evens.explain"),
        "figures_explain": tr("report.figures.explain"),
        "values": tr("report.values"), "appendix": tr("report.appendix"),
        "assumptions": tr("report.assumptions"),
        "assumptions_explain": tr("report.assumptions.explain", file="scenario.toml"),
        "manifest": tr("report.manifest"),
        "manifest_note": tr("report.manifest.note", file="manifest.json"),
        "discovery": tr("report.discovery"),
    })
    shown = [f for f in figures if not f.key.startswith("discovery[")]
    context = {
        "html_lang": html_lang(),
        "title": tr("report.title", name=preset_label(scenario.name)),
        "description": scenario_description(scenario.name, scenario.description),
        "meta": _provenance(manifest),
        "text": text,
        "summary": _summary(analysis),
        "tables": _tables(analysis),
        "verdict_lines": [verdict_text(row) for _, row in analysis.verdicts.iterrows()],
        "break_evens": list(tables["break_even"]["statement"]) if "break_even" in tables
        else [],
        "figures": shown,
        "discovery": _discovery_section(analysis, figures),
        "manifest_rows": [(tr(f"report.manifest.{key}"), str(manifest[key]))
                          for key in _MANIFEST_ROWS if manifest.get(key) is not None],
        "manifest_json": json.dumps(manifest, default=str).replace("<", "\\u003c")
        .replace(">", "\\u003e").replace("&", "\\u0026"),
        "font_stack": FONT_STACK_CSS,
        "font_css": "",
    }
    page = template.render(context)
    context["font_css"] = font_face_css(embed=True, text=page)
    return template.render(context)


def read_manifest(report_html: str | os.PathLike[str]) -> dict[str, Any]:
    """The manifest embedded in a ``report.html``."""
    text = Path(report_html).read_text(encoding="utf-8")
    start = text.index('id="crmsim-manifest">') + len('id="crmsim-manifest">')
    end = text.index("</script>", start)
    return json.loads(text[start:end])
