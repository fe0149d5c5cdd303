"""The workshop A/B/C grid writes a lower-bound energy (no host power) as the other views do and
does not compare it as if it were whole (tgui4 D33)."""

from __future__ import annotations

from app.domain import Scenario
from app.engine import size
from app.engine.deployment import completed
from app.services.comparison import Pin
from app.services.comparison_grid import _energy
from app.store.io_formats import catalog_from_dir

NODE = "On-prem 8x Intel Gaudi 3 (UBB kit)"  # accelerators and baseboard only: host power unknown


def test_energy_without_host_power_is_a_lower_bound_not_a_number() -> None:
    catalog = catalog_from_dir()
    s = Scenario.model_validate(
        {
            "name": "tutoring",
            "workload": {
                "name": "Tutoring chat",
                "category": "inference_api",
                "traffic": {"requests_per_s": 2.0, "pattern": "steady"},
                "tokens": {"input_tokens": 800, "output_tokens": 250},
                "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 80},
            },
            "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": [NODE], "precisions": ["bf16"]},
        }
    )
    sizing = completed(size(s, catalog), s, catalog)
    o = sizing.recommended
    assert o is not None and o.hardware == NODE and o.energy_lower_bound
    cell = _energy(Pin(title="2 req/s", scenario_name=s.name, sizing=sizing))
    assert cell.text.startswith("≥\u00a0") and cell.text.endswith("(no host)")
    assert f"{o.energy_kwh_per_month:,.0f}\u00a0kWh" in cell.text
    assert cell.number is None  # compared as text: a known part is not a whole figure


def test_energy_on_a_host_maximum_is_an_upper_bound_not_a_number() -> None:
    # N24: the DGX H100's host, 4,600 W = its 10.2 kW maximum - 8 x 700 W TDP, drawn every hour
    catalog = catalog_from_dir()
    dgx = "On-prem 8x H100 SXM (DGX H100)"
    s = Scenario.model_validate(
        {
            "name": "tutoring",
            "workload": {
                "name": "Tutoring chat",
                "category": "inference_api",
                "traffic": {"requests_per_s": 2.0, "pattern": "steady"},
                "tokens": {"input_tokens": 800, "output_tokens": 250},
                "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 80},
            },
            "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": [dgx], "precisions": ["bf16"]},
        }
    )
    sizing = completed(size(s, catalog), s, catalog)
    o = sizing.recommended
    assert o is not None and o.hardware == dgx and o.energy_bound == "upper"
    cell = _energy(Pin(title="2 req/s", scenario_name=s.name, sizing=sizing))
    assert cell.text.startswith("≤\u00a0") and cell.text.endswith("(host max)")
    assert f"{o.energy_kwh_per_month:,.0f}\u00a0kWh" in cell.text
    assert cell.number is None
