"""The engines' result frames, held against frames built row by row from the same arrays.

The engines build each frame once from arrays (:mod:`crmsim.engines.results`) and sum cash lines
per customer from whole blocks (:func:`crmsim.engines.lines.lines_per_customer`); here every
frame is rebuilt the plain way (one record per row, pandas' own type inference, a groupby on
the text keys) and must come out with the same columns, order, index, dtypes and numbers.
Numbers the engines copy from their arrays must match exactly; a number the reference sums
in another order (profit as a signed sum of the lines, a total over months) may differ by
floating-point rounding only (``RTOL``, twelve digits).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from crmsim import ComplaintDesk, Staff, evaluate, preset
from crmsim.engines.analytic import (
    expected_months_to_churn,
    matrix_powers,
    segment_chain,
    segment_outlook,
)
from crmsim.engines.lines import COST_LINES, RETURN_LINES, lines_per_customer
from crmsim.engines.results import STAFF_ROLES, clv_frame, result_frames, staff_frame
from crmsim.engines.simulation import simulate
from crmsim.model.mechanisms import CASH_COMPONENTS, CASH_SIGNS, segment_dynamics
from crmsim.scenario.levers import LostCustomerAnalysis
from crmsim.scenario.states import BUYING_STATES, STATES

RTOL = 1e-12
PAIRS = [
    ("ordinary", "transactional"),
    ("key accounts", "alliance"),
    ("prospects", "transactional"),
]


def _arrays(seed: int = 7, n_months: int = 5):
    rng = np.random.default_rng(seed)
    occupancy = rng.uniform(0.0, 100.0, (len(PAIRS), n_months, len(STATES)))
    cash = rng.uniform(0.0, 1e4, (len(PAIRS), n_months, len(CASH_COMPONENTS)))
    return occupancy, cash


def test_result_frames_equal_frames_built_row_by_row():
    occupancy, cash = _arrays()
    rate, start, served = 0.01, np.array([40.0, 0.0, 7.0]), np.array([1.0, 0.5, 0.25])
    occ_df, cash_df, summary = result_frames(PAIRS, occupancy, cash, rate, start, served)

    occ_rows, cash_rows, summary_rows = [], [], []
    for g, (segment, level) in enumerate(PAIRS):
        discounted = 0.0
        for t in range(occupancy.shape[1]):
            for s, state in enumerate(STATES):
                occ_rows.append(
                    {
                        "segment": segment,
                        "level": level,
                        "month": t,
                        "state": state,
                        "customers": occupancy[g, t, s],
                    }
                )
            lines = dict(zip(CASH_COMPONENTS, cash[g, t], strict=True))
            profit = sum(amount * sign for amount, sign in zip(cash[g, t], CASH_SIGNS, strict=True))
            factor = 1.0 / (1.0 + rate) ** t
            cash_rows.append(
                {
                    "segment": segment,
                    "level": level,
                    "month": t,
                    **lines,
                    "profit": profit,
                    "discount_factor": factor,
                    "discounted_profit": profit * factor,
                }
            )
            discounted += profit * factor
        buying = [sum(occupancy[g, t, STATES.index(b)] for b in BUYING_STATES) for t in range(5)]
        summary_rows.append(
            {
                "segment": segment,
                "level": level,
                "customers_start": start[g],
                "discounted_profit": discounted,
                "buying_end": buying[-1],
                "buying_months": sum(buying),
                "value_per_customer": discounted / start[g] if start[g] else np.nan,
                "served_fraction": served[g],
            }
        )
    pd.testing.assert_frame_equal(occ_df, pd.DataFrame(occ_rows), check_exact=True)
    plain = ["segment", "level", "month", *CASH_COMPONENTS]
    pd.testing.assert_frame_equal(cash_df[plain], pd.DataFrame(cash_rows)[plain], check_exact=True)
    pd.testing.assert_frame_equal(cash_df, pd.DataFrame(cash_rows), rtol=RTOL)
    pd.testing.assert_frame_equal(summary, pd.DataFrame(summary_rows), rtol=RTOL)


def test_result_frames_read_arrays_of_any_memory_layout_alike():
    occupancy, cash = _arrays()
    args = (0.01, np.array([40.0, 5.0, 7.0]), np.ones(3))
    contiguous = result_frames(PAIRS, occupancy, cash, *args)
    # the same numbers in arrays whose months run along the slowest axis in memory
    strided = result_frames(
        PAIRS,
        np.moveaxis(np.ascontiguousarray(np.moveaxis(occupancy, 1, 0)), 0, 1),
        np.moveaxis(np.ascontiguousarray(np.moveaxis(cash, 1, 0)), 0, 1),
        *args,
    )
    for left, right in zip(contiguous, strided, strict=True):
        pd.testing.assert_frame_equal(left, right, check_exact=True)


@pytest.mark.parametrize(("managers", "handlers"), [(3, 2), (3, None), (None, 2), (None, None)])
def test_staff_frame_equals_rows_built_one_by_one(managers, handlers):
    scenario = dataclasses.replace(
        preset("classroom"),
        horizon_months=4,
        staff=Staff(n_account_managers=managers),
        complaints=ComplaintDesk(n_staff=handlers),
    )
    worked = {
        "account_managers": [10.0, 900.0, 0.0, 37.5],
        "complaint_desk": [1.0, 2.0, 500.0, 0.0],
    }
    frame = staff_frame(
        scenario, np.array(worked["account_managers"]), np.array(worked["complaint_desk"])
    )
    rows = []
    staff, desk = scenario.staff, scenario.complaints
    limits = {
        "account_managers": (managers, staff.hours_per_manager_per_month, staff.cost_per_hour),
        "complaint_desk": (handlers, desk.hours_per_handler_per_month, desk.cost_per_hour),
    }
    for role in STAFF_ROLES:
        n, hours, cost = limits[role]
        if n is None:
            continue
        for t, done in enumerate(worked[role]):
            payroll = n * hours * cost
            idle = max(payroll - done * cost, 0.0)
            factor = (1.0 + scenario.monthly_discount_rate) ** -float(t)
            rows.append(
                {
                    "role": role,
                    "month": t,
                    "paid_hours": float(n * hours),
                    "worked_hours": done,
                    "payroll": payroll,
                    "worked_cost": done * cost,
                    "idle_cost": idle,
                    "discount_factor": factor,
                    "discounted_idle_cost": idle * factor,
                }
            )
    if not rows:
        assert frame.empty
        assert list(frame.columns) == [
            "role",
            "month",
            "paid_hours",
            "worked_hours",
            "payroll",
            "worked_cost",
            "idle_cost",
            "discount_factor",
            "discounted_idle_cost",
        ]
        return
    pd.testing.assert_frame_equal(frame, pd.DataFrame(rows), rtol=RTOL)
    exact = ["role", "month", "paid_hours", "worked_hours", "payroll", "worked_cost", "idle_cost"]
    pd.testing.assert_frame_equal(frame[exact], pd.DataFrame(rows)[exact], check_exact=True)


def test_clv_frame_equals_rows_built_one_by_one():
    rng = np.random.default_rng(3)
    clv, everyone, months = (rng.uniform(-50.0, 5e3, (len(PAIRS), len(STATES))) for _ in range(3))
    rows = [
        {
            "segment": segment,
            "level": level,
            "start_state": state,
            "clv": clv[g, s],
            "clv_with_referrals": everyone[g, s],
            "expected_months_to_churn": months[g, s],
        }
        for g, (segment, level) in enumerate(PAIRS)
        for s, state in enumerate(STATES)
    ]
    pd.testing.assert_frame_equal(
        clv_frame(PAIRS, clv, everyone, months), pd.DataFrame(rows), check_exact=True
    )


def test_months_to_churn_under_staff_limits_follow_each_segments_served_share():
    scenario = preset("classroom")
    res = evaluate(scenario)
    assert 0.0 < res.extra["complaints_in_time"] < 1.0  # the desk's factor is in play
    served = res.summary["served_fraction"].to_numpy()
    assert (served < 1.0).any()  # so is neglect
    chains = [
        segment_chain(
            segment_dynamics(scenario, segment, level),
            served_fraction=float(share),
            handled_well_factor=res.extra["complaints_in_time"],
        )
        for segment, level, share in zip(
            res.summary["segment"], res.summary["level"], served, strict=True
        )
    ]
    months = expected_months_to_churn(np.concatenate([chain.transition for chain in chains]))
    np.testing.assert_array_equal(res.clv["expected_months_to_churn"].to_numpy(), months.ravel())


def _plain_lines(results) -> pd.DataFrame:
    """Present value per customer of each line: a groupby on the text keys."""
    cash = results.cash_flows
    present = cash[list(CASH_COMPONENTS)].mul(cash["discount_factor"], axis=0)
    present[["segment", "level"]] = cash[["segment", "level"]]
    totals = present.groupby(["segment", "level"], sort=False).sum()
    start = results.summary.set_index(["segment", "level"])["customers_start"]
    per = totals.div(start.replace(0, np.nan).reindex(totals.index), axis=0)
    per["cost"] = sum(per[line] for line in COST_LINES)
    per["return"] = sum(
        per[line] * sign
        for line, sign in zip(CASH_COMPONENTS, CASH_SIGNS, strict=True)
        if line in RETURN_LINES
    )
    per["value"] = per["return"] - per["cost"]
    return per


def _small(name: str):
    scenario = preset(name)
    return dataclasses.replace(
        scenario,
        horizon_months=12,
        segments=tuple(
            dataclasses.replace(seg, n_customers=min(seg.n_customers, 25))
            for seg in scenario.segments
        ),
    )


@pytest.mark.parametrize("engine", ["analytic", "simpy"])
def test_lines_per_customer_equals_a_groupby_on_the_text_keys(engine):
    scenario = _small("classroom")
    res = evaluate(scenario) if engine == "analytic" else simulate(scenario, seed=5)
    lines, plain = lines_per_customer(res), _plain_lines(res)
    exact = [*CASH_COMPONENTS]
    pd.testing.assert_frame_equal(lines[exact], plain[exact], check_exact=True)
    pd.testing.assert_frame_equal(lines, plain, rtol=RTOL)
    assert list(lines.index.names) == ["segment", "level"]


def test_lines_per_customer_reads_rows_in_any_order_and_segments_without_customers():
    scenario = _small("classroom")
    first = scenario.segments[0]
    scenario = dataclasses.replace(
        scenario, segments=(dataclasses.replace(first, n_customers=0), *scenario.segments[1:])
    )
    res = evaluate(scenario)
    order = np.random.default_rng(1).permutation(len(res.cash_flows))
    shuffled = dataclasses.replace(
        res, cash_flows=res.cash_flows.iloc[order].reset_index(drop=True)
    )
    lines, plain = lines_per_customer(shuffled), _plain_lines(shuffled)
    pd.testing.assert_frame_equal(lines, plain, rtol=RTOL)
    rows = shuffled.cash_flows
    assert list(lines.index) == list(
        dict.fromkeys(zip(rows["segment"], rows["level"], strict=True))
    )
    assert lines.loc[(first.name, res.summary["level"].iloc[0])].isna().all()
    in_blocks = lines_per_customer(res).reindex(lines.index)
    pd.testing.assert_frame_equal(lines, in_blocks, rtol=RTOL)


def test_unlimited_staff_paths_equal_each_segment_followed_alone():
    scenario = dataclasses.replace(
        preset("classroom"),
        staff=Staff(n_account_managers=None),
        complaints=ComplaintDesk(n_staff=None),
        lost_customers=LostCustomerAnalysis(analysed_share=0.5, delay_months=6),
    )
    res = evaluate(scenario)
    n_months, rate = scenario.horizon_months, scenario.monthly_discount_rate
    occupancy = res.occupancy["customers"].to_numpy().reshape(len(scenario.segments), n_months, -1)
    for k, (segment, level) in enumerate(scenario.plan):
        dyn = segment_dynamics(scenario, segment, level)
        alone = segment_outlook(dyn, n_months=n_months, monthly_rate=rate)
        np.testing.assert_array_equal(occupancy[k], alone.occupancy)
        rows = res.clv["segment"] == segment
        np.testing.assert_array_equal(res.clv.loc[rows, "clv"], alone.clv)
        # month by month: moves out of months 0-5 by the first chain, from month 6 by the later
        x = np.asarray(dyn.segment.initial_shares()) * dyn.segment.n_customers
        for t in range(n_months):
            np.testing.assert_allclose(occupancy[k, t], x, rtol=RTOL, atol=1e-9)
            step = segment_chain(dyn if t < 6 else dyn.later).growth[0]
            x = x @ step


def test_matrix_powers_of_a_stack_are_each_matrix_powers():
    rng = np.random.default_rng(2)
    stack = rng.uniform(0.0, 0.3, (3, 4, 4))
    powers = matrix_powers(stack, 6)
    assert powers.shape == (6, 3, 4, 4)
    for k in range(3):
        np.testing.assert_array_equal(powers[:, k], matrix_powers(stack[k], 6))
    np.testing.assert_allclose(powers[5, 1], np.linalg.matrix_power(stack[1], 5), rtol=RTOL)
