"""Read a submission's source, as submitted, before trusting anything its kernel reports.

A notebook's kernel runs the student's code, so everything it reports (the answer registry,
the checker fingerprint, even what it prints) can be forged by that code. The grader
therefore reads the **submitted source itself**, with :mod:`ast`, and only trusts the
kernel's answers for the questions the source cannot have tampered with:

* Answers count only for questions whose own ``qN.check(answer)`` call is in a code cell;
  an answer that appears in the registry without one (written by hand) earns nothing.
* A cell that reaches the grader's records or internals is a :class:`Finding`: the answer
  registry, the export, the checker fingerprint, the feedback and grading modules, a
  question's reference or private parts (anything but ``check``, ``hint``, ``solution``,
  ``reveal``, ``id``, ``name`` and ``title``), monkeypatching an imported module,
  modules that reach into the running interpreter (:data:`INTERPRETER_MODULES`: ``sys``,
  ``gc``, ``inspect``, ``importlib``, ``pickle``, ...), modules that are not installed
  (written by the notebook itself), and code the audit cannot read (``exec``, ``eval``,
  ``compile``, ``globals()``, ``getattr`` with a computed name, ``setattr``, interpreter
  dunders such as ``__dict__`` or ``__globals__``, IPython magics other than
  :data:`ALLOWED_MAGICS`); so is importing a question under another name, or the
  exercise's ``QUESTIONS``.
  A finding that names questions (``q3.reference_answer()``) costs those questions; any
  other costs every question of the notebook.
* Hints shown and solutions viewed are counted from the ``qN.hint()`` and ``qN.solution()``
  calls in the submitted cells (the grader takes the larger of that count and the
  kernel's), so erasing them from the registry changes nothing.

Ordinary code is not a finding: helper functions and classes, ``import os``, ``json``,
``subprocess`` or any installed library, reading files, pandas options and matplotlib
``rcParams``. The audit reads Python as written in the cells; code hidden in data (a
pickle made by hand, say) or written into the installed crmsim is beyond it, which is why
untrusted classes are graded in a container with a read-only crmsim.

Examples
--------
>>> cells = ["from crmsim.classroom.exercises.ex01_lifecycle import q1, q2",
...          "import os\\ndef twice(x):\\n    return 2 * x\\nq1.hint()\\nq1.check(twice(3))",
...          "from crmsim.classroom.feedback import REGISTRY\\n"
...          "REGISTRY.update('ex01_lifecycle.q2', answer='b')"]
>>> found = audit_cells(cells, ("q1", "q2"))
>>> found.checked, found.hints["q1"]
(frozenset({'q1'}), 1)
>>> print(found.findings[0].describe())
cell 3 imports REGISTRY from crmsim.classroom.feedback
>>> sorted(found.tampered())
['q1', 'q2']
"""

from __future__ import annotations

import ast
import importlib.util
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from crmsim.classroom.feedback.questions import (
    ChoiceQuestion,
    NumberQuestion,
    PredictionQuestion,
    Question,
    SimulatedNumberQuestion,
)
from crmsim.classroom.feedback.registry import Registry

__all__ = [
    "ALLOWED_MAGICS",
    "INTERPRETER_MODULES",
    "QUESTION_CALLS",
    "Finding",
    "SourceAudit",
    "audit_cells",
]

INTERPRETER_MODULES = frozenset(
    {
        "sys",
        "gc",
        "inspect",
        "importlib",
        "builtins",
        "types",
        "ctypes",
        "cffi",
        "pickle",
        "_pickle",
        "dill",
        "cloudpickle",
        "marshal",
        "shelve",
        "copyreg",
        "runpy",
        "code",
        "codeop",
        "pdb",
        "bdb",
        "trace",
        "dis",
        "weakref",
        "_thread",
        "atexit",
        "site",
        "zipimport",
        "pkgutil",
        "unittest",
        "IPython",
        "ipykernel",
        "jupyter_client",
        "nbclient",
        "traitlets",
        "comm",
        "zmq",
        "joblib",
    }
)
"""Modules that reach into the running interpreter (its modules, objects, frames) or load
code from data; importing one is a finding."""

ALLOWED_MAGICS = frozenset(
    {
        "matplotlib",
        "time",
        "timeit",
        "capture",
        "precision",
        "pprint",
        "who",
        "whos",
        "pwd",
        "ls",
        "pip",
        "env",
        "bash",
        "sh",
    }
)
"""IPython line and cell magics a submission may use (``!`` shell commands too: they run in
processes of their own). The code that ``%time``, ``%timeit`` and ``%%capture`` run is
audited like any other."""

_TIMED = re.compile(r"^(\s*)%{1,2}(?:time|timeit|capture)\b(?:\s+-\S+(?:\s+\d+)?)*[ \t]*", re.M)

QUESTION_CALLS = frozenset({"check", "hint", "solution", "reveal"})
"""What a submission may do with a question object: ``qN.<one of these>(...)``."""

_QUESTION_TEXT = frozenset({"id", "name", "title"})

_GRADER_NAMES = frozenset(
    {
        "REGISTRY",
        "Registry",
        "replace_registry",
        "export_answers",
        "checker_fingerprint",
        "feedback_modules",
        "get_ipython",
        "reference_answer",
    }
)
"""Names that reach the grader's records or internals, wherever they appear."""

_GRADER_ATTRIBUTES = frozenset(
    {
        *_GRADER_NAMES,
        "registry",
        "modules",
        "classroom",
        "user_ns",
        "user_global_ns",
        "f_globals",
        "f_locals",
        "f_back",
        "f_builtins",
        "tb_frame",
        "gi_frame",
        "cr_frame",
        "ag_frame",
        "read_pickle",
        "allow_pickle",
    }
)
"""Attributes (and keyword arguments) that reach the grader's records or the interpreter."""

_CODE_RUNNERS = frozenset(
    {
        "exec",
        "eval",
        "compile",
        "__import__",
        "setattr",
        "delattr",
        "breakpoint",
        "vars",
        "globals",
        "locals",
    }
)
"""Built-ins that run code the audit cannot read, or change objects by a computed name."""

_FEEDBACK_IMPORTS = frozenset({"____"})
_SHOWN_WITH = frozenset({"print", "display", "repr", "str", "help"})
_SAFE_DUNDERS = frozenset(
    {
        "__name__",
        "__doc__",
        "__file__",
        "__version__",
        "__future__",
        "__init__",
        "__repr__",
        "__str__",
        "__len__",
        "__iter__",
        "__next__",
        "__getitem__",
        "__setitem__",
        "__contains__",
        "__eq__",
        "__ne__",
        "__lt__",
        "__le__",
        "__gt__",
        "__ge__",
        "__hash__",
        "__add__",
        "__sub__",
        "__mul__",
        "__truediv__",
        "__floordiv__",
        "__mod__",
        "__pow__",
        "__neg__",
        "__abs__",
        "__bool__",
        "__call__",
        "__enter__",
        "__exit__",
        "__post_init__",
        "__main__",
        "__",  # IPython's outputs before last
        "___",
        "____",
    }
)
"""Dunders of ordinary Python (a class of one's own); any other reaches the interpreter."""

_SETTINGS = frozenset({"options", "rcParams"})
"""Module attributes that are settings to change, not code to patch (pandas, matplotlib)."""

_TEXTS = (
    "REGISTRY",
    "export_answers",
    "checker_fingerprint",
    "_reference",
    "/proc/",
    "crmsim.classroom",
    "crmsim/classroom",
)
_AST_FLAGS = ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT  # IPython runs top-level await
_MAGIC = re.compile(r"""get_ipython\(\)\.run_(?:line|cell)_magic\(\s*['"]%*(\w+)['"]""")
_SHELL = re.compile(r"get_ipython\(\)\.(?:system|getoutput)\(")


@cache
def _private_parts() -> frozenset[str]:
    """Private attributes of the question and registry classes (never a student's to use)."""
    classes = (
        Question,
        NumberQuestion,
        SimulatedNumberQuestion,
        ChoiceQuestion,
        PredictionQuestion,
        Registry,
    )
    names = {name for cls in classes for name in dir(cls)}
    names |= {"_records", "_reference", "_registry"}
    return frozenset(n for n in names if n.startswith("_") and not n.startswith("__"))


def _reaches_in(attr: str) -> bool:
    """Whether attribute ``attr`` reaches the grader's records or the interpreter."""
    return (
        attr in _GRADER_ATTRIBUTES
        or attr in _private_parts()
        or (attr.startswith("__") and attr not in _SAFE_DUNDERS)
    )


def _exercise_attribute(module: str, name: str) -> object:
    """Attribute ``name`` of exercise module ``module`` (crmsim's own code), or None."""
    try:
        return getattr(importlib.import_module(module), name, None)
    except Exception:  # no such exercise: the kernel cannot import it either
        return None


def _holds_question(value: object) -> bool:
    """Whether ``value`` is a question, or a collection that holds one."""
    if isinstance(value, Question):
        return True
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, tuple | list | set | frozenset):
        return any(isinstance(item, Question) for item in value)
    return False


@cache
def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing in a cell that the grader cannot vouch for.

    Attributes
    ----------
    cell : int
        The code cell's number, from 1, counting all cells of the notebook.
    what : str
        What the cell does, in a few English words.
    questions : frozenset of str
        The questions it costs (empty: every question of the notebook).
    """

    cell: int
    what: str
    questions: frozenset[str] = frozenset()

    def describe(self) -> str:
        """``"cell N <what>"``, as the notebook's problem names it."""
        return f"cell {self.cell} {self.what}"


@dataclass(frozen=True, slots=True)
class SourceAudit:
    """What the submitted source does with the questions and the grader.

    Attributes
    ----------
    checked : frozenset of str
        Questions that a ``qN.check(answer)`` call in some code cell checks.
    hints, solutions : dict
        ``qN.hint()`` and ``qN.solution()`` calls per question in the code cells.
    findings : tuple of Finding
        Cells the grader cannot vouch for, in order.
    names : tuple of str
        The notebook's question names, in order.
    unread : tuple of int
        Cells that are not Python the audit can read (a syntax error): the kernel must
        report a ``SyntaxError`` for each, or the grader cannot vouch for the notebook.
    """

    checked: frozenset[str]
    hints: dict[str, int] = field(default_factory=dict)
    solutions: dict[str, int] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()
    names: tuple[str, ...] = ()
    unread: tuple[int, ...] = ()

    def tampered(self) -> frozenset[str]:
        """The questions that earn nothing because of a finding."""
        hit: set[str] = set()
        for finding in self.findings:
            hit |= finding.questions or set(self.names)
        return frozenset(hit)


def _python_source(source: str) -> str:
    """The cell as plain Python (IPython magics and ``!`` commands turned into calls)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:  # pragma: no cover - IPython comes with the trainer extra
        return source
    try:
        return TransformerManager().transform_cell(source)
    except Exception:  # pragma: no cover - a cell IPython cannot read does not run either
        return source


def _root(node: ast.AST) -> tuple[str | None, tuple[str, ...]]:
    """The name an attribute chain starts from, and the attributes after it."""
    attrs: list[str] = []
    while isinstance(node, ast.Attribute):
        attrs.append(node.attr)
        node = node.value
    return (node.id if isinstance(node, ast.Name) else None), tuple(reversed(attrs))


class _Reader(ast.NodeVisitor):
    """Collects question calls and findings from one cell."""

    def __init__(self, cell: int, names: tuple[str, ...], imported: set[str]) -> None:
        self.cell, self.names, self.imported = cell, set(names), imported
        self.checked: set[str] = set()
        self.hints: dict[str, int] = {}
        self.solutions: dict[str, int] = {}
        self.findings: list[Finding] = []
        self.parents: dict[int, ast.AST] = {}

    def flag(self, what: str, questions: frozenset[str] = frozenset()) -> None:
        finding = Finding(self.cell, what, questions)
        if finding not in self.findings:
            self.findings.append(finding)

    def read(self, tree: ast.AST) -> None:
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                self.parents[id(child)] = parent
        self.visit(tree)

    # -- imports ---------------------------------------------------------------------

    def _module(self, module: str) -> bool:
        """Flag an import of ``module`` that is not allowed; True when it is allowed."""
        top = module.split(".")[0]
        if top in INTERPRETER_MODULES:
            self.flag(f"imports {module}, which reaches into the running Python")
        elif module.startswith("crmsim.classroom") and not (
            module == "crmsim.classroom.feedback"
            or (module.startswith("crmsim.classroom.exercises.") and module.count(".") == 3)
        ):
            self.flag(f"imports {module}")
        elif not _installed(top):
            self.flag(f"imports {module}, which is not installed (written by the notebook?)")
        else:
            return True
        return False

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if self._module(alias.name) and alias.name.startswith("crmsim.classroom"):
                self.flag(f"imports {alias.name} whole")
            self.imported.add((alias.asname or alias.name).split(".")[0])

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if node.level:
            self.flag("imports a module relative to the notebook")
            return
        imported = {alias.name for alias in node.names}
        self.imported.update(
            alias.asname or alias.name for alias in node.names if alias.name not in self.names
        )
        if not self._module(module):
            return
        if module.startswith("crmsim.classroom"):
            allowed = (
                _FEEDBACK_IMPORTS
                if module == "crmsim.classroom.feedback"
                else {n for n in imported if n not in _GRADER_NAMES and not n.startswith("_")}
            )
            bad = sorted(imported - allowed)
            if bad:
                self.flag(f"imports {', '.join(bad)} from {module}")
            for alias in node.names if module != "crmsim.classroom.feedback" else ():
                self._question_import(module, alias)
        elif module.split(".")[0] == "crmsim" and "classroom" in imported:
            self.flag(f"imports classroom from {module}")
        for name in sorted(imported & _GRADER_NAMES):
            if not module.startswith("crmsim.classroom"):
                self.flag(f"imports {name} from {module}")

    def _question_import(self, module: str, alias: ast.alias) -> None:
        """Flag questions imported under another name, or inside something else."""
        if alias.name == "*":
            self.flag(f"imports * from {module}")
            return
        if not _holds_question(_exercise_attribute(module, alias.name)):
            return
        if alias.name not in self.names:
            self.flag(f"imports {alias.name} from {module}")
        elif alias.asname not in (None, alias.name):
            self.flag(f"imports {alias.name} as {alias.asname}", frozenset({alias.name}))

    # -- names and attributes --------------------------------------------------------

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in self.names:
            self._question_use(node)
        elif node.id in _GRADER_NAMES:
            self.flag(f"uses {node.id}")
        elif node.id in _CODE_RUNNERS and isinstance(node.ctx, ast.Load):
            self.flag(f"calls {node.id}")
        elif node.id.startswith("__") and node.id not in _SAFE_DUNDERS:
            self.flag(f"uses {node.id}")

    def _question_use(self, node: ast.Name) -> None:
        name = node.id
        parent = self.parents.get(id(node))
        if isinstance(node.ctx, ast.Store | ast.Del):
            self.flag(f"rebinds {name}", frozenset({name}))
            return
        if isinstance(parent, ast.Attribute) and parent.value is node:
            call = self.parents.get(id(parent))
            if (
                parent.attr in QUESTION_CALLS
                and isinstance(parent.ctx, ast.Load)
                and isinstance(call, ast.Call)
                and call.func is parent
            ):
                if parent.attr == "check" and (call.args or call.keywords):
                    self.checked.add(name)
                elif parent.attr == "hint":
                    self.hints[name] = self.hints.get(name, 0) + 1
                elif parent.attr == "solution":
                    self.solutions[name] = self.solutions.get(name, 0) + 1
                return
            if parent.attr in _QUESTION_TEXT and isinstance(parent.ctx, ast.Load):
                return
            if isinstance(parent.ctx, ast.Store | ast.Del):
                self.flag(f"changes {name}.{parent.attr}")  # a class patch reaches them all
                return
            self.flag(f"uses {name}.{parent.attr}", frozenset({name}))
            return
        if (
            isinstance(parent, ast.Call)
            and isinstance(parent.func, ast.Name)
            and parent.func.id in _SHOWN_WITH
        ):
            return
        if (
            isinstance(parent, ast.Call)
            and isinstance(parent.func, ast.Name)
            and parent.func.id == "type"
        ):
            self.flag(f"uses type({name})")
            return
        self.flag(f"passes {name} around", frozenset({name}))

    def visit_Attribute(self, node: ast.Attribute) -> None:
        root, attrs = _root(node)
        if root in self.names and len(attrs) == 1:
            self.generic_visit(node)  # judged, with its question, by _question_use
            return
        attr = node.attr
        if _reaches_in(attr):
            self.flag(f"uses .{attr}")
        elif (
            isinstance(node.ctx, ast.Store | ast.Del)
            and root in self.imported
            and not _SETTINGS & set(attrs)
        ):
            self.flag(f"changes {root}.{'.'.join(attrs)} (monkeypatching)")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Name) and node.func.id in {"getattr", "hasattr"}:
            name = node.args[1] if len(node.args) > 1 else None
            if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
                self.flag(f"calls {node.func.id} with a computed name")
            elif _reaches_in(name.value):
                self.flag(f"uses {name.value}")
        for keyword in node.keywords:
            if keyword.arg in _GRADER_ATTRIBUTES:
                self.flag(f"passes {keyword.arg}")
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and any(word in node.value for word in _TEXTS):
            self.flag("names the grader's internals in a text")


def audit_cells(sources: Sequence[str], names: Sequence[str]) -> SourceAudit:
    """Audit the code cells ``sources`` (all cells, in order; ``""`` for text cells).

    Parameters
    ----------
    sources : sequence of str
        Each cell's source as submitted; a cell's number is its position from 1.
    names : sequence of str
        The exercise's question names (``"q1"``, ...).
    """
    names = tuple(names)
    checked: set[str] = set()
    hints: dict[str, int] = {}
    solutions: dict[str, int] = {}
    findings: list[Finding] = []
    imported: set[str] = set()
    unread: list[int] = []
    for number, source in enumerate(sources, start=1):
        if not source.strip():
            continue
        python = _python_source(_TIMED.sub(r"\1", source))
        reader = _Reader(number, names, imported)
        magics = set(_MAGIC.findall(python))
        for magic in sorted(magics - ALLOWED_MAGICS):
            reader.flag(f"uses the IPython magic %{magic}")
        python = _MAGIC.sub(lambda m: f"(lambda *a: None)({m.group(1)!r}", python)
        python = _SHELL.sub("(lambda *a: None)(", python)
        try:
            tree = compile(python, "<cell>", "exec", _AST_FLAGS)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            unread.append(number)  # the kernel cannot run it either, if it says so
            continue
        try:
            reader.read(tree)
        except RecursionError:
            reader.flag("is nested too deeply to read")
        checked |= reader.checked
        for counts, total in ((reader.hints, hints), (reader.solutions, solutions)):
            for name, n in counts.items():
                total[name] = total.get(name, 0) + n
        findings += reader.findings
    findings.sort(key=lambda f: bool(f.questions))  # what costs every question first
    return SourceAudit(frozenset(checked), hints, solutions, tuple(findings), names, tuple(unread))
