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
# # 06 · Keeping customers: complaints and loyalty programmes
#
# Keeping a customer starts with solving their problem (a weak product cannot be rescued by
# service), then service and care. Two levers are modelled here:
#
# **Complaint management (投诉管理).** The texts advise a dedicated person for complaints
# even when short-staffed. Complaints answered in time are handled well with some
# probability; complaints that wait too long, or are handled badly, drive churn. The
# *service recovery paradox* claims that customers whose complaint was handled well become
# *more* loyal than customers who never complained. Research finds the effect on
# satisfaction but not reliably on repurchase, so in crmsim its strength is a parameter
# (**service recovery strength**: the chance a well-handled complaint moves the customer one
# loyalty step up). Treat it as disputed: try 0.
#
# **Loyalty programmes (忠诚计划)** "bind" the customer: a customer club (客户俱乐部), a
# points card (积分卡), a customer magazine, invitations to events, a call centre
# (呼叫中心). Each has a running cost per member and a lasting effect on churn and share
# of wallet.
#
# **Not in the model yet:** gift vouchers with a *one-off* effect and automatic follow-up
# reminders for customers not contacted in time. crmsim's programmes have lasting effects
# only, so this notebook does not pretend to show those two levers.

# %%
from crmsim.views.fonts import show_notebook_font

show_notebook_font()  # Chinese text draws on any machine / 没有中文字体也能显示中文

# %%
from IPython.display import display

from crmsim.scenario.presets import preset
from crmsim.views.widgets import retention_levers_explorer

scenario = preset("classroom")
levers = retention_levers_explorer(scenario)
display(levers)

# %% [markdown]
# The complaint desk alone: how many complaints are answered in time with one, two or
# three handlers, and what it does to profit (analytic engine, Erlang-C queue):

# %%
import dataclasses

import pandas as pd

from crmsim import evaluate

rows = []
for n in (1, 2, 3):
    desk = dataclasses.replace(scenario.complaints, n_staff=n)
    res = evaluate(dataclasses.replace(scenario, complaints=desk))
    rows.append({"complaint handlers": n,
                 "answered in time": res.extra["complaints_in_time"],
                 "discounted profit": res.total_discounted_profit()})
pd.DataFrame(rows).round(3)

# %% [markdown]
# ## Things to notice
#
# * The baseline is the same customers with **no** programme; the default lever setting is
#   the classroom scenario's points card. Does the card pay for itself?
# * The complaint desk is a queue: while one handler keeps up, a second adds payroll
#   (handlers are paid whether busy or idle) and almost nothing else. Overload, not staff
#   numbers, is what drives churn.
# * With service recovery strength 0, good complaint handling only *prevents* churn; it
#   no longer creates loyal customers.
#
# ## Things to try
#
# 1. Set **service recovery strength** to 0, then to 0.8. How much of the complaint
#    desk's value rests on the disputed paradox?
# 2. Lower **handled well** to 0.3: a desk that answers in time but badly. Compare with
#    adding a second handler.
# 3. Choose a **club** costing 5 per member per month that removes 10 % of churn. Does it
#    pay? What churn reduction would make it pay?
# 4. Choose a **call centre** with a larger share-of-wallet uplift and no churn effect.
#    Which of the two effects is worth more for this customer book?
