"""bench/energy_accuracy.py: measured serving power from the ML.ENERGY rows, checked by hand, and
the energy model's error at the default assumptions (no threshold: the figure is reported)."""

from __future__ import annotations

import importlib.util
import math
import sys

import pytest
from numpy.testing import assert_allclose

from app.domain import Assumptions
from app.paths import ROOT


@pytest.fixture(scope="module")
def energy():
    path = ROOT / "bench" / "energy_accuracy.py"
    spec = importlib.util.spec_from_file_location("archwise_bench_energy", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_measured_power_is_energy_per_request_times_rate(energy):
    scored = {s.id: s for s in energy.score(Assumptions())}
    # rate-6 run: 59.056 J/request x 3.5233 requests/s = 208.07 W on one A100 40GB (TDP 400 W)
    sat = scored["mlenergy-a100-40-llama3-8b-vllm-rate6"]
    assert_allclose(sat.measured_w, 59.05596200000029 * 3.5233160820233653, rtol=1e-12)
    # defaults: busy 0.5 x 400 W = 200 W at u = 1: -3.9 % here
    assert_allclose(sat.predicted_w, 200.0)
    assert_allclose(sat.error_pct, 100 * (200 - 208.0728) / 208.0728, rtol=1e-5)
    assert_allclose(energy.implied_busy_fraction(list(scored.values())), 208.0728 / 400, rtol=1e-6)
    # rate 1: 0.95208 req/s of 12.486-s requests, 11.9 in flight: busy a = 1 - exp(-0.95208 x 12.486)
    # = 0.999993 of the time, so 45 + (200 - 45) x a = 199.999 W against 201.0 measured (-0.5 %); the
    # model before scaled by the rate, u = 0.27022: 45 + 155 x 0.27022 = 86.9 W (-56.8 %)
    low = scored["mlenergy-a100-40-llama3-8b-vllm-rate1"]
    busy = 1 - math.exp(-0.9520773759207745 * 12.48580516723798)
    assert_allclose(low.busy_share, busy, rtol=1e-12)
    assert_allclose(low.predicted_w, 45 + 155 * busy, rtol=1e-9)
    assert abs(low.error_pct) < 1.0
    before = {s.id: s for s in energy.score(Assumptions(), rule="utilisation")}
    assert_allclose(before[low.id].predicted_w, 45 + 155 * 0.27022, rtol=1e-9)


def test_defaults_beat_the_old_tdp_defaults_on_held_out_rows(energy):
    scored = energy.score(Assumptions())
    old = energy.score(Assumptions(busy_power_fraction=1.0))
    assert energy.mean_abs_error(scored, "held_out") < energy.mean_abs_error(old, "held_out")


def test_linear_model_at_stated_fractions(energy):
    # the catalog's idle 45 W (A100 40GB), busy 0.52 x 400 = 208 W; rate 3: 2.6483 req/s of 20.24-s
    # requests, busy a = 1 - exp(-53.6) = 1: 208 W (the utilisation rule: 45 + 163 x 0.75165 W)
    a = Assumptions(idle_power_fraction=0.2, busy_power_fraction=0.52)
    scored = {s.id: s for s in energy.score(a)}
    assert_allclose(scored["mlenergy-a100-40-llama3-8b-vllm-rate3"].predicted_w, 208.0, rtol=1e-9)
    before = {s.id: s for s in energy.score(a, rule="utilisation")}
    assert_allclose(before["mlenergy-a100-40-llama3-8b-vllm-rate3"].predicted_w, 45 + 163 * 0.75165, rtol=1e-9)


def test_mlperf_system_rows_score_node_power_at_the_wall(energy):
    scored = {s.id: s for s in energy.score(Assumptions())}
    off = scored["mlperf41-h200x8-maxq-llama2-70b-offline"]
    assert off.basis == "system"
    # measured: mean wall power of the run, 6,152.984 W for 8x H200 capped at 500 W (MaxQ)
    assert_allclose(off.measured_w, 6152.984)
    # model: 8 x (500 W cap x busy 0.5) + DGX H100 host 4,600 W / 8 x 8 = 2,000 + 4,600 = 6,600 W
    assert_allclose(off.predicted_w, 8 * 500 * 0.5 + 4600.0)
    assert_allclose(off.error_pct, 100 * (6600 - 6152.984) / 6152.984, rtol=1e-9)
    # energy per 1M output tokens: 6,152.984 W / 25,262.1 tok/s / 3,600 s/h x 1e6 = 67.66 Wh
    assert_allclose(off.measured_wh_per_million_tokens, 6152.984 / 25262.1 / 3600 * 1e6, rtol=1e-12)
    assert_allclose(off.measured_wh_per_million_tokens, 67.657, rtol=1e-4)


def test_system_rows_are_reported_apart_and_left_out_of_the_busy_fraction(energy):
    scored = energy.score(Assumptions())
    system = [s for s in scored if s.basis == "system"]
    assert len(system) == 10  # MLPerf v4.1 (8x H200 MaxQ) 4 rows, v5.1 (Lenovo 8x B200) 6 rows
    # the held-out busy fraction is still read from the GPU rows alone (Gemma 214.7 W, 70B 148.9 W of 400 W)
    gpu_sat = [s.measured_w / 400 for s in scored if s.basis == "gpu" and s.split == "held_out" and s.utilisation >= 1]
    assert_allclose(energy.implied_busy_fraction(scored, "held_out"), sum(gpu_sat) / len(gpu_sat))
    assert_allclose(energy.mean_abs_error(scored, basis="system"), sum(abs(s.error_pct) for s in system) / 10)


def test_mlperf_server_row_uses_the_catalogued_h200_idle(energy):
    # the engine's rule: a Server run of 79 samples/s, each sample tens of seconds in service, keeps
    # every GPU busy (the row states no latency: busy all the time it has traffic, a = 1):
    # 8 x 250 + 4,600 = 6,600 W against 6,280.2 W measured (+5.1 %)
    server = {s.id: s for s in energy.score(Assumptions())}["mlperf41-h200x8-maxq-llama2-70b-server"]
    assert server.busy_share == 1.0
    assert_allclose(server.predicted_w, 8 * 250 + 4600, rtol=1e-9)
    # the utilisation rule (before): catalog idle 75 W (nvidia-smi reading), busy 500 x 0.5 = 250 W,
    # u = 79.36 / 86.7369 = 0.91495: 8 x (75 + 175 x 0.91495) + 4,600 = 6,480.9 W (+3.2 %)
    before = {s.id: s for s in energy.score(Assumptions(), rule="utilisation")}
    server = before["mlperf41-h200x8-maxq-llama2-70b-server"]
    assert_allclose(server.predicted_w, 8 * (75 + 175 * 0.91495) + 4600, rtol=1e-9)
    assert_allclose(server.error_pct, 100 * (6480.93 - 6280.214) / 6280.214, rtol=1e-4)


def test_mlperf_b200_rows_use_the_full_tgp_and_the_catalogued_b200_idle(energy):
    scored = {s.id: s for s in energy.score(Assumptions())}
    off = scored["mlperf51-lenovo-sr680a-b200x8-llama2-70b-offline"]
    # no power cap: 8 x (1,000 W x 0.5) + 4,600 W host = 8,600 W against 10,401.0 W measured (-17.3 %)
    assert_allclose(off.predicted_w, 8 * 500 + 4600)
    assert_allclose(off.error_pct, 100 * (8600 - 10400.999) / 10400.999, rtol=1e-9)
    # Server: busy all the time it has traffic (a = 1), as Offline: 8,600 W against 10,442.3 W measured
    assert_allclose(scored["mlperf51-lenovo-sr680a-b200x8-llama2-70b-server"].predicted_w, 8 * 500 + 4600)
    # the utilisation rule (before): catalog idle 137 W, u = 361.47 / 376.512 = 0.96005:
    # 8 x (137 + 363 x 0.96005) + 4,600 = 8,484.0 W
    before = {s.id: s for s in energy.score(Assumptions(), rule="utilisation")}
    server = before["mlperf51-lenovo-sr680a-b200x8-llama2-70b-server"]
    assert_allclose(server.predicted_w, 8 * (137 + 363 * 0.96005) + 4600, rtol=1e-9)


def test_readme_quotes_what_the_bench_prints(energy):
    """The README's energy paragraph quotes bench/energy_accuracy.py at the default assumptions
    (it said "(TDP at any load) overstates power by 95 %", a model since replaced)."""
    scored = energy.score(Assumptions())
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"{len(scored)} measured rows: {energy.mean_abs_error(scored):.1f} % mean absolute error" in text
    gpu, system = energy.mean_abs_error(scored, basis="gpu"), energy.mean_abs_error(scored, basis="system")
    assert f"A100 GPU power {gpu:.1f} %" in text and f"wall measurements {system:.1f} %" in text
    assert f"a busy fraction of {energy.implied_busy_fraction(scored):.2f}" in text
    assert "overstates power by 95 %" not in text
