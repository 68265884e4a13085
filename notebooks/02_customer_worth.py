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
# # 02 · What a customer is worth (客户终身价值)
#
# The texts tell it like this: a customer who spends only **500** on a first purchase may go
# on to buy 4,000–5,000 a year, and by word of mouth (口碑) bring in others worth about
# another 5,000 a year. About 10,000 a year for ten years is **100,000**. Treat a customer
# as worth 100,000 and your staff will treat them so — a self-fulfilling prophecy.
#
# That is *customer lifetime value* (CLV, 客户终身价值). The arithmetic is right, but it
# counts sales, not profit, and it assumes the customer stays ten years and that money in
# ten years is worth as much as money today. Below, switch on the corrections one by one:
#
# * **gross margin** — only part of each sale is earned;
# * **cost to keep the customer** — service, care, account management, every year;
# * **churn** (流失率) — each year some customers stop buying;
# * **discounting** — money later is worth less than money now.

# %%
from crmsim.views.fonts import show_notebook_font

show_notebook_font()  # Chinese text draws on any machine / 没有中文字体也能显示中文

# %%
from IPython.display import display

from crmsim.analysis.teaching import lifetime_value_arithmetic, lifetime_value_steps
from crmsim.language.translate import display_frame
from crmsim.views.widgets import customer_worth_explorer

worth = customer_worth_explorer()
display(worth)

# %% [markdown]
# The same arithmetic as plain function calls (a typical retail case: 30 % margin, 1,000 a
# year to look after the customer, 15 % churn a year, 10 % discount rate):

# %%
print(lifetime_value_arithmetic().total)  # the texts' 100,000
display_frame(lifetime_value_steps(gross_margin=0.3, cost_to_serve=1_000, churn=0.15,
                                   discount_rate=0.10)).round(0)

# %% [markdown]
# ## From one number to a distribution
#
# The arithmetic gives one customer's value. Real customers differ: some leave in the first
# months, some stay for years and grow. The **analytic engine** gives the *expected* value
# of a customer of a segment; the **SimPy engine** simulates customers one by one, so you
# see the whole spread. Press **simulate**.

# %%
from crmsim.scenario.presets import preset
from crmsim.views.widgets import clv_distribution_explorer

distribution = clv_distribution_explorer(preset("classroom"), segment="important customers",
                                         n_customers=300, seed=1)
display(distribution)

# %%
distribution.display_table().round(0)

# %% [markdown]
# ## Things to notice
#
# * With the texts' numbers the customer is worth 200 × the first purchase. Margin alone
#   takes most of that away; the 100,000 was *sales*, not value.
# * Churn and discounting compound: each hurts most in the late years, so together they
#   cut far more than either alone.
# * The simulated mean sits close to the analytic expectation (within the 95 % interval),
#   but the *median* customer is worth much less than the mean: a few long-lived customers
#   carry the average, and some customers are worth less than nothing.
#
# ## Things to try
#
# 1. Keep the texts' numbers and raise **churn** to 0.2. How many years does the "ten-year
#    customer" really last on average? (Hint: 1 / churn.)
# 2. With churn at 0.2, is it worth spending 1,000 a year more on keeping the customer if
#    that halves churn to 0.1? Compare the two totals.
# 3. Set **years** to 30 with a 10 % discount rate. Why does the value hardly grow after
#    year 15?
# 4. In the simulation, switch the level from *preferred* to *transactional*, then to
#    *partnership*. What happens to the spread, and to the share of customers with a
#    negative value?
# 5. Simulate 60 customers with different seeds. How much does the simulated mean move?
