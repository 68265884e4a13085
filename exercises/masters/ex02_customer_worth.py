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
# # Exercise 02 · What a customer is worth (客户终身价值)
#
# Companion to notebook `02_customer_worth`. The texts: a customer who spends **500** on a
# first purchase may buy about 5,000 a year and bring in others worth another 5,000 a year
# by word of mouth (口碑): 10,000 a year for ten years is **100,000**. Here you correct that
# arithmetic, find a break-even retention budget, and look at the spread of simulated
# customer values.
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

from crmsim import evaluate, simulate
from crmsim.analysis.teaching import lifetime_value_arithmetic, lifetime_value_steps
from crmsim.classroom.exercises.ex02_customer_worth import (
    RETAIL,
    important_alone,
    q1,
    q2,
    q3,
    q4,
    q5,
    q6,
)
from crmsim.classroom.feedback import ____
from crmsim.language.translate import display_frame

print(lifetime_value_arithmetic().total)  # the texts' 100,000

# %% [markdown]
# ## Question 1 · computation
#
# What is the texts' customer (10,000 a year for ten years) worth today at a **10 %**
# discount rate? Cash of each year is paid at its start, as everywhere in crmsim.

# %%
# BEGIN SOLUTION
clv = lifetime_value_arithmetic(discount_rate=0.10).total
# END SOLUTION
# STUDENT: clv = ____  # a number
q1.check(clv)

# %%
# q1.hint()
# q1.solution()

# %% [markdown]
# ## Question 2 · computation
#
# A typical retail case, `RETAIL`: only **30 %** of each sale is margin, keeping the
# customer costs **1,000** a year, **15 %** of the customers still buying stop each year,
# and money is discounted at **10 %**. What is the customer worth now?

# %%
print(RETAIL)

# %%
# BEGIN SOLUTION
clv = lifetime_value_arithmetic(**RETAIL).total
print(display_frame(lifetime_value_steps(**RETAIL)).round(0))
# END SOLUTION
# STUDENT: clv = ____  # a number
q2.check(clv)

# %% [markdown]
# ## Question 3 · break-even
#
# Churn is **20 %** a year (margin 30 %, cost to serve 1,000 a year, discount 10 %). A
# retention effort would halve churn to **10 %**. Its cost is added to the yearly cost to
# serve. What is the **most it may cost per customer per year** before it stops paying?

# %%
# BEGIN SOLUTION
base = dict(gross_margin=0.3, discount_rate=0.10)
before = lifetime_value_arithmetic(**base, cost_to_serve=1_000, churn=0.2).total


def gain(extra):
    after = lifetime_value_arithmetic(**base, cost_to_serve=1_000 + extra, churn=0.1)
    return after.total - before


break_even = brentq(gain, 0, 10_000)
# END SOLUTION
# STUDENT: break_even = ____  # currency per customer per year
q3.check(break_even)

# %% [markdown]
# ## Question 4 · predict, then run
#
# Keep the texts' 10,000 a year and the 10 % discount rate, but count **30 years**
# instead of 10. What is the customer worth? Guess first, record the guess, then reveal.

# %%
# BEGIN SOLUTION
guess = 150_000
# END SOLUTION
# STUDENT: guess = ____  # your prediction: a number
q4.check(guess)

# %%
q4.reveal()

# %% [markdown]
# ## Question 5 · simulation
#
# `important_alone()` is the classroom's **important customers** on their own: 10,000 of
# them at the preferred-supplier level, no referrals, unlimited staff. Simulate them with
# the SimPy engine (any seed) and report the **mean discounted value per customer**.
# The checker accepts any run within 4 standard errors of the analytic expectation.

# %%
# BEGIN SOLUTION
sim = simulate(important_alone(), seed=3)
mean_value = sim.summary["value_per_customer"].iloc[0]
# END SOLUTION
# STUDENT: mean_value = ____  # currency per customer
q5.check(mean_value)

# %% [markdown]
# ## Question 6 · interpretation
#
# Look at the distribution of `sim.customers["discounted_value"]` in your run (a
# histogram, or `.describe()`). The **median** customer is worth less than the
# **mean**. Why?
#
# * (a) a few long-lived, large customers carry the average: values are skewed
# * (b) the simulation is biased low
# * (c) discounting lowers the median but not the mean
# * (d) the median leaves out customers who churned

# %%
# BEGIN SOLUTION
print(sim.customers["discounted_value"].describe().round(0))
answer = "a"
# END SOLUTION
# STUDENT: answer = ____  # a letter
q6.check(answer)

# %% [markdown] tags=["trainer-only"]
# **For the trainer.** Q1–Q3 reproduce the waterfall of notebook 02 by hand; Q3 is the
# same break-even logic as the luxury verdicts of notebook 04 (extra cost against extra
# return). Q5–Q6 connect the analytic mean to the simulated spread.
