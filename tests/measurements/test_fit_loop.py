"""The one fit loop (calibration.coordinate_descent) that the product's fit and the developer bench
share: it finds a separable minimum on the grid, respects `allowed`, evaluates each trial once."""

from __future__ import annotations

import math

import pytest

from app.domain import DomainError
from app.engine.calibration import coordinate_descent

GRID = tuple(round(0.5 + 0.1 * i, 2) for i in range(16))  # 0.5 .. 2.0


def bowl(mult: dict[str, float]) -> float:
    """Minimum at a = 1.3, b = 0.7 (|ln| distance, like the fit's error)."""
    return abs(math.log(mult["a"] / 1.3)) + abs(math.log(mult["b"] / 0.7))


def test_finds_the_minimum_on_the_grid():
    mult, best = coordinate_descent(bowl, ("a", "b"), GRID)
    assert mult == {"a": 1.3, "b": 0.7}
    assert best == pytest.approx(0.0, abs=1e-12)


def test_allowed_keeps_a_factor_inside_its_band():
    mult, _ = coordinate_descent(bowl, ("a", "b"), GRID, allowed=lambda f, k: f != "a" or k <= 1.1)
    assert mult == {"a": 1.1, "b": 0.7}


def test_each_trial_is_evaluated_once():
    calls: list[tuple[float, float]] = []

    def counted(mult):
        calls.append((mult["a"], mult["b"]))
        return bowl(mult)

    coordinate_descent(counted, ("a", "b"), GRID, sweeps=3)
    assert len(calls) == len(set(calls))


def test_cancel_stops_the_fit():
    with pytest.raises(DomainError, match="cancelled"):
        coordinate_descent(bowl, ("a", "b"), GRID, cancelled=lambda: True)
