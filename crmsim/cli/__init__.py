"""The ``crmsim`` command.

A user mistake (bad scenario file, bad option) prints one sentence and exits with status 2;
no traceback. ``crmsim --lang zh COMMAND`` (or ``CRMSIM_LANG=zh``) prints messages and
writes figures and reports in simplified Chinese; so does ``crmsim --lang zh --help`` for
the description and the commands' one-line summaries. Option help and error messages about
scenario files stay in English.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from crmsim.common.errors import ScenarioError
from crmsim.language.translate import (
    get_language,
    level_label,
    normalise_language,
    segment_label,
    tr,
    use_language,
)

__all__ = ["main"]


def _load(args: argparse.Namespace):
    if args.scenario:
        from crmsim.scenario.toml_io import load_scenario

        return load_scenario(args.scenario)
    from crmsim.scenario.presets import DEFAULT_PRESET, preset

    return preset(args.preset or DEFAULT_PRESET)


def _demo(args: argparse.Namespace) -> int:
    from crmsim.views.demo import format_summary, run_demo

    scenario = _load(args)
    started = time.perf_counter()
    print(tr("cli.demo.start", name=scenario.name, months=scenario.horizon_months,
             n_levels=len(scenario.levels), seed=args.seed))
    output = run_demo(scenario, out_dir=args.out, seed=args.seed, plots=not args.no_plots)
    print(format_summary(output.table))
    print("\n" + tr("cli.demo.clv_note"))
    print("\n" + tr("cli.demo.wrote", n=len(output.files), folder=output.out_dir.resolve(),
                    seconds=time.perf_counter() - started))
    return 0


def _new_scenario(args: argparse.Namespace) -> int:
    from crmsim.scenario.template import write_template

    try:
        path = write_template(args.file, overwrite=args.force)
    except FileExistsError:
        raise ScenarioError(
            f"{args.file} already exists; expected a new file name (or --force to replace it)."
        ) from None
    except OSError as exc:
        raise ScenarioError(
            f"{args.file}: cannot be written; received the error '{exc.strerror}'."
        ) from None
    print(tr("cli.new_scenario.wrote", path=path))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from crmsim.scenario.problems import file_problems

    found = file_problems(args.file)
    for line in found:
        print(line)
    if found:
        key = "cli.validate.problems" if len(found) > 1 else "cli.validate.problem"
        print(tr(key, n=len(found), file=args.file), file=sys.stderr)
        return 1
    from crmsim.scenario.toml_io import load_scenario

    scenario = load_scenario(args.file)
    print(tr("cli.validate.valid", file=args.file, name=scenario.name,
             n_segments=len(scenario.segments), n_levels=len(scenario.levels)))
    return 0


def _sigterm_as_interrupt() -> None:
    import signal

    def handler(signum, frame):  # pragma: no cover - exercised in a subprocess
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def _run(args: argparse.Namespace) -> int:
    from crmsim.scenario.toml_io import load_scenario
    from crmsim.views.report import write_report

    scenario = load_scenario(args.file)
    out = args.out if args.out is not None else Path("crmsim-report") / Path(args.file).stem
    _sigterm_as_interrupt()
    started = time.perf_counter()
    result = write_report(
        scenario, out, n_replications=args.replications, seed=args.seed,
        workers=args.workers, progress=not args.no_progress,
        frontier_points=args.frontier_points, source=args.file,
        command="crmsim " + shlex.join(args.argv),
    )
    manifest = result.manifest
    print(tr("cli.run.start", name=scenario.name, n=args.replications, seed=manifest["seed"]))
    best = __import__("pandas").read_csv(result.out_dir / "best.csv")
    for row in best.itertuples():
        print(tr("cli.run.best" if row.clear else "cli.run.best_unclear",
                 segment=segment_label(row.segment), level=level_label(row.best_level),
                 value=f"{row.value_per_customer:,.0f}"))
    print(tr("cli.run.wrote", report=result.out_dir / "report.html", n=len(result.files) - 1,
             seconds=time.perf_counter() - started))
    return 0


def _compare(args: argparse.Namespace) -> int:
    from crmsim.analysis.compare import compare_scenarios
    from crmsim.scenario.toml_io import load_scenario

    a, b = load_scenario(args.a), load_scenario(args.b)
    table = compare_scenarios(a, b, n_replications=args.replications, seed=args.seed,
                              workers=args.workers, progress=not args.no_progress)
    print(tr("cli.compare.start", a=args.a, b=args.b, n=args.replications, seed=args.seed,
             confidence=int(100 * 0.95)))
    shown = table.drop(columns=["n_replications"]).copy()
    shown["significant"] = shown["significant"].map({True: tr("cli.yes"), False: tr("cli.no")})
    print(shown.to_string(index=False, float_format=lambda v: f"{v:,.2f}"))
    if args.out is not None:
        from crmsim.common.files import atomic_open

        with atomic_open(args.out, "w", encoding="utf-8", newline="") as handle:
            table.to_csv(handle, index=False)
        print(tr("cli.wrote", path=args.out))
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number; received '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1; received {value}")
    return value


def _add_run_options(command: argparse.ArgumentParser, *, seed_default: int | None) -> None:
    command.add_argument("--replications", type=_positive, default=30,
                         help="SimPy replications (default: 30)")
    command.add_argument("--seed", type=int, default=seed_default,
                         help="random seed (default: "
                         + ("fresh entropy, recorded in the manifest)" if seed_default is None
                            else f"{seed_default})"))
    command.add_argument("--workers", type=_positive, default=1,
                         help="processes for the replications (default: 1)")
    command.add_argument("--no-progress", action="store_true", help="no progress bars")


def _language(text: str) -> str:
    try:
        return normalise_language(text)
    except ScenarioError:
        raise argparse.ArgumentTypeError(
            f"expected en or zh (also zh-CN, zh_CN, zh-Hans); received '{text}'") from None


def _help_language(argv: Sequence[str]) -> str:
    """The language to build the parser in: ``--lang`` in ``argv``, else the current one.

    A tiny pre-parse, so that ``crmsim --lang zh --help`` is Chinese. An invalid value gives
    English here; the parse proper (or the command) then reports it.

    Examples
    --------
    >>> _help_language(["--lang", "zh-CN", "demo", "--seed", "3"]), _help_language(["demo"])
    ('zh', 'en')
    >>> _help_language(["--lang"]), _help_language(["--lang=fr", "--help"])
    ('en', 'en')
    """
    pre = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    pre.add_argument("--lang")
    try:
        known, _ = pre.parse_known_args(argv)
        return normalise_language(known.lang) if known.lang else get_language()
    except (argparse.ArgumentError, ScenarioError):
        return "en"


def _command(commands: argparse._SubParsersAction, name: str) -> argparse.ArgumentParser:
    """Add sub-command ``name``; its one-line summary (``cli.help.<name>``) is translated."""
    summary = tr(f"cli.help.{name}")
    return commands.add_parser(name, help=summary, description=summary)


def _parser() -> argparse.ArgumentParser:
    """The ``crmsim`` argument parser; its description and command summaries are in the
    current language (option help stays English)."""
    from crmsim.common.version import __version__

    parser = argparse.ArgumentParser(prog="crmsim", description=tr("cli.help.description"))
    parser.add_argument("--version", action="version", version=f"crmsim {__version__}")
    parser.add_argument("--lang", type=_language, default=None, metavar="{en,zh}",
                        help="language of messages, figures and reports: en (English) or zh "
                        "(简体中文); default: $CRMSIM_LANG, else en")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = _command(commands, "demo")
    source = demo.add_mutually_exclusive_group()
    source.add_argument("--preset", help="built-in scenario (default: classroom)")
    source.add_argument("--scenario", type=Path, help="scenario TOML file")
    demo.add_argument("--seed", type=int, default=2026, help="random seed (default: 2026)")
    demo.add_argument("--out", type=Path, default=Path("crmsim-output/demo"),
                      help="output folder (default: crmsim-output/demo)")
    demo.add_argument("--no-plots", action="store_true", help="skip the PNG figures")
    demo.set_defaults(handler=_demo)

    new = _command(commands, "new-scenario")
    new.add_argument("file", type=Path, help="the scenario file to create")
    new.add_argument("--force", action="store_true", help="replace an existing file")
    new.set_defaults(handler=_new_scenario)

    validate = _command(commands, "validate")
    validate.add_argument("file", type=Path, help="scenario TOML file")
    validate.set_defaults(handler=_validate)

    run = _command(commands, "run")
    run.add_argument("file", type=Path, help="scenario TOML file")
    _add_run_options(run, seed_default=None)
    run.add_argument("--out", type=Path, default=None,
                     help="report folder (default: crmsim-report/<file name>)")
    run.add_argument("--frontier-points", type=_positive, default=21,
                     help="grid points per axis of the frontier maps (default: 21)")
    run.set_defaults(handler=_run)

    compare = _command(commands, "compare")
    compare.add_argument("a", type=Path, help="scenario A (TOML)")
    compare.add_argument("b", type=Path, help="scenario B (TOML)")
    _add_run_options(compare, seed_default=0)
    compare.add_argument("--out", type=Path, default=None, help="also write the table as CSV")
    compare.set_defaults(handler=_compare)

    from crmsim.analysis.calibration import add_calibrate_command

    add_calibrate_command(commands)
    from crmsim.language.glossary import add_glossary_command

    add_glossary_command(commands)
    from crmsim.views.dashboard.server import add_dashboard_command

    add_dashboard_command(commands)
    from crmsim.classroom.build import add_build_command
    from crmsim.classroom.grading import add_grade_command

    add_build_command(commands)
    add_grade_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``crmsim`` command; returns the exit status."""
    argv = list(argv) if argv is not None else sys.argv[1:]
    with use_language(_help_language(argv)):
        args = _parser().parse_args(argv)
    args.argv = argv
    try:
        with use_language(args.lang):
            try:
                return args.handler(args)
            except KeyboardInterrupt:
                print(tr("cli.interrupted"), file=sys.stderr)
                return 130
    except ScenarioError as error:
        print(f"crmsim: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
