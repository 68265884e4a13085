"""The English / Chinese glossary of the domain texts (domain.md §8), as data.

The Chinese terms are the classroom vocabulary: crmsim's Chinese labels use them (tests
check that level, state and parameter labels agree with this list).

Examples
--------
>>> term_zh("switching cost")
'转移成本'
>>> table = glossary_table()
>>> list(table.columns), len(table)
(['english', 'chinese'], 64)
>>> print(format_glossary().splitlines()[2])
customer relationship management  客户关系管理
"""

from __future__ import annotations

import pandas as pd

from crmsim.common.errors import ScenarioError
from crmsim.language.ladders import AGENCY, CHARACTERISTICS, FOUR_P, SALESPERSON
from crmsim.language.translate import pad, tr

__all__ = ["DOMAIN_TERMS", "GLOSSARY", "LADDER_TERMS", "LEVER_TERMS", "format_glossary",
           "glossary_table", "term_zh"]

DOMAIN_TERMS: tuple[tuple[str, str], ...] = (
    ("customer relationship management", "客户关系管理"),
    ("relationship level", "关系层次"),
    ("transactional", "买卖关系"),
    ("preferred supplier", "优先供应关系"),
    ("partnership", "合作伙伴关系"),
    ("strategic alliance", "战略联盟"),
    ("luxurious", "奢侈的"),
    ("switching cost", "转移成本"),
    ("bargaining power", "谈判能力"),
    ("mutual importance", "彼此具有重要意义"),
    ("mutual need", "彼此需要"),
    ("potential customer", "潜在客户"),
    ("target customer", "目标客户"),
    ("current customer", "现实客户"),
    ("new customer", "新客户"),
    ("repeat customer", "老客户"),
    ("loyal customer", "忠诚客户"),
    ("lost customer", "流失客户"),
    ("win-back", "挽回"),
    ("touch point", "接触点"),
    ("complaint management", "投诉管理"),
    ("satisfaction", "满意度"),
    ("loyalty", "忠诚度"),
    ("customer lifetime value", "客户终身价值"),
    ("key account", "大客户"),
    ("VIP customer", "贵宾客户"),
    ("account manager", "客户经理"),
    ("loyalty programme", "忠诚计划"),
    ("customer club", "客户俱乐部"),
    ("points card", "积分卡"),
    ("call centre", "呼叫中心"),
)
"""(English term, Chinese term) pairs, in the order of the domain texts' glossary."""

LADDER_TERMS: tuple[tuple[str, str], ...] = (
    *((f"{rung.name_en} (salesperson level)", rung.name_zh) for rung in SALESPERSON.rungs),
    *((f"{rung.name_en} (agency layer)", rung.name_zh) for rung in AGENCY.rungs),
    ("emotional bank account", "情感账户"),
    ("product (4P)", FOUR_P[0][1]),
    *((f"{old_en} (old 4P)", old_zh) for old_en, old_zh, _, _ in FOUR_P[1:]),
    *((f"{new_en} (new 4P)", new_zh) for _, _, new_en, new_zh in FOUR_P[1:]),
    *((f"{en} (characteristic)", zh) for en, zh, _ in CHARACTERISTICS),
)
"""The terms of the texts' other ladders, the 4P and the characteristics
(:mod:`crmsim.language.ladders`, their one source)."""

LEVER_TERMS: tuple[tuple[str, str], ...] = (
    ("gift voucher", "礼券"),
    ("customer magazine", "客户杂志"),
    ("special events", "特殊活动"),
    ("follow-up", "跟进"),
    ("automatic reminder", "自动提醒"),
    ("satisfaction survey", "满意度调查"),
    ("lost-customer analysis", "流失客户分析"),
    ("after-sale service", "售后服务"),
    ("important customer", "重要客户"),
    ("ordinary customer", "普通客户"),
    ("self-fulfilling prophecy", "自我实现的预言"),
)
"""The retention practices the texts teach beyond the levels, as crmsim models them
(:mod:`crmsim.scenario.levers`, :data:`crmsim.scenario.scenario.PROGRAMME_KINDS`)."""

GLOSSARY: tuple[tuple[str, str], ...] = DOMAIN_TERMS + LADDER_TERMS + LEVER_TERMS
"""Every (English, Chinese) pair: the domain texts' glossary, the ladder terms, then the
retention practices."""


def glossary_table() -> pd.DataFrame:
    """The glossary as a table with columns ``english`` and ``chinese``."""
    return pd.DataFrame(list(GLOSSARY), columns=["english", "chinese"])


def term_zh(english: str) -> str:
    """The Chinese term for an English glossary term (case-insensitive).

    Examples
    --------
    >>> term_zh("Key account")
    '大客户'
    >>> term_zh("churn")
    Traceback (most recent call last):
    ...
    crmsim.common.errors.ScenarioError: term 'churn' is not in the glossary; expected one of the 64 English terms of crmsim.language.glossary.GLOSSARY.
    """  # noqa: E501
    wanted = english.strip().lower()
    for en, zh in GLOSSARY:
        if en.lower() == wanted:
            return zh
    raise ScenarioError(
        f"term {english!r} is not in the glossary; expected one of the {len(GLOSSARY)} "
        "English terms of crmsim.language.glossary.GLOSSARY."
    )


def format_glossary() -> str:
    """The glossary as aligned text, with a title and headers in the current language."""
    width = max(len(en) for en, _ in GLOSSARY) + 2
    lines = [tr("glossary.title"),
             pad(tr("glossary.english"), width) + tr("glossary.chinese")]
    lines += [pad(en, width) + zh for en, zh in GLOSSARY]
    return "\n".join(lines)
