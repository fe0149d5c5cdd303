"""The selection matrix ranks energy like for like when some candidate's host power is unknown (tgui3 D5)."""

import selection_factories as f

from app.selection import CRITERIA, build_matrix

ZERO = {c.key: 0.0 for c in CRITERIA}


def _sizing(host_unknown_b: bool = True):
    # A: an SXM slice carrying its 8-GPU host's share: 114 Wh/1M with the host, 23 Wh without;
    # B: a PCIe instance with no host power: 16 Wh/1M, accelerators only (tgui3's A100 figures)
    a = f.option("A", hardware="Hyperstack 1x A100 SXM").model_copy(
        update={"energy_wh_per_million_tokens": 114.0, "energy_accel_wh_per_million_tokens": 23.0}
    )
    b = f.option("B", hardware="RunPod 1x A100 PCIe").model_copy(
        update={
            "energy_wh_per_million_tokens": 16.0,
            "energy_accel_wh_per_million_tokens": 16.0,
            "energy_incomplete": host_unknown_b,
            "energy_missing": ["host power of RunPod 1x A100 PCIe"] if host_unknown_b else [],
        }
    )
    return f.feasible_sizing([a, b]), f.catalog([f.model("A"), f.model("B")])


def test_energy_ranks_accelerators_only_when_a_host_is_unknown():
    sizing, cat = _sizing()
    m = build_matrix(sizing, cat, f.workload(), weights={**ZERO, "energy_per_mtok": 1})
    by = {r.model: r for r in m.rows}
    # like for like: A 23 Wh vs B 16 Wh (not 114 vs 16): B still lower, but by 1.4x, not 7x
    assert by["A"].values["energy_per_mtok"] == 23.0
    assert by["B"].values["energy_per_mtok"] == 16.0
    col = next(c for c in m.criteria if c.key == "energy_per_mtok")
    assert col.name == "Energy per 1M tokens, accelerators only"
    assert "host power is unknown" in col.description
    assert "with host 114 Wh" in by["A"].notes["energy_per_mtok"]
    assert "host power unknown" in by["B"].notes["energy_per_mtok"]


def test_energy_with_the_host_when_every_host_is_known():
    sizing, cat = _sizing(host_unknown_b=False)
    m = build_matrix(sizing, cat, f.workload(), weights={**ZERO, "energy_per_mtok": 1})
    by = {r.model: r for r in m.rows}
    assert by["A"].values["energy_per_mtok"] == 114.0
    assert next(c for c in m.criteria if c.key == "energy_per_mtok").name == "Energy per 1M tokens"
    assert "energy_per_mtok" not in by["A"].notes
