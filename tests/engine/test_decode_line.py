"""The decode line t = T_mem / k + c (app.engine.decode_line), checked by hand."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from app.engine.decode_line import fit_decode_line


def test_two_runs_give_the_line_through_them():
    # T_mem 10 ms and 30 ms measured at 25 ms and 65 ms: slope 40 / 20 = 2 = 1 / k, so k = 0.5;
    # fixed cost 25 - 2 x 10 = 5 ms.
    line = fit_decode_line([0.010, 0.030], [0.025, 0.065])
    assert_allclose(line.mbu_factor, 0.5, rtol=1e-9)
    assert_allclose(line.fixed_s, 0.005, rtol=1e-9)
    assert line.runs == 2


def test_m2_max_q8_and_q4_rows_by_hand():
    # llama.cpp discussion 4167, Llama 2 7B on an M2 Max (400 GB/s): Q8_0 7.16 GB at 39.97 t/s,
    # Q4_0 3.82 GB at 60.99 t/s. T_mem at MBU 1 = 17.9 ms and 9.55 ms; tokens 25.019 and 16.396 ms.
    # 1/k = (25.019 - 16.396) / (17.9 - 9.55) = 8.623 / 8.35 = 1.0327, so k = 0.968 (MBU 0.968);
    # c = 16.396 - 1.0327 x 9.55 = 6.534 ms.
    line = fit_decode_line([0.0179, 0.00955], [1 / 39.97, 1 / 60.99])
    assert_allclose(line.mbu_factor, 0.968, rtol=2e-3)
    assert_allclose(line.fixed_s, 0.006534, rtol=2e-3)


def test_exact_line_is_recovered_from_many_runs():
    xs = [0.004, 0.012, 0.05, 0.13]
    ts = [x / 0.8 + 0.003 for x in xs]
    line = fit_decode_line(xs, ts)
    assert_allclose([line.mbu_factor, line.fixed_s], [0.8, 0.003], rtol=1e-9)


@pytest.mark.parametrize(
    ("xs", "ts"),
    [
        ([0.01], [0.02]),  # one run: no line
        ([0.01, 0.01], [0.02, 0.03]),  # same bytes: no slope
        ([0.01, -0.02], [0.02, 0.03]),  # a negative time
        ([0.01, 0.03], [0.05, 0.02]),  # faster with more bytes: no positive slope
    ],
)
def test_runs_that_cannot_make_a_line_are_refused(xs, ts):
    with pytest.raises(ValueError):
        fit_decode_line(xs, ts)
