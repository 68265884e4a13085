"""What is simulated, as validated data: states, levels, segments, the Scenario, parameter paths,
TOML files in and out, the problems report, the template and the shipped presets.

Every public name of the subpackage's modules is importable from here; modules load on
first use.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submodules=[
        "levels",
        "levers",
        "limits",
        "paths",
        "presets",
        "problems",
        "scenario",
        "segments",
        "states",
        "template",
        "toml_edit",
        "toml_io",
    ],
    submod_attrs={
        "levels": ["DEFAULT_LEVELS", "LEVEL_NAMES", "RelationshipLevel", "default_level"],
        "levers": ["Expectation", "FollowUp", "LostCustomerAnalysis", "SatisfactionSurvey"],
        "limits": [
            "MAX_CONTACT_CYCLE_MONTHS",
            "MAX_CUSTOMERS",
            "MAX_CUSTOMER_MONTHS",
            "MAX_HORIZON_MONTHS",
            "MAX_HOURS_PER_MONTH",
            "MAX_LEVELS",
            "MAX_MONEY",
            "MAX_PROGRAMMES",
            "MAX_SEGMENTS",
            "MAX_SHARE_OF_WALLET",
            "MAX_STAFF",
        ],
        "paths": [
            "ResolvedPath",
            "apply_parameter",
            "apply_parameters",
            "parameter_range",
            "resolve_path",
            "scan_points",
            "segment_path",
        ],
        "presets": ["DEFAULT_PRESET", "closest_preset", "preset", "preset_copy_text",
                    "preset_names", "preset_text"],
        "problems": ["file_problems", "problems_in_text"],
        "scenario": [
            "Acquisition",
            "ComplaintDesk",
            "Lifecycle",
            "PROGRAMME_KINDS",
            "PROGRAMME_REACH",
            "Programme",
            "SECTIONS",
            "Scenario",
            "Staff",
            "churn_hold_ceiling",
            "programme_churn_factor",
        ],
        "segments": ["LEAD_HEATS", "RELATION_TYPES", "Segment", "VALUE_TIERS"],
        "states": ["BUYING_STATES", "PROSPECT_STATES", "STATES", "STATE_LABELS_ZH", "state_index"],
        "template": ["field_help", "scenario_template", "write_template"],
        "toml_edit": [
            "HEADER_BEGIN",
            "HEADER_END",
            "edited_scenario_text",
            "header_block",
            "write_edited_scenario",
        ],
        "toml_io": [
            "MAX_NESTING",
            "TOP_LEVEL_KEYS",
            "load_scenario",
            "parse_toml",
            "save_scenario",
            "scenario_from_dict",
            "scenario_from_toml",
            "scenario_to_dict",
            "scenario_to_toml",
        ],
    },
)
