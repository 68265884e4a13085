# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
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
# bargaining power (谈判能力) dominates, and switching costs (转移成本) are high. Nothing in
# crmsim encodes that rule: the verdict emerges from costs, retention, co-created value and
# staff capacity.
#
# To compare levels fairly we must look at the **same customers** at every level. The SimPy
# engine does this with *common random numbers*: one seed for all four runs, so each
# customer meets the same luck at every level and a difference between levels is the
# levels, not noise.

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

from crmsim.analysis.compare import compare_levels

key = scenario.segment("key accounts")
key_only = dataclasses.replace(scenario, segments=(key,), plan={key.name: "transactional"})
same_customers = compare_levels(key_only, engine="simpy", seed=7)
same_customers.summary[["level", "value_per_customer", "buying_end", "served_fraction"]].round(2)

# %% [markdown]
# ## Things to notice
#
# * For the key accounts, retention improves at every step up, but value does not: the
#   alliance keeps customers and still loses money, because its costs (and the account
#   managers it needs) exceed what it adds. That is what the texts call **luxurious**
#   (奢侈的) — notebook 04 maps where it happens.
# * The alliance's *contacts served* is below 100 %: two account managers cannot give
#   12 key accounts 40 hours a month each, so some customers are neglected.
# * Partnership starts below preferred supplier (set-up costs) and overtakes it later:
#   relationship investments pay back slowly.
#
# ## Things to try
#
# 1. Lower **switching cost** to 0.1. Does partnership still beat preferred supplier?
# 2. Set **customer's bargaining power** to 0.9 (the customer dominates). Who captures the
#    jointly created value now? Then try 0.5 (balanced).
# 3. Choose **ordinary customers**. Which level pays for small, price-driven customers?
# 4. Switch the engine to **same customers (SimPy)** and change the seed. The four levels
#    move together from seed to seed: why does that make the comparison sharper?
