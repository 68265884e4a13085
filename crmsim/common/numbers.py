"""How crmsim writes a number for people: one formatter for messages, tables and figures.

Examples
--------
>>> format_number(1234567.8), format_number(0.60312), format_number(-45.0)
('1,234,568', '0.603', '-45')
>>> format_number(0.1 + 0.2, digits=10), format_number(999.6), format_number(float("nan"))
('0.3', '1,000', 'NaN')
>>> format_number(1234.5, digits=10, grouping=False), format_number(523, digits=2)
('1234.5', '520')
"""

from __future__ import annotations

import math

__all__ = ["format_number"]


def format_number(value: float, *, digits: int = 3, grouping: bool = True) -> str:
    """``value`` rounded for reading.

    Amounts of 1,000 and more are written out in full with thousands separators, with
    decimals only as far as ``digits`` significant digits reach; smaller numbers keep
    ``digits`` significant digits without float noise (``0.3``, not
    ``0.30000000000000004``). NaN is ``"NaN"``; infinities are ``"inf"`` / ``"-inf"``.

    Parameters
    ----------
    value : float
    digits : int
        Significant digits of numbers below 1,000 in size.
    grouping : bool
        Separate thousands with commas (False: plain digits, e.g. inside a file name).
    """
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    # from 1,000 up: never in exponent form, decimals only as far as digits reach
    if abs(float(f"{value:.{digits}g}")) >= 1000:
        decimals = max(0, digits - len(str(int(abs(value)))))
        text = f"{value:,.{decimals}f}" if grouping else f"{value:.{decimals}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    text = f"{value:.{digits}g}"
    if "e" in text and abs(value) >= 1:  # e.g. 523 to 2 digits: 520, not 5.2e+02
        text = f"{float(text):.0f}"
    return text
