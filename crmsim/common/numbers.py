"""How crmsim writes a number for people: one formatter for messages, tables and figures.

Examples
--------
>>> format_number(1234567.8), format_number(0.60312), format_number(-45.0)
('1,234,568', '0.603', '-45')
>>> format_number(0.1 + 0.2, digits=10), format_number(999.6), format_number(float("nan"))
('0.3', '1,000', 'NaN')
>>> format_number(1234.5, digits=10, grouping=False), format_number(523, digits=2)
('1234.5', '520')

Ratios are read to two significant figures, trailing zeros kept (1.036 is "1.0", not "1"):

>>> [format_number(v, digits=2, significant=True) for v in (1.036, 0.71, 0.0345, 12.04, 3.0)]
['1.0', '0.71', '0.035', '12', '3.0']
>>> format_number(0.0000012345), format_number(-1e-7, digits=2, significant=True)
('0.00000123', '-0.00000010')

Numbers read together (a column of a table) share one number of decimals, that of the
largest written to ``digits`` significant figures, so none looks more precise than another:

>>> format_numbers([4.1321, 13.84, 8.6423, 9.5912])
['4.1', '13.8', '8.6', '9.6']
"""

from __future__ import annotations

import math

__all__ = ["format_number", "format_numbers", "short_number"]


def format_number(
    value: float,
    *,
    digits: int = 3,
    grouping: bool = True,
    significant: bool = False,
    decimals: int | None = None,
) -> str:
    """``value`` rounded for reading.

    Amounts of 1,000 and more are written out in full with thousands separators, with
    decimals only as far as ``digits`` significant digits reach; smaller numbers keep
    ``digits`` significant digits without float noise (``0.3``, not
    ``0.30000000000000004``); never in exponent form. NaN is ``"NaN"``; infinities are
    ``"inf"`` / ``"-inf"`` (a view says what they mean, e.g. "no return").

    Parameters
    ----------
    value : float
    digits : int
        Significant digits of numbers below 1,000 in size.
    grouping : bool
        Separate thousands with commas (False: plain digits, e.g. inside a file name).
    significant : bool
        Show exactly ``digits`` significant digits below 1,000, trailing zeros included
        (``1.0`` for 1.036 to two digits): for ratios, where "1" would read as exact.
    decimals : int, optional
        Exactly this many decimals instead of ``digits`` (numbers shown together, see
        :func:`format_numbers`).
    """
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if decimals is not None:
        return f"{value:,.{decimals}f}" if grouping else f"{value:.{decimals}f}"
    # from 1,000 up: never in exponent form, decimals only as far as digits reach
    if abs(float(f"{value:.{digits}g}")) >= 1000:
        decimals = max(0, digits - len(str(int(abs(value)))))
        text = f"{value:,.{decimals}f}" if grouping else f"{value:.{decimals}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    text = f"{value:#.{digits}g}" if significant else f"{value:.{digits}g}"
    if significant:
        text = text.rstrip(".")
    if "e" in text and abs(value) >= 1:  # e.g. 523 to 2 digits: 520, not 5.2e+02
        text = f"{float(text):.0f}"
    elif "e" in text:  # tiny: 0.0000012, never 1.2e-06
        decimals = digits - 1 - math.floor(math.log10(abs(float(text))))
        text = f"{value:.{decimals}f}"
        if not significant:
            text = text.rstrip("0").rstrip(".")
    return text


def format_numbers(values, *, digits: int = 3, grouping: bool = True) -> list[str]:
    """``values`` shown together (a column, a readout), each as :func:`format_number` writes
    it but all with the decimals the largest in size has to ``digits`` significant figures.

    Examples
    --------
    >>> format_numbers([230615.2, 26491.4, -536461.0])
    ['230,615', '26,491', '-536,461']
    >>> format_numbers([0.25, 0.6, 1.2]), format_numbers([14.0, 4.13, float("nan")])
    (['0.25', '0.60', '1.20'], ['14.0', '4.1', 'NaN'])
    """
    values = [float(v) for v in values]
    finite = [abs(v) for v in values if math.isfinite(v)]
    if not finite:
        return [format_number(v, digits=digits, grouping=grouping) for v in values]
    widest = format_number(max(finite), digits=digits, grouping=False, significant=True)
    decimals = len(widest.partition(".")[2])
    return [format_number(v, grouping=grouping, decimals=decimals) for v in values]


_SHORT_EN = ((1e9, "bn"), (1e6, "M"), (1e3, "k"))
_SHORT_ZH = ((1e8, "亿"), (1e4, "万"))


def short_number(value: float, *, chinese: bool = False, digits: int = 3) -> str:
    """``value`` in few characters, for a label with little room: ``digits`` significant
    digits of thousands (k), millions (M) or billions (bn); in Chinese, of 万 (ten
    thousand) or 亿 (a hundred million). Smaller numbers as :func:`format_number` writes them.

    Examples
    --------
    >>> short_number(2311464), short_number(-3390561), short_number(48_260), short_number(950)
    ('2.31M', '-3.39M', '48.3k', '950')
    >>> short_number(2311464, chinese=True), short_number(1.25e9, chinese=True)
    ('231万', '12.5亿')
    """
    value = float(value)
    if math.isfinite(value):
        for size, unit in _SHORT_ZH if chinese else _SHORT_EN:
            scaled = float(f"{value / size:.{digits}g}")
            if abs(scaled) >= 1:
                return format_number(scaled, digits=digits) + unit
    return format_number(value, digits=digits)
