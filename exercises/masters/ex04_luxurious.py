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
# # Exercise 04 · When does a relationship become luxurious (奢侈的)?
#
# Companion to notebook `04_luxurious`. A level is luxurious for a segment when its extra
# discounted cost over the next cheaper level exceeds the extra return it brings. The
# texts say partnership (合作伙伴关系) or above is appropriate only where supplier and
# customer are important to each other (彼此具有重要意义), neither side's bargaining power
# (谈判能力) dominates, and switching costs (转移成本) are high. Here you find the
# break-evens and test the reasons.
#
# **How to answer.** Replace each `____` with your answer (usually code that computes it)
# and run the cell: `qN.check(...)` tells you at once whether it is right. `qN.hint()`
# gives a hint (call it again for the next one), `qN.solution()` shows a solution.
# "Predict, then run" questions ask for your guess *before* you compute anything; record
# it with `qN.check(guess)`, then `qN.reveal()` shows the result next to it.

# %%
from crmsim import simulate
from crmsim.analysis.break_even_points import break_even
from crmsim.analysis.frontier import frontier_map
from crmsim.analysis.luxury import luxury_verdicts
from crmsim.classroom.exercises.ex04_luxurious import (
    important_alone,
    key_accounts_alone,
    ordinary_alone,
    q1,
    q2,
    q3,
    q4,
    q5,
    q6,
)
from crmsim.classroom.feedback import ____

# %% [markdown]
# ## Question 1 · break-even
#
# For the key accounts (`key_accounts_alone()`), below which **mutual importance** does
# partnership stop paying (against preferred supplier)?

# %%
# BEGIN SOLUTION
found = break_even(key_accounts_alone(), level="partnership", parameter="mutual_importance")
print(found.statement)
threshold = found.values[0]
# END SOLUTION
# STUDENT: threshold = ____  # a number between 0 and 1
q1.check(threshold)

# %%
# q1.hint()
# q1.solution()

# %% [markdown]
# ## Question 2 · break-even
#
# Now a key account with mutual importance only **0.42**
# (`key_accounts_alone(mutual_importance=0.42)`). Find the **break-even switching cost**:
# the switching cost at which partnership starts to pay.

# %%
# BEGIN SOLUTION
found = break_even(key_accounts_alone(mutual_importance=0.42), level="partnership",
                   parameter="switching_cost")
print(found.statement)
switching = found.values[0]
# END SOLUTION
# STUDENT: switching = ____  # a number between 0 and 1
q2.check(switching)

# %% [markdown]
# ## Question 3 · interpretation (select all that apply)
#
# Partnership is luxurious for the **important customers**. Which single change, made
# alone, would make it pay? Answer with all letters that apply, e.g. `"a, c"`.
# `important_alone(field=value)` makes a change.
#
# * (a) mutual importance 0.9 instead of 0.4
# * (b) switching cost 0.9 instead of 0.4
# * (c) customer power 0.2 (the firm dominates) instead of 0.5
# * (d) customers 50 times larger (annual wallet 1.2 million instead of 24,000)

# %%
# BEGIN SOLUTION
changes = {"a": dict(mutual_importance=0.9), "b": dict(switching_cost=0.9),
           "c": dict(customer_power=0.2), "d": dict(annual_wallet=1_200_000.0)}
for key, change in changes.items():
    verdicts = luxury_verdicts(important_alone(**change)).set_index("level")
    print(key, verdicts.loc["partnership", "verdict"])
answer = "d"
# END SOLUTION
# STUDENT: answer = ____  # letters, e.g. "a, c"
q3.check(answer)

# %% [markdown]
# ## Question 4 · interpretation (select all that apply)
#
# Why is partnership luxurious for the **ordinary customers** (`ordinary_alone()`)? Select
# every reason that holds for this segment. Look at the segment's parameters and at the
# partnership level (`ordinary_alone().level("partnership")`).
#
# * (a) they are small: partnership's running cost per month exceeds the margin their
#   purchases bring
# * (b) supplier and customer matter little to each other, so little value is created
#   jointly
# * (c) the customer dominates the bargaining and captures the value created jointly
# * (d) switching costs are low, so partnership's lock-in keeps few extra customers
# * (e) the account managers are overloaded

# %%
# BEGIN SOLUTION
seg = ordinary_alone().segments[0]
level = ordinary_alone().level("partnership")
print(seg.monthly_wallet * seg.gross_margin, level.running_cost_per_month)
print(seg.mutual_importance, seg.customer_power, seg.switching_cost)
answer = "a, b, d"
# END SOLUTION
# STUDENT: answer = ____  # letters, e.g. "a, c"
q4.check(answer)

# %% [markdown]
# ## Question 5 · predict, then run
#
# On the key accounts' frontier map (mutual importance × switching cost, 21 × 21 points),
# what **share** of the map has partnership or above as its best level when the
# **customer dominates** the bargaining (customer power 0.9)? Predict a number between 0
# and 1, record it, then reveal.

# %%
# BEGIN SOLUTION
guess = 0.3
# END SOLUTION
# STUDENT: guess = ____  # your prediction: a share between 0 and 1
q5.check(guess)

# %%
q5.reveal()

# %% [markdown]
# ## Question 6 · simulation with common random numbers
#
# Simulate `key_accounts_alone(800, referrals=False)` at **alliance** and at
# **partnership** with the **same seed** (`simulate(scenario, plan=..., seed=...)`). What
# is the alliance's **extra value per customer** (alliance minus partnership)?

# %%
# BEGIN SOLUTION
scenario = key_accounts_alone(800, referrals=False)
alliance = simulate(scenario, plan="alliance", seed=7)
partnership = simulate(scenario, plan="partnership", seed=7)
gain = (alliance.summary["value_per_customer"].iloc[0]
        - partnership.summary["value_per_customer"].iloc[0])
# END SOLUTION
# STUDENT: gain = ____  # currency per customer (negative if the alliance earns less)
q6.check(gain)

# %% [markdown] tags=["trainer-only"]
# **For the trainer.** Q3 and Q4 are the heart of the notebook: for customers of ordinary
# size, *size* decides before any of the textbook's four conditions; the conditions matter
# near the frontier (Q2). Q5 is the bargaining-power condition; Q6 shows why common random
# numbers make a level comparison sharp.
