"""English and 简体中文: the message catalogue, the language switch and labels, the glossary
and the texts' ladders of relationship depth.

Every public name of the subpackage's modules is importable from here; modules load on
first use.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submodules=["catalogue", "glossary", "ladders", "translate"],
    submod_attrs={
        "catalogue": ["MESSAGES"],
        "glossary": [
            "DOMAIN_TERMS",
            "GLOSSARY",
            "LADDER_TERMS",
            "LEVER_TERMS",
            "format_glossary",
            "glossary_table",
            "term_zh",
        ],
        "ladders": [
            "AFTER_SALE_CONTACT",
            "AGENCY",
            "CHARACTERISTICS",
            "FOUR_P",
            "LADDERS",
            "LEVEL_NEEDS",
            "SALESPERSON",
            "Ladder",
            "Placement",
            "Relationship",
            "Rung",
            "after_sale_label",
            "ladder_table",
            "level_for_rung",
            "place",
            "placement_table",
        ],
        "translate": [
            "ENV_VAR",
            "LANGUAGES",
            "MONEY_COLUMNS",
            "column_label",
            "display_frame",
            "display_width",
            "get_language",
            "html_lang",
            "level_label",
            "lever_label",
            "money_label",
            "normalise_language",
            "pad",
            "parameter_label",
            "placeholders",
            "preset_label",
            "quantity_label",
            "scenario_description",
            "segment_label",
            "set_language",
            "space_before_han",
            "state_label",
            "tr",
            "tr_markup",
            "use_language",
            "verdict_label",
        ],
    },
)
