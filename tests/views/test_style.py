"""The classroom style changes figure settings for its block only, and leaves matplotlib's
interactive mode as the block left it (a notebook must go on showing its figures)."""

from __future__ import annotations

import matplotlib as mpl
import pytest

from crmsim.views.style import classroom_style


@pytest.fixture
def interactive_off():
    before = mpl.is_interactive()
    mpl.interactive(False)
    yield
    mpl.interactive(before)


def test_interactive_mode_switched_on_inside_the_block_stays_on(interactive_off):
    """The inline backend switches it on when pyplot is first imported, perhaps inside a
    classroom_style block; notebook 04 stopped showing figures after its first map."""
    size = mpl.rcParams["font.size"]
    with classroom_style(1.5):
        mpl.interactive(True)  # what importing pyplot under the inline backend does
        assert mpl.rcParams["font.size"] == 18.0
    assert mpl.is_interactive()
    assert mpl.rcParams["font.size"] == size  # the block's own settings are undone


def test_a_plain_settings_block_would_switch_it_off(interactive_off):
    """The mechanism of the defect: restoring every setting restores interactive mode too."""
    with mpl.rc_context({"font.size": 20}):
        mpl.interactive(True)
    assert not mpl.is_interactive()


def test_interactive_mode_off_outside_stays_off(interactive_off):
    with classroom_style():
        pass
    assert not mpl.is_interactive()
