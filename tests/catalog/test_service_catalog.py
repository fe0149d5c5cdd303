"""The shipped service catalog: runtimes, hosted APIs and workload templates.

Each file must load as YAML with the shared `kind:` / `records:` layout, every record must
validate as its domain class through `app.domain.parse`, and the records other parts rely on
by name must be there.
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from app.domain import CATALOG_KINDS, Category, HostedApi, Runtime, Sensitivity, Workload, parse
from app.paths import CATALOG_DIR

CANONICAL_RUNTIMES = {"vLLM", "SGLang", "TensorRT-LLM", "TGI", "Triton", "llama.cpp", "Hosted API"}
ACCELERATOR_KINDS = {"gpu", "tpu", "npu", "cpu", "soc"}  # app.domain.AcceleratorKind values


def _load(kind: str) -> list[dict]:
    path = CATALOG_DIR / f"{kind}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: top level must be a mapping"
    assert data.get("kind") == kind, f"{path.name}: kind must be '{kind}', got {data.get('kind')!r}"
    records = data.get("records")
    assert isinstance(records, list) and records, f"{path.name}: needs a non-empty records list"
    return records


@pytest.fixture(scope="module")
def runtimes() -> list[Runtime]:
    return [parse(CATALOG_KINDS["runtimes"], r) for r in _load("runtimes")]


@pytest.fixture(scope="module")
def hosted_apis() -> list[HostedApi]:
    return [parse(CATALOG_KINDS["hosted_apis"], r) for r in _load("hosted_apis")]


@pytest.fixture(scope="module")
def workloads() -> list[Workload]:
    return [parse(Workload, r) for r in _load("workloads")]


@pytest.mark.parametrize("kind", ["runtimes", "hosted_apis", "workloads"])
def test_names_are_unique_ignoring_case(kind):
    names = [r["name"].strip().casefold() for r in _load(kind)]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, f"{kind}: duplicate names {duplicates}"


@pytest.mark.parametrize("kind", ["runtimes", "hosted_apis"])
def test_every_catalog_record_has_source_and_a_past_as_of(kind):
    records = [parse(CATALOG_KINDS[kind], r) for r in _load(kind)]
    for rec in records:
        assert len(rec.source.strip()) >= 3, f"{kind}/{rec.name}: empty source"
        assert rec.as_of <= dt.date(2026, 11, 30), f"{kind}/{rec.name}: as_of {rec.as_of} is in the future"


def test_runtimes_include_the_canonical_seven(runtimes):
    assert {r.name for r in runtimes} >= CANONICAL_RUNTIMES


def test_runtime_accelerator_kinds_are_known(runtimes):
    for rt in runtimes:
        unknown = set(rt.accelerator_kinds) - ACCELERATOR_KINDS
        assert not unknown, f"{rt.name}: unknown accelerator kinds {sorted(unknown)}"


def test_vllm_is_the_efficiency_reference_and_hosted_api_is_hosted(runtimes):
    by_name = {r.name: r for r in runtimes}
    assert by_name["vLLM"].efficiency_multiplier == 1.0
    assert by_name["Hosted API"].hosted
    assert all(not r.hosted for r in runtimes if r.name != "Hosted API")


def test_every_runtime_says_where_its_efficiency_multiplier_comes_from(runtimes):
    """A multiplier other than 1.0 cites its benchmark; 1.0 (every shipped runtime today, the
    differences live in per-runtime efficiency profiles) says why it was kept."""
    served = [rt for rt in runtimes if not rt.hosted]
    assert len(served) >= 6
    for rt in served:
        if rt.efficiency_multiplier != 1.0:
            assert "benchmark" in rt.notes.lower() or "http" in rt.notes, f"{rt.name}: cite the benchmark"
        else:
            assert "efficiency_multiplier" in rt.notes, f"{rt.name}: say why the multiplier is 1.0"


def test_triton_says_it_hosts_backends(runtimes):
    triton = next(r for r in runtimes if r.name == "Triton")
    assert "TensorRT-LLM" in triton.notes and "vLLM" in triton.notes


def test_at_least_ten_hosted_offerings(hosted_apis):
    assert len(hosted_apis) >= 10


def test_hosted_prices_are_consistent(hosted_apis):
    for api in hosted_apis:
        assert api.price_input_usd_per_mtok > 0, api.name
        assert api.price_output_usd_per_mtok >= api.price_input_usd_per_mtok, (
            f"{api.name}: output is cheaper than input, check the columns"
        )
        if api.price_cached_input_usd_per_mtok is not None:
            assert api.price_cached_input_usd_per_mtok < api.price_input_usd_per_mtok, (
                f"{api.name}: a cached-input price must be a discount"
            )


def test_hosted_max_sensitivity_is_a_sensitivity_level(hosted_apis):
    levels = {s.value for s in Sensitivity}
    typos = [api.name for api in hosted_apis if api.max_sensitivity not in levels]
    assert hosted_apis and not typos, f"not a sensitivity level (selection would read it as public): {typos}"


def test_regulated_offerings_document_a_baa(hosted_apis):
    regulated = [api for api in hosted_apis if api.max_sensitivity == Sensitivity.REGULATED.value]
    assert regulated, "some hosted offering is cleared for regulated data"
    for api in regulated:
        assert any("HIPAA" in c for c in api.compliance), f"{api.name}: regulated without a BAA"


def test_every_category_has_a_template(workloads):
    assert {w.category for w in workloads} == set(Category)


def test_templates_explain_their_numbers(workloads):
    for w in workloads:
        assert len(w.description) >= 200, f"{w.name}: description should say where the numbers come from"


def test_category_specific_specs_are_present(workloads):
    by_category = {w.category: w for w in workloads}
    assert by_category[Category.RAG].rag is not None
    assert by_category[Category.AGENT].agent is not None
    assert by_category[Category.MULTIMODAL].tokens.images_per_request > 0
    assert by_category[Category.BATCH].batch is not None
    assert by_category[Category.SYNTHETIC_DATA].batch is not None
    assert by_category[Category.FINE_TUNING].fine_tuning is not None


def test_batch_templates_state_work_not_a_rate(workloads):
    """An offline template says its work and deadline; the rate its text quotes is derived
    (total_requests / deadline), never typed a second time."""
    import numpy.testing as npt

    quoted = {"batch": 1.16, "synthetic_data": 3.86, "evaluation": 1.39}  # req/s, from each description
    for w in workloads:
        if w.batch is not None:
            assert w.traffic is None, w.name
            # the descriptions round the rate to two decimals: 1% tolerance
            npt.assert_allclose(w.mean_requests_per_s, quoted[w.category.value], rtol=0.01, err_msg=w.name)


def test_rag_template_figures_follow_its_premises(workloads):
    """2,000 users x 20 questions/day over 24 h; busy hour 2x the 8-hour average."""
    import numpy.testing as npt

    rag = next(w for w in workloads if w.category is Category.RAG)
    per_day = 2000 * 20
    npt.assert_allclose(rag.traffic.requests_per_s, per_day / 86400, rtol=0.01)
    busy = 2 * per_day / (8 * 3600)
    npt.assert_allclose(rag.traffic.peak_requests_per_s, busy, rtol=0.01)
