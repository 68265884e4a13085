"""Amounts of money name their currency wherever they are shown, in English and Chinese.

Every check derives from :data:`crmsim.language.translate.MONEY_COLUMNS` (which columns hold
money) and :func:`crmsim.language.translate.money_label` (how the unit is written), never
from a copy of the labels.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from crmsim.language.translate import (
    MONEY_COLUMNS,
    column_label,
    display_frame,
    money_label,
    use_language,
)
from crmsim.model.mechanisms import CUSTOMER_GAIN_COMPONENTS

NOT_MONEY = ("luxury_ratio", "served_fraction", "customer_gain_share", "buying_end",
             "buying_months", "customers_start", "ci_low", "n")
HAN = re.compile(r"[\u4e00-\u9fff]")


def _unit() -> str:
    return money_label("").strip()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_displayed_headers_of_money_name_the_currency_and_no_other_does(lang):
    names = sorted(MONEY_COLUMNS) + list(NOT_MONEY)
    frame = pd.DataFrame({name: [1.0] for name in names})
    with use_language(lang):
        shown = dict(zip(names, display_frame(frame).columns, strict=True))
        unit = _unit()
    assert unit
    for name in MONEY_COLUMNS:
        assert shown[name].endswith(unit) and shown[name].count(unit) == 1, (name, shown[name])
    for name in NOT_MONEY:
        assert unit not in shown[name], (name, shown[name])
    assert list(frame.columns) == names  # the frame keeps the names programs read


def test_every_money_column_has_a_chinese_name():
    """In Chinese the header is a Chinese name with the unit, never the column's own name."""
    with use_language("zh"):
        for name in MONEY_COLUMNS:
            label = column_label(name).removesuffix(_unit())
            assert HAN.search(label) and name not in label, (name, label)


def test_the_parts_of_the_customers_gain_are_money():
    assert set(CUSTOMER_GAIN_COMPONENTS) <= MONEY_COLUMNS


def test_an_index_of_money_names_the_currency_too():
    frame = pd.DataFrame({"n": [1]}, index=pd.Index([5.0], name="discounted profit"))
    with use_language("zh"):
        assert display_frame(frame).index.name == column_label("discounted profit")
        assert display_frame(frame).index.name.endswith(_unit())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_explorer_tables_and_titles_name_the_currency(lang):
    """The tables under the explorers and the amounts in their titles carry the unit."""
    from crmsim.views.widgets import (
        clv_distribution_explorer,
        levels_explorer,
        retention_levers_explorer,
    )

    levels = levels_explorer(lang=lang)
    retention = retention_levers_explorer(lang=lang)
    clv = clv_distribution_explorer(lang=lang, n_customers=40)
    clv.update()
    with use_language(lang):
        unit = _unit()
        money_headers = [column_label(c) for c in levels.data if c in MONEY_COLUMNS]
        value_header = column_label("value")
    assert len(money_headers) == 2
    assert set(money_headers) <= set(levels.display_table().columns)
    assert retention.figure.axes[1].get_title().endswith(unit)
    # the CLV table mixes money with a count of customers: the unit goes on the rows of money
    table = clv.display_table()
    rows = list(table.iloc[:, 0])
    assert value_header not in table.columns
    assert all(row.endswith(unit) for row in rows[:-1]) and unit not in rows[-1], rows
    assert np.isfinite(clv.data["value"]).all()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_demo_table_names_the_currency_and_stays_aligned(lang):
    """``crmsim demo``: its three columns of money say so, and every line of a block keeps
    the header's width (Chinese characters count two columns)."""
    from crmsim.language.translate import display_width, tr
    from crmsim.views.demo import format_summary

    table = pd.DataFrame({
        "segment": ["key accounts"] * 2, "level": ["preferred", "partnership"],
        "customers_start": [12, 12], "kept": [9, 10], "buying_end": [10.0, 11.0],
        "value_per_customer_se": [5.0, 5.0], "discounted_profit": [1000.0, -123456.0],
        "value_per_customer": [80.0, -10288.0], "value_per_customer_expected": [81.0, -9000.0],
        "served_fraction": [1.0, 1.0]})
    with use_language(lang):
        lines = format_summary(table).splitlines()
        header = lines[2]
        for key in ("demo.col.discounted_profit", "demo.col.clv", "demo.col.clv_expected"):
            assert money_label(tr(key)) in header
        assert _unit() not in tr("demo.col.kept")
    widths = {display_width(line.split("  <-")[0]) for line in lines[2:]}
    assert len(widths) == 1, lines


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_parameters_of_money_name_the_currency_on_axes_and_in_sentences(lang):
    """A parameter whose declared unit is money (annual wallet) names the currency where its
    values are shown; one on a 0-1 scale (switching cost) does not."""
    import matplotlib

    matplotlib.use("Agg")
    from crmsim.language.translate import parameter_label
    from crmsim.scenario.paths import parameter_unit
    from crmsim.views.luxury_plots import plot_tornado

    wallet, switching = "segment:key.annual_wallet", "segment:key.switching_cost"
    assert parameter_unit(wallet).startswith("currency") and parameter_unit(switching) == "0-1"
    frame = pd.DataFrame({
        "segment": "key", "level": "partnership", "parameter": [wallet, switching],
        "low": [4e5, 0.5], "high": [8e5, 0.9], "base": 10.0, "output_low": [5.0, 8.0],
        "output_high": [15.0, 12.0], "swing": [10.0, 4.0]})
    frame.attrs["output"] = "extra_profit"
    with use_language(lang):
        unit = _unit()
        ticks = [t.get_text() for t in plot_tornado(frame).axes[0].get_yticklabels()]
        wallet_label = money_label(parameter_label(wallet))
    assert ticks[0].startswith(wallet_label) and unit not in ticks[1], ticks
