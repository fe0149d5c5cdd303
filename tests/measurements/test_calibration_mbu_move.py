"""Two vLLM runs of Llama-3.1-8B on one L40S (concurrency 8 and 32, 1000 in / 200 out tokens) whose
TPOT the catalog over-predicts by a third (26 and 38 ms measured, 33.9 and 51.6 ms predicted):
the fit must move the decode bandwidth (MBU) and bring TPOT within 10 % without making TTFT's
median error worse. The old fixed-order descent moved mfu_prefill x1.3 first, used up TTFT's
allowance, then refused every MBU move (TPOT stayed +27 % / +26 %)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.engine.calibration import fit, median_by_metric, residuals
from app.services import measurements as ms
from app.store.io_formats import catalog_from_dir

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "measurements"


@pytest.fixture(scope="module")
def catalog():
    return catalog_from_dir(ROOT / "catalog")


def test_fit_moves_mbu_and_brings_tpot_within_ten_percent(catalog):
    runs = ms.match(ms.import_files([DATA / "vllm-l40s-c8.json", DATA / "vllm-l40s-c32.json"]), catalog)
    [run8, run32] = runs
    assert (run8.tpot_ms, run32.tpot_ms) == (26.0, 38.0)
    before = residuals(runs, catalog)
    tpot_before = [r.error for r in before if r.metric == "tpot_ms"]
    assert tpot_before == [pytest.approx(0.30, abs=0.02), pytest.approx(0.36, abs=0.02)]  # the review's figures

    cal = fit(runs, catalog, "nvidia-ada", "vLLM", precision=run8.precision)
    after = residuals(runs, catalog.merged_with(efficiency=[cal.after]))
    assert cal.multipliers.get("mbu_decode", 1.0) >= 1.1  # 16.06 GB per step in ~24.5 ms: MBU ~0.76+, not 0.7
    for row in after:
        if row.metric == "tpot_ms":
            assert abs(row.error) < 0.10, row
    ttft_before = median_by_metric(before)["ttft_ms"]
    ttft_after = median_by_metric(after)["ttft_ms"]
    assert ttft_after <= ttft_before + 1e-9  # 13.9 % -> 12.4 % with the fix
    assert cal.residual_after < cal.residual_before
