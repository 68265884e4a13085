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
# # 01 · The customer lifecycle (客户生命周期)
#
# Customers are not a fixed list: they **flow**. A *potential customer* (潜在客户) has a
# need and the means to buy but no contact yet; once the firm picks them and works on them
# they are a *target customer* (目标客户). The first purchase makes a *new customer*
# (新客户); a long trading history a *repeat customer* (老客户, who still also buys
# elsewhere); satisfaction and trust a *loyal customer* (忠诚客户). From every buying state
# customers can be *lost* (流失客户); some are *won back* (挽回), the rest are gone for good
# (非客户, non-customers).
#
# Acquisition works through **touch points** (接触点): sales calls, a sales network,
# advertising, service before, during and after the sale. More touch points per prospect
# per month raise the chance that a relationship forms, and cost money.
#
# This notebook uses the default **classroom** scenario: 300 ordinary customers, 60
# important customers, 12 key accounts and 80 prospects. The numbers are *expected* values
# from the analytic engine (a Markov chain), so they redraw instantly.

# %%
from crmsim.views.fonts import show_notebook_font

show_notebook_font()  # Chinese text draws on any machine / 没有中文字体也能显示中文

# %%
from IPython.display import display

from crmsim.scenario.presets import preset
from crmsim.views.widgets import lifecycle_explorer

scenario = preset("classroom")
explorer = lifecycle_explorer(scenario)
display(explorer)

# %% [markdown]
# **Reading the figure.** Left: how many customers are in each state, month by month
# (stacked, so the top edge is everyone still known to the firm). Right: the average
# monthly flow between states: the wider the arrow, the more customers take that path each
# month; the number in each box is the average number of customers in that state.
#
# The same numbers without the widget, straight from the library:

# %%
from crmsim import evaluate
from crmsim.analysis.teaching import expected_flows
from crmsim.language.translate import display_frame

result = evaluate(scenario)
flows = expected_flows(result).sort_values("customers_per_month", ascending=False)
display_frame(flows.head(8)).round(2)

# %% [markdown]
# ## Things to notice
#
# * Prospects drain away quickly: with one touch point a month most potential customers
#   become targets, and targets either buy or go cold.
# * The biggest flows into *lost* come from **repeat** customers, not loyal ones: loyal
#   customers churn far less (1.2 % a month before any level effect, against 3 % for repeat
#   customers).
# * Win-back (lost → new) is a real flow: lost customers are not all gone for good.
# * Word of mouth feeds new targets: satisfied customers bring leads.
#
# ## Things to try
#
# 1. Set **touch points** to 0. What happens to the target and new bands? Then set 5.
#    Where does the extra acquisition effort stop making a difference, and why?
# 2. Double **churn** (×2). How many buying customers are left after five years? Halve it.
#    Is the effect symmetric?
# 3. Set **win-back** to 0 and compare the *lost* band. Then raise it to 0.15: lost
#    customers become a source of new customers again.
# 4. Choose **show → key accounts**, then **prospects**. Which segment's lifecycle is
#    dominated by acquisition, and which by retention?
