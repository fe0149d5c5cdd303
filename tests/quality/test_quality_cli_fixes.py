"""`archwise quality`: unknown weight formats are refused naming the known ones, the help prints
a plain percent sign, and a CSV row names a harness filter so it shares the harness's column."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.services.quality import import_evaluations, list_evaluations
from app.store import Project
from app.store.eval_formats import metric_label, model_resolver, read_evaluations

DATA = Path(__file__).resolve().parents[1] / "data" / "evals"
LLAMA3_8B = DATA / "lm-eval_Meta-Llama-3-8B-Instruct_gsm8k_cot_llama.json"


def test_unknown_quantisation_is_refused_naming_the_known_ones(tmp_path, capsys):
    project = tmp_path / "p.archwise"
    code = main(["quality", "import", str(LLAMA3_8B), "--quantisation", "fp3", "--project", str(project)])
    err = capsys.readouterr().err
    assert code == 2
    assert "fp3" in err and "bf16" in err and "int4" in err
    assert not project.exists() or list_evaluations(Project.open(project)) == []


def test_known_quantisation_is_stored(tmp_path, capsys):
    project = tmp_path / "p.archwise"
    assert main(["quality", "import", str(LLAMA3_8B), "--quantisation", "fp8", "--project", str(project)]) == 0
    assert "(fp8)" in capsys.readouterr().out


def test_help_prints_a_single_percent_sign(capsys):
    assert main(["quality", "--help"]) == 0
    out = capsys.readouterr().out
    assert "%%" not in out and "score" in out


@pytest.mark.parametrize(
    ("metric", "filt", "label"),
    [
        ("exact_match/strict-match", "", "exact_match/strict-match"),
        ("exact_match,strict-match", "", "exact_match/strict-match"),
        ("exact_match", "strict-match", "exact_match/strict-match"),
        ("exact_match/strict-match", "strict-match", "exact_match/strict-match"),
        ("acc", "none", "acc"),
        ("acc,none", "", "acc"),
        ("acc", "", "acc"),
    ],
)
def test_metric_label_spellings(metric, filt, label):
    assert metric_label(metric, filt) == label


def test_csv_with_filter_column_shares_the_harness_column(tmp_path):
    project = Project.open(tmp_path / "q.archwise", create=True)
    try:
        csv = tmp_path / "own.csv"
        csv.write_text(
            "model,task,metric,filter,score\n"
            "Llama-3-8B-Instruct,gsm8k_cot_llama,exact_match,strict-match,70.5\n"
            "Llama-3-8B-Instruct,gsm8k_cot_llama,exact_match,flexible-extract,71.0\n",
            encoding="utf-8",
        )
        harness, _ = read_evaluations(LLAMA3_8B, model_resolver(project.catalog()))
        rows, _ = read_evaluations(csv, model_resolver(project.catalog()))
        assert {r.benchmark for r in rows} == {r.benchmark for r in harness}
        assert "Own: gsm8k_cot_llama, exact_match/strict-match" in {r.benchmark for r in rows}
        summary = import_evaluations(project, [csv])
        assert summary.added == 2
    finally:
        project.close()
