"""`archwise fleet`: the shipped examples plan, --json carries the plan, and bad portfolio files,
unknown names and impossible profiles get one line on stderr and exit status 2."""

from __future__ import annotations

import json

import pytest
import yaml

from app.cli import main
from app.paths import EXAMPLES_DIR

EXAMPLES = ["enterprise-platform.yaml", "saas-cascade.yaml"]
FLEET_EXAMPLES = EXAMPLES_DIR / "fleet"
GOOD = {
    "name": "Small fleet",
    "workloads": [
        {
            "name": "Chat",
            "workload": {
                "name": "Chat",
                "category": "inference_api",
                "traffic": {"requests_per_s": 2},
                "tokens": {"input_tokens": 800, "output_tokens": 200},
                "sla": {"ttft_p95_ms": 1000},
            },
            "candidates": {"models": ["Llama-3.1-8B-Instruct"]},
            "team": "Support",
        }
    ],
    "fleet": {"pools": [{"name": "gpu", "instance": "RunPod 1x H100 SXM", "nodes": "auto"}]},
}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fleet_cli")
    path = folder / "fleet.archwise"
    assert main(["catalog", "list", "models", "--project", str(path)]) == 0  # creates and seeds it
    return str(path)


def write(tmp_path, data, name="portfolio.yaml"):
    p = tmp_path / name
    p.write_text(data if isinstance(data, str) else yaml.safe_dump(data), encoding="utf-8")
    return str(p)


@pytest.mark.parametrize("example", EXAMPLES)
def test_examples_plan_feasible_fleets(capsys, project, example):
    capsys.readouterr()
    assert main(["fleet", str(FLEET_EXAMPLES / example), "--json", "--project", project]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["feasible"], plan["verdict"]
    assert plan["sharing"]["saving_gpus"] >= 0
    assert all(len(u["gpus_by_hour"]) == 168 for u in plan["units"])
    assert {t["team"] for t in plan["teams"]} >= {"Product"} or example.startswith("enterprise")
    assert sum(t["cost_usd_per_month"] for t in plan["teams"]) == pytest.approx(plan["cost_usd_per_month"])


def test_text_output_names_pools_teams_and_failures(capsys, project, tmp_path):
    capsys.readouterr()
    assert main(["fleet", write(tmp_path, GOOD), "--project", project]) == 0
    out = capsys.readouterr().out
    for heading in ("Verdict: Feasible", "Pools:", "Shared vs separate", "KPIs per workload", "Cost per team:",
                    "Failures at the worst hour:", "Placement at", "Support"):  # fmt: skip
        assert heading in out, heading
    assert "Chargeback rule: each workload pays the GPU-hours it uses at its pool's rate" in out


def test_simulate_and_milp_print_their_sections(capsys, project, tmp_path):
    capsys.readouterr()
    path = write(tmp_path, GOOD)
    assert main(["fleet", path, "--simulate", "--method", "milp", "--project", project]) == 0
    out = capsys.readouterr().out
    assert "plan: milp (HiGHS" in out and "Discrete-event check (SimPy)" in out
    assert "Failure what-ifs re-plan the week on the greedy path" in out


def test_cascade_example_costs_each_stage(capsys, project):
    capsys.readouterr()
    assert main(["fleet", str(FLEET_EXAMPLES / "saas-cascade.yaml"), "--json", "--project", project]) == 0
    plan = json.loads(capsys.readouterr().out)
    stages = [k["name"] for k in plan["kpis"] if k["workload"] == "Product assistant"]
    assert stages == [
        "Product assistant / Llama-3.1-8B-Instruct",
        "Product assistant / Llama-3.3-70B-Instruct",
        "Product assistant / OpenAI GPT-4o",
    ]


def _bad(tmp_path, **changes):
    data = json.loads(json.dumps(GOOD))
    for path, value in changes.items():
        *head, last = path.split("__")
        node = data
        for key in head:
            node = node[int(key)] if key.isdigit() else node[key]
        node[last] = value
    return data


BAD = [
    ("not: [valid", "not valid YAML"),
    ("- a list\n", "expected a mapping"),
    ({"name": "x"}, "workloads"),
    ("workloads__0__profile", {"levels": [0] * 24}),
    ("workloads__0__profile", {"levels": [1] * 5}),
    ("fleet__pools__0__instance", "No Such Node"),
    ("workloads__0__candidates", {"models": ["Llama-9-Nonexistent"]}),
    ("workloads__0__routing", {"fallback": "Nobody's API"}),
    ("workloads__0__routing", {"cascade": [{"model": "Llama-3.1-8B-Instruct", "answers": 0.4}]}),
]
MESSAGES = [
    "not valid YAML",
    "expected a mapping",
    "workloads",
    "all 0",
    "24 hourly levels",
    "no instance named 'No Such Node'",
    "no model named 'Llama-9-Nonexistent'",
    "no hosted api named",
    "add to 0.4",
]


@pytest.mark.parametrize(("bad", "message"), list(zip(BAD, MESSAGES, strict=True)))
def test_bad_portfolios_exit_2_with_one_line(capsys, project, tmp_path, bad, message):
    if isinstance(bad, tuple) and isinstance(bad[0], str) and "__" in bad[0]:
        data = _bad(tmp_path, **{bad[0]: bad[1]})
    else:
        data = bad[0] if isinstance(bad, tuple) else bad
    capsys.readouterr()
    assert main(["fleet", write(tmp_path, data), "--project", project]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err, err
    assert len(err.splitlines()) == 1 and err.startswith("archwise: ")


def test_missing_file_and_unknown_scenario(capsys, project, tmp_path):
    capsys.readouterr()
    assert main(["fleet", str(tmp_path / "none.yaml"), "--project", project]) == 2
    assert "no such portfolio file" in capsys.readouterr().err
    data = json.loads(json.dumps(GOOD))
    data["workloads"] = [{"scenario": "Never saved", "team": "x"}]
    assert main(["fleet", write(tmp_path, data), "--project", project]) == 2
    err = capsys.readouterr().err
    assert "no scenario named 'Never saved'" in err and len(err.strip().splitlines()) == 1


def test_the_readme_portfolio_plans(capsys, project, tmp_path):
    """The README's full portfolio example plans as written (its scenario file read from the
    shipped examples, where the block's relative path points)."""
    from app.paths import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("```yaml\n", text.index("## Fleet portfolios")) + 8
    block = text[start : text.index("```\n", start)]
    assert "../rag-assistant-cloud.yaml" in block
    block = block.replace("../rag-assistant-cloud.yaml", str(EXAMPLES_DIR / "rag-assistant-cloud.yaml"))
    capsys.readouterr()
    assert main(["fleet", write(tmp_path, block), "--json", "--project", project]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["feasible"], plan["verdict"]
    assert {k["workload"] for k in plan["kpis"]} == {
        "Employee assistant", "Product chat", "Nightly summaries", "Corpus re-embedding"
    }  # fmt: skip
