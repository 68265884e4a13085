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
# # 04 · When does a relationship become luxurious (奢侈的)?
#
# Building a relationship consumes resources. The texts say: **if the resources spent
# exceed what the firm gains, the relationship is luxurious (奢侈的)**. crmsim makes that an
# economic verdict, one step up the ladder at a time: a level is luxurious for a segment
# when its *extra* discounted cost over the next cheaper level is larger than the *extra*
# discounted return it brings (see `docs/luxury.md`).
#
# The texts also state a rule for *where* the deep levels belong. Partnership (合作伙伴关系)
# or above is appropriate only where
#
# 1. supplier and customer are **important to each other** (彼此具有重要意义),
# 2. **neither side's bargaining power** (谈判能力) can fully control the other,
# 3. they **need each other**, and
# 4. **switching costs** (转移成本) are high;
#
# for most customers the **preferred-supplier** level (优先供应关系) is enough.
#
# crmsim does not contain that rule. Its map of "which level pays" comes from mechanisms:
# relationship costs and account-manager time, retention, concessions, value created
# jointly and who captures it. So we can *check the rule against the map*.

# %% [markdown]
# ## The frontier map
#
# Each point of the map is one segment with a given mutual importance (x) and switching
# cost (y), evaluated exactly at all four levels by the analytic engine; the colour is the
# level that earns most per customer. The sliders hold the other characteristics fixed:
# how much the two sides need each other (mutual need), the customer's bargaining power,
# the size of the customer (annual wallet), what an
# account manager (客户经理) costs per hour, and the discount rate. The segment is mapped
# alone with unlimited staff; competition for account managers is notebook 05.
#
# Below the map: break-even read-outs ("partnership pays for key accounts only while …"),
# and the textbook rule compared with the map. The button runs a few SimPy replications at
# the three `+` points, to show that the map is not an artefact of the analytic engine.

# %%
from crmsim.views.fonts import show_notebook_font

show_notebook_font()  # Chinese text draws on any machine / 没有中文字体也能显示中文

# %%
import dataclasses

import numpy as np
import pandas as pd
from IPython.display import display

from crmsim.scenario.presets import preset
from crmsim.views.widgets import luxury_map_explorer

scenario = preset("classroom")
explorer = luxury_map_explorer(scenario, segment="key accounts")
display(explorer)

# %% [markdown]
# ## The same analysis without the widget
#
# One segment alone, with unlimited staff (so the map is a fast batch computation):

# %%
from crmsim.analysis import break_even, luxury_verdicts
from crmsim.analysis.frontier import frontier_map
from crmsim.language.translate import display_frame

key = scenario.segment("key accounts")
alone = dataclasses.replace(
    scenario, segments=(key,), plan={key.name: "preferred"},
    staff=dataclasses.replace(scenario.staff, n_account_managers=None),
    complaints=dataclasses.replace(scenario.complaints, n_staff=None),
)
display_frame(luxury_verdicts(alone)[["level", "cheaper_level", "extra_cost", "extra_return",
                                      "luxury_ratio", "verdict"]]).round(2)

# %%
for parameter in ("mutual_importance", "switching_cost", "mutual_need", "customer_power"):
    print(break_even(alone, level="partnership", parameter=parameter).statement)
print(break_even(alone, level="partnership", parameter="annual_wallet",
                 bounds=(1_000, 3_000_000)).statement)
print(break_even(alone, level="alliance", parameter="switching_cost").statement)

# %% [markdown]
# ## Checking the textbook rule against the map
#
# Read "high" as at least 0.6 on the 0–1 scales and "balanced power" as a customer power
# between 0.3 and 0.7. The textbook corner is then mutual importance ≥ 0.6 *and* switching
# cost ≥ 0.6, with balanced power. For a range of bargaining-power balances we ask:
#
# * how much of the map has partnership or above as its best level,
# * how much of *that* region lies in the textbook corner (is the rule's corner where the
#   deep levels pay?),
# * how much of the corner is partnership territory (does the rule's corner always pay?).

# %%
HIGH, BALANCED = 0.6, (0.3, 0.7)


def rule_vs_map(scen, customer_power, **fixed):
    fmap = frontier_map(scen, n_points=30, fixed={"customer_power": customer_power, **fixed})
    xx, yy = np.meshgrid(fmap.x, fmap.y)
    corner = (xx >= HIGH) & (yy >= HIGH)
    deep = fmap.at_least("partnership")
    balanced = BALANCED[0] <= customer_power <= BALANCED[1]
    return {
        "partnership or above best (share of map)": deep.mean(),
        "of which in the textbook corner": (deep & corner).sum() / max(deep.sum(), 1),
        "corner that is partnership or above": (deep & corner).sum() / corner.sum(),
        "rule and map agree": ((corner & balanced) == deep).mean(),
    }


powers = (0.1, 0.3, 0.5, 0.7, 0.9)
checks = pd.DataFrame([rule_vs_map(alone, cp) for cp in powers],
                      index=pd.Index(powers, name="customer_power"))
display_frame(checks).round(2)

# %% [markdown]
# **Read the table.** The first column is how much of the map has partnership or above as
# its best level, the second how much of that region lies in the textbook corner, the
# third whether the corner itself pays. Compare the rows: the deep levels pay over the
# largest area around balanced bargaining power, and shrink when either side dominates —
# a dominant customer takes the value created jointly, a dominant supplier leaves the
# customer too little to stay for (the customer's gain is what makes it loyal, notebook 03).
# Nothing in the model encodes this: it follows from the joint potential
# `mutual importance × mutual need × switching cost × 4p(1 − p)` (`docs/economics.md`).
#
# **Which levels, where?** The share of the map each level wins, for the key accounts as
# they are and with a low and a full mutual need (the texts' third condition, 彼此需要):

# %%
def regions(scen, **fixed):
    fmap = frontier_map(scen, n_points=30, fixed=fixed)
    return {level: fmap.region(level).mean() for level in scen.level_names}


needs = pd.DataFrame({f"mutual need {need}": regions(alone, mutual_need=need)
                      for need in (0.3, key.mutual_need, 1.0)}).T
display_frame(needs).round(2)

# %%
best = needs.idxmax(axis=1)
deep = needs[["partnership", "alliance"]].sum(axis=1)
print(f"At mutual need {key.mutual_need}, alliance is the best level on "
      f"{needs.iloc[1]['alliance']:.0%} of the map and partnership or above on "
      f"{deep.iloc[1]:.0%}; at mutual need 0.3, partnership or above on {deep.iloc[0]:.0%}.")

# %% [markdown]
# The strategic alliance (战略联盟) wins only in a corner where mutual importance and
# switching cost are both very high, and only for a pair that needs each other: there its
# joint growth and supply-chain savings outweigh the capital, the joint organisation and
# the price both sides pay when it ends. Everywhere else it is luxurious.
#
# **Size no longer decides on its own.** Set-up, running cost and manager time grow with
# the account, so above a certain size the map hardly changes; only small customers are
# held back by the floors of the costs:

# %%
wallets = (50_000.0, 200_000.0, 500_000.0, 1_000_000.0, 2_000_000.0)
sizes = pd.DataFrame([rule_vs_map(alone, 0.5, annual_wallet=wallet) for wallet in wallets],
                     index=pd.Index(wallets, name="annual_wallet"))
display_frame(sizes).round(2)

# %% [markdown]
# The map for the "important customers" segment (24,000 a year each, mutual importance,
# need and switching cost 0.4): the preferred-supplier level is enough almost everywhere,
# as the texts say for most customers. Partnership needs both conditions near their top.

# %%
from crmsim.views.luxury_plots import plot_frontier

important = scenario.segment("important customers")
important_alone = dataclasses.replace(alone, segments=(important,),
                                      plan={important.name: "preferred"})
fig = plot_frontier(frontier_map(important_alone, n_points=30,
                                 fixed={"annual_wallet": important.annual_wallet}))

# %% [markdown]
# ## Where alliance pays: a strategic pair
#
# The `b2b_supplier` preset has a segment of **important customers** that matter to the
# firm and depend on it (mutual importance, need and switching cost 0.9, balanced power,
# 1.5 M a year). Which level earns most for each segment of that preset, with its own
# account managers?

# %%
from crmsim.analysis import best_levels

b2b = preset("b2b_supplier")
display_frame(best_levels(b2b)).round(0)

# %%
pair = b2b.segment_alone("important customers", level="preferred", unlimited_staff=True)
wallet = pair.segment("important customers").annual_wallet
fig = plot_frontier(frontier_map(pair, n_points=30, fixed={"annual_wallet": wallet}))

# %% [markdown]
# ## Scenario discovery: every condition at once
#
# The map shows two conditions at a time, the others held. **Scenario discovery** samples
# the texts' four conditions plus size together (2,000 key accounts that differ in mutual
# importance, mutual need, bargaining power, switching cost and annual wallet), evaluates
# every level at each of them, and lets PRIM find the *box*, ranges of those traits, where
# partnership pays. *Coverage* is the share of all paying points inside the box, *density*
# the share of the box's points that pay; the trajectory on the left shows every box PRIM
# passed through, from the whole space (right) to a small, pure box (top). Then the texts'
# rule is scored on the same points. Press the button (a few seconds); change the seed to
# see how stable the box is (`docs/discovery.md`).

# %%
import ipywidgets as widgets
import matplotlib.pyplot as plt

from crmsim.analysis.discovery import box_text, compare_with_rule, discover
from crmsim.common.extras import MissingExtraError
from crmsim.views.discovery_plots import plot_box, plot_trajectory

n_points = widgets.IntSlider(value=2000, min=200, max=5000, step=200, description="points")
seed = widgets.IntText(value=0, description="seed")
run = widgets.Button(description="run discovery", button_style="primary")
found_box = widgets.Output()


def run_discovery(_=None):
    found_box.outputs = ()
    try:
        found = discover(alone, level="partnership", outcome="pays",
                         n_points=n_points.value, seed=seed.value)
    except MissingExtraError as missing:  # PRIM comes with pip install "crmsim[discovery]"
        found_box.append_stdout(f"{missing}\n")
        return
    fig, (left, right) = plt.subplots(1, 2, figsize=(15, 6), layout="constrained")
    plot_trajectory(found, ax=left)
    plot_box(found, ax=right)
    plt.close(fig)
    found_box.append_stdout(f"{box_text(found)}\n{compare_with_rule(found).text()}\n")
    found_box.append_display_data(fig)


run.on_click(run_discovery)
display(widgets.HBox([n_points, seed, run]), found_box)
run_discovery()

# %% [markdown]
# **Read it.** Which traits does the box restrict, and in which order (most significant
# first)? Where does the texts' rule (dotted) sit inside the found box (solid)? Its false
# "luxurious" share is the customers for whom partnership pays although the rule says it
# should not: the rule is cautious, not wrong, where the model's box is larger than its
# corner.

# %% [markdown]
# ## Things to notice
#
# * Partnership and above pay only where mutual importance (彼此具有重要意义) *and*
#   switching cost (转移成本) are fairly high: the boundary runs roughly along a curve
#   `mutual importance × switching cost ≈ constant`, not along one axis.
# * A dominant customer (power 0.7 and above) shrinks the partnership region; so does a
#   dominant supplier. Condition 2 of the rule emerges on both sides.
# * Mutual need (彼此需要) widens the partnership region and opens the alliance corner.
# * The strategic alliance (战略联盟) pays only in that corner, for a strategic pair; for
#   most customers it is the most luxurious level of all.
# * The simulation check agrees with the analytic map within its (wide) intervals: a few
#   replications are enough to see the ranking, not to resolve close calls.
#
# ## Things to try
#
# 1. Raise the **account-manager cost per hour** to 200. Where does the frontier move, and
#    which break-even read-out changes most?
# 2. Lower the **annual wallet** step by step. Below which size does partnership disappear
#    from the map? Above which size does the map stop changing? Why (set-up and manager
#    time grow with the account, `docs/defaults.md`)?
# 3. Move **mutual need** from 0 to 1. When does the alliance corner appear?
# 4. Set the **discount rate** to 0.25. Why do relationship investments that pay back
#    slowly suffer most?
# 5. Move the **customer's bargaining power** from 0 to 1 in steps. Is the partnership
#    region largest at 0.5? What does that say about condition 2 of the rule?
# 6. Press **check with simulation** with 2 and then 20 replications. How do the
#    intervals change?
# 7. Run **discovery** with seeds 0, 1 and 2. Which limits of the box stay, which move?
#    Pick a simpler box from the trajectory: how much density do you lose?
