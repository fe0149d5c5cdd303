"""An option whose energy is unknown (its hardware has no catalogued TDP, as Google's TPUs) shows
"n/a" in the options table's energy column, never a blank or a 0 that reads as free energy."""

from __future__ import annotations

import pytest

from app.ui.options_table_model import OPTION_COLUMNS, OptionsTableModel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

ENERGY = [c.key for c in OPTION_COLUMNS].index("energy_mtok")


@pytest.fixture(scope="module")
def options():
    from app.engine import size
    from app.paths import EXAMPLES_DIR
    from app.services.sizing import load_scenario
    from app.store.io_formats import catalog_from_dir

    scenario = load_scenario(EXAMPLES_DIR / "rag-assistant-cloud.yaml")
    return size(scenario, catalog_from_dir(), detailed=False).options


def test_an_option_without_an_energy_figure_reads_na(qapp, qtmodeltester, options):
    known = next(o for o in options if o.feasible and o.energy_wh_per_million_tokens is not None)
    unknown = known.model_copy(update={"energy_wh_per_million_tokens": None})
    model = OptionsTableModel()
    model.set_options([unknown])
    qtmodeltester.check(model)
    assert model.index(0, ENERGY).data() == "n/a"
    model.set_options([known])
    figure = f"{known.energy_wh_per_million_tokens:,.0f}"
    # a host at its catalogued maximum bounds the figure from above (N24)
    assert model.index(0, ENERGY).data() == (f"≤ {figure} (host max)" if known.energy_bound == "upper" else figure)
