"""A matplotlib Agg canvas that redraws the same texts faster, pixel for pixel as Agg draws.

matplotlib's Agg renderer shapes every text (HarfBuzz, through its ``ft2font`` extension)
and rasterises every glyph with FreeType on each draw: in a figure redrawn at every move
of a slider, whose titles, tick labels and legends mostly read as they did, that is most
of the time a draw takes. :class:`TextCachingCanvas` keeps both: the shaped glyphs of each
string in each font, size and resolution, and the coverage bitmap of each glyph at each
subpixel offset (FreeType renders a glyph moved by whole pixels as the same bitmap moved
by those pixels). Each glyph is still blended into the figure by Agg, in the order and with
the colour matplotlib gives it, so the image is the one matplotlib's own canvas draws; the
tests compare both, array for array.

Where matplotlib lacks the internals this relies on (releases before 3.11), the canvas
draws texts as matplotlib does.

Examples
--------
>>> import numpy as np
>>> from matplotlib.backends.backend_agg import FigureCanvasAgg
>>> from matplotlib.figure import Figure
>>> fig = Figure(figsize=(3, 2), dpi=72)
>>> ax = fig.add_subplot()
>>> _ = ax.set_title("customers by state"), ax.set_ylabel("value per customer")
>>> fast = TextCachingCanvas(fig)
>>> fast.draw()
>>> mine = np.asarray(fast.buffer_rgba()).copy()
>>> stock = FigureCanvasAgg(fig)
>>> stock.draw()
>>> bool(np.array_equal(mine, np.asarray(stock.buffer_rgba())))
True
>>> rgb_png(fast)[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""

from __future__ import annotations

import functools
import io
import math

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.font_manager import fontManager, get_font
from matplotlib.ft2font import FT2Font
from PIL import Image

__all__ = ["TextCachingCanvas", "rgb_png"]

try:  # the glyph-level text drawing of matplotlib 3.11 and later
    from matplotlib.ft2font import RenderMode

    _FAST_TEXT = all(
        hasattr(FT2Font, name) for name in ("_layout", "_render_glyph", "_set_transform")
    ) and hasattr(fontManager, "_find_fonts_by_props")
except ImportError:  # pragma: no cover - matplotlib before 3.11
    _FAST_TEXT = False

# glyph bitmaps kept (each a few hundred bytes); the cache starts again when full
_MAX_GLYPHS = 20_000
_MAX_LAYOUTS = 5_000

# (font, size, dpi, glyph, transform, x and y subpixel offsets, antialiased, hinting)
#   -> (coverage, left, top) of the glyph drawn at that subpixel offset
_GLYPHS: dict[tuple, tuple[np.ndarray, int, int]] = {}
# (font, size, dpi, text, hinting, features, language) -> (font, glyph, x, y) per glyph
_LAYOUTS: dict[tuple, tuple[tuple[FT2Font, int, float, float], ...]] = {}
# (font properties' hash, as they compare; dpi; the generic families' fonts)
#   -> (ascent, descent, line gap) in pixels
_HEIGHTS: dict[tuple, tuple[float, float, float] | tuple[None, None, None]] = {}

# the rc settings a font family name resolves with (as matplotlib's findfont keys its cache)
_FAMILY_RC = ("font.serif", "font.sans-serif", "font.cursive", "font.fantasy", "font.monospace")
# where a font keeps its line metrics, in the order matplotlib's texts read them
_LINE_METRICS = (
    ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
    ("hhea", "lineGap", "ascent", "descent"),
)


class _TextCachingRenderer(RendererAgg):
    """Agg with the shaping of each text, the bitmap of each glyph and each font's line
    metrics remembered."""

    def _get_font_height_metrics(self, prop):
        """Ascent, descent and line gap (pixels) of the font of ``prop``: what
        ``matplotlib.text.Text`` reads from the font's tables for every line of every text
        it measures, read once per font, size and resolution (None: measure as matplotlib
        does)."""
        key = (hash(prop), self.dpi, *(tuple(mpl.rcParams[k]) for k in _FAMILY_RC))
        heights = _HEIGHTS.get(key)
        if heights is None:
            heights = (None, None, None)
            font = get_font(fontManager._find_fonts_by_props(prop))
            for table_name, gap_key, ascent_key, descent_key in _LINE_METRICS:
                table = font.get_sfnt_table(table_name)
                if table is None:
                    continue
                units_per_em = font.get_sfnt_table("head")["unitsPerEm"]
                scale = 1 / units_per_em * prop.get_size_in_points() * self.dpi / 72
                heights = (
                    table[ascent_key] * scale,
                    -table[descent_key] * scale,
                    table[gap_key] * scale,
                )
                break
            if len(_HEIGHTS) >= _MAX_LAYOUTS:
                _HEIGHTS.clear()
            _HEIGHTS[key] = heights
        return heights

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath:
            super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
            return
        flags = get_hinting_flag()
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        font = self._prepare_font(prop)
        size = prop.get_size_in_points()
        key = (
            font,
            size,
            self.dpi,
            s,
            flags,
            None if features is None else tuple(features),
            language,
        )
        glyphs = _LAYOUTS.get(key)
        if glyphs is None:
            glyphs = tuple(
                (item.ft_object, item.glyph_index, item.x, item.y)
                for item in font._layout(s, flags=flags, features=features, language=language)
            )
            if len(_LAYOUTS) >= _MAX_LAYOUTS:
                _LAYOUTS.clear()
            _LAYOUTS[key] = glyphs
        self._draw_glyphs(gc, x, y, angle, size, glyphs, flags)

    def _draw_glyphs(self, gc, x, y, angle, size, glyphs, flags) -> None:
        """Blend each glyph at its place, as ``RendererAgg._draw_text_glyphs_and_boxes``
        does, rendering only glyphs not seen at that subpixel offset."""
        cos = math.cos(math.radians(angle))
        sin = math.sin(math.radians(angle))
        matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]])).round().astype(int)
        matrix_key = tuple(matrix.ravel().tolist())
        antialiased = gc.get_antialiased()
        height = self.height
        for font, index, dx, dy in glyphs:  # y is downwards, dy upwards
            # the glyph's origin in FreeType's 26.6 fixed point (y upwards)
            ox = round(0x40 * (x + dx * cos - dy * sin))
            oy = round(0x40 * (height - y + dx * sin + dy * cos))
            key = (font, size, self.dpi, index, matrix_key, ox & 63, oy & 63, antialiased, flags)
            glyph = _GLYPHS.get(key)
            if glyph is None:
                font.set_size(size, self.dpi)
                font._set_transform(matrix, [ox & 63, oy & 63])
                bitmap = font._render_glyph(
                    index, flags, RenderMode.NORMAL if antialiased else RenderMode.MONO
                )
                buffer = bitmap.buffer
                if not antialiased:
                    buffer *= 0xFF
                glyph = (buffer, bitmap.left, bitmap.top)
                if len(_GLYPHS) >= _MAX_GLYPHS:
                    _GLYPHS.clear()
                _GLYPHS[key] = glyph
            buffer, left, top = glyph
            self._renderer.draw_text_image(
                buffer, left + (ox >> 6), int(height) - top - (oy >> 6) + buffer.shape[0], 0, gc
            )


class TextCachingCanvas(FigureCanvasAgg):
    """A :class:`~matplotlib.backends.backend_agg.FigureCanvasAgg` whose renderer remembers
    shaped texts and rendered glyphs (shared by every such canvas of the process), so a
    figure drawn again with mostly the same texts draws in about half the time, to the same
    pixels."""

    def get_renderer(self):
        if not _fast_text_agrees():  # pragma: no cover - matplotlib without the internals
            return super().get_renderer()
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key or not isinstance(
            getattr(self, "renderer", None), _TextCachingRenderer
        ):
            self.renderer = _TextCachingRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer


@functools.cache
def _fast_text_agrees() -> bool:
    """Whether this matplotlib has the internals the caching renderer uses and draws the
    same pixels through them as through its own text drawing: checked once per process on
    a small figure of plain, rotated and multi-line texts (twice, the second time from the
    caches), so that a matplotlib whose internals changed is drawn the stock way."""
    if not _FAST_TEXT:
        return False
    from matplotlib.figure import Figure

    fig = Figure(figsize=(2.0, 1.2), dpi=72)
    ax = fig.add_subplot()
    ax.set_title("Value 1,234.5")
    ax.set_ylabel("customers")
    ax.text(0.3, 0.4, "two\nlines", rotation=30)
    stock = FigureCanvasAgg(fig)
    stock.draw()
    expected = np.asarray(stock.buffer_rgba()).copy()
    renderer = _TextCachingRenderer(*stock.get_width_height(physical=True), fig.dpi)
    try:
        for _ in range(2):
            renderer.clear()
            fig.draw(renderer)
            if not np.array_equal(np.asarray(renderer.buffer_rgba()), expected):
                return False
    except Exception:  # any failure of the internals: draw the stock way
        return False
    return True


def rgb_png(canvas: FigureCanvasAgg, *, compress_level: int = 1) -> bytes:
    """The canvas's last drawing as a PNG: RGB when every pixel is opaque (about a fifth
    quicker to encode and smaller; the same picture), RGBA otherwise.

    ``compress_level`` is zlib's (1: fast; flat colours and text compress well anyway).
    """
    width, height = canvas.get_width_height(physical=True)
    rgba = np.asarray(canvas.buffer_rgba())
    image = Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1)
    if rgba[..., 3].min() == 255:
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=compress_level)
    return buffer.getvalue()
