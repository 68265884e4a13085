"""Finite Markov reward processes and Beta-heterogeneous cohort churn (the analytic engine).

Two building blocks live here:

* :class:`MarkovRewardProcess` -- a customer-migration Markov chain with a reward paid at
  the *start* of every period spent in a state, valued the way Pfeifer & Carraway (2000)
  do it: ``V^T = sum_{t=0}^{T} (d P)^t R`` with ``d = 1 / (1 + i)``, and the infinite
  horizon ``V = (I - d P)^{-1} R``.
* :class:`BetaGeometricCohort` -- the shifted-beta-geometric (sBG) model of Fader & Hardie
  (2007): every customer churns with a constant per-period probability ``theta`` and
  ``theta ~ Beta(alpha, beta)`` across the cohort.

Both are frozen dataclasses validated on construction; bad input raises
:class:`~crmsim.common.errors.ScenarioError` with a one-sentence message.

References
----------
Pfeifer, P. E. & Carraway, R. L. (2000). Modeling customer relationships as Markov chains.
*Journal of Interactive Marketing* 14(2), 43-55.

Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention.
*Journal of Interactive Marketing* 21(1), 76-90.

Fader, P. S. & Hardie, B. G. S. (2010). Customer-base valuation in a contractual setting:
the perils of ignoring heterogeneity. *Marketing Science* 29(1), 85-93.

Examples
--------
A customer who is alive pays a margin of 100 at the start of each period and stays with
probability 0.8; money is discounted at 10 % per period:

>>> mrp = MarkovRewardProcess(
...     states=("alive", "lost"),
...     transition=[[0.8, 0.2], [0.0, 1.0]],
...     reward=[100.0, 0.0],
...     discount_rate=0.10,
... )
>>> round(float(mrp.value()[0]), 2)  # 100 * (1 + i) / (1 + i - r)
366.67
>>> round(BetaGeometricCohort(alpha=0.704, beta=1.182).mean_churn_probability(), 3)
0.373
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import optimize, special

from crmsim.common.checks import check_choice, check_int, check_number
from crmsim.common.errors import ScenarioError
from crmsim.common.numbers import format_number

__all__ = [
    "BetaGeometricCohort",
    "MarkovRewardProcess",
    "discount_factors",
    "periods_before_absorption",
    "sbg_log_likelihood",
    "sbg_log_likelihood_by_mean",
]

_ROW_SUM_TOL = 1e-9
"""Largest accepted distance between a transition row sum and 1."""


_exact = functools.partial(format_number, digits=10, grouping=False)
"""A number as an error message shows it: without float noise (``0.93``, not ``0.9300001``)."""


def _readonly(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


def discount_factors(discount_rate: float, n_periods: int) -> np.ndarray:
    """Return the discount factors ``d**t`` for ``t = 0, ..., n_periods - 1``.

    Parameters
    ----------
    discount_rate : float
        Per-period discount rate ``i >= 0``; ``d = 1 / (1 + i)``.
    n_periods : int
        Number of factors (periods) wanted, ``>= 0``.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_periods,)``; the first factor is 1 (period 0 is not discounted).

    Examples
    --------
    >>> discount_factors(0.25, 3)
    array([1.  , 0.8 , 0.64])
    """
    rate = check_number("discount_factors(discount_rate)", discount_rate, low=0.0)
    n = check_int("discount_factors(n_periods)", n_periods, low=0)
    return np.power(1.0 / (1.0 + rate), np.arange(n, dtype=float))


def _checked_transition(
    transition: Any, states: tuple[str, ...], *, stacked: bool = False
) -> np.ndarray:
    """``transition`` as a float array of shape (n, n), or (..., n, n) when ``stacked``.

    Every entry must be in [0, 1] and every row sum to 1 (within :data:`_ROW_SUM_TOL`).
    """
    owner = "MarkovRewardProcess"
    n = len(states)
    try:
        transition = np.array(transition, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ScenarioError(
            f"{owner}.transition must be an {n} x {n} array of numbers; received {transition!r}."
        ) from exc
    shape = transition.shape
    if (shape[-2:] if stacked and len(shape) >= 2 else shape) != (n, n):
        raise ScenarioError(
            f"{owner}.transition must have shape ({n}, {n}), one row and column per "
            f"state; received shape {shape}."
        )
    bad = ~(np.isfinite(transition) & (transition >= 0.0) & (transition <= 1.0))
    if bad.any():
        where = tuple(np.argwhere(bad)[0])
        i, j = where[-2:]
        raise ScenarioError(
            f"{owner}.transition['{states[i]}', '{states[j]}'] must be a number in "
            f"[0, 1]; received {_exact(float(transition[where]))}."
        )
    row_sums = transition.sum(axis=-1)
    off = np.abs(row_sums - 1.0) > _ROW_SUM_TOL
    if off.any():
        where = tuple(np.argwhere(off)[0])
        raise ScenarioError(
            f"{owner}.transition row '{states[where[-1]]}' must sum to 1; "
            f"received {_exact(float(row_sums[where]))}."
        )
    return transition


def _absorbing(transition: np.ndarray) -> np.ndarray:
    """(..., n) the states a chain never leaves (``P[s, s] == 1`` up to rounding)."""
    return np.diagonal(transition, axis1=-2, axis2=-1) >= 1.0 - _ROW_SUM_TOL


def _check_absorbed(transition: np.ndarray, absorbing: np.ndarray, states: tuple[str, ...]) -> None:
    """Raise unless every chain has an absorbing state that all its states can reach."""
    if not absorbing.any(axis=-1).all():
        names = ", ".join(f"'{s}'" for s in states)
        raise ScenarioError(
            "MarkovRewardProcess needs at least one absorbing state (P[s, s] == 1) to "
            f"measure time to absorption; none of {names} is absorbing."
        )
    reaches = absorbing.copy()
    positive = transition > 0.0
    while True:
        grown = reaches | (positive & reaches[..., None, :]).any(axis=-1)
        if (grown == reaches).all():
            break
        reaches = grown
    if not reaches.all():
        k = int(np.argwhere(~reaches)[0][-1])
        raise ScenarioError(
            f"MarkovRewardProcess state '{states[k]}' can never reach an absorbing "
            "state, so its expected time to absorption is infinite; received a "
            "transition matrix with a closed non-absorbing class."
        )


def periods_before_absorption(transition: Any, states: Sequence[str]) -> np.ndarray:
    """Expected periods spent in non-absorbing states before absorption, per starting state.

    The computation behind :meth:`MarkovRewardProcess.expected_periods_before_absorption`,
    for one chain or a stack of chains on the same ``states``: a non-absorbing state's
    periods ``m`` solve ``m = 1 + Q m`` (``Q`` the moves among non-absorbing states, so
    ``m`` is the row sum of the fundamental matrix ``(I - Q)^-1``); absorbing states get 0.

    Parameters
    ----------
    transition : array_like of shape (n, n) or (..., n, n)
        Checked as :class:`MarkovRewardProcess` checks its transition matrix.
    states : sequence of str
        The n state names (named in errors).

    Raises
    ------
    ScenarioError
        If a chain has no absorbing state, or some state can never reach one.

    Examples
    --------
    >>> chains = [[[0.75, 0.25], [0.0, 1.0]], [[0.5, 0.5], [0.0, 1.0]]]
    >>> periods_before_absorption(chains, ("alive", "lost")).tolist()
    [[4.0, 0.0], [2.0, 0.0]]
    """
    states = tuple(states)
    P = _checked_transition(transition, states, stacked=True)
    absorbing = _absorbing(P)
    _check_absorbed(P, absorbing, states)
    moving = (~absorbing).astype(float)
    system = np.eye(len(states)) - P * moving[..., :, None]  # absorbing rows: m = 0
    return np.linalg.solve(system, moving[..., None])[..., 0]


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkovRewardProcess:
    """A finite Markov chain with a reward paid at the start of each period in a state.

    Parameters
    ----------
    states : tuple of str
        Unique, non-empty state names; they label the rows and columns of ``transition``.
    transition : array_like, shape (n, n)
        Per-period transition probabilities ``P[s, s']``; every entry in [0, 1] and every
        row summing to 1 (within 1e-9).
    reward : array_like, shape (n,)
        Reward (e.g. contribution minus marketing cost) received at the START of each
        period the customer spends in a state; any finite number.
    discount_rate : float, default 0.0
        Per-period discount rate ``i >= 0``; cash flows ``t`` periods ahead are multiplied
        by ``d**t`` with ``d = 1 / (1 + i)``.

    Notes
    -----
    ``transition`` and ``reward`` are stored as read-only float copies, so a process can be
    shared freely.  Equality and hashing compare the numbers, which makes a process usable
    as a cache key.

    Examples
    --------
    >>> mrp = MarkovRewardProcess(
    ...     states=("alive", "lost"),
    ...     transition=[[0.75, 0.25], [0.0, 1.0]],
    ...     reward=[10.0, 0.0],
    ... )
    >>> mrp.n_states, mrp.index("lost"), mrp.absorbing_states()
    (2, 1, ('lost',))
    >>> mrp.value(horizon=1)  # 10 now plus 0.75 * 10 next period
    array([17.5,  0. ])
    >>> mrp.expected_periods_before_absorption()  # 1 / (1 - 0.75)
    array([4., 0.])
    """

    states: tuple[str, ...]
    transition: np.ndarray
    reward: np.ndarray
    discount_rate: float = 0.0
    _d: float = field(init=False, repr=False, compare=False, default=1.0)
    _dP: np.ndarray = field(init=False, repr=False, compare=False, default=None)
    _positions: dict[str, int] = field(init=False, repr=False, compare=False, default=None)
    _cache: dict[str, Any] = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        owner = "MarkovRewardProcess"
        states = self.states
        if isinstance(states, str) or not hasattr(states, "__iter__"):
            raise ScenarioError(
                f"{owner}.states must be a sequence of state names; received {states!r}."
            )
        states = tuple(states)
        if not states:
            raise ScenarioError(f"{owner}.states must name at least one state; received ().")
        seen: set[str] = set()
        for name in states:
            if not isinstance(name, str) or not name.strip():
                raise ScenarioError(
                    f"{owner}.states must contain non-empty strings; received {name!r}."
                )
            if name in seen:
                raise ScenarioError(f"{owner}.states must be unique; received '{name}' twice.")
            seen.add(name)
        n = len(states)

        transition = _checked_transition(self.transition, states)

        try:
            reward = np.array(self.reward, dtype=float)
        except (TypeError, ValueError) as exc:
            raise ScenarioError(
                f"{owner}.reward must be a vector of {n} numbers; received {self.reward!r}."
            ) from exc
        if reward.shape != (n,):
            raise ScenarioError(
                f"{owner}.reward must have shape ({n},), one entry per state; "
                f"received shape {reward.shape}."
            )
        if not np.isfinite(reward).all():
            i = int(np.argmin(np.isfinite(reward)))
            raise ScenarioError(
                f"{owner}.reward['{states[i]}'] must be a finite number; "
                f"received {_exact(float(reward[i]))}."
            )

        rate = check_number(f"{owner}.discount_rate", self.discount_rate, low=0.0)
        d = 1.0 / (1.0 + rate)

        object.__setattr__(self, "states", states)
        object.__setattr__(self, "transition", _readonly(transition))
        object.__setattr__(self, "reward", _readonly(reward))
        object.__setattr__(self, "discount_rate", rate)
        object.__setattr__(self, "_d", d)
        object.__setattr__(self, "_dP", _readonly(d * transition))
        object.__setattr__(self, "_positions", {name: k for k, name in enumerate(states)})
        object.__setattr__(self, "_cache", {})

    # -- identity ---------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MarkovRewardProcess):
            return NotImplemented
        return (
            self.states == other.states
            and self.discount_rate == other.discount_rate
            and np.array_equal(self.transition, other.transition)
            and np.array_equal(self.reward, other.reward)
        )

    def __hash__(self) -> int:
        return hash(
            (self.states, self.discount_rate, self.transition.tobytes(), self.reward.tobytes())
        )

    # -- basic queries ----------------------------------------------------------------

    @property
    def n_states(self) -> int:
        """Number of states ``n``."""
        return len(self.states)

    def index(self, state: str) -> int:
        """Return the row/column position of ``state``.

        Examples
        --------
        >>> mrp = MarkovRewardProcess(states=("a", "b"), transition=np.eye(2), reward=[1, 0])
        >>> mrp.index("b")
        1
        >>> mrp.index("c")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        crmsim.common.errors.ScenarioError: ...state must be one of 'a', 'b'; received 'c'.
        """
        try:
            return self._positions[state]
        except (KeyError, TypeError):
            check_choice("MarkovRewardProcess.state", state, self.states)
            raise  # pragma: no cover - check_choice always raises here

    def absorbing_states(self) -> tuple[str, ...]:
        """Return the states that are never left (``P[s, s] == 1``), in state order."""
        cached = self._cache.get("absorbing")
        if cached is None:
            mask = _absorbing(self.transition)
            cached = self._cache["absorbing"] = _readonly(mask)
        return tuple(s for s, m in zip(self.states, cached, strict=True) if m)

    # -- populations ------------------------------------------------------------------

    def _initial_vector(self, initial: object, where: str) -> np.ndarray:
        """Turn a state name, a ``{state: amount}`` mapping or a vector into a vector."""
        n = self.n_states
        field_name = f"MarkovRewardProcess.{where}(initial)"
        if isinstance(initial, str):
            x0 = np.zeros(n)
            x0[self.index(initial)] = 1.0
            return x0
        if isinstance(initial, Mapping):
            x0 = np.zeros(n)
            for name, amount in initial.items():
                k = self.index(name)
                x0[k] = check_number(f"{field_name}['{name}']", amount, low=0.0)
            return x0
        try:
            x0 = np.array(initial, dtype=float)
        except (TypeError, ValueError) as exc:
            raise ScenarioError(
                f"{field_name} must be a state name, a {{state: amount}} mapping or "
                f"{n} non-negative numbers; received {initial!r}."
            ) from exc
        if x0.shape != (n,):
            raise ScenarioError(
                f"{field_name} must have shape ({n},), one entry per state; "
                f"received shape {x0.shape}."
            )
        bad = ~(np.isfinite(x0) & (x0 >= 0.0))
        if bad.any():
            k = int(np.argmax(bad))
            raise ScenarioError(
                f"{field_name}['{self.states[k]}'] must be a number in [0, inf); "
                f"received {_exact(float(x0[k]))}."
            )
        return x0

    def occupancy(self, initial: str | Mapping[str, float] | Any, n_periods: int) -> np.ndarray:
        """Expected number (or probability) in each state at the start of each period.

        Parameters
        ----------
        initial : str, mapping or array_like
            Where the population starts in period 0: a state name (one customer there), a
            ``{state: count_or_probability}`` mapping (missing states are 0), or a length-n
            vector of non-negative counts or probabilities.
        n_periods : int
            Number of periods ``>= 0``.

        Returns
        -------
        numpy.ndarray
            Shape ``(n_periods, n)``; row ``t`` is ``x_0 P^t``.  Every row sums to the
            initial total.

        Examples
        --------
        >>> mrp = MarkovRewardProcess(
        ...     states=("alive", "lost"), transition=[[0.5, 0.5], [0, 1]], reward=[1, 0]
        ... )
        >>> mrp.occupancy({"alive": 100}, 3)
        array([[100.,   0.],
               [ 50.,  50.],
               [ 25.,  75.]])
        """
        periods = check_int("MarkovRewardProcess.occupancy(n_periods)", n_periods, low=0)
        x = self._initial_vector(initial, "occupancy")
        out = np.empty((periods, self.n_states))
        transition = self.transition
        for t in range(periods):
            out[t] = x
            x = x @ transition
        return out

    # -- values -----------------------------------------------------------------------

    def _absorption_structure(self) -> tuple[np.ndarray, np.ndarray]:
        """Return (transient positions, fundamental matrix N = (I - Q)^-1), cached.

        Transient here means "not absorbing"; every such state must be able to reach an
        absorbing state, otherwise expected times (and undiscounted values) are infinite.
        """
        cached = self._cache.get("fundamental")
        if cached is not None:
            return cached
        self.absorbing_states()
        absorbing = self._cache["absorbing"]
        _check_absorbed(self.transition, absorbing, self.states)
        transient = np.flatnonzero(~absorbing)
        q = self.transition[np.ix_(transient, transient)]
        fundamental = np.linalg.inv(np.eye(transient.size) - q)
        cached = self._cache["fundamental"] = (_readonly(transient), _readonly(fundamental))
        return cached

    def value(self, horizon: int | None = None) -> np.ndarray:
        """Expected discounted reward per starting state.

        Counts periods ``0..horizon`` inclusive, the Pfeifer & Carraway (2000) convention::

            V^T = sum_{t=0}^{T} (d P)^t R,        V = (I - d P)^{-1} R  (T = infinity).

        Parameters
        ----------
        horizon : int or None, default None
            Last period counted, ``>= 0``; ``None`` for the infinite horizon.

        Returns
        -------
        numpy.ndarray
            Shape ``(n,)``.  ``value(0)`` equals ``reward``.  The infinite-horizon result is
            cached and returned read-only.

        Raises
        ------
        ScenarioError
            For ``horizon=None`` with ``discount_rate == 0`` when the undiscounted sum
            diverges: some state never reaches an absorbing state, or an absorbing state
            pays a non-zero reward.

        Examples
        --------
        >>> mrp = MarkovRewardProcess(
        ...     states=("alive", "lost"), transition=[[0.5, 0.5], [0, 1]], reward=[8, 0]
        ... )
        >>> mrp.value(horizon=2)  # 8 + 4 + 2
        array([14.,  0.])
        >>> mrp.value()  # 8 / (1 - 0.5), undiscounted but absorbed
        array([16.,  0.])
        """
        if horizon is None:
            return self._infinite_value()
        periods = check_int("MarkovRewardProcess.value(horizon)", horizon, low=0)
        reward = self.reward
        dp = self._dP
        v = reward.copy()
        for _ in range(periods):  # Horner: V^T = R + dP V^{T-1}
            v = reward + dp @ v
        return v

    def _infinite_value(self) -> np.ndarray:
        cached = self._cache.get("value")
        if cached is not None:
            return cached
        n = self.n_states
        if self._d < 1.0:
            v = np.linalg.solve(np.eye(n) - self._dP, self.reward)
        else:
            try:
                transient, fundamental = self._absorption_structure()
            except ScenarioError as exc:
                raise ScenarioError(
                    "MarkovRewardProcess.value(horizon=None) diverges without discounting "
                    "because I - P is singular and some state is never absorbed; use a "
                    "discount_rate > 0 or a finite horizon, received discount_rate "
                    f"{_exact(self.discount_rate)}."
                ) from exc
            absorbing = self._cache["absorbing"]
            paying = absorbing & (self.reward != 0.0)
            if paying.any():
                k = int(np.argmax(paying))
                raise ScenarioError(
                    "MarkovRewardProcess.value(horizon=None) diverges without discounting "
                    f"because absorbing state '{self.states[k]}' pays reward "
                    f"{_exact(float(self.reward[k]))} forever; use a discount_rate > 0 or a "
                    f"finite horizon, received discount_rate {_exact(self.discount_rate)}."
                )
            v = np.zeros(n)
            v[transient] = fundamental @ self.reward[transient]
        cached = self._cache["value"] = _readonly(v)
        return cached

    def discounted_cash_flow(
        self, initial: str | Mapping[str, float] | Any, n_periods: int
    ) -> np.ndarray:
        """Expected discounted reward of the initial population in each period.

        Returns ``occupancy(initial, n_periods) @ reward * d**t`` for ``t = 0..n_periods-1``;
        its sum equals ``x_0 @ value(horizon=n_periods - 1)``.

        Examples
        --------
        >>> mrp = MarkovRewardProcess(
        ...     states=("alive", "lost"), transition=[[0.5, 0.5], [0, 1]], reward=[8, 0],
        ...     discount_rate=1.0,
        ... )
        >>> mrp.discounted_cash_flow("alive", 3)  # 8, 8*0.5*0.5, 8*0.25*0.25
        array([8. , 2. , 0.5])
        """
        occ = self.occupancy(initial, n_periods)
        return (occ @ self.reward) * np.power(self._d, np.arange(occ.shape[0], dtype=float))

    def expected_periods_before_absorption(self) -> np.ndarray:
        """Expected number of periods spent in non-absorbing states before absorption.

        Uses the fundamental matrix ``N = (I - Q)^{-1}`` of the non-absorbing states: the
        result for a transient state is the row sum of ``N`` (the period it starts in
        counts), and 0 for absorbing states.

        Raises
        ------
        ScenarioError
            If no state is absorbing, or some state can never reach an absorbing state.

        Examples
        --------
        >>> mrp = MarkovRewardProcess(
        ...     states=("new", "loyal", "lost"),
        ...     transition=[[0.0, 0.5, 0.5], [0.0, 0.9, 0.1], [0.0, 0.0, 1.0]],
        ...     reward=[0, 0, 0],
        ... )
        >>> mrp.expected_periods_before_absorption()  # 1 + 0.5 * 10
        array([ 6., 10.,  0.])
        """
        cached = self._cache.get("periods")
        if cached is None:
            periods = periods_before_absorption(self.transition, self.states)
            cached = self._cache["periods"] = _readonly(periods)
        return cached

    def with_reward(self, reward: Any) -> MarkovRewardProcess:
        """Return a copy of this process with a different reward vector."""
        return dataclasses.replace(self, reward=reward)


# ---------------------------------------------------------------------------------------
# Shifted-beta-geometric cohort churn (Fader & Hardie 2007, 2010)
# ---------------------------------------------------------------------------------------


def _periods(field_name: str, periods: Any, low: int) -> np.ndarray:
    """Validate an array-like of whole numbers ``>= low`` and return it as floats."""
    try:
        t = np.asarray(periods, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ScenarioError(
            f"{field_name} must be whole numbers in [{low}, inf); received {periods!r}."
        ) from exc
    bad = ~(np.isfinite(t) & (t >= low) & (t == np.floor(t)))
    if bad.any():
        value = float(t[bad].flat[0])
        raise ScenarioError(
            f"{field_name} must be whole numbers in [{low}, inf); received {_exact(value)}."
        )
    return t


@dataclass(frozen=True, slots=True, kw_only=True)
class BetaGeometricCohort:
    """Shifted-beta-geometric (sBG) churn of a cohort with Beta-distributed churn rates.

    Each customer has a constant per-period churn probability ``theta`` and ``theta`` is
    ``Beta(alpha, beta)`` across the cohort (Fader & Hardie 2007).  ``T`` is the period in
    which a customer churns (``T >= 1``); ``S(t) = P(T > t)`` is the share still active
    after ``t`` renewal opportunities.

    Parameters
    ----------
    alpha, beta : float
        Beta shape parameters, both ``> 0``.

    Examples
    --------
    >>> regular = BetaGeometricCohort(alpha=0.704, beta=1.182)
    >>> regular.survival([0, 1, 2]).round(3)
    array([1.   , 0.627, 0.474])
    >>> regular.retention_rate([1, 2]).round(3)
    array([0.627, 0.756])
    """

    alpha: float
    beta: float

    def __post_init__(self) -> None:
        for name in ("alpha", "beta"):
            value = check_number(
                f"BetaGeometricCohort.{name}", getattr(self, name), low=0.0, low_open=True
            )
            object.__setattr__(self, name, value)

    def _log_b0(self) -> float:
        return float(special.betaln(self.alpha, self.beta))

    def survival(self, periods: Any) -> np.ndarray:
        """``S(t) = B(alpha, beta + t) / B(alpha, beta)`` for whole ``t >= 0``."""
        t = _periods("BetaGeometricCohort.survival(periods)", periods, 0)
        return np.exp(special.betaln(self.alpha, self.beta + t) - self._log_b0())

    def churn_probability(self, periods: Any) -> np.ndarray:
        """``P(T = t) = B(alpha + 1, beta + t - 1) / B(alpha, beta)`` for whole ``t >= 1``.

        Examples
        --------
        >>> BetaGeometricCohort(alpha=1.0, beta=1.0).churn_probability([1, 2, 3])
        array([0.5       , 0.16666667, 0.08333333])
        """
        t = _periods("BetaGeometricCohort.churn_probability(periods)", periods, 1)
        return np.exp(special.betaln(self.alpha + 1.0, self.beta + t - 1.0) - self._log_b0())

    def retention_rate(self, periods: Any) -> np.ndarray:
        """``r_t = S(t) / S(t - 1) = (beta + t - 1) / (alpha + beta + t - 1)``, ``t >= 1``."""
        t = _periods("BetaGeometricCohort.retention_rate(periods)", periods, 1)
        return (self.beta + t - 1.0) / (self.alpha + self.beta + t - 1.0)

    def mean_churn_probability(self) -> float:
        """Mean churn probability in the cohort at acquisition, ``alpha / (alpha + beta)``."""
        return self.alpha / (self.alpha + self.beta)

    def expected_lifetime(self) -> float:
        """Expected number of periods until churn, counting the first: ``E[T]``.

        ``E[T] = sum_{t>=0} S(t) = E[1 / theta] = (alpha + beta - 1) / (alpha - 1)`` for
        ``alpha > 1``; infinite for ``alpha <= 1`` (too many customers with ``theta``
        near 0).

        Examples
        --------
        >>> BetaGeometricCohort(alpha=3.0, beta=2.0).expected_lifetime()
        2.0
        >>> BetaGeometricCohort(alpha=0.7, beta=1.2).expected_lifetime()
        inf
        """
        if self.alpha <= 1.0:
            return math.inf
        return (self.alpha + self.beta - 1.0) / (self.alpha - 1.0)

    def discounted_expected_residual_lifetime(
        self, discount_rate: float, n_renewals_so_far: int = 1
    ) -> float:
        """DERL of a customer who has renewed ``n_renewals_so_far`` times (FH 2010, eq. 6).

        For a customer at the end of period ``n`` (so ``n - 1 = n_renewals_so_far``
        renewals made, about to face renewal ``n``)::

            DERL = sum_{t>=n} S(t | T > n-1) / (1+i)^(t-n)
                 = (beta+n-1)/(alpha+beta+n-1) * 2F1(1, beta+n; alpha+beta+n; 1/(1+i)).

        The next period's payment, made at the renewal about to happen, is undiscounted;
        multiply by the per-period margin to get the expected residual lifetime value.

        The hypergeometric series is summed directly (its terms fall at least as fast as
        ``(1+i)^-k``): ``scipy.special.hyp2f1`` returns NaN for large ``beta`` and, for
        small ``beta`` with ``i`` near 0, silently wrong values (e.g. -26.6 instead of
        7.18 for ``2F1(1, 1.05; 2.05; 1/1.001)`` with scipy 1.17).

        Parameters
        ----------
        discount_rate : float
            Per-period discount rate ``i >= 0``.  With ``i == 0`` the result is the
            expected residual lifetime, infinite when ``alpha <= 1``.
        n_renewals_so_far : int, default 1
            Renewals already made (``>= 0``); 0 is a customer who just joined.

        Examples
        --------
        >>> case1 = BetaGeometricCohort(alpha=3.80, beta=15.20)
        >>> round(case1.discounted_expected_residual_lifetime(0.10, n_renewals_so_far=0), 2)
        3.31
        """
        rate = check_number(
            "BetaGeometricCohort.discounted_expected_residual_lifetime(discount_rate)",
            discount_rate,
            low=0.0,
        )
        renewals = check_int(
            "BetaGeometricCohort.discounted_expected_residual_lifetime(n_renewals_so_far)",
            n_renewals_so_far,
            low=0,
        )
        n = renewals + 1
        a, b = self.alpha, self.beta
        if rate == 0.0:  # Gauss: 2F1(1, b+n; a+b+n; 1) = (a+b+n-1)/(a-1) for a > 1
            return (b + n - 1.0) / (a - 1.0) if a > 1.0 else math.inf
        retention = (b + n - 1.0) / (a + b + n - 1.0)
        return retention * _hyp2f1_one(b + n, a + b + n, 1.0 / (1.0 + rate))

    @classmethod
    def fit(cls, survivors: Any) -> BetaGeometricCohort:
        """Maximum-likelihood sBG fit to one cohort's survivor counts.

        Parameters
        ----------
        survivors : array_like
            ``n_0, n_1, ..., n_T``: cohort size at acquisition, then the number still
            active after each renewal opportunity: at least 3 non-negative, non-increasing
            numbers with ``n_0 > 0`` and at least one churned customer.  The ``n_T``
            customers still active at ``T`` are right-censored.

        Returns
        -------
        BetaGeometricCohort
            The maximising ``(alpha, beta)``, found on the log scale with BFGS and the
            analytic gradient.

        Examples
        --------
        >>> fit = BetaGeometricCohort.fit([1000, 631, 468, 382, 326, 289, 262, 241])
        >>> round(fit.alpha, 3), round(fit.beta, 3)
        (0.704, 1.182)
        """
        n = _validated_survivors(survivors, "BetaGeometricCohort.fit(survivors)")

        def negative_log_likelihood(log_params: np.ndarray) -> tuple[float, np.ndarray]:
            a, b = np.exp(log_params)
            value, gradient = _sbg_log_likelihood_and_gradient(a, b, n)
            return -value, -gradient * (a, b)  # d/d(log a) = a d/da

        result = optimize.minimize(
            negative_log_likelihood,
            x0=np.zeros(2),
            jac=True,
            method="BFGS",
            options={"gtol": 1e-10 * float(n[0]), "maxiter": 500},
        )
        if not np.all(np.isfinite(result.x)) or np.any(np.abs(result.x) > 30):
            raise ScenarioError(
                "BetaGeometricCohort.fit(survivors) must show a churn pattern with a finite "
                f"maximum-likelihood estimate; received {n.tolist()!r}."
            )
        a, b = np.exp(result.x)
        return cls(alpha=float(a), beta=float(b))


_SERIES_CHUNK = 4096
_SERIES_MAX_TERMS = 1 << 22


def _hyp2f1_one(b: float, c: float, z: float) -> float:
    """``2F1(1, b; c; z) = sum_k prod_{j<k} (b+j)/(c+j) z^k`` for ``0 < b < c``, ``0 < z < 1``.

    Summed in vectorised chunks on the log scale until the next term is below 1e-17 of the
    total; every term ratio is below ``z``, so this converges geometrically.
    """
    log_z = math.log(z)
    gap = c - b
    total = 0.0
    log_term = 0.0
    for start in range(0, _SERIES_MAX_TERMS, _SERIES_CHUNK):
        k = np.arange(start, start + _SERIES_CHUNK, dtype=float)
        log_ratio = np.log1p(-gap / (c + k)) + log_z  # log((b + k) / (c + k) * z)
        logs = log_term + np.concatenate(([0.0], np.cumsum(log_ratio[:-1])))
        total += float(np.exp(logs).sum())
        log_term = float(logs[-1] + log_ratio[-1])
        if math.exp(log_term) <= 1e-17 * total:
            return total
    raise ScenarioError(
        "BetaGeometricCohort.discounted_expected_residual_lifetime(discount_rate) must be 0 "
        f"or at least about 1e-05 for the series to converge; received {_exact(1 / z - 1)}."
    )


def sbg_log_likelihood(alpha: float, beta: float, survivors: Any) -> float:
    """Log-likelihood of one cohort's survivor counts under the sBG model.

    The ``n_{t-1} - n_t`` customers lost in period ``t`` contribute
    ``log P(T = t)`` each and the ``n_T`` still active at the end ``log S(T)`` each
    (right-censored); Fader & Hardie (2007), eq. 6. :meth:`BetaGeometricCohort.fit`
    maximises it.

    Parameters
    ----------
    alpha, beta : float
        Beta shape parameters, both ``> 0``.
    survivors : array_like
        ``n_0, n_1, ..., n_T`` as for :meth:`BetaGeometricCohort.fit`.

    Returns
    -------
    float

    Examples
    --------
    >>> regular = [1000, 631, 468, 382, 326, 289, 262, 241]  # Fader & Hardie 2007
    >>> round(sbg_log_likelihood(0.704, 1.182, regular), 1)
    -1680.3
    >>> cohort = BetaGeometricCohort(alpha=0.704, beta=1.182)
    >>> by_hand = (369 * np.log(cohort.churn_probability(1))
    ...            + sum((regular[t - 1] - regular[t]) * np.log(cohort.churn_probability(t))
    ...                  for t in range(2, 8))
    ...            + 241 * np.log(cohort.survival(7)))
    >>> bool(np.isclose(sbg_log_likelihood(0.704, 1.182, regular), by_hand))
    True
    """
    a = check_number("sbg_log_likelihood(alpha)", alpha, low=0.0, low_open=True)
    b = check_number("sbg_log_likelihood(beta)", beta, low=0.0, low_open=True)
    n = _validated_survivors(survivors, "sbg_log_likelihood(survivors)")
    return _sbg_log_likelihood_and_gradient(a, b, n)[0]


def sbg_log_likelihood_by_mean(mean_logit: float, log_size: float, survivors: Any) -> float:
    """:func:`sbg_log_likelihood` at ``alpha = m s``, ``beta = (1 - m) s``, accurate at the edges.

    ``m = expit(mean_logit)`` is the mean churn probability and ``s = exp(log_size)`` is
    ``alpha + beta``. The likelihood is built from the retention recursion
    ``S(t) = S(t - 1) (beta + t - 1) / (s + t - 1)`` on the log scale, so it stays exact
    where ``betaln`` differences lose every digit (``m`` within 1e-9 of 0 or 1, ``s`` near
    0 or huge); a profile likelihood over ``m`` needs those edges.

    Examples
    --------
    >>> regular = [1000, 631, 468, 382, 326, 289, 262, 241]
    >>> m, s = 0.704 / (0.704 + 1.182), 0.704 + 1.182
    >>> by_mean = sbg_log_likelihood_by_mean(np.log(m / (1 - m)), np.log(s), regular)
    >>> bool(np.isclose(by_mean, sbg_log_likelihood(0.704, 1.182, regular)))
    True
    >>> sbg_log_likelihood_by_mean(30.0, -12.0, [100, 0, 0]) <= 0.0  # all left at once
    True
    """
    x = check_number("sbg_log_likelihood_by_mean(mean_logit)", mean_logit)
    ls = check_number("sbg_log_likelihood_by_mean(log_size)", log_size)
    n = _validated_survivors(survivors, "sbg_log_likelihood_by_mean(survivors)")
    log_m = -float(np.logaddexp(0.0, -x))
    log_1m = -float(np.logaddexp(0.0, x))
    t = np.arange(1.0, n.size)
    with np.errstate(divide="ignore"):
        log_before = np.log(t - 1.0)  # log(t - 1), -inf at t = 1
    log_denominator = np.logaddexp(ls, log_before)  # log(s + t - 1)
    log_retention = np.logaddexp(log_1m + ls, log_before) - log_denominator
    log_retention[0] = log_1m
    log_survival = np.cumsum(log_retention)
    log_churn = np.concatenate(([0.0], log_survival[:-1])) + log_m + ls - log_denominator
    lost = n[:-1] - n[1:]
    value = float(np.sum(lost[lost > 0] * log_churn[lost > 0]))
    if n[-1] > 0:
        value += float(n[-1] * log_survival[-1])
    return value


def _sbg_log_likelihood_and_gradient(a: float, b: float, n: np.ndarray) -> tuple[float, np.ndarray]:
    """:func:`sbg_log_likelihood` of validated counts ``n`` and its gradient in ``(a, b)``."""
    lost = n[:-1] - n[1:]
    t = np.arange(1.0, n.size)
    censored = float(n[-1])
    horizon = float(n.size - 1)
    log_b0 = special.betaln(a, b)
    churned = lost > 0  # 0 customers times a log of 0 would be NaN, not 0
    value = lost[churned] @ (special.betaln(a + 1.0, b + t[churned] - 1.0) - log_b0)
    if censored > 0:
        value += censored * (special.betaln(a, b + horizon) - log_b0)
    psi_ab = special.digamma(a + b)
    # d/d(a, b) of log B(a, b) summed over every customer (all share the denominator)
    total = float(n[0])
    d0_a = total * (special.digamma(a) - psi_ab)
    d0_b = total * (special.digamma(b) - psi_ab)
    psi_churn = special.digamma(a + b + t)
    g_a = lost @ (special.digamma(a + 1.0) - psi_churn)
    g_b = lost @ (special.digamma(b + t - 1.0) - psi_churn)
    psi_cens = special.digamma(a + b + horizon)
    g_a += censored * (special.digamma(a) - psi_cens)
    g_b += censored * (special.digamma(b + horizon) - psi_cens)
    return float(value), np.array([g_a - d0_a, g_b - d0_b])


def _validated_survivors(survivors: Any, field_name: str) -> np.ndarray:
    try:
        n = np.array(survivors, dtype=float)
    except (TypeError, ValueError, OverflowError) as exc:
        raise ScenarioError(
            f"{field_name} must be a sequence of survivor counts; received {survivors!r}."
        ) from exc
    if n.ndim != 1 or n.size < 3:
        raise ScenarioError(
            f"{field_name} must hold at least 3 survivor counts n_0, n_1, n_2, ...; "
            f"received {survivors!r}."
        )
    for k, value in enumerate(n):
        upper = math.inf if k == 0 else float(n[k - 1])
        shown = int(value) if float(value).is_integer() else float(value)
        check_number(f"{field_name}[{k}]", shown, low=0.0, high=upper)
    if n[0] <= 0.0:
        raise ScenarioError(f"{field_name}[0] must be a number in (0, inf); received 0.")
    if n[-1] == n[0]:
        raise ScenarioError(
            f"{field_name} must show at least one churned customer for the fit to exist; "
            f"received {survivors!r}."
        )
    return n
