"""The installed version of crmsim.

Examples
--------
>>> isinstance(__version__, str)
True
"""

from __future__ import annotations

from importlib import metadata

__all__ = ["__version__"]

try:
    __version__ = metadata.version("crmsim")
except metadata.PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0+unknown"
