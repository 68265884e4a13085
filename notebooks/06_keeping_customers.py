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
# # 06 · Keeping customers: complaints, loyalty programmes and follow-up
#
# Keeping a customer starts with solving their problem (a weak product cannot be rescued by
# service), then service and care. Two levers come first:
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
# (呼叫中心). Each kind reaches its own customers at a running cost per member: a club its
# repeat and loyal customers, events the loyal ones. A gift voucher (礼券) is one-off: it
# tips undecided targets and lost customers into a purchase and is paid for every voucher
# redeemed. A call centre also lets customers about to leave find the complaint desk.
#
# Later in this notebook: follow-up reminders, satisfaction surveys, lost-customer analysis,
# touch points after the sale and extra service for valued customers, and which of them pays
# for which segment.

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
from crmsim.language.translate import display_frame

rows = []
for n in (1, 2, 3):
    desk = dataclasses.replace(scenario.complaints, n_staff=n)
    res = evaluate(dataclasses.replace(scenario, complaints=desk))
    rows.append({"complaint handlers": n,
                 "answered in time": res.extra["complaints_in_time"],
                 "discounted profit": res.total_discounted_profit()})
display_frame(pd.DataFrame(rows).set_index("complaint handlers")).round(3)

# %% [markdown]
# ## Which lever pays for which segment?
#
# The texts name more ways to keep customers. crmsim models each as a change of the
# scenario (`crmsim.analysis.levers.DEFAULT_LEVERS`):
#
# * **follow-up reminders (跟进)**: without them, the account managers let some due
#   contacts lapse and the customer is not maintained that month; reminders catch 80 % of
#   the lapses, at 2 (currency) a month per customer of a level with contacts;
# * **satisfaction survey (定期测量满意度)** every 3 months, at 4 (currency) a response: it
#   finds half of the customers about to leave, who reach the complaint desk instead of
#   leaving silently;
# * **lost-customer analysis (对丢失的客户做分析)** of every lost customer, at 150 (currency)
#   each: better win-back at once, and less churn once its lessons are applied, six months on;
# * **gift voucher (礼券)**, **call centre (呼叫中心)** and **customer club (客户俱乐部)**:
#   programmes of their own kind (see above);
# * **after-sale touch points (接触点)**: one contact a month during and after the sale
#   with each new customer, to make them repeat customers;
# * **extra service** worth 0.5 % of the monthly wallet for customers *believed* VIP or
#   important: the self-fulfilling prophecy (treat a customer as valuable and they become
#   one). Whether it pays is its own arithmetic.
#
# Each lever is switched on for the whole classroom firm, one at a time, and compared with
# the firm as it is, every segment at its planned level (analytic engine). The firm's
# account managers are assumed to let **one due contact in five** lapse without reminders.

# %%
from crmsim.analysis.levers import lever_payoffs
from crmsim.scenario.levers import FollowUp
from crmsim.views.lever_plots import plot_lever_payoffs

# the classroom firm, whose account managers let one due contact in five lapse
firm = dataclasses.replace(scenario, follow_up=FollowUp(missed_share=0.2))
payoffs = lever_payoffs(firm)
fig = plot_lever_payoffs(payoffs)

# %% [markdown]
# Each cell is the change of discounted profit per customer over five years; the colour
# puts it against what a customer of the segment is worth without the lever. Where the money
# comes from, for the important customers (cost of the lever, extra sales, extra months as a
# buying customer, all per customer):

# %%
from crmsim.language.translate import lever_label

columns = ["lever_cost", "revenue_change", "buying_months_change", "value_change", "pays"]
important = payoffs[payoffs["segment"] == "important customers"].set_index("lever")
important.index = [lever_label(key) for key in important.index]
display_frame(important[columns]).round(1)

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
# * The same lever pays for one segment and loses money on another. A survey, a call
#   centre or a lost-customer analysis costs about the same per customer everywhere; what
#   it saves is a share of the customer's margin. Which segments are worth it?
# * Reminders can only pay where contacts lapse: the transactional level has none.
# * A voucher is also paid by customers who would have bought anyway (deadweight).
#
# ## Things to try
#
# 1. Set **service recovery strength** to 0, then to 0.8. How much of the complaint
#    desk's value rests on the disputed paradox?
# 2. Lower **handled well** to 0.3: a desk that answers in time but badly. Compare with
#    adding a second handler.
# 3. Choose a **club** costing 5 (currency) per member per month that removes 10 % of churn. Does it
#    pay? What churn reduction would make it pay?
# 4. Choose a **call centre** with a larger share-of-wallet uplift and no churn effect.
#    Which of the two effects is worth more for this customer book?
# 5. Set `missed_share=0.0` in `FollowUp` (perfect discipline): what are reminders worth
#    now? Then try 0.4.
# 6. Raise the ordinary customers' `annual_wallet` to 24,000 (`dataclasses.replace` on
#    the segment) and run `lever_payoffs` again: which levers now pay for them?
# 7. Raise `firm.acquisition.first_purchase_per_touch` from 0.10 to 0.30. What happens
#    to the voucher's payoff for the prospects, and why?
