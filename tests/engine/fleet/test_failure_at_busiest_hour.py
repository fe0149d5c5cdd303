"""The failure case "at the peak" is taken at the busiest hour when the replica count is flat (tcli6 N18).

A chat workload at 0.3 req/s at night and 7.5 req/s from 07:00 to 16:00 on one 1-GPU node: one
Llama-3.1-8B replica carries both (its rate at the SLA is above 7.5 req/s), so every hour holds the same
GPUs. By hand, the busiest hour is Monday 07:00 (hour 7); a node lost there for 4 h loses
7.5 req/s x 14,400 s = 108,000 requests. The old choice was the first tied hour, Monday 00:00, at
0.3 req/s: 4,320 requests, 25x fewer."""

from __future__ import annotations

import pytest
from fleet_helpers import ONE_GPU, plan, portfolio, rate, serving


def test_failure_taken_at_the_busiest_hour(catalog):
    levels = [0.04] * 7 + [1.0] * 9 + [0.04] * 8
    pf = portfolio([serving("Chat", 7.5, levels)], [{"name": "gpu", "instance": ONE_GPU, "nodes": 1}])
    fp = plan(pf, catalog)
    assert rate(fp, "Chat", "gpu") > 7.5  # one replica every hour: the GPU count is flat
    chat = next(u for u in fp.units if u.name == "Chat")
    assert chat.demand_rps_by_hour[0] == pytest.approx(0.3)
    assert chat.demand_rps_by_hour[7] == pytest.approx(7.5)
    assert fp.worst_hour == 7
