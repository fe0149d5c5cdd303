"""Hosted APIs priced for what a multimodal workload really sends (issue 13, hosted-mm item 1).

Rules, each with a test that failed before the fix:
- a hosted API bills the request's images as input tokens: images per request x the provider's
  tokens per 1024 x 1024 image (catalog image_tokens_per_image), at the input price;
- its per-1M figure counts prompt text + image tokens + output tokens, as self-hosted options do;
- a provider whose per-image tokens are unknown is shown as "image cost unknown" and not allowed
  (no silently low text-only price, no break-even against it).
"""

from __future__ import annotations

import json

from numpy.testing import assert_allclose
from scenario_builders import claim_photos, scenario, with_

from app.cli import main
from app.engine import size
from app.selection import build_matrix

# The insurer's claims assistant: 450 prompt tokens + 3 photos in, 300 tokens out, 0.8 req/s.
CLAIMS = with_(
    claim_photos(),
    **{
        "candidates.hosted_apis": [
            "OpenAI GPT-4o",
            "Anthropic Claude Haiku 4.5",
            "OpenAI GPT-4o mini",
            "OpenAI GPT-5.4",
        ]
    },
)


def _hosted(catalog, data):
    s = scenario(data)
    return s, {h.name: h for h in size(s, catalog, detailed=False, deployments=False).hosted}


def test_images_are_billed_as_input_tokens_and_counted_per_1m(catalog):
    s, hosted = _hosted(catalog, CLAIMS)
    month_requests = 0.8 * 3600 * s.assumptions.hours_per_month
    # GPT-4o: 3 x 765 = 2,295 image tokens; (450 + 2,295) x $2.50 + 300 x $10 = $9,862.5 per 1M requests
    gpt = hosted["OpenAI GPT-4o"]
    assert_allclose(gpt.cost_per_request_usd, 0.0098625, rtol=1e-9)
    assert_allclose(gpt.cost_per_million_tokens_usd, 9862.5 / 3045, rtol=1e-9)  # 450 + 2,295 + 300 tokens
    assert_allclose(gpt.cost_per_month_usd, 0.0098625 * month_requests, rtol=1e-9)
    assert gpt.allowed and not gpt.image_cost_unknown
    # Claude Haiku 4.5: 3 x 1,398 = 4,194; (450 + 4,194) x $1 + 300 x $5 = $6,144 per 1M requests
    haiku = hosted["Anthropic Claude Haiku 4.5"]
    assert_allclose(haiku.cost_per_request_usd, 0.006144, rtol=1e-9)
    assert_allclose(haiku.cost_per_million_tokens_usd, 6144 / 4944, rtol=1e-9)


def test_gpt_4o_mini_bills_its_images_at_its_own_token_count(catalog):
    # issue 18: 25,501 tokens per 1024 x 1024 image (2,833 base + 4 tiles x 5,667, catalog notes):
    # 3 x 25,501 = 76,503 image tokens; (450 + 76,503) x $0.15 + 300 x $0.60 = $11,722.95 per 1M requests
    _, hosted = _hosted(catalog, CLAIMS)
    mini = hosted["OpenAI GPT-4o mini"]
    assert not mini.image_cost_unknown
    assert_allclose(mini.cost_per_request_usd, 0.01172295, rtol=1e-9)
    assert_allclose(mini.cost_per_million_tokens_usd, 11722.95 / (450 + 76_503 + 300), rtol=1e-9)


def test_unknown_image_billing_is_said_not_priced_low(catalog):
    _, hosted = _hosted(catalog, CLAIMS)
    gpt5 = hosted["OpenAI GPT-5.4"]  # no confirmed per-image rule in the catalog
    assert gpt5.image_cost_unknown
    assert not gpt5.allowed
    assert gpt5.reason.startswith("image cost unknown")
    assert gpt5.break_even_requests_per_s is None


def test_a_text_only_workload_is_priced_as_before(catalog):
    data = with_(CLAIMS, **{"workload.category": "inference_api", "workload.tokens.images_per_request": 0})
    _, hosted = _hosted(catalog, data)
    mini = hosted["OpenAI GPT-4o mini"]
    assert not mini.image_cost_unknown and mini.allowed
    # 450 x $0.15 + 300 x $0.60 = $247.5 per 1M requests, over 750 tokens
    assert_allclose(mini.cost_per_request_usd, 247.5e-6, rtol=1e-9)
    assert_allclose(mini.cost_per_million_tokens_usd, 247.5 / 750, rtol=1e-9)


def test_size_says_image_cost_unknown(capsys, tmp_path):
    path = tmp_path / "claims.yaml"
    path.write_text(json.dumps(CLAIMS))
    assert main(["size", str(path), "--project", str(tmp_path / "p.archwise")]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "OpenAI GPT-5.4" in x)
    assert "image cost unknown" in line


def test_the_selection_matrix_excludes_it_for_its_unknown_image_cost(catalog):
    s = scenario(CLAIMS)
    sizing = size(s, catalog, detailed=False, deployments=False)
    matrix = build_matrix(sizing, catalog, s.workload, {"cost_per_mtok": 5})
    row = next(r for r in matrix.rows if "GPT-5.4" in r.label)
    assert row.excluded
    assert row.reasons[0].startswith("image cost unknown")  # was "non-compliant sensitivity: ..."
