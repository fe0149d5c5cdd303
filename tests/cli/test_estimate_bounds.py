"""archwise estimate at the edges: a sequence longer than the model's window is refused like
`size` rules it out; concurrency has a stated ceiling and big figures print with separators;
the output CSV names each column once."""

from __future__ import annotations

import csv
import io

import pytest

from app.cli import main

H100 = "NVIDIA H100 SXM"
LLAMA8 = "Llama-3.1-8B-Instruct"  # max_context_tokens 131,072 in catalog/models.yaml


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    path = tmp_path_factory.mktemp("proj") / "cli.archwise"
    assert main(["catalog", "list", "models", "--project", str(path)]) == 0
    return str(path)


def _estimate(capsys, project, *extra):
    capsys.readouterr()
    code = main(["estimate", "--model", LLAMA8, "--hardware", H100, "--gpus", "8", "--project", project, *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_sequence_over_the_window_is_refused(capsys, project):
    code, out, err = _estimate(
        capsys, project, "--input-tokens", "500000", "--output-tokens", "200", "--concurrency", "8"
    )
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "required 500,200, available 131,072" in err  # 500,000 in + 200 out


def test_a_sequence_at_the_window_is_estimated(capsys, project):
    code, out, _ = _estimate(
        capsys, project, "--input-tokens", "130872", "--output-tokens", "200", "--concurrency", "1"
    )
    assert code == 0 and "sequences of 131,072 tokens" in out


def test_concurrency_has_a_stated_ceiling(capsys, project):
    code, _, err = _estimate(
        capsys, project, "--input-tokens", "5000", "--output-tokens", "200", "--concurrency", "1e9"
    )
    assert code == 2 and "between 1 and 1,000,000" in err


def test_a_large_concurrency_prints_with_separators(capsys, project):
    code, out, _ = _estimate(
        capsys, project, "--input-tokens", "5000", "--output-tokens", "200", "--concurrency", "1000000"
    )
    assert code == 0
    assert "load: 1,000,000 sequences in flight" in out
    assert "of 1,000,000 sequences fit the KV cache, the rest queue" in out
    assert "e+" not in out


def test_csv_names_each_column_once_and_refuses_a_long_row(capsys, project, tmp_path):
    src = tmp_path / "rows.csv"
    src.write_text(
        "model,hardware,gpus,input_tokens,output_tokens,concurrency\n"
        f"{LLAMA8},{H100},1,1000,200,8\n"
        f"{LLAMA8},{H100},8,500000,200,8\n"
    )
    capsys.readouterr()
    assert main(["estimate", "--from", str(src), "--project", project]) == 0
    out = capsys.readouterr().out
    header = next(csv.reader(io.StringIO(out)))
    assert len(header) == len(set(header))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["concurrency"] == "8" and rows[0]["sequences_in_flight"] == "8"
    assert rows[1]["error"].startswith("row 3: context:") and "available 131,072" in rows[1]["error"]
