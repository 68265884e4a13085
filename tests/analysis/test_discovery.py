"""Scenario discovery: PRIM boxes recover a known box, found boxes hold up on fresh points,
a seed fixes everything, and the texts' rule is only compared, never used."""

from __future__ import annotations

import math
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest

from crmsim import Scenario, ScenarioError, Segment, preset
from crmsim.analysis.discovery import (
    Discovery,
    PointValues,
    PrimOptions,
    box_text,
    compare_with_rule,
    discover,
    evaluate_points,
    find_boxes,
    require_discovery_extra,
    textbook_box,
    trait_ranges,
)
from crmsim.analysis.experiments import latin_hypercube
from crmsim.common.numbers import format_number
from crmsim.engines.analytic import level_lines
from crmsim.engines.lines import COST_WEIGHTS, RETURN_WEIGHTS
from crmsim.language.translate import use_language
from crmsim.scenario.paths import apply_parameters

pytest.importorskip("prim")

KEY = Scenario(segments=(Segment(name="key", annual_wallet=600_000.0),))

# --------------------------------------------------------------------------------------
# a synthetic model whose true box is known
# --------------------------------------------------------------------------------------
#
# Four traits uniform on [0, 1] (a Latin hypercube of N points); the verdict holds with
# chance P_IN inside the true box a >= 0.6, b >= 0.6 (mass M = 0.16) and P_OUT outside.
# The true box's density is P_IN = 0.9 and its coverage
#     C = P_IN M / (P_IN M + P_OUT (1 - M)) = 0.144 / 0.186 = 0.774.
# Tolerances, fixed before running:
# * sampling: the density is a share of about N M = 320 points, SE = sqrt(0.9 * 0.1 / 320)
#   = 0.017; the coverage a share of about 372 cases, SE = sqrt(0.774 * 0.226 / 372) = 0.022;
#   we allow 4 SE;
# * resolution: PRIM moves an edge by one peel of PEEL = 5 % of the box's points at a time,
#   so the reported box may stop one peel inside or outside the true one. One peel inside
#   loses 5 % of the cases (coverage - 0.05 C = -0.039); one peel outside adds 5 % more
#   points at chance P_OUT (density - 0.05 (P_IN - P_OUT) = -0.043). On one axis of width
#   0.4 one peel is a slab 0.05 * 0.4 = 0.02 wide; we allow two peels, 0.04, on each edge.
N, P_IN, P_OUT, M, PEEL = 2000, 0.9, 0.05, 0.16, 0.05
TRUE_DENSITY = P_IN
TRUE_COVERAGE = P_IN * M / (P_IN * M + P_OUT * (1 - M))
DENSITY_TOL = 4 * math.sqrt(P_IN * (1 - P_IN) / (N * M)) + PEEL * (P_IN - P_OUT)
COVERAGE_TOL = (
    4 * math.sqrt(TRUE_COVERAGE * (1 - TRUE_COVERAGE) / (N * (P_IN * M + P_OUT * (1 - M))))
    + PEEL * TRUE_COVERAGE
)
EDGE_TOL = 2 * PEEL * 0.4


def _synthetic(seed: int, low_a: float = 0.6, low_b: float = 0.6):
    space = {"a": (0.0, 1.0), "b": (0.0, 1.0), "c": (0.0, 1.0), "d": (0.0, 1.0)}
    points = latin_hypercube(space, n_samples=N, seed=seed)
    inside = (points["a"] >= low_a) & (points["b"] >= low_b)
    u = np.random.default_rng(np.random.SeedSequence([seed, 1])).random(N)
    cases = np.where(inside, u < P_IN, u < P_OUT)
    return points, cases, space


def _recovers(box, low_a: float = 0.6, low_b: float = 0.6) -> bool:
    ranges = {p: (lo, hi) for p, lo, hi in box.ranges}
    return (
        {"a", "b"} <= set(box.restricted)
        and abs(ranges["a"][0] - low_a) <= EDGE_TOL
        and abs(ranges["b"][0] - low_b) <= EDGE_TOL
        and ranges["a"][1] == 1.0
        and ranges["b"][1] == 1.0
        and all(ranges[p][1] - ranges[p][0] >= 1 - 2 * EDGE_TOL for p in ("c", "d"))
        and abs(box.density - TRUE_DENSITY) <= DENSITY_TOL
        and abs(box.coverage - TRUE_COVERAGE) <= COVERAGE_TOL
    )


def test_tolerances_are_the_ones_derived_above():
    assert abs(TRUE_COVERAGE - 0.774) < 5e-4
    assert abs(DENSITY_TOL - (0.0671 + 0.0425)) < 1e-3
    assert abs(COVERAGE_TOL - (0.0867 + 0.0387)) < 1e-3


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_prim_recovers_a_known_box(seed):
    points, cases, space = _synthetic(seed)
    boxes = find_boxes(points, cases, ranges=space)
    assert _recovers(boxes[0]), boxes[0].to_frame()


def test_the_recovery_check_catches_a_box_in_the_wrong_place():
    # the verdict now holds from a >= 0.5: the check against a >= 0.6 must fail
    points, cases, space = _synthetic(1, low_a=0.5)
    box = find_boxes(points, cases, ranges=space)[0]
    assert _recovers(box, low_a=0.5)
    assert not _recovers(box, low_a=0.6)


def test_the_trajectory_offers_simpler_and_purer_boxes():
    points, cases, space = _synthetic(1)
    box = find_boxes(points, cases, ranges=space)[0]
    t = box.trajectory
    assert t["step"].tolist() == list(range(len(t)))
    whole = box.at_step(0)
    assert whole.restricted == () and whole.mass == 1.0 and whole.coverage == 1.0
    assert whole.density == pytest.approx(cases.mean())
    purest = box.at_step(len(t) - 1)
    assert purest.density >= box.density and purest.mass <= box.mass
    # at every step the reported counts are those of the points inside the ranges
    for step in (0, box.step, len(t) - 1):
        b = box.at_step(step)
        inside = b.contains(points)
        assert inside.sum() == b.n_points
        assert cases[inside].mean() == pytest.approx(b.density)
        assert cases[inside].sum() / cases.sum() == pytest.approx(b.coverage)
    last = find_boxes(points, cases, ranges=space, options=PrimOptions(select="last"))[0]
    assert last.step == len(last.trajectory) - 1


def test_no_case_gives_no_box_and_says_so():
    points, _, space = _synthetic(1)
    assert find_boxes(points, np.zeros(N, dtype=bool), ranges=space) == ()
    values = PointValues("key", ("a", "b"), points, np.zeros((N, 2)), np.zeros((N, 2)))
    found = Discovery(
        "key",
        "b",
        "pays",
        tuple((p, 0.0, 1.0) for p in space),
        values,
        np.zeros(N, dtype=bool),
        (),
        0,
    )
    assert box_text(found) == "b never pays for key in these ranges."


def test_a_handful_of_cases_gives_no_box_and_says_how_few():
    """A box around the few points where a level pays would describe where they fell, not a
    region: below ``min_cases`` no box is drawn and the sentence counts the points."""
    points, _, space = _synthetic(1)
    few = np.zeros(N, dtype=bool)
    few[:9] = True
    assert find_boxes(points, few, ranges=space) == ()
    assert find_boxes(points, few, ranges=space, options=PrimOptions(min_cases=9)) != ()
    values = PointValues("key", ("a", "b"), points, np.zeros((N, 2)), np.zeros((N, 2)))
    found = Discovery("key", "b", "pays", tuple((p, 0.0, 1.0) for p in space), values, few, (), 0)
    share = format_number(100 * 9 / N, digits=2)
    assert box_text(found) == (
        f"b pays for key at only 9 of the {format_number(N)} points sampled ({share} %): "
        "too few, or too scattered, to say where."
    )
    with pytest.raises(ScenarioError, match=r"^PrimOptions\.min_cases must be a whole number"):
        PrimOptions(min_cases=0)


# --------------------------------------------------------------------------------------
# the model's points
# --------------------------------------------------------------------------------------


def test_batched_values_are_the_engines_values():
    points = pd.DataFrame(
        {
            "switching_cost": [0.2, 0.9],
            "annual_discount_rate": [0.05, 0.2],
            "mutual_importance": [0.3, 0.8],
        }
    )
    values = evaluate_points(KEY, points)
    for i, row in enumerate(points.itertuples(index=False)):
        varied = apply_parameters(
            KEY,
            {
                "segment:key.switching_cost": row.switching_cost,
                "annual_discount_rate": row.annual_discount_rate,
                "segment:key.mutual_importance": row.mutual_importance,
            },
        )
        lines = level_lines(varied, "key")
        np.testing.assert_allclose(values.cost[i], lines @ COST_WEIGHTS, rtol=1e-12)
        np.testing.assert_allclose(values.ret[i], lines @ RETURN_WEIGHTS, rtol=1e-12)


def test_shared_staff_points_go_through_the_staffed_engine():
    classroom = preset("classroom")
    points = pd.DataFrame({"switching_cost": [0.3, 0.9]})
    values = evaluate_points(classroom, points, segment="key accounts")
    for i, sc in enumerate(points["switching_cost"]):
        varied = apply_parameters(classroom, {"segment:key accounts.switching_cost": sc})
        lines = level_lines(varied, "key accounts")
        np.testing.assert_allclose(values.cost[i], lines @ COST_WEIGHTS, rtol=1e-12)


def test_any_executor_and_a_store_that_resumes(tmp_path):
    points = latin_hypercube(trait_ranges(KEY), n_samples=40, seed=3)
    serial = evaluate_points(KEY, points, chunk_size=7)
    with ThreadPoolExecutor(2) as pool:
        threaded = evaluate_points(KEY, points, chunk_size=7, executor=pool, store=tmp_path)
    np.testing.assert_array_equal(serial.cost, threaded.cost)
    files = sorted(tmp_path.glob("*.json"))
    assert len(files) == 6  # ceil(40 / 7) chunks
    # a rerun reads the stored chunks: tamper with one and the rerun shows it
    import json

    record = json.loads(files[0].read_text())
    record["lines"] = np.zeros_like(np.asarray(record["lines"])).tolist()
    files[0].write_text(json.dumps(record))
    resumed = evaluate_points(KEY, points, chunk_size=7, store=tmp_path)
    assert (resumed.cost == 0).all(axis=1).sum() == 7


def test_a_seed_fixes_points_values_and_boxes():
    a = discover(KEY, n_points=300, seed=5)
    b = discover(KEY, n_points=300, seed=5)
    c = discover(KEY, n_points=300, seed=6)
    pd.testing.assert_frame_equal(a.points_frame(), b.points_frame())
    pd.testing.assert_frame_equal(a.to_frame(), b.to_frame())
    pd.testing.assert_frame_equal(a.trajectories(), b.trajectories())
    assert not a.values.points.equals(c.values.points)


def test_default_ranges_come_from_the_fields():
    ranges = trait_ranges(KEY)
    assert ranges["segment:key.mutual_importance"] == (0.0, 1.0)
    assert ranges["segment:key.annual_wallet"] == (150_000.0, 2_400_000.0)
    assert list(ranges) == [
        f"segment:key.{f}"
        for f in (
            "mutual_importance",
            "mutual_need",
            "customer_power",
            "switching_cost",
            "annual_wallet",
        )
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"segment": "nobody"}, "nobody"),
        ({"level": "friendship"}, "friendship"),
        ({"level": "transactional"}, "cheapest level"),
        ({"outcome": "cheap"}, "outcome"),
        ({"ranges": {"switching_cost": (0.2, 1.5)}}, "switching_cost"),
        ({"ranges": {"switching_cost": (0.7, 0.2)}}, "low < high"),
        ({"ranges": {"value_tier": None}}, "not a number"),
        ({"ranges": {"colour": None}}, "colour"),
    ],
)
def test_mistakes_are_one_sentence(kwargs, message):
    with pytest.raises(ScenarioError, match=message) as error:
        discover(KEY, n_points=20, **kwargs)
    assert "\n" not in str(error.value)


# --------------------------------------------------------------------------------------
# the classroom preset: the box for "partnership pays" checked on fresh points
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def classroom_discovery():
    classroom = preset("classroom")
    ranges = ["mutual_importance", "mutual_need", "customer_power", "switching_cost"]
    found = discover(
        classroom,
        segment="key accounts",
        level="partnership",
        ranges=ranges,
        n_points=240,
        seed=0,
        options=PrimOptions(max_boxes=1),
    )
    box = found.boxes[0]
    fresh_in = evaluate_points(
        classroom,
        latin_hypercube({p: (lo, hi) for p, lo, hi in box.ranges}, n_samples=80, seed=11),
        segment="key accounts",
    )
    fresh_all = evaluate_points(
        classroom,
        latin_hypercube({p: (lo, hi) for p, lo, hi in found.ranges}, n_samples=80, seed=12),
        segment="key accounts",
    )
    return found, box, fresh_in, fresh_all


def _density_holds(reported: float, n_reported: int, fresh: np.ndarray) -> bool:
    """Fresh density >= reported, within 3 standard errors of the difference."""
    d = float(fresh.mean())
    se = math.sqrt(reported * (1 - reported) / n_reported + d * (1 - d) / len(fresh))
    return d >= reported - 3 * se


@pytest.mark.slow
def test_the_classroom_box_holds_on_fresh_points_inside_and_outside(classroom_discovery):
    found, box, fresh_in, fresh_all = classroom_discovery
    assert found.share > 0 and box.restricted
    inside = fresh_in.verdict("partnership", "pays")
    assert _density_holds(box.density, box.n_points, inside)
    outside_pts = ~box.contains(fresh_all.points)
    outside = fresh_all.verdict("partnership", "pays")[outside_pts]
    assert outside.mean() < inside.mean()


@pytest.mark.slow
def test_the_fresh_point_check_catches_a_box_claimed_where_it_does_not_hold(classroom_discovery):
    _, box, _, fresh_all = classroom_discovery
    outside = fresh_all.verdict("partnership", "pays")[~box.contains(fresh_all.points)]
    # the same density claimed for the points outside the box is refused
    assert not _density_holds(box.density, box.n_points, outside)


# --------------------------------------------------------------------------------------
# the texts' rule beside the model
# --------------------------------------------------------------------------------------


def _crafted(pays: np.ndarray, points: pd.DataFrame, held=()) -> Discovery:
    n = len(points)
    cost = np.zeros((n, 3))
    ret = np.zeros((n, 3))
    ret[:, 2] = np.where(pays, 1.0, -1.0)  # partnership over preferred
    values = PointValues("key", ("transactional", "preferred", "partnership"), points, cost, ret)
    ranges = tuple((p, 0.0, 1.0) for p in points.columns)
    return Discovery("key", "partnership", "pays", ranges, values, pays, (), 0, held)


def test_the_rule_scores_count_agreement_and_both_errors():
    box = textbook_box("key")
    space = dict.fromkeys(box, (0.0, 1.0))
    points = latin_hypercube(space, n_samples=500, seed=2)
    rule = np.ones(500, dtype=bool)
    for path, (low, high) in box.items():
        rule &= (points[path] >= low).to_numpy() & (points[path] <= high).to_numpy()
    same = compare_with_rule(_crafted(rule, points))
    assert (same.agreement, same.false_pays, same.false_luxurious) == (1.0, 0.0, 0.0)
    assert same.missed is None
    # the model: pays wherever switching cost >= 0.6 (whatever the other traits)
    pays = (points["segment:key.switching_cost"] >= 0.6).to_numpy()
    c = compare_with_rule(_crafted(pays, points))
    assert c.false_pays == 0.0
    assert c.false_luxurious == pytest.approx((pays & ~rule).mean())
    assert c.agreement == pytest.approx(1 - (pays & ~rule).mean())
    assert c.rule_density == 1.0 and c.rule_coverage == pytest.approx(rule.sum() / pays.sum())
    missed = {p: (lo, hi) for p, lo, hi in c.missed.ranges}
    assert "segment:key.switching_cost" in c.missed.restricted
    assert missed["segment:key.switching_cost"][0] >= 0.5
    assert (
        f"{c.to_frame().set_index('measure').loc['agreement', 'value']:.6f}" == f"{c.agreement:.6f}"
    )


def test_a_condition_not_sampled_is_read_at_the_segments_value():
    points = latin_hypercube({"segment:key.switching_cost": (0.0, 1.0)}, n_samples=100, seed=1)
    pays = np.ones(100, dtype=bool)
    held_high = tuple(
        (p, 0.9 if "power" not in p else 0.5)
        for p in textbook_box("key")
        if p != "segment:key.switching_cost"
    )
    held_dominant = tuple((p, 0.9) for p, _ in held_high)  # customer power 0.9: unbalanced
    inside = (points["segment:key.switching_cost"] >= 0.6).mean()
    assert compare_with_rule(_crafted(pays, points, held_high)).rule_pays == inside
    assert compare_with_rule(_crafted(pays, points, held_dominant)).rule_pays == 0.0


def test_the_comparison_reads_in_both_languages():
    found = discover(KEY, n_points=300, seed=1)
    c = compare_with_rule(found)
    english = c.text()
    assert english.startswith("The texts' rule (partnership pays only where")
    assert f"right for {format_number(100 * c.agreement, digits=2)} %" in english
    with use_language("zh"):
        chinese = c.text()
        assert chinese.startswith("教材的规则") and "合作伙伴关系" in chinese
        assert box_text(found).startswith("模型发现")


def test_chinese_ranges_keep_a_space_between_a_number_and_the_text_after_it():
    """House style: "彼此需要 ≥ 0.11 的大客户", not "≥ 0.11的" (in the box and in the rule's
    misses); a range ending in Chinese ("在 0.2–0.7 之间的") takes no space."""
    import re

    found = discover(KEY, n_points=300, seed=1)
    with use_language("zh"):
        texts = [box_text(found, box) for box in found.boxes] + [compare_with_rule(found).text()]
    joined = "".join(texts)
    assert re.search(r"\d 的", joined), joined  # a range ending in a number is followed by 的
    assert not re.search(r"\d的", joined), joined
    assert not re.search(r"之间 的", joined), joined


@pytest.mark.parametrize(("lang", "words"), [("en", "pip install 'crmsim[discovery]'"),
                                             ("zh", "情景发现")])
def test_without_prim_discovery_is_one_sentence_in_the_current_language(
        monkeypatch, lang, words):
    from crmsim.common.extras import MissingExtraError

    monkeypatch.setitem(sys.modules, "prim", None)  # an install without PRIM
    with use_language(lang), pytest.raises(MissingExtraError) as missing:
        discover(preset("classroom"), segment="key accounts", level="partnership",
                 n_points=50)
    assert words in str(missing.value) and "\n" not in str(missing.value)
    with use_language(lang), pytest.raises(MissingExtraError, match="discovery"):
        require_discovery_extra()
    monkeypatch.delitem(sys.modules, "prim")
    require_discovery_extra()  # with PRIM back, silent
