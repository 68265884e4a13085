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
# # Exercise 03 · The four relationship levels (客户关系的四种类型)
#
# Companion to notebook `03_four_levels`: transactional (买卖关系), preferred supplier
# (优先供应关系), partnership (合作伙伴关系) and strategic alliance (战略联盟). Most questions
# use the classroom's **key accounts** on their own with unlimited staff
# (`key_accounts_alone()`), so the levels are compared on the segment alone.
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
from crmsim import evaluate, simulate
from crmsim.analysis.luxury import best_levels, luxury_verdicts
from crmsim.classroom.exercises.ex03_four_levels import (
    important_alone,
    key_accounts_alone,
    q1,
    q2,
    q3,
    q4,
    q5,
    q6,
)
from crmsim.classroom.feedback import ____
from crmsim.language.translate import display_frame

# %% [markdown]
# ## Question 1 · interpretation
#
# What characterises the **preferred-supplier** level (优先供应关系), as the texts describe it?
#
# * (a) the firm hands part of its value to the customer (discounts, priority) to make
#   trade long-term: an unequal relationship
# * (b) value is created jointly by both sides and shared
# * (c) both sides pay a heavy price if either defects
# * (d) competition becomes supply chain against supply chain

# %%
# BEGIN SOLUTION
answer = "a"
# END SOLUTION
# STUDENT: answer = ____  # a letter
q1.check(answer)

# %%
# q1.hint()
# q1.solution()

# %% [markdown]
# ## Question 2 · computation
#
# For the key accounts, what **extra discounted profit per customer** does partnership
# bring over preferred supplier? (`luxury_verdicts` compares each level with the next
# cheaper one.)

# %%
# BEGIN SOLUTION
verdicts = luxury_verdicts(key_accounts_alone()).set_index("level")
extra = verdicts.loc["partnership", "extra_profit"]
# END SOLUTION
# STUDENT: extra = ____  # currency per customer
q2.check(extra)

# %% [markdown]
# ## Question 3 · predict, then run
#
# At which level are the **most key accounts still buying** after five years? Record your
# prediction as a letter, then reveal.
#
# * (a) transactional · (b) preferred supplier · (c) partnership · (d) strategic alliance

# %%
# BEGIN SOLUTION
guess = "c"
# END SOLUTION
# STUDENT: guess = ____  # your prediction: a letter
q3.check(guess)

# %%
q3.reveal()

# %% [markdown]
# ## Question 4 · simulation
#
# Simulate `key_accounts_alone(2000, referrals=False, level="partnership")`: 2,000 key
# accounts at partnership without word of mouth. How many are **buying** (new, repeat or
# loyal) in the **last month** (month 59)? Any seed; the checker allows for sampling noise.

# %%
# BEGIN SOLUTION
scenario = key_accounts_alone(2000, referrals=False, level="partnership")
occ = simulate(scenario, seed=5).occupancy
last = occ[(occ["month"] == 59) & occ["state"].isin(["new", "repeat", "loyal"])]
count = last["customers"].sum()
# END SOLUTION
# STUDENT: count = ____  # a number of customers
q4.check(count)

# %% [markdown]
# ## Question 5 · interpretation
#
# Which level earns most per customer for the **important customers** (alone, unlimited
# staff)? `important_alone()` is the scenario.
#
# * (a) transactional · (b) preferred supplier · (c) partnership · (d) strategic alliance

# %%
# BEGIN SOLUTION
print(display_frame(best_levels(important_alone())))
answer = "b"
# END SOLUTION
# STUDENT: answer = ____  # a letter
q5.check(answer)

# %% [markdown]
# ## Question 6 · computation
#
# The **luxury ratio** of a level is its extra cost ÷ its extra return against the next
# cheaper level (below 1 it pays, above 1 it is luxurious, 奢侈的). What is the luxury
# ratio of the **strategic alliance** for the key accounts?

# %%
# BEGIN SOLUTION
ratio = luxury_verdicts(key_accounts_alone()).set_index("level").loc["alliance",
                                                                    "luxury_ratio"]
# END SOLUTION
# STUDENT: ratio = ____  # a number
q6.check(ratio)

# %% [markdown] tags=["trainer-only"]
# **For the trainer.** Q3 and Q6 belong together: the alliance keeps the most key accounts
# and is still luxurious for them, if only just. Retention is not the same as value, and no
# level is better or worse in itself: partnership pays for the key accounts (Q2), preferred
# supplier is enough for the important customers (Q5), and the alliance pays only for a
# pair that matters to and needs each other even more (exercise 04).
