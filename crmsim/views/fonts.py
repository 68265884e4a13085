"""A font with Chinese glyphs for zh-CN figures, found or registered on first use.

Matplotlib's own font, DejaVu Sans, has no Chinese characters: Chinese text drawn with it
comes out as empty boxes ("tofu") and a ``Glyph ... missing from font(s)`` warning.
:func:`cjk_font` returns the family name of a font that has them, looking in this order:

1. the font named by the environment variable ``CRMSIM_CJK_FONT``: a family name matplotlib
   knows, or the path of a ``.ttf``/``.otf``/``.ttc`` file (registered for this session);
2. a simplified-Chinese font matplotlib already knows (installed on the system):
   Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC/CN, WenQuanYi Zen Hei / Micro Hei,
   Microsoft YaHei, PingFang SC, SimHei, Heiti SC, Hiragino Sans GB, ...;
3. Noto Sans CJK SC shipped by the ``mplfonts`` package (a crmsim dependency), registered
   with ``matplotlib.font_manager.fontManager.addfont`` for this session only: nothing
   in matplotlib's installation or configuration is changed;
4. a pan-CJK font of another region (Noto Sans CJK JP/TC, ...), which has the characters
   though some shapes follow another region's conventions.

Each candidate must actually contain a set of Chinese characters used by crmsim. The
lookup runs once per process (:func:`cjk_font.cache_clear` forgets it). Nothing happens at
import time.

Examples
--------
>>> name = cjk_font()
>>> name is None or has_chinese_glyphs(name)
True
"""

from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path

__all__ = [
    "CJK_FONT_ENV_VAR",
    "PREFERRED_FAMILIES",
    "REGIONAL_FAMILIES",
    "bundled_font_path",
    "cjk_font",
    "has_chinese_glyphs",
]

CJK_FONT_ENV_VAR = "CRMSIM_CJK_FONT"
"""Environment variable naming a font family or font file to use for Chinese text."""

PREFERRED_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "Heiti SC",
    "Hiragino Sans GB",
    "Sarasa Gothic SC",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "Noto Serif CJK SC",
    "SimSun",
)
"""Simplified-Chinese families looked for among the fonts matplotlib knows, in order."""

REGIONAL_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Noto Sans CJK HK",
    "Noto Sans CJK KR",
    "Source Han Sans",
    "Source Han Sans TW",
    "Microsoft JhengHei",
    "PingFang TC",
)
"""Pan-CJK families of other regions, used only when no simplified-Chinese font exists."""

_BUNDLED = ("mplfonts", "fonts/NotoSansCJKsc-Regular.otf")
# Characters every crmsim Chinese label needs (levels, states, verdicts, punctuation).
_PROBE = "客户关系奢侈的合作伙伴战略联盟转移成本谈判能力忠诚额外回报，："


def bundled_font_path() -> Path | None:
    """Path of Noto Sans CJK SC in the installed ``mplfonts`` package, or None.

    The package is located, not imported (importing it has no use here).
    """
    package, relative = _BUNDLED
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / relative
        if path.is_file():
            return path
    return None


def _font_path(family: str) -> str | None:
    from matplotlib import font_manager

    for entry in font_manager.fontManager.ttflist:
        if entry.name == family:
            return entry.fname
    return None


def _covers(path: str) -> bool:
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(path)
    except (OSError, RuntimeError, ValueError):
        return False
    return all(font.get_char_index(ord(ch)) for ch in _PROBE)


def has_chinese_glyphs(family: str) -> bool:
    """True if matplotlib knows ``family`` and it has the Chinese characters crmsim uses.

    Examples
    --------
    >>> has_chinese_glyphs("DejaVu Sans")
    False
    """
    path = _font_path(family)
    return path is not None and _covers(path)


def _register(path: Path) -> str | None:
    """Add the font file to matplotlib's font list (this process only); its family name."""
    from matplotlib import font_manager

    if not _covers(str(path)):
        return None
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def _from_environment() -> str | None:
    value = os.environ.get(CJK_FONT_ENV_VAR, "").strip()
    if not value:
        return None
    path = Path(value).expanduser()
    if path.suffix.lower() in {".ttf", ".otf", ".ttc"} and path.is_file():
        return _register(path)
    return value if has_chinese_glyphs(value) else None


@functools.cache
def cjk_font() -> str | None:
    """Family name of a font with Chinese glyphs, registering one if needed; None if none.

    See the module docstring for the search order. Use the name first in
    ``font.sans-serif`` / ``font.family`` (as :func:`crmsim.views.style.language_style` does),
    followed by a Latin font for characters it lacks.
    """
    chosen = _from_environment()
    if chosen:
        return chosen
    for family in PREFERRED_FAMILIES:
        if has_chinese_glyphs(family):
            return family
    bundled = bundled_font_path()
    if bundled is not None:
        chosen = _register(bundled)
        if chosen:
            return chosen
    for family in REGIONAL_FAMILIES:
        if has_chinese_glyphs(family):
            return family
    return None
