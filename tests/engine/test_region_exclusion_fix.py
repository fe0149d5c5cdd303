"""A region constraint that leaves out region-less instances says how to keep one (issue 18):
RunPod, Nebius, DigitalOcean and other GPU clouds publish one price across data centres and no
region for it, so an EU scenario excludes them; the note names them and the fix, a copy of the
instance that names the region the user will rent in, which the scenario then keeps."""

from __future__ import annotations

from scenario_builders import scenario

from app.engine import size

RUNPOD = "RunPod 1x H100 SXM"


def _data(hardware: list[str], instances: list[dict] | None = None) -> dict:
    return {
        "name": "EU chat",
        "workload": {
            "category": "inference_api",
            "name": "EU chat",
            "tokens": {"input_tokens": 300, "output_tokens": 100},
            "traffic": {"requests_per_s": 0.5},
            "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 100},
        },
        "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": hardware},
        "constraints": {"regions": ["EU-RO-1"]},
        "instances": instances or [],
    }


def test_the_note_names_the_excluded_instance_and_the_fix(catalog):
    copy = catalog.instance(RUNPOD).model_dump(mode="json") | {
        "name": "RunPod 1x H100 SXM (EU-RO-1)",
        "region": "EU-RO-1",
    }
    z = size(scenario(_data([RUNPOD, copy["name"]], [copy])), catalog, detailed=False, deployments=False)
    assert z.scope_notes[0] == (
        "1 instance excluded: region unknown, so residency in EU-RO-1 is not verified (RunPod 1x H100 SXM); "
        "to keep it, add a copy that names the region you will rent in"
    )
    assert {o.hardware for o in z.options} == {copy["name"]}  # the copy naming its region is kept
