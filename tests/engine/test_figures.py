"""estimate.figures(): the expected-level headline figures a fit evaluates many times are exactly
estimate()'s, for each kind of load; a name that is not an instance falls back to the accelerator
without the closest-name search."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from app.domain import DomainError
from app.engine.estimate import estimate, figures

CONFIG = dict(
    model="Llama-3.1-70B-Instruct",
    hardware="NVIDIA H100 SXM",
    gpus=4,
    tensor_parallel=4,
    precision="fp8",
    runtime="TensorRT-LLM",
    input_tokens=1000,
    output_tokens=1000,
)


@pytest.mark.parametrize("load", [dict(concurrency=1), dict(concurrency=64), dict(concurrency=5000), dict(rate=3.0)])
def test_figures_are_estimates_expected_numbers(catalog, load):
    full = estimate(catalog, **CONFIG, **load)
    lean = figures(catalog, **CONFIG, **load)
    for key in ("ttft_ms", "tpot_ms", "output_tokens_per_s", "requests_per_s", "concurrency"):
        assert_allclose(getattr(lean, key), getattr(full, key), rtol=1e-12, err_msg=key)
    assert lean.max_concurrent_sequences == full.memory.max_concurrent_sequences
    assert lean.regime.split(";")[0] == full.regime.split(";")[0]


def test_figures_refuse_what_estimate_refuses(catalog):
    with pytest.raises(DomainError, match="tensor parallel 3 does not divide"):
        figures(catalog, **{**CONFIG, "gpus": 3, "tensor_parallel": 3}, concurrency=1)


def test_a_misspelt_configuration_keyword_is_refused_not_ignored(catalog):
    """The three functions take the configuration as keywords (estimate.Configuration): a typo
    such as `tensor_paralel` raises, as it did when each spelt its keywords out."""
    from app.engine.estimate import kernel_share

    typo = {**CONFIG, "tensor_paralel": 2}
    for call in (estimate, figures):
        with pytest.raises(TypeError, match="tensor_paralel"):
            call(catalog, **typo, concurrency=1)
    with pytest.raises(TypeError, match="tensor_paralel"):
        kernel_share(catalog, **typo, concurrency=1)


def test_lookup_answers_none_and_find_still_names_the_closest(catalog):
    assert catalog.lookup("instances", "NVIDIA H100 SXM") is None
    assert catalog.lookup("accelerators", "nvidia h100 sxm").name == "NVIDIA H100 SXM"
    with pytest.raises(DomainError, match="closest"):
        catalog.find("accelerators", "NVIDIA H100 SMX")
