"""Analyses built on the engines: experiments and sweeps, level comparisons, luxury verdicts,
frontier maps, sensitivity, calibration and the teaching arithmetic.

Every public name of the subpackage's modules is importable from here; modules load on
first use.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submodules=[
        "break_even_points",
        "calibration",
        "compare",
        "customer_side",
        "experiments",
        "frontier",
        "luxury",
        "portfolio_ranking",
        "report",
        "sensitivity",
        "teaching",
        "textbook_rule",
    ],
    submod_attrs={
        "break_even_points": ["BreakEven", "break_even"],
        "calibration": [
            "CohortFit",
            "LIFECYCLE_CELLS",
            "UNSEGMENTED",
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
        "customer_side": ["both_sides"],
        "experiments": [
            "ENGINES",
            "RUN_COLUMNS",
            "SerialExecutor",
            "Task",
            "grid",
            "latin_hypercube",
            "mean_ci",
            "replicate",
            "run_task",
            "sweep",
            "task_key",
            "workers_executor",
        ],
        "frontier": ["FrontierMap", "frontier_check", "frontier_map"],
        "luxury": [
            "Assessment",
            "VERDICTS",
            "VerdictOptions",
            "assess_comparison",
            "assess_levels",
            "best_levels",
            "luxury_ratio",
            "luxury_verdicts",
            "verdict_text",
        ],
        "portfolio_ranking": ["portfolio"],
        "report": ["ReportAnalysis", "analyse_for_report", "assumptions_table", "step_level"],
        "sensitivity": ["DEFAULT_FACTORS", "OUTPUTS", "sobol_indices", "tornado"],
        "teaching": [
            "LifetimeValue",
            "expected_flows",
            "lifetime_value_arithmetic",
            "lifetime_value_steps",
            "scaled_churn",
        ],
        "textbook_rule": ["RULE_BALANCED", "RULE_HIGH", "TextbookRuleCheck", "textbook_rule_check"],
    },
)
