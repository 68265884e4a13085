"""The display language: English or simplified Chinese (简体中文).

Everything crmsim shows a person (figure titles, axes and legends, widget labels, verdict
sentences, CLI messages, the HTML report) goes through :func:`tr` or one of the label
helpers here, in the *current language*:

* :func:`use_language` sets it for a block (restored afterwards; safe across threads and
  asyncio tasks, since it lives in a :class:`contextvars.ContextVar`);
* :func:`set_language` sets the session default, seen by every thread and callback that has
  no :func:`use_language` block of its own (a Jupyter widget callback, a worker thread);
* otherwise the environment variable ``CRMSIM_LANG`` decides (read when asked, not at
  import), and without it the language is English.

What is *not* translated: scenario-file keys, DataFrame column names and machine-readable
codes (level and state names, verdict codes such as ``"luxurious"``), and error messages
about invalid scenario files. Segment names are shown in Chinese only for the segments of
the shipped presets (:func:`segment_label`); names a user chose are shown as written. The
messages live in :mod:`crmsim.language.catalogue`.

Examples
--------
>>> with use_language("zh"):
...     tr("verdict.luxurious"), level_label("partnership"), state_label("loyal")
('奢侈的', '合作伙伴关系', '忠诚客户')
>>> tr("verdict.luxurious"), level_label("partnership")
('luxurious', 'partnership')
>>> with use_language("zh-CN"):
...     get_language()
'zh'
"""

from __future__ import annotations

import os
import string
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from crmsim.common.errors import ScenarioError

if TYPE_CHECKING:
    from markupsafe import Markup

__all__ = [
    "ENV_VAR",
    "LANGUAGES",
    "MONEY_COLUMNS",
    "column_label",
    "display_frame",
    "display_width",
    "get_language",
    "html_lang",
    "level_label",
    "lever_label",
    "money_label",
    "normalise_language",
    "pad",
    "parameter_label",
    "placeholders",
    "preset_label",
    "quantity_label",
    "scenario_description",
    "segment_label",
    "set_language",
    "space_before_han",
    "state_label",
    "tr",
    "tr_markup",
    "use_language",
    "verdict_label",
]

LANGUAGES: tuple[str, ...] = ("en", "zh")
"""Supported display languages: English and simplified Chinese."""

ENV_VAR = "CRMSIM_LANG"
"""Environment variable giving the language when none was set in Python."""

_ALIASES = {
    "en": "en", "en-us": "en", "en_us": "en", "en-gb": "en", "en_gb": "en",
    "zh": "zh", "zh-cn": "zh", "zh_cn": "zh", "zh-hans": "zh", "zh_hans": "zh",
    "zh-hans-cn": "zh",
}

_HTML_LANG = {"en": "en", "zh": "zh-CN"}

# Override for the current context (use_language); None means "not set here".
_CURRENT: ContextVar[str | None] = ContextVar("crmsim_language", default=None)
# Session default set by set_language; None means "use the environment".
_session: str | None = None


def normalise_language(lang: str, *, source: str = "language") -> str:
    """Return ``"en"`` or ``"zh"`` for ``lang`` (also accepts zh-CN, zh_CN, zh-Hans, en-US).

    Parameters
    ----------
    lang : str
        A language code, case-insensitive.
    source : str
        What to call the value in the error message (e.g. the environment variable).

    Examples
    --------
    >>> normalise_language("zh_CN"), normalise_language("EN")
    ('zh', 'en')
    >>> normalise_language("fr")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    crmsim.common.errors.ScenarioError: language must be one of 'en', 'zh' (...); received 'fr'.
    """
    key = lang.strip().lower() if isinstance(lang, str) else None
    if key not in _ALIASES:
        raise ScenarioError(
            f"{source} must be one of 'en', 'zh' (or 'zh-CN', 'zh_CN', 'zh-Hans'); "
            f"received {lang!r}."
        )
    return _ALIASES[key]


def _from_environment() -> str:
    value = os.environ.get(ENV_VAR, "").strip()
    return normalise_language(value, source=ENV_VAR) if value else "en"


def get_language() -> str:
    """The current display language, ``"en"`` or ``"zh"``.

    A :func:`use_language` block in this context wins, then :func:`set_language`, then the
    environment variable ``CRMSIM_LANG``, then English.
    """
    return _CURRENT.get() or _session or _from_environment()


def set_language(lang: str | None) -> None:
    """Set the display language for the session (every thread and widget callback).

    Inside a :func:`use_language` block the change also applies at once in that block, and
    the block still restores its previous language on exit.

    Parameters
    ----------
    lang : {"en", "zh"} or None
        Also accepts "zh-CN", "zh_CN", "zh-Hans" (all mean simplified Chinese). None goes
        back to the default (``CRMSIM_LANG``, else English).

    Examples
    --------
    >>> set_language("zh"); get_language()
    'zh'
    >>> set_language(None)
    """
    global _session
    value = None if lang is None else normalise_language(lang)
    _session = value
    if _CURRENT.get() is not None:
        _CURRENT.set(value or _from_environment())


@contextmanager
def use_language(lang: str | None) -> Iterator[str]:
    """Use ``lang`` inside the ``with`` block; the previous language comes back afterwards.

    ``None`` keeps the current language (handy for optional ``lang=`` arguments).

    Examples
    --------
    >>> with use_language("zh") as lang:
    ...     lang, tr("verdict.pays")
    ('zh', '值得')
    """
    value = get_language() if lang is None else normalise_language(lang)
    token = _CURRENT.set(value)
    try:
        yield value
    finally:
        _CURRENT.reset(token)


def html_lang() -> str:
    """The current language as an HTML ``lang`` attribute (``"en"`` or ``"zh-CN"``)."""
    return _HTML_LANG[get_language()]


def _catalogue() -> dict[str, dict[str, str]]:
    from crmsim.language.catalogue import MESSAGES

    return MESSAGES


def tr(key: str, /, **values: object) -> str:
    """The message ``key`` in the current language, formatted with ``values``.

    Examples
    --------
    >>> tr("luxury.ratio", ratio=1.8)
    'ratio 1.8'
    >>> with use_language("zh"):
    ...     tr("luxury.ratio", ratio=1.8)
    '比值 1.8'
    >>> tr("no such message")
    Traceback (most recent call last):
    ...
    KeyError: "no message 'no such message' in the crmsim catalogue (crmsim/language/catalogue.py)"
    """
    return _formatted(key, _template(key), values)


def tr_markup(key: str, /, **values: object) -> Markup:
    """:func:`tr` for HTML: the message escaped, then formatted with ``values``.

    A value that is already markup (:class:`markupsafe.Markup`, e.g. a span built by the
    caller) goes in as it is; any other value is escaped.

    Examples
    --------
    >>> from markupsafe import Markup
    >>> tr_markup("luxury.ratio", ratio=Markup("<b>1.8</b>"))
    Markup('ratio <b>1.8</b>')
    >>> tr_markup("luxury.ratio", ratio="<1.8>")
    Markup('ratio &lt;1.8&gt;')
    """
    from markupsafe import Markup, escape

    return _formatted(key, Markup(escape(_template(key))), values)


def _template(key: str) -> str:
    """The message ``key`` in the current language, not yet formatted."""
    try:
        return _catalogue()[key][get_language()]
    except KeyError:
        raise KeyError(
            f"no message {key!r} in the crmsim catalogue (crmsim/language/catalogue.py)"
        ) from None


def _formatted(key: str, template: str, values: dict[str, object]) -> str:
    """``template`` (the message ``key``) formatted with ``values``."""
    try:
        return template.format(**values)
    except KeyError as missing:
        raise KeyError(f"message {key!r} needs the value {missing.args[0]!r}") from None


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a message template expects.

    Examples
    --------
    >>> sorted(placeholders("{level} pays for {segment}: {ratio:.2g}"))
    ['level', 'ratio', 'segment']
    """
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def level_label(name: str, *, levels: Iterable[object] | None = None) -> str:
    """Display name of relationship level ``name`` in the current language.

    English shows the level's name as used in frames and files (``"partnership"``);
    Chinese shows its ``label_zh`` (合作伙伴关系). ``levels`` (e.g. ``scenario.levels``)
    supplies the labels of custom levels; by default the four default levels are used. An
    unknown name is shown as it is.

    Examples
    --------
    >>> with use_language("zh"):
    ...     [level_label(n) for n in ("transactional", "alliance", "my level")]
    ['买卖关系', '战略联盟', 'my level']
    """
    if get_language() == "en":
        return name
    from crmsim.scenario.levels import DEFAULT_LEVELS

    for level in (DEFAULT_LEVELS if levels is None else levels):
        if getattr(level, "name", None) == name:
            return str(level.label_zh)
    return name


def state_label(name: str) -> str:
    """Display name of lifecycle state ``name``: ``"non-customer"`` or 非客户.

    ``"word of mouth"``, where referred customers come from in a frame of flows
    (:func:`crmsim.analysis.teaching.expected_flows`), is named too.

    Examples
    --------
    >>> state_label("non_customer")
    'non-customer'
    >>> with use_language("zh"):
    ...     state_label("repeat"), state_label("word of mouth")
    ('老客户', '口碑推荐')
    """
    if name == "word of mouth":
        return tr("widgets.flows.word_of_mouth")
    if get_language() == "en":
        return name.replace("_", "-")
    from crmsim.scenario.states import STATE_LABELS_ZH

    return STATE_LABELS_ZH.get(name, name)


def verdict_label(code: str) -> str:
    """Short display word for a verdict code of :data:`crmsim.analysis.luxury.VERDICTS`.

    Examples
    --------
    >>> with use_language("zh"):
    ...     verdict_label("too close to call")
    '难以判断'
    """
    return tr(f"verdict.{code}")


def parameter_label(path: str, *, unit: bool = False) -> str:
    """Display name of a parameter path such as ``"segment:key.switching_cost"``.

    The field is translated when the catalogue knows it (``param.<field>``); otherwise its
    words are shown (``cost_per_hour`` → "cost per hour"). A level parameter is prefixed
    with the level's label. With ``unit``, a parameter of money names the currency
    (:func:`money_label`), for axes and for its values in sentences.

    Examples
    --------
    >>> parameter_label("segment:key accounts.switching_cost")
    'switching cost'
    >>> parameter_label("level:partnership.running_cost_per_month")
    'partnership running cost per month'
    >>> parameter_label("staff.cost_per_hour", unit=True)
    'cost per hour (currency)'
    >>> with use_language("zh"):
    ...     parameter_label("switching_cost"), parameter_label("staff.n_account_managers")
    ('转移成本', '客户经理人数')
    >>> with use_language("zh"):
    ...     parameter_label("plan.key accounts")
    '大客户的关系层次'
    """
    if path.startswith("plan."):  # the plan's level of a segment
        return tr("param.plan_of", segment=segment_label(path.removeprefix("plan.")))
    kind, _, rest = path.partition(":")
    field = (rest or kind).rpartition(".")[2]
    words = _known("param", field)
    if kind == "level" and rest:
        words = tr("param.level_prefixed", level=level_label(rest.rpartition(".")[0]),
                   parameter=words)
    if unit:
        from crmsim.scenario.paths import parameter_unit

        if parameter_unit(path).startswith("currency"):
            return money_label(words)
    return words


def quantity_label(name: str) -> str:
    """Display name of an output column such as ``"value_per_customer"`` or ``"extra_profit"``.

    Examples
    --------
    >>> quantity_label("extra_profit")
    'extra profit'
    >>> with use_language("zh"):
    ...     quantity_label("luxury_ratio")
    '奢侈比'
    """
    return _known("quantity", name)


def lever_label(key: str) -> str:
    """Display name of a retention lever such as ``"survey"`` (:mod:`crmsim.analysis.levers`).

    Examples
    --------
    >>> lever_label("lost_analysis")
    'lost-customer analysis'
    >>> with use_language("zh"):
    ...     lever_label("club"), lever_label("my_lever")
    ('客户俱乐部', 'my lever')
    """
    return _known("lever", key)


MONEY_COLUMNS: frozenset[str] = frozenset({
    # result frames (crmsim.engines.results, crmsim.analysis.compare, .luxury, .report)
    "discounted_profit", "value_per_customer", "value_per_customer_low",
    "value_per_customer_high", "value_per_customer_se", "value_per_customer_expected",
    "extra_cost", "extra_return", "extra_profit", "extra_profit_low", "extra_profit_high",
    "value_planned", "value_best", "at_stake", "cost_per_customer", "return_per_customer",
    # both sides' gains (crmsim.analysis.customer_side) and the customer's gain's parts
    "firm_value", "firm_extra", "customer_gain", "firm_extra_per_month",
    "customer_gain_per_month", "price_concessions", "supply_chain_share",
    "transaction_savings", "co_created_share", "joint_growth_margin", "extra_service",
    # retention levers (crmsim.analysis.levers)
    "value_before", "value_change", "lever_cost", "revenue_change", "firm_profit_change",
    # the steps of crmsim.analysis.teaching.lifetime_value_steps
    "value", "change",
    # tables the explorers and notebooks build for showing
    "value per customer", "extra vs level below", "discounted profit",
    "programme cost (PV)", "complaint cost (PV)", "extra cost per customer",
    "extra return per customer", "payroll", "idle payroll",
})
"""Table columns that hold money: their headers as shown name the currency
(:func:`column_label`, :func:`display_frame`); the columns themselves keep their names."""


def money_label(text: str) -> str:
    """``text`` (a label or an amount of money) with the currency unit, in the current language.

    Scenarios give money in one currency that they do not name, so the unit is the generic
    one: "(currency)", 货币单位.

    Examples
    --------
    >>> money_label("value per customer"), money_label("+1,234")
    ('value per customer (currency)', '+1,234 (currency)')
    >>> with use_language("zh"):
    ...     money_label("贴现利润")
    '贴现利润（货币单位）'
    """
    return tr("money.label", quantity=text)


def column_label(name: str, *, levels: Iterable[object] | None = None) -> str:
    """Header to *show* for a table column (the frame's own column names never change).

    The catalogue's name of the column, output quantity or parameter (else a level's label,
    else the name as written); a column of money (:data:`MONEY_COLUMNS`) names the currency.

    Examples
    --------
    >>> column_label("served_fraction"), column_label("extra_profit")
    ('contacts served', 'extra profit (currency)')
    >>> with use_language("zh"):
    ...     column_label("value per customer"), column_label("my column")
    ('每位客户的价值（货币单位）', 'my column')
    """
    label = None
    for section in ("column", "quantity", "param"):
        entry = _catalogue().get(f"{section}.{name}")
        if entry:
            label = entry[get_language()]
            break
    if label is None:
        label = level_label(name, levels=levels)
    return money_label(label) if name in MONEY_COLUMNS else label


_LEVEL_COLUMNS = ("level", "best_level", "cheaper_level")


def display_frame(frame, *, levels: Iterable[object] | None = None):
    """A copy of ``frame`` to *show*: its headers and codes in the current language.

    The frame itself keeps its English column names and codes; the copy shows level names (in
    the columns ``level``, ``best_level`` and ``cheaper_level``, in an index of that name, and
    as headers), segment names, verdicts, states (columns ``state``, ``source``, ``target``),
    parameter paths (a column ``parameter``), yes-or-no columns and the steps of
    :func:`~crmsim.analysis.teaching.lifetime_value_steps` with their display labels, and every
    header the catalogue knows as a column, a quantity or a parameter (:func:`column_label`),
    the headers of money naming the currency (:data:`MONEY_COLUMNS`). Use it as the last
    line of a notebook cell or in ``display(...)``; keep computing with the frame itself.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table to show.
    levels : iterable of RelationshipLevel, optional
        Supplies the labels of custom levels (e.g. ``scenario.levels``).

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"level": ["preferred"], "extra_cost": [1.0],
    ...                       "verdict": ["pays"], "partnership": [0.5]})
    >>> with use_language("zh"):
    ...     display_frame(frame).to_dict("records")
    [{'关系层次': '优先供应关系', '额外成本（货币单位）': 1.0, '判断': '值得', '合作伙伴关系': 0.5}]
    >>> list(display_frame(frame).columns)
    ['level', 'extra cost (currency)', 'verdict', 'partnership']
    """
    table = frame.copy()
    for name in _LEVEL_COLUMNS:
        if name in table:
            table[name] = [level_label(v, levels=levels) for v in table[name]]
    if "segment" in table:
        table["segment"] = [segment_label(v) for v in table["segment"]]
    if "verdict" in table:
        table["verdict"] = [verdict_label(v) for v in table["verdict"]]
    if "parameter" in table:
        table["parameter"] = [parameter_label(v, unit=True) for v in table["parameter"]]
    for name in ("state", "source", "target"):
        if name in table:
            table[name] = [state_label(v) for v in table[name]]
    for name in table.select_dtypes(bool).columns:
        table[name] = [tr("frame.true" if v else "frame.false") for v in table[name]]
    if "step" in table:  # the steps of crmsim.analysis.teaching.lifetime_value_steps
        table["step"] = [_named("widgets.worth.step", v, v) for v in table["step"]]
    if table.index.name in _LEVEL_COLUMNS:
        table.index = table.index.map(lambda v: level_label(v, levels=levels))

    def header(name: object) -> object:
        return column_label(name, levels=levels) if isinstance(name, str) else name

    return table.rename(columns=header).rename_axis(index=header)


def preset_label(name: str) -> str:
    """Display name of preset ``name`` (:mod:`crmsim.scenario.presets`); the command line,
    URLs and files keep the name itself. A name the catalogue lacks is shown as written.

    Examples
    --------
    >>> preset_label("b2b_supplier")
    'B2B supplier'
    >>> with use_language("zh"):
    ...     preset_label("classroom"), preset_label("my_own")
    ('课堂示例', 'my_own')
    """
    return _named("preset", name, name)


def scenario_description(name: str, text: str) -> str:
    """Display text of the description ``text`` of the scenario ``name``.

    A shipped preset's own description, unchanged, is shown in the current language (the
    catalogue's ``preset.<name>.description``); any other text, and a preset's description
    once edited, is shown as written.

    Examples
    --------
    >>> from crmsim import preset
    >>> classroom = preset("classroom")
    >>> with use_language("zh"):
    ...     scenario_description(classroom.name, classroom.description)[:6]
    ...     scenario_description(classroom.name, "Our own book of customers.")
    '默认教学情景'
    'Our own book of customers.'
    """
    entry = _catalogue().get(f"preset.{name}.description")
    return entry[get_language()] if entry is not None and entry["en"] == text else text


def segment_label(name: str) -> str:
    """Display name of segment ``name``; the data and control values keep the name itself.

    The segments of the shipped presets (:mod:`crmsim.scenario.presets`) have a Chinese name in the
    catalogue (``segment.<name>``); any other name, chosen in a scenario file, is shown as
    written. In English every name is shown as written.

    Parameters
    ----------
    name : str
        The segment's name, as in scenario files and frames (``"key accounts"``).

    Returns
    -------
    str
        The name to show in the current language.

    Examples
    --------
    >>> segment_label("key accounts")
    'key accounts'
    >>> with use_language("zh"):
    ...     segment_label("key accounts"), segment_label("T-type"), segment_label("smb")
    ('大客户', 'T型客户', 'smb')
    """
    return _named("segment", name, name)


def _known(section: str, name: str) -> str:
    """The catalogue entry ``section.name`` if there is one, else ``name``'s words."""
    return _named(section, name, name.replace("_", " "))


def _named(section: str, name: str, otherwise: str) -> str:
    """The catalogue entry ``section.name`` in the current language, else ``otherwise``."""
    entry = _catalogue().get(f"{section}.{name}")
    return entry[get_language()] if entry else otherwise


def space_before_han(text: str) -> str:
    """``text``, to be followed directly by Chinese text in a message, with the house style's
    space when it ends in a number or a Latin letter ("彼此需要 ≥ 0.11 的大客户").

    Only in Chinese; English messages hold their own spaces.

    Examples
    --------
    >>> with use_language("zh"):
    ...     space_before_han("彼此需要 ≥ 0.11") + "的", space_before_han("在 0.3–0.7 之间") + "的"
    ('彼此需要 ≥ 0.11 的', '在 0.3–0.7 之间的')
    >>> space_before_han("mutual need ≥ 0.11")
    'mutual need ≥ 0.11'
    """
    if get_language() == "zh" and text[-1:] in _SPACED_BEFORE_HAN:
        return text + " "
    return text


_SPACED_BEFORE_HAN = frozenset(string.ascii_letters + string.digits + "%")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: Chinese characters count two.

    Examples
    --------
    >>> display_width("level"), display_width("关系层次")
    (5, 8)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, align: str = "<") -> str:
    """``text`` padded with spaces to ``width`` terminal columns (``"<"`` left, ``">"`` right).

    Examples
    --------
    >>> pad("关系", 6) + "|", pad("ab", 4, ">") + "|"
    ('关系  |', '  ab|')
    """
    fill = " " * max(width - display_width(text), 0)
    return text + fill if align == "<" else fill + text
