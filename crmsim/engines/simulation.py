"""SimPy engine: individual customers as event-driven processes.

A customer process sleeps until something happens to it: it draws the month of its next
event (a state change, a complaint, an account-manager contact) from the geometric law
implied by the monthly chain of :mod:`crmsim.model.mechanisms`, and wakes only then.
Referrals spawn new customer processes. Waiting for a whole month needs no resource: the
customers due at the same time wait in one calendar bucket, which a single SimPy timeout
empties in the order SimPy would have woken them (one event per month, not one per
customer); contacts and complaints remain SimPy events.

Staff follow two service rules, which the analytic engine approximates as a fluid
(:mod:`crmsim.engines.analytic`):

* **Account managers** are a pooled budget of ``n × hours per manager`` hours each month (a
  team plans its month; one long key-account contact may be shared within it). A buying
  customer's contact is due every ``contact_cycle_months`` (existing customers' first
  contacts are staggered over the first cycle; a new or won-back customer is contacted when
  it starts). A planning process allocates each month's hours to the contacts due, **deepest
  level first** (alliance, then partnership, then preferred: a firm short of managers keeps
  its most committed relationships), in random order within a level; a contact that no
  longer fits is missed and the customer is *neglected* until its next contact (the level's
  effects lapse, its other costs keep running, no manager time is charged).
* **Complaint desk**: ``n`` handlers as a :class:`simpy.Resource`, first come first served,
  exponential handling times; a complaint arrives at a uniform time within its month, and
  one still waiting after the response target is handled badly. The customer waits for
  the answer (at most the target) before its next move, so one answered after the month's
  end holds it up by less than the target: its later timing keeps to whole months, and a
  contact it requests after the month's plan gets the hours left.

Staff are payroll: the hours worked each month are recorded, and the paid but idle rest is
reported in ``Results.staff`` (:func:`crmsim.engines.results.staff_frame`).

Randomness: a seed becomes a :class:`numpy.random.SeedSequence`; every random source
(acquisition, lifecycle, referrals, service times, wallets) of every segment has its own
stream, and each customer reads pre-drawn uniforms from its own row of that stream. So the
same seed gives the same customers at every level (common random numbers) and changing the
level of a segment leaves its acquisition draws untouched.

Memory grows with the customers alive at once and with what is recorded: a waiting customer
is its process, a small record and its row of the shared blocks (about 1.3 KB in all); a
finished one leaves a ledger row of eight numbers, and its other draws are freed with it.

Examples
--------
>>> from crmsim import Scenario, Segment
>>> from crmsim.engines.simulation import simulate
>>> res = simulate(Scenario(segments=(Segment(name="smb", n_customers=50),)), seed=1)
>>> res.engine, res.seed_entropy
('simpy', 1)
>>> int(res.occupancy.query("month == 0")["customers"].sum())
50
"""

from __future__ import annotations

import gc
import math
from array import array
from collections import deque
from collections.abc import Generator, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import simpy

from crmsim.common.checks import check_int
from crmsim.common.errors import ScenarioError
from crmsim.engines.analytic import expected_customer_months
from crmsim.engines.results import (
    Results,
    result_frames,
    staff_frame,
)
from crmsim.model.mechanisms import (
    CASH_INDEX,
    CASH_SIGNS,
    Regime,
    SegmentDynamics,
    segment_dynamics,
)
from crmsim.scenario.limits import MAX_CUSTOMER_MONTHS
from crmsim.scenario.scenario import Scenario
from crmsim.scenario.states import BUYING_STATES, PROSPECT_STATES, STATES

__all__ = ["SOURCES", "run_without_collector", "seed_sequence", "simulate"]

SOURCES: dict[str, int] = {
    "acquisition": 0,
    "lifecycle": 1,
    "referrals": 2,
    "service": 3,
    "wallet": 4,
}
"""Random sources; each gets its own stream per segment (``spawn_key=(source, segment)``).
Each initial customer reads its own row of pre-drawn uniforms (see :class:`UniformRows`)."""

_S = {name: i for i, name in enumerate(STATES)}
_N = len(STATES)
_NEW, _TARGET, _NONCUST = _S["new"], _S["target"], _S["non_customer"]
_LOST = _S["lost"]
_IS_BUYING = tuple(s in BUYING_STATES for s in STATES)
_IS_PROSPECT = tuple(s in PROSPECT_STATES for s in STATES)
_ACQ, _LIFE, _REF = SOURCES["acquisition"], SOURCES["lifecycle"], SOURCES["referrals"]
_BLOCK = (8, 24, 2)  # uniforms pre-drawn per customer for acquisition, lifecycle, referrals
_MONTH_DAYS = 365.25 / 12.0
_NEVER = 1 << 60
_PLAN_AT = 1e-6  # the month's contacts are allocated just after all due ones are requested


def seed_sequence(seed: int | np.random.SeedSequence | None) -> np.random.SeedSequence:
    """Turn ``seed`` into a SeedSequence (fresh entropy when None).

    Examples
    --------
    >>> seed_sequence(42).entropy
    42
    """
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if seed is not None:
        check_int("seed", seed, low=0)
    return np.random.SeedSequence(seed)


def child_seed(seed: np.random.SeedSequence, *key: int) -> np.random.SeedSequence:
    """The stream ``key`` below ``seed`` (keeps the seed's own spawn key in front).

    Examples
    --------
    >>> parent = np.random.SeedSequence(5).spawn(2)[1]
    >>> child_seed(parent, 3, 0).spawn_key
    (1, 3, 0)
    """
    return np.random.SeedSequence(seed.entropy, spawn_key=(*seed.spawn_key, *key))


def choose(cumulative: tuple[tuple[float, int], ...], u: float) -> int:
    """The destination whose cumulative probability first exceeds ``u``."""
    for bound, dest in cumulative:
        if u < bound:
            return dest
    return cumulative[-1][1]


def _cumulative(row: np.ndarray, exclude: int | None = None) -> tuple[tuple[float, int], ...]:
    probs = row.astype(float).copy()
    if exclude is not None:
        probs[exclude] = 0.0
    total = probs.sum()
    if total <= 0:
        return ((1.0, exclude if exclude is not None else 0),)
    nz = np.flatnonzero(probs)
    return tuple(zip((np.cumsum(probs[nz]) / total).tolist(), nz.tolist(), strict=True))


class UniformRows:
    """Pre-drawn uniforms, one row per customer, from one random source.

    Row ``i`` of an initial customer comes from a block drawn once from the source's
    stream, so a customer's numbers do not depend on what other customers do. A customer
    who uses up its row continues in row ``i`` of extension block 1, 2, ... (the block as if
    drawn for all customers at once; only the rows asked for are drawn, by jumping ahead in
    the block's stream). Customers created during a run (``i >= n_rows``) take the next
    numbers of an overflow stream, in creation order.

    An initial customer reads its row in place (:meth:`start`: the block and the row's
    number), so a million waiting customers hold no array of their own; a row can also be
    had as a view (:meth:`row`).

    Examples
    --------
    >>> rows = UniformRows(np.random.SeedSequence(1), (0,), n_rows=3, width=4)
    >>> first = rows.row(2)
    >>> len(first), len(rows.more(2, len(first)))
    (4, 16)
    >>> bool(np.shares_memory(first, rows.row(2)))  # a view of the block, not a copy
    True
    >>> values, r, stop = rows.start(2)
    >>> (r, stop), bool(np.array_equal(values[r, :stop], first))
    ((2, 4), True)
    >>> extension = np.random.default_rng(child_seed(np.random.SeedSequence(1), 0, 2, 0))
    >>> bool(np.array_equal(rows.more(2, 4), extension.random((3, 16))[2]))
    True
    """

    __slots__ = (
        "_bits",
        "_block",
        "_extensions",
        "_jump",
        "_key",
        "_overflow",
        "_seed",
        "n_rows",
        "width",
    )
    EXTENSION = 16

    def __init__(self, seed: np.random.SeedSequence, key: tuple[int, ...], n_rows: int, width: int):
        self._seed, self._key, self.n_rows, self.width = seed, key, n_rows, width
        self._block = np.random.default_rng(child_seed(seed, *key)).random((n_rows, width))
        self._overflow = np.random.default_rng(child_seed(seed, *key, 1))
        self._extensions: list[dict] = []  # where each extension block's stream starts
        self._bits = np.random.PCG64(0)  # positioned anew for each extension row
        self._jump = np.random.Generator(self._bits)

    def row(self, i: int) -> np.ndarray:
        """The uniforms of customer ``i`` (a read-only view for an initial customer)."""
        return self._block[i] if i < self.n_rows else self.more(i, 0)

    def start(self, i: int) -> tuple[np.ndarray, int, int]:
        """The first uniforms of customer ``i`` as ``(values, r, stop)``: ``values[r, :stop]``.

        An initial customer's are its row ``r = i`` of the block (shared, nothing is copied;
        the customer's small indices make no objects of their own); a customer created
        during the run draws its first ones now, as :meth:`row` would, as a one-row array.
        """
        if i < self.n_rows:
            return self._block, i, self.width
        return self._overflow.random((1, self.EXTENSION)), 0, self.EXTENSION

    def more(self, i: int, have: int) -> np.ndarray:
        """The next uniforms of customer ``i``, who already holds ``have`` of them."""
        if i >= self.n_rows:
            return self._overflow.random(self.EXTENSION)
        k = (have - self.width) // self.EXTENSION
        while len(self._extensions) <= k:
            seq = child_seed(self._seed, *self._key, 2, len(self._extensions))
            self._extensions.append(np.random.PCG64(seq).state)
        # row i of block k: skip the rows before it (a float takes one 64-bit draw)
        self._bits.state = self._extensions[k]
        self._bits.advance(i * self.EXTENSION)
        return self._jump.random(self.EXTENSION)


@dataclass(slots=True)
class _RegimeTables:
    """Per-state lookup tables of one regime, as plain Python for the hot loop."""

    log_stay: list[float]
    complaint_given_event: list[float]
    ordinary: list[tuple[tuple[float, int], ...]]
    after_good: list[tuple[tuple[float, int], ...]]
    after_bad: list[tuple[tuple[float, int], ...]]
    handled_well: list[float]
    referrals: list[float]
    profit_per_wallet: list[float]
    profit_fixed: list[float]

    @classmethod
    def build(cls, regime: Regime) -> _RegimeTables:
        c = regime.complaint_prob
        stay_ordinary = np.diag(regime.ordinary)
        p_event = 1.0 - (1.0 - c) * stay_ordinary
        with np.errstate(divide="ignore"):
            log_stay = np.log1p(-np.clip(p_event, 0.0, 1.0))
        signs = CASH_SIGNS.copy()
        fixed_signs = signs.copy()
        fixed_signs[CASH_INDEX["complaint_cost"]] = 0.0  # charged per complaint instead
        fixed_signs[CASH_INDEX["setup_cost"]] = 0.0  # charged per relationship start
        return cls(
            log_stay=[float(x) for x in log_stay],
            complaint_given_event=[
                float(ci / pe) if pe > 0 else 0.0 for ci, pe in zip(c, p_event, strict=True)
            ],
            ordinary=[_cumulative(regime.ordinary[i], exclude=i) for i in range(_N)],
            after_good=[_cumulative(regime.after_good[i]) for i in range(_N)],
            after_bad=[_cumulative(regime.after_bad[i]) for i in range(_N)],
            handled_well=[float(h) for h in regime.handled_well_prob],
            referrals=[float(x) for x in regime.referrals_per_month],
            profit_per_wallet=(regime.cash_per_wallet @ signs).tolist(),
            profit_fixed=(regime.cash_fixed @ fixed_signs).tolist(),
        )


class _Customer:
    """What the run keeps of one customer besides its process.

    Its referral uniforms still unused are ``ref[ref_row, ref_pos:]`` (None until the
    first referral clock is drawn); ``held`` counts the uniforms per source it has had,
    from the first time it needs more than its first row (None before).
    """

    __slots__ = (
        "active",
        "held",
        "ref",
        "ref_pos",
        "ref_row",
        "referral_clock",
        "referred_by",
        "row",
        "start",
        "uid",
        "value",
        "wallet",
    )

    def __init__(self, uid: int, row: int, wallet: float, referred_by: int, start: int):
        self.uid, self.row, self.wallet = uid, row, wallet
        self.referred_by, self.start = referred_by, start
        self.held: list[int] | None = None
        self.ref: np.ndarray | None = None
        self.ref_pos = self.ref_row = 0
        self.value = 0.0
        self.active = 0
        self.referral_clock = -1.0  # referral hazard left until the next referral


class _Group:
    """One segment at one level inside a run: tables, streams and accumulators."""

    def __init__(self, sim: _Simulation, index: int, dyn: SegmentDynamics, n_initial: int):
        self.sim, self.index, self.dyn = sim, index, dyn
        self.name, self.level = dyn.segment.name, dyn.level.name
        self.tables = (_RegimeTables.build(dyn.served), _RegimeTables.build(dyn.neglected))
        # from month `change` on (the lost-customer analysis's lessons applied) the later
        # dynamics' tables hold; a stay never spans the change (the customer redraws there)
        later = dyn.later or dyn
        self.change = dyn.change_month if dyn.later is not None else _NEVER
        self.later_tables = (
            self.tables
            if dyn.later is None
            else (_RegimeTables.build(later.served), _RegimeTables.build(later.neglected))
        )
        self.setup_cost = dyn.setup_cost
        self.reactivation_cost = dyn.reactivation_cost
        h = sim.n_months
        # accumulators and tables flattened by k = regime * n_states + state (hot loop)
        self.cum = sim.cum_discount
        self.heterogeneous = dyn.segment.wallet_cv > 0.0
        self.occ = [[0] * (h + 1) for _ in range(2 * _N)]
        self.wocc = [[0.0] * (h + 1) for _ in range(2 * _N)] if self.heterogeneous else None
        # per phase: the first months, then the later ones
        self.profit_per_wallet, self.profit_fixed, self.referral_rate = (
            [
                [x for t in tables for x in getattr(t, name)]
                for tables in (self.tables, self.later_tables)
            ]
            for name in ("profit_per_wallet", "profit_fixed", "referrals")
        )
        self.buying = list(_IS_BUYING) * 2
        self.setup_cash = [0.0] * h
        self.complaint_cash = [0.0] * h
        desk = sim.scenario.complaints
        self.complaint_hours = desk.hours_per_complaint
        self.complaint_cost = desk.hours_per_complaint * desk.cost_per_hour
        self.contacts = sim.managers_limited and dyn.manager_hours_per_month > 0
        self.cycle = dyn.contact_cycle_months
        self.contact_hours = dyn.manager_hours_per_month * self.cycle
        self.rank = sim.scenario.level_names.index(self.level)  # deeper levels served first
        self.contacts_due = 0
        self.contacts_served = 0
        self.n_initial = n_initial
        self.rows = [
            UniformRows(sim.seed, (source, index), n_initial, width)
            for source, width in zip((_ACQ, _LIFE, _REF), _BLOCK, strict=True)
        ]

    # -- random numbers -----------------------------------------------------------------
    def more(
        self, cust: _Customer, source: int, values: np.ndarray, r: int, pos: int, stop: int
    ) -> np.ndarray:
        """The unused uniforms of ``cust`` from ``source``, then its next ones, as one row.

        The unused ones are ``values[r, pos:stop]``; the result is read from ``[0, 0]``.
        """
        held = cust.held
        if held is None:
            initial = cust.row < self.n_initial
            held = cust.held = list(_BLOCK) if initial else [UniformRows.EXTENSION] * 3
        extra = self.rows[source].more(cust.row, held[source])
        held[source] += len(extra)
        return np.concatenate((values[r : r + 1, pos:stop], extra[np.newaxis]), axis=1)

    def u_referral(self, cust: _Customer) -> float:
        """Next referral uniform of ``cust``."""
        if cust.ref is None:
            cust.ref, cust.ref_row, _ = self.rows[_REF].start(cust.row)
        i = cust.ref_pos
        if i >= cust.ref.shape[1]:
            cust.ref = self.more(cust, _REF, cust.ref, cust.ref_row, i, cust.ref.shape[1])
            i, cust.ref_row = 0, 0
        cust.ref_pos = i + 1
        return cust.ref.item(cust.ref_row, i)

    # -- bookkeeping --------------------------------------------------------------------
    def record(self, cust: _Customer, state: int, regime: int, t0: int, t1: int) -> None:
        """Account for ``cust`` spending months ``t0 .. t1-1`` in ``state``."""
        if t1 <= t0:
            return
        k = regime * _N + state
        occ = self.occ[k]
        occ[t0] += 1
        occ[t1] -= 1
        w = cust.wallet
        if self.heterogeneous:
            wocc = self.wocc[k]
            wocc[t0] += w
            wocc[t1] -= w
        cum = self.cum
        phase = t0 >= self.change
        cust.value += (w * self.profit_per_wallet[phase][k] + self.profit_fixed[phase][k]) * (
            cum[t1] - cum[t0]
        )
        if self.buying[k]:
            cust.active += t1 - t0
            rate = self.referral_rate[phase][k]
            if rate > 0.0:
                used = rate * (t1 - t0)
                if cust.referral_clock > used:  # no referral in this stay: just run the clock
                    cust.referral_clock -= used
                else:
                    self._referrals(cust, rate, t0, t1)

    def _referrals(self, cust: _Customer, rate: float, t0: int, t1: int) -> None:
        """Referrals as a Poisson process of ``rate`` per buying month.

        The customer carries an exponential clock of hazard; a stay uses it up at ``rate``
        per month, and each time it runs out a referral is made in that month (the referred
        customer starts as a target the month after). Draws are used only when referrals
        happen.
        """
        clock = cust.referral_clock
        if clock < 0.0:
            clock = -math.log1p(-self.u_referral(cust))
        elapsed, span = 0.0, t1 - t0
        while elapsed + clock / rate < span:
            elapsed += clock / rate
            month = t0 + int(elapsed)
            if month + 1 < self.sim.n_months:
                self.sim.spawn(self, _TARGET, month + 1, referred_by=cust.uid)
            clock = -math.log1p(-self.u_referral(cust))
        cust.referral_clock = clock - (span - elapsed) * rate

    def charge(self, cust: _Customer, cash: list[float], amount: float, month: int) -> None:
        if month < self.sim.n_months and amount:
            cash[month] += amount
            cust.value -= amount * self.sim.discount[month]

    def finish(self, cust: _Customer, state: int) -> None:
        """Enter ``cust``, ending in ``state``, in the run's ledger: a row of numbers."""
        self.sim.ledger.extend(
            (
                cust.uid,
                self.index,
                cust.referred_by,
                cust.start,
                cust.wallet * self.dyn.segment.annual_wallet,
                cust.value,
                cust.active,
                state,
            )
        )


class _Simulation:
    def __init__(self, scenario: Scenario, seed: np.random.SeedSequence, trace: bool):
        self.scenario = scenario
        self.seed = seed
        self.n_months = scenario.horizon_months
        d = 1.0 / (1.0 + scenario.monthly_discount_rate)
        self.discount = [d**t for t in range(self.n_months + 1)]
        self.cum_discount = [0.0, *np.cumsum(self.discount[:-1]).tolist()]
        self.env = simpy.Environment()
        staff, desk = scenario.staff, scenario.complaints
        self.managers_limited = staff.n_account_managers is not None
        self.manager_capacity = (
            staff.n_account_managers * staff.hours_per_manager_per_month
            if self.managers_limited
            else math.inf
        )
        self.contacts_pending: list[tuple[int, float, float, simpy.Event, _Group]] = []
        self.planned_month = -1  # last month whose manager hours were allocated
        self.hours_left = 0.0  # of the planned month, for contacts requested late
        self.manager_hours = [0.0] * self.n_months  # worked per month
        self.desk_hours = [0.0] * self.n_months
        self.complaints_at_desk = [0, 0]  # complaints queued, answered in time
        self.desk = simpy.Resource(self.env, capacity=desk.n_staff) if desk.n_staff else None
        self.desk_target = desk.response_target_days / _MONTH_DAYS
        self.desk_mean_service = desk.hours_per_complaint / desk.hours_per_handler_per_month
        self.service_rng = np.random.default_rng(self.stream_seq(SOURCES["service"], 0))
        # the eight numbers of _Group.finish per finished customer (8 bytes each): a
        # million customers' tuples of Python objects would hold several hundred MB
        self.ledger = array("d")
        self.trace: list[tuple] | None = [] if trace else None
        self.next_uid = 0
        self.n_events = 0
        # the calendar: customers waiting for a whole month, one bucket per wake-up time
        self.calendar: dict[float, list[Generator]] = {}
        self.starting: deque[Generator] = deque()  # customers created, not yet started
        self.env.timeout(0).callbacks.append(self._start_customers)

    def stream_seq(self, source: int, segment: int) -> np.random.SeedSequence:
        return child_seed(self.seed, source, segment)

    def stream(self, source: int, segment: int) -> np.random.Generator:
        return np.random.default_rng(self.stream_seq(source, segment))

    def spawn(
        self,
        group: _Group,
        state: int,
        start: int,
        referred_by: int = -1,
        row: int | None = None,
        wallet: float = 1.0,
    ) -> None:
        uid = self.next_uid
        self.next_uid += 1
        cust = _Customer(uid, row if row is not None else _NEVER, wallet, referred_by, start)
        self.starting.append(_customer(self, group, cust, state))

    # -- the calendar ---------------------------------------------------------------------
    # A customer process (:func:`_customer`) yields either a SimPy event (a contact, a
    # complaint at the desk) or the whole month it wakes next. Such months need no resource:
    # the customers due at the same time wait in one bucket, emptied by a single SimPy
    # timeout in the order they arrived, which is the order SimPy would wake them in.
    # A customer created during a step starts right after it, as SimPy starts a process.
    def _advance(self, proc: Generator, value: object = None) -> None:
        """Run customer ``proc`` to its next wait and file it there."""
        try:
            wait = proc.send(value)
        except StopIteration:
            return
        if isinstance(wait, simpy.Event):
            wait.callbacks.append(lambda event: self._resume(proc, event.value))
            return
        now = self.env.now
        delay = max(0.0, wait - now)
        at = now + delay  # where a SimPy timeout of ``delay`` falls
        bucket = self.calendar.get(at)
        if bucket is None:
            self.calendar[at] = [proc]
            self.env.timeout(delay).callbacks.append(lambda _: self._wake(at))
        else:
            bucket.append(proc)

    def _resume(self, proc: Generator, value: object) -> None:
        self._advance(proc, value)
        if self.starting:
            self._start_customers()

    def _wake(self, at: float) -> None:
        advance, starting = self._advance, self.starting
        for proc in self.calendar.pop(at):
            advance(proc)
            if starting:
                self._start_customers()

    def _start_customers(self, _: object = None) -> None:
        starting = self.starting
        while starting:
            self._advance(starting.popleft())

    def request_contact(self, group: _Group, month: int) -> simpy.Event:
        """An account-manager contact due in ``month``; the event's value says if it happens.

        Requests wait for the month's plan (:func:`_plan_contacts`); one made after the plan
        (a customer held up by a complaint) gets what hours are left.
        """
        group.contacts_due += 1
        event = self.env.event()
        if month <= self.planned_month:
            served = group.contact_hours <= self.hours_left
            if served:
                self.hours_left -= group.contact_hours
                self.manager_hours[month] += group.contact_hours
                group.contacts_served += 1
            event.succeed(served)
        else:
            key = float(self.service_rng.random())
            self.contacts_pending.append((group.rank, key, group.contact_hours, event, group))
        return event

    def log(
        self, cust: _Customer, group: _Group, month: float, old: int, new: int, kind: str
    ) -> None:
        if self.trace is not None:
            self.trace.append((month, cust.uid, group.name, STATES[old], STATES[new], kind))


def _plan_contacts(env: simpy.Environment, sim: _Simulation):
    """Each month, give the managers' hours to the contacts due: deepest level first.

    Within a level the order is random; a contact that does not fit in the hours left is
    missed, and a shorter one further down may still fit.
    """
    for month in range(sim.n_months):
        yield env.timeout(month + _PLAN_AT - env.now)
        left = sim.manager_capacity
        for _, _, hours, event, group in sorted(sim.contacts_pending, key=lambda c: (-c[0], c[1])):
            served = hours <= left
            if served:
                left -= hours
                sim.manager_hours[month] += hours
                group.contacts_served += 1
            event.succeed(served)
        sim.contacts_pending.clear()
        sim.planned_month, sim.hours_left = month, left


def _complaint(env: simpy.Environment, sim: _Simulation, answer: simpy.Event):
    """A complaint queues at the desk; ``answer`` succeeds with whether it was in time.

    If the response target passes first, the customer has stopped waiting for ``answer``.
    """
    arrived = env.now
    with sim.desk.request() as req:
        yield req
        if not answer.triggered:
            answer.succeed(env.now - arrived <= sim.desk_target)
        yield env.timeout(float(sim.service_rng.exponential(sim.desk_mean_service)))


def _at_desk(sim: _Simulation, end: int, well: bool):
    """A complaint of the month before ``end`` at the limited desk; returns if handled well.

    It arrives at a uniform time within its month and waits for an answer or the response
    target; ``well`` says if an answer in time satisfies. A customer answered after the
    month's end lags a little: it wakes when answered instead of at ``end``.
    """
    env = sim.env
    arrival = end - 1 + float(sim.service_rng.random())
    if arrival > env.now:
        yield env.timeout(arrival - env.now)
    answer = env.event()
    env.process(_complaint(env, sim, answer))
    waited = yield answer | env.timeout(sim.desk_target)
    in_time = answer in waited and answer.value
    sim.complaints_at_desk[0] += 1
    sim.complaints_at_desk[1] += in_time
    if end > env.now:
        yield end
    return in_time and well


def _customer(sim: _Simulation, group: _Group, cust: _Customer, state: int):
    """One customer's life, waking only at events.

    This is the engine's hot loop: the common path (an ordinary move) costs one draw for
    the month, one for the destination and a place in the calendar. The process yields the
    whole month it wakes next (``yield end``: the calendar of :meth:`_Simulation._advance`),
    or a SimPy event when it waits for account managers or the complaint desk. A million
    customers wait at once, so the process keeps few locals and makes no object of its own
    while it waits: its uniforms are read in place (``acq[a_row, ai:a_stop]``, ``life[l_row,
    li:l_stop]``, small indices into a row of the shared blocks).
    """
    t = cust.start
    if t > sim.env.now:
        yield t  # wake at the start of month t (see _Simulation._advance)
    horizon = sim.n_months
    change = group.change
    acq, a_row, a_stop = group.rows[_ACQ].start(cust.row)
    life, l_row, l_stop = group.rows[_LIFE].start(cust.row)
    ai = li = 0
    regime = 0
    buying = _IS_BUYING[state]
    next_contact = _NEVER
    if group.contacts and buying:  # existing customers' first contacts spread over the cycle
        next_contact = t + (cust.row % group.cycle if cust.row < group.n_initial else 0)
    if buying:
        group.charge(cust, group.setup_cash, group.setup_cost, t)
    while True:
        if state == _NONCUST:
            group.record(cust, state, regime, t, horizon)
            break
        if next_contact == t and t < horizon:  # a contact is due: it decides this month on
            regime = 0 if (yield sim.request_contact(group, t)) else 1  # served or not
            next_contact = t + group.cycle
        tables = (group.tables if t < change else group.later_tables)[regime]
        # two draws: the month of the next event and what it is
        if _IS_PROSPECT[state]:
            if ai + 2 > a_stop:
                acq = group.more(cust, _ACQ, acq, a_row, ai, a_stop)
                a_row, ai, a_stop = 0, 0, acq.shape[1]
            u_month, u_what = acq.item(a_row, ai), acq.item(a_row, ai + 1)
            ai += 2
        else:
            if li + 3 > l_stop:
                life = group.more(cust, _LIFE, life, l_row, li, l_stop)
                l_row, li, l_stop = 0, 0, life.shape[1]
            u_month, u_what = life.item(l_row, li), life.item(l_row, li + 1)
            li += 2
        log_stay = tables.log_stay[state]
        if log_stay == 0.0:
            end = _NEVER
        elif log_stay == -math.inf:
            end = t + 1
        else:
            end = t + int(math.log1p(-u_month) / log_stay) + 1
        boundary = next_contact if next_contact < change or change <= t else change
        if boundary < end and boundary < horizon:
            # a contact is due by the event month, or the dynamics change: account up to it
            # and redraw (memoryless)
            group.record(cust, state, regime, t, boundary)
            yield boundary
            t = boundary
            continue
        if end > horizon:
            group.record(cust, state, regime, t, horizon)
            break
        group.record(cust, state, regime, t, end)
        sim.n_events += 1
        if buying and u_what < tables.complaint_given_event[state]:
            # rescale the used-up uniform: it decides the outcome of the complaint
            group.charge(cust, group.complaint_cash, group.complaint_cost, end - 1)
            sim.desk_hours[end - 1] += group.complaint_hours
            u_handled = life.item(l_row, li)
            li += 1
            if sim.desk is None:
                good = u_handled < tables.handled_well[state]
                yield end
            else:
                good = yield from _at_desk(sim, end, u_handled < tables.handled_well[state])
            new_state = choose(
                (tables.after_good if good else tables.after_bad)[state],
                u_what / tables.complaint_given_event[state],
            )
            kind = "complaint"
        else:
            c = tables.complaint_given_event[state] if buying else 0.0
            new_state = choose(tables.ordinary[state], (u_what - c) / (1.0 - c))
            kind = "move"
            yield end
        if sim.trace is not None:
            sim.log(cust, group, end, state, new_state, kind)
        t = end
        if not _IS_BUYING[new_state]:
            next_contact, regime = _NEVER, 0
        elif not buying:
            if new_state == _NEW:  # a first purchase, or a lost customer won back
                group.charge(
                    cust,
                    group.setup_cash,
                    group.reactivation_cost if state == _LOST else group.setup_cost,
                    t,
                )
            if group.contacts:
                next_contact, regime = t, 0
        buying = _IS_BUYING[new_state]
        state = new_state
    group.finish(cust, state)


def _initial_counts(shares: tuple[float, ...], n: int) -> list[int]:
    """Split ``n`` customers by ``shares`` exactly (largest remainder)."""
    raw = np.asarray(shares) * n
    counts = np.floor(raw).astype(int)
    for i in np.argsort(-(raw - counts), kind="stable")[: n - counts.sum()]:
        counts[i] += 1
    return counts.tolist()


def _wallet_factors(rng: np.random.Generator, n: int, cv: float) -> np.ndarray:
    """Lognormal wallet multipliers with mean 1 and coefficient of variation ``cv``."""
    if cv == 0.0:
        return np.ones(n)
    sigma2 = math.log1p(cv * cv)
    return rng.lognormal(-sigma2 / 2.0, math.sqrt(sigma2), size=n)


def simulate(
    scenario: Scenario,
    *,
    plan: Mapping[str, str] | str | None = None,
    seed: int | np.random.SeedSequence | None = None,
    trace: bool = False,
) -> Results:
    """Simulate ``scenario`` customer by customer with SimPy.

    Parameters
    ----------
    scenario : Scenario
    plan : mapping or str, optional
        Level per segment (or one level for all) instead of ``scenario.plan``.
    seed : int or SeedSequence, optional
        Same seed, same result; the entropy is recorded as ``Results.seed_entropy`` and a
        spawned seed's key as ``Results.extra["seed_spawn_key"]``.
    trace : bool
        Keep every state change as ``Results.extra["trace"]`` (month, customer, segment,
        from_state, to_state, kind).

    Returns
    -------
    Results
        ``engine == "simpy"``, with a per-customer ledger in ``customers``, the payroll and
        idle cost of limited staff in ``staff``, the share of all contacts served in
        ``extra["served_fraction"]`` and of complaints answered within the target in
        ``extra["complaints_in_time"]`` (None without a limited desk).
    """
    if plan is not None:
        scenario = scenario.with_plan(plan)
    work = expected_customer_months(scenario)
    if work > MAX_CUSTOMER_MONTHS:
        raise ScenarioError(
            f"the simulation may go through at most {MAX_CUSTOMER_MONTHS:,} customer-months; "
            f"this scenario's customers and the customers they refer are expected to need "
            f"{work:,.0f}, too large for one machine: use fewer customers, fewer referrals or "
            "a shorter horizon, or the analytic engine (evaluate)."
        )
    seq = seed_sequence(seed)
    sim = _Simulation(scenario, seq, trace)
    groups = []
    for index, (seg, (_, level)) in enumerate(zip(scenario.segments, scenario.plan, strict=True)):
        dyn = segment_dynamics(scenario, seg.name, level)
        group = _Group(sim, index, dyn, seg.n_customers)
        groups.append(group)
        wallets = _wallet_factors(
            sim.stream(SOURCES["wallet"], index), seg.n_customers, seg.wallet_cv
        )
        row = 0
        for state, count in enumerate(_initial_counts(seg.initial_shares(), seg.n_customers)):
            for _ in range(count):
                wallet = float(wallets[row]) if seg.wallet_cv else 1.0  # one shared 1.0
                sim.spawn(group, state, 0, row=row, wallet=wallet)
                row += 1
    if any(g.contacts for g in groups):
        sim.env.process(_plan_contacts(sim.env, sim))
    run_without_collector(sim.env)
    return _results(sim, groups)


def run_without_collector(env: simpy.Environment) -> None:
    """``env.run()`` with Python's cyclic garbage collector paused.

    The engines' customers, events and processes form no reference cycles that outlive an
    event (SimPy drops an event's callbacks once it is processed, and a finished process's
    frame is cleared), so reference counting frees them; the collector's passes over the
    many live customer processes only cost time (a quarter to half of a large run). It is
    switched back on, if it was on, however the run ends.

    Examples
    --------
    >>> import gc
    >>> env = simpy.Environment()
    >>> def wait(env):
    ...     yield env.timeout(3)
    >>> _ = env.process(wait(env))
    >>> run_without_collector(env)
    >>> env.now, gc.isenabled()
    (3, True)
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        env.run()
    finally:
        if was_on:
            gc.enable()


def _ledger_frame(ledger: array, groups: list[_Group]) -> pd.DataFrame:
    """The per-customer ledger, one row per customer in order of its number.

    ``ledger`` holds eight numbers per customer, as :meth:`_Group.finish` enters them
    (whole numbers are exact in a float up to 2**53).
    """
    uid, group, referred_by, start, wallet, value, active, state = (
        np.frombuffer(ledger, dtype=float).reshape(-1, 8).T
    )
    group = group.astype(np.intp)
    return pd.DataFrame(
        {
            "customer": uid.astype(np.int64),
            "segment": np.array([g.name for g in groups], dtype=object)[group],
            "level": np.array([g.level for g in groups], dtype=object)[group],
            "referred_by": referred_by.astype(np.int64),
            "start_month": start.astype(np.int64),
            "wallet": wallet.copy(),
            "discounted_value": value.copy(),
            "months_active": active.astype(np.int64),
            "final_state": np.array(STATES, dtype=object)[state.astype(np.intp)],
        }
    ).sort_values("customer", ignore_index=True)


def _results(sim: _Simulation, groups: list[_Group]) -> Results:
    scenario = sim.scenario
    rate = scenario.monthly_discount_rate
    occupancy, cash, starts, served = [], [], [], []
    for g in groups:
        occ = [np.cumsum(np.asarray(g.occ[r * _N : (r + 1) * _N]).T[:-1], axis=0) for r in (0, 1)]
        wocc = (
            occ
            if g.wocc is None
            else [
                np.cumsum(np.asarray(g.wocc[r * _N : (r + 1) * _N]).T[:-1], axis=0) for r in (0, 1)
            ]
        )
        flows = np.zeros((sim.n_months, len(CASH_SIGNS)))
        later = g.dyn.later or g.dyn
        change = min(g.change, sim.n_months)
        for months, dyn in ((slice(0, change), g.dyn), (slice(change, None), later)):
            for r, regime in enumerate((dyn.served, dyn.neglected)):
                fixed = regime.cash_fixed.copy()
                fixed[:, CASH_INDEX["complaint_cost"]] = 0.0
                flows[months] += occ[r][months] @ fixed + wocc[r][months] @ regime.cash_per_wallet
        flows[:, CASH_INDEX["setup_cost"]] = g.setup_cash
        flows[:, CASH_INDEX["complaint_cost"]] = g.complaint_cash
        occupancy.append((occ[0] + occ[1]).astype(float))
        cash.append(flows)
        starts.append(float(g.n_initial))
        served.append(g.contacts_served / g.contacts_due if g.contacts_due else 1.0)
    occupancy_df, cash_df, summary = result_frames(
        [(g.name, g.level) for g in groups],
        np.array(occupancy),
        np.array(cash),
        rate,
        np.array(starts),
        np.array(served),
    )
    customers = _ledger_frame(sim.ledger, groups)
    due = sum(g.contacts_due for g in groups)
    queued, in_time = sim.complaints_at_desk
    extra: dict = {
        "n_events": sim.n_events,
        "seed_spawn_key": sim.seed.spawn_key,
        "served_fraction": sum(g.contacts_served for g in groups) / due if due else 1.0,
        "complaints_in_time": (None if sim.desk is None else in_time / queued if queued else 1.0),
    }
    if sim.trace is not None:
        extra["trace"] = pd.DataFrame(
            sim.trace, columns=["month", "customer", "segment", "from_state", "to_state", "kind"]
        )
    return Results(
        engine="simpy",
        scenario=scenario,
        seed_entropy=sim.seed.entropy,
        occupancy=occupancy_df,
        cash_flows=cash_df,
        summary=summary,
        customers=customers,
        staff=staff_frame(scenario, np.asarray(sim.manager_hours), np.asarray(sim.desk_hours)),
        extra=extra,
    )
