"""Own evaluation results in: real lm-evaluation-harness files and a CSV, stored with their
provenance in one transaction; a bad or mismatched file gets one line and changes nothing."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.domain import DomainError, Model
from app.services.quality import import_evaluations, list_evaluations, with_evaluations
from app.store import Project
from app.store.eval_formats import model_resolver, quantisation_of, read_evaluations
from app.store.schema import SCHEMA_VERSION

DATA = Path(__file__).resolve().parents[1] / "data" / "evals"
LLAMA3_8B = DATA / "lm-eval_Meta-Llama-3-8B-Instruct_gsm8k_cot_llama.json"
LLAMA31_70B = DATA / "lm-eval_Meta-Llama-3.1-70B-Instruct_gsm8k_judge_2.json"


@pytest.fixture
def project(tmp_path):
    p = Project.open(tmp_path / "q.archwise", create=True)
    yield p
    p.close()


def test_real_lm_eval_file_reads_every_metric_with_its_provenance(project):
    results, notes = read_evaluations(LLAMA3_8B, model_resolver(project.catalog()))
    raw = json.loads(LLAMA3_8B.read_text(encoding="utf-8"))["results"]["gsm8k_cot_llama"]
    by = {r.metric: r for r in results}
    assert set(by) == {"exact_match/strict-match", "exact_match/flexible-extract"} and notes == []
    strict = by["exact_match/strict-match"]
    assert strict.model == "Llama-3-8B-Instruct"  # meta-llama/Meta-Llama-3-8B-Instruct, 'Meta-' dropped
    assert strict.score == pytest.approx(100 * raw["exact_match,strict-match"], abs=1e-9)  # 77.255...
    assert strict.stderr_pts == pytest.approx(100 * raw["exact_match_stderr,strict-match"], abs=1e-9)
    assert strict.n == 1319
    assert strict.date == dt.date(2024, 8, 25)  # "date": 1724622900.3 (Unix seconds, UTC)
    assert strict.model_as_run == "meta-llama/Meta-Llama-3-8B-Instruct"
    assert strict.source_file == LLAMA3_8B.name and strict.harness.startswith("lm-evaluation-harness")
    assert strict.quantisation == ""  # the file does not say: shown as "format not stated"
    assert "n = 1,319" in strict.provenance() and "format not stated" in strict.provenance()
    assert strict.benchmark == "Own: gsm8k_cot_llama, exact_match/strict-match"


def test_renamed_meta_repo_resolves_to_the_catalog_model(project):
    results, _ = read_evaluations(LLAMA31_70B, model_resolver(project.catalog()))
    assert [(r.model, r.task, r.metric) for r in results] == [
        ("Llama-3.1-70B-Instruct", "gsm8k_judge_2", "exact_match/test")
    ]
    assert results[0].score == pytest.approx(81.65276724791509, abs=1e-9)


def test_import_stores_all_files_in_one_go_and_reimport_replaces(project):
    summary = import_evaluations(project, [LLAMA3_8B, LLAMA31_70B, DATA / "golden-set.csv"])
    assert (summary.added, summary.replaced) == (3, 2)  # the CSV restates two of the three results
    stored = list_evaluations(project)
    assert len(stored) == 3
    again = import_evaluations(project, [LLAMA3_8B])
    assert (again.added, again.replaced) == (0, 2) and len(list_evaluations(project)) == 3


def test_csv_reads_its_columns(project):
    results, _ = read_evaluations(DATA / "golden-set.csv", model_resolver(project.catalog()))
    first = results[0]
    assert (first.model, first.task, first.metric, first.score, first.n) == (
        "Llama-3-8B-Instruct",
        "gsm8k_cot_llama",
        "exact_match/strict-match",
        77.26,
        1319,
    )
    assert first.date == dt.date(2024, 8, 25) and first.stderr_pts == 1.15 and first.harness == "csv"


@pytest.mark.parametrize(
    "name, message",
    [
        ("bad-unknown-model.csv", "line 3: model 'Not-A-Real-Model-9B' is not in the catalog"),
        ("bad-score.csv", "line 2: score 'seventy' is not a number"),
        ("bad-columns.csv", "the CSV needs the columns model, task, metric, score"),
    ],
)
def test_a_bad_file_among_good_ones_changes_nothing(project, name, message):
    with pytest.raises(DomainError, match=message):
        import_evaluations(project, [LLAMA3_8B, DATA / name])
    assert list_evaluations(project) == []


def test_not_a_results_file_and_a_local_path_need_saying(project, tmp_path):
    bad = tmp_path / "config.json"
    bad.write_text('{"architectures": ["LlamaForCausalLM"]}', encoding="utf-8")
    with pytest.raises(DomainError, match="not an lm-evaluation-harness results file"):
        import_evaluations(project, [bad])
    local = tmp_path / "local.json"
    data = json.loads(LLAMA3_8B.read_text(encoding="utf-8"))
    data["config"]["model_args"] = "pretrained=/scratch/ckpt/step-900,dtype=bfloat16"
    local.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DomainError, match="'/scratch/ckpt/step-900' is not in the catalog; pass --model"):
        import_evaluations(project, [local])
    summary = import_evaluations(project, [local], model="Qwen3-8B")
    assert {r.model for r in summary.results} == {"Qwen3-8B"}
    assert {r.quantisation for r in summary.results} == {"bf16"}  # dtype=bfloat16


def test_quantisation_is_read_from_arguments_and_names():
    assert quantisation_of("RedHatAI/Meta-Llama-3.1-8B-Instruct-FP8", {}) == "fp8"
    assert quantisation_of("hugging-quants/Meta-Llama-3.1-70B-Instruct-AWQ-INT4", {}) == "int4"
    assert quantisation_of("org/model", {"quantization": "fp8"}) == "fp8"
    assert quantisation_of("org/model", {"load_in_4bit": "True"}) == "int4"
    assert quantisation_of("org/model", {"dtype": "float16"}) == "fp16"
    assert quantisation_of("org/model", {}) == ""


def test_own_results_join_the_models_quality_scores(project):
    import_evaluations(project, [LLAMA3_8B])
    cat = with_evaluations(project.catalog(), list_evaluations(project))
    m = cat.get(Model, "Llama-3-8B-Instruct")
    q = m.quality_at("Own: gsm8k_cot_llama, exact_match/strict-match")
    assert q is not None and q.n == 1319 and LLAMA3_8B.name in q.source


def test_cli_import_list_and_bad_file_exit_2(tmp_path, capsys):
    path = tmp_path / "cli.archwise"
    assert main(["quality", "import", str(LLAMA3_8B), "--project", str(path)]) == 0
    assert "2 added" in capsys.readouterr().out
    assert main(["quality", "import", str(LLAMA31_70B), str(DATA / "bad-score.csv"), "--project", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "bad-score.csv line 2" in err[0]
    assert main(["quality", "list", "--json", "--project", str(path)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {r["model"] for r in listed} == {"Llama-3-8B-Instruct"}  # the 70B file was not stored


def test_a_v2_project_gains_the_evaluations_table(tmp_path):
    path = tmp_path / "v2.archwise"
    Project.open(path, create=True).close()
    con = sqlite3.connect(path)
    con.execute("DROP TABLE evaluations")
    con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    p = Project.open(path)
    try:
        assert (tmp_path / "v2.archwise.v2.bak").exists()
        import_evaluations(p, [LLAMA3_8B])
        assert len(list_evaluations(p)) == 2
    finally:
        p.close()
    con = sqlite3.connect(path)
    assert con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    con.close()


def test_the_samples_are_the_harness_files_as_written():
    data = json.loads(LLAMA3_8B.read_text(encoding="utf-8"))
    assert {"results", "n-samples", "config", "date", "model_name", "git_hash", "higher_is_better"} <= set(data)
