"""Reproduce published numbers with :mod:`crmsim.model.markov`.

Each test names its source.  Where the printed publication could not be retrieved, the
docstring says so and names the secondary source the numbers were taken from; nothing here
is made up, and no tolerance is wider than the printed precision.
"""

from __future__ import annotations

import numpy as np
import pytest

from crmsim.model import BetaGeometricCohort, MarkovRewardProcess

# --------------------------------------------------------------------------------------
# 1. Pfeifer & Carraway (2000): recency-state customer migration model
# --------------------------------------------------------------------------------------


def recency_model(
    purchase_probability: list[float], reward: list[float], discount_rate: float
) -> MarkovRewardProcess:
    """Pfeifer & Carraway's recency chain.

    State k (k = 1..n) is "last purchase k periods ago"; a purchase (probability p_k) sends
    the customer back to state 1, no purchase moves them to state k+1; the last state never
    buys again (p_n = 0) and is absorbing.
    """
    n = len(purchase_probability)
    p = np.asarray(purchase_probability, dtype=float)
    transition = np.zeros((n, n))
    transition[:, 0] = p
    rows = np.arange(n)
    transition[rows, np.minimum(rows + 1, n - 1)] += 1.0 - p
    return MarkovRewardProcess(
        states=tuple(f"recency_{k}" for k in range(1, n + 1)),
        transition=transition,
        reward=reward,
        discount_rate=discount_rate,
    )


def test_pfeifer_carraway_recency_example_matrices():
    """Pfeifer & Carraway (2000) recency example: the P matrix and R vector.

    Source: P. E. Pfeifer & R. L. Carraway (2000), "Modeling customer relationships as
    Markov chains", Journal of Interactive Marketing 14(2):43-55, the recency (customer
    migration) example.  The printed paper was not retrievable from the search corpus; the
    example's inputs are taken from the reproduction in the GitHub repository
    GeorgeMarkov/Modeling-Customer-Relationships-as-Markov-Chains (README.md): purchase
    probabilities p_1..p_4 = 0.30, 0.20, 0.15, 0.05 by recency, net contribution
    NC = 40 and marketing cost M = 4 per period, d = 0.2, so R = (NC - M, -M, -M, -M, 0).
    (That reproduction's own V numbers are not used: its code omits the t = 0 term and
    the discount on P^1, and uses P^5 for the fourth term.)

    What is checked here is the P&C construction (rows of P, the absorbing fifth state)
    and that the infinite-horizon value V = (I - (1+d)^-1 P)^-1 R is the limit of the
    finite sums and satisfies V = R + (1+d)^-1 P V, which is P&C's equation for V.
    """
    mrp = recency_model([0.30, 0.20, 0.15, 0.05, 0.0], [36.0, -4.0, -4.0, -4.0, 0.0], 0.2)
    expected_p = np.array(
        [
            [0.30, 0.70, 0.00, 0.00, 0.00],
            [0.20, 0.00, 0.80, 0.00, 0.00],
            [0.15, 0.00, 0.00, 0.85, 0.00],
            [0.05, 0.00, 0.00, 0.00, 0.95],
            [0.00, 0.00, 0.00, 0.00, 1.00],
        ]
    )
    np.testing.assert_array_equal(mrp.transition, expected_p)
    assert mrp.absorbing_states() == ("recency_5",)
    v = mrp.value()
    np.testing.assert_allclose(v, mrp.reward + (mrp.transition @ v) / 1.2, rtol=1e-12)
    np.testing.assert_allclose(mrp.value(horizon=400), v, rtol=1e-12, atol=1e-12)
    assert v[-1] == 0.0
    # Marketing to a recency-4 customer loses money in expectation, as the reproduction's
    # note on dropping p_4 anticipates; a fresh buyer is worth more than one purchase's NC-M.
    assert v[3] < 0.0 < 36.0 < v[0]


def test_pfeifer_carraway_model_against_independent_implementation():
    """Cross-check against an independent implementation of the P&C migration model.

    Source for the P&C model: Pfeifer & Carraway (2000), Journal of Interactive Marketing
    14(2):43-55 (V = sum_t [(1+d)^-1 P]^t R and its infinite-horizon inverse).  The numbers
    are the expected values printed in the test suite of the open-source phpOMS library
    (GitHub Karaka-Management/phpOMS, tests/Business/Marketing/MetricsTest.php,
    ``testMigrationModel`` and ``testMailingSuccessEstimation``), whose Metrics class cites
    "Pfeifer and Carraway 2000".  They are not the paper's own printed figures.

    * ``migrationModel(0.1, [0.5, 0.2, 0.1, 0], [100, 0, 0, 0])`` -> 231.08, 57.29, 21.01, 0
      (infinite horizon).
    * ``calculateMailingSuccessEstimation(0.2, [0.3, 0.2, 0.05, 0], [36, -4, -4, 0])``
      -> 49.4, 2.69, -1.98, 0: that function sums t = 0..4, i.e. ``value(horizon=4)``.
    """
    infinite = recency_model([0.5, 0.2, 0.1, 0.0], [100.0, 0.0, 0.0, 0.0], 0.1).value()
    assert np.round(infinite, 2).tolist() == [231.08, 57.29, 21.01, 0.0]

    finite = recency_model([0.3, 0.2, 0.05, 0.0], [36.0, -4.0, -4.0, 0.0], 0.2).value(4)
    assert round(float(finite[0]), 1) == 49.4
    assert np.round(finite[1:], 2).tolist() == [2.69, -1.98, 0.0]


# --------------------------------------------------------------------------------------
# 2. Gupta & Lehmann (2003, 2005): the margin multiple
# --------------------------------------------------------------------------------------

RETENTION = (0.6, 0.7, 0.8, 0.9)
DISCOUNT = (0.08, 0.10, 0.12, 0.14, 0.16)

# Margin multiple r / (1 + i - r), rows = retention 60..90 %, columns = discount 8..16 %,
# to 2 decimals.  NOT transcribed from the printed table (see the test docstring).
MARGIN_MULTIPLE_TABLE = (
    (1.25, 1.20, 1.15, 1.11, 1.07),
    (1.84, 1.75, 1.67, 1.59, 1.52),
    (2.86, 2.67, 2.50, 2.35, 2.22),
    (5.00, 4.50, 4.09, 3.75, 3.46),
)


def alive_lost(retention: float, margin: float, rate: float) -> MarkovRewardProcess:
    return MarkovRewardProcess(
        states=("alive", "lost"),
        transition=[[retention, 1.0 - retention], [0.0, 1.0]],
        reward=[margin, 0.0],
        discount_rate=rate,
    )


@pytest.mark.parametrize("retention", RETENTION)
@pytest.mark.parametrize("rate", DISCOUNT)
def test_gupta_lehmann_margin_multiple_identity(retention, rate):
    """CLV = m * r / (1 + i - r) (Gupta & Lehmann 2003, 2005).

    Source: S. Gupta & D. R. Lehmann (2003), "Customers as assets", Journal of Interactive
    Marketing 17(1):9-24; S. Gupta & D. R. Lehmann (2005), Managing Customers as
    Investments, Wharton School Publishing.  Their CLV of an existing customer counts
    margins at the END of each future period (the current period's margin is not
    included); the chain pays margins at the START of each period and counts period 0, so
    value(alive) = m (1 + i) / (1 + i - r) = m + m r / (1 + i - r).
    """
    m = 250.0
    value = alive_lost(retention, m, rate).value()
    assert value[0] - m == pytest.approx(m * retention / (1 + rate - retention), rel=1e-12)
    assert value[1] == 0.0


def test_gupta_lehmann_margin_multiple_table():
    """The margin-multiple table (retention 60-90 %, discount 8-16 %) to 2 decimals.

    Source: Gupta & Lehmann (2003), "Customers as assets", Journal of Interactive
    Marketing 17(1):9-24, margin-multiple table; also Gupta & Lehmann (2005), Managing
    Customers as Investments.  UNVERIFIED TRANSCRIPTION: the printed table could not be
    retrieved from the search corpus, so ``MARGIN_MULTIPLE_TABLE`` holds r / (1 + i - r)
    rounded to 2 decimals by hand; this test therefore checks the chain against the
    formula's table, not against the printed page.
    """
    for row, retention in zip(MARGIN_MULTIPLE_TABLE, RETENTION, strict=True):
        for printed, rate in zip(row, DISCOUNT, strict=True):
            multiple = alive_lost(retention, 1.0, rate).value()[0] - 1.0
            assert round(multiple, 2) == printed, (retention, rate, multiple)


# --------------------------------------------------------------------------------------
# 3. Fader & Hardie (2007): shifted-beta-geometric fits to the "Regular" and "High End"
#    cohorts
# --------------------------------------------------------------------------------------

# Survivors of 1000 customers at years 0..12 (Fader & Hardie 2007, Table 1).
REGULAR = (1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173)
HIGH_END = (1000, 869, 743, 653, 593, 551, 517, 491, 468, 445, 427, 409, 394)
PUBLISHED_MLE = {"regular": (0.704, 1.182), "high_end": (0.668, 3.806)}


@pytest.mark.parametrize(("cohort", "survivors"), [("regular", REGULAR), ("high_end", HIGH_END)])
def test_fader_hardie_2007_sbg_mle(cohort, survivors):
    """MLE of the sBG on years 0-7 reproduces the published estimates to 3 decimals.

    Source: P. S. Fader & B. G. S. Hardie (2007), "How to project customer retention",
    Journal of Interactive Marketing 21(1):76-90; survivor data in Table 1 (p. 3 of the
    working paper), estimates in the text (p. 7): Regular alpha = 0.704, beta = 1.182;
    High End alpha = 0.668, beta = 3.806, fitted to the first 7 renewal years (8 points).
    The paper was not retrievable directly; the data and estimates are as transcribed in
    the pymc-marketing test suite (tests/clv/models/test_shifted_beta_geo.py, citing Table 1
    p. 3 and p. 7), several independent R/Stan replications, and the first five regular
    counts also in Fader & Hardie (2014), "A spreadsheet-literate non-statistician's guide
    to the beta-geometric model", Table 1.  Fitting the 8 points here lands on the same
    values to the printed 3 decimals, which corroborates both the data and the estimates.
    """
    fitted = BetaGeometricCohort.fit(survivors[:8])
    alpha, beta = PUBLISHED_MLE[cohort]
    assert round(fitted.alpha, 3) == alpha
    assert round(fitted.beta, 3) == beta


@pytest.mark.parametrize(
    ("cohort", "survivors", "worst"),
    [("regular", REGULAR, 0.007), ("high_end", HIGH_END, 0.019)],
)
def test_fader_hardie_2007_survival_tracks_observed(cohort, survivors, worst):
    """S(t) at the published parameters tracks the observed survival share, years 0-12.

    Source: Fader & Hardie (2007), Journal of Interactive Marketing 21(1):76-90, Table 1
    data and the p. 7 estimates (see the previous test).  The paper shows the fit
    graphically (calibration years 1-7, forecast years 8-12) and prints no per-year model
    numbers, so the bound here is this implementation's own worst absolute gap (regular
    0.0061 at year 4; high end 0.0183 at year 1), rounded up, not a published tolerance.
    It pins the curve, including the five hold-out years.
    """
    alpha, beta = PUBLISHED_MLE[cohort]
    c = BetaGeometricCohort(alpha=alpha, beta=beta)
    observed = np.asarray(survivors, dtype=float) / 1000.0
    gap = np.abs(c.survival(np.arange(13)) - observed)
    assert gap.max() <= worst
    assert gap[0] == 0.0


def test_fader_hardie_2007_retention_rises_with_tenure():
    """Cohort-level retention r_t = (beta + t - 1)/(alpha + beta + t - 1) increases in t.

    Source: Fader & Hardie (2007), Journal of Interactive Marketing 21(1):76-90, eq. (8)
    and their observation that the sBG explains rising aggregate retention by sorting.
    Checked at the published Regular-cohort estimates; r_1 = 1.182 / 1.886.
    """
    c = BetaGeometricCohort(alpha=0.704, beta=1.182)
    r = c.retention_rate(np.arange(1, 13))
    assert (np.diff(r) > 0).all()
    assert r[0] == pytest.approx(1.182 / 1.886, rel=1e-12)


# --------------------------------------------------------------------------------------
# 4. Fader & Hardie (2010): discounted expected residual lifetime (DERL)
# --------------------------------------------------------------------------------------

# Table 3, d = 0.10, for a customer who has made n - 1 renewals, n = 1..5.
DERL_CASE1 = (3.31, 3.45, 3.59, 3.72, 3.84)  # alpha = 3.80, beta = 15.20
DERL_CASE2 = (7.68, 9.46, 9.86, 10.06, 10.19)  # alpha = 0.067, beta = 0.267 (printed)


def test_fader_hardie_2010_derl_case1():
    """DERL, Case 1 (alpha = 3.80, beta = 15.20, d = 10 %), to the printed 2 decimals.

    Source: P. S. Fader & B. G. S. Hardie (2010), "Customer-base valuation in a
    contractual setting: the perils of ignoring heterogeneity", Marketing Science
    29(1):85-93, eq. (6) and Table 3 (DERL for n = 1..5, i.e. 0..4 renewals made).  The
    paper was not retrievable directly; the Table 3 values and parameters are as
    transcribed in the pymc-marketing test suite (tests/clv/models/test_shifted_beta_geo.py,
    "Table 3, pg(5)"; parameters "pg(4)").
    """
    c = BetaGeometricCohort(alpha=3.80, beta=15.20)
    derl = [c.discounted_expected_residual_lifetime(0.10, k) for k in range(5)]
    assert [round(x, 2) for x in derl] == list(DERL_CASE1)


def test_fader_hardie_2010_derl_case2():
    """DERL, Case 2 (printed alpha = 0.067, beta = 0.267, d = 10 %), to 2 decimals.

    Source: Fader & Hardie (2010), Marketing Science 29(1):85-93, Table 3 (values as
    transcribed in pymc-marketing, see Case 1).  With the printed, rounded parameters two of
    the five entries come out 0.01 low (7.67 for 7.68, 9.85 for 9.86).  Both cases share a
    first-period retention rate of 0.8 (beta / (alpha + beta) = 15.2 / 19 exactly in Case 1),
    and the printed Case 2 values are the 3-decimal roundings of alpha = 1/15 and
    beta = 4/15 (mean churn 0.2, alpha + beta = 1/3); with those unrounded values all five
    printed entries are reproduced exactly.  That alpha = 1/15, beta = 4/15 is the authors'
    setting is our inference from this agreement, not something read in the paper.
    """
    assert (round(1 / 15, 3), round(4 / 15, 3)) == (0.067, 0.267)
    exact = BetaGeometricCohort(alpha=1 / 15, beta=4 / 15)
    derl = [exact.discounted_expected_residual_lifetime(0.10, k) for k in range(5)]
    assert [round(x, 2) for x in derl] == list(DERL_CASE2)

    printed = BetaGeometricCohort(alpha=0.067, beta=0.267)
    rounded = [round(printed.discounted_expected_residual_lifetime(0.10, k), 2) for k in range(5)]
    assert rounded == [7.67, 9.46, 9.85, 10.06, 10.19]
