"""A self-hosted option whose energy is unknown (no TDP in the catalog) scores the field's worst on
Energy per 1M tokens, not the middle, and the cell's note, the matrix's first-choice note and the
report say so (tgui5 D6: a TPU with no TDP scored 0.50, above AWS p5's known 199 Wh at 0.46)."""

import selection_factories as f

from app.selection import CRITERIA, build_matrix

ZERO = {c.key: 0.0 for c in CRITERIA}


def _sizing():
    # the tester's field: 138, 199 and 251 Wh/1M known, a TPU with no TDP unknown
    known = [("Lambda", 138.0), ("AWS p5", 199.0), ("DGX", 251.0)]
    opts = [
        f.option(name).model_copy(update={"energy_wh_per_million_tokens": wh, "energy_accel_wh_per_million_tokens": wh})
        for name, wh in known
    ]
    tpu = f.option("TPU").model_copy(
        update={
            "energy_wh_per_million_tokens": None,
            "energy_accel_wh_per_million_tokens": None,
            "energy_incomplete": True,
            "energy_missing": ["accelerator TDP of Google TPU v6e"],
        }
    )
    models = [f.model(n) for n in ("Lambda", "AWS p5", "DGX", "TPU")]
    return f.feasible_sizing([*opts, tpu]), f.catalog(models)


def test_unknown_energy_scores_the_fields_worst_and_says_so():
    sizing, cat = _sizing()
    m = build_matrix(sizing, cat, f.workload(), weights={**ZERO, "energy_per_mtok": 1})
    by = {r.model: r for r in m.rows}
    # min-max over the known cells: (251 - 199) / (251 - 138) = 0.460
    assert abs(by["AWS p5"].normalised["energy_per_mtok"] - 52 / 113) < 1e-12
    assert by["TPU"].values["energy_per_mtok"] is None
    assert by["TPU"].normalised["energy_per_mtok"] == 0.0  # was 0.5, above AWS p5's 0.46
    assert [r.model for r in m.ranked][:2] == ["Lambda", "AWS p5"]
    assert by["TPU"].rank > by["AWS p5"].rank
    note = by["TPU"].notes["energy_per_mtok"]
    assert note.startswith("Energy per 1M tokens unknown (missing: accelerator TDP of Google TPU v6e)")
    assert "scored at the field's worst (0), not the middle" in note
    assert m.unknown_note.startswith("Energy per 1M tokens unknown for ")
    assert "scored at the field's worst on that criterion" in m.unknown_note
    # a known cell has no such note
    assert "energy_per_mtok" not in by["AWS p5"].notes


def test_page_tooltip_and_first_choice_sentence_say_so(qtbot):
    from PySide6.QtCore import Qt

    from app.selection import sensitivity
    from app.ui.selection_page import SelectionPage

    sizing, cat = _sizing()
    m = build_matrix(sizing, cat, f.workload(), weights={**ZERO, "energy_per_mtok": 10})
    page = SelectionPage()
    qtbot.addWidget(page)
    page.show_selection(m, sensitivity(m))
    assert "First: Lambda" in page.summary.text()
    assert "Energy per 1M tokens unknown for TPU" in page.summary.text()
    row = next(i for i in range(page.model.rowCount()) if page.model.row(i).model == "TPU")
    col = 2 + [c.key for c in page.matrix.criteria].index("energy_per_mtok")
    tip = page.model.data(page.model.index(row, col), Qt.ToolTipRole)
    assert tip.startswith("Energy per 1M tokens: normalised 0.00 (1 = best of the field); Energy per 1M tokens unknown")
