"""A what-if re-run that keeps the options table's rows updates only the cells whose text
changed: the view repaints those, not every visible row (a full repaint of the table cost
about 10 ms a slider step). A row whose feasibility changed is updated whole (its colour)."""

from __future__ import annotations

import pytest

from app.ui.options_table_model import OPTION_COLUMNS, OptionsTableModel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

COST = [c.key for c in OPTION_COLUMNS].index("cost_month")


@pytest.fixture(scope="module")
def options():
    from app.engine import size
    from app.paths import EXAMPLES_DIR
    from app.services.sizing import load_scenario
    from app.store.io_formats import catalog_from_dir

    scenario = load_scenario(EXAMPLES_DIR / "rag-assistant-cloud.yaml")
    return size(scenario, catalog_from_dir(), detailed=False).options


def _changes(model, options) -> list[tuple[int | None, int, int, int, int]]:
    """(option at the first row, first row, last row, first column, last column) of each
    dataChanged signal that `set_options(options)` emits."""
    seen = []

    def record(top_left, bottom_right, _roles=()):
        seen.append(
            (
                model.option_index(top_left),
                top_left.row(),
                bottom_right.row(),
                top_left.column(),
                bottom_right.column(),
            )
        )

    model.dataChanged.connect(record)
    model.set_options(options)
    model.dataChanged.disconnect(record)
    return seen


def test_only_changed_cells_are_updated(qapp, options):
    model = OptionsTableModel()
    model.set_options(options)
    assert _changes(model, list(options)) == []  # the same figures: nothing to repaint
    n = next(i for i, o in enumerate(options) if o.priced and o.cost_per_month_usd)
    cost = options[n].cost_per_month_usd
    changed = list(options)
    changed[n] = options[n].model_copy(update={"cost_per_month_usd": cost * 2 + 1000})
    assert f"{cost:,.0f}" != f"{cost * 2 + 1000:,.0f}"
    row = model.index_of_option(n).row()
    assert _changes(model, changed) == [(n, row, row, COST, COST)]  # that one cell only


def test_a_row_whose_feasibility_changed_is_updated_whole(qapp, options):
    model = OptionsTableModel()
    model.set_grouped(False)  # one row per option, feasible first, then by rank
    model.set_options(options)
    feasible = [i for i, o in enumerate(options) if o.feasible]
    n = max(feasible, key=lambda i: options[i].rank)  # the last feasible row...
    assert all(o.rank > options[n].rank for o in options if not o.feasible)  # ...stays in place
    changed = list(options)
    changed[n] = options[n].model_copy(update={"feasible": False})
    row = model.index_of_option(n).row()
    assert _changes(model, changed) == [(n, row, row, 0, len(OPTION_COLUMNS) - 1)]
