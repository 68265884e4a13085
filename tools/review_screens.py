"""Write what users see into a folder for review: demo figures and the HTML report, in both
languages, with screenshots of the report at 1280×720 and 1920×1080.

CI runs it after the tests and keeps the folder as an artifact (``test-artifacts/review``), so
the report and the figures of every change can be looked at, not only tested. Run it from the
repository root with Chromium installed (Debian: ``apt-get install chromium``)::

    python tools/review_screens.py test-artifacts/review

It uses the ``crmsim`` command as a user does: ``crmsim demo`` and ``crmsim run`` on the
classroom preset (few replications: the layout, not the numbers, is reviewed here).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
SIZES = ((1280, 720), (1920, 1080))


def crmsim(*args: str) -> None:
    """Run ``crmsim`` with ``args``; stop with its message if it fails."""
    done = subprocess.run([sys.executable, "-m", "crmsim", *args], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"crmsim {' '.join(args)} failed:\n{done.stderr}")


def screenshots(html: Path, stem: Path) -> list[Path]:
    """Top of the page at each size, and the whole page at the largest."""
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for width, height in SIZES:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(html.resolve().as_uri())
            page.evaluate("document.fonts.ready.then(() => true)")
            path = stem.with_name(f"{stem.name}_{width}x{height}.png")
            page.screenshot(path=str(path))
            written.append(path)
            if (width, height) == SIZES[-1]:
                full = stem.with_name(f"{stem.name}_full.png")
                page.screenshot(path=str(full), full_page=True)
                written.append(full)
            page.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write into (emptied first)")
    args = parser.parse_args(argv)
    out: Path = args.out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    work = out / "work"
    work.mkdir()
    from importlib.resources import files

    scenario = work / "classroom.toml"
    scenario.write_bytes((files("crmsim.scenario") / "presets" / "classroom.toml").read_bytes())
    for lang in ("en", "zh"):
        demo = work / f"demo_{lang}"
        crmsim("--lang", lang, "demo", "--out", str(demo))
        for png in sorted(demo.glob("*.png")):
            shutil.copyfile(png, out / f"demo_{lang}_{png.name}")
        report = work / f"run_{lang}"
        crmsim("--lang", lang, "run", str(scenario), "--out", str(report),
               "--replications", "10", "--frontier-points", "11", "--no-progress")
        html = next(report.glob("*.html"))
        shutil.copyfile(html, out / f"report_{lang}.html")
        screenshots(html, out / f"report_{lang}")
    shutil.rmtree(work)
    print(f"review files in {out}: {len(list(out.iterdir()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
