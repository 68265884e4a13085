"""Mechanisms: what a relationship level does to a segment each month, and the Markov / sBG
building blocks.

Every public name of the subpackage's modules is importable from here; modules load on
first use.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submodules=["markov", "mechanisms"],
    submod_attrs={
        "markov": [
            "BetaGeometricCohort",
            "MarkovRewardProcess",
            "discount_factors",
            "periods_before_absorption",
            "sbg_log_likelihood",
            "sbg_log_likelihood_by_mean",
        ],
        "mechanisms": [
            "CASH_COMPONENTS",
            "CASH_INDEX",
            "CASH_SIGNS",
            "CUSTOMER_GAIN_COMPONENTS",
            "DynamicsStack",
            "Regime",
            "SegmentDynamics",
            "dynamics_many",
            "dynamics_of",
            "dynamics_stack",
            "lessons_month",
            "segment_dynamics",
            "served_regime",
            "served_regimes",
        ],
    },
)
