"""`size` text says under the deployment table which months growth takes a row over the budget, as
the window's and the PDF's row notes do (tcli6 N11: the CLI printed a row "within" a $45,000 budget
that every month from 10 broke, without a word).

By hand: one Lambda 1x H100 PCIe at $3.29/h serves 1 req/s all month: 730 h x 3.29 = $2,401.70 in
month 1, within a $2,500 budget; growth 100 %/quarter (x8 by month 10) needs a second node in the 8
peak hours from month 10: 3.29 x (730 + 730 x 8 / 24) = $3,202.27, over it in months 10-12."""

from __future__ import annotations

import json

import pytest
import yaml

from app.__main__ import main
from app.store.io_formats import catalog_from_dir

HW = "Lambda 1x H100 PCIe"
SCENARIO = {
    "name": "Growing chat",
    "workload": {
        "name": "Growing chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 1.0},
        "tokens": {"input_tokens": 1000, "output_tokens": 200},
        "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 80},
        "budget_usd_per_month": 2500,
    },
    "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": [HW], "gpu_counts": [1], "precisions": ["bf16"]},
    "assumptions": {"horizon_years": 1, "growth_per_quarter": 1.0},
}


def _size(tmp_path, capsys, *flags):
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(SCENARIO))
    capsys.readouterr()
    assert main(["size", str(path), *flags, "--project", str(tmp_path / "p.sqlite")]) == 0
    return capsys.readouterr().out


def test_text_names_the_months_over_the_budget(tmp_path, capsys):
    price = catalog_from_dir().instance(HW).price_on_demand_usd_per_hour
    assert price == pytest.approx(3.29)
    row = json.loads(_size(tmp_path, capsys, "--json"))["deployments"]["rows"][0]
    assert row["cost_per_month_usd"] == pytest.approx(730 * price, rel=1e-9)
    assert row["month_usd"][9] == pytest.approx(price * (730 + 730 * 8 / 24), rel=1e-9)
    assert not row["over_budget"]
    words = (
        "Cloud on-demand: $2,402/month fits the $2,500/month budget as delivered, but month by month (growth and the"
        " lead-time bridge included) it is within the budget in month(s) 1-9 only and over it in month(s) 10-12,"
        " up to $3,202/month"
    )
    assert row["budget_note"] == words.removeprefix("Cloud on-demand: ")
    text = _size(tmp_path, capsys)
    assert words in text.splitlines()
