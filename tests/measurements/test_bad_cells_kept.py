"""The plain CSV and AIPerf readers keep the good rows and values of a file that also holds bad
ones (text in a number column, a negative latency, a zero length) and say, for each bad value,
the line or row, the column or key, what it holds and why it cannot be used (issue 21 review).
A length left empty that way is named by `problems()` as what it held, not as "lacks ...".
The files are the real samples in tests/data/measurements with cells changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.domain import DomainError
from app.services import measurements as ms
from app.store import Project
from app.store.measurements import parse_text

DATA = Path(__file__).resolve().parents[1] / "data" / "measurements"
PLAIN = (DATA / "plain.csv").read_text(encoding="utf-8")  # 5 comment lines, header line 6, rows 7-8
ROW = "Llama-3.2-3B-Instruct,NVIDIA L40S,1,1,vLLM,bf16,{inp},270.2,16,,{ttft},{tpot},,2025-05-30,\n"


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    project = Project.open(tmp_path_factory.mktemp("p") / "p.archwise", create=True)
    yield project.catalog()
    project.close()


def test_plain_csv_keeps_the_good_rows_and_names_the_bad_cells(catalog):
    text = PLAIN + ROW.format(inp=0, ttft="", tpot=14.1) + ROW.format(inp=999, ttft="fast", tpot=14.0)
    text += ROW.format(inp=999, ttft="", tpot=-14.1)
    left_out: list[str] = []
    runs = parse_text(text, "own.csv", left_out)
    assert [r.id for r in runs] == ["own.csv#1", "own.csv#2", "own.csv#3", "own.csv#4"]  # line 11 left out
    assert left_out == [
        "own.csv: line 9: input_tokens 0 must be > 0 (left empty)",
        "own.csv: line 10: ttft_ms 'fast' is not a number (figure left out)",
        "own.csv: line 11: tpot_ms -14.1 must be > 0 (row left out: no usable figure)",
    ]
    zero_len, text_ttft = runs[2], runs[3]
    assert zero_len.input_tokens is None and zero_len.tpot_ms == 14.1
    why = ms.problems(zero_len, catalog)
    assert why == "line 9: input_tokens 0 must be > 0 (give --input-tokens)"  # not "lacks input_tokens"
    assert (text_ttft.ttft_ms, text_ttft.tpot_ms) == (None, 14.0)
    assert ms.problems(text_ttft, catalog) == ""  # fittable on its TPOT
    assert "line 10: ttft_ms 'fast' is not a number: figure left out" in text_ttft.notes


def test_plain_csv_unknown_precision_and_date_are_said_not_refused(catalog):
    text = PLAIN.replace("bf16,999,270.2,16,,,14.1,,2025-05-30", "bf17,999,270.2,16,,,14.1,,30/05/2025")
    left_out: list[str] = []
    runs = parse_text(text, "own.csv", left_out)
    assert left_out == [
        "own.csv: line 8: precision 'bf17' is not one Archwise knows (left empty)",
        "own.csv: line 8: date '30/05/2025' is not YYYY-MM-DD (left out)",
    ]
    assert runs[1].precision is None and runs[1].measured_on is None
    assert ms.problems(runs[1], catalog).startswith(
        "line 8: precision 'bf17' is not one Archwise knows (give --precision)"
    )


def test_a_plain_csv_without_a_usable_figure_is_refused_with_every_reason():
    text = PLAIN.splitlines(keepends=True)
    only_bad = "".join(text[:6]) + ROW.format(inp=999, ttft="-1", tpot="n/a")
    with pytest.raises(DomainError) as err:
        parse_text(only_bad, "own.csv")
    assert str(err.value) == (
        "own.csv: line 7: ttft_ms -1 must be > 0, tpot_ms 'n/a' is not a number (no row has a usable figure)"
    )


def test_aiperf_csv_keeps_the_good_metrics(catalog):
    text = (DATA / "aiperf_profile_export_aiperf.csv").read_text(encoding="utf-8")
    text = text.replace("Time to First Token (ms),1588.80,", "Time to First Token (ms),n/a,")
    text = text.replace("Output Sequence Length (tokens),96.85,", "Output Sequence Length (tokens),0,")
    left_out: list[str] = []
    (run,) = parse_text(text, "profile_export_aiperf.csv", left_out)
    assert left_out == [
        "profile_export_aiperf.csv: line 3: Time to First Token (ms) 'n/a' is not a number (figure left out)",
        "profile_export_aiperf.csv: line 5: Output Sequence Length (tokens) 0 must be > 0 (left empty)",
    ]
    assert (run.ttft_ms, run.tpot_ms, run.output_tokens_per_s, run.output_tokens) == (None, 51.76, 1274.63, None)
    assert ms.problems(run, catalog).startswith(
        "line 5: Output Sequence Length (tokens) 0 must be > 0 (give --output-tokens); lacks model"
    )


def test_aiperf_json_zero_length_and_negative_latency(catalog):
    data = json.loads((DATA / "aiperf_profile_export_aiperf.json").read_text(encoding="utf-8"))
    data["output_sequence_length"]["avg"] = 0
    data["time_to_first_token"]["avg"] = -3
    left_out: list[str] = []
    (run,) = parse_text(json.dumps(data), "profile_export_aiperf.json", left_out)
    assert left_out == [
        "profile_export_aiperf.json: row 1: output_sequence_length 0 must be > 0 (left empty)",
        "profile_export_aiperf.json: row 1: time_to_first_token -3.0 must be > 0 (figure left out)",
    ]
    assert run.ttft_ms is None and run.output_tokens is None and run.input_tokens == 550.0
    assert run.output_tokens_per_s == pytest.approx(19370 / 15.196591969)  # total_osl / duration, kept
    why = ms.problems(run, catalog)
    assert "row 1: output_sequence_length 0 must be > 0 (give --output-tokens)" in why
    assert "output_tokens" not in why.split("lacks", 1)[-1]
