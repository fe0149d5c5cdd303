"""The MILP never short-changes an interactive workload to run deferrable work (tcli6 N17).

One 1-GPU node. A chat workload needs its one replica every hour (0.3 req/s: a small share of what
the replica carries); a batch job (priority batch) needs a whole replica-hour in the 00:00-01:00
window. Both cannot run at 00:00: by the priority rule the batch run misses its deadline and the chat
is served every hour, as the greedy path plans it. The old penalties weighed a req/s short of
the chat (0.3 / r replicas x 1,000) against the batch run's whole replica-hour (x 100), so the MILP
dropped the chat for that hour."""

from __future__ import annotations

import pytest
from fleet_helpers import ONE_GPU, batch, plan, portfolio, rate, serving


@pytest.mark.parametrize("method", ["greedy", "milp"])
def test_interactive_served_before_batch(catalog, method):
    probe = plan(
        portfolio([serving("Chat", 0.3)], [{"name": "g", "instance": ONE_GPU, "nodes": 1}]),
        catalog,
        failures=False,
        compare=False,
    )
    r = rate(probe, "Chat", "g")
    requests = int(r * 3600 * 0.9)  # 0.9 replica-hours: one replica for the whole window hour
    pf = portfolio(
        [serving("Chat", 0.3), batch("Batch", requests, "00:00-01:00", recurrence="daily")],
        [{"name": "g", "instance": ONE_GPU, "nodes": 1}],
    )
    fp = plan(pf, catalog, method=method, failures=False, compare=False)
    chat = next(u for u in fp.units if u.name == "Chat")
    job = next(u for u in fp.units if u.name == "Batch")
    assert max(chat.unmet_rps_by_hour) == 0.0
    assert max(chat.fallback_rps_by_hour, default=0.0) == 0.0
    assert all(s < 1.0 for s in job.run_done_share)
