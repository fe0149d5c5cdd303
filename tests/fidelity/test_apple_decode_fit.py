"""The apple-silicon profile's fixed cost per token, fitted to train rows only (issue 21)."""

from __future__ import annotations

from numpy.testing import assert_allclose


def test_fit_decode_reproduces_the_catalog_profile_from_train_rows(accuracy, measurements):
    # Only train rows enter the fit: the result must not move when the held-out rows are dropped.
    catalog = accuracy.load_catalog()
    prof, line, train_before, train_after, _, _ = accuracy.fit_decode(measurements, catalog, "apple-silicon")
    train_only = [m for m in measurements if m.split == "train"]
    prof2, line2, *_ = accuracy.fit_decode(train_only, catalog, "apple-silicon")
    assert_allclose([line.mbu_factor, line.fixed_s], [line2.mbu_factor, line2.fixed_s], rtol=1e-12)
    assert line.runs == 19
    # The catalog holds the fitted values (the fit on the catalog's own values moves nothing).
    cat_prof = next(p for p in catalog.efficiency if p.name == "apple-silicon")
    assert_allclose(line.mbu_factor, 1.0, atol=0.01)
    assert_allclose(cat_prof.step_overhead_ms, 5.26, atol=0.01)
    assert_allclose(line.fixed_s * 1e3, cat_prof.step_overhead_ms, atol=0.05)
    assert train_after <= train_before + 1e-9


def test_small_and_large_formats_on_one_chip_are_both_right(accuracy, measurements):
    # M2 Ultra 76-core, Llama 2 7B: Q4_0 10.61 ms and F16 24.38 ms per token. With a 1 ms step
    # overhead and MBU 0.75 (before 2026-11-30) Q4_0 was 30 % too fast; a fixed cost holds both.
    catalog = accuracy.load_catalog()
    ids = {"ggml4167-m2ultra76-llama2-7b-q40-tg128", "ggml4167-m2ultra76-llama2-7b-fp16-tg128"}
    rows = [m for m in measurements if m.id in ids]
    assert len(rows) == 2
    for s in accuracy.score(rows, catalog):
        assert abs(s.error) < 0.10, (s.row.id, s.error)
