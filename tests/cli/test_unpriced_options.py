"""An option no operating point serves (no batch meets the SLA: status "throughput") has no
replicas and no cost: the CLI text writes n/a with its status, JSON null (not 0), the sweep CSV an
empty cell, the PDF's option block n/a, and no chart plots it at $0. The shipped A100 example
has such options (2x A100 TP2 on vLLM and SGLang)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from app.cli import main
from app.domain import Sizing
from app.paths import EXAMPLES_DIR

A100 = str(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml")
UNDEFINED = (
    "requests_per_s_per_replica", "replicas", "replicas_min", "replicas_max", "total_gpus",
    "cost_per_month_usd", "cost_per_million_tokens_usd", "cost_per_request_usd",
)  # fmt: skip


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    path = tmp_path_factory.mktemp("proj") / "cli.archwise"
    assert main(["catalog", "list", "models", "--project", str(path)]) == 0
    return str(path)


@pytest.fixture(scope="module")
def sized(project):
    from app.services.sizing import load_scenario, size_scenario
    from app.store.io_formats import catalog_from_dir

    scenario = load_scenario(A100)
    return scenario, size_scenario(catalog_from_dir(), scenario)


def _unpriced(sizing) -> list:
    return [o for o in sizing.options if not o.feasible and o.violations[0].constraint == "throughput"]


def test_json_writes_null_not_zero_and_reads_back(capsys, project):
    assert main(["size", A100, "--json", "--project", project]) == 0
    data = json.loads(capsys.readouterr().out)
    unpriced = [o for o in data["options"] if o["violations"] and o["violations"][0]["constraint"] == "throughput"]
    assert unpriced, "the example has options that no batch serves at the SLA"
    for o in unpriced:
        assert o["priced"] is False and all(o[k] is None for k in UNDEFINED)
        assert o["tokens_per_s"] > 0  # what it does at its best batch is still said
    priced = [o for o in data["options"] if o["feasible"]]
    assert all(o["priced"] and o["replicas"] >= 1 and o["cost_per_month_usd"] > 0 for o in priced)
    back = Sizing.model_validate(data)  # a saved result reads back: the undefined figures as 0
    assert [o.priced for o in back.options] == [o["priced"] for o in data["options"]]


def test_cli_table_says_na_with_the_status(capsys, project):
    assert main(["size", A100, "--project", project]) == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.rstrip().endswith("throughput") and "Llama" in line]
    assert len(rows) >= 2
    for line in rows:
        cells = line.split()
        # max req/s, replicas, $/month, $/1M tok, status: the last five cells
        assert cells[-5:] == ["n/a", "n/a", "n/a", "n/a", "throughput"]
    ok = next(line for line in out.splitlines() if line.rstrip().endswith(" ok"))
    assert "n/a" not in ok


def test_sweep_csv_leaves_the_rate_of_an_unserved_option_empty(capsys, project):
    assert main(["sweep", A100, "--project", project]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    unserved = [r for r in rows if r["violations"].split()[:1] == ["throughput"]]
    assert unserved
    for r in unserved:
        assert r["requests_per_s_per_replica"] == "" and r["replicas"] == "" and r["cost_per_month_usd"] == ""


def test_charts_never_plot_an_unpriced_option(sized):
    _scenario, sizing = sized
    bad = {n for n, o in enumerate(sizing.options) if not o.priced}
    assert bad
    for chart in sizing.charts:
        for s in chart.series:
            assert s.option_index not in bad, (chart.key, s.name)


def test_pdf_option_block_writes_na(sized, tmp_path):
    from app.report.sections import option_block

    _scenario, sizing = sized
    n, o = next((n, o) for n, o in enumerate(sizing.options) if not o.priced)
    path = tmp_path / "block.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build(option_block(o, n))
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    assert "n/a (throughput)" in text  # replicas
    assert not re.search(r"\$0(?![.,\d])", text)  # no "$0" figure ($0.12/kWh is a price, fine)
    assert text.count("n/a") >= 4  # max req/s, replicas, $/month, $/1M tok, $/request


def test_options_table_shows_na_not_zero(qapp, sized):
    from app.ui.options_table_model import OPTION_COLUMNS, OptionsTableModel

    _scenario, sizing = sized
    model = OptionsTableModel()
    model.set_grouped(False)
    model.set_options(sizing.options)
    keys = [c.key for c in OPTION_COLUMNS]
    seen = 0
    stack = [model.index(r, 0) for r in range(model.rowCount())]
    while stack:
        idx = stack.pop()
        stack += [model.index(r, 0, idx) for r in range(model.rowCount(idx))]
        o = sizing.options[model.option_index(idx)]
        cells = {k: model.index(idx.row(), c, idx.parent()).data() for c, k in enumerate(keys)}
        if not o.priced:
            seen += 1
            assert [cells[k] for k in ("replicas", "total_gpus", "cost_month", "cost_mtok")] == ["n/a"] * 4
            assert cells["why_not"] == o.violations[0].line  # the reason, beside it, named once
        elif o.feasible:
            assert cells["replicas"] not in ("0", "n/a")
    assert seen >= 2
