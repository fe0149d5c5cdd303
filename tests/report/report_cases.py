"""Hand-built report cases (figures are test inputs, not facts); see tests/selection/selection_factories.py."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "selection"))

import selection_factories as f

from app.domain import HostedOption

MODELS = ["Llama-3-70B-Instruct", "Qwen2.5-72B-Instruct", "Mixtral-8x7B-Instruct-v0.1", "Llama-3.1-8B-Instruct"]


def build_case(model_names=MODELS, scenario_name="Llama 70B on DGX", **scenario_over):
    models = [
        f.model(n, quality={"MMLU (5-shot)": 80 - i * 0.5}, license="Apache-2.0" if i % 2 else "llama3")
        for i, n in enumerate(model_names)
    ]
    opts = [
        f.option(
            n, cost=1 + i * 0.05, ttft=250 + i * 7, tpot=25 + i * 0.5, tokens_per_s=2500 - i * 20, free_gib=15 + (i % 7)
        )
        for i, n in enumerate(model_names)
    ]
    hosted = [
        HostedOption(
            name="Example API 70B",
            provider="Example",
            model="llama-3-70b",
            cost_per_month_usd=30000,
            cost_per_million_tokens_usd=0.7,
            cost_per_request_usd=0.001,
            allowed=False,
            reason="confidential data, the API accepts up to internal",
        )
    ]
    cat = f.catalog(models, hosted=[f.hosted_api()])
    return f.scenario(scenario_name, **scenario_over), f.feasible_sizing(opts, hosted, name=scenario_name), cat
