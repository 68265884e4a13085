"""crmsim: customer lifecycles under four relationship levels, and when they become luxurious.

The public API in one place::

    from crmsim import Scenario, Segment, evaluate, simulate, load_scenario, preset

The display language (English or 简体中文) of figures, widgets, reports and the CLI::

    crmsim.set_language("zh")          # or: with crmsim.use_language("zh"): ...

The package is layered (see docs/architecture.md); each layer is a subpackage whose public
names import from it directly:

* :mod:`crmsim.scenario` (data), :mod:`crmsim.model` (mechanisms),
  :mod:`crmsim.engines` (analytic and SimPy), :mod:`crmsim.analysis` (experiments, luxury
  verdicts, frontier maps, sensitivity, calibration), :mod:`crmsim.views` (plots, widgets,
  dashboard, report), :mod:`crmsim.classroom` (exercises and grading),
  :mod:`crmsim.language` (English / 简体中文) and :mod:`crmsim.cli`.

Names load on first use, so ``import crmsim`` is quick.

Examples
--------
>>> import crmsim
>>> crmsim.Scenario().segment_name()
'customers'
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submodules=["analysis", "classroom", "cli", "common", "engines", "language", "model",
                "scenario", "views"],
    submod_attrs={
        "analysis.compare": ["compare_levels"],
        "common.errors": ["ScenarioError"],
        "common.version": ["__version__"],
        "engines.analytic": ["evaluate"],
        "engines.simulation": ["simulate"],
        "language.translate": ["get_language", "set_language", "use_language"],
        "scenario.levels": ["DEFAULT_LEVELS", "LEVEL_NAMES", "RelationshipLevel"],
        "scenario.levers": ["Expectation", "FollowUp", "LostCustomerAnalysis",
                            "SatisfactionSurvey"],
        "scenario.presets": ["preset", "preset_names"],
        "scenario.scenario": ["Acquisition", "ComplaintDesk", "Lifecycle", "Programme",
                              "Scenario", "Staff"],
        "scenario.segments": ["Segment"],
        "scenario.states": ["BUYING_STATES", "STATES"],
        "scenario.toml_io": ["load_scenario", "save_scenario"],
    },
)
__all__ = sorted(set(__all__) - {"analysis", "classroom", "cli", "common", "engines",
                                  "language", "model", "scenario", "views"})
