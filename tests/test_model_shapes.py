"""Class 2 of issue 15: a model's shape is internally consistent on every path that creates one
(a Hugging Face config.json, a catalog import, an inline scenario record, a table cell), and the
published exceptions (an explicit head_dim that differs from hidden / heads) stay allowed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from app.cli import main
from app.domain import DomainError, Model, Scenario, parse
from app.paths import EXAMPLES_DIR
from app.store.hf_config import model_from_config

CONFIGS = Path(__file__).resolve().parent / "data" / "hf_configs"
MODEL = dict(
    name="Shape test",
    source="test record",
    as_of="2026-01-01",
    params_total_b=8,
    layers=32,
    hidden_size=4096,
    attention_heads=32,
    kv_heads=8,
    head_dim=128,
    attention_kind="gqa",
    vocab_size=128256,
    max_context_tokens=8192,
)

# (fields changed on a sound 8B GQA model, what the message must say)
INCONSISTENT = [
    (dict(kv_heads=5), "multiple of kv_heads"),
    (dict(kv_heads=64), "cannot exceed attention_heads"),
    (dict(head_dim=7), "attention_heads x head_dim"),
    (dict(head_dim=4096), "attention_heads x head_dim"),
    (dict(hidden_size=4_000_000), "attention_heads x head_dim"),
    (dict(experts=8, experts_per_token=9), "cannot exceed experts"),
    (dict(experts=8), "needs experts_per_token"),
    (dict(experts_per_token=2), "experts_per_token is set but experts is 0"),
    (dict(shared_experts=1), "shared_experts is set but experts is 0"),
    (dict(max_context_tokens=0), "max_context_tokens: must be a whole number from 1"),
    (dict(params_total_b=0.1), "below the embedding table alone"),
    (dict(params_active_b=9), "params_active_b cannot exceed"),
    (dict(kv_lora_rank=512), "kv_lora_rank applies to MLA attention only"),
    (dict(attention_kind="mla"), "MLA needs kv_lora_rank"),
    (dict(attention_kind="mqa"), "MQA needs exactly one KV head"),
]

# Published shapes whose query width differs from hidden_size (head_dim given explicitly).
PUBLISHED = [
    dict(hidden_size=1024, attention_heads=16, kv_heads=8, head_dim=128, params_total_b=0.6, vocab_size=151936),
    dict(hidden_size=3584, attention_heads=16, kv_heads=8, head_dim=256, params_total_b=9.2, vocab_size=256000),
    dict(hidden_size=2880, attention_heads=64, kv_heads=8, head_dim=64, params_total_b=20.9, vocab_size=201088),
]


@pytest.mark.parametrize("change, message", INCONSISTENT)
def test_domain_refuses_an_inconsistent_shape(change, message):
    with pytest.raises(DomainError, match=message):
        parse(Model, {**MODEL, **change})


@pytest.mark.parametrize("shape", PUBLISHED)
def test_published_shapes_with_explicit_head_dim_are_accepted(shape):
    model = parse(Model, {**MODEL, **shape})
    assert model.attention_heads * model.head_dim != model.hidden_size


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    path = tmp_path_factory.mktemp("seed") / "seed.archwise"
    assert main(["catalog", "list", "runtimes", "--project", str(path)]) == 0
    return path


@pytest.fixture
def project(seeded, tmp_path):
    path = tmp_path / "p.archwise"
    shutil.copyfile(seeded, path)
    return path


@pytest.mark.parametrize("change, message", INCONSISTENT[:11])
def test_catalog_import_refuses_an_inconsistent_shape(tmp_path, capsys, project, change, message):
    path = tmp_path / "models.yaml"
    path.write_text(yaml.safe_dump({"kind": "models", "records": [{**MODEL, **change}]}), encoding="utf-8")
    before = project.read_bytes()
    capsys.readouterr()
    assert main(["catalog", "import", str(path), "--project", str(project)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message.split(":")[0] in err
    assert project.read_bytes() == before


@pytest.mark.parametrize("change, message", INCONSISTENT[:11])
def test_inline_scenario_model_refuses_an_inconsistent_shape(change, message):
    data = yaml.safe_load((EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml").read_text(encoding="utf-8"))
    data["models"] = [{**MODEL, **change}]
    with pytest.raises(DomainError, match=message):
        parse(Scenario, data)


# (config.json keys changed on Llama 3.1 8B, message)
CONFIG_CASES = [
    (dict(num_attention_heads=31), "does not divide hidden_size"),  # no head_dim: not an integer
    (dict(num_key_value_heads=5), "multiple of kv_heads"),
    (dict(num_key_value_heads=64), "cannot exceed attention_heads"),
    (dict(max_position_embeddings=0), "max_position_embeddings must be a whole number from 1"),
    (dict(head_dim=3), "attention_heads x head_dim"),
]


@pytest.mark.parametrize("change, message", CONFIG_CASES)
def test_hf_config_refuses_an_inconsistent_shape(change, message):
    config = {**json.loads((CONFIGS / "llama-3.1-8b.json").read_text(encoding="utf-8")), **change}
    with pytest.raises(DomainError, match=message):
        model_from_config(config, name="X", source="test config")


def test_hf_config_moe_with_more_experts_per_token_than_experts_is_refused():
    config = json.loads((CONFIGS / "mixtral-8x7b.json").read_text(encoding="utf-8"))
    config["num_experts_per_tok"] = config["num_local_experts"] + 1
    with pytest.raises(DomainError, match="cannot exceed experts"):
        model_from_config(config, name="X", source="test config")


def test_hf_config_explicit_head_dim_is_a_published_exception():
    config = json.loads((CONFIGS / "llama-3.1-8b.json").read_text(encoding="utf-8"))
    config.update(num_attention_heads=31, num_key_value_heads=31, head_dim=128)  # 31 x 128 != 4096: stated
    model = model_from_config(config, name="X", source="test config")
    assert (model.attention_heads, model.head_dim, model.hidden_size) == (31, 128, 4096)


@pytest.mark.parametrize(
    "field, value, message",
    [("head_dim", "7", "attention_heads x head_dim"), ("kv_heads", "5", "multiple of kv_heads")],
)
def test_catalog_cell_refuses_an_inconsistent_shape(qtbot, field, value, message):
    from PySide6.QtGui import QUndoStack

    from app.ui.record_table_model import RecordTableModel

    record = parse(Model, MODEL)
    model = RecordTableModel(Model, [record], QUndoStack())
    keys = [c.key for c in model.columns]
    assert field in keys
    with qtbot.waitSignal(model.validation_failed) as blocker:
        assert model.setData(model.index(0, keys.index(field)), value) is False
    assert message in blocker.args[0]
    assert model.record(0) == record
