"""Analyses built on the engines: experiments and sweeps, level comparisons, luxury verdicts,
frontier maps, sensitivity, calibration and the teaching arithmetic.

Every public name of the subpackage"s modules is importable from here; modules load on
first use.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submodules=[
        "calibration",
        "compare",
        "experiments",
        "frontier",
        "luxury",
        "sensitivity",
        "teaching",
    ],
    submod_attrs={
        "calibration": [
            "CohortFit",
            "LIFECYCLE_CELLS",
            "calibrated_scenario",
            "estimate_transitions",
            "fit_cohort",
            "history_from_trace",
            "lifecycle_from_transitions",
            "read_cohort",
            "read_history",
            "wilson_interval",
        ],
        "compare": ["LevelComparison", "compare_levels", "compare_scenarios"],
        "experiments": [
            "ENGINES",
            "RUN_COLUMNS",
            "SerialExecutor",
            "grid",
            "latin_hypercube",
            "replicate",
            "sweep",
            "task_key",
        ],
        "frontier": ["FrontierMap", "frontier_check", "frontier_map"],
        "luxury": [
            "Assessment",
            "BreakEven",
            "VERDICTS",
            "VerdictOptions",
            "assess_comparison",
            "assess_levels",
            "best_levels",
            "break_even",
            "luxury_verdicts",
            "portfolio",
            "verdict_text",
        ],
        "sensitivity": ["DEFAULT_FACTORS", "OUTPUTS", "sobol_indices", "tornado"],
        "teaching": [
            "LifetimeValue",
            "expected_flows",
            "lifetime_value_arithmetic",
            "lifetime_value_steps",
            "scaled_churn",
        ],
    },
)
