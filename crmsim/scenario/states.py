"""Customer lifecycle states (客户状态) and which of them buy.

The simulated lifecycle is potential → target → new → repeat → loyal, with churn to
``lost`` from every buying state, win-back from ``lost`` to ``new``, and ``non_customer``
as the sink for leads that go cold and lost customers who are gone for good
(domain.md §2).

Examples
--------
>>> STATES.index("loyal")
4
>>> [s for s in STATES if s in BUYING_STATES]
['new', 'repeat', 'loyal']
"""

from __future__ import annotations

__all__ = [
    "BUYING_STATES",
    "PROSPECT_STATES",
    "STATES",
    "STATE_LABELS_ZH",
    "state_index",
]

STATES: tuple[str, ...] = (
    "potential",
    "target",
    "new",
    "repeat",
    "loyal",
    "lost",
    "non_customer",
)
"""Every lifecycle state, in the order used by all matrices and frames."""

BUYING_STATES: frozenset[str] = frozenset({"new", "repeat", "loyal"})
"""States in which a customer buys (现实客户) and a relationship level applies."""

PROSPECT_STATES: frozenset[str] = frozenset({"potential", "target"})
"""States in which acquisition effort (touch points) is spent."""

STATE_LABELS_ZH: dict[str, str] = {
    "potential": "潜在客户",
    "target": "目标客户",
    "new": "新客户",
    "repeat": "老客户",
    "loyal": "忠诚客户",
    "lost": "流失客户",
    "non_customer": "非客户",
}
"""Chinese (zh-CN) name of each state, as used in the domain texts."""

_INDEX = {name: i for i, name in enumerate(STATES)}


def state_index(name: str) -> int:
    """Return the position of state ``name`` in :data:`STATES`.

    Examples
    --------
    >>> state_index("new")
    2
    """
    from crmsim.common.checks import check_choice

    return _INDEX[check_choice("state", name, STATES)]
