"""tcli6 N8 (rest): `estimate --json`'s "TTFT p95 under load" explanation is worked at the rate
asked, the same figure as the `ttft_p95_ms` field beside it. The old explanation was worked at
1 req/s whatever --rate said: 50.84 ms with "rate per replica req/s: 1.0" at --rate 10, beside a
`ttft_p95_ms` of 109.18."""

from __future__ import annotations

import json

import pytest

from app.cli import main


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    path = tmp_path_factory.mktemp("proj") / "cli.archwise"
    assert main(["catalog", "list", "models", "--project", str(path)]) == 0
    return str(path)


def _explained(data) -> list[dict]:
    found: list[dict] = []
    todo = [data]
    while todo:
        x = todo.pop()
        if isinstance(x, dict):
            if x.get("quantity") == "TTFT p95 under load":
                found.append(x)
            todo.extend(x.values())
        elif isinstance(x, list):
            todo.extend(x)
    return found


@pytest.mark.parametrize("rate", [1.0, 10.0])
def test_p95_explanation_is_at_the_asked_rate(capsys, project, rate):
    capsys.readouterr()
    args = ["estimate", "--model", "Llama-3.1-8B-Instruct", "--hardware", "Lambda 1x H100 SXM", "--gpus", "1"]
    args += ["--precision", "fp8", "--input-tokens", "2000", "--output-tokens", "300", "--rate", str(rate)]
    assert main([*args, "--json", "--project", project]) == 0
    data = json.loads(capsys.readouterr().out)
    p95 = data["ttft_p95_ms"]
    p95 = p95["expected"] if isinstance(p95, dict) else p95
    shown = _explained(data)
    assert shown
    for e in shown:
        assert e["inputs"]["rate per replica req/s"] == pytest.approx(rate)
        assert e["value"] == pytest.approx(p95, rel=1e-6)
    if rate == 10.0:  # the tester's figures: 109.18 ms at 10 req/s (50.84 at 1)
        assert p95 == pytest.approx(109.18, abs=0.05)
    else:
        assert p95 == pytest.approx(50.84, abs=0.05)
