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
# # 08 · Other ladders of relationship depth (关系深度的其他阶梯)
#
# The four levels (买卖关系, 优先供应关系, 合作伙伴关系, 战略联盟) are one ladder of
# relationship depth. The course texts teach others, and they describe the same climb from
# other sides:
#
# * the **five levels of salesperson behaviour** (销售人员的五种关系水平): basic (基本型),
#   reactive (被动型), accountable (负责型), proactive (能动型), partnership (伙伴型);
# * an **agency's four layers** (代理机构的四个层次): Trust (信任), Value (价值), Emotion (情感:
#   the *emotional bank account*, 情感账户, where deposits accumulate and one may later even
#   overdraw) and Vision (愿景: shared long-term plans, equity, pooled resources).
#
# Each rung says what the firm must **do** to stand on it: contact the customer after the
# sale, grant favours, keep in touch every month, create value together, plan and grow
# together. crmsim reads those needs against the scenario's relationship levels and maps
# each rung onto the **cheapest level that does all of them**, so the mapping follows the
# levels you define, not a fixed table.

# %%
from crmsim.views.fonts import show_notebook_font

show_notebook_font()  # Chinese text draws on any machine / 没有中文字体也能显示中文

# %%
from IPython.display import display

from crmsim.language.ladders import AGENCY, SALESPERSON, ladder_table
from crmsim.scenario.presets import preset

scenario = preset("classroom")
ladder_table(SALESPERSON, scenario.levels)

# %% [markdown]
# The salesperson ladder stops below the strategic alliance: an alliance is a bond between
# two organisations (joint plans, cross-shareholding, a joint venture), more than one
# salesperson's behaviour. The agency's ladder reaches it with **Vision**:

# %%
ladder_table(AGENCY, scenario.levels)

# %% [markdown]
# ## Place a relationship on the ladders
#
# Describe a relationship by what can be observed (who keeps in touch after the sale; what
# the customer would say of the firm) and see where it stands on each ladder, which of the
# four levels that corresponds to, and — the question the four levels are really about —
# whether that level **pays** for each segment of the classroom scenario. Climbing a ladder
# is possible everywhere; whether it is worth it depends on the customer.

# %%
from crmsim.analysis.luxury import best_levels
from crmsim.language.ladders import (
    AFTER_SALE_CONTACT,
    Relationship,
    after_sale_label,
    placement_table,
)
from crmsim.language.translate import display_frame

best = best_levels(scenario)


def describe(after_sale="seller_calls_regularly", keeps_promises=True, brings_value=True,
             personal_bond=False, shared_plans=False):
    relationship = Relationship(after_sale=after_sale, keeps_promises=keeps_promises,
                                brings_value=brings_value, personal_bond=personal_bond,
                                shared_plans=shared_plans)
    display(placement_table(relationship, scenario.levels))
    display(display_frame(best[["segment", "best_level"]]))


try:
    import ipywidgets as widgets

    display(widgets.interactive(
        describe,
        after_sale=widgets.Dropdown(
            options=[(after_sale_label(key), key) for key in AFTER_SALE_CONTACT],
            value="seller_calls_regularly", description="after sale 售后",
            layout={"width": "460px"}, style={"description_width": "initial"},
        ),
        keeps_promises=widgets.Checkbox(value=True, description="promises 守信"),
        brings_value=widgets.Checkbox(value=True, description="value 价值"),
        personal_bond=widgets.Checkbox(value=False, description="bond 情感"),
        shared_plans=widgets.Checkbox(value=False, description="plans 愿景"),
    ))
except ImportError:  # without the notebooks extra: the same tables, shown once
    describe()

# %% [markdown]
# ## Old 4P and new 4P; the five characteristics
#
# The marketing side of the same climb: the **old 4P** sell a product; the **new 4P**
# fold the customer's problem and process into the firm's own and end in a partnership.

# %%
import pandas as pd

from crmsim.language.ladders import CHARACTERISTICS, FOUR_P

pd.DataFrame(FOUR_P, columns=["old 4P", "旧4P", "new 4P", "新4P"])

# %% [markdown]
# The five **characteristics of customer relationships** (多样性、差异性、持续性、竞争性、
# 双赢性), and where each one lives in crmsim's model:

# %%
pd.DataFrame(CHARACTERISTICS, columns=["characteristic", "中文", "in crmsim"])

# %% [markdown]
# ## Things to notice
#
# * A proactive salesperson (regular calls with suggestions) is what the preferred-supplier
#   level pays its account managers for; only the partnership salesperson, who works with
#   the customer to cut its costs, needs value created jointly (合作伙伴关系).
# * The emotional bank account is built by contact every month: in crmsim, a neglected
#   customer (contacts that staff cannot make) loses the level's effects while its costs
#   keep running — the account is overdrawn without deposits.
# * The ladders say what a deeper relationship *is*; the four levels' economics say where
#   it *pays*. Compare the mapped level with the best level for each segment.
#
# ## Things to try
#
# 1. Make the classroom's partnership level create nothing jointly
#    (`dataclasses.replace(level, co_creation_rate=0)`) and rebuild the table: where does
#    the salesperson's partnership rung land now, and why?
# 2. Describe a relationship whose salesperson works together with the customer but whose
#    firm breaks its promises. Where does it stand on the agency ladder?
# 3. Which characteristic explains why crmsim asks for *both* sides' gains
#    (`crmsim.analysis.customer_side.both_sides`)?
