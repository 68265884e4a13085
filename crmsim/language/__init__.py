"""English and 简体中文: the message catalogue, the language switch and labels, the glossary.

Every public name of the subpackage's modules is importable from here; modules load on
first use.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submodules=["catalogue", "glossary", "translate"],
    submod_attrs={
        "catalogue": ["MESSAGES"],
        "glossary": ["GLOSSARY", "format_glossary", "glossary_table", "term_zh"],
        "translate": [
            "ENV_VAR",
            "LANGUAGES",
            "column_label",
            "display_width",
            "get_language",
            "html_lang",
            "level_label",
            "normalise_language",
            "pad",
            "parameter_label",
            "placeholders",
            "quantity_label",
            "segment_label",
            "set_language",
            "state_label",
            "tr",
            "use_language",
            "verdict_label",
        ],
    },
)
