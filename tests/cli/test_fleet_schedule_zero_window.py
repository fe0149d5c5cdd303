"""A portfolio job's `schedule.window` with equal ends is refused as a scenario's start_window is
(CLI reviewer tcli4 finding 3: "22:00-22:00" was silently read as 24 h and planned "Feasible");
00:00-00:00 still names the whole day."""

from __future__ import annotations

import pytest

from app.cli import main
from app.domain.portfolio import JobSchedule

PORTFOLIO = """\
name: sched_zero
workloads:
  - name: Job
    workload:
      name: Job
      category: batch
      tokens: {input_tokens: 1000, output_tokens: 200}
      batch: {total_requests: 400000, recurrence: daily, start_window: "22:00-06:00"}
    candidates: {models: [Llama-3.1-8B-Instruct], precisions: [bf16]}
    schedule: {window: "22:00-22:00", recurrence: daily}
fleet:
  pools:
    - {name: P, instance: "On-prem 8x H100 SXM (DGX H100)", nodes: 1}
"""


def test_equal_ends_are_refused_in_one_line(tmp_path, capsys):
    path = tmp_path / "pf.yaml"
    path.write_text(PORTFOLIO)
    assert main(["fleet", str(path), "--project", str(tmp_path / "p.archwise")]) == 2
    err = capsys.readouterr().err
    assert "schedule window 22:00-22:00 starts and ends at the same time" in err
    assert "Traceback" not in err


def test_the_whole_day_window_still_reads():
    assert JobSchedule(window="00:00-00:00", recurrence="weekly").window == "00:00-00:00"
    with pytest.raises(ValueError, match="starts and ends at the same time"):
        JobSchedule(window="06:30-06:30", recurrence="weekly")
