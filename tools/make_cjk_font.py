"""Rebuild the Chinese font shipped in ``crmsim/views/fontdata/`` from Noto Sans CJK SC.

crmsim ships a subset of Noto Sans CJK SC Regular (SIL Open Font License 1.1) so that
figures, the dashboard and the HTML report draw Chinese on machines with no Chinese font.
The subset holds Latin, common symbols, CJK punctuation, the 3,755 level-1 characters of
GB2312 (the everyday simplified characters) and every Han character found in the
repository's tracked text files (catalogue, glossary, notebooks, docs). Outlines are
converted from CFF to TrueType quadratic curves, which every matplotlib backend embeds.
The family is renamed "crmsim Noto Sans SC" (a modified version keeps the license, under a
name of its own).

Run from the repository root, with the source font installed (Debian/Ubuntu:
``apt-get install fonts-noto-cjk``) or named with ``--source``::

    python tools/make_cjk_font.py
    python tools/make_cjk_font.py --source NotoSansCJK-Regular.ttc
    python tools/make_cjk_font.py --check

``--check`` fails if a Han character of the repository is missing
from the committed font (run it after adding Chinese text).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from io import BytesIO
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "crmsim" / "views" / "fontdata" / "crmsim-NotoSansSC-Regular.ttf"
SOURCES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf"),
)
SOURCE_FAMILY = "Noto Sans CJK SC"
FAMILY = "crmsim Noto Sans SC"
POSTSCRIPT = "crmsimNotoSansSC-Regular"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# Latin, punctuation, currency, arrows, maths, shapes and check marks, CJK punctuation,
# full-width forms: every block only as far as the source font has glyphs for it
RANGES = (
    (0x0020, 0x007E),
    (0x00A0, 0x017F),
    (0x2000, 0x206F),
    (0x20A0, 0x20CF),
    (0x2100, 0x214F),
    (0x2150, 0x218F),
    (0x2190, 0x21FF),
    (0x2200, 0x22FF),
    (0x2460, 0x24FF),
    (0x2500, 0x257F),
    (0x25A0, 0x25FF),
    (0x2600, 0x26FF),
    (0x2700, 0x27BF),
    (0x3000, 0x303F),
    (0xFF00, 0xFFEF),
)


_DROPPED = {"locl", "vert", "vrt2", "vkrn", "vpal", "vhal", "valt", "vchw", "vjmo", "ljmo", "tjmo"}


def gb2312_level1() -> set[str]:
    """The 3,755 characters of GB2312 level 1 (rows 16-55), decoded from their byte codes."""
    chars = set()
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def repository_han() -> set[str]:
    """Every Han character in the repository's tracked text files."""
    listed = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    chars: set[str] = set()
    for name in listed:
        try:
            chars.update(HAN.findall((ROOT / name).read_text(encoding="utf-8")))
        except (UnicodeDecodeError, OSError):
            continue
    return chars


def load_source(path: Path) -> TTFont:
    """The Simplified Chinese face of ``path`` (a collection or a single font)."""
    if path.suffix.lower() in {".ttc", ".otc"}:
        for font in TTCollection(str(path)).fonts:
            if font["name"].getDebugName(1) == SOURCE_FAMILY:
                return font
        raise SystemExit(f"{path} holds no face named {SOURCE_FAMILY!r}")
    return TTFont(str(path))


def to_truetype(font: TTFont) -> None:
    """Replace CFF cubic outlines by TrueType quadratic ones (max error 1 font unit)."""
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["head"].glyphDataFormat = 0
    font["maxp"].tableVersion = 0x00010000
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
    ):
        setattr(font["maxp"], attr, 0)
    font["maxp"].maxZones = 1
    font["post"].formatType = 2.0
    font["post"].extraNames = []
    font["post"].mapping = {}
    font["post"].glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"
    font.recalcBBoxes = True


def rename(font: TTFont) -> None:
    """Give the subset a family name of its own; keep copyright, license and credits."""
    table = font["name"]
    names = {
        1: FAMILY,
        2: "Regular",
        3: f"{POSTSCRIPT};subset",
        4: f"{FAMILY} Regular",
        6: POSTSCRIPT,
    }
    for record in list(table.names):
        if record.nameID in (16, 17):
            table.removeNames(nameID=record.nameID)
    for name_id, text in names.items():
        table.setName(text, name_id, 3, 1, 0x409)
        table.setName(text, name_id, 1, 0, 0)
    table.setName(
        "Subset of Noto Sans CJK SC Regular for crmsim: Latin, CJK punctuation, "
        "GB2312 level 1 and the characters crmsim uses.",
        10,
        3,
        1,
        0x409,
    )


LINE_GAP = 250
"""OS/2 line gap in font units (of 1,000). Noto Sans CJK's typographic metrics add none, and
matplotlib spaces the lines of a multi-line label by these metrics, so without a gap the
lines of a Chinese label touch."""


def set_line_gap(font: TTFont) -> None:
    """Give the font :data:`LINE_GAP` between lines (matplotlib reads the OS/2 metrics)."""
    font["OS/2"].sTypoLineGap = LINE_GAP


def build(source: Path) -> bytes:
    """The subset font, as TrueType bytes."""
    font = load_source(source)
    text = "".join(sorted(gb2312_level1() | repository_han()))
    unicodes = [code for low, high in RANGES for code in range(low, high + 1)]
    options = subset.Options()
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    # horizontal Chinese only: no other regions' glyph variants, no vertical forms
    options.layout_features = [f for f in options.layout_features if f not in _DROPPED]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text, unicodes=unicodes)
    subsetter.subset(font)
    to_truetype(font)
    rename(font)
    set_line_gap(font)
    out = BytesIO()
    font.save(out)
    return out.getvalue()


def missing_han(font_bytes: bytes) -> set[str]:
    """Han characters of the repository that the font ``font_bytes`` lacks."""
    cmap = TTFont(BytesIO(font_bytes)).getBestCmap()
    return {ch for ch in repository_han() if ord(ch) not in cmap}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, help="Noto Sans CJK .ttc or SC .otf file")
    parser.add_argument(
        "--check", action="store_true", help="only report Han characters the committed font lacks"
    )
    args = parser.parse_args(argv)
    if args.check:
        lacking = missing_han(TARGET.read_bytes())
        if lacking:
            print(
                f"{TARGET.name} lacks {len(lacking)} characters: {''.join(sorted(lacking))}; "
                "rebuild it with tools/make_cjk_font.py"
            )
            return 1
        print(f"{TARGET.name} has every Han character of the repository")
        return 0
    source = args.source or next((p for p in SOURCES if p.is_file()), None)
    if source is None or not source.is_file():
        print("Noto Sans CJK not found: install fonts-noto-cjk or pass --source", file=sys.stderr)
        return 2
    data = build(source)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(data)
    print(f"wrote {TARGET.relative_to(ROOT)}: {len(data) / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
