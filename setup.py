"""Build hook: the course (teaching notebooks, student exercises and the trainer's exercises
with solutions, English and Chinese) goes into the wheel.

Everything else is configured in ``pyproject.toml``. The notebooks live at the top of the
repository (``notebooks/``, ``exercises/student/``, ``exercises/trainer/`` and their ``zh/``
folders) where teachers edit them; a wheel carries a copy as package data under
``crmsim/course/`` (the Chinese course under ``crmsim/course/zh/``) so that
``crmsim notebooks DEST [--trainer]`` works after ``pip install crmsim``. The exercise masters
stay in the repository: ``crmsim build-exercises`` is a tool for the source checkout.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

COURSE = {
    "notebooks": ("notebooks", "*.ipynb"),
    "exercises": ("exercises/student", "*.ipynb"),
    "zh/notebooks": ("notebooks/zh", "*.ipynb"),
    "zh/exercises": ("exercises/student/zh", "*.ipynb"),
    "trainer": ("exercises/trainer", "*.ipynb"),
    "zh/trainer": ("exercises/trainer/zh", "*.ipynb"),
}


class BuildWithCourse(build_py):
    def run(self):
        super().run()
        root = Path(__file__).resolve().parent
        for name, (folder, pattern) in COURSE.items():
            target = Path(self.build_lib) / "crmsim" / "course" / name
            target.mkdir(parents=True, exist_ok=True)
            for source in sorted((root / folder).glob(pattern)):
                shutil.copyfile(source, target / source.name)


setup(cmdclass={"build_py": BuildWithCourse})
