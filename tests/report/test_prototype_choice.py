"""Next steps -> Prototype (app.advice.path) picks hardware the sizing does not rule out and keeps
the data where L2 keeps it (issue 12: the report ruled out an AWS g6e.12xlarge for host RAM, then
proposed it as the prototype, and put regulated data on AWS beside an on-prem recommendation)."""

from __future__ import annotations

from app.advice import derive_advice
from app.domain import Scenario, parse
from app.engine import size
from app.store.io_formats import catalog_from_dir

GIB = 1024.0**3

# 4,000,000 documents x 25 chunks = 1e8 vectors x 1,024 dims x 4 B = 409.6e9 B = 381.5 GiB of raw
# vectors alone, before the HNSW links and the host's own reserve: more than an AWS g6e.12xlarge's
# 384 GiB of RAM, well under the DGX H100's 2,048 GiB.
REGULATED_RAG = {
    "name": "Regulated RAG",
    "workload": {
        "name": "Case-file assistant",
        "category": "rag",
        "traffic": {"requests_per_s": 1.0, "peak_to_mean": 2.0},
        "tokens": {"input_tokens": 4000, "output_tokens": 300},
        "sla": {"ttft_p95_ms": 3000},
        "sensitivity": "regulated",
        "rag": {
            "corpus_documents": 4_000_000,
            "chunks_per_document": 25,
            "chunk_tokens": 400,
            "embedding_dim": 1024,
            "vector_bytes_per_dim": 4,
            "index_type": "hnsw",
            "index_in": "host",
            "top_k": 5,
        },
    },
    "candidates": {
        "models": ["Qwen2.5-14B-Instruct"],
        "hardware": ["AWS g6e.12xlarge", "On-prem 8x H100 SXM (DGX H100)"],
        "precisions": ["bf16"],
        "runtimes": ["vLLM"],
    },
}


def test_the_prototype_meets_host_memory_and_stays_inside_the_data_boundary():
    catalog = catalog_from_dir()
    s = parse(Scenario, REGULATED_RAG)
    sz = size(s, catalog)
    g6e = [o for o in sz.options if o.hardware == "AWS g6e.12xlarge"]
    assert g6e and all(any(v.constraint == "host_memory" for v in o.violations) for o in g6e)  # as hand-worked
    assert sz.recommended is not None and sz.recommended.hardware.startswith("On-prem")
    prototype = derive_advice(s, sz, catalog).stages[0]
    assert prototype.name == "Prototype"
    assert "g6e" not in prototype.hardware and "AWS" not in prototype.hardware
    assert "On-prem 8x H100 SXM (DGX H100)" in prototype.hardware
