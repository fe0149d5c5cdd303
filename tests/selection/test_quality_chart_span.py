"""The matrix's quality charts ask the PDF for a value axis that spans the scores (y_from_zero
False): an arena rating's 0 means nothing, and an axis from 0 flattens the differences."""

from __future__ import annotations

import selection_factories as f

from app.selection import build_matrix, quality_charts


def test_quality_charts_span_their_scores():
    opts = [f.option("A", cost=1.0, ttft=300.0), f.option("B", cost=2.0, ttft=200.0)]
    cat = f.catalog([f.model("A", quality={"Q": 60.0}), f.model("B", quality={"Q": 80.0})])
    charts = quality_charts(build_matrix(f.feasible_sizing(opts), cat, f.workload()))
    assert [c.y_from_zero for c in charts] == [False, False]
