"""The ``crmsim`` command (``python -m crmsim.cli``); see :mod:`crmsim.cli.main`.

One module per command group (:mod:`~crmsim.cli.demo`, :mod:`~crmsim.cli.scenario_files`,
:mod:`~crmsim.cli.consultant`, :mod:`~crmsim.cli.calibrate`, :mod:`~crmsim.cli.glossary`,
:mod:`~crmsim.cli.dashboard`, :mod:`~crmsim.cli.classroom`, :mod:`~crmsim.cli.course`) adds its
commands; shared argument types are in :mod:`~crmsim.cli.options`, the rule by which a command
takes a scenario (a file or a preset's name) in :mod:`~crmsim.cli.scenario_source`, and
optional extras in :mod:`~crmsim.common.extras`.
"""

from crmsim.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
