"""Class 1 of issue 15: non-finite and out-of-range numbers are refused at every boundary
(domain fields, a Hugging Face config.json, a catalog import, a scenario file, a CLI flag, a GUI
cell) with one line that names the field and its allowed range; the project is untouched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from app.cli import main
from app.domain import (
    Accelerator,
    Assumptions,
    DomainError,
    Instance,
    Model,
    Sla,
    Tokens,
    Traffic,
    Within,
    parse,
)
from app.paths import EXAMPLES_DIR
from app.store.hf_config import model_from_config

CONFIGS = Path(__file__).resolve().parent / "data" / "hf_configs"
SRC = dict(source="vendor datasheet", as_of="2026-01-01")
GPU = dict(name="G", vendor="v", efficiency_class="nvidia-hopper", memory_gib=80, memory_bandwidth_gb_s=3350, **SRC)
GPU_OK = {**GPU, "tflops_bf16": 989}

# Values no numeric field accepts, however wide its range.
NON_FINITE = [float("nan"), float("inf"), float("-inf"), "nan", "1e309", "-1e309", 10**400]


@pytest.mark.parametrize(
    "cls, data, field, value, range_text",
    [
        *[(Traffic, {}, "requests_per_s", v, "a positive number") for v in NON_FINITE],
        (
            Traffic,
            {},
            "requests_per_s",
            1e300,
            "a positive number up to 1e+15 req/s, got 1e+300",
        ),  # overflows cost arithmetic
        (Traffic, {}, "requests_per_s", 1e-300, "a positive number of at least 1e-09 req/s"),  # divides into 1e300
        (Traffic, {}, "requests_per_s", -0.0, "a positive number, got -0.0"),
        (Traffic, {"requests_per_s": 1}, "peak_to_mean", float("nan"), "between 1 and 1,000, got nan"),
        (Traffic, {"requests_per_s": 1}, "peak_hours_per_day", 25, "between 0 and 24 h a day, got 25"),
        (Tokens, {"output_tokens": 1}, "input_tokens", float("inf"), "between 1 and 1,000,000,000 tokens, got inf"),
        (Tokens, {"output_tokens": 1}, "input_tokens", 10**12, "a whole number from 1 to 1,000,000,000 tokens"),
        (
            Tokens,
            {"input_tokens": 1, "output_tokens": 1},
            "prefix_cache_hit_ratio",
            float("nan"),
            "between 0 and 1, got nan",
        ),
        (Sla, {}, "availability", 1.0, "above 0 and below 1, got 1.0"),
        (Sla, {}, "ttft_p95_ms", float("-inf"), "a positive number, got -inf"),
        (Assumptions, {}, "pue", float("nan"), "between 1 and 5, got nan"),
        (Assumptions, {}, "redundancy_replicas", float("inf"), "between 0 and 100, got inf"),
        (Assumptions, {}, "gpu_memory_fraction", 0.1, "above 0.1 and at most 1, got 0.1"),
        (Accelerator, GPU_OK, "memory_gib", float("nan"), "a positive number, got nan"),
        (Accelerator, GPU, "tflops_bf16", 1e-300, "a positive number of at least 1e-09, got 1e-300"),
        (Model, {}, "layers", float("nan"), "between 1 and 1,000,000,000, got nan"),
    ],
)
def test_domain_field_refuses_non_finite_and_out_of_range(cls, data, field, value, range_text):
    with pytest.raises(DomainError) as err:
        parse(cls, {**data, field: value})
    message = str(err.value)
    assert "\n" not in message
    # an int field words its range as a whole number (issue 12), a float field as an architect
    # would: "a positive number", "between 1 and 5", with the unit its name carries
    assert f"{field}: must be {range_text}" in message


@pytest.mark.parametrize(
    "cls, data, field, value, stored",
    [
        (Traffic, {"requests_per_s": 1, "peak_to_mean": 1}, "peak_hours_per_day", -0.0, 0.0),  # -0 is stored as 0
        (Traffic, {}, "requests_per_s", "0.5", 0.5),
        (Tokens, {"input_tokens": 1, "output_tokens": 1}, "prefix_cache_hit_ratio", 1, 1.0),
        (Assumptions, {}, "redundancy_replicas", 3.0, 3),
        (
            Instance,
            dict(name="I", provider="AWS", accelerator="G", accelerator_count=8, capex_usd=1, **SRC),
            "price_spot_usd_per_hour",
            1e15,
            1e15,
        ),
    ],
)
def test_domain_field_accepts_the_edges_of_its_range(cls, data, field, value, stored):
    record = parse(cls, {**data, field: value})
    got = getattr(record, field)
    assert got == stored and str(got) == str(stored)  # str() tells -0.0 from 0.0


@pytest.mark.parametrize(
    "rng, value, message",
    [
        (Within(1, 10), float("nan"), "n: must be between 1 and 10, got nan"),
        (Within(0, 1, low_open=True), 0, "n: must be above 0 and at most 1, got 0"),
        (Within(0, 1, high_open=True), 1, "n: must be at least 0 and below 1, got 1"),
        (Within(0, 1, low_open=True, high_open=True), 1, "n: must be above 0 and below 1, got 1"),
        (Within(0, 1e15), 10**400, "n: must be zero or a positive number up to 1e+15, got a 401-digit number"),
        (Within(1e-9, 1e15), -3, "n: must be a positive number, got -3"),
        (Within(1, 1e6), 5e6, "requests_per_s: must be between 1 and 1,000,000 req/s, got 5000000.0"),
    ],
)
def test_within_check_words_the_range(rng, value, message):
    with pytest.raises(DomainError) as err:
        rng.check(value, message.split(":")[0])
    assert str(err.value) == message


# -- Hugging Face config.json: the text as a file would hold it (json.loads reads NaN, Infinity, 1e309)
@pytest.mark.parametrize(
    "key, raw",
    [
        ("hidden_size", "NaN"),
        ("hidden_size", "Infinity"),
        ("hidden_size", "1e309"),
        ("hidden_size", "-4096"),
        ("hidden_size", "4096.5"),
        ("hidden_size", "1" + "0" * 30),
        ("num_attention_heads", "-Infinity"),
        ("num_hidden_layers", "true"),
        ("vocab_size", '"many"'),
        ("max_position_embeddings", "0"),
    ],
)
def test_hf_config_refuses_non_finite_and_out_of_range(tmp_path, capsys, key, raw):
    base = json.loads((CONFIGS / "llama-3.1-8b.json").read_text(encoding="utf-8"))
    text = json.dumps(base).replace(f'"{key}": {json.dumps(base[key])}', f'"{key}": {raw}')
    assert raw in text
    with pytest.raises(DomainError) as err:
        model_from_config(json.loads(text), name="X", source="test config")
    assert key in str(err.value) and "whole number from 1 to 1,000,000,000" in str(err.value)
    # and through the command, against a real project that stays byte-identical
    project = tmp_path / "p.archwise"
    assert main(["catalog", "list", "models", "--project", str(project)]) == 0
    before = project.read_bytes()
    path = tmp_path / "config.json"
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["model", "import-config", str(path), "--project", str(project)]) == 2
    err_text = capsys.readouterr().err
    assert err_text.count("\n") == 1 and key in err_text and "from 1 to" in err_text
    assert project.read_bytes() == before


@pytest.mark.parametrize(
    "key, value",
    [
        ("n_routed_experts", "NaN"),
        ("q_lora_rank", '"abc"'),
        ("qk_rope_head_dim", "Infinity"),
        ("n_shared_experts", "-1"),
    ],
)
def test_hf_config_optional_counts_are_checked_too(key, value):
    base = (CONFIGS / "deepseek-v3.json").read_text(encoding="utf-8")
    config = json.loads(base)
    assert key in config
    config[key] = json.loads(value)
    with pytest.raises(DomainError, match=key):
        model_from_config(config, name="X", source="test config")


# -- catalog import and scenario files through the CLI, one line, exit 2, project untouched
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


ACCEL_YAML = """kind: accelerators
records:
  - name: Odd GPU
    vendor: Lab
    source: lab measurement
    as_of: 2026-01-01
    efficiency_class: nvidia-hopper
    memory_gib: 80
    memory_bandwidth_gb_s: {value}
    tflops_bf16: 900
"""


@pytest.mark.parametrize(
    "suffix, text",
    [
        (".yaml", ACCEL_YAML.format(value=".nan")),
        (".yaml", ACCEL_YAML.format(value=".inf")),
        (".yaml", ACCEL_YAML.format(value="-.inf")),
        (".yaml", ACCEL_YAML.format(value="1e309")),
        (".yaml", ACCEL_YAML.format(value="1.0e+300")),
        (".yaml", ACCEL_YAML.format(value="-0.0")),
        (".json", json.dumps(yaml.safe_load(ACCEL_YAML.format(value="0")), default=str).replace(": 0,", ": NaN,")),
        (".json", json.dumps(yaml.safe_load(ACCEL_YAML.format(value="0")), default=str).replace(": 0,", ": 1e309,")),
        (
            ".csv",
            "name,vendor,source,as_of,efficiency_class,memory_gib,memory_bandwidth_gb_s,tflops_bf16\n"
            "Odd GPU,Lab,lab measurement,2026-01-01,nvidia-hopper,80,nan,900\n",
        ),
        (
            ".csv",
            "name,vendor,source,as_of,efficiency_class,memory_gib,memory_bandwidth_gb_s,tflops_bf16\n"
            "Odd GPU,Lab,lab measurement,2026-01-01,nvidia-hopper,80,Infinity,900\n",
        ),
    ],
)
def test_catalog_import_refuses_hostile_numbers(tmp_path, capsys, project, suffix, text):
    path = tmp_path / f"accelerators{suffix}"
    path.write_text(text, encoding="utf-8")
    before = project.read_bytes()
    capsys.readouterr()
    assert main(["catalog", "import", str(path), "--project", str(project)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "memory_bandwidth_gb_s: must be a positive number" in err
    assert project.read_bytes() == before


@pytest.mark.parametrize(
    "path, value, field",
    [
        (("workload", "traffic", "requests_per_s"), ".nan", "requests_per_s"),
        (("workload", "traffic", "requests_per_s"), "1.0e+300", "requests_per_s"),
        (("workload", "traffic", "peak_to_mean"), ".inf", "peak_to_mean"),
        (("workload", "tokens", "input_tokens"), "1e309", "input_tokens"),
        (("workload", "sla", "ttft_p95_ms"), "-0.0", "ttft_p95_ms"),
        (("assumptions", "pue"), ".nan", "pue"),
        (("assumptions", "hours_per_month"), "1.0e+9", "hours_per_month"),
        (("accelerators",), None, "tflops_bf16"),
    ],
)
def test_scenario_file_refuses_hostile_numbers(tmp_path, capsys, project, path, value, field):
    data = yaml.safe_load((EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml").read_text(encoding="utf-8"))
    if path == ("accelerators",):  # an inline record with a figure that would divide into 1e300
        data["accelerators"] = [{**GPU, "name": "Tiny", "tflops_bf16": 1e-300}]
        text = yaml.safe_dump(data)
    else:
        node = data
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = "@@"
        text = yaml.safe_dump(data).replace("'@@'", value)
    scenario = tmp_path / "s.yaml"
    scenario.write_text(text, encoding="utf-8")
    before = project.read_bytes()
    capsys.readouterr()
    assert main(["size", str(scenario), "--project", str(project)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{field}: must be " in err
    assert project.read_bytes() == before


@pytest.mark.parametrize(
    "flag, value, range_text",
    [
        ("--concurrency", "nan", "between 1 and 1,000,000"),
        ("--concurrency", "inf", "between 1 and 1,000,000"),
        ("--concurrency", "1e309", "between 1 and 1,000,000"),
        ("--concurrency", "-0", "between 1 and 1,000,000"),
        ("--concurrency", "1e300", "between 1 and 1,000,000"),
        ("--rate", "nan", "a positive number"),
        ("--rate", "-inf", "a positive number"),
        ("--rate", "1e300", "a positive number up to 1e+15 req/s"),
        ("--gpus", "0", "between 1 and 100,000"),
        ("--gpus", "nan", "between 1 and 100,000"),
        ("--input-tokens", "1e12", "between 1 and 1,000,000,000 tokens"),
        ("--output-tokens", "infinity", "between 1 and 1,000,000,000 tokens"),
        ("--pp", "-1", "between 1 and 100,000"),
    ],
)
def test_cli_flag_refuses_hostile_numbers(capsys, project, flag, value, range_text):
    argv = ["estimate", "--model", "Llama-3.1-8B-Instruct", "--hardware", "NVIDIA H100 SXM"]
    given = {"--gpus": "1", "--input-tokens": "100", "--output-tokens": "100", "--concurrency": "4", flag: value}
    if flag == "--rate":
        given.pop("--concurrency")
    for k, v in given.items():
        argv += [f"{k}={v}"]
    before = project.read_bytes()
    capsys.readouterr()
    assert main([*argv, "--project", str(project)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"argument {flag}: must be {range_text}, got '{value}'" in err
    assert project.read_bytes() == before


@pytest.mark.parametrize(
    "column, value, range_text",
    [
        ("concurrency", "nan", "between 1 and 1,000,000, got"),
        ("rate", "inf", "a positive number up to 1e+15, got"),
        ("gpus", "1e309", "between 1 and 100,000, got"),
        ("input_tokens", "-0", "between 1 and 1,000,000,000 tokens, got"),
    ],
)
def test_estimate_csv_row_refuses_hostile_numbers(tmp_path, capsys, project, column, value, range_text):
    row = dict(model="Llama-3.1-8B-Instruct", hardware="NVIDIA H100 SXM", gpus="1", input_tokens="100")
    row.update(output_tokens="100", concurrency="4")
    if column == "rate":
        row.pop("concurrency")
    row[column] = value
    path = tmp_path / "in.csv"
    path.write_text(",".join(row) + "\n" + ",".join(row.values()) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["estimate", "--from", str(path), "--project", str(project)]) == 0
    out = capsys.readouterr().out
    assert f"row 2: {column}: must be {range_text}" in out


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e309", "1e300", "-0", "1e-300"])
def test_catalog_cell_refuses_hostile_numbers(qtbot, value):
    from PySide6.QtGui import QUndoStack

    from app.ui.record_table_model import RecordTableModel

    record = parse(Accelerator, GPU_OK)
    model = RecordTableModel(Accelerator, [record], QUndoStack())
    column = [c.key for c in model.columns].index("memory_gib")
    with qtbot.waitSignal(model.validation_failed) as blocker:
        assert model.setData(model.index(0, column), value) is False
    assert "memory_gib: must be a positive number" in blocker.args[0]
    assert model.record(0) == record and model.undo_stack.count() == 0
