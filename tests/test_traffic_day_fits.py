"""A day of peak hours that cannot keep the stated mean is refused, in the domain, the CLI and the fleet."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose
from pydantic import ValidationError

from app.domain import Traffic
from app.domain.traffic_day import day_shares

CHAT = """name: chat
workload:
  name: chat
  category: inference_api
  traffic: {{requests_per_s: 2.0, peak_to_mean: {ptm}, pattern: diurnal, peak_hours_per_day: {hours}}}
  tokens: {{input_tokens: 1200, output_tokens: 300}}
  sla: {{ttft_p95_ms: 1000, tpot_p95_ms: 60}}
candidates: {{models: [Qwen2.5-32B-Instruct], hardware: [RunPod 1x H100 SXM], precisions: [bf16], gpu_counts: [1]}}
"""

FLEET = """name: f
workloads:
- name: chat
  model: Qwen2.5-32B-Instruct
  priority: interactive
  workload:
    name: chat
    category: inference_api
    traffic: {requests_per_s: 3, peak_to_mean: 3, peak_hours_per_day: 12}
    tokens: {input_tokens: 1000, output_tokens: 200}
    sla: {ttft_p95_ms: 1000, tpot_p95_ms: 50}
fleet:
  pools:
  - {name: Owned, instance: On-prem 8x H100 SXM (DGX H100), nodes: auto}
"""


@pytest.mark.parametrize(
    ("ptm", "hours", "words"),
    [
        (3.0, 12, "12 x peak_to_mean 3 = 36 is over 24"),  # would be 6 req/s for 12 h, mean 3 not 2
        (1000.0, 8, "= 8000 is over 24"),
        (2.5, 24, "needs 1 to 23 peak hours"),  # 24 peak hours: flat, no peak
        (3.0, 0, "needs 1 to 23 peak hours"),  # no peak hours: flat, no peak
        (3.0, 0.4, "drawn as 0"),  # rounds to no peak hour
        (2.9, 8.4, "8.4 (drawn as 8) x peak_to_mean 2.9"),  # the stated hours count too
    ],
)
def test_a_day_that_cannot_keep_its_mean_is_refused(ptm, hours, words):
    with pytest.raises(ValidationError) as err:
        Traffic(requests_per_s=2.0, peak_to_mean=ptm, peak_hours_per_day=hours)
    assert words in str(err.value)


def test_the_boundary_is_kept_and_its_mean_is_the_stated_one():
    # 8 h x 3 = 24: every request in the 8 peak hours, the other 16 at (24 - 24) / 16 = 0.
    t = Traffic(requests_per_s=2.0, peak_to_mean=3.0, peak_hours_per_day=8)
    shares = np.array(day_shares(t))
    assert_allclose(sorted(set(shares.tolist())), [0.0, 3.0])
    assert_allclose(shares.mean(), 1.0, rtol=1e-12)
    # 10 h x 2.4 = 24 too; a steady day ignores the peak; a peak of 1 at any hours is flat.
    assert_allclose(np.mean(day_shares(Traffic(requests_per_s=1, peak_to_mean=2.4, peak_hours_per_day=10))), 1.0)
    Traffic(requests_per_s=1, peak_to_mean=3, pattern="steady", peak_hours_per_day=24)
    Traffic(requests_per_s=1, peak_to_mean=1, peak_hours_per_day=0)


@pytest.mark.parametrize("command", ["size", "fleet"])
def test_cli_refuses_the_day_in_one_line_with_exit_2(tmp_path: Path, command: str):
    scenario = tmp_path / "s.yaml"
    scenario.write_text(CHAT.format(ptm=3, hours=12))
    target = scenario
    if command == "fleet":
        target = tmp_path / "f.yaml"
        target.write_text(FLEET)
    proc = subprocess.run(
        [sys.executable, "-m", "app", command, str(target)],
        capture_output=True,
        text=True,
        env={"ARCHWISE_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "36 is over 24" in lines[0], proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
