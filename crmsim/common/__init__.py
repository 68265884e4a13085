"""Plumbing every layer uses: the user-mistake exception, field checks, atomic file output,
numbers and text for people, optional extras and the version.

Every public name of the subpackage's modules is importable from here; modules load on
first use.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submodules=["checks", "errors", "extras", "files", "numbers", "text", "version"],
    submod_attrs={
        "checks": [
            "check_choice",
            "check_int",
            "check_number",
            "check_probability",
            "did_you_mean",
            "named_fields",
        ],
        "errors": ["ScenarioError"],
        "extras": ["EXTRAS", "MissingExtraError", "require_extra"],
        "files": [
            "LOCK_SUFFIX",
            "atomic_open",
            "folder_lock",
            "make_folder",
            "process_alive",
            "write_text_atomic",
        ],
        "numbers": ["format_number", "format_numbers", "short_number"],
        "text": [
            "CSV_FORMULA_PREFIXES",
            "MAX_NAME_LENGTH",
            "PLAIN_TEXT_RC",
            "check_name",
            "csv_cell",
            "csv_safe",
            "html_text",
            "one_line",
            "shown_text",
        ],
        "version": ["__version__"],
    },
)
