"""What the ``crmsim`` commands share: argument types and the translated command summary.

An argument type turns the text typed on the command line into a value, or raises
:class:`argparse.ArgumentTypeError`, which argparse prints as a usage error (exit status 2).

Examples
--------
>>> positive_whole_number("3"), seconds("2.5"), confidence("0.9"), months("12")
(3, 2.5, 0.9, 12.0)
>>> language("zh-CN")
'zh'
>>> positive_whole_number("0")
Traceback (most recent call last):
...
argparse.ArgumentTypeError: expected a whole number >= 1; received 0
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from crmsim.common.errors import ScenarioError
from crmsim.language.translate import normalise_language, tr

__all__ = [
    "add_command",
    "add_language_option",
    "check_output_file",
    "confidence",
    "language",
    "months",
    "positive_whole_number",
    "seconds",
]


def positive_whole_number(text: str) -> int:
    """A whole number ``>= 1`` (replications, workers, grid points, jobs).

    Examples
    --------
    >>> positive_whole_number("many")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected a whole number; received 'many'
    """
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number; received '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1; received {value}")
    return value


def seconds(text: str) -> float:
    """A positive, finite number of seconds.

    Examples
    --------
    >>> seconds("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected a positive number of seconds; received 0
    """
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds; received '{text}'"
                                         ) from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds; received "
                                         f"{text}")
    return value


def confidence(text: str) -> float:
    """A confidence level in ``[0.5, 1)``.

    Examples
    --------
    >>> confidence("95")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected a number in [0.5, 1); received '95'
    """
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0.5 <= value < 1.0:
        raise argparse.ArgumentTypeError(f"expected a number in [0.5, 1); received '{text}'")
    return value


def months(text: str) -> float:
    """A number of months in ``(0, 120]`` (need not be whole).

    Examples
    --------
    >>> months("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected a number in (0, 120]; received '0'
    """
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value <= 120:
        raise argparse.ArgumentTypeError(f"expected a number in (0, 120]; received '{text}'")
    return value


def language(text: str) -> str:
    """A display language, normalised to ``en`` or ``zh``.

    Examples
    --------
    >>> language("fr")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected en or zh (also zh-CN, zh_CN, zh-Hans); received 'fr'
    """
    try:
        return normalise_language(text)
    except ScenarioError:
        raise argparse.ArgumentTypeError(
            f"expected en or zh (also zh-CN, zh_CN, zh-Hans); received '{text}'") from None


def check_output_file(option: str, path: Path | None) -> None:
    """Refuse, before any work, an output file ``path`` (given as ``option``) that cannot be one.

    A folder, a path below a file, or a file whose folder does not exist (likely a typo: no
    command that writes one file creates folders for it) is one :class:`ScenarioError`
    sentence. ``None`` (the option not given) passes.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> check_output_file("--out", folder / "grades.csv")
    >>> check_output_file("--out", folder / "typo" / "grades.csv")
    Traceback (most recent call last):
    crmsim.common.errors.ScenarioError: --out must name a file in an existing folder; ...
    """
    if path is None:
        return
    if path.is_dir():
        raise ScenarioError(f"{option} must name a file to write; received the folder {path}.")
    parent = next((p for p in path.parents if p.exists()), None)
    if parent is not None and not parent.is_dir():
        raise ScenarioError(f"{option} must name a file in a folder; received {path}, but "
                            f"{parent} is a file.")
    if parent != path.parent:
        raise ScenarioError(f"{option} must name a file in an existing folder; received {path}, "
                            f"but the folder {path.parent} does not exist.")


def add_command(commands: argparse._SubParsersAction, name: str,
                **values: object) -> argparse.ArgumentParser:
    """Add the sub-command ``name``, with its translated one-line summary ``cli.help.<name>``.

    ``values`` fill the summary's placeholders. A command group (``calibrate``) adds its
    kinds the same way to its own sub-parsers, under the names ``calibrate.<kind>`` in the
    catalogue.

    Examples
    --------
    >>> parser = argparse.ArgumentParser(prog="crmsim")
    >>> commands = parser.add_subparsers()
    >>> add_command(commands, "validate").description
    'list every problem in a scenario file (exit status 1 if any)'
    """
    summary = tr(f"cli.help.{name}", **values)
    command = commands.add_parser(name.rsplit(".", 1)[-1], help=summary, description=summary)
    add_language_option(command, default=argparse.SUPPRESS)
    return command


def add_language_option(parser: argparse.ArgumentParser, *, default: object = None) -> None:
    """Add ``--lang``: to ``crmsim`` itself and to every command, so it works before or after
    the command's name (``crmsim --lang zh demo`` or ``crmsim demo --lang zh``).

    A command's ``--lang`` has the default :data:`argparse.SUPPRESS`, so it overrides the one
    given before the command only when it is given itself.

    Examples
    --------
    >>> parser = argparse.ArgumentParser(prog="crmsim")
    >>> add_language_option(parser)
    >>> _ = add_command(parser.add_subparsers(dest="command"), "validate").add_argument("file")
    >>> [parser.parse_args(argv).lang for argv in (["validate", "f", "--lang", "zh"],
    ...                                             ["--lang", "zh", "validate", "f"],
    ...                                             ["validate", "f"])]
    ['zh', 'zh', None]
    """
    parser.add_argument("--lang", type=language, default=default, metavar="{en,zh}",
                        help="language of messages, figures and reports: en (English) or zh "
                        "(简体中文); default: $CRMSIM_LANG, else en")
