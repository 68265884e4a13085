"""Engines that evaluate a scenario: exact expectations (analytic), discrete-event simulation
(SimPy), chain simulation, the tidy results and the cost / return split of cash lines.

Every public name of the subpackage's modules is importable from here; modules load on
first use.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submodules=["analytic", "chain_simulation", "lines", "results", "simulation"],
    submod_attrs={
        "analytic": [
            "ChainArrays",
            "SegmentOutlook",
            "ServedChain",
            "chain_arrays",
            "desk_month",
            "erlang_c_wait_probability",
            "evaluate",
            "evaluate_plans",
            "expected_customer_months",
            "expected_months_to_churn",
            "level_lines",
            "level_lines_batch",
            "matrix_powers",
            "power_and_sum",
            "present_value_lines",
            "priority_served_fractions",
            "segment_chain",
            "segment_outlook",
            "served_chain",
        ],
        "chain_simulation": [
            "ChainSimulation",
            "CohortSimulation",
            "simulate_chain",
            "simulate_cohort",
        ],
        "lines": [
            "COST_LINES",
            "COST_WEIGHTS",
            "RETURN_LINES",
            "RETURN_WEIGHTS",
            "lines_per_customer",
        ],
        "results": [
            "COLUMNS",
            "Results",
            "STAFF_ROLES",
            "clv_frame",
            "result_frames",
            "staff_frame",
        ],
        "simulation": ["SOURCES", "run_without_collector", "seed_sequence", "simulate"],
    },
)
