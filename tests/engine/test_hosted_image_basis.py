"""A hosted API's image cost says what it assumes (issue 18): the provider's token count for one
1024 x 1024 px image, the only size the catalog states, times the images a request sends; the
options, the CLI and the decision package say so next to the price."""

from __future__ import annotations

import json

from scenario_builders import claim_photos, scenario, with_

from app.cli import main
from app.engine import size

CLAIMS = with_(claim_photos(), **{"candidates.hosted_apis": ["OpenAI GPT-4o", "OpenAI GPT-5.4"]})
BASIS = (
    "3 image(s) x 765 tokens = 2,295 input tokens a request (the provider's count for one 1024 x 1024 px "
    "image; other image sizes are not modelled)"
)


def test_the_option_states_its_image_basis(catalog):
    hosted = {h.name: h for h in size(scenario(CLAIMS), catalog, detailed=False, deployments=False).hosted}
    assert hosted["OpenAI GPT-4o"].image_basis == BASIS
    assert hosted["OpenAI GPT-5.4"].image_basis == ""  # unknown: its row says "image cost unknown" instead


def test_a_text_workload_has_no_image_basis(catalog):
    data = with_(CLAIMS, **{"workload.category": "inference_api", "workload.tokens.images_per_request": 0})
    hosted = size(scenario(data), catalog, detailed=False, deployments=False).hosted
    assert all(h.image_basis == "" for h in hosted)


def test_size_prints_it_under_the_api(capsys, tmp_path):
    path = tmp_path / "claims.yaml"
    path.write_text(json.dumps(CLAIMS))
    assert main(["size", str(path), "--project", str(tmp_path / "p.archwise")]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = next(i for i, x in enumerate(lines) if x.startswith("  - OpenAI GPT-4o:"))
    assert lines[at + 1] == f"    images: {BASIS}"
