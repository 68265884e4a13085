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
# # Exercise 01 · The customer lifecycle (客户生命周期)
#
# Companion to notebook `01_lifecycle`. Customers flow from **potential** (潜在客户) and
# **target** (目标客户) to **new** (新客户), **repeat** (老客户) and **loyal** (忠诚客户)
# customers; from every buying state they can be **lost** (流失客户), and some are **won
# back** (挽回).
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
from crmsim import evaluate, preset, simulate
from crmsim.analysis.teaching import expected_flows, scaled_churn
from crmsim.classroom.exercises.ex01_lifecycle import ordinary_alone, q1, q2, q3, q4, q5, q6
from crmsim.classroom.feedback import ____
from crmsim.language.translate import display_frame

scenario = preset("classroom")
result = evaluate(scenario)
display_frame(result.summary).round(1)

# %% [markdown]
# ## Question 1 · computation
#
# In the classroom scenario, how many **ordinary customers** does the analytic engine
# expect to be *buying* (new, repeat or loyal) in the last month of the five years?

# %%
# BEGIN SOLUTION
buying_end = result.summary.set_index("segment").loc["ordinary customers", "buying_end"]
# END SOLUTION
# STUDENT: buying_end = ____  # a number of customers
q1.check(buying_end)

# %%
# q1.hint()
# q1.solution()

# %% [markdown]
# ## Question 2 · interpretation
#
# On average, which buying state sends the **most customers per month** into *lost*
# (all segments together)? Answer with a letter:
#
# * (a) new customers (新客户)
# * (b) repeat customers (老客户)
# * (c) loyal customers (忠诚客户)
#
# `expected_flows(result)` lists the expected customers per month moving between states.

# %%
# BEGIN SOLUTION
flows = expected_flows(result)
print(display_frame(flows[flows["target"] == "lost"]))
answer = "b"
# END SOLUTION
# STUDENT: answer = ____  # "a", "b" or "c"
q2.check(answer)

# %% [markdown]
# ## Question 3 · computation
#
# How many months does a **new** ordinary customer buy, on average, before first churning?
# Use the analytic engine (the `clv` table of `result`), not a back-of-the-envelope formula.

# %%
# BEGIN SOLUTION
clv = result.clv
row = clv[(clv["segment"] == "ordinary customers") & (clv["start_state"] == "new")]
months = row["expected_months_to_churn"].iloc[0]
# END SOLUTION
# STUDENT: months = ____  # months
q3.check(months)

# %% [markdown]
# ## Question 4 · predict, then run
#
# Suppose every churn rate **doubles** (`scaled_churn(scenario, 2.0)`). How many ordinary
# customers will still be buying in the last month? Write down your guess *before* you
# compute anything, record it, then reveal the result.

# %%
# BEGIN SOLUTION
guess = 140
# END SOLUTION
# STUDENT: guess = ____  # your prediction: a number of customers
q4.check(guess)

# %%
q4.reveal()

# %% [markdown]
# ## Question 5 · simulation
#
# `ordinary_alone()` is the ordinary customers on their own: **2,000** of them, no
# referrals and unlimited staff, so each customer moves independently. Simulate it with
# the SimPy engine (`simulate(..., seed=...)`, any seed you like) and count the customers
# who are **buying** (new, repeat or loyal) at the start of **month 24**.
#
# Your run is random, so the checker compares it with the analytic expectation and
# accepts anything within 4 standard errors of sampling noise.

# %%
# BEGIN SOLUTION
sim = simulate(ordinary_alone(), seed=11)
occ = sim.occupancy
buying = occ[(occ["month"] == 24) & occ["state"].isin(["new", "repeat", "loyal"])]
count = buying["customers"].sum()
# END SOLUTION
# STUDENT: count = ____  # a number of customers
q5.check(count)

# %% [markdown]
# ## Question 6 · interpretation
#
# Which **single** lever raises the number of ordinary customers buying in the last month
# the most?
#
# * (a) twice the touch points (接触点) per prospect per month
# * (b) half the churn of every buying state
# * (c) twice the win-back (挽回) rate
#
# Try each change with `dataclasses.replace` or `scaled_churn`, then answer with a letter.

# %%
# BEGIN SOLUTION
from dataclasses import replace

levers = {
    "a": replace(scenario, acquisition=replace(scenario.acquisition,
                                               touch_points_per_month=2.0)),
    "b": scaled_churn(scenario, 0.5),
    "c": replace(scenario, lifecycle=replace(scenario.lifecycle, win_back=0.06)),
}
for key, changed in levers.items():
    print(key, evaluate(changed).summary.set_index("segment").loc["ordinary customers",
                                                                  "buying_end"])
answer = "b"
# END SOLUTION
# STUDENT: answer = ____  # "a", "b" or "c"
q6.check(answer)

# %% [markdown] tags=["trainer-only"]
# **For the trainer.** Q2 and Q6 make the same point from two sides: a flow is customers ×
# rate, and retention acts on the whole buying base every month. Q4 shows that churn
# compounds; Q5 introduces the binomial standard error used by every simulation check.
