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
# # Exercise 05 · Segments and staff: who deserves which level?
#
# Companion to notebook `05_segments_and_staff`, on Dell's direct model (the `dell`
# preset): **T-type** customers (transactional, price-driven) get fixed terms, **R-type**
# customers preferred-supplier care, and **key accounts** (大客户) a partnership. Every level
# above transactional needs the time of the same few **account managers** (客户经理).
# `dell(n)` is the preset with `n` account managers.
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
from crmsim.classroom.exercises.ex05_segments_and_staff import (
    dell,
    q1,
    q2,
    q3,
    q4,
    q5,
    q6,
    q7,
    relationship_segments,
    t_type_alone,
)
from crmsim.classroom.feedback import ____
from crmsim.language.translate import display_frame

display_frame(evaluate(dell()).summary).round(1)

# %% [markdown]
# ## Question 1 · computation
#
# With only **one** account manager instead of four, what **share of the account
# managers' contacts** is served (analytic engine)?

# %%
# BEGIN SOLUTION
served = evaluate(dell(1)).extra["served_fraction"]
# END SOLUTION
# STUDENT: served = ____  # a share between 0 and 1
q1.check(served)

# %%
# q1.hint()
# q1.solution()

# %% [markdown]
# ## Question 2 · computation
#
# Move the key accounts to **strategic alliance** (`dell(n, key_accounts="alliance")`).
# What is the **fewest** account managers with which every contact is served?

# %%
# BEGIN SOLUTION
n = next(n for n in range(1, 100)
         if evaluate(dell(n, key_accounts="alliance")).extra["served_fraction"] >= 1.0)
# END SOLUTION
# STUDENT: n = ____  # a whole number of account managers
q2.check(n)

# %% [markdown]
# ## Question 3 · interpretation
#
# With **one** account manager (every segment at its planned level), which segment loses
# the most discounted profit compared with the preset's four managers?
#
# * (a) T-type customers · (b) R-type customers · (c) key accounts

# %%
# BEGIN SOLUTION
full = evaluate(dell()).summary.set_index("segment")["discounted_profit"]
short = evaluate(dell(1)).summary.set_index("segment")["discounted_profit"]
print(full - short)
answer = "c"
# END SOLUTION
# STUDENT: answer = ____  # a letter
q3.check(answer)

# %% [markdown]
# ## Question 4 · predict, then run
#
# `relationship_segments(1)` is the Dell preset without the T-type customers (who need no
# manager), with one account manager for the R-type customers (preferred supplier) and the
# key accounts (partnership). The SimPy engine plans each month's manager hours contact by
# contact. In a **SimPy run**, what share of the **R-type** customers' contacts will be
# served? Predict, then reveal.

# %%
# BEGIN SOLUTION
guess = 0.9
# END SOLUTION
# STUDENT: guess = ____  # your prediction: a share between 0 and 1
q4.check(guess)

# %%
q4.reveal()

# %% [markdown]
# ## Question 5 · simulation
#
# `t_type_alone()` is 8,000 T-type customers on their own, without referrals and with
# unlimited staff. Simulate them (any seed) and report the **mean discounted value per
# customer**. The checker allows 4 standard errors of sampling noise around the analytic
# expectation.

# %%
# BEGIN SOLUTION
sim = simulate(t_type_alone(), seed=2)
t_value = sim.summary["value_per_customer"].iloc[0]
# END SOLUTION
# STUDENT: t_value = ____  # currency per customer
q5.check(t_value)

# %% [markdown]
# ## Question 6 · computation
#
# The texts say a key account is worth "dozens or hundreds" of T/R customers. In the Dell
# preset as planned (analytic engine), **how many T-type customers is one key account
# worth**, in discounted value per customer?

# %%
# BEGIN SOLUTION
values = evaluate(dell()).summary.set_index("segment")["value_per_customer"]
ratio = values["key accounts"] / values["T-type"]
# END SOLUTION
# STUDENT: ratio = ____  # a number of T-type customers
q6.check(ratio)

# %% [markdown]
# ## Question 7 · interpretation
#
# With one account manager the **R-type** customers lose a larger share of their contacts
# than the **key accounts**. Why?
#
# * (a) the managers serve the deepest level first (alliance, then partnership, then
#   preferred supplier): a firm short of managers keeps its most committed relationships
# * (b) an R-type contact takes longer than a key account's, so fewer of them fit
# * (c) T-type customers take up the managers' time
# * (d) complaints take managers away from their customers

# %%
# BEGIN SOLUTION
answer = "a"
# END SOLUTION
# STUDENT: answer = ____  # a letter
q7.check(answer)

# %% [markdown] tags=["trainer-only"]
# **For the trainer.** Q2 is the cost of an alliance that the level's own cash lines do
# not show: the managers it takes from everyone else (and who are paid whether busy or
# idle). Q4 and Q7 belong together: under overload both engines give the hours to the
# deepest level first, so the shallower levels absorb the shortage; the analytic engine
# follows the SimPy engine's rule as a fluid and agrees with it within a few points.
