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
# # 05 · Segments and staff: who deserves which level?
#
# Customers differ in price sensitivity and in how much they want a relationship. Dell's
# direct model, as the texts tell it:
#
# * **T-type** customers (transactional, price-driven) get the most junior staff, a fixed
#   price and terms, no extra resources — the buy-sell level (买卖关系);
# * **R-type** customers (relationship-minded, usually larger) get more senior staff and
#   more benefits — preferred supplier (优先供应关系);
# * **key accounts** (大客户), picked from the R-type and each worth dozens or hundreds of
#   other customers, get a dedicated person or team — partnership (合作伙伴关系).
#
# **Account managers (客户经理) are a limited resource.** Every level above transactional
# needs their hours, and managers are paid whether they are busy or not. When the hours
# needed exceed the hours available, contacts are missed and customers are *neglected*:
# they get the cheapest level's effects while its costs keep running. When the hours
# available exceed the hours needed, the firm pays for idle time.

# %%
from crmsim.views.fonts import show_notebook_font

show_notebook_font()  # Chinese text draws on any machine / 没有中文字体也能显示中文

# %%
from IPython.display import display

from crmsim.scenario.presets import preset
from crmsim.views.widgets import segments_staff_explorer

dell = preset("dell")
staff = segments_staff_explorer(dell)
display(staff)

# %% [markdown]
# **Staff are payroll.** Account managers are paid every month, busy or idle; a customer
# is charged only for the contact hours actually worked, and what is paid but not worked
# is *idle payroll*, a cost of the firm (`Results.staff`). So both mistakes show in the
# money: too few managers neglect customers, too many are paid to wait.
#
# How the share of contacts served, the idle payroll and the total discounted profit
# (idle payroll deducted) change with the number of account managers, every segment at
# its planned level (analytic engine):

# %%
import dataclasses

import pandas as pd

from crmsim import evaluate
from crmsim.language.translate import display_frame

rows = []
for n in (1, 2, 4, 6, 8, 12):
    s = dataclasses.replace(dell, staff=dataclasses.replace(dell.staff, n_account_managers=n))
    res = evaluate(s)
    managers = res.staff[res.staff["role"] == "account_managers"]
    rows.append({"account managers": n,
                 "contacts served": res.extra["served_fraction"],
                 "payroll": (managers["payroll"] * managers["discount_factor"]).sum(),
                 "idle payroll": managers["discounted_idle_cost"].sum(),
                 "discounted profit": res.total_discounted_profit()})
staffing = pd.DataFrame(rows).set_index("account managers")
print(f"most profitable: {staffing['discounted profit'].idxmax()} account managers")
display_frame(staffing).round(2)

# %% [markdown]
# ## Things to notice
#
# * The hours bar shows what the plan *asks* of the account managers; the black line is
#   what four managers can give. As long as the bar stays left of the line every contact
#   happens.
# * Profit comes overwhelmingly from the key accounts and R-type customers, although they
#   are few.
# * Once the bar crosses the line, contacts are missed: the managers serve the deepest
#   level first (key accounts), so the shallower levels lose service first, and a
#   neglected customer gets the cheapest level's effects while its costs keep running.
# * Beyond the hours the plan asks for, each extra manager is idle payroll: profit falls
#   again. The best team is neither the smallest nor the largest.
#
# ## Things to try
#
# 1. Move the **T-type** customers to *preferred*. How many hours does that ask for? What
#    happens to the served share and to total profit?
# 2. Move the **key accounts** to *alliance*. How many account managers do you need before
#    it pays? Is it worth hiring them? (Each one is payroll, busy or idle.)
# 3. Reduce **account managers** to 1 with the planned levels. Which segment loses most?
# 4. Put every segment at *transactional*. What does the firm lose compared with the plan?
#
# The SimPy engine models account managers as a `simpy.Resource` with real queues; run
# `crmsim.engines.simulation.simulate(scenario, seed=1)` and compare `summary["served_fraction"]`
# with the analytic engine, and `res.staff` for the payroll, worked and idle cost of each
# month.
