"""`estimate --images N` (issue 18): a multimodal request's images go into its prefill, as `size`
counts them for a multimodal workload (each image = the model's tokens_per_image)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from app.cli import main

VL = "Qwen3-VL-8B-Instruct"  # catalog: tokens_per_image 1024 (1024x1024 image)
GPU = "NVIDIA H100 SXM"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    path = tmp_path_factory.mktemp("proj") / "cli.archwise"
    assert main(["catalog", "list", "models", "--project", str(path)]) == 0  # creates and seeds it
    return str(path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _estimate(capsys, project, input_tokens, *extra):
    code, out, err = run(
        capsys,
        "estimate",
        "--model",
        VL,
        "--hardware",
        GPU,
        "--gpus",
        "1",
        "--input-tokens",
        str(input_tokens),
        "--output-tokens",
        "100",
        "--concurrency",
        "1",
        *extra,
        "--json",
        "--project",
        project,
    )
    assert code == 0, err
    return json.loads(out)


def test_two_images_add_their_tokens_to_the_prefill(capsys, project):
    with_images = _estimate(capsys, project, 500, "--images", "2")
    assert with_images["images_per_request"] == 2
    assert with_images["image_tokens_per_request"] == 2 * 1024
    # the KV cache holds the image tokens as prompt tokens: as many sequences as a 500 + 2,048
    # token text prompt; the prefill also runs the vision encoder, so it is no faster than that
    as_text = _estimate(capsys, project, 500 + 2 * 1024)
    assert with_images["memory"]["max_concurrent_sequences"] == as_text["memory"]["max_concurrent_sequences"]
    text_only = _estimate(capsys, project, 500)
    assert with_images["ttft_ms"] >= as_text["ttft_ms"] > text_only["ttft_ms"]


def test_images_on_a_text_model_is_refused_in_one_line(capsys, project):
    code, _, err = run(
        capsys,
        "estimate",
        "--model",
        "Llama-3.1-8B-Instruct",
        "--hardware",
        GPU,
        "--gpus",
        "1",
        "--input-tokens",
        "500",
        "--output-tokens",
        "100",
        "--concurrency",
        "1",
        "--images",
        "1",
        "--project",
        project,
    )
    assert code == 2 and "does not read images" in err and "Traceback" not in err


def test_images_column_in_csv(capsys, project, tmp_path):
    src = tmp_path / "mm.csv"
    src.write_text(
        "model,hardware,gpus,input_tokens,output_tokens,concurrency,images\n"
        f"{VL},{GPU},1,500,100,1,3\n"
        f"{VL},{GPU},1,500,100,1,-1\n"
    )
    code, out, _ = run(capsys, "estimate", "--from", str(src), "--project", project)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["error"] == "" and rows[0]["images"] == "3"
    assert "images" in rows[1]["error"]


def test_plain_text_lists_the_image_tokens(capsys, project):
    code, out, _ = run(
        capsys,
        "estimate",
        "--model",
        VL,
        "--hardware",
        GPU,
        "--gpus",
        "1",
        "--input-tokens",
        "500",
        "--output-tokens",
        "100",
        "--concurrency",
        "1",
        "--images",
        "2",
        "--project",
        project,
    )
    assert code == 0
    assert "images: 2 per request, 2,048 image tokens in each prefill" in out
