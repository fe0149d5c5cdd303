"""Class 10 of issue 15: scale and float extremes. Sizing at the edges of every input range gives
finite figures and raises no numpy warning; a catalog copied ten times sizes each copy exactly
as the original (the per-pair gathering that keeps whole-catalog sizing linear maps every point
to its own hardware); a warning never reaches the terminal. Speed is measured in
bench/catalog_scale.py, not asserted here."""

from __future__ import annotations

import math
import warnings

import pytest
import yaml

from app.cli import main
from app.domain import Scenario, parse
from app.engine import size
from app.paths import EXAMPLES_DIR
from app.store.io_formats import catalog_from_dir

PUBLIC_CHAT = yaml.safe_load((EXAMPLES_DIR / "public-chat-api.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def catalog():
    return catalog_from_dir()


def _scenario(**workload) -> Scenario:
    data = yaml.safe_load(yaml.safe_dump(PUBLIC_CHAT))
    data["candidates"]["models"] = ["Llama-3.1-8B-Instruct"]
    for key, value in workload.items():
        if isinstance(value, dict):
            data["workload"][key] = {**data["workload"].get(key, {}), **value}
        else:
            data["workload"][key] = value
    return parse(Scenario, data)


EXTREMES = [
    dict(traffic={"requests_per_s": 1e15, "peak_to_mean": 24, "peak_hours_per_day": 1}),  # the top of the rate range
    dict(traffic={"requests_per_s": 1e-9}),  # the bottom
    dict(tokens={"input_tokens": 10**9, "output_tokens": 10**9, "input_tokens_p95": None, "output_tokens_p95": None}),
    dict(
        tokens={
            "input_tokens": 1,
            "output_tokens": 1,
            "input_tokens_p95": 1,
            "output_tokens_p95": 1,
            "shared_prefix_tokens": 0,
        }
    ),
    dict(sla={"ttft_p95_ms": 1e-9, "tpot_p95_ms": 1e-9}),
    dict(sla={"ttft_p95_ms": 1e15, "tpot_p95_ms": 1e15, "e2e_p95_ms": 1e15}),
    dict(budget_usd_per_month=1e-9),
    dict(budget_usd_per_month=1e15),
]


@pytest.mark.parametrize("workload", EXTREMES, ids=lambda w: yaml.safe_dump(w, default_flow_style=True).strip())
def test_sizing_at_the_edges_of_the_ranges_is_finite_and_silent(catalog, workload):
    scenario = _scenario(**workload)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any numpy overflow / invalid-value warning fails the test
        sizing = size(scenario, catalog)
    assert sizing.options, "the search considered no option"
    for o in sizing.options:
        for figure in (o.ttft_p95_ms, o.tpot_ms, o.tokens_per_s, o.cost_per_month_usd):
            assert not math.isnan(figure)
        assert o.cost_per_month_usd != math.inf or not o.feasible
    if sizing.feasible:
        rec = sizing.recommended
        assert all(math.isfinite(v) for v in (rec.ttft_p95_ms, rec.cost_per_month_usd, rec.cost_per_million_tokens_usd))


def test_a_tenfold_catalog_sizes_every_copy_as_the_original(catalog):
    copies = [
        inst.model_copy(update={"name": inst.name if n == 0 else f"{inst.name} #{n}"})
        for inst in catalog.instances
        for n in range(10)
    ]
    big = catalog.model_copy(update={"instances": copies})
    scenario = _scenario()
    scenario = scenario.model_copy(
        update={"candidates": scenario.candidates.model_copy(update={"hardware": [], "hosted_apis": []})}
    )
    one, ten = size(scenario, catalog), size(scenario, big)
    assert ten.evaluated_points == 10 * one.evaluated_points
    base = {(o.hardware, o.gpus, o.tensor_parallel, o.precision): o for o in one.options}
    checked = 0
    for o in ten.options:
        original = base.get((o.hardware.split(" #")[0], o.gpus, o.tensor_parallel, o.precision))
        if original is None:
            continue  # ranked below the shown options at 1x
        for field in ("ttft_p95_ms", "tpot_ms", "tokens_per_s", "replicas", "cost_per_month_usd"):
            assert getattr(o, field) == getattr(original, field), (o.label, field)
        checked += 1
    assert checked >= 10


def test_a_warning_goes_to_the_log_not_the_terminal(capsys, _private_home):
    assert main(["catalog", "list", "runtimes", "--project", str(_private_home / "p.archwise")]) == 0
    capsys.readouterr()
    warnings.warn("overflow encountered in multiply", RuntimeWarning, stacklevel=1)
    assert capsys.readouterr().err == ""
    assert "RuntimeWarning: overflow encountered in multiply" in (_private_home / "archwise.log").read_text()
