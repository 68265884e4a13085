"""Plumbing every layer uses: the user-mistake exception, field checks, atomic file output,
numbers for people, optional extras and the version.

Every public name of the subpackage's modules is importable from here; modules load on
first use.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submodules=["checks", "errors", "extras", "files", "numbers", "version"],
    submod_attrs={
        "checks": ["check_choice", "check_int", "check_number", "check_probability"],
        "errors": ["ScenarioError"],
        "extras": ["EXTRAS", "MissingExtraError", "require_extra"],
        "files": ["atomic_open", "write_text_atomic"],
        "numbers": ["format_number"],
        "version": ["__version__"],
    },
)
