"""Quality scores in the shipped catalog (issue 20): one evaluator per column, every text model
comparable with another candidate of its size class or explicitly not, every score dated."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from app.domain import Model, parse
from app.domain.model import BASE_PRECISIONS
from app.paths import CATALOG_DIR

# evaluator named in the benchmark -> text every one of its scores' sources must contain
EVALUATORS = {
    "Meta model cards": "meta-llama/llama-models@",
    "Qwen2.5 report": "QwenLM/qwenlm.github.io@",
    "Qwen3 report": "QwenLM/Qwen3@",
    "DeepSeek-V3 report": "deepseek-ai/DeepSeek-V3@",
    "DeepSeek-R1 report": "deepseek-ai/DeepSeek-R1@",
    "Phi-3.5 card": "Phi-3.5",
    "Phi-4 card": "Phi-4",
    "Kimi-K2 report": "MoonshotAI/Kimi-K2@",
    "Neural Magic lm-eval 383bbd5": "commit 383bbd5",
    "Neural Magic Llama-3.1 fork": "llama_3.1_instruct",
    "Neural Magic w4a16 card": "quantized.w4a16",
    "LMArena text": "CherryHQ/cherry-studio-docs@5bc06d15",
}
# size classes by total parameters [billions]: a comparable score is shared with a model of the same class
CLASS_EDGES = (10.0, 40.0, 150.0)
NO_SCORE = "no comparable public score"


def size_class(m: Model) -> int:
    return sum(m.params_total_b >= edge for edge in CLASS_EDGES)


@pytest.fixture(scope="module")
def models() -> list[Model]:
    data = yaml.safe_load((CATALOG_DIR / "models.yaml").read_text(encoding="utf-8"))
    return [parse(Model, r) for r in data["records"]]


def evaluator_of(benchmark: str) -> str:
    hits = [e for e in EVALUATORS if e in benchmark]
    assert len(hits) == 1, f"'{benchmark}' must name exactly one known evaluator, names {hits}"
    return hits[0]


def test_one_evaluator_per_column(models):
    for m in models:
        for q in m.quality:
            marker = EVALUATORS[evaluator_of(q.benchmark)]
            assert marker in q.source, f"{m.name}: '{q.benchmark}' score sourced elsewhere: {q.source}"


def test_every_text_model_is_comparable_within_its_size_class_or_says_not(models):
    text = [m for m in models if m.modality.value == "text"]
    scored: dict[str, set[str]] = {}
    for m in text:
        for q in m.quality:
            if q.precision in BASE_PRECISIONS:
                scored.setdefault(q.benchmark, set()).add(m.name)
    by_name = {m.name: m for m in text}
    missing = []
    for m in text:
        peers = {
            other
            for q in m.quality
            if q.precision in BASE_PRECISIONS
            for other in scored[q.benchmark]
            if other != m.name and size_class(by_name[other]) == size_class(m)
        }
        if not peers:
            if not m.quality_note.startswith(NO_SCORE):
                missing.append(m.name)
        else:
            assert not m.quality_note, f"{m.name} has comparable scores but says '{m.quality_note}'"
    assert missing == [], f"no comparable score and no '{NO_SCORE}' note: {missing}"
    explicit = [m.name for m in text if m.quality_note]
    assert len(explicit) <= len(text) // 4, f"too many models without a comparable score: {explicit}"


def test_every_score_is_dated(models):
    for m in models:
        for q in m.quality:
            when = q.as_of or m.as_of  # the evaluator's date, else the day the copy was read
            assert dt.date(2023, 1, 1) <= when <= dt.date(2026, 11, 30), f"{m.name}: {q.benchmark}"


def test_quantised_scores_sit_beside_their_bf16_score_from_the_same_table(models):
    quantised = [(m, q) for m in models for q in m.quality if q.precision not in BASE_PRECISIONS]
    assert {q.precision for _, q in quantised} == {"fp8", "int4"}
    for m, q in quantised:
        base = m.quality_at(q.benchmark)
        assert base is not None and base.precision == "", f"{m.name}: {q.benchmark} FP8 without its BF16 figure"
        assert base.source.split(" ")[0] == q.source.split(" ")[0], f"{m.name}: FP8 and BF16 from different cards"
        assert abs(q.score - base.score) < 5.0  # a published recovery, not a different benchmark


def test_one_unit_per_column_and_arena_ratings_carry_their_interval(models):
    units: dict[str, set[str]] = {}
    for m in models:
        for q in m.quality:
            units.setdefault(q.benchmark, set()).add(q.unit)
            if q.unit == "Elo":
                assert q.ci_pts is not None and q.n, f"{m.name}: an arena rating needs its 95 % interval and votes"
                assert q.as_of == dt.date(2026, 7, 30), f"{m.name}: the snapshot's date"
            else:
                assert q.unit == "%" and q.score <= 100
    assert all(len(u) == 1 for u in units.values()), units


def test_fp8_delta_by_hand(models):
    llama3 = next(m for m in models if m.name == "Llama-3-8B-Instruct")
    bench = "MMLU (5-shot, Neural Magic lm-eval 383bbd5)"
    # Neural Magic's card: 66.60 unquantised, 66.27 FP8 (99.50 % recovery)
    assert llama3.quality_at(bench).score == 66.60
    assert llama3.quality_at(bench, "fp8").score == 66.27
    assert round(llama3.quality_at(bench, "fp8").score / llama3.quality_at(bench).score, 4) == 0.9950
    assert llama3.quality_at(bench, "int4").score == 66.60  # no INT4 figure: the BF16 one, flagged in the matrix
    llama31 = next(m for m in models if m.name == "Llama-3.1-8B-Instruct")
    w4 = "MMLU (5-shot, Neural Magic w4a16 card)"
    # the w4a16 card: 68.3 unquantised, 66.9 INT4 (97.9 % recovery)
    assert (llama31.quality_at(w4).score, llama31.quality_at(w4, "int4").score) == (68.3, 66.9)
