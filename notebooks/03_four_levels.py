# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 03 · The four relationship levels (客户关系的四种类型)
#
# A firm can hold a customer at one of four levels, from cheapest to most demanding:
#
# * **transactional (buy-sell), 买卖关系** — costs almost nothing; each sale is a one-off
#   fair trade;
# * **preferred supplier, 优先供应关系** — discounts, priority, a team; mostly lower
#   transaction costs, and favours that keep the customer;
# * **partnership, 合作伙伴关系** — top managers meet, joint plans, customer-oriented
#   investment; value created jointly, high switching costs for both sides;
# * **strategic alliance, 战略联盟** — capital, joint organisations; competition becomes
#   supply chain against supply chain.
#
# The levels are **not** better or worse in themselves. Partnership and alliance pay only
# where supplier and customer are important to each other (彼此具有重要意义), neither side's
# bargaining power (谈判能力) dominates, they need each other (彼此需要) and switching costs
# (转移成本) are high. Nothing in crmsim encodes that rule: the verdict emerges from costs
# that grow with the account, retention, value created jointly, the customer's own gain
# and staff capacity (`docs/economics.md`).
#
# To compare levels fairly we must look at the **same customers** at every level. The SimPy
# engine does this with *common random numbers*: one seed for all four runs, so each
# customer meets the same luck at every level and a difference between levels is the
# levels, not noise.

# %%
from crmsim.views.fonts import show_notebook_font

show_notebook_font()  # Chinese text draws on any machine / 没有中文字体也能显示中文

# %%
from IPython.display import display

from crmsim.scenario.presets import preset
from crmsim.views.widgets import levels_explorer

scenario = preset("classroom")
levels = levels_explorer(scenario, segment="key accounts", seed=7)
display(levels)

# %% [markdown]
# The same comparison without the widget, with the SimPy engine and a fixed seed:

# %%
import dataclasses

import pandas as pd

from crmsim.analysis.compare import compare_levels
from crmsim.language.translate import display_frame, level_label

key = scenario.segment("key accounts")
key_only = dataclasses.replace(scenario, segments=(key,), plan={key.name: "transactional"})
same_customers = compare_levels(key_only, engine="simpy", seed=7)
summary = same_customers.summary[["level", "value_per_customer", "buying_end", "served_fraction"]]
display_frame(summary).round(2)

# %% [markdown]
# Value per customer at each level with the classroom's two account managers and with as
# many managers as the levels ask for (analytic engine):

# %%
staffed = key_only.segment_alone(key.name, unlimited_staff=True)
by_staff = pd.DataFrame({
    label: compare_levels(s, engine="analytic").summary.set_index("level")["value_per_customer"]
    for label, s in (("two account managers", key_only), ("managers unlimited", staffed))
})
for label, best in by_staff.idxmax().items():
    print(f"{label}: best level {level_label(best)}")
display_frame(by_staff).round(0)

# %% [markdown]
# ## The customer's side (双赢)
#
# A deeper relationship must pay for the customer as well: price concessions, its share of
# the supply-chain savings, lower transaction costs, its share of the value created
# jointly (split by bargaining power) and its margin on joint growth. A customer who gains
# more from the relationship is more loyal (segment field `gain_loyalty`), so "they need
# each other" is an outcome of both sides' gains. `both_sides` reports them per level, as
# discounted values per customer over the transactional level, with every contact
# staffed:

# %%
from crmsim.analysis.customer_side import both_sides
from crmsim.model.mechanisms import CUSTOMER_GAIN_COMPONENTS

sides = both_sides(staffed).set_index("level")
display_frame(sides[["firm_extra", "customer_gain", "customer_gain_share", "win_win"]]).round(2)

# %%
display_frame(sides[list(CUSTOMER_GAIN_COMPONENTS)]).round(0)

# %% [markdown]
# ## Things to notice
#
# * More customers stay at the deeper levels, but value does not follow. With the
#   classroom's two account managers the alliance loses most of its value: 12 key accounts
#   at about 41 hours a month each need far more than two managers' hours, so many
#   contacts never happen, and neglected customers lose the level's effects (and some of
#   its retention) while its costs keep running.
#   With enough managers the alliance comes close to partnership for these key accounts;
#   notebook 04 maps where it wins.
# * The customer gains at every level above transactional, and more at the deeper ones:
#   `customer_gain_share` is its gain as a share of its spend. Where the firm's extra value
#   is positive too, the level is win-win (双赢).
# * Partnership starts below preferred supplier (set-up costs) and overtakes it later:
#   relationship investments pay back slowly.
#
# ## Things to try
#
# 1. Lower **switching cost** to 0.1. Does partnership still beat preferred supplier?
# 2. Set **customer's bargaining power** to 0.9 (the customer dominates). Who captures the
#    jointly created value now? Then try 0.5 (balanced).
# 3. Choose **ordinary customers**. Which level pays for small, price-driven customers?
#    What does `both_sides(scenario, "ordinary customers")` say the customer gains?
# 4. Switch the engine to **same customers (SimPy)** and change the seed. The four levels
#    move together from seed to seed: why does that make the comparison sharper?
