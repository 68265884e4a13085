"""Optional parts of crmsim: which extra a feature needs, and one sentence when it is missing.

The core install (``pip install crmsim``) runs the library and every consultant command; the
dashboard, the trainer's commands and Sobol indices need an extra
(``pip install 'crmsim[dashboard]'``). A feature checks for its extra before it imports
anything from it, so a missing extra is one sentence (and exit status 2 in the CLI), never a
traceback.

Examples
--------
>>> require_extra("crmsim dashboard", "dashboard")  # silent when the extra is installed
>>> sorted(EXTRAS)
['dashboard', 'discovery', 'sensitivity', 'trainer']
"""

from __future__ import annotations

import importlib.util

__all__ = ["EXTRAS", "MissingExtraError", "require_extra"]

EXTRAS: dict[str, tuple[str, ...]] = {
    "dashboard": ("voila", "ipywidgets"),
    "trainer": ("nbclient", "nbformat", "jupytext", "ipykernel"),
    "sensitivity": ("SALib",),
    "discovery": ("prim",),
}
"""Extra (as named in ``pyproject.toml``) → the modules a feature of that extra imports."""


class MissingExtraError(ImportError):
    """A feature needs an optional extra that is not installed; the message says which."""


def require_extra(feature: str, extra: str) -> None:
    """Raise :class:`MissingExtraError` unless every module of ``extra`` can be imported.

    Nothing is imported: the check only looks the modules up, so it costs next to nothing.

    Parameters
    ----------
    feature : str
        What needs the extra, as the person knows it (``"crmsim dashboard"``,
        ``"sobol_indices"``).
    extra : str
        A key of :data:`EXTRAS`.

    Examples
    --------
    >>> import sys
    >>> saved = sys.modules.get("voila")
    >>> sys.modules["voila"] = None  # what an install without voila looks like
    >>> try:
    ...     require_extra("crmsim dashboard", "dashboard")
    ... except MissingExtraError as error:
    ...     print(error)
    ... finally:
    ...     _ = sys.modules.pop("voila") if saved is None else sys.modules.update(voila=saved)
    crmsim dashboard needs the 'dashboard' extra; install it with: pip install 'crmsim[dashboard]'
    """
    for module in EXTRAS[extra]:
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):  # a broken install: the extra's reinstall fixes it
            found = False
        if not found:
            raise MissingExtraError(
                f"{feature} needs the '{extra}' extra; install it with: "
                f"pip install 'crmsim[{extra}]'"
            )
