"""How large a scenario may be, and the one model ceiling on share of wallet.

Every limit is checked where the value is set (the ``param(...)`` fields and
:class:`~crmsim.scenario.scenario.Scenario`), with one sentence naming the field, the
allowed range and the value received. The limits keep a run on one machine (one SimPy
run of 1,000,000 customers × 60 months takes under a minute and about 1.4 GB on two cores,
some 1.3 KB per customer it follows at once) and every money sum finite (1e12 × 1e6
customers × 1,200 months ≈ 1e21, far below the float limit of 1.8e308).
``docs/scenario-files.md`` lists them.

Examples
--------
>>> MAX_CUSTOMERS, MAX_CUSTOMER_MONTHS
(1000000, 60000000)
>>> f"{MAX_MONEY:g}"
'1e+12'
"""

from __future__ import annotations

__all__ = [
    "MAX_CONTACT_CYCLE_MONTHS",
    "MAX_CUSTOMERS",
    "MAX_CUSTOMER_MONTHS",
    "MAX_HORIZON_MONTHS",
    "MAX_HOURS_PER_MONTH",
    "MAX_LEVELS",
    "MAX_MONEY",
    "MAX_PROGRAMMES",
    "MAX_SEGMENTS",
    "MAX_SHARE_OF_WALLET",
    "MAX_STAFF",
]

MAX_MONEY = 1e12
"""Largest money value (wallet, cost, price) in a scenario: keeps every sum finite."""

MAX_CUSTOMERS = 1_000_000
"""Most customers at month 0, in one segment and in all segments together."""

MAX_SEGMENTS = 100
"""Most segments in one scenario."""

MAX_LEVELS = 20
"""Most relationship levels in one ladder."""

MAX_PROGRAMMES = 50
"""Most retention programmes in one scenario."""

MAX_HORIZON_MONTHS = 1200
"""Longest horizon: a hundred years."""

MAX_CUSTOMER_MONTHS = 60_000_000
"""Most customers × horizon months one simulation run may cover (1,000,000 customers for 60
months: under a minute and under 2 GB per replication); larger books are too large for one
machine."""

MAX_STAFF = 100_000
"""Most account managers or complaint handlers."""

MAX_HOURS_PER_MONTH = 744.0
"""Hours in the longest month: no one works more per customer or per handler."""

MAX_CONTACT_CYCLE_MONTHS = 1200
"""Longest cycle between account-manager contacts (the longest horizon)."""

MAX_SHARE_OF_WALLET = 0.95
"""Model rule: a customer always keeps some purchases elsewhere, so the share of wallet a
level, its information use and the programmes can raise stops at 95 %. The base shares
(``lifecycle.sow_*``) are themselves limited to it, so the rule never changes a number a
user gave; it only saturates the uplifts (see :mod:`crmsim.model.mechanisms`)."""
