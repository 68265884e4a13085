"""What people look at: figure style and fonts, plots, widgets, the dashboard, the HTML report and
the demo. Views call the analysis layer; they hold no model logic.

Every public name of the subpackage"s modules is importable from here; modules load on
first use.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submodules=[
        "dashboard",
        "demo",
        "fonts",
        "luxury_plots",
        "plots",
        "report",
        "style",
        "widgets",
    ],
    submod_attrs={
        "dashboard": [
            "Dashboard",
            "DashboardView",
            "NOTEBOOK",
            "dashboard_from_environment",
            "serve",
            "voila_arguments",
        ],
        "demo": ["DemoOutput", "format_summary", "run_demo"],
        "fonts": [
            "CJK_FONT_ENV_VAR",
            "PREFERRED_FAMILIES",
            "REGIONAL_FAMILIES",
            "bundled_font_path",
            "cjk_font",
            "has_chinese_glyphs",
        ],
        "luxury_plots": [
            "plot_break_even",
            "plot_frontier",
            "plot_frontier_check",
            "plot_luxury_ratio",
            "plot_portfolio",
            "plot_replications",
            "plot_sobol",
            "plot_sweep",
            "plot_tornado",
            "plot_verdicts",
        ],
        "plots": ["plot_cumulative_profit", "plot_occupancy", "plot_value_by_level"],
        "report": ["ReportOutput", "assumptions_table", "scenario_hash", "write_report"],
        "style": [
            "LEVEL_COLOURS",
            "STATE_COLOURS",
            "classroom_style",
            "font_rc",
            "language_style",
            "level_colour",
        ],
        "widgets": [
            "Explorer",
            "clv_distribution_explorer",
            "customer_worth_explorer",
            "default_scenario",
            "levels_explorer",
            "lifecycle_explorer",
            "luxury_map_explorer",
            "retention_levers_explorer",
            "segments_staff_explorer",
        ],
    },
)
