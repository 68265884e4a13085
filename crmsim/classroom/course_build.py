"""Build the Chinese course from the English sources and a translation catalogue per notebook.

The English jupytext sources stay the only source of code: the teaching notebooks
``notebooks/NN_name.py`` and the exercise masters ``exercises/masters/exNN_name.py``. The
Chinese prose lives beside them in a TOML catalogue, one per notebook
(``notebooks/zh/NN_name.toml``, ``exercises/masters/zh/exNN_name.toml``), with one table
per English Markdown cell, keyed by :func:`passage_key` of the English text::

    # ## Things to notice ...
    [3b0c5f2d9a1e]
    zh = '''
    ## 值得注意的地方
    ...
    '''

:func:`build_course` writes ``notebooks/zh/NN_name.ipynb`` and the student and trainer
exercise notebooks ``exercises/student/zh/`` and ``exercises/trainer/zh/``: the same code
cells, Chinese Markdown, and a first code cell that switches crmsim to Chinese (figures,
widgets and exercise feedback). Exercise notebooks keep the English notebooks'
``metadata.crmsim`` (same exercise and questions, so ``crmsim grade`` grades them the
same way) and add ``"language": "zh"``.

A changed English passage has a new key, so its translation is reported missing until the
catalogue is updated; a catalogue entry no passage uses any more is reported too.

Examples
--------
>>> passage_key("## Things to notice") == passage_key("##  Things to notice\\n")
True
>>> book = render_teaching("# %% [markdown]\\n# Hello\\n\\n# %%\\nx = 1\\n",
...                        {passage_key("Hello"): "你好"}, source="demo.py")
>>> import nbformat
>>> cells = [c.source for c in nbformat.reads(book, as_version=4).cells]
>>> cells[0], cells[1] == LANGUAGE_CELL, cells[2]
('你好', True, 'x = 1')
"""

from __future__ import annotations

import io
import re
import tokenize
import tomllib
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat

from crmsim.classroom.build import VERSIONS, GeneratedNotebooks, render
from crmsim.classroom.feedback.wording import text_key
from crmsim.common.errors import ScenarioError

__all__ = [
    "LANGUAGE_CELL",
    "CourseResult",
    "Untranslated",
    "build_course",
    "comment_key",
    "join_lines",
    "needs_translation",
    "passage_key",
    "read_catalogue",
    "render_teaching",
    "string_key",
    "translate_comments",
    "translate_notebook",
    "translate_strings",
]

LANGUAGE_CELL = 'import crmsim\n\ncrmsim.set_language("zh")  # 图表、控件和练习反馈均为中文'
"""The code cell put before the first code cell of every Chinese notebook."""

LANGUAGE = "zh"
COMMENTS = "comments"
STRINGS = "strings"


passage_key = text_key
"""The catalogue key of an English passage (:func:`~crmsim.classroom.feedback.wording.text_key`)."""


_BLOCK_START = re.compile(r"^\s*(#|[*+-]\s|\d+\.\s|>|\||```|$)")


def _wide(char: str) -> bool:
    return ord(char) >= 0x2E80


def join_lines(text: str) -> str:
    r"""Chinese Markdown with each paragraph's (or list item's) lines joined.

    Markdown shows a line break inside a paragraph as a space, which is out of place
    between Chinese characters; catalogues may still wrap long lines. Lines are joined
    without a space where either side is a Chinese character or punctuation, with one
    space otherwise; headings, list items, quotes, tables and code blocks start new lines.

    Examples
    --------
    >>> join_lines("客户不是一份固定的名单，\n而是在不断流动。\n\n* 一\n  二 `x`\n  y")
    '客户不是一份固定的名单，而是在不断流动。\n\n* 一二 `x` y'
    >>> join_lines("> *这样\n> 对吗？*\n>\n> 下一段")
    '> *这样对吗？*\n>\n> 下一段'
    """
    out: list[str] = []
    fenced = False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("```"):
            fenced = not fenced
            out.append(line)
            continue
        quoted = stripped.startswith(">") and out and out[-1].lstrip().startswith(">")
        if quoted:
            stripped = stripped[1:].strip()
        if (
            fenced
            or not out
            or not out[-1].strip(" >")
            or out[-1].lstrip().startswith(("#", "|", "```"))
            or (_BLOCK_START.match(line) and not quoted)
            or not stripped
        ):
            out.append(line)
            continue
        previous = out[-1].rstrip()
        gap = "" if _wide(previous[-1]) or _wide(stripped[0]) else " "
        out[-1] = previous + gap + stripped
    return "\n".join(out)


def read_catalogue(path: Path) -> dict[str, str]:
    """The translations of one notebook: passage key -> Chinese Markdown.

    The optional table ``[comments]`` translates comments of code cells
    (``"a number of customers" = "客户人数"``); they appear under :func:`comment_key`.
    The optional table ``[strings]`` translates string literals of code cells, keyed by the
    text between the quotes as written in the code (``"best level:" = "最佳关系层次："``);
    they appear under :func:`string_key`.

    Raises
    ------
    ScenarioError
        If the file is not valid TOML, an entry is not a table with a text ``zh``, or a
        translated string's ``{placeholders}`` differ from the English string's.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(f"{path}: not a valid TOML catalogue ({error}).") from None
    tables = {table: data.pop(table, {}) for table in (COMMENTS, STRINGS)}
    for table, entries in tables.items():
        if not isinstance(entries, dict) or not all(isinstance(v, str) for v in entries.values()):
            raise ScenarioError(
                f"{path}, table [{table}]: expected English text = "
                f"'Chinese text' lines; received {entries!r:.60}."
            )
    catalogue = {comment_key(en): zh for en, zh in tables[COMMENTS].items() if zh.strip()}
    for en, zh in tables[STRINGS].items():
        if _fields(zh) != _fields(en):
            raise ScenarioError(
                f"{path}, table [{STRINGS}], entry {en!r}: expected the placeholders "
                f"{_fields(en) or 'none'} of the English text; received {_fields(zh) or 'none'}."
            )
        if zh.strip():
            catalogue[string_key(en)] = zh
    for key, entry in data.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("zh"), str):
            raise ScenarioError(
                f"{path}, entry [{key}]: expected a table with a text 'zh'; received {entry!r:.60}."
            )
        if entry["zh"].strip():
            catalogue[key] = join_lines(entry["zh"].strip("\n"))
    return catalogue


@dataclass(frozen=True, slots=True)
class Untranslated:
    """An English passage without a Chinese translation.

    Attributes
    ----------
    notebook : str
        The English source (e.g. ``notebooks/01_lifecycle.py``).
    key : str
        The passage's catalogue key.
    words : str
        The passage's first words.
    """

    notebook: str
    key: str
    words: str

    def __str__(self) -> str:
        return f"{self.notebook}: no Chinese for [{self.key}] “{self.words}…”"


def comment_key(text: str) -> str:
    """The catalogue key of a code comment's text (without its ``#``).

    Examples
    --------
    >>> comment_key("  a number of   customers")
    '# a number of customers'
    """
    return "# " + " ".join(text.split())


_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_CODE_MARKS = frozenset("()[]=.")


def needs_translation(comment: str) -> bool:
    """Whether a code comment's text (without its ``#``) is English prose for the catalogue.

    Not: a comment with Chinese in it already, a cell marker (``%%``), or code commented
    out (it compiles and has brackets, a dot or ``=``).

    Examples
    --------
    >>> needs_translation(" a letter"), needs_translation(" months")
    (True, True)
    >>> needs_translation(" 一个数"), needs_translation(" q1.hint()"), needs_translation(" %%")
    (False, False, False)
    """
    text = comment.strip()
    if not text or text.startswith("%%") or _CJK.search(text):
        return False
    try:
        compile(text, "<comment>", "exec")
    except (SyntaxError, ValueError):
        return True
    return not _CODE_MARKS.intersection(text)


def _comment_tokens(code: str) -> list[tokenize.TokenInfo]:
    """The comment tokens of ``code``; none if it does not tokenize."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError):
        return []
    return [token for token in tokens if token.type == tokenize.COMMENT]


def translate_comments(code: str, catalogue: dict[str, str]) -> tuple[str, set[str]]:
    """``code`` with the comments the catalogue translates in Chinese, and their keys.

    Code that does not tokenize is left as it is.

    Examples
    --------
    >>> translate_comments('x = "#"  # a number', {"# a number": "一个数"})
    ('x = "#"  # 一个数', {'# a number'})
    """
    lines = code.split("\n")
    used: set[str] = set()
    for token in _comment_tokens(code):
        key = comment_key(token.string[1:])
        if key in catalogue:
            row, col = token.start
            lines[row - 1] = lines[row - 1][:col] + "# " + catalogue[key]
            used.add(key)
    return "\n".join(lines), used


def string_key(text: str) -> str:
    """The catalogue key of a string literal's text (between its quotes, as written).

    Examples
    --------
    >>> string_key("best level:")
    '"best level:"'
    """
    return f'"{text}"'


def _fields(text: str) -> list[str]:
    """The ``{placeholders}`` of a string, as written and sorted (``{{`` and ``}}`` are text).

    Examples
    --------
    >>> _fields("{{x}} {a:.0%} of {b['c']} and {d:{w}}")
    ['{a:.0%}', "{b['c']}", '{d:{w}}']
    """
    fields, depth, start, i = [], 0, 0, 0
    while i < len(text):
        if depth == 0 and text[i : i + 2] in ("{{", "}}"):
            i += 2
            continue
        if text[i] == "{":
            start = i if depth == 0 else start
            depth += 1
        elif text[i] == "}" and depth:
            depth -= 1
            if depth == 0:
                fields.append(text[start : i + 1])
        i += 1
    return sorted(fields)


_FSTRING_START = getattr(tokenize, "FSTRING_START", None)
_FSTRING_END = getattr(tokenize, "FSTRING_END", None)


def _literals(code: str) -> list[tuple[int, int]]:
    """Start and end offsets in ``code`` of every string literal, f-strings whole.

    Python 3.11 tokenizes an f-string as one ``STRING`` token, Python 3.12 and later as
    ``FSTRING_START``, its parts and ``FSTRING_END``; both give the same spans here. Code that
    does not tokenize has none.

    Examples
    --------
    >>> code = 'print(f"{n:,} of {m!r:>{w}}", "x")  # "y"'
    >>> [code[a:b] for a, b in _literals(code)]
    ['f"{n:,} of {m!r:>{w}}"', '"x"']
    """
    starts = [0]
    for line in io.StringIO(code):
        starts.append(starts[-1] + len(line))

    def offset(position: tuple[int, int]) -> int:
        return starts[position[0] - 1] + position[1]

    spans, depth, begin = [], 0, 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type == _FSTRING_START:
                begin = offset(token.start) if depth == 0 else begin
                depth += 1
            elif token.type == _FSTRING_END:
                depth -= 1
                if depth == 0:
                    spans.append((begin, offset(token.end)))
            elif token.type == tokenize.STRING and depth == 0:
                spans.append((offset(token.start), offset(token.end)))
    except (tokenize.TokenError, SyntaxError):
        return []
    return spans


_LITERAL = re.compile(r"([A-Za-z]*)('''|\"\"\"|'|\")(.*)\2", re.S)


def translate_strings(code: str, catalogue: dict[str, str]) -> tuple[str, set[str]]:
    """``code`` with the string literals the catalogue translates in Chinese, and their keys.

    Only a literal whose whole text (between its quotes, as written) is a catalogue entry
    changes; its prefix (``f``, ``r``), its quotes and its ``{placeholders}`` stay. Bytes
    literals and code that does not tokenize are left as they are.

    Raises
    ------
    ScenarioError
        If a translation does not fit in the literal's quotes.

    Examples
    --------
    >>> catalogue = {string_key("best: {x:.0%}"): "最佳：{x:.0%}", string_key("seed"): "种子"}
    >>> code, used = translate_strings('print(f"best: {x:.0%}", "seed", "seeds")', catalogue)
    >>> code, sorted(used)
    ('print(f"最佳：{x:.0%}", "种子", "seeds")', ['"best: {x:.0%}"', '"seed"'])
    """
    used: set[str] = set()
    pieces, end = [], len(code)
    for start, stop in reversed(_literals(code)):
        prefix, quote, text = _LITERAL.fullmatch(code[start:stop]).groups()
        key = string_key(text)
        if key not in catalogue or "b" in prefix.lower():
            continue
        literal = f"{prefix}{quote}{catalogue[key]}{quote}"
        if [b - a for a, b in _literals(literal)] != [len(literal)]:
            raise ScenarioError(
                f"[{STRINGS}] entry {text!r}: expected a translation that fits between the "
                f"code's quotes {quote}; received {catalogue[key]!r}."
            )
        pieces.append(literal + code[stop:end])
        end = start
        used.add(key)
    return code[:end] + "".join(reversed(pieces)), used


def _first_words(text: str, n: int = 8) -> str:
    return " ".join(text.split()[:n])


def translate_notebook(
    book: nbformat.NotebookNode, catalogue: dict[str, str], *, source: str
) -> tuple[nbformat.NotebookNode, list[Untranslated]]:
    """``book`` with Chinese Markdown, the language cell, and renumbered cell ids.

    Returns the translated notebook and the passages the catalogue lacks (left English).
    """
    missing = []
    cells = []
    for cell in book.cells:
        new = nbformat.NotebookNode(cell)
        if cell.cell_type == "code":
            commented = translate_comments(cell.source, catalogue)[0]
            new.source = translate_strings(commented, catalogue)[0]
            missing.extend(
                Untranslated(source, comment_key(token.string[1:]), token.string[1:].strip())
                for token in _comment_tokens(commented) if needs_translation(token.string[1:])
            )
        elif cell.cell_type == "markdown":
            key = passage_key(cell.source)
            if key in catalogue:
                new = nbformat.v4.new_markdown_cell(catalogue[key])
                new.metadata = cell.metadata
            else:
                missing.append(Untranslated(source, key, _first_words(cell.source)))
        cells.append(new)
    first_code = next((i for i, c in enumerate(cells) if c.cell_type == "code"), len(cells))
    cells.insert(first_code, nbformat.v4.new_code_cell(LANGUAGE_CELL))
    out = nbformat.v4.new_notebook()
    out.metadata = book.metadata
    for number, cell in enumerate(cells, start=1):
        cell.id = f"cell-{number:02d}"
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        out.cells.append(cell)
    nbformat.validate(out)
    return out, missing


def _teaching_book(py_text: str, source: str) -> nbformat.NotebookNode:
    nb = jupytext.reads(py_text, fmt="py:percent")
    book = nbformat.v4.new_notebook()
    book.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "crmsim": {"source": source, "language": LANGUAGE},
    }
    for cell in nb.cells:
        make = (
            nbformat.v4.new_code_cell
            if cell.cell_type == "code"
            else (nbformat.v4.new_markdown_cell)
        )
        new = make(cell.source)
        tags = cell.metadata.get("tags")
        new.metadata = {"tags": list(tags)} if tags else {}
        book.cells.append(new)
    return book


def render_teaching(py_text: str, catalogue: dict[str, str], *, source: str) -> str:
    """The Chinese teaching notebook (JSON text) built from a jupytext source.

    Raises
    ------
    ScenarioError
        If the catalogue lacks a passage (the message names the first one).
    """
    book, missing = translate_notebook(_teaching_book(py_text, source), catalogue, source=source)
    if missing:
        raise ScenarioError(f"{missing[0]}.")
    return nbformat.writes(book) + "\n"


@dataclass(frozen=True, slots=True)
class CourseResult:
    """What :func:`build_course` did (or, with ``check=True``, would do).

    Attributes
    ----------
    written : tuple of Path
        Notebooks written (empty when checking).
    stale : tuple of Path
        Notebooks missing, different from what their source gives, or without a source.
    up_to_date : tuple of Path
        Notebooks already identical to what their source gives.
    untranslated : tuple of Untranslated
        English passages without a translation (their notebooks are not written).
    unused : tuple of str
        Catalogue entries no passage uses any more (``"<catalogue>: [key]"``).
    """

    written: tuple[Path, ...]
    stale: tuple[Path, ...]
    up_to_date: tuple[Path, ...]
    untranslated: tuple[Untranslated, ...]
    unused: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """Nothing stale, untranslated or unused."""
        return not (self.stale or self.untranslated or self.unused)


def _sources(root: Path) -> list[tuple[Path, Path, dict[str, Path]]]:
    """(English source, catalogue, {version: target}) for every notebook of the course."""
    pairs = []
    for py in sorted((root / "notebooks").glob("[0-9][0-9]_*.py")):
        zh = root / "notebooks" / LANGUAGE
        pairs.append((py, zh / f"{py.stem}.toml", {"teaching": zh / f"{py.stem}.ipynb"}))
    exercises = root / "exercises"
    for py in sorted((exercises / "masters").glob("ex[0-9][0-9]_*.py")):
        targets = {v: exercises / v / LANGUAGE / f"{py.stem}.ipynb" for v in VERSIONS}
        pairs.append((py, exercises / "masters" / LANGUAGE / f"{py.stem}.toml", targets))
    return pairs


def _render_all(
    py: Path, catalogue: dict[str, str], root: Path, versions: dict[str, Path]
) -> tuple[dict[str, str], list[Untranslated], set]:
    source = py.relative_to(root).as_posix()
    text = py.read_text(encoding="utf-8")
    if "teaching" in versions:
        books = {"teaching": _teaching_book(text, source)}
    else:
        english = render(text, py.stem, source=py.relative_to(root / "exercises").as_posix())
        books = {v: nbformat.reads(english[v], as_version=4) for v in VERSIONS}
    out, missing, used = {}, {}, set()
    for version, book in books.items():
        for cell in book.cells:
            if cell.cell_type == "markdown":
                used.add(passage_key(cell.source))
            else:
                used |= translate_comments(cell.source, catalogue)[1]
                used |= translate_strings(cell.source, catalogue)[1]
        if "crmsim" in book.metadata:
            book.metadata["crmsim"]["language"] = LANGUAGE
        translated, lacking = translate_notebook(book, catalogue, source=source)
        missing.update({m.key: m for m in lacking})
        out[version] = nbformat.writes(translated) + "\n"
    return out, list(missing.values()), used


def build_course(root: str | Path = ".", *, check: bool = False) -> CourseResult:
    """Write (or, with ``check``, compare) every Chinese notebook of the course.

    Parameters
    ----------
    root : path
        The project folder holding ``notebooks/`` and ``exercises/``.
    check : bool
        Write nothing; report stale notebooks, untranslated passages and unused entries.

    Raises
    ------
    ScenarioError
        If ``root`` has no teaching notebooks or no exercise masters.
    """
    root = Path(root)
    pairs = _sources(root)
    if not pairs:
        raise ScenarioError(
            f"{root} holds no notebooks/NN_name.py or "
            "exercises/masters/exNN_name.py; expected the project folder."
        )
    files = GeneratedNotebooks(check=check)
    untranslated, unused = [], []
    for py, catalogue_path, targets in pairs:
        catalogue = read_catalogue(catalogue_path) if catalogue_path.exists() else {}
        texts, missing, used = _render_all(py, catalogue, root, targets)
        untranslated.extend(missing)
        unused.extend(
            f"{catalogue_path.relative_to(root).as_posix()}: [{key}]"
            for key in sorted(set(catalogue) - used)
        )
        for version, target in targets.items():
            files.put(target, None if missing else texts[version])
    files.leftovers(sorted({target.parent for target in files.expected}))
    return CourseResult(
        tuple(files.written),
        tuple(files.stale),
        tuple(files.up_to_date),
        tuple(untranslated),
        tuple(unused),
    )
