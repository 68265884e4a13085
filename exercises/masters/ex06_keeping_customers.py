# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Exercise 06 · Keeping customers: complaints, loyalty programmes and win-back
#
# Companion to notebook `06_keeping_customers`. Three levers: **complaint management**
# (投诉管理, a desk that is a queue), **loyalty programmes** (忠诚计划, e.g. a customer club,
# 客户俱乐部) and **win-back** (挽回) of lost customers (流失客户); then which of the
# notebook's retention levers pays for which segment. `classroom(**changes)` is the
# classroom preset with complaint-desk fields changed; `firm()` is the classroom firm of the
# notebook's lever table, whose account managers let one due contact in five lapse.
#
# **How to answer.** Replace each `____` with your answer (usually code that computes it)
# and run the cell: `qN.check(...)` tells you at once whether it is right. `qN.hint()`
# gives a hint (call it again for the next one), `qN.solution()` shows a solution.
# "Predict, then run" questions ask for your guess *before* you compute anything; record
# it with `qN.check(guess)`, then `qN.reveal()` shows the result next to it.

# %%
from crmsim.views.fonts import show_notebook_font

show_notebook_font()  # Chinese text draws on any machine / 没有中文字体也能显示中文

# %%
from scipy.optimize import brentq

from crmsim import evaluate, preset, simulate
from crmsim.analysis.levers import lever_payoffs
from crmsim.classroom.exercises.ex06_keeping_customers import (
    classroom,
    club,
    firm,
    lost_customers,
    q1,
    q2,
    q3,
    q4,
    q5,
    q6,
    q7,
    q8,
    with_programmes,
)
from crmsim.classroom.feedback import ____

print(preset("classroom").complaints)

# %% [markdown]
# ## Question 1 · computation
#
# The complaint handler can give only **60 hours a month** to complaints
# (`classroom(hours_per_handler_per_month=60.0)`). What **share of complaints is answered
# within the response target** (analytic engine, an Erlang C queue)?

# %%
# BEGIN SOLUTION
in_time = evaluate(classroom(hours_per_handler_per_month=60.0)).extra["complaints_in_time"]
# END SOLUTION
# STUDENT: in_time = ____  # a share between 0 and 1
q1.check(in_time)

# %%
# q1.hint()
# q1.solution()

# %% [markdown]
# ## Question 2 · break-even
#
# A **customer club** costs 5 (currency) per member per month (`club(x)` removes a share `x` of
# churn). Compared with **no programme at all** (`with_programmes()`), what share of churn
# must the club remove to pay for itself (equal total discounted profit)?

# %%
# BEGIN SOLUTION
before = evaluate(with_programmes()).total_discounted_profit()


def gain(x):
    return evaluate(with_programmes(club(x))).total_discounted_profit() - before


break_even = brentq(gain, 0, 1)
# END SOLUTION
# STUDENT: break_even = ____  # a share of churn between 0 and 1
q2.check(break_even)

# %% [markdown]
# ## Question 3 · predict, then run
#
# The *service recovery paradox* claims that customers whose complaint was handled well
# become more loyal than those who never complained. crmsim makes its strength a
# parameter (0.3 in the classroom). How much **total discounted profit** would the firm
# lose if the paradox does not exist (`classroom(service_recovery_strength=0.0)`)?
# Predict a positive amount, then reveal.

# %%
# BEGIN SOLUTION
guess = 100_000
# END SOLUTION
# STUDENT: guess = ____  # your prediction: an amount of money
q3.check(guess)

# %%
q3.reveal()

# %% [markdown]
# ## Question 4 · interpretation
#
# Which adds more total discounted profit to the classroom firm?
#
# * (a) a second complaint handler (`classroom(n_staff=2)`)
# * (b) better handling: quality 0.9 instead of 0.7 (`classroom(handling_quality=0.9)`)
# * (c) neither adds even 1 % of total profit

# %%
# BEGIN SOLUTION
base = evaluate(preset("classroom")).total_discounted_profit()
for change in (dict(n_staff=2), dict(handling_quality=0.9)):
    print(change, evaluate(classroom(**change)).total_discounted_profit() - base)
answer = "b"
# END SOLUTION
# STUDENT: answer = ____  # a letter
q4.check(answer)

# %% [markdown]
# ## Question 5 · simulation
#
# `lost_customers()` is 8,000 ordinary customers who have all just been **lost**, over 25
# months (no referrals, unlimited staff). Simulate them (any seed): how many are
# **buying again** (new, repeat or loyal) at the start of **month 24**?

# %%
# BEGIN SOLUTION
occ = simulate(lost_customers(), seed=4).occupancy
back = occ[(occ["month"] == 24) & occ["state"].isin(["new", "repeat", "loyal"])]
count = back["customers"].sum()
# END SOLUTION
# STUDENT: count = ____  # a number of customers
q5.check(count)

# %% [markdown]
# ## Question 6 · interpretation
#
# What does research find about the service recovery paradox?
#
# * (a) a well-handled complaint raises satisfaction, but not reliably repurchase
# * (b) customers whose complaint was handled well are always more loyal than those who
#   never complained
# * (c) complaint handling has no effect on customers at all
# * (d) complaints should be avoided because every complaint drives churn

# %%
# BEGIN SOLUTION
answer = "a"
# END SOLUTION
# STUDENT: answer = ____  # a letter
q6.check(answer)

# %% [markdown]
# ## Question 7 · which lever pays for which segment?
#
# `lever_payoffs(firm())` prices each retention lever of notebook 06 for each segment of
# the classroom firm (analytic engine; `value_change` is the change of discounted profit per
# customer, `pays` whether it is positive). For the **ordinary customers**, which of these
# levers adds most, if any pays at all?
#
# * (a) a satisfaction survey every 3 months (`"survey"`)
# * (b) a call centre (`"call_centre"`)
# * (c) a gift voucher (`"voucher"`)
# * (d) a customer club (`"club"`)
# * (e) none of them pays for ordinary customers

# %%
# BEGIN SOLUTION
payoffs = lever_payoffs(firm())
ordinary = payoffs[payoffs["segment"] == "ordinary customers"].set_index("lever")
print(ordinary.loc[["survey", "call_centre", "voucher", "club"], ["value_change", "pays"]])
answer = "c"
# END SOLUTION
# STUDENT: answer = ____  # a letter
q7.check(answer)

# %% [markdown]
# ## Question 8 · which levers pay for the key accounts?
#
# Same table. Which of these levers pay for the **key accounts**? Select all that apply
# (e.g. `"a, c"`).
#
# * (a) follow-up reminders (`"reminders"`)
# * (b) a satisfaction survey every 3 months (`"survey"`)
# * (c) a customer club (`"club"`)
# * (d) extra service worth 0.5 % of the wallet for VIP and important customers
#   (`"extra_service"`)

# %%
# BEGIN SOLUTION
keys = payoffs[payoffs["segment"] == "key accounts"].set_index("lever")
print(keys.loc[["reminders", "survey", "club", "extra_service"], ["value_change", "pays"]])
answer = "a, b, c"
# END SOLUTION
# STUDENT: answer = ____  # letters, e.g. "a, c"
q8.check(answer)

# %% [markdown] tags=["trainer-only"]
# **For the trainer.** Q1 and Q4 make the queueing point from both sides: a desk that keeps
# up gains little from more staff, one that does not loses a lot. Q3 is worth discussing:
# how much of a recommendation rests on a disputed effect? Q7 and Q8: a lever's cost per
# customer is much the same everywhere, what it saves is a share of the customer's margin;
# ask which trait of a segment would turn a red cell green (notebook 06, things to try).
