"""What the ``crmsim`` commands share: the parser, argument types and the command summary.

An argument type turns the text typed on the command line into a value, or raises
:class:`argparse.ArgumentTypeError`, which argparse prints as a usage error (exit status 2).
:class:`CommandParser` prints argparse's own texts (its usage errors, the usage line and the
help headings) in the current language: :func:`argparse_text` recognises a message by the
argparse format string it was made from (kept, with its Chinese, in the catalogue) and leaves
a message of any other shape English, whole.

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
import functools
import math
import re
import string
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NoReturn

from crmsim.common.errors import ScenarioError
from crmsim.language.catalogue import MESSAGES
from crmsim.language.translate import normalise_language, tr, use_language

__all__ = [
    "CommandParser",
    "add_command",
    "add_language_option",
    "argparse_text",
    "check_not_overwriting",
    "check_output_file",
    "confidence",
    "invalid_value",
    "language",
    "months",
    "positive_whole_number",
    "seconds",
]

ARGPARSE_TEXTS = (
    "cli.usage.argument",
    "cli.usage.required",
    "cli.usage.unrecognized",
    "cli.usage.invalid_choice",
    "cli.usage.invalid_value",
    "cli.usage.expected_one",
    "cli.usage.expected_some",
    "cli.usage.ambiguous",
    "cli.usage.one_required",
    "cli.usage.not_allowed",
    "cli.usage.ignored",
    "cli.usage.positionals",
    "cli.usage.options",
    "cli.arg.whole_number",
    "cli.arg.at_least_one",
    "cli.arg.seconds",
    "cli.arg.positive_seconds",
    "cli.arg.confidence",
    "cli.arg.months",
    "cli.arg.language",
    "cli.arg.range",
    "cli.arg.range_numbers",
)
"""Catalogue keys whose English is a text argparse prints (its format strings, and the
messages of crmsim's argument types), in the order :func:`argparse_text` tries them."""

_NESTED = "message"
"""The placeholder that holds another message (``argument {argument}: {message}``)."""


@functools.cache
def _shape(key: str) -> re.Pattern[str]:
    """The English text of ``key`` as a pattern, each placeholder a named group."""
    parts = []
    for literal, field, _, _ in string.Formatter().parse(MESSAGES[key]["en"]):
        parts.append(re.escape(literal))
        if field is not None:
            parts.append(f"(?P<{field}>.+?)")
    return re.compile("".join(parts), re.DOTALL)


def argparse_text(text: str) -> str | None:
    """A text argparse prints (a usage error, a help heading), in the current language.

    ``None`` for a text of a shape the catalogue does not know (a message a later Python
    adds), which then stays English as a whole rather than half translated.

    Examples
    --------
    >>> message = "argument --jobs: expected a whole number; received 'two'"
    >>> argparse_text(message) == message
    True
    >>> from crmsim.language.translate import use_language
    >>> with use_language("zh"):
    ...     argparse_text(message), argparse_text("the following arguments are required: file")
    ("参数 --jobs：应为整数；收到的是 'two'", '缺少必需的参数：file')
    >>> with use_language("zh"):
    ...     argparse_text("argument --jobs: a shape argparse may add one day") is None
    True
    """
    for key in ARGPARSE_TEXTS:
        match = _shape(key).fullmatch(text)
        if match is None:
            continue
        values = match.groupdict()
        if _NESTED in values:
            values[_NESTED] = argparse_text(values[_NESTED])
            if values[_NESTED] is None:
                return None
        return tr(key, **values)
    return None


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help, with the usage prefix and the section headings translated."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(
            usage, actions, groups, tr("cli.usage.prefix") if prefix is None else prefix
        )

    def start_section(self, heading: str | None) -> None:
        super().start_section(heading and (argparse_text(heading) or heading))


class CommandParser(argparse.ArgumentParser):
    """An :class:`argparse.ArgumentParser` whose own texts follow the current language.

    A usage error is one sentence (exit status 2) in the current language when
    :func:`argparse_text` knows its shape, else argparse's English as it is; the usage line,
    the help headings and ``-h``'s help are translated too. Sub-parsers are of this class
    (argparse makes them of the parent's class).

    Examples
    --------
    >>> import contextlib, io
    >>> from crmsim.language.translate import use_language
    >>> parser = CommandParser(prog="crmsim demo")
    >>> _ = parser.add_argument("--seed", type=int)
    >>> err = io.StringIO()
    >>> with use_language("zh"), contextlib.redirect_stderr(err), contextlib.suppress(SystemExit):
    ...     parser.parse_args(["--seed", "many"])
    >>> print(err.getvalue().strip())
    用法：crmsim demo [-h] [--seed SEED]
    crmsim demo：错误：参数 --seed：无效的 int 值：'many'。
    """

    def __init__(self, *args: Any, add_help: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS, help=tr("cli.usage.help")
            )

    def error(self, message: str) -> NoReturn:
        """Print the usage and ``message`` in the current language (if known); exit 2."""
        self.print_usage(sys.stderr)
        translated = argparse_text(message)
        with use_language(None if translated is not None else "en"):
            line = tr("cli.usage.error", prog=self.prog, message=translated or message)
        self.exit(2, line + "\n")


def invalid_value(key: str, **values: object) -> argparse.ArgumentTypeError:
    """The error of an argument type: message ``key`` of :data:`ARGPARSE_TEXTS`, in English.

    English, since argparse wraps it (``argument --jobs: ...``) and :func:`argparse_text`
    then translates the whole usage error by its shape.

    Examples
    --------
    >>> str(invalid_value("cli.arg.whole_number", text="two"))
    "expected a whole number; received 'two'"
    """
    with use_language("en"):
        return argparse.ArgumentTypeError(tr(key, **values))


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
        raise invalid_value("cli.arg.whole_number", text=text) from None
    if value < 1:
        raise invalid_value("cli.arg.at_least_one", value=value)
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
        raise invalid_value("cli.arg.seconds", text=text) from None
    if not (math.isfinite(value) and value > 0):
        raise invalid_value("cli.arg.positive_seconds", text=text)
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
        raise invalid_value("cli.arg.confidence", text=text)
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
        raise invalid_value("cli.arg.months", text=text)
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
        raise invalid_value("cli.arg.language", text=text) from None


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


def show_progress(args: argparse.Namespace) -> bool:
    """Whether a command draws progress bars: unless ``--no-progress``, and only on a
    terminal (piped into a file or a log, redrawn bars would fill it with control codes).

    Examples
    --------
    >>> show_progress(argparse.Namespace(no_progress=True))
    False
    """
    return not args.no_progress and sys.stderr.isatty()


def check_not_overwriting(outputs: Mapping[str, Path | None], inputs: Mapping[str, Path | None], *,
                          may_replace: Mapping[str, str] | None = None) -> None:
    """Refuse, before any work, an output file that is one of the command's input files or
    the file of another output option (it would be lost, or written twice).

    ``outputs`` maps an option (``"--table"``) to its path (``None``: not given);
    ``inputs`` maps how an input is called in the message (``"the history CSV"``) to its
    path (``None``: not a file, e.g. a preset). ``may_replace`` names the input an output
    may rewrite on purpose (a scenario
    file edited in place). Symbolic and hard links to one file count as that file.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> data, start = folder / "history.csv", folder / "client.toml"
    >>> inputs = {"the history CSV": data, "the --scenario file": start}
    >>> check_not_overwriting({"--write": start}, inputs,
    ...                       may_replace={"--write": "the --scenario file"})
    >>> check_not_overwriting({"--write": folder / "out.toml", "--table": data}, inputs)
    Traceback (most recent call last):
    ...
    crmsim.common.errors.ScenarioError: --table must name a file other than the history CSV; \
received .../history.csv, which is the history CSV.
    """
    allowed = may_replace or {}
    taken = [(name, path) for name, path in inputs.items() if path is not None]
    for option, path in outputs.items():
        if path is None:
            continue
        for other, used in taken:
            if other != allowed.get(option) and _same_file(path, used):
                raise ScenarioError(f"{option} must name a file other than {other}; "
                                    f"received {path}, which is {other}.")
        taken.append((f"the {option} file", path))


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.samefile(other)
    except OSError:  # one of them does not exist yet
        return one.resolve() == other.resolve()


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
