"""Bits per weight of the block-quantised weight formats (GGUF types, MXFP4, NVFP4).

A block format stores `elements` weights in `block_bytes` bytes (the quants plus their scales),
so its storage cost is block_bytes x 8 / elements bits per weight. The layouts are the ggml
structs in llama.cpp's ggml/src/ggml-common.h (ggml-org/llama.cpp, commit 01243c58, read
2026-11-30), each of which the source pins with a static_assert on sizeof(block):

    block_q4_0   32 weights: ggml_half d + uint8 qs[16]                  = 18 B -> 4.5 bpw
    block_q8_0   32 weights: ggml_half d + int8 qs[32]                   = 34 B -> 8.5 bpw
    block_q4_K  256 weights: 2 x ggml_half + scales[12] + qs[128]        = 144 B -> 4.5 bpw
    block_q5_K  256 weights: 2 x ggml_half + scales[12] + qh[32] + qs[128] = 176 B -> 5.5 bpw
    block_q6_K  256 weights: ql[128] + qh[64] + int8 scales[16] + ggml_half d = 210 B -> 6.5625 bpw
    block_mxfp4  32 weights: uint8 e (E8M0) + uint8 qs[16]               = 17 B -> 4.25 bpw
    block_nvfp4  64 weights: 4 x UE4M3 scales (one per 16) + qs[32]      = 36 B -> 4.5 bpw

MXFP4 is the OCP Microscaling format (32 FP4 E2M1 values sharing one E8M0 scale) and NVFP4
NVIDIA's (16 FP4 E2M1 values sharing one FP8 E4M3 scale, plus a per-tensor FP32 scale that does
not change the per-weight figure), which is what the ggml structs above encode.

Q4_K_M and Q5_K_M are not single block types but llama-quantize mixtures: most tensors in Q4_K
(Q5_K), some (half of attn_v and ffn_down, the output matrix) in Q6_K. Their average is a
property of the file, so the figure used for sizing is the one llama.cpp's own table measures on
Llama-3.1-8B (tools/quantize/README.md, "bits/weight": Q4_K_M 4.8944, Q5_K_M 5.7036; Q8_0 8.5008
there, the block's 8.5 plus a few unquantised norms). A model with a larger share of attention or
embedding weights lands a little higher or lower; the mixture lies between its base type and
Q6_K by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.common import Precision


@dataclass(frozen=True)
class BlockLayout:
    """One ggml block type: `elements` weights stored in `block_bytes` bytes."""

    ggml_type: str
    elements: int
    block_bytes: int

    @property
    def bits_per_weight(self) -> float:
        """Storage cost [bit/weight] = block bytes x 8 / weights per block."""
        return self.block_bytes * 8 / self.elements


# ggml block layouts (ggml-common.h), by ggml type name
GGML_BLOCKS: dict[str, BlockLayout] = {
    b.ggml_type: b
    for b in (
        BlockLayout("q4_0", 32, 2 + 32 // 2),
        BlockLayout("q8_0", 32, 2 + 32),
        BlockLayout("q4_K", 256, 2 * 2 + 12 + 256 // 2),
        BlockLayout("q5_K", 256, 2 * 2 + 12 + 256 // 8 + 256 // 2),
        BlockLayout("q6_K", 256, 256 // 2 + 256 // 4 + 256 // 16 + 2),
        BlockLayout("mxfp4", 32, 1 + 32 // 2),
        BlockLayout("nvfp4", 64, 64 // 16 + 64 // 2),
    )
}

# The block type each precision is stored in (its base type, for the mixtures)
BASE_BLOCK: dict[Precision, str] = {
    Precision.Q4_0: "q4_0",
    Precision.Q8_0: "q8_0",
    Precision.Q4_K_M: "q4_K",
    Precision.Q5_K_M: "q5_K",
    Precision.MXFP4: "mxfp4",
    Precision.NVFP4: "nvfp4",
}

# llama-quantize mixtures: average bits per weight measured by llama.cpp on Llama-3.1-8B
# (tools/quantize/README.md, ggml-org/llama.cpp commit 311c2c9f, read 2026-11-30)
MIXTURE_BITS_PER_WEIGHT: dict[Precision, float] = {
    Precision.Q4_K_M: 4.8944,
    Precision.Q5_K_M: 5.7036,
}

# The GGUF types llama.cpp serves (weight-only on every backend: the weights are dequantised, or
# dotted with 8-bit-quantised activations, inside its kernels) and the 4-bit float formats that
# Blackwell tensor cores compute in natively.
GGUF_FORMATS: frozenset[Precision] = frozenset(
    {Precision.Q4_0, Precision.Q4_K_M, Precision.Q5_K_M, Precision.Q8_0, Precision.MXFP4}
)
FP4_FORMATS: frozenset[Precision] = frozenset({Precision.MXFP4, Precision.NVFP4})
# Integer GGUF types: no device has math units for them, so they are weight-only by design (as INT4)
GGUF_INTEGER_FORMATS: frozenset[Precision] = GGUF_FORMATS - FP4_FORMATS


def bits_per_weight(p: Precision) -> float:
    """Storage cost of weights in `p` [bit/weight], scales included: a mixture's measured
    average, else the block layout's, else the element width of a plain format."""
    if p in MIXTURE_BITS_PER_WEIGHT:
        return MIXTURE_BITS_PER_WEIGHT[p]
    if p in BASE_BLOCK:
        return GGML_BLOCKS[BASE_BLOCK[p]].bits_per_weight
    return {
        Precision.FP32: 32.0,
        Precision.BF16: 16.0,
        Precision.FP16: 16.0,
        Precision.FP8: 8.0,
        Precision.INT8: 8.0,
        Precision.INT4: 4.0,
    }[p]


def is_block_quantised(p: Precision) -> bool:
    """Weights stored with per-block scales (a GGUF type, MXFP4 or NVFP4)."""
    return p in BASE_BLOCK
