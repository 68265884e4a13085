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
# (谈判能力) controls the other, they need each other, and switching costs (转移成本) are
# high. No level is better or worse in itself; here you find the break-evens and ask the
# model, change by change, which conditions decide.
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
from crmsim import simulate
from crmsim.analysis.break_even_points import break_even
from crmsim.analysis.discovery import box_text, discover
from crmsim.analysis.frontier import frontier_map
from crmsim.analysis.luxury import luxury_verdicts
from crmsim.classroom.exercises.ex04_luxurious import (
    important_alone,
    key_accounts_alone,
    q1,
    q2,
    q3,
    q4,
    q5,
    q6,
    q7,
    strategic_pair,
)
from crmsim.classroom.feedback import ____
from crmsim.language.translate import verdict_label

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
# Partnership is luxurious for the **important customers**. Which of these changes would
# make it pay? Answer with all letters that apply, e.g. `"a, c"`.
# `important_alone(field=value, ...)` makes a change.
#
# * (a) mutual importance 0.9 instead of 0.4, nothing else changed
# * (b) switching cost 0.9 instead of 0.4, nothing else changed
# * (c) mutual need 0.9 instead of 0.4, nothing else changed
# * (d) customers 50 times larger (annual wallet 1.2 million instead of 24,000), nothing
#   else changed
# * (e) mutual importance, mutual need and switching cost all 0.9 together (power stays
#   balanced, size unchanged)

# %%
# BEGIN SOLUTION
changes = {"a": dict(mutual_importance=0.9), "b": dict(switching_cost=0.9),
           "c": dict(mutual_need=0.9), "d": dict(annual_wallet=1_200_000.0),
           "e": dict(mutual_importance=0.9, mutual_need=0.9, switching_cost=0.9)}
for key, change in changes.items():
    verdicts = luxury_verdicts(important_alone(**change)).set_index("level")
    print(key, verdict_label(verdicts.loc["partnership", "verdict"]))
answer = "e"
# END SOLUTION
# STUDENT: answer = ____  # letters, e.g. "a, c"
q3.check(answer)

# %% [markdown]
# ## Question 4 · interpretation (select all that apply)
#
# Partnership pays for the **key accounts** (`key_accounts_alone()`). Which single change,
# made alone, would make it **luxurious**? Select every one.
#
# * (a) mutual importance falls to 0.1 (from 0.9)
# * (b) switching cost falls to 0.1 (from 0.85)
# * (c) the customer dominates the bargaining (customer power 0.95 instead of 0.5)
# * (d) the firm dominates the bargaining (customer power 0.05 instead of 0.5)
# * (e) mutual need falls to 0.1 (from 0.75)
# * (f) the accounts are a tenth of the size (100,000 a year instead of 1 million)

# %%
# BEGIN SOLUTION
changes = {"a": dict(mutual_importance=0.1), "b": dict(switching_cost=0.1),
           "c": dict(customer_power=0.95), "d": dict(customer_power=0.05),
           "e": dict(mutual_need=0.1), "f": dict(annual_wallet=100_000.0)}
for key, change in changes.items():
    verdicts = luxury_verdicts(key_accounts_alone(**change)).set_index("level")
    print(key, verdict_label(verdicts.loc["partnership", "verdict"]),
          round(verdicts.loc["alliance", "extra_profit"]))
answer = "a, b, c, d"
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
# A **strategic pair**: key accounts for which mutual importance, mutual need and
# switching cost are all 1, with balanced power (`strategic_pair()`). Simulate
# `strategic_pair(3000, referrals=False)` at **alliance** and at **partnership** with the
# **same seed** (`simulate(scenario, plan=..., seed=...)`). What is the alliance's **extra
# value per customer** (alliance minus partnership)?

# %%
# BEGIN SOLUTION
scenario = strategic_pair(3000, referrals=False)
alliance = simulate(scenario, plan="alliance", seed=7)
partnership = simulate(scenario, plan="partnership", seed=7)
gain = (alliance.summary["value_per_customer"].iloc[0]
        - partnership.summary["value_per_customer"].iloc[0])
# END SOLUTION
# STUDENT: gain = ____  # currency per customer (negative if the alliance earns less)
q6.check(gain)

# %% [markdown]
# ## Question 7 · predict, then run discovery
#
# The texts name four conditions for partnership: (a) mutual importance, (b) mutual need,
# (c) the customer's bargaining power (balanced), (d) switching cost. Which one does the
# verdict "partnership pays" for the key accounts turn on **most**? Predict a letter and
# record it; then run scenario discovery over the four conditions (0–1 each, 2,000 points,
# seed 0): PRIM's first box lists its limits most significant first.

# %%
# BEGIN SOLUTION
guess = "a"
# END SOLUTION
# STUDENT: guess = ____  # a letter: "a", "b", "c" or "d"
q7.check(guess)

# %%
found = discover(key_accounts_alone(), level="partnership", outcome="pays",
                 ranges=["mutual_importance", "mutual_need", "customer_power",
                         "switching_cost"], n_points=2000, seed=0)
print(box_text(found))
print(found.boxes[0].restricted)
q7.reveal()

# %% [markdown] tags=["trainer-only"]
# **For the trainer.** Q3 and Q4 are the heart of the notebook. The texts' conditions
# work together: what partnership creates grows with mutual importance × mutual need ×
# switching cost and is largest with balanced power, so no single condition and not size
# makes it pay (Q3), while losing importance, switching cost or the balance of power alone
# makes it luxurious even for a large account (Q4); size does not decide once an account
# is large, because the levels' costs grow with the account. Mutual need matters most for
# the alliance. Q5 is the bargaining-power condition on the whole map; Q6 shows that the
# alliance pays for a strategic pair, and why common random numbers make a level
# comparison sharp. For most customers preferred supplier is enough (exercise 03, Q5). Q7
# asks the model which condition matters most: mutual importance and switching cost come out
# close together (partnership's joint potential grows with their product), the balance of
# power next, mutual need last for partnership; try another seed or more points to show how
# close the first two are.
