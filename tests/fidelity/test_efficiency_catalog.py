"""catalog/efficiency.yaml: one sourced profile per efficiency class, runtime profiles named
"<class>/<runtime>", factors that are physically possible, and 'calibrated' only where the
notes name the validation rows the profile was fitted to."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from app.domain import EfficiencyProfile, parse
from app.paths import CATALOG_DIR

EFFICIENCY_CLASSES = {
    "nvidia-blackwell",
    "nvidia-hopper",
    "nvidia-ada",
    "nvidia-ampere",
    "nvidia-turing",
    "nvidia-volta",
    "amd-cdna3",
    "intel-gaudi",
    "google-tpu",
    "apple-silicon",
    "cpu-server",
    "arm-sbc",
}


def _records(path) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data.get("kind") == "efficiency"
    return data["records"]


@pytest.fixture(scope="module")
def profiles() -> list[EfficiencyProfile]:
    return [parse(EfficiencyProfile, r) for r in _records(CATALOG_DIR / "efficiency.yaml")]


@pytest.fixture(scope="module")
def runtime_names() -> set[str]:
    data = yaml.safe_load((CATALOG_DIR / "runtimes.yaml").read_text(encoding="utf-8"))
    return {r["name"] for r in data["records"]}


def test_every_efficiency_class_has_a_base_profile(profiles):
    base = {p.name for p in profiles if p.runtime is None}
    assert base >= EFFICIENCY_CLASSES, f"missing: {sorted(EFFICIENCY_CLASSES - base)}"


def test_names_are_unique_and_follow_class_or_class_slash_runtime(profiles, runtime_names):
    names = [p.name.casefold() for p in profiles]
    assert len(names) == len(set(names))
    for p in profiles:
        assert p.efficiency_class in EFFICIENCY_CLASSES, p.name
        expected = p.efficiency_class if p.runtime is None else f"{p.efficiency_class}/{p.runtime}"
        assert p.name == expected, f"{p.name}: name should be {expected!r}"
        if p.runtime is not None:
            assert p.runtime in runtime_names, f"{p.name}: runtime {p.runtime!r} not in runtimes.yaml"


def test_every_profile_is_sourced_and_explains_its_arithmetic(profiles):
    for p in profiles:
        assert len(p.source.strip()) >= 10, p.name
        assert p.as_of <= dt.date(2026, 11, 30), p.name
        assert len(p.notes.strip()) >= 40, f"{p.name}: notes must carry the derivation"


def test_factors_are_physically_possible(profiles):
    for p in profiles:
        for band_name in ("mfu_prefill", "mbu_decode", "mfu_decode"):
            band = getattr(p, band_name)
            if band is None:
                continue
            assert 0 < band.low <= band.expected <= band.high <= 1.0, f"{p.name}.{band_name}"
        assert p.step_overhead_ms < 100, p.name
        assert p.allreduce_latency_us < 1000, p.name
        assert 0 < p.allreduce_bus_efficiency <= 1, p.name


def test_calibrated_profiles_name_the_rows_they_were_fitted_to(profiles, measurements):
    ids = {m.id for m in measurements}
    calibrated = [p for p in profiles if p.calibrated]
    assert calibrated, "some profile is fitted to measurements"
    for p in calibrated:
        cited = [i for i in ids if i in p.notes]
        assert cited, f"{p.name}: calibrated profiles must cite validation row ids in notes"


def test_gaudi_decode_mfu_is_not_discounted_below_hoppers(profiles):
    """A decode step's GEMMs are thin (batch rows x weight matrix). arXiv 2502.01070v4 measures
    Gaudi 2 and 3 against H100 and H200 and finds Gaudi's utilisation on thin GEMMs superior,
    so the Gaudi profile may not discount decode MFU below Hopper's (0.25 before 2026-11-30)."""
    by_name = {p.name: p for p in profiles}
    gaudi, hopper = by_name["intel-gaudi"], by_name["nvidia-hopper"]
    assert gaudi.mfu_decode is not None and hopper.mfu_decode is not None
    assert gaudi.mfu_decode.expected >= hopper.mfu_decode.expected
    assert gaudi.mfu_decode.expected <= gaudi.mfu_prefill.expected  # thin GEMMs never beat prefill's
