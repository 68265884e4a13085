"""The texts' other ladders of relationship depth, mapped onto the four levels.

The course texts describe relationship depth with more ladders than the four levels
(domain.md §5–6): the five levels of salesperson behaviour (基本型, 被动型, 负责型, 能动型,
伙伴型) and an agency's four layers (Trust 信任, Value 价值, Emotion 情感 — the emotional bank
account 情感账户 — and Vision 愿景); beside them the old and the new 4P and the five
characteristics of customer relationships.

Each rung names what the firm must *do* to stand on it (contact the customer after the sale,
grant favours, keep in touch every month, create value jointly, plan and grow together).
:func:`level_for_rung` reads those needs against a scenario's relationship levels and
returns the cheapest level that does all of them, so the mapping follows the levels a user
defines rather than a fixed table. :func:`place` puts a described relationship on each
ladder.

Examples
--------
>>> [rung.key for rung in SALESPERSON.rungs]
['basic', 'reactive', 'accountable', 'proactive', 'partnership']
>>> from crmsim.scenario.levels import DEFAULT_LEVELS
>>> [level_for_rung(rung, DEFAULT_LEVELS).name for rung in AGENCY.rungs]
['transactional', 'preferred', 'partnership', 'alliance']
>>> placed = place(Relationship(after_sale="seller_calls_regularly", keeps_promises=True,
...                             brings_value=True))
>>> placed.salesperson.key, placed.agency.key
('proactive', 'value')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from crmsim.common.errors import ScenarioError
from crmsim.language.translate import get_language, level_label
from crmsim.scenario.levels import RelationshipLevel

__all__ = [
    "AFTER_SALE_CONTACT",
    "AGENCY",
    "CHARACTERISTICS",
    "FOUR_P",
    "LADDERS",
    "LEVEL_NEEDS",
    "SALESPERSON",
    "Ladder",
    "Placement",
    "Relationship",
    "Rung",
    "after_sale_label",
    "ladder_table",
    "level_for_rung",
    "place",
    "placement_table",
]

_COLUMN_NAMES: dict[str, tuple[str, str]] = {
    "ladder": ("ladder", "阶梯"),
    "rung": ("rung", "层级"),
    "description": ("description", "描述"),
    "needs": ("what the level must do", "关系层次必须做到"),
    "level": ("level", "关系层次"),
    "manager_hours_per_month": ("manager hours per month (floor)", "每月客户经理工时（下限）"),
    "running_cost_per_month": ("running cost per month (floor)", "每月日常成本（下限）"),
}

LEVEL_NEEDS: dict[str, tuple[str, str, Callable[[RelationshipLevel], bool]]] = {
    "seller_contact": (
        "the firm's account managers contact the customer",
        "企业的客户经理主动联系客户",
        lambda lv: lv.manager_hours_per_month > 0 or lv.manager_hours_per_million > 0,
    ),
    "favours": (
        "the customer gets favours (priority, discounts) that make staying worthwhile",
        "客户得到优惠（优先、折扣），留下来是值得的",
        lambda lv: lv.favour_retention > 0 or lv.price_concession > 0,
    ),
    "monthly_contact": (
        "account managers are in touch every month",
        "客户经理每月都与客户保持联系",
        lambda lv: (lv.manager_hours_per_month > 0 or lv.manager_hours_per_million > 0)
        and lv.contact_cycle_months == 1,
    ),
    "joint_value": (
        "both sides create value together (co-created value)",
        "双方共同创造价值",
        lambda lv: lv.co_creation_rate > 0,
    ),
    "shared_plans": (
        "both sides plan and grow together (joint growth, integrated supply chains)",
        "双方共同规划、共同成长（共同增长、供应链整合）",
        lambda lv: lv.joint_growth_rate > 0 or lv.supply_chain_saving > 0,
    ),
}
"""What a rung may need a level to do: key -> (English, Chinese, test on a level)."""


@dataclass(frozen=True, slots=True)
class Rung:
    """One step of a ladder.

    Parameters
    ----------
    key : str
        Short identifier.
    name_en, name_zh : str
        Display names.
    description_en, description_zh : str
        What the relationship looks like on this rung.
    needs : tuple of str
        Keys of :data:`LEVEL_NEEDS`: what a relationship level must do for this rung.
    """

    key: str
    name_en: str
    name_zh: str
    description_en: str
    description_zh: str
    needs: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = [need for need in self.needs if need not in LEVEL_NEEDS]
        if unknown:
            raise ScenarioError(f"rung {self.key!r} needs {unknown}; expected keys of "
                                f"LEVEL_NEEDS ({', '.join(LEVEL_NEEDS)}).")

    @property
    def name(self) -> str:
        """The name in the current language."""
        return self.name_zh if get_language() == "zh" else self.name_en

    @property
    def description(self) -> str:
        """The description in the current language."""
        return self.description_zh if get_language() == "zh" else self.description_en


@dataclass(frozen=True, slots=True)
class Ladder:
    """A ladder of relationship depth, lowest rung first."""

    key: str
    name_en: str
    name_zh: str
    rungs: tuple[Rung, ...]

    def __post_init__(self) -> None:
        keys = [rung.key for rung in self.rungs]
        if len(set(keys)) != len(keys):
            raise ScenarioError(f"ladder {self.key!r} repeats a rung key; received {keys}.")

    @property
    def name(self) -> str:
        """The name in the current language."""
        return self.name_zh if get_language() == "zh" else self.name_en

    def __getitem__(self, key: str) -> Rung:
        for rung in self.rungs:
            if rung.key == key:
                return rung
        raise ScenarioError(f"the {self.name_en} ladder has no rung {key!r}; expected one of "
                            f"{', '.join(r.key for r in self.rungs)}.")


SALESPERSON = Ladder(
    "salesperson", "five levels of salesperson behaviour", "销售人员的五种关系水平",
    (
        Rung("basic", "basic", "基本型",
             "the salesperson sells and never calls again",
             "销售人员把产品卖出去以后就不再与客户联系"),
        Rung("reactive", "reactive", "被动型",
             "the salesperson sells and invites the customer to call with any problem",
             "销售人员卖出产品，并鼓励客户在遇到问题时打电话来"),
        Rung("accountable", "accountable", "负责型",
             "soon after the sale the salesperson calls to check that all is well and asks "
             "for suggestions",
             "售后不久销售人员主动打电话询问产品是否令客户满意，并征求改进意见",
             ("seller_contact",)),
        Rung("proactive", "proactive", "能动型",
             "the salesperson calls regularly with suggestions for better use or new "
             "products",
             "销售人员经常与客户联系，提出改进产品用途的建议或介绍新产品",
             ("seller_contact", "favours")),
        Rung("partnership", "partnership", "伙伴型",
             "the salesperson works continuously with the customer to cut the customer's "
             "costs or help it buy better",
             "销售人员持续与客户共同努力，帮助客户降低成本或更好地采购",
             ("seller_contact", "favours", "monthly_contact", "joint_value")),
    ),
)
"""The five levels of salesperson behaviour, lowest first."""

AGENCY = Ladder(
    "agency", "an agency's four layers", "代理机构的四个层次",
    (
        Rung("trust", "Trust", "信任",
             "the firm keeps its promises: reliable delivery and honest dealing",
             "企业信守承诺：交付可靠，诚实交易"),
        Rung("value", "Value", "价值",
             "the relationship brings the customer value beyond the product: advice, "
             "priority, savings",
             "关系为客户带来产品以外的价值：建议、优先待遇、节省",
             ("seller_contact", "favours")),
        Rung("emotion", "Emotion", "情感",
             "a personal bond; deposits in the emotional bank account (情感账户) accumulate, "
             "and later the firm can even overdraw (a late delivery is forgiven)",
             "建立个人情感；情感账户中的存款不断积累，日后甚至可以透支（一次迟交货会被谅解）",
             ("seller_contact", "favours", "monthly_contact", "joint_value")),
        Rung("vision", "Vision", "愿景",
             "shared long-term plans, equity and pooled resources",
             "共同的长期规划、相互持股和资源共享",
             ("seller_contact", "favours", "monthly_contact", "joint_value",
              "shared_plans")),
    ),
)
"""An agency's four layers, lowest first."""

LADDERS: tuple[Ladder, ...] = (SALESPERSON, AGENCY)
"""Every ladder :func:`place` and :func:`ladder_table` know."""

FOUR_P: tuple[tuple[str, str, str, str], ...] = (
    ("product", "产品", "product", "产品"),
    ("price", "价格", "problem solution", "解决问题"),
    ("place", "渠道", "process", "流程"),
    ("promotion", "促销", "partnership", "伙伴关系"),
)
"""Old 4P next to new 4P: (old English, old Chinese, new English, new Chinese).

The new 4P fold the customer's problem and process into the firm's own and end in a
partnership: the marketing side of the step from transactional to deeper levels."""

CHARACTERISTICS: tuple[tuple[str, str, str], ...] = (
    ("diversity", "多样性",
     "relationships differ in kind: consumers, intermediaries, internal and public customers"),
    ("difference", "差异性",
     "each customer deserves a different level: the four levels are not better or worse"),
    ("persistence", "持续性",
     "a relationship is built over time and pays over its lifetime (customer lifetime value)"),
    ("competitiveness", "竞争性",
     "competitors court the same customers: switching costs and lock-in decide who keeps them"),
    ("win-win", "双赢性",
     "a relationship lasts only while both sides gain: the customer's own gain keeps it loyal"),
)
"""The five characteristics of customer relationships: (English, Chinese, what it means)."""

AFTER_SALE_CONTACT: dict[str, str] = {
    "none": "basic",
    "customer_calls": "reactive",
    "seller_checks_once": "accountable",
    "seller_calls_regularly": "proactive",
    "works_together": "partnership",
}
"""Who keeps in touch after the sale, and how: the answer's salesperson rung."""

_AFTER_SALE_WORDS: dict[str, tuple[str, str]] = {
    "none": ("nobody gets in touch after the sale", "售后双方不再联系"),
    "customer_calls": ("the customer calls when something is wrong", "客户有问题时自己打电话来"),
    "seller_checks_once": ("the seller calls once after the sale", "售后卖方打来一次电话"),
    "seller_calls_regularly": ("the seller calls regularly", "卖方经常打电话来"),
    "works_together": ("the two work together", "双方一起工作"),
}
"""What each answer of :data:`AFTER_SALE_CONTACT` looks like, in English and Chinese: what
one sees, not the rung it stands for."""


def after_sale_label(key: str) -> str:
    """What the after-sale answer ``key`` (of :data:`AFTER_SALE_CONTACT`) looks like, in the
    current language: the text a form shows for it.

    Examples
    --------
    >>> after_sale_label("seller_calls_regularly")
    'the seller calls regularly'
    >>> from crmsim.language.translate import use_language
    >>> with use_language("zh"):
    ...     after_sale_label("customer_calls")
    '客户有问题时自己打电话来'
    """
    _check_after_sale(key, "after_sale")
    words = _AFTER_SALE_WORDS[key]
    return words[1] if get_language() == "zh" else words[0]


def _check_after_sale(key: object, field: str) -> None:
    """Raise :class:`~crmsim.ScenarioError` unless ``key`` is an answer of
    :data:`AFTER_SALE_CONTACT`."""
    if not isinstance(key, str) or key not in AFTER_SALE_CONTACT:
        raise ScenarioError(f"{field} must be one of {', '.join(AFTER_SALE_CONTACT)}; "
                            f"received {key!r}.")


@dataclass(frozen=True, slots=True, kw_only=True)
class Relationship:
    """A described relationship, in observable terms.

    Parameters
    ----------
    after_sale : str
        Contact after the sale, one of the keys of :data:`AFTER_SALE_CONTACT`.
    keeps_promises, brings_value, personal_bond, shared_plans : bool
        What the customer would say of the firm: it keeps its promises; it brings value
        beyond the product; there is a personal bond (the customer forgives a lapse); the
        two share long-term plans, equity or resources.
    """

    after_sale: str = "none"
    keeps_promises: bool = True
    brings_value: bool = False
    personal_bond: bool = False
    shared_plans: bool = False

    def __post_init__(self) -> None:
        _check_after_sale(self.after_sale, "Relationship.after_sale")
        for name in ("keeps_promises", "brings_value", "personal_bond", "shared_plans"):
            if not isinstance(getattr(self, name), bool):
                raise ScenarioError(f"Relationship.{name} must be True or False; received "
                                    f"{getattr(self, name)!r}.")


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a relationship stands on each ladder (``agency`` is None without trust)."""

    salesperson: Rung
    agency: Rung | None


def place(relationship: Relationship) -> Placement:
    """Put a described relationship on the salesperson and the agency ladder.

    The agency ladder is climbed from the bottom: a layer counts only when every layer
    below it holds (no emotion without value, no value without trust).

    Examples
    --------
    >>> place(Relationship(after_sale="none", keeps_promises=False)).agency is None
    True
    >>> place(Relationship(keeps_promises=True, brings_value=False, personal_bond=True)
    ...       ).agency.key
    'trust'
    """
    layers = (relationship.keeps_promises, relationship.brings_value,
              relationship.personal_bond, relationship.shared_plans)
    reached = 0
    for held in layers:
        if not held:
            break
        reached += 1
    agency = AGENCY.rungs[reached - 1] if reached else None
    return Placement(SALESPERSON[AFTER_SALE_CONTACT[relationship.after_sale]], agency)


def level_for_rung(rung: Rung, levels: Sequence[RelationshipLevel]) -> RelationshipLevel | None:
    """The cheapest of ``levels`` that does everything the rung needs (None if none does).

    ``levels`` are taken in their order (a scenario's levels, cheapest first).

    Examples
    --------
    >>> from crmsim.scenario.levels import DEFAULT_LEVELS
    >>> [level_for_rung(r, DEFAULT_LEVELS).name for r in SALESPERSON.rungs]
    ['transactional', 'transactional', 'preferred', 'preferred', 'partnership']
    >>> level_for_rung(AGENCY["vision"], DEFAULT_LEVELS[:3]) is None
    True
    """
    for level in levels:
        if all(LEVEL_NEEDS[need][2](level) for need in rung.needs):
            return level
    return None


def _columns(frame: pd.DataFrame) -> pd.DataFrame:
    side = 1 if get_language() == "zh" else 0
    return frame.rename(columns={key: names[side] for key, names in _COLUMN_NAMES.items()})


def ladder_table(ladder: Ladder, levels: Sequence[RelationshipLevel]) -> pd.DataFrame:
    """One row per rung: its description, what it needs and the level it maps onto.

    Columns (named in the current language): rung, description, what the level must do,
    level, and the mapped level's floors of manager hours and running cost per month.

    Examples
    --------
    >>> from crmsim.scenario.levels import DEFAULT_LEVELS
    >>> table = ladder_table(AGENCY, DEFAULT_LEVELS)
    >>> table["level"].tolist()
    ['transactional', 'preferred', 'partnership', 'alliance']
    >>> from crmsim.language.translate import use_language
    >>> with use_language("zh"):
    ...     ladder_table(AGENCY, DEFAULT_LEVELS)["关系层次"].tolist()
    ['买卖关系', '优先供应关系', '合作伙伴关系', '战略联盟']
    """
    zh = get_language() == "zh"
    rows = []
    for rung in ladder.rungs:
        level = level_for_rung(rung, levels)
        needs = "; ".join(LEVEL_NEEDS[need][1 if zh else 0] for need in rung.needs)
        rows.append({
            "rung": rung.name,
            "description": rung.description,
            "needs": needs or ("无" if zh else "nothing beyond the sale"),
            "level": level_label(level.name, levels=levels) if level is not None else "—",
            "manager_hours_per_month": level.manager_hours_per_month if level else float("nan"),
            "running_cost_per_month": level.running_cost_per_month if level else float("nan"),
        })
    return _columns(pd.DataFrame(rows))


def placement_table(relationship: Relationship,
                    levels: Sequence[RelationshipLevel]) -> pd.DataFrame:
    """Where ``relationship`` stands on each ladder and the level each rung needs.

    Examples
    --------
    >>> from crmsim.scenario.levels import DEFAULT_LEVELS
    >>> table = placement_table(Relationship(after_sale="works_together", brings_value=True),
    ...                         DEFAULT_LEVELS)
    >>> table[["rung", "level"]].values.tolist()
    [['partnership', 'partnership'], ['Value', 'preferred']]
    """
    zh = get_language() == "zh"
    placed = place(relationship)
    rows = []
    for ladder, rung in ((SALESPERSON, placed.salesperson), (AGENCY, placed.agency)):
        level = level_for_rung(rung, levels) if rung is not None else None
        rows.append({
            "ladder": ladder.name,
            "rung": rung.name if rung is not None else ("未上第一级（尚无信任）" if zh
                                                        else "below the first rung (no trust)"),
            "level": level_label(level.name, levels=levels) if level is not None else "—",
        })
    return _columns(pd.DataFrame(rows))
