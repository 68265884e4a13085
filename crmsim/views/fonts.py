"""The Chinese font crmsim ships, for figures and as a web font for pages.

Matplotlib's DejaVu Sans and a plain Linux machine's browser have no Chinese characters: Chinese
text comes out as empty boxes ("tofu"). crmsim therefore ships a subset of Noto Sans CJK SC
Regular (SIL Open Font License 1.1, ``fontdata/OFL.txt``) named ``crmsim Noto Sans SC``:
Latin, CJK punctuation, the 3,755 everyday simplified characters (GB2312 level 1) and every
character crmsim's own texts use. ``tools/make_cjk_font.py`` rebuilds it.

- Figures: :func:`cjk_font` registers the file with matplotlib for this process only (nothing
  in matplotlib's installation or configuration changes) and returns its family name;
  :func:`crmsim.views.style.font_rc` puts it first in zh mode. The environment variable
  ``CRMSIM_CJK_FONT`` may name another font family or font file.
- Pages: :func:`font_face_css` writes the ``@font-face`` rule that serves the font (from a URL,
  or embedded in the page and cut down to the characters the page uses), and
  :data:`FONT_STACK_CSS` is a ``font-family`` value with the shipped family first. The rule
  covers Chinese characters and punctuation only (``unicode-range``), so Latin text keeps the
  system's own sans-serif font and a page with no Chinese never downloads the font.

Nothing happens at import time.

Examples
--------
>>> cjk_font_path().name
'crmsim-NotoSansSC-Regular.ttf'
>>> CJK_FONT_FAMILY
'crmsim Noto Sans SC'
>>> FONT_STACK_CSS.startswith('"crmsim Noto Sans SC", ')
True
>>> css = font_face_css(embed=True, text="转移成本")
>>> css.startswith("@font-face {") and "data:font/woff;base64," in css and len(css) < 20_000
True
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import io
import os
from importlib.resources import files
from pathlib import Path

__all__ = [
    "CJK_FONT_ENV_VAR",
    "CJK_FONT_FAMILY",
    "CJK_UNICODE_RANGE",
    "FONT_STACK_CSS",
    "NOTEBOOK_CODE_FONTS",
    "NOTEBOOK_TEXT_SELECTOR",
    "cjk_font",
    "cjk_font_path",
    "font_face_css",
    "has_chinese_glyphs",
    "notebook_font_html",
    "scoped_font_css",
    "show_notebook_font",
    "ui_font_css",
]

CJK_FONT_ENV_VAR = "CRMSIM_CJK_FONT"
"""Environment variable naming another font family or font file for Chinese figure text."""

CJK_FONT_FAMILY = "crmsim Noto Sans SC"
"""Family name of the shipped font, in matplotlib and in CSS."""

CJK_UNICODE_RANGE = (
    "U+2713, U+2E80-2FDF, U+3000-303F, U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF, U+FE30-FE4F, "
    "U+FF00-FFEF"
)
"""Characters the web font is used for: check mark, CJK radicals, punctuation, ideographs and
full-width forms (Latin text keeps the system font)."""

FONT_STACK_CSS = (
    f'"{CJK_FONT_FAMILY}", system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", '
    'Arial, "Noto Sans", "Liberation Sans", "DejaVu Sans", sans-serif'
)
"""CSS ``font-family`` value: the shipped family, then common system sans-serif fonts."""

_FILE_NAME = "crmsim-NotoSansSC-Regular.ttf"
# Characters every crmsim Chinese label needs (levels, states, verdicts, punctuation).
_PROBE = "客户关系奢侈的合作伙伴战略联盟转移成本谈判能力忠诚额外回报，："


def cjk_font_path() -> Path:
    """Path of the shipped font file (TrueType outlines, inside the installed package).

    Examples
    --------
    >>> cjk_font_path().is_file()
    True
    """
    return Path(str(files("crmsim.views").joinpath("fontdata", _FILE_NAME)))


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
    >>> has_chinese_glyphs(cjk_font())
    True
    """
    path = _font_path(family)
    return path is not None and _covers(path)


def _register(path: Path) -> str | None:
    """Add the font file to matplotlib's font list (this process only); its family name."""
    from matplotlib import font_manager

    if not _covers(str(path)):
        return None
    if _font_path(font_manager.FontProperties(fname=str(path)).get_name()) != str(path):
        font_manager.fontManager.addfont(str(path))
        # one weight only: bold titles use the regular glyphs, without a warning per lookup
        entries = [e for e in font_manager.fontManager.ttflist if e.fname == str(path)]
        if entries and all(font_manager.weight_dict.get(e.weight, e.weight) != 700
                           for e in entries):
            font_manager.fontManager.ttflist.append(dataclasses.replace(entries[0], weight=700))
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
def cjk_font() -> str:
    """Matplotlib family name of the font for Chinese text, registering it on first use.

    The font named by ``CRMSIM_CJK_FONT`` if it has Chinese glyphs, else the shipped
    :data:`CJK_FONT_FAMILY`. Use the name first in ``font.family`` (as
    :func:`crmsim.views.style.language_style` does), followed by a Latin font for characters
    it lacks. :func:`cjk_font.cache_clear` forgets the choice.
    """
    chosen = _from_environment()
    if chosen:
        return chosen
    registered = _register(cjk_font_path())
    if registered is None:  # only if the installed package was damaged
        raise OSError(
            f"the font file {cjk_font_path()} shipped with crmsim is missing or broken; "
            "reinstall crmsim"
        )
    return registered


@functools.cache
def _font_bytes() -> bytes:
    return cjk_font_path().read_bytes()


def _subset_woff(text: str) -> bytes:
    """The shipped font cut down to the characters of ``text``, as WOFF (zlib) bytes."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(_font_bytes()))
    options = subset.Options()
    options.hinting = False
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    font.flavor = "woff"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def font_face_css(*, embed: bool, url: str | None = None, text: str | None = None) -> str:
    """An ``@font-face`` rule declaring :data:`CJK_FONT_FAMILY` for Chinese characters.

    Parameters
    ----------
    embed
        True: the font travels inside the rule as a base64 ``data:`` URL, so the page works as
        a single file (a report sent by e-mail, printed to PDF). False: the rule points to
        ``url``, where a server serves :func:`cjk_font_path`.
    url
        Where the font file is served (required when ``embed`` is False).
    text
        With ``embed``: only the characters of ``text`` are kept, so a page embeds a few
        kilobytes instead of the whole font. Pass all the page's text.

    Returns
    -------
    str
        The CSS rule; use the family with :data:`FONT_STACK_CSS`.

    Examples
    --------
    >>> print(font_face_css(embed=False, url="/static/cjk.ttf"))  # doctest: +NORMALIZE_WHITESPACE
    @font-face { font-family: "crmsim Noto Sans SC"; font-style: normal; font-weight: 100 900;
    font-display: block; src: url("/static/cjk.ttf") format("truetype");
    unicode-range: U+2713, U+2E80-2FDF, U+3000-303F, U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF,
    U+FE30-FE4F, U+FF00-FFEF; }
    """
    if embed:
        if text is None:
            data, media, kind = _font_bytes(), "font/ttf", "truetype"
        else:
            data, media, kind = _subset_woff(text), "font/woff", "woff"
        source = f"data:{media};base64,{base64.b64encode(data).decode('ascii')}"
    else:
        if not url:
            raise ValueError("font_face_css(embed=False) needs the url the font is served at")
        source, kind = url, "truetype"
    quoted = source.replace("\\", "\\\\").replace('"', '\\"')
    return (
        f'@font-face {{ font-family: "{CJK_FONT_FAMILY}"; font-style: normal; '
        f"font-weight: 100 900;\nfont-display: block; "
        f'src: url("{quoted}") format("{kind}");\n'
        f"unicode-range: {CJK_UNICODE_RANGE}; }}"
    )


def _own_text() -> str:
    """Every Chinese text crmsim itself shows: catalogue, glossary, level and state names."""
    from crmsim.language.catalogue import MESSAGES
    from crmsim.language.glossary import GLOSSARY
    from crmsim.scenario.levels import DEFAULT_LEVELS
    from crmsim.scenario.states import STATE_LABELS_ZH

    return "".join(
        [
            *(entry.get("zh", "") for entry in MESSAGES.values()),
            *(zh for _english, zh in GLOSSARY),
            *(level.label_zh for level in DEFAULT_LEVELS),
            *STATE_LABELS_ZH.values(),
            "中文",
        ]
    )


@functools.lru_cache(maxsize=16)
def _ui_font_css(characters: frozenset[str]) -> str:
    return font_face_css(embed=True, text="".join(sorted(characters)))


def ui_font_css(text: str = "") -> str:
    """The embedded ``@font-face`` rule for widgets: crmsim's own Chinese texts plus ``text``.

    Widgets and the dashboard show translated messages, glossary terms, level and state names
    and the names of a scenario's segments and levels (pass those as ``text``). The rule
    embeds just these characters (about 130 kB), so it works wherever the widget is shown:
    JupyterLab, Voilà, an exported notebook. Built once per set of characters.

    Examples
    --------
    >>> css = ui_font_css("东部大区")
    >>> css == ui_font_css("区东部大") and 100_000 < len(css) < 400_000
    True
    """
    return _ui_font_css(frozenset(_own_text() + text))


NOTEBOOK_TEXT_SELECTOR = ":is(.jp-RenderedHTMLCommon, .jupyter-widgets)"
"""The notebook elements that show text: Markdown and HTML outputs (JupyterLab, Notebook 7,
the HTML that nbconvert's lab template writes) and the widgets a notebook makes itself with
ipywidgets (their labels, dropdowns, check boxes and buttons)."""

NOTEBOOK_CODE_FONTS = (
    f'"{CJK_FONT_FAMILY}", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace'
)
"""The code font of a notebook (``--jp-code-font-family``): JupyterLab's monospace fonts for
Latin, so printed tables stay aligned, and the shipped family for Chinese comments."""


@functools.lru_cache(maxsize=1)
def notebook_font_html() -> str:
    """A ``<style>`` element that makes a notebook draw Chinese with the shipped font.

    It embeds the whole shipped font (as WOFF, about 1 MB as base64, so any Chinese the
    notebook's Markdown uses is covered) and gives the notebook's prose and outputs
    (:data:`NOTEBOOK_TEXT_SELECTOR`) :data:`FONT_STACK_CSS`, and code and printed text
    the shipped family before their monospace fonts (:data:`NOTEBOOK_CODE_FONTS`).
    Displayed once, at the top of a notebook, it applies to the whole page; Latin text keeps
    its font (the shipped family covers only Chinese characters).

    Examples
    --------
    >>> html = notebook_font_html()
    >>> html.startswith("<style>") and "font/woff" in html and ".jp-RenderedHTMLCommon" in html
    True
    """
    from fontTools.ttLib import TTFont

    font = TTFont(cjk_font_path())
    font.flavor = "woff"
    out = io.BytesIO()
    font.save(out)
    source = f"data:font/woff;base64,{base64.b64encode(out.getvalue()).decode('ascii')}"
    face = (
        f'@font-face {{ font-family: "{CJK_FONT_FAMILY}"; font-style: normal; '
        f'font-weight: 100 900; font-display: block; src: url("{source}") format("woff"); '
        f"unicode-range: {CJK_UNICODE_RANGE}; }}"
    )
    code = f":root, body {{ --jp-code-font-family: {NOTEBOOK_CODE_FONTS}; }}"
    return f"<style>{face}\n{scoped_font_css(NOTEBOOK_TEXT_SELECTOR)}\n{code}</style>"


def show_notebook_font() -> None:
    """Display :func:`notebook_font_html` in the running notebook (nothing outside one).

    The Chinese course calls it in its first cell, so its Markdown draws real glyphs on a
    machine without a Chinese font.
    """
    try:
        from IPython import get_ipython
        from IPython.display import HTML, display
    except ImportError:  # no Jupyter: nothing to style
        return
    if get_ipython() is None:
        return
    display(HTML(notebook_font_html()))


def scoped_font_css(selector: str) -> str:
    """CSS rules giving the elements under ``selector`` :data:`FONT_STACK_CSS`.

    They set ``font-family``, the JupyterLab variables that ipywidgets' labels read, and the
    font of form controls (buttons, dropdowns, text boxes), which browsers do not inherit, so
    every control inside uses the shipped family for Chinese characters.

    Examples
    --------
    >>> print(scoped_font_css(".box"))  # doctest: +ELLIPSIS
    .box { font-family: "crmsim Noto Sans SC", ...; --jp-ui-font-family: "crmsim Noto Sans SC", ...
    .box :is(button, select, option, input, textarea) { font-family: "crmsim Noto Sans SC", ... }
    """
    return (
        f"{selector} {{ font-family: {FONT_STACK_CSS}; --jp-ui-font-family: {FONT_STACK_CSS}; "
        f"--jp-content-font-family: {FONT_STACK_CSS}; }}\n"
        f"{selector} :is(button, select, option, input, textarea) "
        f"{{ font-family: {FONT_STACK_CSS}; }}"
    )
