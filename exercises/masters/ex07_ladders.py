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
# # Exercise 07 · Other ladders of relationship depth (关系深度的其他阶梯)
#
# Companion to notebook `08_ladders`: the five levels of salesperson behaviour (基本型,
# 被动型, 负责型, 能动型, 伙伴型), the agency's four layers (Trust 信任, Value 价值, Emotion
# 情感, Vision 愿景) and how each rung maps onto the four relationship levels.
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
from crmsim import preset, simulate
from crmsim.classroom.exercises.ex07_ladders import (
    CALLS_AFTER_SALE,
    FORGIVING_CUSTOMER,
    hollow_partnership_levels,
    q1,
    q2,
    q3,
    q4,
    q5,
)
from crmsim.classroom.exercises.helpers import alone
from crmsim.classroom.feedback import ____
from crmsim.language.ladders import AGENCY, SALESPERSON, ladder_table, level_for_rung, place

scenario = preset("classroom")
ladder_table(SALESPERSON, scenario.levels)

# %% [markdown]
# ## Question 1 · interpretation
#
# A week after delivery the seller phones to ask whether the machine works and what could be
# better; otherwise the buyer calls when something breaks (`CALLS_AFTER_SALE`). Which
# salesperson level is this?
#
# * (a) basic (基本型) · (b) reactive (被动型) · (c) accountable (负责型) · (d) proactive
#   (能动型) · (e) partnership (伙伴型)

# %%
# BEGIN SOLUTION
print(place(CALLS_AFTER_SALE).salesperson)
answer = "c"
# END SOLUTION
# STUDENT: answer = ____  # a letter
q1.check(answer)

# %%
# q1.hint()
# q1.solution()

# %% [markdown]
# ## Question 2 · interpretation
#
# A reliable supplier whose advice saves the buyer money; when one delivery was late the
# buyer shrugged it off ("they have been good to us"); the two have no joint plans
# (`FORGIVING_CUSTOMER`). Which layer of the agency's ladder does the supplier reach?
#
# * (a) Trust (信任) · (b) Value (价值) · (c) Emotion (情感) · (d) Vision (愿景)

# %%
# BEGIN SOLUTION
print(place(FORGIVING_CUSTOMER).agency)
answer = "c"
# END SOLUTION
# STUDENT: answer = ____  # a letter
q2.check(answer)

# %% [markdown]
# ## Question 3 · predict, then run
#
# `hollow_partnership_levels()` are the classroom's levels with a partnership that creates
# **nothing jointly** (`co_creation_rate = 0`). Which level does the salesperson's
# **partnership** rung (伙伴型) need now? Record your prediction as a letter, then reveal.
#
# * (a) transactional · (b) preferred supplier · (c) partnership · (d) strategic alliance ·
#   (e) none of the scenario's levels

# %%
# BEGIN SOLUTION
guess = "d"
# END SOLUTION
# STUDENT: guess = ____  # your prediction: a letter
q3.check(guess)

# %%
q3.reveal()

# %% [markdown]
# ## Question 4 · computation
#
# Deposits in the emotional bank account are contacts. How many **account-manager hours a
# month** does the level of the **Emotion** layer need for one classroom **key account**?

# %%
# BEGIN SOLUTION
level = level_for_rung(AGENCY["emotion"], scenario.levels)
hours = level.manager_hours_for(scenario.segment("key accounts").annual_wallet)
# END SOLUTION
# STUDENT: hours = ____  # hours per month
q4.check(hours)

# %% [markdown]
# ## Question 5 · simulation
#
# Put 2,000 classroom key accounts, without word of mouth and with unlimited staff, at the
# level a **proactive** salesperson (能动型) needs: `alone(scenario, "key accounts",
# level=..., n_customers=2000, referrals=False)`. Simulate them: how many are **buying**
# (new, repeat or loyal) in the **last month** (month 59)? Any seed; the checker allows for
# sampling noise.

# %%
# BEGIN SOLUTION
level = level_for_rung(SALESPERSON["proactive"], scenario.levels).name
sim = alone(scenario, "key accounts", level=level, n_customers=2000, referrals=False)
occ = simulate(sim, seed=5).occupancy
last = occ[(occ["month"] == 59) & occ["state"].isin(["new", "repeat", "loyal"])]
count = last["customers"].sum()
# END SOLUTION
# STUDENT: count = ____  # a number of customers
q5.check(count)

# %% [markdown]
# ## Going further
#
# The ladders say what a deeper relationship *is*. Whether it pays is the four levels'
# economics: compare the level each rung needs with `best_levels(scenario)` for each
# segment (notebook 04).
