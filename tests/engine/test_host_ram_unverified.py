"""D7: a RAG option on a node whose record gives no RAM figure (the Gaudi 3 UBB kit: accelerators and
baseboard, no server) is not feasible by omission: it carries a "host RAM not verified" flag with the
RAM it needs, and the verdict words say so."""

from __future__ import annotations

import pytest

from app.domain.results import HOST_RAM_FLAG
from app.engine.size import size
from tests.engine.test_user_rag import HR_ASSISTANT, scenario

GIB = 1024.0**3
KIT = "On-prem 8x Intel Gaudi 3 (UBB kit)"


def test_node_without_ram_figure_is_flagged_with_the_ram_needed(catalog):
    # 5 M papers x 20 chunks = 100 M vectors x (1024 x 4 B + 32 x 2 x 4 B HNSW links) = 405.3 GiB,
    # + Qwen3-Embedding-0.6B on the host in BF16 (0.596e9 x 2 B) + the 8 GiB OS reserve
    s = scenario(
        HR_ASSISTANT,
        workload__rag__corpus_documents=5_000_000,
        workload__rag__chunks_per_document=20,
        candidates__hardware=[KIT],
    )
    sz = size(s, catalog)
    need = 100e6 * (1024 * 4 + 32 * 2 * 4) / GIB + 0.596e9 * 2 / GIB + 8.0
    assert need == pytest.approx(405.31 + 1.11 + 8.0, abs=0.01)
    served = [o for o in sz.options if o.feasible]
    assert served, sz.error
    for o in served:
        caveat = o.host_ram_unverified
        assert caveat.startswith(HOST_RAM_FLAG)
        assert f"{need:,.1f} GiB" in caveat and KIT in caveat


def test_node_with_ram_figure_carries_no_such_flag(catalog):
    sz = size(scenario(HR_ASSISTANT, candidates__hardware=["AWS g6e.4xlarge"]), catalog)
    assert sz.feasible and all(not o.host_ram_unverified for o in sz.options)
